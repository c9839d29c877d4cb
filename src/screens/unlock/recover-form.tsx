import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { MIN_PASSPHRASE_LENGTH, type UnlockError } from '../../storage/clinic-lock.ts';
import type { KeyRing } from '../../storage/vault.ts';
import { Field } from '../../ui/components/field.tsx';
import { UnlockProblem } from './unlock-problem.tsx';
import { recoverTablet } from '../../workflows/clinic-access.ts';
import { useBaseServices } from '../services-context.tsx';

type Props = { readonly onUnlocked: (keys: KeyRing) => void; readonly onCancel: () => void };

/** A forgotten passphrase: the recovery code and a new passphrase. */
export function RecoverForm({ onUnlocked, onCancel }: Props) {
  const t = useTranslate();
  const { vault, env } = useBaseServices();
  const [problem, setProblem] = useState<UnlockError | null>(null);
  const { register, handleSubmit, formState } = useForm<{ code: string; passphrase: string }>();
  const submit = handleSubmit(async ({ code, passphrase }) => {
    const result = await recoverTablet({ db: vault.db, env }, { recoveryCode: code, passphrase });
    if (result.ok) onUnlocked(result.value);
    else setProblem(result.error);
  });
  return (
    <section className="narrow" aria-labelledby="recover-heading">
      <h2 id="recover-heading">{t('recover.heading')}</h2>
      <p>{t('recover.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('recover.code')}>
          {() => <input type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} {...register('code', { required: true })} />}
        </Field>
        <Field label={t('recover.passphrase')} error={formState.errors.passphrase ? t('setup.tooShort') : ''}>
          {(control) => <input type="password" autoComplete="new-password" {...control} {...register('passphrase', { required: true, minLength: MIN_PASSPHRASE_LENGTH })} />}
        </Field>
        <UnlockProblem id="recover-error" problem={problem} wrongKey="recover.wrong" />
        <div className="form-nav">
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t('recover.cancel')}
          </button>
          <button type="submit" className="button" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? t('unlock.checking') : t('recover.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
