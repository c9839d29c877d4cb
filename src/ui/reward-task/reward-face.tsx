import type { Ref } from 'react';
import type { Mouth } from '../../domain/prt/task-schedule.ts';

/** The face's outline spans this much of the 100-unit view box: mouth widths are fractions of it. */
const FACE_WIDTH = 92;
const MOUTH_Y = 72;

type Props = {
  /** The mouth drawn, as a fraction of the face's width by length (`config.mouthWidth`). */
  readonly mouthWidth: Readonly<Record<Mouth, number>>;
  /** A mouth always shown (the instructions' examples); omitted in a trial, where the trial shows and hides it. */
  readonly mouth?: Mouth;
  /** In a trial: the mouth's line, shown and hidden in requestAnimationFrame callbacks, never by React. */
  readonly mouthRef?: Ref<SVGLineElement>;
  /** In a trial: the mouth that the line draws (its length is set before it is shown). */
  readonly trialMouth?: Mouth;
  readonly faceRef?: Ref<SVGGElement>;
  readonly crossRef?: Ref<SVGGElement>;
  readonly className?: string;
};

/**
 * The PRT face in black on white: an outline, two eyes, a nose and a horizontal mouth (Pizzagalli et al. 2005).
 * Hidden from screen readers: the task is visual, and a patient who cannot see it stops with the reason "cannot see".
 * In a trial the fixation cross, the face and the mouth are shown and hidden through refs, at display frames.
 */
export function RewardFace({ mouthWidth, mouth, mouthRef, trialMouth, faceRef, crossRef, className }: Props) {
  const drawn = mouth ?? trialMouth;
  const half = drawn ? (mouthWidth[drawn] * FACE_WIDTH) / 2 : 0;
  const inTrial = mouth === undefined;
  return (
    <svg className={className ?? 'reward-face'} viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      {inTrial ? (
        <g ref={crossRef} className="reward-cross" stroke="currentColor" strokeWidth="3" visibility="hidden">
          <line x1="40" y1="50" x2="60" y2="50" />
          <line x1="50" y1="40" x2="50" y2="60" />
        </g>
      ) : null}
      <g ref={faceRef} className="reward-face-parts" visibility={inTrial ? 'hidden' : undefined}>
        <circle cx="50" cy="50" r={FACE_WIDTH / 2} fill="#fff" stroke="currentColor" strokeWidth="2.5" />
        <circle cx="34" cy="38" r="4.5" fill="currentColor" />
        <circle cx="66" cy="38" r="4.5" fill="currentColor" />
        <path d="M50 44 L45 58 L53 58" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinejoin="round" />
        {drawn ? (
          <line
            ref={mouthRef}
            className="reward-mouth"
            x1={50 - half}
            x2={50 + half}
            y1={MOUTH_Y}
            y2={MOUTH_Y}
            stroke="currentColor"
            strokeWidth="3.5"
            strokeLinecap="butt"
            visibility={inTrial ? 'hidden' : undefined}
          />
        ) : null}
      </g>
    </svg>
  );
}
