import type { AdministrationMode } from '../../domain/assessment.ts';
import { hasText, type TextChoice } from '../../domain/check-start.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { packLanguages } from '../../domain/catalogue-lookup.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { languageNameIn, nativeLanguageName } from '../../i18n/language-names.ts';
import { Field } from '../../ui/components/field.tsx';

/** One questionnaire's choice as the form holds it: how (none yet) and the text's language for the first two. */
export type TextChoiceDraft = { readonly how: 'language' | 'clinician-read' | 'leave-out' | null; readonly language: string };

/** The drafts as the start request's `textChoices`: only those chosen, for questionnaires without the language. */
export function toTextChoices(instruments: readonly Instrument[], language: string, drafts: Readonly<Record<string, TextChoiceDraft>>): Record<string, TextChoice> {
  return Object.fromEntries(
    instruments.flatMap((instrument) => {
      const id = instrument.definition.id;
      const draft = drafts[id];
      if (hasText(instrument, language) || !draft?.how) return [];
      return [[id, draft.how === 'leave-out' ? { kind: 'leave-out' } : { kind: draft.how, language: draft.language }]];
    }),
  );
}

type Props = {
  /** The questionnaires of the battery chosen, in order. */
  readonly instruments: readonly Instrument[];
  /** The languages offered for the patient. */
  readonly languages: readonly string[];
  readonly language: string;
  readonly onLanguage: (language: string) => void;
  readonly choices: Readonly<Record<string, TextChoiceDraft>>;
  readonly onChoice: (instrumentId: string, choice: TextChoiceDraft) => void;
  readonly mode: AdministrationMode;
};

/**
 * "Language the patient reads" on the start form: the language, which languages each chosen questionnaire has on
 * this tablet, and, before the start, each questionnaire without text in that language said plainly with the ways
 * to give it: another language the patient reads, read aloud and interpreted by the clinician (only when the
 * clinician enters the answers), or left out.
 */
export function QuestionnaireLanguage({ instruments, languages, language, onLanguage, choices, onChoice, mode }: Props) {
  const t = useTranslate();
  const missing = instruments.filter((i) => !hasText(i, language));
  const named = languageNameIn(t, language);
  return (
    <div className="choice-group">
      <Field label={t('lang.patientLanguage')} hint={t('lang.patientLanguageHint')}>
        {(control) => (
          <select {...control} value={language} onChange={(e) => onLanguage(e.target.value)}>
            {languages.map((code) => (
              <option key={code} value={code} lang={code}>
                {nativeLanguageName(code)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {instruments.length > 0 && (
        <details>
          <summary>{t('lang.perInstrument')}</summary>
          <ul className="plain-list">
            {instruments.map((i) => (
              <li key={i.definition.id}>{t('lang.instrumentLanguages', { name: i.definition.shortTitle, languages: packLanguages(i).map(nativeLanguageName).join(t('text.listSeparator')) })}</li>
            ))}
          </ul>
        </details>
      )}
      {missing.length > 0 && (
        <p className="notice notice-warning" role="status">
          {t('lang.noText', { names: missing.map((i) => i.definition.shortTitle).join(t('text.listSeparator')), language: named })}
        </p>
      )}
      {missing.map((instrument) => {
        const { id, shortTitle } = instrument.definition;
        const has = packLanguages(instrument);
        const draft = choices[id] ?? { how: null, language: has[0] ?? 'en' };
        const set = (next: Partial<TextChoiceDraft>) => onChoice(id, { ...draft, ...next });
        const hintId = `read-aloud-hint-${id}`;
        return (
          <fieldset key={id} className="choice-group">
            <legend>{t('lang.howLegend', { name: shortTitle })}</legend>
            <label className="choice">
              <input type="radio" name={`text-${id}`} checked={draft.how === 'language'} onChange={() => set({ how: 'language' })} />
              <span>{t('lang.choice.language')}</span>
            </label>
            <label className="choice">
              <input
                type="radio"
                name={`text-${id}`}
                checked={draft.how === 'clinician-read'}
                disabled={mode !== 'clinician'}
                aria-describedby={hintId}
                onChange={() => set({ how: 'clinician-read' })}
              />
              <span>{t('lang.choice.clinicianRead', { language: named })}</span>
            </label>
            <p id={hintId} className="muted">
              {mode === 'clinician' ? t('lang.interpreted') : t('lang.choice.clinicianReadNeedsClinician')}
            </p>
            <label className="choice">
              <input type="radio" name={`text-${id}`} checked={draft.how === 'leave-out'} onChange={() => set({ how: 'leave-out' })} />
              <span>{t('lang.choice.leaveOut')}</span>
            </label>
            {(draft.how === 'language' || draft.how === 'clinician-read') && (
              <Field label={t('lang.textFor', { name: shortTitle })}>
                {(control) => (
                  <select {...control} value={draft.language} onChange={(e) => set({ language: e.target.value })}>
                    {has.map((code) => (
                      <option key={code} value={code} lang={code}>
                        {nativeLanguageName(code)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
          </fieldset>
        );
      })}
    </div>
  );
}
