import { alertsForAnswer, completeAsGiven, reconcileAlerts, recordAnswer, type Assessment } from '../domain/assessment.ts';
import type { EffortTaskRecord } from '../domain/effort-task/task-record.ts';
import { asAssessmentId } from '../domain/ids.ts';
import type { Instrument } from '../domain/instrument-catalogue.ts';
import { ok, type Result } from '../domain/result.ts';
import { getAssessment, saveAnswer, updateAssessment } from '../storage/assessment-repository.ts';
import { createWriteQueue } from './write-queue.ts';
import type { StorageError } from '../storage/storage-error.ts';
import { audit, withAttribution } from './attribution.ts';
import { holderOf } from '../domain/clinician.ts';
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
  const queue = createWriteQueue(vault.db, () => onChange({ assessment: current, problem: queue.problem(), pending: queue.pending() }));
  const enqueue = (after: Assessment, write: () => Promise<Result<void, StorageError>>) => {
    current = after;
    queue.push(write);
  };

  return {
    current: () => current,
    answer: (instrument, itemId, code, durationMs) => {
      const record = { code, answeredAt: env.now(), durationMs };
      const instrumentId = instrument.definition.id;
      const answered = recordAnswer(current, instrument.definition, itemId, record);
      // Keyed in by a clinician: who, per instrument, saved with the answer. A new name for it is one audit line.
      const entering = answered.mode === 'clinician' && answered.attribution?.enteredBy?.[instrumentId]?.id !== holderOf(vault.keys).id;
      const after = entering ? withAttribution(answered, vault, (actor) => ({ enteredBy: { ...answered.attribution?.enteredBy, [instrumentId]: actor } })) : answered;
      enqueue(after, () => saveAnswer(vault, after, instrumentId, itemId, record));
      if (entering) queue.push(() => audit(ctx, { action: 'enter-answers', patientId: after.patientId, assessmentId: after.id, instrumentId }));
      return alertsForAnswer(instrument.definition, itemId, code);
    },
    saveEffortTask: (effortTask) => {
      const after = { ...current, effortTask, updatedAt: env.now() };
      enqueue(after, () => updateAssessment(vault, after));
    },
    flush: queue.flush,
    finish: async () => {
      const flushed = await queue.flush();
      if (!flushed.ok) return flushed;
      const done = completeAsGiven(current, opened.instruments, env.now());
      const saved = await updateAssessment(vault, done);
      if (!saved.ok) return queue.fail(saved.error);
      current = done;
      queue.succeeded();
      return ok(done);
    },
  };
}
