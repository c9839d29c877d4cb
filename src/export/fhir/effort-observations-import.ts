import type { Observation } from 'fhir/r4';
import type { ImportedEffort, ImportedEstimate } from '../../domain/imported-effort.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import type { SkipReason, TaskPhase } from '../../domain/effort-task/task-record.ts';
import { EFFORT_CODES, EFFORT_TASK_SYSTEM, skippedStatusText, UCUM, type EffortCode } from './effort-observations.ts';
import { ASSESSMENT_ID_SYSTEM } from './fhir-terms.ts';

/**
 * The inverse of `toEffortEntries`: the effort-task Observations of a patient pulled from the clinic's server, read
 * back per assessment into what the server holds of each result (`ImportedEffort`: parameters, or the phase and
 * reason of a stopped task). Pure. Whatever is not exactly what `toEffortEntries` writes (another code, unit or
 * status text) is listed, never guessed; `entered-in-error` Observations are left out.
 */

/** One assessment's effort result, read. */
export type ImportedEffortResult = { readonly assessmentId: string; readonly effort: ImportedEffort };
/** Observations that could not be read, and why, in words: per assessment, or (null) with no effort identifier. */
export type SkippedEffort = { readonly assessmentId: string | null; readonly resources: readonly string[]; readonly reasons: readonly string[] };

export type ImportedEfforts = {
  readonly results: readonly ImportedEffortResult[];
  readonly skipped: readonly SkippedEffort[];
  /** The identifiers of the Observations the server marks `entered-in-error`: voided where they were given. */
  readonly voided: readonly string[];
};

const PHASES: readonly TaskPhase[] = ['calibration', 'practice', 'comprehension', 'main'];
const REASONS: readonly SkipReason[] = ['cannot-tap', 'declined', 'other'];
const PARAMETER_CODES = [
  ['rewardSensitivity', 'reward-sensitivity'],
  ['effortSensitivity', 'effort-sensitivity'],
  ['acceptanceBias', 'acceptance-bias'],
] as const;
/** The statuses of a result that stands (https://hl7.org/fhir/R4/valueset-observation-status.html). */
const STANDING: ReadonlySet<string> = new Set(['final', 'amended', 'corrected']);
const IDENTIFIER = /^(.+)\/effort-task\/([^/]+)$/;

const resourceKey = (o: Observation) => `${o.id ?? ''}/${o.meta?.versionId ?? ''}`;
const isEffortCode = (code: string): code is EffortCode => (EFFORT_CODES as readonly string[]).includes(code);

/** `<assessment id>/effort-task/<code>` of our exports, split; null for any other identifier. */
function effortIdentifierOf(o: Observation): { readonly assessmentId: string; readonly code: string; readonly value: string } | null {
  for (const { system, value } of o.identifier ?? []) {
    const match = system === ASSESSMENT_ID_SYSTEM && value ? IDENTIFIER.exec(value) : null;
    if (match?.[1] && match[2]) return { assessmentId: match[1], code: match[2], value: value ?? '' };
  }
  return null;
}

/** Groups the Observations by assessment, leaves out the voided, and reads each group (`readEffortGroup`). */
export function fromEffortObservations(observations: readonly Observation[]): ImportedEfforts {
  const groups = new Map<string, Observation[]>();
  const skipped: SkippedEffort[] = [];
  const voided: string[] = [];
  for (const o of observations) {
    const id = effortIdentifierOf(o);
    if (o.status === 'entered-in-error') voided.push(id?.value ?? resourceKey(o));
    else if (!id) skipped.push({ assessmentId: null, resources: [resourceKey(o)], reasons: [`no identifier <assessment id>/effort-task/<code> in ${ASSESSMENT_ID_SYSTEM}`] });
    else groups.set(id.assessmentId, [...(groups.get(id.assessmentId) ?? []), o]);
  }
  const results: ImportedEffortResult[] = [];
  for (const [assessmentId, group] of groups) {
    const read = readEffortGroup(group);
    if (read.ok) results.push({ assessmentId, effort: read.value });
    else skipped.push({ assessmentId, resources: group.map(resourceKey), reasons: read.error });
  }
  return { results, skipped, voided };
}

/**
 * One assessment's effort Observations (none voided) → its result: a stopped task's one status Observation, or a
 * completed task's four (three parameters in UCUM `1`, the acceptance rate in `%`). The standard errors, the number
 * of offers and the task version are read from the notes and method as `toEffortEntries` writes them (null when
 * worded otherwise: they only annotate the values).
 */
function readEffortGroup(group: readonly Observation[]): Result<ImportedEffort, string[]> {
  const problems: string[] = [];
  const byCode = new Map<EffortCode, Observation>();
  for (const o of group) {
    const codings = o.code.coding ?? [];
    const code = codings.find((c) => c.system === EFFORT_TASK_SYSTEM)?.code;
    const named = effortIdentifierOf(o)?.code;
    if (code === undefined || !isEffortCode(code)) problems.push(`unknown code ${codings.map((c) => `${c.system ?? ''}|${c.code ?? ''}`).join(', ') || '(none)'} (${resourceKey(o)})`);
    else if (named !== code) problems.push(`the identifier names ${named ?? '(none)'} but the code is ${code} (${resourceKey(o)})`);
    else if (!STANDING.has(o.status)) problems.push(`${code}: status ${o.status}, not final`);
    else if (byCode.has(code) && JSON.stringify(byCode.get(code)?.valueQuantity) !== JSON.stringify(o.valueQuantity)) problems.push(`${code}: two Observations that differ`);
    else byCode.set(code, o);
  }
  if (problems.length > 0) return err(problems);
  const resources = group.map(resourceKey);
  const status = byCode.get('effort-task-status');
  if (status) {
    if (byCode.size > 1) return err(['a stopped task (effort-task-status) beside parameters']);
    const text = status.valueCodeableConcept?.text;
    for (const phase of PHASES) for (const reason of REASONS) if (text === skippedStatusText(phase, reason)) return ok({ status: 'skipped', phase, reason, resources });
    return err([`effort-task-status: unknown text “${text ?? ''}”`]);
  }
  const missing = (['reward-sensitivity', 'effort-sensitivity', 'acceptance-bias', 'acceptance-rate'] as const).filter((c) => !byCode.has(c));
  if (missing.length > 0) return err([`missing ${missing.join(', ')}`]);
  const value = (code: EffortCode, unit: '1' | '%'): number | null => {
    const o = byCode.get(code);
    if (!o?.valueQuantity) {
      if (o?.dataAbsentReason) return null;
      problems.push(`${code}: no value`);
      return null;
    }
    const q = o.valueQuantity;
    if (q.system !== UCUM || q.code !== unit || typeof q.value !== 'number') problems.push(`${code}: unit ${q.system ?? ''}|${q.code ?? q.unit ?? ''}, not UCUM ${unit}`);
    return typeof q.value === 'number' ? q.value : null;
  };
  const estimate = (code: EffortCode): ImportedEstimate => {
    const se = /^Standard error (-?[\d.]+(?:e[+-]?\d+)?) \(Laplace approximation\)/.exec(byCode.get(code)?.note?.[0]?.text ?? '')?.[1];
    return { value: value(code, '1'), standardError: se === undefined ? null : Number(se) };
  };
  const parameters = Object.fromEntries(PARAMETER_CODES.map(([key, code]) => [key, estimate(code)])) as Record<(typeof PARAMETER_CODES)[number][0], ImportedEstimate>;
  const acceptancePercent = value('acceptance-rate', '%');
  if (problems.length > 0) return err(problems);
  const rate = byCode.get('acceptance-rate');
  const n = /^\d+ of (\d+) offers accepted\./.exec(rate?.note?.[0]?.text ?? '')?.[1];
  const taskVersion = / effort task (\S+)$/.exec(rate?.method?.text ?? '')?.[1] ?? null;
  return ok({ status: 'completed', taskVersion, n: n === undefined ? null : Number(n), acceptancePercent, parameters, resources });
}
