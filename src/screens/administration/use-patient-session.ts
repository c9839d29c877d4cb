import { useEffect, useRef, useState } from 'react';
import type { EffortTaskRecord } from '../../domain/effort-task/task-record.ts';
import type { RewardTaskRecord } from '../../domain/prt/task-record.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import type { PatientSession } from '../../domain/patient-session.ts';
import type { Result } from '../../domain/result.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import { createPatientWriter, openPatientSession, type OpenedPatientSession, type PatientWriter, type PatientWriterState } from '../../workflows/patient-answers.ts';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';
import { useLeaveWarning } from './use-leave-warning.ts';

export type PatientSessionState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly problem: StorageError }
  | { readonly kind: 'ready'; readonly session: PatientSession; readonly instruments: readonly Instrument[] };

/**
 * The handed-over assessment, for patient mode: opened from the hand-over (`known`: what the clinician had open, in
 * memory; after a reload, what is stored in the clear), every answer through the workflow's ordered writer, which
 * seals it to the clinic's inbox key, keeps it in memory first and keeps a failed write queued (`saveProblem`,
 * written again by `retry` or the next answer). While writes wait, leaving or reloading the page asks first.
 */
export function usePatientSession(assessmentId: string, known: PatientSession | null, preopened?: Result<OpenedPatientSession, StorageError>) {
  const { vault, env, catalogue } = useServices();
  const { db } = vault;
  const opened = useLoaded(() => openPatientSession({ db, catalogue }, assessmentId, known), [db, catalogue, assessmentId, known], preopened);
  const [live, setLive] = useState<PatientWriterState | null>(() => (preopened?.ok ? { session: preopened.value.session, problem: null, pending: 0 } : null));
  const writer = useRef<PatientWriter | null>(null);

  const openedValue = opened.state.kind === 'ready' ? opened.state.value : null;
  useEffect(() => {
    if (!openedValue) return;
    let alive = true;
    writer.current = createPatientWriter({ db, env }, openedValue, (state) => {
      // A write that ends after the screen is gone (unmounted, or the keys changed) is reported to no one.
      if (alive) setLive(state);
    });
    // Already shown when the session came opened from the boot: no second render of the same session.
    setLive((current) => (current?.session === openedValue.session && current.pending === 0 ? current : { session: openedValue.session, problem: null, pending: 0 }));
    return () => {
      alive = false;
    };
  }, [openedValue, db, env]);

  const pendingWrites = live?.pending ?? 0;
  useLeaveWarning(pendingWrites > 0);

  const state: PatientSessionState =
    opened.state.kind === 'failed'
      ? { kind: 'failed', problem: opened.state.error }
      : openedValue && live
        ? { kind: 'ready', session: live.session, instruments: openedValue.instruments }
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
    saveEffortTask: (effortTask: EffortTaskRecord) => writer.current?.saveEffortTask(effortTask),
    saveRewardTask: (rewardTask: RewardTaskRecord) => writer.current?.saveRewardTask(rewardTask),
    /** Marks the patient's part finished; false when a write failed (then shown as `saveProblem`). */
    finish: async (): Promise<boolean> => (writer.current ? (await writer.current.finish()).ok : false),
  };
}
