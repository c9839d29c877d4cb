import type { RewardTaskConfig } from '../../domain/prt/task-config.ts';
import type { Mouth } from '../../domain/prt/task-schedule.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { FocusHeading } from '../components/focus-heading.tsx';
import { RewardFace } from './reward-face.tsx';

type Props = { readonly config: RewardTaskConfig; readonly onStart: () => void };

const EXAMPLES: readonly Mouth[] = ['short', 'long'];

/** How the game works, in plain words, with the two mouths as labelled examples; then Start (the practice). */
export function InstructionsScreen({ config, onStart }: Props) {
  const t = useTranslate();
  return (
    <section className="reward-screen">
      <FocusHeading>{t('reward.instructions.heading')}</FocusHeading>
      <ul className="reward-rules">
        <li>{t('reward.instructions.face')}</li>
        <li>{t('reward.instructions.mouth')}</li>
        <li>{t('reward.instructions.answer')}</li>
        <li>{t('reward.instructions.points')}</li>
        <li>{t('reward.instructions.goal')}</li>
      </ul>
      <p className="reward-lead">{t('reward.instructions.example')}</p>
      <div className="reward-examples">
        {EXAMPLES.map((mouth) => (
          <figure key={mouth} className="reward-example">
            <RewardFace mouthWidth={config.mouthWidth} mouth={mouth} className="reward-face reward-face-example" />
            <figcaption>{t(mouth === 'short' ? 'reward.mouth.short' : 'reward.mouth.long')}</figcaption>
          </figure>
        ))}
      </div>
      {config.practiceTrials > 0 ? <p className="reward-lead">{t('reward.instructions.practice', { count: config.practiceTrials })}</p> : null}
      <button type="button" className="button button-large" onClick={onStart}>
        {t('reward.start')}
      </button>
    </section>
  );
}
