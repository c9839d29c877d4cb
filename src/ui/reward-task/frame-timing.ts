/**
 * Display-frame arithmetic for the reward task's mouth: the mouth is shown for a whole number of frames, counted with
 * requestAnimationFrame, because a display can only show it for whole frames (Pizzagalli et al. 2005 used 100 ms).
 */

/** Assumed when the frame interval cannot be measured (no or too few frames during the fixation): 60 Hz. */
export const FALLBACK_FRAME_MS = 1000 / 60;

/** Fewer timestamps than this measure nothing reliable. */
const MIN_STAMPS = 3;

/** The median interval between consecutive rAF timestamps (ms), or null when there are too few to measure. */
export function medianFrameInterval(stamps: readonly number[]): number | null {
  if (stamps.length < MIN_STAMPS) return null;
  const deltas = stamps
    .slice(1)
    .map((t, i) => t - (stamps[i] ?? t))
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  if (deltas.length === 0) return null;
  const mid = Math.floor(deltas.length / 2);
  const upper = deltas[mid] ?? 0;
  return deltas.length % 2 === 1 ? upper : ((deltas[mid - 1] ?? upper) + upper) / 2;
}

/** The whole number of frames nearest to `stimulusMs` at `frameMs` per frame (60 Hz when unmeasured), at least 1. */
export function framesFor(stimulusMs: number, frameMs: number | null): number {
  return Math.max(1, Math.round(stimulusMs / (frameMs ?? FALLBACK_FRAME_MS)));
}

/**
 * Whether a period of `durationMs` that began `elapsedMs` ago (both on rAF timestamps) ends at this frame: the frame
 * nearest to its end, so a 500 ms face at 60 Hz lasts 30 frames, not 31.
 */
export function isDue(elapsedMs: number, durationMs: number, frameMs: number | null): boolean {
  return elapsedMs >= durationMs - (frameMs ?? FALLBACK_FRAME_MS) / 2;
}
