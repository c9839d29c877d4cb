import { useEffect, useRef } from 'react';
import { useForm } from 'react-hook-form';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';

type Props = {
  readonly instrument: Instrument;
  readonly itemIndex: number;
  readonly value: string | undefined;
  /** `advance` is true when the answer was tapped or clicked; keyboard selection waits for "Next". */
  readonly onAnswer: (code: string, advance: boolean) => void;
  readonly onBack: (() => void) | null;
  readonly onNext: () => void;
};

/**
 * One item as a labelled radio group with large answer buttons, in the instrument's printed option order.
 * The form (react-hook-form) knows nothing of storage or routing; validation comes from the definition:
 * a required item needs an answer before "Next".
 */
export function ItemView({ instrument, itemIndex, value, onAnswer, onBack, onNext }: Props) {
  const t = useTranslate();
  const def = instrument.definition;
  const locale = instrument.locales.en;
  const item = def.items[itemIndex];
  const set = item ? def.optionSets[item.optionSet] : undefined;
  const order = set?.displayOrder ?? set?.options ?? [];
  const { register } = useForm<{ answer: string }>({ values: { answer: value ?? '' } });
  const viaPointer = useRef(false);
  const headingRef = useRef<HTMLLegendElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, [item?.id]);

  if (!item) return null;
  const field = register('answer', {
    onChange: (event: { target: { value: string } }) => {
      onAnswer(event.target.value, viaPointer.current);
      viaPointer.current = false;
    },
  });
  const requiredCount = def.items.filter((i) => i.required).length;
  return (
    <form
      className="item-form"
      onSubmit={(event) => {
        event.preventDefault();
        onNext();
      }}
    >
      <fieldset className="item-fieldset">
        <legend ref={headingRef} tabIndex={-1} className="item-legend">
          <span className="item-position">
            {item.required ? t('form.itemOf', { number: item.number, total: requiredCount }) : t('form.optionalItem')}
          </span>
          <span className="item-text">{locale?.items[item.id]}</span>
        </legend>
        <div className="answer-options">
          {order.map((code) => (
            <label
              key={code}
              className="answer-option"
              onPointerDown={() => {
                viaPointer.current = true;
              }}
            >
              <input type="radio" value={code} {...field} />
              <span>{locale?.optionSets[item.optionSet]?.[code] ?? code}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-nav">
        <button type="button" className="button button-secondary" onClick={onBack ?? undefined} disabled={!onBack}>
          {t('form.back')}
        </button>
        <button type="submit" className="button" disabled={item.required && value === undefined}>
          {item.required || value !== undefined ? t('form.next') : t('form.skip')}
        </button>
      </div>
    </form>
  );
}
