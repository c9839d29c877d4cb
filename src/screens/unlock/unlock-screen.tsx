import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { verifyClinicPassphrase, type UnlockError } from '../../storage/clinic-lock.ts';
import type { AppDatabase } from '../../storage/database.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';

type Props = {
  readonly db: AppDatabase;
  readonly onUnlocked: () => void;
  /** In patient mode: go back to the questions without unlocking. */
  readonly onCancel?: () => void;
};

/** The staff-only gate: the clinic passphrase, with a growing wait after repeated failures. */
export function UnlockScreen({ db, onUnlocked, onCancel }: Props) {
  const t = useTranslate();
  const [problem, setProblem] = useState<UnlockError | null>(null);
  const { register, handleSubmit, formState, reset } = useForm<{ passphrase: string }>();
  const submit = handleSubmit(async ({ passphrase }) => {
    const result = await verifyClinicPassphrase(db, passphrase, Date.now());
    if (result.ok) {
      onUnlocked();
      return;
    }
    setProblem(result.error);
    reset({ passphrase: '' });
  });
  return (
    <section className="narrow" aria-labelledby="unlock-heading">
      <h2 id="unlock-heading">{t('unlock.heading')}</h2>
      <p>{t('unlock.intro')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>{t('unlock.passphrase')}</span>
          <input
            type="password"
            autoComplete="current-password"
            aria-invalid={problem ? true : undefined}
            aria-describedby="unlock-error"
            {...register('passphrase', { required: true })}
          />
        </label>
        <div id="unlock-error" role="status">
          {problem?.code === 'wrong-passphrase' && <p className="field-error">{t('unlock.wrong', { failures: problem.failures })}</p>}
          {problem?.code === 'wait' && <p className="field-error">{t('unlock.wait', { seconds: problem.seconds })}</p>}
          {problem?.code === 'not-set-up' && <p className="field-error">{t('unlock.notSetUp')}</p>}
        </div>
        {problem?.code === 'storage' && <StorageErrorNotice problem={problem.error} />}
        <div className="form-nav">
          {onCancel && (
            <button type="button" className="button button-secondary" onClick={onCancel}>
              {t('unlock.backToPatient')}
            </button>
          )}
          <button type="submit" className="button" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? t('unlock.checking') : t('unlock.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
