import type { AdministeredText, AdministrationMode } from './assessment.ts';
import { BUILT_IN_BATTERIES, type Battery } from './battery.ts';
import type { Catalogue, Instrument } from './instrument-catalogue.ts';
import { packLanguages } from './catalogue-lookup.ts';
import type { InstrumentDefinition } from './instrument-schema.ts';
import { err, ok, type Result } from './result.ts';

/**
 * The effort task's variants offered when starting: none; `long`, 128 offers, the recommended clinical length (the
 * acceptance bias recovers at r = 0.80 with 128 offers against 0.66 with 64: `npm run bench`); `standard`, the
 * published 64; or `short`, one block of 16.
 */
export type EffortChoice = 'none' | 'long' | 'standard' | 'short';

/** The reward task (PRT) when starting: none, or the published 3 blocks of 100 trials (no shorter variant). */
export type RewardChoice = 'none' | 'standard';

/**
 * How to give one questionnaire other than in the patient's language: in another language the patient reads, read
 * aloud by the clinician from the text in `language` and interpreted (clinician keys the answers in), or not at all.
 */
export type TextChoice =
  | { readonly kind: 'language'; readonly language: string }
  | { readonly kind: 'clinician-read'; readonly language: string }
  | { readonly kind: 'leave-out' };

/** What the clinician chose on "Start an assessment". */
export type StartRequest = {
  /** A battery's id (the standard one or a saved one), or the instruments picked one by one. */
  readonly battery: { readonly kind: 'battery'; readonly id: string } | { readonly kind: 'chosen'; readonly instrumentIds: readonly string[]; readonly saveAs: string };
  readonly mode: AdministrationMode;
  /** The informant's relation to the patient (AES-I); empty when none. */
  readonly relation: string;
  readonly effort: EffortChoice;
  /** Absent: none. */
  readonly reward?: RewardChoice;
  /** The language the patient reads (default: the interface language); every questionnaire is given in it… */
  readonly language: string;
  /** …unless chosen otherwise here, by instrument id (needed for each one with no text in `language`). */
  readonly textChoices?: Readonly<Record<string, TextChoice>>;
  /** Instrument id → the parts (instrument.json `parts`) left out as not applicable to this patient; absent: all asked. */
  readonly notAsked?: Readonly<Record<string, readonly string[]>>;
};

/** A questionnaire that cannot be given in the patient's language, and the languages it can be given in. */
export type MissingText = { readonly id: string; readonly name: string; readonly languages: readonly string[] };

/** Why an assessment cannot start as chosen. */
export type StartProblem =
  | { readonly code: 'pick-one' }
  | { readonly code: 'self-report-only'; readonly names: readonly string[] }
  | { readonly code: 'need-relation' }
  | { readonly code: 'effort-patient-only' }
  | { readonly code: 'reward-patient-only' }
  | { readonly code: 'no-text'; readonly language: string; readonly instruments: readonly MissingText[] }
  | { readonly code: 'clinician-read-patient-mode'; readonly names: readonly string[] };

/** A checked start: what to give, under which name, and the battery to save first (when asked to). */
export type StartPlan = {
  readonly definitions: readonly InstrumentDefinition[];
  readonly batteryName: string;
  readonly saveBattery: { readonly name: string; readonly instrumentIds: readonly string[] } | null;
  readonly mode: AdministrationMode;
  readonly informantRelation: string | null;
  readonly effort: EffortChoice;
  readonly reward: RewardChoice;
  /** The language the patient reads (the assessment's `language`). */
  readonly language: string;
  /** By instrument id, for each one given: the text it is given in. */
  readonly texts: Readonly<Record<string, AdministeredText>>;
  /** By instrument id, for each one given with parts left out: those parts (known part ids only). */
  readonly notAsked: Readonly<Record<string, readonly string[]>>;
};

/** True when an instrument has complete text in `language` on this tablet (a translation pack). */
export function hasText(instrument: Instrument, language: string): boolean {
  return packLanguages(instrument).includes(language);
}

/** The text recorded for `instrument` given in `language`, read as `reading`; null when it has no text in it. */
function textIn(instrument: Instrument, language: string, reading: AdministeredText['reading']): AdministeredText | null {
  const pack = hasText(instrument, language) ? instrument.packs[language] : undefined;
  return pack ? { language, version: pack.version, packHash: pack.hash, reading } : null;
}

/**
 * The text each instrument is given in: the patient's language, or the clinician's choice for it; `leave-out`
 * drops it. An instrument whose text cannot be found (no text in the patient's language and no choice, or a choice
 * of a language it has no text in) is `missing`: it is never shown half translated or in a language not chosen.
 */
function resolveTexts(instruments: readonly Instrument[], request: StartRequest) {
  const given: { readonly instrument: Instrument; readonly text: AdministeredText }[] = [];
  const missing: Instrument[] = [];
  for (const instrument of instruments) {
    const choice = request.textChoices?.[instrument.definition.id];
    if (choice?.kind === 'leave-out') continue;
    const text = choice ? textIn(instrument, choice.language, choice.kind === 'clinician-read' ? 'clinician-read' : 'respondent') : textIn(instrument, request.language, 'respondent');
    if (text) given.push({ instrument, text });
    else missing.push(instrument);
  }
  return { given, missing };
}

/**
 * Checks a start request against the catalogue and the clinic's saved batteries: at least one instrument; a
 * handed-over tablet only for self-report scales; an informant's relation for informant scales; the effort task only
 * on a handed-over tablet (the patient taps it themselves); each instrument's text in the patient's language or as
 * the clinician chose (another language, left out, or read aloud by the clinician, who then keys the answers in).
 */
export function checkStart(request: StartRequest, catalogue: Catalogue, savedBatteries: readonly Battery[]): Result<StartPlan, StartProblem> {
  const batteries = [...BUILT_IN_BATTERIES, ...savedBatteries];
  const choice = request.battery;
  const battery = choice.kind === 'battery' ? batteries.find((b) => b.id === choice.id) : undefined;
  const chosen = choice.kind === 'chosen' ? choice.instrumentIds : (battery?.instrumentIds ?? []);
  const instruments = chosen.flatMap((id) => catalogue.instruments.find((i) => i.definition.id === id) ?? []);
  const { given, missing } = resolveTexts(instruments, request);
  // Those left out are not given: what remains is checked (a left-out clinician scale does not block a hand-over).
  const definitions = instruments.filter((i) => request.textChoices?.[i.definition.id]?.kind !== 'leave-out').map((i) => i.definition);
  if (definitions.length === 0) return err({ code: 'pick-one' });
  const notSelf = definitions.filter((d) => d.respondent !== 'self');
  if (request.mode === 'patient' && notSelf.length > 0) return err({ code: 'self-report-only', names: notSelf.map((d) => d.shortTitle) });
  const relation = request.relation.trim();
  if (definitions.some((d) => d.respondent === 'informant') && relation === '') return err({ code: 'need-relation' });
  if (request.effort !== 'none' && request.mode !== 'patient') return err({ code: 'effort-patient-only' });
  if ((request.reward ?? 'none') !== 'none' && request.mode !== 'patient') return err({ code: 'reward-patient-only' });
  if (missing.length > 0) {
    return err({ code: 'no-text', language: request.language, instruments: missing.map((i) => ({ id: i.definition.id, name: i.definition.shortTitle, languages: packLanguages(i) })) });
  }
  const interpreted = given.filter((g) => g.text.reading === 'clinician-read');
  if (request.mode === 'patient' && interpreted.length > 0) return err({ code: 'clinician-read-patient-mode', names: interpreted.map((g) => g.instrument.definition.shortTitle) });
  const saveAs = choice.kind === 'chosen' ? choice.saveAs.trim() : '';
  const name = choice.kind === 'chosen' ? saveAs : (battery?.name ?? '');
  return ok({
    definitions,
    batteryName: name || definitions.map((d) => d.shortTitle).join(' + '),
    saveBattery: saveAs === '' ? null : { name: saveAs, instrumentIds: [...chosen] },
    mode: request.mode,
    informantRelation: relation === '' ? null : relation,
    effort: request.effort,
    reward: request.reward ?? 'none',
    language: request.language,
    texts: Object.fromEntries(given.map((g) => [g.instrument.definition.id, g.text])),
    notAsked: Object.fromEntries(
      definitions.flatMap((d) => {
        const parts = (request.notAsked?.[d.id] ?? []).filter((id) => d.parts?.some((p) => p.id === id));
        return parts.length > 0 ? [[d.id, parts]] : [];
      }),
    ),
  });
}
