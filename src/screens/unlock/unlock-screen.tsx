import { useState } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { UnlockError } from '../../storage/clinic-lock.ts';
import type { KeyRing } from '../../storage/vault.ts';
import { Field } from '../../ui/components/field.tsx';
import { fieldValue, focusFirst, useFormSubmit } from '../../ui/components/use-form-submit.ts';
import { UnlockProblem } from './unlock-problem.tsx';
import { RecoverForm } from './recover-form.tsx';
import { unlockTablet } from '../../workflows/clinic-access.ts';
import { useBaseServices } from '../services-context.tsx';

type Props = {
  readonly onUnlocked: (keys: KeyRing) => void;
  /** In patient mode: go back to the questions without unlocking. */
  readonly onCancel?: () => void;
};

/** The staff-only gate: the clinic passphrase opens the keys; a growing wait follows repeated failures. */
export function UnlockScreen({ onUnlocked, onCancel }: Props) {
  const t = useTranslate();
  const { vault, env } = useBaseServices();
  const [problem, setProblem] = useState<UnlockError | null>(null);
  const [recovering, setRecovering] = useState(false);
  const { submitting, onSubmit } = useFormSubmit(async (form) => {
    const passphrase = fieldValue(form, 'passphrase');
    if (passphrase === '') return focusFirst(form, ['passphrase']);
    const result = await unlockTablet({ db: vault.db, env }, passphrase);
    if (result.ok) {
      onUnlocked(result.value);
      return;
    }
    setProblem(result.error);
    form.reset();
  });
  if (recovering) return <RecoverForm onUnlocked={onUnlocked} onCancel={() => setRecovering(false)} />;
  return (
    <section className="narrow" aria-labelledby="unlock-heading">
      <h2 id="unlock-heading">{t('unlock.heading')}</h2>
      <p>{t('unlock.intro')}</p>
      <form onSubmit={onSubmit}>
        {/* Why an attempt failed is shown under the field (UnlockProblem), so the control points at it itself. */}
        <Field label={t('unlock.passphrase')}>
          {() => (
            <input
              type="password"
              autoComplete="current-password"
              aria-invalid={problem ? true : undefined}
              aria-describedby="unlock-error"
              name="passphrase"
            />
          )}
        </Field>
        <UnlockProblem id="unlock-error" problem={problem} wrongKey="unlock.wrong" />
        <div className="form-nav">
          {onCancel && (
            <button type="button" className="button button-secondary" onClick={onCancel}>
              {t('unlock.backToPatient')}
            </button>
          )}
          <button type="submit" className="button" disabled={submitting}>
            {submitting ? t('unlock.checking') : t('unlock.submit')}
          </button>
        </div>
      </form>
      <button type="button" className="button button-link" onClick={() => setRecovering(true)}>
        {t('unlock.forgot')}
      </button>
    </section>
  );
}
