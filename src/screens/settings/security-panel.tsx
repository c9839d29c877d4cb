import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { MIN_PASSPHRASE_LENGTH, type UnlockError } from '../../storage/clinic-lock.ts';
import { Field } from '../../ui/components/field.tsx';
import { RecoveryCodeNotice } from '../../ui/components/recovery-code-notice.tsx';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { changePassphrase, newRecoveryCode } from '../../workflows/clinic-access.ts';
import { useBaseServices } from '../services-context.tsx';

type PassphraseFields = { current: string; next: string; confirm: string };

/** Change the clinic passphrase (re-wraps the key, data untouched) or make a new recovery code. */
export function SecurityPanel() {
  const t = useTranslate();
  const { vault, env } = useBaseServices();
  const ctx = { db: vault.db, env };
  const [problem, setProblem] = useState<UnlockError | null>(null);
  const [changed, setChanged] = useState(false);
  const [code, setCode] = useState<string | null>(null);
  const change = useForm<PassphraseFields>();
  const recovery = useForm<{ passphrase: string }>();

  const submitChange = change.handleSubmit(async ({ current, next }) => {
    setProblem(null);
    const result = await changePassphrase(ctx, { current, next });
    if (!result.ok) return setProblem(result.error);
    setChanged(true);
    change.reset();
  });
  const submitRecovery = recovery.handleSubmit(async ({ passphrase }) => {
    setProblem(null);
    const result = await newRecoveryCode(ctx, passphrase);
    if (!result.ok) return setProblem(result.error);
    setCode(result.value);
    recovery.reset();
  });

  return (
    <section className="card" aria-labelledby="security-heading">
      <h3 id="security-heading">{t('security.heading')}</h3>
      {problem?.code === 'wrong-passphrase' && (
        <p role="alert" className="notice notice-error">
          {t('unlock.wrong', { failures: problem.failures })}
        </p>
      )}
      {problem?.code === 'wait' && (
        <p role="alert" className="notice notice-error">
          {t('unlock.wait', { seconds: problem.seconds })}
        </p>
      )}
      {problem?.code === 'storage' && <StorageErrorNotice problem={problem.error} />}
      <form onSubmit={(e) => void submitChange(e)} noValidate aria-labelledby="change-heading">
        <h4 id="change-heading">{t('security.change')}</h4>
        <Field label={t('security.current')}>
          {() => <input type="password" autoComplete="current-password" {...change.register('current', { required: true })} />}
        </Field>
        <Field label={t('security.next')} error={change.formState.errors.next ? t('setup.tooShort') : ''}>
          {(control) => <input type="password" autoComplete="new-password" {...control} {...change.register('next', { required: true, minLength: MIN_PASSPHRASE_LENGTH })} />}
        </Field>
        <Field label={t('setup.confirm')} error={change.formState.errors.confirm ? t('setup.mismatch') : ''}>
          {(control) => <input type="password" autoComplete="new-password" {...control} {...change.register('confirm', { validate: (v, all) => v === all.next })} />}
        </Field>
        <button type="submit" className="button" disabled={change.formState.isSubmitting}>
          {change.formState.isSubmitting ? t('unlock.checking') : t('security.changeSubmit')}
        </button>
        <p role="status">{changed ? t('security.changed') : ''}</p>
      </form>
      <form onSubmit={(e) => void submitRecovery(e)} noValidate aria-labelledby="recovery-heading">
        <h4 id="recovery-heading">{t('security.recovery')}</h4>
        <p>{t('security.recoveryIntro')}</p>
        <Field label={t('unlock.passphrase')}>
          {() => <input type="password" autoComplete="current-password" {...recovery.register('passphrase', { required: true })} />}
        </Field>
        <button type="submit" className="button" disabled={recovery.formState.isSubmitting}>
          {recovery.formState.isSubmitting ? t('unlock.checking') : t('security.recoverySubmit')}
        </button>
      </form>
      {code && <RecoveryCodeNotice code={code} />}
    </section>
  );
}
