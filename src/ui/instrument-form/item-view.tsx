import { useEffect, useRef, useState } from 'react';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import type { TranslationPack } from '../../domain/instrument-schema.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';

/** Taps within this many ms of an item appearing are ignored (a double tap must not answer the next item). */
export const DOUBLE_TAP_MS = 350;

type Props = {
  readonly instrument: Instrument;
  /** The words the instrument is given in (the pack recorded for it on the assessment). */
  readonly text: TranslationPack;
  readonly itemIndex: number;
  readonly value: string | undefined;
  /** Answered before patient mode reloaded; the answer is kept, sealed for the clinic, and cannot be shown here. */
  readonly answeredEarlier?: boolean;
  /** `advance` is true when the answer was tapped; a keyboard choice is reported on "Next" with `advance` false. */
  readonly onAnswer: (code: string, advance: boolean) => void;
  readonly onBack: (() => void) | null;
  readonly onNext: () => void;
};

/**
 * One item as a labelled radio group with large answer buttons, in the instrument's printed option order.
 * The form knows nothing of storage or routing; validation comes from the definition: a required item needs an
 * answer before "Next". Plain React state, not react-hook-form: one radio group needs no form library, and patient
 * mode loads none (issue 20's byte budget).
 */
export function ItemView({ instrument, text: locale, itemIndex, value, answeredEarlier = false, onAnswer, onBack, onNext }: Props) {
  const t = useTranslate();
  const def = instrument.definition;
  const item = def.items[itemIndex];
  const set = item ? def.optionSets[item.optionSet] : undefined;
  const order = set?.displayOrder ?? set?.options ?? [];
  const stem = (item ? locale.stems?.[item.optionSet] : undefined) ?? locale.instructions;
  const [selected, setSelected] = useState(value ?? '');
  // The stored answer changed (recorded, or cleared): show it, as the form did when given new values.
  const [shownValue, setShownValue] = useState(value);
  if (shownValue !== value) {
    setShownValue(value);
    setSelected(value ?? '');
  }
  const viaPointer = useRef(false);
  const shownAt = useRef(0);
  const headingRef = useRef<HTMLLegendElement>(null);

  useEffect(() => {
    shownAt.current = performance.now();
    headingRef.current?.focus();
  }, [item?.id]);

  if (!item) return null;
  const onChange = (event: { target: { value: string } }) => {
    const tapped = viaPointer.current;
    viaPointer.current = false;
    setSelected(event.target.value);
    // Keyboard users move through the options with the arrow keys: nothing is recorded until "Next".
    if (!tapped) return;
    // A tap this soon after the item appeared is the second half of a double tap on the previous item.
    if (performance.now() - shownAt.current < DOUBLE_TAP_MS) {
      setSelected(value ?? '');
      return;
    }
    onAnswer(event.target.value, true);
  };
  // "Question 3 of 13" counts the items asked (a part left out as not applicable is not counted, nor skipped over).
  const required = def.items.filter((i) => i.required);
  const requiredCount = required.length;
  return (
    <form
      className="item-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (selected !== '' && selected !== value) onAnswer(selected, false);
        onNext();
      }}
    >
      {/* The stem and time frame on every item, in the source's own words (the pack's instructions, verbatim); none
          where the source prints none and each item is its own question (CBI: "How often do you feel tired?"). */}
      {stem !== undefined && (
        <p className="item-stem" lang={locale.language}>
          {stem}
        </p>
      )}
      <fieldset className="item-fieldset">
        <legend ref={headingRef} tabIndex={-1} className="item-legend">
          <span className="item-position">
            {item.required ? t('form.itemOf', { number: required.indexOf(item) + 1, total: requiredCount }) : t('form.optionalItem')}
          </span>
          {/* The item's own language (the UI's may differ): screen readers pronounce it, and fonts suit it. */}
          <span className="item-text" lang={locale.language}>
            {locale.items[item.id]}
          </span>
        </legend>
        {answeredEarlier && value === undefined && selected === '' && <p className="answered-earlier">{t('form.answeredEarlier')}</p>}
        <div className="answer-options" lang={locale.language}>
          {order.map((code) => (
            <label
              key={code}
              className="answer-option"
              onPointerDown={() => {
                viaPointer.current = true;
              }}
            >
              <input
                type="radio"
                name="answer"
                value={code}
                checked={selected === code}
                onChange={onChange}
                onClick={() => {
                  // Tapping the answer already chosen (after Back) keeps it and moves on, as tapping another would.
                  if (!viaPointer.current || code !== value || selected !== value) return;
                  viaPointer.current = false;
                  if (performance.now() - shownAt.current >= DOUBLE_TAP_MS) onNext();
                }}
              />
              <span>{locale.optionSets[item.optionSet]?.[code] ?? code}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-nav">
        <button type="button" className="button button-secondary" onClick={onBack ?? undefined} disabled={!onBack}>
          {t('form.back')}
        </button>
        <button type="submit" className="button" disabled={item.required && selected === '' && !answeredEarlier}>
          {item.required || selected !== '' || answeredEarlier ? t('form.next') : t('form.skip')}
        </button>
      </div>
    </form>
  );
}
