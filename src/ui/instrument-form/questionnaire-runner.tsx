import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { AssessmentAnswers } from '../../domain/answer.ts';
import { countProgress } from '../../domain/assessment-progress.ts';
import { answeredItems } from '../../domain/patient-session.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import type { TranslationPack } from '../../domain/instrument-schema.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { FocusHeading } from '../components/focus-heading.tsx';
import { ItemView } from './item-view.tsx';

export type RunnerPosition = { readonly instrumentIndex: number; readonly itemIndex: number };

type Props = {
  readonly instruments: readonly Instrument[];
  /** The words each instrument is given in: the text recorded for it when the assessment was started. */
  readonly textOf: (instrument: Instrument) => TranslationPack;
  readonly answers: AssessmentAnswers;
  /**
   * Instrument id → items answered before patient mode reloaded, whose answers this tablet cannot read (they are
   * sealed for the clinic): counted as answered, shown with nothing chosen, and passed without choosing again.
   */
  readonly answeredEarlier?: Readonly<Record<string, readonly string[]>>;
  /** Where to start: the first unanswered item, or null when everything is answered. */
  readonly start: RunnerPosition | null;
  readonly onAnswer: (instrument: Instrument, itemId: string, code: string, durationMs: number) => void;
  readonly onFinish: () => void;
  /** Shown instead of the item while set (e.g. a safety message); the position is kept. */
  readonly interruption?: ReactNode;
  /**
   * Patient mode in a waiting room: each questionnaire is titled "Part 1 of 3", not by its clinical name (which can
   * name a condition on a screen others see). Its instructions, in the pack's words, are unchanged.
   */
  readonly plainTitles?: boolean;
};

const NONE_EARLIER: Readonly<Record<string, readonly string[]>> = {};

type Phase = { readonly kind: 'intro' | 'item'; readonly at: RunnerPosition } | { readonly kind: 'review' };

/** Walks through a battery: each instrument's instructions, then one item per screen, with progress and Back. */
export function QuestionnaireRunner({ instruments, textOf, answers, answeredEarlier = NONE_EARLIER, start, onAnswer, onFinish, interruption, plainTitles = false }: Props) {
  const t = useTranslate();
  const [phase, setPhase] = useState<Phase>(() =>
    start ? { kind: start.itemIndex === 0 ? 'intro' : 'item', at: start } : { kind: 'review' },
  );
  const shownAt = useRef(performance.now());
  const answered = answeredItems({ answers, answeredEarlier });
  const progress = countProgress({ answers: answered }, instruments.map((i) => i.definition));
  // The bar counts every item shown, optional ones too (PHQ-9's difficulty item), so it never reads "9 of 9" while
  // a question still follows; an optional item counts once it is answered or passed over.
  const [passed, setPassed] = useState<ReadonlySet<string>>(() => new Set());
  const shown = {
    total: instruments.reduce((n, i) => n + i.definition.items.length, 0),
    answered: instruments.reduce((n, i) => n + i.definition.items.filter((item) => answered[i.definition.id]?.[item.id] || passed.has(`${i.definition.id}/${item.id}`)).length, 0),
  };

  useEffect(() => {
    shownAt.current = performance.now();
  }, [phase]);

  const forward = useCallback(
    (at: RunnerPosition) => {
      const def = instruments[at.instrumentIndex]?.definition;
      if (def && at.itemIndex + 1 < def.items.length) {
        setPhase({ kind: 'item', at: { ...at, itemIndex: at.itemIndex + 1 } });
      } else if (at.instrumentIndex + 1 < instruments.length) {
        setPhase({ kind: 'intro', at: { instrumentIndex: at.instrumentIndex + 1, itemIndex: 0 } });
      } else {
        setPhase({ kind: 'review' });
      }
    },
    [instruments],
  );

  const backward = (at: RunnerPosition): (() => void) | null => {
    if (at.itemIndex > 0) return () => setPhase({ kind: 'item', at: { ...at, itemIndex: at.itemIndex - 1 } });
    const previous = instruments[at.instrumentIndex - 1];
    if (!previous) return null;
    return () => setPhase({ kind: 'item', at: { instrumentIndex: at.instrumentIndex - 1, itemIndex: previous.definition.items.length - 1 } });
  };

  const bar = (
    <div className="progress">
      <progress max={shown.total} value={shown.answered} aria-label={t('form.progress', shown)} />
      <span aria-hidden="true">{t('form.progress', shown)}</span>
    </div>
  );

  if (interruption) return <div className="runner">{interruption}</div>;

  if (phase.kind === 'review') {
    const lastInstrument = instruments.length - 1;
    const last = instruments[lastInstrument];
    return (
      <div className="runner">
        {bar}
        <FocusHeading>{progress.answered === progress.total ? t('form.allAnswered') : t('form.someUnanswered', progress)}</FocusHeading>
        <div className="form-nav">
          <button
            type="button"
            className="button button-secondary"
            disabled={!last}
            onClick={() => setPhase({ kind: 'item', at: { instrumentIndex: lastInstrument, itemIndex: (last?.definition.items.length ?? 1) - 1 } })}
          >
            {t('form.back')}
          </button>
          <button type="button" className="button" onClick={onFinish} disabled={progress.answered < progress.total}>
            {t('form.finish')}
          </button>
        </div>
      </div>
    );
  }

  const instrument = instruments[phase.at.instrumentIndex];
  if (!instrument) return null;
  const locale = textOf(instrument);
  const title = plainTitles ? t('form.part', { number: phase.at.instrumentIndex + 1, total: instruments.length }) : locale.title;
  const titleLang = plainTitles ? undefined : locale.language;
  if (phase.kind === 'intro') {
    return (
      <div className="runner">
        {bar}
        <section className="intro" aria-labelledby="intro-title">
          <FocusHeading key={instrument.definition.id} id="intro-title" lang={titleLang}>
            {title}
          </FocusHeading>
          {locale.instructions !== undefined && (
            <p className="instructions-large" lang={locale.language}>
              {locale.instructions}
            </p>
          )}
          {answerOrderVaries(instrument) && <p className="notice notice-info">{t('form.orderVaries')}</p>}
          <div className="form-nav">
            <button type="button" className="button button-secondary" onClick={backward(phase.at) ?? undefined} disabled={!backward(phase.at)}>
              {t('form.back')}
            </button>
            <button type="button" className="button" onClick={() => setPhase({ kind: 'item', at: phase.at })}>
              {t('form.start')}
            </button>
          </div>
        </section>
      </div>
    );
  }
  const item = instrument.definition.items[phase.at.itemIndex];
  const at = phase.at;
  return (
    <div className="runner">
      {bar}
      <p className="runner-instrument" lang={titleLang}>
        {title}
      </p>
      <ItemView
        key={`${instrument.definition.id}/${item?.id ?? ''}`}
        instrument={instrument}
        text={locale}
        itemIndex={at.itemIndex}
        value={item ? answers[instrument.definition.id]?.[item.id]?.code : undefined}
        answeredEarlier={item ? (answeredEarlier[instrument.definition.id]?.includes(item.id) ?? false) : false}
        onAnswer={(code, advance) => {
          if (!item) return;
          onAnswer(instrument, item.id, code, Math.round(performance.now() - shownAt.current));
          if (advance) forward(at);
        }}
        onBack={backward(at) ?? (at.itemIndex === 0 ? () => setPhase({ kind: 'intro', at }) : null)}
        onNext={() => {
          if (item && !item.required) setPassed((before) => new Set(before).add(`${instrument.definition.id}/${item.id}`));
          forward(at);
        }}
      />
    </div>
  );
}

/**
 * True when the answers are printed in a different order from item to item (SHAPS alternates agree-first and
 * disagree-first, as Snaith 1995 printed it): the patient is told once, before the first item, to read every answer.
 */
function answerOrderVaries(instrument: Instrument): boolean {
  const { items, optionSets } = instrument.definition;
  // Items with the same answers (whatever their option set is called), each shown in which order.
  const orders = new Map<string, Set<string>>();
  for (const item of items) {
    const set = optionSets[item.optionSet];
    const answers = [...(set?.options ?? [])].sort().join('|');
    const shown = orders.get(answers) ?? new Set<string>();
    shown.add((set?.displayOrder ?? set?.options ?? []).join('|'));
    orders.set(answers, shown);
  }
  return [...orders.values()].some((shown) => shown.size > 1);
}
