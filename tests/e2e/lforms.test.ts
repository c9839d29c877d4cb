import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { Questionnaire, QuestionnaireResponse } from 'fhir/r4';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listInstrumentFolders, readFixtures } from '../../src/cli/instrument-folder.ts';
import type { Instrument } from '../../src/domain/instrument-catalogue.ts';
import { respondentText } from '../../src/domain/instrument-lookup.ts';
import { scoreAssessment } from '../../src/domain/score-assessment.ts';
import { answerCoding, toQuestionnaire } from '../../src/export/fhir/questionnaire.ts';
import { toQuestionnaireResponse } from '../../src/export/fhir/questionnaire-response.ts';
import { loadInstrument } from '../support/instruments.ts';
import { launchChromium } from './harness.ts';

/**
 * LHC-Forms (the NLM's SDC renderer, npm `lforms`, served from node_modules on 127.0.0.1, no CDN) renders every
 * exported Questionnaire; a form filled through its widgets computes, from our calculatedExpressions, exactly the
 * engine's scores for complete and partial answers; and our QuestionnaireResponses load back answer for answer.
 */
const LFORMS = join(import.meta.dirname, '..', '..', 'node_modules', 'lforms', 'dist', 'lforms');
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="stylesheet" href="/lforms/webcomponent/styles.css"></head>
<body><div id="form"></div><script src="/lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="/lforms/webcomponent/lhc-forms.js"></script><script src="/lforms/fhir/R4/lformsFHIR.min.js"></script></body></html>`;
// The FHIR library embeds a FHIRPath grammar in non-ASCII text: served without a charset it fails to load.
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png' };

function serveLForms(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    const file = normalize(join(LFORMS, path.replace(/^\/lforms\//, '')));
    if (!path.startsWith('/lforms/') || !file.startsWith(LFORMS)) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${String(typeof address === 'object' && address ? address.port : 0)}/` });
    });
  });
}

type Codes = Record<string, string>;
type FormItem = { linkId: string; value: unknown };

/** A complete fixture, then partial answers: one item gone, each never-imputed item gone, each limit reached and crossed. */
function fillCases(instrument: Instrument): { label: string; answers: Codes }[] {
  const read = readFixtures(instrument.definition.id);
  if (!read.ok) throw new Error(read.error.join('\n'));
  const complete = read.value.find((f) => f.fixture.expected.status === 'complete');
  if (!complete) throw new Error(`${instrument.definition.id} has no complete fixture`);
  const answers = Object.fromEntries(Object.entries(complete.fixture.answers).filter((e): e is [string, string] => e[1] !== null));
  const without = (ids: readonly string[]) => Object.fromEntries(Object.entries(answers).filter(([id]) => !ids.includes(id)));
  const cases = [{ label: `${complete.name} complete`, answers }];
  for (const score of instrument.definition.scores.filter((s) => !s.descriptive && s.items)) {
    const items = score.items ?? [];
    const allowed = score.missing?.rule === 'prorate' ? score.missing.maxMissing : 0;
    for (const k of new Set([1, allowed, allowed + 1])) if (k > 0) cases.push({ label: `${score.key} without ${String(k)}`, answers: without(items.slice(-k)) });
    for (const id of score.missing?.rule === 'prorate' ? (score.missing.neverImpute ?? []) : []) cases.push({ label: `without ${id}`, answers: without([id]) });
  }
  return cases;
}

async function render(page: Page, form: unknown): Promise<void> {
  await page.evaluate(async (f) => {
    const util = (window as unknown as { LForms: { Util: { addFormToPage: (f: unknown, id: string, o: object) => Promise<void> } } }).LForms.Util;
    await util.addFormToPage(f, 'form', { fhirVersion: 'R4' });
  }, form);
}

/** The form's items as LHC-Forms holds them (values included), once two reads a moment apart agree. */
async function formItems(page: Page): Promise<FormItem[]> {
  const read = () =>
    page.evaluate(() => {
      const util = (window as unknown as { LForms: { Util: { getFormData: (...a: unknown[]) => { items: FormItem[] } } } }).LForms.Util;
      return JSON.stringify(util.getFormData(document.getElementById('form'), false, false, true).items.map((i) => ({ linkId: i.linkId, value: i.value ?? null })));
    });
  let last = await read();
  for (;;) {
    await page.waitForTimeout(150);
    const now = await read();
    if (now === last) return JSON.parse(now) as FormItem[];
    last = now;
  }
}

let browser: Browser;
let page: Page;
let served: { server: Server; url: string };
const pageErrors: string[] = [];
const tally: string[] = [];

beforeAll(async () => {
  served = await serveLForms();
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(served.url);
  await page.waitForFunction(() => Boolean((window as unknown as { LForms?: { FHIR?: { R4?: unknown } } }).LForms?.FHIR?.R4));
});

afterAll(async () => {
  console.log(`LHC-Forms computed scores vs engine:\n${tally.join('\n')}`);
  await browser.close();
  await new Promise((resolve) => served.server.close(resolve));
});

describe.each(listInstrumentFolders())('LHC-Forms with %s', (id) => {
  const instrument = loadInstrument(id);
  const questionnaire: Questionnaire = toQuestionnaire(instrument);
  const itemIds = instrument.definition.items.map((i) => i.id);
  const scoreKeys = instrument.definition.scores.filter((s) => !s.descriptive).map((s) => s.key);

  it('renders the exported Questionnaire: a field for every item and every score', async () => {
    await render(page, questionnaire);
    for (const linkId of [...itemIds, ...scoreKeys.map((k) => `score-${k}`)]) await expect(page.locator(`[id="${linkId}/1"]`).count(), linkId).resolves.toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('computes the engine’s scores in a form filled through its widgets, complete and partial', async () => {
    let agreed = 0;
    let compared = 0;
    const disagreements: string[] = [];
    for (const c of fillCases(instrument)) {
      await render(page, questionnaire);
      for (const [itemId, code] of Object.entries(c.answers)) {
        const options = questionnaire.item?.find((i) => i.linkId === itemId)?.answerOption ?? [];
        // The widget lists the options in answerOption order; pick by position, as display texts overlap ("Agree").
        const at = options.findIndex((o) => o.valueCoding?.code === answerCoding(instrument, itemId, code, respondentText(instrument, 'en')).code);
        await page.locator(`[id="${itemId}/1"]`).click();
        await page.locator(`#lhc-tools-searchResults li[autocomprawlistindex="${String(at)}"]`).click();
      }
      const items = await formItems(page);
      const result = scoreAssessment(instrument.definition, c.answers);
      for (const key of scoreKeys) {
        const shown = items.find((i) => i.linkId === `score-${key}`)?.value ?? null;
        compared += 1;
        if (shown === (result.scores[key] ?? null)) agreed += 1;
        else disagreements.push(`${c.label} ${key}: LHC-Forms ${JSON.stringify(shown)}, engine ${String(result.scores[key])}`);
      }
    }
    tally.push(`${id}: ${String(agreed)}/${String(compared)} scores agree`);
    expect(disagreements).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('loads our QuestionnaireResponses back, answer for answer', async () => {
    for (const c of fillCases(instrument)) {
      const result = scoreAssessment(instrument.definition, c.answers);
      const response: QuestionnaireResponse = toQuestionnaireResponse({
        instrument, identifier: 'x', finished: false, authored: '2026-03-01T10:00:00.000Z', given: null, patientLanguage: null, answers: c.answers,
        result, subject: { reference: 'Patient/p1' }, mode: 'patient', informantRelation: null, appVersion: '0.0.0',
      });
      const loaded = await page.evaluate(async ({ q, r }) => {
        const util = (window as unknown as { LForms: { Util: Record<string, (...a: unknown[]) => unknown> } }).LForms.Util;
        const form = util['mergeFHIRDataIntoLForms']?.('QuestionnaireResponse', r, util['convertFHIRQuestionnaireToLForms']?.(q, 'R4'), 'R4');
        await util['addFormToPage']?.(form, 'form', { fhirVersion: 'R4' });
        return util['getFormFHIRData']?.('QuestionnaireResponse', 'R4', document.getElementById('form')) as QuestionnaireResponse;
      }, { q: questionnaire, r: response });
      const codes = (r: QuestionnaireResponse) =>
        Object.fromEntries((r.item ?? []).filter((i) => itemIds.includes(i.linkId)).map((i) => [i.linkId, `${i.answer?.[0]?.valueCoding?.system ?? ''}|${i.answer?.[0]?.valueCoding?.code ?? ''}`]));
      expect(codes(loaded), c.label).toEqual(codes(response));
      // The score items come back as the response gave them.
      const scores = (r: QuestionnaireResponse) => (r.item ?? []).filter((i) => i.linkId.startsWith('score-')).map((i) => [i.linkId, i.answer?.[0]?.valueDecimal]);
      expect(scores(loaded), c.label).toEqual(scores(response));
    }
    expect(pageErrors).toEqual([]);
  });
});
