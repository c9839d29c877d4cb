import type { QuestionnaireResponse } from 'fhir/r4';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../../domain/assessment.ts';
import type { AssessmentOrigin, AssessmentRevision } from '../../domain/assessment-schema.ts';
import { asAssessmentId, type PatientId } from '../../domain/ids.ts';
import type { Catalogue, Instrument } from '../../domain/instrument-catalogue.ts';
import { compareServerScores, fromQuestionnaireResponse, type ImportedResponse } from './questionnaire-response-import.ts';

/** A response left out of an import, and why, in words (by its position in what the server sent, and its id). */
export type SkippedResponse = { readonly index: number; readonly resourceId: string | null; readonly reasons: readonly string[] };

export type ImportedVisits = {
  /** Completed assessments re-scored on this tablet, one per assessment of the tablet that gave them. */
  readonly assessments: readonly Assessment[];
  /** Responses that could not be read (unknown questionnaire, version, item or answer code): listed, never guessed. */
  readonly skipped: readonly SkippedResponse[];
  /**
   * The visits whose newest version the server marks `entered-in-error` (by their first version's id): voided where
   * they were given. They are among `assessments` (kept in the history with their reason, out of the profile).
   */
  readonly voided: readonly string[];
};

type Read = { readonly response: QuestionnaireResponse; readonly imported: ImportedResponse };

/** `<assessment id>/<instrument id>`, as our exports name each response; another renderer's stands alone. */
function assessmentKey(read: Read): string {
  const { identifier, resourceId, instrument } = read.imported;
  const suffix = `/${instrument.definition.id}`;
  if (identifier?.endsWith(suffix) && identifier.length > suffix.length) return identifier.slice(0, -suffix.length);
  return `fhir-${resourceId ?? identifier ?? 'unknown'}`;
}

/**
 * The visits in a patient's QuestionnaireResponses pulled from the clinic's server, as this tablet's own
 * assessments: the responses of one assessment (one per instrument, named `<assessment id>/<instrument>`) become
 * one assessment under that same id (so a second pull, a backup merge or the tablet that gave it never makes a
 * duplicate), answers read by their meaning (`fromQuestionnaireResponse`), **re-scored by this tablet's engine**,
 * and every score the server stated that differs kept on `origin.mismatches`. How long each item took is not in a
 * response, so no "too fast" flag is raised; safety alerts are raised from the answers as on any assessment.
 */
export function assembleImportedVisits(
  responses: readonly QuestionnaireResponse[],
  catalogue: Pick<Catalogue, 'instruments'>,
  into: { readonly patientId: PatientId; readonly server: string; readonly pulledAt: string; readonly birthYear?: number | null },
): ImportedVisits {
  const skipped: SkippedResponse[] = [];
  const voided: string[] = [];
  const groups = new Map<string, Read[]>();
  responses.forEach((response, index) => {
    const read = fromQuestionnaireResponse(response, catalogue);
    if (!read.ok) return skipped.push({ index, resourceId: response.id ?? null, reasons: read.error.map((p) => p.message) });
    if (read.value.status !== 'completed' && read.value.status !== 'amended' && read.value.status !== 'entered-in-error')
      return skipped.push({ index, resourceId: response.id ?? null, reasons: [`its status is ${read.value.status}, not completed`] });
    const key = assessmentKey({ response, imported: read.value });
    groups.set(key, [...(groups.get(key) ?? []), { response, imported: read.value }]);
  });
  const assessments = [...groups].map(([id, reads]) => assemble(id, reads, into));
  for (const a of assessments) if (a.revision?.kind === 'entered-in-error') voided.push(a.id);
  return { assessments, skipped, voided };
}

function assemble(id: string, reads: readonly Read[], into: { readonly patientId: PatientId; readonly server: string; readonly pulledAt: string; readonly birthYear?: number | null }): Assessment {
  const instruments: Instrument[] = reads.map((r) => r.imported.instrument);
  const definitions = instruments.map((i) => i.definition);
  const authored = reads.map((r) => r.imported.authored ?? into.pulledAt).sort();
  const [first] = reads;
  const language = first?.response.language ?? 'en';
  const texts = Object.fromEntries(
    reads.map((r) => [r.imported.instrument.definition.id, { language: r.response.language ?? language, version: r.imported.instrument.definition.version, packHash: null, reading: 'respondent' as const }]),
  );
  const byDevice = first?.response.author?.type === 'Device';
  let assessment = startAssessment({
    id: asAssessmentId(id),
    patientId: into.patientId,
    batteryName: definitions.map((d) => d.shortTitle).join(' + '),
    definitions,
    mode: byDevice ? 'patient' : 'clinician',
    language,
    texts,
    now: authored[0] ?? into.pulledAt,
    // This tablet's record of the patient's birth year: a table converted by age group (CFPB) needs it.
    birthYear: into.birthYear ?? null,
    notAsked: Object.fromEntries(reads.map((r) => [r.imported.instrument.definition.id, r.imported.notAsked])),
  });
  for (const { imported } of reads) {
    const answeredAt = imported.authored ?? into.pulledAt;
    for (const [itemId, code] of Object.entries(imported.answers)) assessment = recordAnswer(assessment, imported.instrument.definition, itemId, { code, answeredAt, durationMs: 0 });
  }
  const completed = completeAssessment(assessment, definitions, () => ({}), authored.at(-1) ?? into.pulledAt);
  const qualityFlags = Object.fromEntries(Object.entries(completed.qualityFlags).map(([k, flags]) => [k, flags.filter((f) => f.code !== 'tooFast')]));
  const origin: AssessmentOrigin = {
    server: into.server,
    pulledAt: into.pulledAt,
    responses: reads.map((r) => ({ instrumentId: r.imported.instrument.definition.id, resourceId: r.imported.resourceId, versionId: r.imported.versionId })),
    mismatches: reads.flatMap((r) => {
      const result = completed.results?.[r.imported.instrument.definition.id];
      return result ? compareServerScores(r.imported.reportedScores, result).map((m) => ({ instrumentId: r.imported.instrument.definition.id, ...m })) : [];
    }),
  };
  const revision = revisionOf(id, reads, into.pulledAt);
  // A visit is voided only after its alerts were acknowledged where it was given (`voidVisit`): none reopens here.
  const seen = revision?.kind === 'entered-in-error' && completed.alertsAcknowledgedAt === null && completed.alerts.length > 0 ? { alertsAcknowledgedAt: revision.at } : {};
  return { ...completed, qualityFlags, origin, ...seen, ...(revision ? { revision } : {}) };
}

/**
 * Which version of its visit the responses are: the highest revision any of them carries (every response of a
 * corrected version carries it), `entered-in-error` when that response is. A response `amended` or
 * `entered-in-error` by another tool, without our extension, is read as the second version, its reason unstated.
 * Who corrected it is not in a response (the Provenance says it, for the EHR): `by` stays empty.
 */
function revisionOf(root: string, reads: readonly Read[], pulledAt: string): AssessmentRevision | null {
  const corrected = reads.filter((r) => r.imported.revision !== null || r.imported.status === 'amended' || r.imported.status === 'entered-in-error');
  if (corrected.length === 0) return null;
  const number = (r: Read) => r.imported.revision?.number ?? 2;
  const newest = corrected.reduce((a, b) => (number(b) > number(a) ? b : a));
  const voided = corrected.some((r) => number(r) === number(newest) && r.imported.status === 'entered-in-error');
  return {
    root,
    number: number(newest),
    kind: voided ? 'entered-in-error' : 'amended',
    reason: newest.imported.revision?.reason ?? (voided ? 'entered-in-error' : 'wrong-answer'),
    note: newest.imported.revision?.note ?? '',
    at: newest.imported.lastUpdated ?? pulledAt,
    by: '',
    changed: corrected.filter((r) => r.imported.status === 'amended').map((r) => r.imported.instrument.definition.id),
  };
}
