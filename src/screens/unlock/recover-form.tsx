import { useState } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { MIN_PASSPHRASE_LENGTH, type UnlockError } from '../../storage/clinic-lock.ts';
import type { KeyRing } from '../../storage/vault.ts';
import { Field } from '../../ui/components/field.tsx';
import { fieldValue, focusFirst, useFormSubmit } from '../../ui/components/use-form-submit.ts';
import { UnlockProblem } from './unlock-problem.tsx';
import { recoverTablet } from '../../workflows/clinic-access.ts';
import { useBaseServices } from '../services-context.tsx';

type Props = { readonly onUnlocked: (keys: KeyRing) => void; readonly onCancel: () => void };

/** A forgotten passphrase: the recovery code and a new passphrase. */
export function RecoverForm({ onUnlocked, onCancel }: Props) {
  const t = useTranslate();
  const { vault, env } = useBaseServices();
  const [problem, setProblem] = useState<UnlockError | null>(null);
  // The new passphrase is checked on submit, then again as it is typed in.
  const [tooShort, setTooShort] = useState<boolean | null>(null);
  const { submitting, onSubmit } = useFormSubmit(async (form) => {
    const code = fieldValue(form, 'code');
    const passphrase = fieldValue(form, 'passphrase');
    const short = passphrase.length < MIN_PASSPHRASE_LENGTH;
    setTooShort(short);
    if (code === '' || short) return focusFirst(form, [...(code === '' ? ['code'] : []), ...(short ? ['passphrase'] : [])]);
    const result = await recoverTablet({ db: vault.db, env }, { recoveryCode: code, passphrase });
    if (result.ok) onUnlocked(result.value);
    else setProblem(result.error);
  });
  return (
    <section className="narrow" aria-labelledby="recover-heading">
      <h2 id="recover-heading">{t('recover.heading')}</h2>
      <p>{t('recover.intro')}</p>
      <form onSubmit={onSubmit} noValidate>
        <Field label={t('recover.code')}>
          {() => <input type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} name="code" />}
        </Field>
        <Field label={t('recover.passphrase')} error={tooShort ? t('setup.tooShort') : ''}>
          {(control) => <input type="password" autoComplete="new-password" {...control} name="passphrase" onChange={(e) => tooShort !== null && setTooShort(e.currentTarget.value.length < MIN_PASSPHRASE_LENGTH)} />}
        </Field>
        <UnlockProblem id="recover-error" problem={problem} wrongKey="recover.wrong" />
        <div className="form-nav">
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t('recover.cancel')}
          </button>
          <button type="submit" className="button" disabled={submitting}>
            {submitting ? t('unlock.checking') : t('recover.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
