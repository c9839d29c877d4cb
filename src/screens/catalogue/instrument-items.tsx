import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { respondentText } from '../../domain/instrument-lookup.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';

/** The instructions and every item with its options in the printed order (display only, never scoring). */
export function InstrumentItems({ instrument }: { readonly instrument: Instrument }) {
  const t = useTranslate();
  const { definition: def } = instrument;
  const locale = respondentText(instrument, t.language);
  return (
    <div>
      {locale.instructions !== undefined && <p className="instructions">{locale.instructions}</p>}
      <ol className="item-list">
        {def.items.map((item) => {
          const set = def.optionSets[item.optionSet];
          const order = set?.displayOrder ?? set?.options ?? [];
          return (
            <li key={item.id} value={item.number}>
              {locale.items[item.id]}
              {item.reversed && <span className="tag tag-small">{t('instrument.reversed')}</span>}
              {!item.required && <span className="tag tag-small">{t('instrument.optional')}</span>}
              <span className="options">{order.map((code) => locale.optionSets[item.optionSet]?.[code] ?? code).join(' · ')}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
