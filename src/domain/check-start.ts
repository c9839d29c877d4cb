import type { AdministrationMode } from './assessment.ts';
import { STANDARD_BATTERY, type Battery } from './battery.ts';
import type { Catalogue } from './instrument-catalogue.ts';
import type { InstrumentDefinition } from './instrument-schema.ts';
import { err, ok, type Result } from './result.ts';

/** The effort task's variants offered when starting: none, the default design, or one block of 16 offers. */
export type EffortChoice = 'none' | 'standard' | 'short';

/** What the clinician chose on "Start an assessment". */
export type StartRequest = {
  /** A battery's id (the standard one or a saved one), or the instruments picked one by one. */
  readonly battery: { readonly kind: 'battery'; readonly id: string } | { readonly kind: 'chosen'; readonly instrumentIds: readonly string[]; readonly saveAs: string };
  readonly mode: AdministrationMode;
  /** The informant's relation to the patient (AES-I); empty when none. */
  readonly relation: string;
  readonly effort: EffortChoice;
};

/** Why an assessment cannot start as chosen. */
export type StartProblem =
  | { readonly code: 'pick-one' }
  | { readonly code: 'self-report-only'; readonly names: readonly string[] }
  | { readonly code: 'need-relation' }
  | { readonly code: 'effort-patient-only' };

/** A checked start: what to give, under which name, and the battery to save first (when asked to). */
export type StartPlan = {
  readonly definitions: readonly InstrumentDefinition[];
  readonly batteryName: string;
  readonly saveBattery: { readonly name: string; readonly instrumentIds: readonly string[] } | null;
  readonly mode: AdministrationMode;
  readonly informantRelation: string | null;
  readonly effort: EffortChoice;
};

/**
 * Checks a start request against the catalogue and the clinic's saved batteries: at least one instrument; a
 * handed-over tablet only for self-report scales; an informant's relation for informant scales; the effort task only
 * on a handed-over tablet (the patient taps it themselves).
 */
export function checkStart(request: StartRequest, catalogue: Catalogue, savedBatteries: readonly Battery[]): Result<StartPlan, StartProblem> {
  const batteries = [STANDARD_BATTERY, ...savedBatteries];
  const choice = request.battery;
  const battery = choice.kind === 'battery' ? batteries.find((b) => b.id === choice.id) : undefined;
  const chosen = choice.kind === 'chosen' ? choice.instrumentIds : (battery?.instrumentIds ?? []);
  const definitions = chosen.flatMap((id) => catalogue.instruments.find((i) => i.definition.id === id)?.definition ?? []);
  if (definitions.length === 0) return err({ code: 'pick-one' });
  const notSelf = definitions.filter((d) => d.respondent !== 'self');
  if (request.mode === 'patient' && notSelf.length > 0) return err({ code: 'self-report-only', names: notSelf.map((d) => d.shortTitle) });
  const relation = request.relation.trim();
  if (definitions.some((d) => d.respondent === 'informant') && relation === '') return err({ code: 'need-relation' });
  if (request.effort !== 'none' && request.mode !== 'patient') return err({ code: 'effort-patient-only' });
  const saveAs = choice.kind === 'chosen' ? choice.saveAs.trim() : '';
  const name = choice.kind === 'chosen' ? saveAs : (battery?.name ?? '');
  return ok({
    definitions,
    batteryName: name || definitions.map((d) => d.shortTitle).join(' + '),
    saveBattery: saveAs === '' ? null : { name: saveAs, instrumentIds: [...chosen] },
    mode: request.mode,
    informantRelation: relation === '' ? null : relation,
    effort: request.effort,
  });
}
