import { useCallback, useEffect, useRef, useState } from 'react';
import { alertsForAnswer, completeAssessment, reconcileAlerts, recordAnswer, type Assessment } from '../../domain/assessment.ts';
import type { EffortTaskRecord } from '../../domain/effort-task/task-record.ts';
import type { Catalogue, Instrument } from '../../domain/instrument-catalogue.ts';
import { asAssessmentId, type Environment } from '../../domain/ids.ts';
import { getAssessment, saveAnswer, updateAssessment } from '../../storage/assessment-repository.ts';
import type { Vault } from '../../storage/vault.ts';
import type { StorageError } from '../../storage/storage-error.ts';

export type SessionState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly problem: StorageError }
  | { readonly kind: 'ready'; readonly assessment: Assessment; readonly instruments: readonly Instrument[] };

/**
 * A write not yet stored: an answer, with the assessment as it stood right after it (its alerts included), or a
 * step of the effort task (the whole assessment state). One queue keeps them in the order they happened.
 */
type PendingWrite =
  | {
      readonly kind: 'answer';
      readonly after: Assessment;
      readonly instrumentId: string;
      readonly itemId: string;
      readonly answer: Assessment['answers'][string][string];
    }
  | { readonly kind: 'state'; readonly after: Assessment };

/**
 * One assessment being answered. Every answer goes into memory first (so the screen never loses it) and is then
 * written to IndexedDB at once; a failed write is kept and retried, and the failure is shown.
 */
export function useAssessmentSession(vault: Vault, catalogue: Catalogue, env: Environment, assessmentId: string) {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  const [saveProblem, setSaveProblem] = useState<StorageError | null>(null);
  const current = useRef<Assessment | null>(null);
  const pending = useRef<PendingWrite[]>([]);
  const running = useRef<Promise<void> | null>(null);

  useEffect(() => {
    let live = true;
    void getAssessment(vault, asAssessmentId(assessmentId)).then((found) => {
      if (!live) return;
      if (!found.ok) {
        setState({ kind: 'failed', problem: found.error });
        return;
      }
      const instruments = found.value.instruments.flatMap(({ id }) => catalogue.instruments.filter((i) => i.definition.id === id));
      // Alerts are re-derived from the stored answers, so no write order can ever lose one.
      const assessment = reconcileAlerts(found.value, instruments.map((i) => i.definition));
      current.current = assessment;
      setState({ kind: 'ready', assessment, instruments });
    });
    return () => {
      live = false;
    };
  }, [vault, catalogue, assessmentId]);

  /** Writes queued answers in order, one writer at a time; an answer leaves the queue only once it is stored. */
  const flush = useCallback((): Promise<void> => {
    if (running.current) return running.current;
    let failed = false;
    const run = (async () => {
      try {
        while (pending.current.length > 0) {
          const next = pending.current[0];
          if (!next) break;
          const saved = next.kind === 'answer' ? await saveAnswer(vault, next.after, next.instrumentId, next.itemId, next.answer) : await updateAssessment(vault, next.after);
          if (!saved.ok) {
            failed = true;
            setSaveProblem(saved.error);
            return;
          }
          pending.current.shift();
        }
        setSaveProblem(null);
      } finally {
        running.current = null;
        // An answer queued while the last write finished still gets written.
        if (!failed && pending.current.length > 0) void flush();
      }
    })();
    running.current = run;
    return run;
  }, [vault]);

  /** Records an answer and returns the safety alerts it raises on its own (shown to the patient at once). */
  const answer = useCallback(
    (instrument: Instrument, itemId: string, code: string, durationMs: number): string[] => {
      const before = current.current;
      if (!before) return [];
      const record = { code, answeredAt: env.now(), durationMs };
      const after = recordAnswer(before, instrument.definition, itemId, record);
      current.current = after;
      setState((s) => (s.kind === 'ready' ? { ...s, assessment: after } : s));
      pending.current.push({ kind: 'answer', after, instrumentId: instrument.definition.id, itemId, answer: record });
      void flush();
      return alertsForAnswer(instrument.definition, itemId, code);
    },
    [env, flush],
  );

  /** Records a finished step of the effort task, saved at once like an answer. */
  const saveEffortTask = useCallback(
    (effortTask: EffortTaskRecord) => {
      const before = current.current;
      if (!before) return;
      const after = { ...before, effortTask, updatedAt: env.now() };
      current.current = after;
      setState((s) => (s.kind === 'ready' ? { ...s, assessment: after } : s));
      pending.current.push({ kind: 'state', after });
      void flush();
    },
    [env, flush],
  );

  /** Scores the assessment and stores it as completed. */
  const finish = useCallback(async (): Promise<boolean> => {
    const before = current.current;
    if (!before || state.kind !== 'ready') return false;
    await flush();
    if (pending.current.length > 0) return false;
    const texts = (id: string) => state.instruments.find((i) => i.definition.id === id)?.locales.en?.items ?? {};
    const done = completeAssessment(
      before,
      state.instruments.map((i) => i.definition),
      (def) => texts(def.id),
      env.now(),
    );
    const saved = await updateAssessment(vault, done);
    if (!saved.ok) {
      setSaveProblem(saved.error);
      return false;
    }
    current.current = done;
    setState({ ...state, assessment: done });
    return true;
  }, [vault, env, flush, state]);

  return { state, saveProblem, retry: flush, answer, saveEffortTask, finish };
}
