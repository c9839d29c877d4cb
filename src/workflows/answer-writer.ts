import { alertsForAnswer, completeAssessment, givenPack, reconcileAlerts, recordAnswer, type Assessment } from '../domain/assessment.ts';
import type { EffortTaskRecord } from '../domain/effort-task/task-record.ts';
import { asAssessmentId } from '../domain/ids.ts';
import { type Instrument } from '../domain/instrument-catalogue.ts';
import { err, ok, type Err, type Result } from '../domain/result.ts';
import { getAssessment, saveAnswer, updateAssessment } from '../storage/assessment-repository.ts';
import { ensureDatabaseOpen } from '../storage/database.ts';
import type { StorageError } from '../storage/storage-error.ts';
import type { WorkflowContext } from './workflow-context.ts';

/** An assessment opened for answering, with its instruments in the order they are given. */
export type OpenedAssessment = { readonly assessment: Assessment; readonly instruments: readonly Instrument[] };

/**
 * Opens an assessment for answering (patient mode or clinician entry). Alerts are re-derived from the stored
 * answers, so no write order can ever lose one.
 */
export async function openAssessmentForAnswers(ctx: Pick<WorkflowContext, 'vault' | 'catalogue'>, assessmentId: string): Promise<Result<OpenedAssessment, StorageError>> {
  const found = await getAssessment(ctx.vault, asAssessmentId(assessmentId));
  if (!found.ok) return found;
  const instruments = found.value.instruments.flatMap(({ id }) => ctx.catalogue.instruments.filter((i) => i.definition.id === id));
  return ok({ assessment: reconcileAlerts(found.value, instruments.map((i) => i.definition)), instruments });
}

/**
 * A write not yet stored: an answer, with the assessment as it stood right after it (its alerts included), or a
 * step of the effort task (the whole assessment state). One queue keeps them in the order they happened.
 */
type PendingWrite =
  | { readonly kind: 'answer'; readonly after: Assessment; readonly instrumentId: string; readonly itemId: string; readonly answer: Assessment['answers'][string][string] }
  | { readonly kind: 'state'; readonly after: Assessment };

/** What the writer reports on every change: the assessment in memory, the failure shown, and how many writes wait. */
export type WriterState = { readonly assessment: Assessment; readonly problem: StorageError | null; readonly pending: number };

export type AnswerWriter = {
  /** The assessment as answered so far (memory is ahead of storage while writes are queued). */
  readonly current: () => Assessment;
  /** Records an answer at once in memory, queues its write, and returns the safety alerts it raises on its own. */
  readonly answer: (instrument: Instrument, itemId: string, code: string, durationMs: number) => readonly string[];
  /** Records a finished step of the effort task, written like an answer. */
  readonly saveEffortTask: (effortTask: EffortTaskRecord) => void;
  /** Writes what is queued, in order; resolves with the first failure (the write stays queued) or ok. */
  readonly flush: () => Promise<Result<void, StorageError>>;
  /** Writes what is queued, then scores the assessment and stores it as completed. */
  readonly finish: () => Promise<Result<Assessment, StorageError>>;
};

/**
 * The one ordered writer of an assessment being answered. Every answer goes into memory first (so the screen never
 * loses it) and is then written at once, one write at a time, in the order given; a failed write stays queued,
 * is reported through `onChange`, and is written again by the next `flush` (Try again) or the next answer.
 * `onChange` also reports each new in-memory state, so a screen can show it.
 */
export function createAnswerWriter(
  ctx: Pick<WorkflowContext, 'vault' | 'env'>,
  opened: OpenedAssessment,
  onChange: (state: WriterState) => void,
): AnswerWriter {
  const { vault, env } = ctx;
  let current = opened.assessment;
  let problem: StorageError | null = null;
  const pending: PendingWrite[] = [];
  let running: Promise<Result<void, StorageError>> | null = null;
  const report = () => onChange({ assessment: current, problem, pending: pending.length });
  // A full disk first fails the commit, then Chromium closes the connection, so the next tries fail as "closed"
  // (which alone would read as private browsing): while those writes wait, the cause shown stays the full disk.
  const fail = (error: StorageError): Err<StorageError> => {
    const shown: StorageError = problem?.code === 'storage-full' && error.code === 'unavailable' ? { code: 'storage-full', detail: error.detail } : error;
    problem = shown;
    report();
    return err(shown);
  };

  const writeQueue = async (): Promise<Result<void, StorageError>> => {
    if (problem) {
      const reopened = await ensureDatabaseOpen(vault.db);
      if (!reopened.ok) return fail(reopened.error);
    }
    while (pending.length > 0) {
      const next = pending[0];
      if (!next) break;
      const write = () => (next.kind === 'answer' ? saveAnswer(vault, next.after, next.instrumentId, next.itemId, next.answer) : updateAssessment(vault, next.after));
      let saved = await write();
      // The browser may close the connection just after a failed commit, even after it was opened again for this
      // try: open it once more and write the same item again before reporting.
      if (!saved.ok && saved.error.code === 'unavailable' && !vault.db.isOpen() && (await ensureDatabaseOpen(vault.db)).ok) saved = await write();
      if (!saved.ok) return fail(saved.error);
      pending.shift();
    }
    // Reported even without a problem: the screen learns nothing waits any more (its leave warning goes).
    problem = null;
    report();
    return ok(undefined);
  };

  const flush = (): Promise<Result<void, StorageError>> => {
    if (running) return running.then((done) => (done.ok && pending.length > 0 ? flush() : done));
    running = writeQueue().finally(() => {
      running = null;
    });
    return running;
  };

  const enqueue = (write: PendingWrite) => {
    current = write.after;
    pending.push(write);
    report();
    void flush();
  };

  return {
    current: () => current,
    answer: (instrument, itemId, code, durationMs) => {
      const record = { code, answeredAt: env.now(), durationMs };
      enqueue({ kind: 'answer', after: recordAnswer(current, instrument.definition, itemId, record), instrumentId: instrument.definition.id, itemId, answer: record });
      return alertsForAnswer(instrument.definition, itemId, code);
    },
    saveEffortTask: (effortTask) => enqueue({ kind: 'state', after: { ...current, effortTask, updatedAt: env.now() } }),
    flush,
    finish: async () => {
      const flushed = await flush();
      if (!flushed.ok) return flushed;
      const definitions = opened.instruments.map((i) => i.definition);
      // Quality flags time the items as given: each instrument in the text recorded for it (language and pack).
      const itemTexts = (id: string) => {
        const instrument = opened.instruments.find((i) => i.definition.id === id);
        return instrument ? givenPack(current, instrument).items : {};
      };
      const done = completeAssessment(current, definitions, (def) => itemTexts(def.id), env.now());
      const saved = await updateAssessment(vault, done);
      if (!saved.ok) return fail(saved.error);
      current = done;
      problem = null;
      report();
      return ok(done);
    },
  };
}
