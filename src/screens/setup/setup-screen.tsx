import { useForm } from 'react-hook-form';
import { useState } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { MIN_PASSPHRASE_LENGTH, type UnlockError } from '../../storage/clinic-lock.ts';
import type { KeyRing } from '../../storage/vault.ts';
import { Field } from '../../ui/components/field.tsx';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { RecoveryCodeNotice } from '../../ui/components/recovery-code-notice.tsx';
import { setUpTablet } from '../../workflows/clinic-access.ts';
import { useBaseServices } from '../services-context.tsx';

type Fields = { passphrase: string; confirm: string };

/** First run: the clinic chooses the passphrase that encrypts the data, then writes down the recovery code. */
export function SetupScreen({ onDone }: { readonly onDone: (keys: KeyRing) => void }) {
  const t = useTranslate();
  const { vault, env } = useBaseServices();
  const [problem, setProblem] = useState<UnlockError | { code: 'already-set-up' } | null>(null);
  const [created, setCreated] = useState<{ keys: KeyRing; recoveryCode: string } | null>(null);
  const { register, handleSubmit, formState } = useForm<Fields>({ mode: 'onSubmit' });
  const submit = handleSubmit(async ({ passphrase }) => {
    const result = await setUpTablet({ db: vault.db, env }, passphrase);
    if (result.ok) setCreated(result.value);
    else setProblem(result.error);
  });
  if (created) {
    return (
      <section className="narrow" aria-labelledby="setup-heading">
        <h2 id="setup-heading">{t('setup.recoveryHeading')}</h2>
        <RecoveryCodeNotice code={created.recoveryCode} />
        <button type="button" className="button" onClick={() => onDone(created.keys)}>
          {t('setup.recoveryDone')}
        </button>
      </section>
    );
  }
  return (
    <section className="narrow" aria-labelledby="setup-heading">
      <h2 id="setup-heading">{t('setup.heading')}</h2>
      <p>{t('setup.intro')}</p>
      <p className="notice notice-warning">{t('setup.warning')}</p>
      {problem?.code === 'storage' && <StorageErrorNotice problem={problem.error} />}
      {problem?.code === 'already-set-up' && (
        <p role="alert" className="notice notice-error">
          {t('unlock.alreadySetUp')}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('setup.passphrase')} error={formState.errors.passphrase ? t('setup.tooShort') : ''}>
          {(control) => (
            <input
              type="password"
              autoComplete="new-password"
              {...control}
              {...register('passphrase', { minLength: MIN_PASSPHRASE_LENGTH, required: true })}
            />
          )}
        </Field>
        <Field label={t('setup.confirm')} error={formState.errors.confirm ? t('setup.mismatch') : ''}>
          {(control) => (
            <input
              type="password"
              autoComplete="new-password"
              {...control}
              {...register('confirm', { validate: (value, all) => value === all.passphrase })}
            />
          )}
        </Field>
        <button type="submit" className="button" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? t('setup.creatingKeys') : t('setup.submit')}
        </button>
      </form>
    </section>
  );
}
