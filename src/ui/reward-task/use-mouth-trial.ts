import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { RewardTaskConfig } from '../../domain/prt/task-config.ts';
import type { MouthDisplay } from '../../domain/prt/task-events.ts';
import type { Mouth } from '../../domain/prt/task-schedule.ts';
import { framesFor, isDue, medianFrameInterval } from './frame-timing.ts';

/** One answer with what the display did: reported once per trial, when both the tap and the mouth's removal are in. */
export type MouthTrialAnswer = { readonly response: Mouth; readonly rtMs: number; readonly display: MouthDisplay; readonly at: number };

type Options = {
  /** Changes for every trial (phase and index): a new key starts a new trial. */
  readonly trialKey: string;
  readonly timing: Pick<RewardTaskConfig, 'fixationMs' | 'faceMs' | 'stimulusMs'>;
  /** False while feedback shows: the face stays as the last trial left it and nothing runs. */
  readonly running: boolean;
  /** Epoch ms, for the answer's stored time. */
  readonly now: () => number;
  readonly onAnswer: (answer: MouthTrialAnswer) => void;
};

type TrialState = {
  /** rAF timestamp of the frame the mouth was drawn in; null before. */
  onsetAt: number | null;
  display: MouthDisplay | null;
  pending: Omit<MouthTrialAnswer, 'display'> | null;
  reported: boolean;
};

const show = (ref: RefObject<Element | null>, visible: boolean) => ref.current?.setAttribute('visibility', visible ? 'visible' : 'hidden');

function report(state: TrialState, onAnswer: (answer: MouthTrialAnswer) => void) {
  if (state.reported || !state.pending || !state.display) return;
  state.reported = true;
  onAnswer({ ...state.pending, display: state.display });
}

/**
 * Runs one PRT trial on display frames: fixation cross `fixationMs` → mouthless face `faceMs` → the mouth for the
 * whole number of frames nearest `stimulusMs` → the mouthless face until the answer. Every change is made to the DOM
 * inside a requestAnimationFrame callback (not through a React render, which could land a frame later), so the
 * callback's timestamp is when the frame showing it began. The frame interval is the median rAF interval during the
 * fixation. Reaction time is `performance.now()` at the tap minus the mouth's frame timestamp (the same clock).
 */
export function useMouthTrial({ trialKey, timing, running, now, onAnswer }: Options) {
  const crossRef = useRef<SVGGElement>(null);
  const faceRef = useRef<SVGGElement>(null);
  const mouthRef = useRef<SVGLineElement>(null);
  const [answerable, setAnswerable] = useState(false);
  const trial = useRef<TrialState | null>(null);
  const latest = useRef(onAnswer);
  latest.current = onAnswer;
  const { fixationMs, faceMs, stimulusMs } = timing;

  // A layout effect: the cross replaces the last trial's face before the browser paints the new trial.
  useLayoutEffect(() => {
    if (!running) return undefined;
    const state: TrialState = { onsetAt: null, display: null, pending: null, reported: false };
    trial.current = state;
    setAnswerable(false);
    show(crossRef, true);
    show(faceRef, false);
    show(mouthRef, false);
    const stamps: number[] = [];
    let stage: 'fixation' | 'face' | 'mouth' = 'fixation';
    let faceAt = 0;
    let frameMs: number | null = null;
    let frames = 1;
    let count = 0;
    let id = 0;
    const tick = (ts: number) => {
      id = requestAnimationFrame(tick);
      if (stage === 'fixation') {
        stamps.push(ts);
        if (!isDue(ts - (stamps[0] ?? ts), fixationMs, medianFrameInterval(stamps))) return;
        frameMs = medianFrameInterval(stamps);
        frames = framesFor(stimulusMs, frameMs);
        show(crossRef, false);
        show(faceRef, true);
        faceAt = ts;
        stage = 'face';
      }
      if (stage === 'face') {
        if (!isDue(ts - faceAt, faceMs, frameMs)) return;
        show(mouthRef, true);
        state.onsetAt = ts;
        stage = 'mouth';
        setAnswerable(true);
        return;
      }
      count += 1;
      if (count < frames) return;
      cancelAnimationFrame(id);
      show(mouthRef, false);
      state.display = { frames, shownMs: ts - (state.onsetAt ?? ts), frameMs };
      report(state, latest.current);
    };
    id = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(id);
  }, [trialKey, running, fixationMs, faceMs, stimulusMs]);

  /** The patient's answer: ignored before the mouth appears and after the first answer of the trial. */
  const answer = (response: Mouth) => {
    const state = trial.current;
    if (!running || !state || state.onsetAt === null || state.pending) return;
    state.pending = { response, rtMs: performance.now() - state.onsetAt, at: now() };
    setAnswerable(false);
    // A tap while the mouth still shows is reported when the mouth is removed, with its full display.
    report(state, latest.current);
  };

  return { crossRef, faceRef, mouthRef, answerable, answer };
}
