import { readdirSync, readFileSync } from 'node:fs';
import { TEST_CLINIC_CODE_SYSTEM } from './support/fhir-server.ts';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Bundle, Observation, QuestionnaireResponse } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { fhirFromCsv } from '../src/cli/fhir-command.ts';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../src/domain/assessment.ts';
import { buildCodebook } from '../src/domain/codebook.ts';
import { asAssessmentId, asPatientId } from '../src/domain/ids.ts';
import type { Catalogue, Instrument } from '../src/domain/instrument-catalogue.ts';
import { scoreAssessment } from '../src/domain/score-assessment.ts';
import { listInstrumentFolders } from '../src/cli/instrument-folder.ts';
import { toAssessmentCollection, toAssessmentExport } from '../src/export/fhir/assessment-export.ts';
import { toTransactionBundles } from '../src/export/fhir/transaction.ts';
import { playEffortTask } from './support/effort-task.ts';
import { playRewardTask } from './support/reward-task.ts';
import { loadInstrument } from './support/instruments.ts';

/*
 * An audit over every golden fixture of every instrument, as given and with each answered required item removed
 * in turn (a restored or older record, or a research row with an empty cell): what the app mapper and the CLI
 * export must never claim. Issue 17.
 */

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`;
const NOW = '2026-03-01T10:10:00.000Z';
const ids = listInstrumentFolders();
const instruments = new Map(ids.map((id) => [id, loadInstrument(id)]));
const catalogue: Catalogue = { instruments: [...instruments.values()], broken: [] };

type Variant = { readonly name: string; readonly answers: Readonly<Record<string, string>> };

/** Every fixture's valid answers, then the same with each answered required item removed in turn. */
function variants(instrument: Instrument): Variant[] {
  const def = instrument.definition;
  const dir = join(import.meta.dirname, '..', 'instruments', def.id, 'fixtures');
  return readdirSync(dir).flatMap((file) => {
    const raw = (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { answers: Record<string, string | null> }).answers;
    const answers = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => e[1] !== null));
    if (scoreAssessment(def, answers).status === 'invalid') return [];
    const removed = def.items.filter((i) => i.required && answers[i.id] !== undefined).map((item) => ({ name: `${file} without ${item.id}`, answers: Object.fromEntries(Object.entries(answers).filter(([k]) => k !== item.id)) }));
    return [{ name: file, answers }, ...removed];
  });
}

/** An assessment of one instrument with these answers, completed through the engine as the app stores it. */
function completedWith(instrument: Instrument, answers: Readonly<Record<string, string>>, id: string): Assessment {
  const def = instrument.definition;
  let a = startAssessment({ id: asAssessmentId(id), patientId: asPatientId('p1'), batteryName: 'Standard', definitions: [def], mode: 'patient', language: 'en', now: '2026-03-01T10:00:00.000Z' });
  for (const [itemId, code] of Object.entries(answers)) a = recordAnswer(a, def, itemId, { code, answeredAt: '2026-03-01T10:01:00.000Z', durationMs: 1500 });
  return completeAssessment(a, [def], () => ({}), '2026-03-01T10:05:00.000Z');
}

/** A one-row CSV of these answers, with every codebook column (empty where unanswered). */
function csvOf(instrument: Instrument, answers: Readonly<Record<string, string>>, rowId: string): string {
  const columns = buildCodebook(instrument).items;
  return `id,${columns.map((c) => c.column).join(',')}\n${rowId},${columns.map((c) => answers[c.itemId] ?? '').join(',')}\n`;
}

const resources = (bundle: Bundle) => (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));

/** Required items of the response's instrument left empty in a response that says `completed`. */
function completedWithEmptyRequired(response: QuestionnaireResponse, instrument: Instrument): string[] {
  if (response.status !== 'completed') return [];
  const answered = new Set((response.item ?? []).filter((i) => (i.answer ?? []).length > 0).map((i) => i.linkId));
  return instrument.definition.items.filter((i) => i.required && !answered.has(i.id)).map((i) => i.id);
}

/** Score Observations whose score the engine could not compute (null), named by their business identifier. */
function unscorableObservations(observations: readonly Observation[], instrument: Instrument, responseId: string, answers: Readonly<Record<string, string>>): string[] {
  const result = scoreAssessment(instrument.definition, answers);
  const nullKeys = new Set(Object.entries(result.scores).filter(([, v]) => v === null).map(([k]) => `${responseId}/${k}`));
  return observations.flatMap((o) => (o.identifier ?? []).flatMap((i) => (i.value !== undefined && nullKeys.has(i.value) ? [i.value] : [])));
}

/**
 * Entries whose `fullUrl` disagrees with the resource's id (https://hl7.org/fhir/R4/bundle.html#bundle-unique):
 * a `urn:uuid:` fullUrl goes with no id or the same uuid; any other fullUrl must be `<base>/<type>/<id>` with a
 * valid id (https://hl7.org/fhir/R4/datatypes.html#id) equal to the resource's.
 */
function fullUrlMismatches(bundle: Bundle): string[] {
  return (bundle.entry ?? []).flatMap((entry) => {
    const { fullUrl = '', resource } = entry;
    if (!resource) return [];
    const uuidMatch = /^urn:uuid:([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})$/.exec(fullUrl);
    if (uuidMatch) return resource.id === undefined || resource.id === uuidMatch[1] ? [] : [`${fullUrl} holds ${resource.resourceType}/${resource.id}`];
    const rest = /^https?:\/\/[^|\s]+\/([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(fullUrl);
    return rest && rest[1] === resource.resourceType && rest[2] === resource.id ? [] : [`${fullUrl} holds ${resource.resourceType}/${resource.id ?? '(no id)'}`];
  });
}

type Audit = { responses: number; statuses: Record<string, number>; completedWithEmptyRequired: string[]; unscorableObservations: string[]; proratedWithoutNote: string[]; prorated: number; fullUrlMismatches: string[] };
const emptyAudit = (): Audit => ({ responses: 0, statuses: {}, completedWithEmptyRequired: [], unscorableObservations: [], proratedWithoutNote: [], prorated: 0, fullUrlMismatches: [] });

/** Counts one exported response into the audit. */
function auditResponse(audit: Audit, response: QuestionnaireResponse, instrument: Instrument, variant: Variant, observations: readonly Observation[], responseId: string): void {
  audit.responses += 1;
  audit.statuses[response.status] = (audit.statuses[response.status] ?? 0) + 1;
  const empty = completedWithEmptyRequired(response, instrument);
  if (empty.length > 0) audit.completedWithEmptyRequired.push(`${variant.name}: ${empty.join(', ')}`);
  audit.unscorableObservations.push(...unscorableObservations(observations, instrument, responseId, variant.answers));
  const details = scoreAssessment(instrument.definition, variant.answers).details;
  for (const [key, d] of Object.entries(details)) {
    const observation = observations.find((o) => o.identifier?.[0]?.value === `${responseId}/${key}`);
    if (!observation || !d.prorated) continue;
    audit.prorated += 1;
    if (!observation.note?.some((n) => n.text === `prorated from ${String(d.answered)} of ${String(d.answered + d.missing)} items`)) audit.proratedWithoutNote.push(`${variant.name}: ${key}`);
  }
}

const summary = (name: string, a: Audit) =>
  `${name}: ${String(a.responses)} responses ${JSON.stringify(a.statuses)}; completed with an empty required item ${String(a.completedWithEmptyRequired.length)}; unscorable Observations ${String(a.unscorableObservations.length)}; prorated Observations ${String(a.prorated)}, without a note ${String(a.proratedWithoutNote.length)}; fullUrl mismatches ${String(a.fullUrlMismatches.length)}`;

function auditApp(): Audit {
  const audit = emptyAudit();
  for (const instrument of instruments.values()) {
    for (const [n, variant] of variants(instrument).entries()) {
      const assessmentId = `${instrument.definition.id}-${String(n)}`;
      const exported = toAssessmentExport(completedWith(instrument, variant.answers, assessmentId), catalogue, { patientCode: 'W7-042', codeSystem: TEST_CLINIC_CODE_SYSTEM, mrn: null }, { appVersion: '0.2.0', now: NOW, newUuid: uuid });
      const bundles = [toAssessmentCollection(exported, uuid(), NOW), ...toTransactionBundles(exported, uuid)];
      for (const bundle of bundles) audit.fullUrlMismatches.push(...fullUrlMismatches(bundle));
      const [collection] = bundles;
      if (!collection) continue;
      const all = resources(collection);
      const observations = all.filter((r): r is Observation => r.resourceType === 'Observation');
      for (const response of all.filter((r): r is QuestionnaireResponse => r.resourceType === 'QuestionnaireResponse')) auditResponse(audit, response, instrument, variant, observations, response.identifier?.value ?? '');
    }
  }
  return audit;
}

async function auditCli(): Promise<Audit> {
  const audit = emptyAudit();
  for (const instrument of instruments.values()) {
    for (const [n, variant] of variants(instrument).entries()) {
      const rowId = `row-${String(n)}`;
      const file = await fhirFromCsv(Readable.from([csvOf(instrument, variant.answers, rowId)]), instrument, { appVersion: '0.2.0', now: NOW });
      if (!file.ok) throw new Error(file.error);
      audit.fullUrlMismatches.push(...fullUrlMismatches(file.value.bundle));
      const all = resources(file.value.bundle);
      const observations = all.filter((r): r is Observation => r.resourceType === 'Observation');
      for (const response of all.filter((r): r is QuestionnaireResponse => r.resourceType === 'QuestionnaireResponse')) auditResponse(audit, response, instrument, variant, observations, rowId);
    }
  }
  return audit;
}

describe('fullUrl and id in every Bundle the app makes', () => {
  it('agree in the collection and the transactions of an assessment with every instrument, an effort task and a reward task', () => {
    const battery = [...instruments.values()];
    const definitions = battery.map((i) => i.definition);
    let a = startAssessment({ id: asAssessmentId('all'), patientId: asPatientId('p1'), batteryName: 'Standard', definitions, mode: 'patient', language: 'en', now: '2026-03-01T10:00:00.000Z' });
    for (const def of definitions) {
      for (const item of def.items) {
        const code = def.optionSets[item.optionSet]?.options[0];
        if (code !== undefined) a = recordAnswer(a, def, item.id, { code, answeredAt: '2026-03-01T10:01:00.000Z', durationMs: 1500 });
      }
    }
    const completed = { ...completeAssessment(a, definitions, () => ({}), '2026-03-01T10:05:00.000Z'), effortTask: playEffortTask((reward, effort) => reward > effort), rewardTask: playRewardTask(4) };
    const exported = toAssessmentExport(completed, catalogue, { patientCode: 'W7-042', codeSystem: TEST_CLINIC_CODE_SYSTEM, mrn: null }, { appVersion: '0.2.0', now: NOW, newUuid: uuid });
    expect(exported.groups.filter((g) => g.questionnaire === null).map((g) => g.identifier)).toEqual(['all/effort-task', 'all/reward-task']);
    const bundles = [toAssessmentCollection(exported, uuid(), NOW), ...toTransactionBundles(exported, uuid)];
    expect(bundles.flatMap((b) => b.entry ?? []).length).toBeGreaterThan(50);
    expect(bundles.flatMap(fullUrlMismatches)).toEqual([]);
  });
});

describe('honest FHIR exports over every fixture, with required items removed (issue 17)', () => {
  it.each([
    ['the app mapper', 'app', () => Promise.resolve(auditApp())],
    ['the CLI', 'cli', auditCli],
  ] as const)('%s: no response claims completed with a required item empty, no Observation of an unscorable score, a note on every prorated one, every fullUrl matches its id', async (_who, label, audited) => {
    const audit = await audited();
    console.info(summary(label, audit));
    expect(audit.responses).toBeGreaterThan(100);
    expect(audit.completedWithEmptyRequired).toEqual([]);
    expect(audit.unscorableObservations).toEqual([]);
    expect(audit.prorated).toBeGreaterThan(0);
    expect(audit.proratedWithoutNote).toEqual([]);
    expect(audit.fullUrlMismatches).toEqual([]);
  });
});

