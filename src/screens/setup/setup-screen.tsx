import { useForm } from 'react-hook-form';
import { useState } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { MIN_PASSPHRASE_LENGTH, setClinicPassphrase } from '../../storage/clinic-lock.ts';
import type { AppDatabase } from '../../storage/database.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';

type Fields = { passphrase: string; confirm: string };

/** First run: the clinic chooses the passphrase that guards clinician mode. */
export function SetupScreen({ db, onDone }: { readonly db: AppDatabase; readonly onDone: () => void }) {
  const t = useTranslate();
  const [problem, setProblem] = useState<StorageError | null>(null);
  const { register, handleSubmit, formState } = useForm<Fields>({ mode: 'onSubmit' });
  const submit = handleSubmit(async ({ passphrase }) => {
    const saved = await setClinicPassphrase(db, passphrase, (bytes) => crypto.getRandomValues(bytes));
    if (saved.ok) onDone();
    else if (saved.error.code !== 'too-short') setProblem(saved.error);
  });
  return (
    <section className="narrow" aria-labelledby="setup-heading">
      <h2 id="setup-heading">{t('setup.heading')}</h2>
      <p>{t('setup.intro')}</p>
      <p className="notice notice-warning">{t('setup.warning')}</p>
      {problem && <StorageErrorNotice problem={problem} />}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label className="field">
          <span>{t('setup.passphrase')}</span>
          <input
            type="password"
            autoComplete="new-password"
            aria-invalid={formState.errors.passphrase ? true : undefined}
            aria-describedby="setup-passphrase-error"
            {...register('passphrase', { minLength: MIN_PASSPHRASE_LENGTH, required: true })}
          />
          <span id="setup-passphrase-error" className="field-error">
            {formState.errors.passphrase ? t('setup.tooShort') : ''}
          </span>
        </label>
        <label className="field">
          <span>{t('setup.confirm')}</span>
          <input
            type="password"
            autoComplete="new-password"
            aria-invalid={formState.errors.confirm ? true : undefined}
            aria-describedby="setup-confirm-error"
            {...register('confirm', { validate: (value, all) => value === all.passphrase })}
          />
          <span id="setup-confirm-error" className="field-error">
            {formState.errors.confirm ? t('setup.mismatch') : ''}
          </span>
        </label>
        <button type="submit" className="button" disabled={formState.isSubmitting}>
          {t('setup.submit')}
        </button>
      </form>
    </section>
  );
}
