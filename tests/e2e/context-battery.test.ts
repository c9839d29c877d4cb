import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTEXT_BRIEF_BATTERY } from '../../src/domain/battery.ts';
import { CONTEXT_CONSTRUCTS, type ContextConstruct } from '../../src/domain/constructs.ts';
import { messagesEn as en, type MessageKey, type Messages } from '../../src/i18n/messages-en.ts';
import { messagesZhCn as zh } from '../../src/i18n/messages-zh-cn.ts';
import { axeViolations } from './axe.ts';
import { foreignWords } from './foreign-words.ts';
import { type AppSession, openClinic, PASSPHRASE, tapAnswer } from './harness.ts';
import { HandOver } from './pages/hand-over.ts';
import { PatientsScreen } from './pages/patients.ts';
import { TakeBack } from './pages/take-back.ts';

/*
 * The "Context, brief" battery (issue 21) handed to the patient: social support (MOS-SSS), loneliness (UCLA-3),
 * stress symptoms (DASS-21) and neuroticism/extraversion (IPIP N/E), and the psychosocial context card they fill
 * beside the apathy–anhedonia profile (never on it). Then a Chinese clinic: the battery has no Chinese respondent
 * text, so the start form refuses it until the clinician gives it in English. Expected values are computed here
 * from instruments/<id>/instrument.json, the wording from its locales/en.json and labels/*.json.
 */

let session: AppSession | undefined;
let page: Page;
const EN_CODE = 'CTX-01';
const ZH_CODE = 'CTX-02';
const shots = process.env.SCREENSHOTS;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Locale = { instructions: string; items: Record<string, string>; optionSets: Record<string, Record<string, string>>; stems?: Record<string, string> };
type Definition = { id: string; shortTitle: string; construct: string; items: { id: string; number: number; optionSet: string }[]; scores: { key: string; descriptive: boolean }[] };
type Labels = { scores: Record<string, string>; bands: Record<string, Record<string, string>> };
type Instrument = { def: Definition; text: Locale; labels: { en: Labels; zh: Labels } };
const instrumentsDir = join(import.meta.dirname, '..', '..', 'instruments');
const readJson = (...path: string[]): unknown => JSON.parse(readFileSync(join(instrumentsDir, ...path), 'utf8'));
const load = (id: string): Instrument => ({
  def: readJson(id, 'instrument.json') as Definition,
  text: readJson(id, 'locales', 'en.json') as Locale,
  labels: { en: readJson(id, 'labels', 'en.json') as Labels, zh: readJson(id, 'labels', 'zh-CN.json') as Labels },
});
/** The battery's questionnaires in the order the patient gets them. */
const BATTERY = CONTEXT_BRIEF_BATTERY.instrumentIds.map(load);
const SHORT_TITLES = BATTERY.map((i) => i.def.shortTitle);
const byId = (id: string) => BATTERY.find((i) => i.def.id === id) ?? load(id);

/** An option's words as the patient reads them (locales/en.json), by its code in instrument.json (of item `number`'s set). */
const option = (id: string, code: string, number?: number) => {
  const instrument = byId(id);
  const set = (number === undefined ? instrument.def.items[0] : instrument.def.items.find((i) => i.number === number))?.optionSet ?? '';
  const label = instrument.text.optionSets[set]?.[code];
  if (!label) throw new Error(`${id} has no option ${set}/${code}`);
  return label;
};

/**
 * Each questionnaire's answers by item number, and the scores they give:
 * - UCLA-3 coded 1–3: often, some of the time, hardly ever → 3 + 2 + 1 = 6 (3–9, no band).
 * - MOS-SSS every item "Some of the time" (50 on 0–100): 50 on every subscale and the overall index (no band).
 * - DASS-21 0–3 each, each scale's sum × 2: stress (1, 6, 8, 11, 12, 14, 18) 2+2+2+2 = 8 → 16 (mild 15–18); anxiety
 *   (2, 4, 7, 9, 15, 19, 20) 3+2 = 5 → 10 (moderate 10–14); depression (3, 5, 10, 13, 16, 17, 21) 0 → 0 (normal 0–9).
 * - IPIP N/E every item "Neither" (3 whichever way it is keyed): 10 × 3 = 30 on each trait (10–50, no band).
 * - CFPB every item in the middle ("Somewhat" / "Sometimes", 2 whichever way it is worded): total 20, converted for a
 *   patient born in 1970 (55 or 56 in 2026: 18–61) answering on the tablet (self-administered) → 50 (no band).
 */
const DASS_POINTS: Record<number, string> = { 1: 'good-part-of-time', 6: 'good-part-of-time', 8: 'good-part-of-time', 11: 'good-part-of-time', 2: 'most-of-the-time', 4: 'good-part-of-time' };
const UCLA_CODES: Record<number, string> = { 1: 'often', 2: 'some-of-the-time', 3: 'hardly-ever-or-never' };
const ANSWER: Record<string, (itemNumber: number) => string> = {
  'ucla-3': (n) => option('ucla-3', UCLA_CODES[n] ?? ''),
  'mos-sss': () => option('mos-sss', 'some-of-the-time'),
  'dass-21': (n) => option('dass-21', DASS_POINTS[n] ?? 'did-not-apply'),
  'ipip-ne': () => option('ipip-ne', 'neither'),
  'cfpb-fwb-10': (n) => option('cfpb-fwb-10', n <= 6 ? 'somewhat' : 'sometimes', n),
};

type Expected = { readonly id: string; readonly score: string; readonly value: number; readonly band: string | null; readonly direction: MessageKey };
/** The scores the visit gives, by instrument, with the band code where instrument.json has sourced bands. */
const SCORES: readonly Expected[] = [
  ...byId('mos-sss')
    .def.scores.filter((s) => !s.descriptive)
    .map((s) => ({ id: 'mos-sss', score: s.key, value: 50, band: null, direction: 'direction.more-support' as const })),
  { id: 'ucla-3', score: 'total', value: 6, band: null, direction: 'direction.more-loneliness' },
  { id: 'dass-21', score: 'stress', value: 16, band: 'mild', direction: 'direction.more-stress' },
  { id: 'dass-21', score: 'anxiety', value: 10, band: 'moderate', direction: 'direction.more-anxiety' },
  { id: 'dass-21', score: 'depression', value: 0, band: 'normal', direction: 'direction.more-depression' },
  { id: 'cfpb-fwb-10', score: 'score', value: 50, band: null, direction: 'direction.more-financial-wellbeing' },
  { id: 'ipip-ne', score: 'neuroticism', value: 30, band: null, direction: 'direction.more-neuroticism' },
  { id: 'ipip-ne', score: 'extraversion', value: 30, band: null, direction: 'direction.more-extraversion' },
];
/** The context card lists the scores measured, by construct in CONTEXT_CONSTRUCTS order. */
const EXPECTED = SCORES.filter((e) => CONTEXT_BRIEF_BATTERY.instrumentIds.includes(e.id)).sort(
  (a, b) => CONTEXT_CONSTRUCTS.indexOf(byId(a.id).def.construct as ContextConstruct) - CONTEXT_CONSTRUCTS.indexOf(byId(b.id).def.construct as ContextConstruct),
);

type Block = { construct: string; scores: string[]; measured: string[] };

/**
 * The context card as it should read: one block per construct, its scores ("label: value, band" or "label: value (no reference
 * data)"), then per instrument "instrument, day; direction(s)." (the day matched loosely: any day in 2026).
 */
function expectedBlocks(t: Messages, language: 'en' | 'zh'): { construct: string; scores: string[]; measured: RegExp[] }[] {
  const constructs = [...new Set(EXPECTED.map((e) => byId(e.id).def.construct))];
  return constructs.map((construct) => {
    const own = EXPECTED.filter((e) => byId(e.id).def.construct === construct);
    const scores = own.map(({ id, score, value, band }) => {
      const labels = byId(id).labels[language];
      const qualifier = band ? (labels.bands[score]?.[band] ?? `band ${band} missing`) : t['context.noReferenceData'];
      const shown = band ? t['context.band'].replace('{band}', qualifier) : t['text.parenthetical'].replace('{text}', qualifier);
      return `${labels.scores[score] ?? score}${t['text.colon']}${value}${shown}`.trim();
    });
    const measured = [...new Set(own.map((e) => e.id))].map((id) => {
      const directions = [...new Set(own.filter((e) => e.id === id).map((e) => t[e.direction]))].join(t['noteText.separator']);
      const day = language === 'en' ? '[A-Z][a-z]{2} \\d{1,2}, 2026' : '2026年\\d{1,2}月\\d{1,2}日';
      const line = t['context.measured'].replace('{instrument}', byId(id).def.shortTitle).replace('{date}', '@DAY@').replace('{direction}', directions);
      return new RegExp(`^${escape(line).replace('@DAY@', day)}$`);
    });
    return { construct: t[`instrument.construct.${construct}` as MessageKey], scores, measured };
  });
}

/** Checks the card's blocks against `expectedBlocks`. */
function expectBlocks(blocks: readonly Block[], t: Messages, language: 'en' | 'zh'): void {
  const expected = expectedBlocks(t, language);
  expect(blocks.map((b) => ({ construct: b.construct, scores: b.scores }))).toEqual(expected.map((e) => ({ construct: e.construct, scores: e.scores })));
  for (const [i, e] of expected.entries()) {
    expect(blocks[i]?.measured).toHaveLength(e.measured.length);
    for (const [j, pattern] of e.measured.entries()) expect(blocks[i]?.measured[j]).toMatch(pattern);
  }
}

/** A button whose name is the English or the Chinese wording (the patient's chrome follows the patient's language). */
const button = (...names: string[]) => page.getByRole('button', { name: new RegExp(`^(${names.join('|')})$`) });

/**
 * Answers one questionnaire as the patient: its introduction's Start, then each item in order, checking that every
 * item screen shows the item's own text under the questionnaire's stem (instructions and time frame, verbatim).
 */
async function answerQuestionnaire(instrument: Instrument, onItem?: (index: number) => Promise<void>): Promise<void> {
  const answer = ANSWER[instrument.def.id];
  if (!answer) throw new Error(`no answers planned for ${instrument.def.id}: the battery changed, update this test`);
  await page.getByText(instrument.text.instructions, { exact: true }).waitFor();
  await button(en['form.start'], zh['form.start']).click();
  for (const [index, item] of instrument.def.items.entries()) {
    await page.locator('.item-text', { hasText: instrument.text.items[item.id] ?? '' }).waitFor();
    // CFPB asks each part's items under that part's own question.
    const stem = instrument.text.stems?.[item.optionSet] ?? instrument.text.instructions;
    expect({ item: item.id, stem: await page.locator('.item-stem').innerText() }).toEqual({ item: item.id, stem });
    if (onItem) await onItem(index);
    await tapAnswer(page, answer(item.number));
  }
}

/** Every item of the battery as the patient, then Finish, then staff take the tablet back with the passphrase. */
async function answerBattery(zhChrome: boolean): Promise<void> {
  for (const instrument of BATTERY) {
    await answerQuestionnaire(
      instrument,
      instrument.def.id === 'dass-21'
        ? async (index) => {
            // The DASS stem carries its time frame on every item screen.
            expect(await page.locator('.item-stem').innerText()).toContain('over the past week');
            if (index === 3 && shots) await page.screenshot({ path: `${shots}/context-dass-item${zhChrome ? '-zh' : ''}.png` });
          }
        : instrument.def.id === 'cfpb-fwb-10' && shots
          ? async (index) => {
              // The first item of CFPB's second part, under that part's own question.
              if (index === 6) await page.screenshot({ path: `${shots}/context-cfpb-item${zhChrome ? '-zh' : ''}.png` });
            }
          : undefined,
    );
  }
  await button(en['form.finish'], zh['form.finish']).click();
  if (zhChrome) {
    await page.getByRole('heading', { name: zh['finished.heading'] }).waitFor();
    await page.getByRole('button', { name: zh['handover.staff'] }).click();
    await page.getByLabel(zh['unlock.passphrase']).fill(PASSPHRASE);
    await page.getByRole('button', { name: zh['unlock.submit'] }).click();
  } else {
    await page.getByRole('heading', { name: en['finished.heading'] }).waitFor();
    await new TakeBack(page).takeBack();
  }
}

/** The context card's blocks, one per construct: its heading, its score lines, its "instrument, day; direction." lines. */
async function contextBlocks(card: Locator): Promise<Block[]> {
  const out: Block[] = [];
  for (const block of await card.locator('li.context-item').all()) {
    out.push({
      construct: (await block.locator('h4').innerText()).trim(),
      scores: (await block.locator(':scope > ul > li').allInnerTexts()).map((text) => text.trim()),
      measured: (await block.locator(':scope > p').allInnerTexts()).map((text) => text.trim()),
    });
  }
  return out;
}

/** The patient page at portrait and landscape tablet sizes, scrolled to the context card; and the card alone. */
async function shootContext(card: Locator, language: string): Promise<void> {
  if (!shots) return;
  const viewport = page.viewportSize();
  for (const size of [
    { width: 768, height: 1024 },
    { width: 1024, height: 768 },
  ]) {
    await page.setViewportSize(size);
    // The card's heading at the top of the screen, as a clinician scrolling down to it sees it.
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${shots}/context-${language}-${size.width}x${size.height}.png` });
    await card.screenshot({ path: `${shots}/context-card-${language}-${size.width}x${size.height}.png` });
  }
  if (viewport) await page.setViewportSize(viewport);
}

beforeAll(async () => {
  session = await openClinic();
  page = session.page;
  const patients = new PatientsScreen(page);
  for (const code of [EN_CODE, ZH_CODE]) {
    // Born 1970: CFPB's table converts for the 18–61 group (55 or 56 on the visit's day).
    await patients.add({ code, birthYear: '1970' });
    await page.getByRole('link', { name: new RegExp(code) }).waitFor();
  }
}, 60_000);

afterAll(async () => {
  await session?.close();
});

describe('the "Context, brief" battery and the psychosocial context card', () => {
  it('hands the five questionnaires to the patient, each item under its own stem (CFPB: its part’s question)', async () => {
    const patients = new PatientsScreen(page);
    await patients.goTo();
    const patient = await patients.open(EN_CODE);
    await patient.shows(EN_CODE);
    await patient.newAssessment();
    await page.getByLabel(/^Context, brief \(/).check();
    await page.getByLabel(en['start.patient']).check();
    await patient.start();
    await new HandOver(page).begin();
    await answerBattery(false);
    await page.getByRole('heading', { name: `Patient ${EN_CODE}`, exact: true }).waitFor();
  }, 90_000);

  it('shows DASS-21 as three scales with their bands in the results', async () => {
    const dassResult = page.locator('section.result[aria-label="DASS-21"]');
    await dassResult.waitFor();
    const rows = await dassResult.locator(':scope > ul > li').allInnerTexts();
    const dassScores = EXPECTED.filter((e) => e.id === 'dass-21');
    const DASS = byId('dass-21');
    expect(rows).toHaveLength(dassScores.length);
    for (const [i, { score, value, band, direction }] of dassScores.entries()) {
      const [first, second] = (rows[i] ?? '').split('\n');
      expect(first).toBe(`${DASS.labels.en.scores[score]}: ${value} — ${en[direction]}`);
      expect(second).toMatch(new RegExp(`^${escape(DASS.labels.en.bands[score]?.[band ?? ''] ?? 'missing')} Cut-off source: `));
    }
  });

  it('lists each score in the context card, in its own direction, banded only where a band is sourced', async () => {
    const card = page.getByRole('region', { name: en['context.heading'] });
    await card.waitFor();
    expectBlocks(await contextBlocks(card), en, 'en');
    // One visit: no change line.
    expect(await card.getByText(/^Change since/).count()).toBe(0);
  });

  it('invents no apathy–anhedonia profile point from the context scales', async () => {
    await page.getByText(en['profile.none'], { exact: true }).waitFor();
    expect(await page.locator('.profile').count()).toBe(0);
    expect(await page.getByRole('table', { name: 'Profile by visit (text alternative to the chart)' }).count()).toBe(0);
  });

  it('keeps the patient page accessible and screenshots the context card', async () => {
    expect(await axeViolations(page)).toEqual([]);
    await shootContext(page.getByRole('region', { name: en['context.heading'] }), 'en');
  });

  it('prints the visit on one page, with the context line under the scores', async () => {
    await printsOnOnePage(en, 'en');
  });
});

/** Opens the latest visit's report, checks its context line and that it prints on one A4 and one Letter page. */
async function printsOnOnePage(t: Messages, language: 'en' | 'zh'): Promise<void> {
  await page.getByRole('link', { name: t['completed.report'] }).first().click();
  await page.getByRole('heading', { name: t['report.heading'], exact: true }).waitFor();
  const line = page.locator('.report .report-small', { hasText: t['context.line'].split('{measured}')[0] ?? '' });
  expect(await line.count()).toBe(1);
  for (const name of SHORT_TITLES) expect(await line.innerText()).toContain(name);
  for (const format of ['A4', 'Letter'] as const) {
    const pdf = await page.pdf({ format, printBackground: true });
    if (shots) writeFileSync(join(shots, `context-report-${language}-${format}.pdf`), pdf);
    expect({ format, pages: (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length }).toEqual({ format, pages: 1 });
  }
  await page.goBack();
}

describe('a Chinese clinic and a battery without Chinese text', () => {
  it('refuses to start "背景简版" in Chinese, naming the questionnaires without Chinese text', async () => {
    await page.getByRole('navigation').getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('link', { name: zh['nav.settings'] }).waitFor();
    await page.getByRole('link', { name: zh['nav.patients'], exact: true }).click();
    await page.getByRole('link', { name: new RegExp(ZH_CODE) }).click();
    await page.getByRole('heading', { name: zh['patient.heading'].replace('{code}', ZH_CODE), exact: true }).waitFor();
    const newAssessment = page.getByRole('button', { name: zh['patient.newAssessment'], exact: true });
    await newAssessment.or(page.getByLabel(zh['start.choose'])).first().waitFor();
    if (await newAssessment.isVisible()) await newAssessment.click();
    await page.getByLabel(/^背景简版（/).check();
    // The names listed with ", " (as now) or with the Chinese list separator "、".
    const names = SHORT_TITLES.map(escape).join('(?:, |、)');
    const said = (message: string) => new RegExp(`^${escape(message).replace('\\{names\\}', names).replace('\\{language\\}', escape(zh['lang.name.zh-CN']))}$`);
    // Said before the start ...
    await page.getByText(said(zh['lang.noText'])).waitFor();
    // ... and again, as the reason, when the clinician starts anyway.
    await page.getByRole('button', { name: zh['start.submit'], exact: true }).click();
    await page.getByRole('alert').filter({ hasText: said(zh['lang.problem.noText']) }).waitFor();
    expect(await page.getByRole('heading', { name: zh['handover.heading'], exact: true }).count()).toBe(0);
  });

  it('starts it with the English text the patient also reads', async () => {
    for (const name of SHORT_TITLES) {
      const group = page.getByRole('group', { name: zh['lang.howLegend'].replace('{name}', name) });
      await group.getByLabel(zh['lang.choice.language']).check();
      await group.getByLabel(zh['lang.textFor'].replace('{name}', name)).selectOption('en');
    }
    await page.getByRole('button', { name: zh['start.submit'], exact: true }).click();
    // The start form's 开始 and the welcome's 开始 read the same: wait for the welcome before tapping it.
    await page.getByRole('heading', { name: zh['handover.heading'], exact: true }).waitFor();
    await page.getByRole('button', { name: zh['handover.begin'] }).click();
    await answerBattery(true);
    await page.getByRole('heading', { name: zh['patient.heading'].replace('{code}', ZH_CODE), exact: true }).waitFor();
  }, 90_000);

  it('shows the context card in Chinese, with no Latin words but the instruments’ names', async () => {
    const card = page.getByRole('region', { name: zh['context.heading'] });
    await card.waitFor();
    const blocks = await contextBlocks(card);
    expectBlocks(blocks, zh, 'zh');
    expect(blocks.map((b) => b.construct)).toEqual(['社会支持', '孤独感', '压力、焦虑和抑郁症状', '财务幸福感', '人格']);
    // Latin script only in the instruments' short names (cited as published, on foreign-words' list): no half-translation.
    expect(foreignWords(await card.innerText())).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await shootContext(card, 'zh');
  });

  it('prints the visit in Chinese on one page, with the context line', async () => {
    await printsOnOnePage(zh, 'zh');
  });
});
