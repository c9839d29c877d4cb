import type { Instrument } from './instrument-catalogue.ts';
import { administeredText } from './instrument-lookup.ts';
import type { InstrumentDefinition, ItemDefinition, TranslationPack } from './instrument-schema.ts';
import type { AdministeredText, Assessment } from './assessment-schema.ts';

/*
 * What an assessment in progress needs, apart from scoring (assessment.ts, which re-exports all of this): the text
 * each instrument is given in, the alerts an answer raises, where to resume, progress. Patient mode reads only
 * these, so a handed-over tablet loads no scoring code (issue 20's byte budget).
 */

/** Which items have an answer (the answers themselves, or only that they exist: patient mode after a reload). */
type AnsweredItems = { readonly answers: Readonly<Record<string, Readonly<Record<string, unknown>>>> };

/** The instruments an assessment lists, with the parts of each the clinician left out as not applicable. */
type GivenInstruments = { readonly instruments: readonly { readonly id: string; readonly notAsked?: readonly string[] }[] };

/** The parts of an instrument the clinician left out of this assessment (none: every part is asked). */
export function notAskedOf(assessment: GivenInstruments, instrumentId: string): readonly string[] {
  return assessment.instruments.find((i) => i.id === instrumentId)?.notAsked ?? [];
}

/** The items asked: every item but those of the parts left out (instrument.json `parts`), in form order. */
export function askedItems(def: InstrumentDefinition, notAsked: readonly string[]): ItemDefinition[] {
  return def.items.filter((item) => !def.parts?.some((part) => notAsked.includes(part.id) && part.items.includes(item.id)));
}

/**
 * The instruments as the respondent is given them, each with only the items asked in this assessment: what the
 * questionnaire runner shows, and what `findResumePoint` and `countProgress` count.
 */
export function asGiven(assessment: GivenInstruments, instruments: readonly Instrument[]): Instrument[] {
  return instruments.map((i) => ({ ...i, definition: { ...i.definition, items: askedItems(i.definition, notAskedOf(assessment, i.definition.id)) } }));
}

/** The text an instrument of this assessment was given in (a record missing one reads as `textsRecordedBefore`). */
export function givenText(assessment: Pick<Assessment, 'texts' | 'language' | 'instruments'>, instrumentId: string): AdministeredText {
  const version = assessment.instruments.find((i) => i.id === instrumentId)?.version ?? '';
  return assessment.texts[instrumentId] ?? { language: assessment.language, version, packHash: null, reading: 'respondent' };
}

/**
 * The words an instrument of this assessment is shown and quoted in: the pack it was given in (by recorded hash,
 * even one removed since), else that language's, else English (`administeredText`).
 */
export function givenPack(assessment: Pick<Assessment, 'texts' | 'language' | 'instruments'>, instrument: Instrument): TranslationPack {
  return administeredText(instrument, givenText(assessment, instrument.definition.id));
}

/** True while the assessment includes an effort task that is neither finished nor skipped. */
export function effortTaskPending(assessment: Pick<Assessment, 'effortTask'>): boolean {
  return assessment.effortTask !== null && assessment.effortTask.outcome.status === 'in-progress';
}

/** True while the assessment includes a reward task that is neither finished nor skipped. */
export function rewardTaskPending(assessment: Pick<Assessment, 'rewardTask'>): boolean {
  return !!assessment.rewardTask && assessment.rewardTask.outcome.status === 'in-progress';
}

/** The safety alerts (severity "alert") that one answer raises on its own, e.g. PHQ-9 item 9 ≥ "several days". */
export function alertsForAnswer(def: InstrumentDefinition, itemId: string, code: string): string[] {
  return def.flags
    .filter((f) => f.severity === 'alert' && f.item === itemId && 'answeredWith' in f.when && f.when.answeredWith.includes(code))
    .map((f) => f.code);
}

/**
 * Where to resume: the first instrument and item (in form order) without an answer, or null when all are done;
 * `definitions` as given (`asGiven`), so the index counts the items asked, as the questionnaire runner shows them.
 */
export function findResumePoint(
  assessment: AnsweredItems,
  definitions: readonly InstrumentDefinition[],
): { readonly instrumentIndex: number; readonly itemIndex: number } | null {
  for (const [instrumentIndex, def] of definitions.entries()) {
    const answered = assessment.answers[def.id] ?? {};
    const itemIndex = def.items.findIndex((item) => item.required && answered[item.id] === undefined);
    if (itemIndex >= 0) return { instrumentIndex, itemIndex };
  }
  return null;
}

/** Answered and total required items, for a progress bar (`definitions` as given: `asGiven`). */
export function countProgress(assessment: AnsweredItems, definitions: readonly InstrumentDefinition[]) {
  let answered = 0;
  let total = 0;
  for (const def of definitions) {
    for (const item of def.items.filter((i) => i.required)) {
      total += 1;
      if (assessment.answers[def.id]?.[item.id] !== undefined) answered += 1;
    }
  }
  return { answered, total };
}

/** True while some safety alert has not been seen by a clinician. */
export function hasUnacknowledgedAlert(assessment: Pick<Assessment, 'alerts' | 'alertsAcknowledgedAt'>): boolean {
  return assessment.alerts.length > 0 && assessment.alertsAcknowledgedAt === null;
}
