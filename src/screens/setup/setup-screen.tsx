import { useState } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { MIN_PASSPHRASE_LENGTH, type UnlockError } from '../../storage/clinic-lock.ts';
import type { KeyRing } from '../../storage/vault.ts';
import { Field } from '../../ui/components/field.tsx';
import { fieldValue, focusFirst, useFormSubmit } from '../../ui/components/use-form-submit.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { RecoveryCodeNotice } from '../../ui/components/recovery-code-notice.tsx';
import { setUpTablet } from '../../workflows/clinic-access.ts';
import { useBaseServices } from '../services-context.tsx';

type Invalid = { readonly passphrase: boolean; readonly confirm: boolean };

const checkPassphrase = (form: HTMLFormElement) => fieldValue(form, 'passphrase').length < MIN_PASSPHRASE_LENGTH;
const checkConfirm = (form: HTMLFormElement) => fieldValue(form, 'confirm') !== fieldValue(form, 'passphrase');

/** First run: the clinic chooses the passphrase that encrypts the data, then writes down the recovery code. */
export function SetupScreen({ onDone }: { readonly onDone: (keys: KeyRing) => void }) {
  const t = useTranslate();
  const { vault, env } = useBaseServices();
  const [problem, setProblem] = useState<UnlockError | { code: 'already-set-up' } | null>(null);
  const [created, setCreated] = useState<{ keys: KeyRing; recoveryCode: string } | null>(null);
  // Checked on submit; after a failed submit each field is checked again as it is typed in.
  const [invalid, setInvalid] = useState<Invalid | null>(null);
  const { submitting, onSubmit } = useFormSubmit(async (form) => {
    const found = { passphrase: checkPassphrase(form), confirm: checkConfirm(form) };
    if (found.passphrase || found.confirm) {
      setInvalid(found);
      focusFirst(form, (['passphrase', 'confirm'] as const).filter((name) => found[name]));
      return;
    }
    setInvalid(null);
    const result = await setUpTablet({ db: vault.db, env }, fieldValue(form, 'passphrase'));
    if (result.ok) setCreated(result.value);
    else setProblem(result.error);
  });
  const recheck = (form: HTMLFormElement | null, name: keyof Invalid) => {
    if (!invalid || !form) return;
    setInvalid({ ...invalid, [name]: name === 'passphrase' ? checkPassphrase(form) : checkConfirm(form) });
  };
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
      <form onSubmit={onSubmit} noValidate>
        <Field label={t('setup.passphrase')} error={invalid?.passphrase ? t('setup.tooShort') : ''}>
          {(control) => (
            <input
              type="password"
              autoComplete="new-password"
              {...control}
              name="passphrase"
              onChange={(e) => recheck(e.currentTarget.form, 'passphrase')}
            />
          )}
        </Field>
        <Field label={t('setup.confirm')} error={invalid?.confirm ? t('setup.mismatch') : ''}>
          {(control) => (
            <input
              type="password"
              autoComplete="new-password"
              {...control}
              name="confirm"
              onChange={(e) => recheck(e.currentTarget.form, 'confirm')}
            />
          )}
        </Field>
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? t('setup.creatingKeys') : t('setup.submit')}
        </button>
      </form>
    </section>
  );
}
