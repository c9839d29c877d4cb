import { useEffect, useRef, useState } from 'react';
import type { Assessment } from '../../domain/assessment.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import { createAnswerWriter, openAssessmentForAnswers, type AnswerWriter, type WriterState } from '../../workflows/answer-writer.ts';
import { sendRiskFlags } from '../../workflows/risk-flags.ts';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';
import { useLeaveWarning } from './use-leave-warning.ts';

export type SessionState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly problem: StorageError }
  | { readonly kind: 'ready'; readonly assessment: Assessment; readonly instruments: readonly Instrument[] };

/**
 * One assessment being answered, for the screen: the read goes through `useLoaded`, every answer through the
 * workflow's ordered writer (`createAnswerWriter`), which keeps it in memory first, writes it at once, and keeps a
 * failed write queued (shown as `saveProblem`, written again by `retry` or the next answer). While writes wait,
 * leaving or reloading the page asks first: a reload would drop them.
 */
export function useAssessmentSession(assessmentId: string) {
  const services = useServices();
  const { vault, env, catalogue } = services;
  const opened = useLoaded(() => openAssessmentForAnswers({ vault, catalogue }, assessmentId), [vault, catalogue, assessmentId]);
  const [live, setLive] = useState<WriterState | null>(null);
  const writer = useRef<AnswerWriter | null>(null);

  const openedValue = opened.state.kind === 'ready' ? opened.state.value : null;
  useEffect(() => {
    if (!openedValue) return;
    let alive = true;
    writer.current = createAnswerWriter({ vault, env }, openedValue, (state) => {
      // A write that ends after the screen is gone (unmounted, or the keys changed) is reported to no one.
      if (alive) setLive(state);
    });
    setLive({ assessment: openedValue.assessment, problem: null, pending: 0 });
    return () => {
      alive = false;
    };
    // A new vault (the keys changed) or a new read starts a new writer; the old one's queue was already flushed or is shown.
  }, [openedValue, vault, env]);

  const pendingWrites = live?.pending ?? 0;
  useLeaveWarning(pendingWrites > 0);

  const state: SessionState =
    opened.state.kind === 'failed'
      ? { kind: 'failed', problem: opened.state.error }
      : openedValue && live
        ? { kind: 'ready', assessment: live.assessment, instruments: openedValue.instruments }
        : { kind: 'loading' };

  return {
    state,
    saveProblem: live?.problem ?? null,
    /** Answers (or effort-task steps) held in memory and not yet stored. */
    pendingWrites,
    retry: () => writer.current?.flush() ?? Promise.resolve(),
    /** Records an answer and returns the safety alerts it raises on its own (shown to the patient at once). */
    answer: (instrument: Instrument, itemId: string, code: string, durationMs: number): readonly string[] =>
      writer.current?.answer(instrument, itemId, code, durationMs) ?? [],
    /**
     * After an answer raised a safety alert in clinician entry: once it is stored, sends the alert to the EHR as a
     * Flag (`sendRiskFlags`: nothing without a connection; a failure waits in the outbox and shows on the patient's
     * page). Never in patient mode, which holds no key.
     */
    sendRiskFlags: async (): Promise<void> => {
      const flushed = await writer.current?.flush();
      if (flushed?.ok) await sendRiskFlags(services, assessmentId);
    },
    saveEffortTask: (effortTask: NonNullable<Assessment['effortTask']>) => writer.current?.saveEffortTask(effortTask),
    /** Scores the assessment and stores it as completed; false when a write failed (then shown as `saveProblem`). */
    finish: async (): Promise<boolean> => (writer.current ? (await writer.current.finish()).ok : false),
  };
}
