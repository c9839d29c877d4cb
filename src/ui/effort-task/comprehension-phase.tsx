import { useState } from 'react';
import { COMPREHENSION_OPTIONS, isCorrectAnswer } from '../../domain/effort-task/comprehension.ts';
import type { EffortTaskStep } from '../../domain/effort-task/task-progress.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { FocusHeading } from '../components/focus-heading.tsx';
import type { PhaseProps } from './task-dispatch.ts';

type Props = PhaseProps & { readonly step: Extract<EffortTaskStep, { kind: 'comprehension' }> };

const RULES = ['effort.instructions.offer', 'effort.instructions.accept', 'effort.instructions.fail', 'effort.instructions.reject', 'effort.instructions.choose'] as const;

/** The rules in short sentences, then one question at a time; a wrong answer explains and asks again. */
export function ComprehensionPhase({ record, step, now, dispatch, announce }: Props) {
  const t = useTranslate();
  const [read, setRead] = useState(record.comprehension.length > 0);
  const { question, retry } = step;

  if (!read) {
    return (
      <section className="effort-screen">
        <FocusHeading>{t('effort.instructions.heading')}</FocusHeading>
        <ul className="effort-rules">
          {RULES.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
        <button type="button" className="button button-large" onClick={() => setRead(true)}>
          {t('effort.next')}
        </button>
      </section>
    );
  }
  const asked = record.comprehension.length;
  return (
    // A new key per answer re-focuses the heading, so the question is read again after a wrong answer.
    <section key={`${question}-${String(asked)}`} className="effort-screen" aria-labelledby="effort-question">
      {retry ? <p className="notice notice-warning effort-explain">{t(`effort.check.explain.${question}`)}</p> : null}
      <FocusHeading id="effort-question">{t(`effort.check.question.${question}`)}</FocusHeading>
      <div className="effort-answers">
        {COMPREHENSION_OPTIONS.map((answer) => (
          <button
            key={answer}
            type="button"
            className="answer-option effort-answer"
            onClick={() => {
              if (dispatch({ type: 'comprehension-answer', question, answer, at: now() })) {
                announce(isCorrectAnswer(question, answer) ? t('effort.check.correct') : t(`effort.check.explain.${question}`));
              }
            }}
          >
            {t(`effort.check.option.${answer}`)}
          </button>
        ))}
      </div>
    </section>
  );
}
