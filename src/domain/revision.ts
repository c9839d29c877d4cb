import { askedItems, completeAsGiven, hasUnacknowledgedAlert, notAskedOf, type Assessment } from './assessment.ts';
import type { AssessmentRevision, RevisionReason } from './assessment-schema.ts';
import { asAssessmentId } from './ids.ts';
import type { Instrument } from './instrument-catalogue.ts';
import { err, ok, type Result } from './result.ts';

/**
 * Corrections of completed assessments as new versions (issue 18, point 4; FHIR-HUB.md §4 step 5). A completed
 * assessment is never overwritten: "A wrong answer was entered" makes an `amended` version with the corrected
 * answers, re-scored; "Given to the wrong patient" and "Entered in error" make an `entered-in-error` version. Every
 * version is kept; the visit's current version is the one with the highest number, and a visit whose current version
 * is `entered-in-error` is out of the profile, trend, reliable change, report and research export.
 */

/** The id that names the visit across its versions (and in FHIR identifiers `<root>/<instrument>`). */
export const versionRoot = (a: Pick<Assessment, 'id' | 'revision'>): string => a.revision?.root ?? a.id;

/** 1 for the visit's first version, then 2, 3, … */
export const versionNumber = (a: Pick<Assessment, 'revision'>): number => a.revision?.number ?? 1;

/** The current version of each visit among these (the highest number per root), voided or not. */
function heads(assessments: readonly Assessment[]): Map<string, Assessment> {
  const head = new Map<string, Assessment>();
  for (const a of assessments) {
    if (a.status !== 'completed') continue;
    const seen = head.get(versionRoot(a));
    if (!seen || versionNumber(a) > versionNumber(seen)) head.set(versionRoot(a), a);
  }
  return head;
}

/**
 * The completed visits as they now stand, in the order given: each visit's current version, leaving out the
 * versions it replaced and every visit whose current version is `entered-in-error`.
 */
export function currentVersions(assessments: readonly Assessment[]): Assessment[] {
  const head = heads(assessments);
  return assessments.filter((a) => head.get(versionRoot(a))?.id === a.id && a.revision?.kind !== 'entered-in-error');
}

/** A visit that was corrected or voided, with every version of it, newest first (for the history on screen). */
export type CorrectedVisit = { readonly root: string; readonly versions: readonly Assessment[]; readonly voided: boolean };

/** The visits with more than one version, or voided, newest correction first. */
export function correctedVisits(assessments: readonly Assessment[]): CorrectedVisit[] {
  const byRoot = new Map<string, Assessment[]>();
  for (const a of assessments) if (a.status === 'completed') byRoot.set(versionRoot(a), [...(byRoot.get(versionRoot(a)) ?? []), a]);
  return [...byRoot]
    .filter(([, versions]) => versions.some((v) => v.revision))
    .map(([root, versions]) => {
      const sorted = [...versions].sort((a, b) => versionNumber(b) - versionNumber(a));
      return { root, versions: sorted, voided: sorted[0]?.revision?.kind === 'entered-in-error' };
    })
    .sort((a, b) => (b.versions[0]?.revision?.at ?? '').localeCompare(a.versions[0]?.revision?.at ?? ''));
}

/** Why a correction cannot be made as asked (the screen says it in words). */
export type CorrectionProblem = 'not-completed' | 'not-current' | 'alert-open' | 'no-change' | 'unknown-answer' | 'wrong-reason';

/** Who corrects, when, why, and the id the new version gets (the caller owns ids and time). */
export type Correction = { readonly reason: RevisionReason; readonly note: string; readonly at: string; readonly by: string; readonly newId: string };

function checkCorrectable(previous: Assessment, all: readonly Assessment[]): Result<void, CorrectionProblem> {
  if (previous.status !== 'completed' || previous.revision?.kind === 'entered-in-error') return err('not-completed');
  if (heads(all).get(versionRoot(previous))?.id !== previous.id) return err('not-current');
  // A risk answer is seen before its visit can change: an open alert is acknowledged first.
  if (hasUnacknowledgedAlert(previous)) return err('alert-open');
  return ok(undefined);
}

function revisionOf(previous: Assessment, kind: AssessmentRevision['kind'], correction: Correction, changed: readonly string[]): AssessmentRevision {
  const { reason, note, at, by } = correction;
  return { root: versionRoot(previous), number: versionNumber(previous) + 1, kind, reason, note: note.trim(), at, by, changed };
}

/** The new version's own record: a new id, made here (no origin), updated now; the visit's date stays the visit's. */
function nextVersion(previous: Assessment, correction: Correction): Assessment {
  const next: Assessment = { ...previous, id: asAssessmentId(correction.newId), updatedAt: correction.at };
  delete (next as { origin?: unknown }).origin;
  return next;
}

/**
 * "A wrong answer was entered": the next version with the corrected answers (instrument id → item id → semantic
 * code), re-scored by the engine with every instrument's text as given. A corrected answer keeps how long its item
 * was shown (the respondent's reading time); an alert the new answers raise is open again, and none is removed.
 * Refused for anything but the visit's current completed version, while an alert is open, for a code that is not
 * one of the item's options, and when nothing changes.
 */
export function amendAnswers(
  previous: Assessment,
  all: readonly Assessment[],
  instruments: readonly Instrument[],
  changes: Readonly<Record<string, Readonly<Record<string, string>>>>,
  correction: Correction,
): Result<Assessment, CorrectionProblem> {
  const checked = checkCorrectable(previous, all);
  if (!checked.ok) return checked;
  if (correction.reason !== 'wrong-answer') return err('wrong-reason');
  const answers: Record<string, Record<string, Assessment['answers'][string][string]>> = Object.fromEntries(
    Object.entries(previous.answers).map(([id, items]) => [id, { ...items }]),
  );
  const changed = new Set<string>();
  for (const [instrumentId, items] of Object.entries(changes)) {
    const def = instruments.find((i) => i.definition.id === instrumentId)?.definition;
    if (!def || !previous.instruments.some((i) => i.id === instrumentId)) return err('unknown-answer');
    for (const [itemId, code] of Object.entries(items)) {
      // Only an item that was asked can be corrected: a part left out as not applicable has no answers to correct.
      const item = askedItems(def, notAskedOf(previous, instrumentId)).find((i) => i.id === itemId);
      if (!item || !def.optionSets[item.optionSet]?.options.includes(code)) return err('unknown-answer');
      const before = answers[instrumentId]?.[itemId];
      if (before?.code === code) continue;
      answers[instrumentId] = { ...answers[instrumentId], [itemId]: { code, answeredAt: correction.at, durationMs: before?.durationMs ?? 0 } };
      changed.add(instrumentId);
    }
  }
  if (changed.size === 0) return err('no-change');
  const given = previous.instruments.flatMap(({ id }) => instruments.filter((i) => i.definition.id === id));
  const rescored = completeAsGiven({ ...nextVersion(previous, correction), answers }, given, previous.completedAt ?? correction.at);
  return ok({ ...rescored, updatedAt: correction.at, revision: revisionOf(previous, 'amended', correction, [...changed]) });
}

/**
 * "Given to the wrong patient" or "Entered in error": the next version marks the visit `entered-in-error`, its
 * answers and scores kept as they were (the history shows what was voided, and why). Refused as `amendAnswers` is.
 */
export function voidVisit(previous: Assessment, all: readonly Assessment[], correction: Correction): Result<Assessment, CorrectionProblem> {
  const checked = checkCorrectable(previous, all);
  if (!checked.ok) return checked;
  if (correction.reason === 'wrong-answer') return err('wrong-reason');
  return ok({ ...nextVersion(previous, correction), revision: revisionOf(previous, 'entered-in-error', correction, []) });
}

/**
 * Of the versions pulled from the clinic's server, those this tablet does not hold yet: a visit it has never seen,
 * or a version numbered above its current one. A pulled later version gets the local id `<root>~<number>`, the same
 * on every tablet, so a second pull or a backup merge never stores it twice.
 */
export function newerPulledVersions(local: readonly Assessment[], pulled: readonly Assessment[]): Assessment[] {
  const held = new Map<string, number>();
  for (const a of local) held.set(versionRoot(a), Math.max(held.get(versionRoot(a)) ?? 0, versionNumber(a)));
  return pulled.flatMap((a) => {
    const number = versionNumber(a);
    if ((held.get(versionRoot(a)) ?? 0) >= number) return [];
    return [number === 1 ? a : { ...a, id: asAssessmentId(`${versionRoot(a)}~${String(number)}`) }];
  });
}
