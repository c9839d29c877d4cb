import { useEffect, useState } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { ClinicianChangeError } from '../../storage/clinician-access.ts';
import type { KeyRing } from '../../storage/vault.ts';
import { Field } from '../../ui/components/field.tsx';
import { fieldValue, focusFirst, useFormSubmit } from '../../ui/components/use-form-submit.ts';
import { UnlockProblem } from './unlock-problem.tsx';
import { RecoverForm } from './recover-form.tsx';
import { listSignIns, unlockAs, type SignIn } from '../../workflows/clinic-access.ts';
import { useBaseServices } from '../services-context.tsx';

type Props = {
  readonly onUnlocked: (keys: KeyRing) => void;
  /** In patient mode: go back to the questions without unlocking. */
  readonly onCancel?: () => void;
  /** Who unlocked last in this window (in memory only): chosen first on the list. */
  readonly lastHolderId?: string | undefined;
};

const ADMIN = 'administrator';

/**
 * The staff-only gate: the clinic passphrase opens the keys, or, once the administrator has named clinicians, each
 * picks their name and enters their own passphrase or PIN. A growing wait follows repeated failures, by any name.
 */
export function UnlockScreen({ onUnlocked, onCancel, lastHolderId }: Props) {
  const t = useTranslate();
  const { vault, env } = useBaseServices();
  const [problem, setProblem] = useState<ClinicianChangeError | null>(null);
  const [recovering, setRecovering] = useState(false);
  const [signIns, setSignIns] = useState<readonly SignIn[]>([]);
  const [chosen, setChosen] = useState(lastHolderId ?? ADMIN);
  useEffect(() => {
    // A failed read leaves the clinic passphrase alone on screen: the administrator can always get in.
    void listSignIns({ db: vault.db, env }).then((read) => read.ok && setSignIns(read.value));
  }, [vault.db, env]);
  const person = signIns.find((s) => s.id === chosen) ?? signIns[0];
  const credential = person?.credential ?? 'clinic-passphrase';
  const { submitting, onSubmit } = useFormSubmit(async (form) => {
    const secret = fieldValue(form, 'passphrase');
    if (secret === '') return focusFirst(form, ['passphrase']);
    const result = await unlockAs({ db: vault.db, env }, { id: person?.id ?? ADMIN, secret });
    if (result.ok) {
      onUnlocked(result.value);
      return;
    }
    setProblem(result.error);
    form.reset();
  });
  if (recovering) return <RecoverForm onUnlocked={onUnlocked} onCancel={() => setRecovering(false)} />;
  const nameOf = (s: SignIn) => (s.name || t('unlock.administrator')) + (s.role ? ` · ${s.role}` : '');
  return (
    <section className="narrow" aria-labelledby="unlock-heading">
      <h2 id="unlock-heading">{t('unlock.heading')}</h2>
      <p>{signIns.length > 0 ? t('unlock.introNamed') : t('unlock.intro')}</p>
      <form onSubmit={onSubmit}>
        {signIns.length > 0 && (
          <fieldset className="choices">
            <legend>{t('unlock.who')}</legend>
            {signIns.map((s) => (
              <label key={s.id} className="choice">
                <input type="radio" name="who" value={s.id} checked={person?.id === s.id} onChange={() => { setChosen(s.id); setProblem(null); }} />
                <span>{nameOf(s)}</span>
              </label>
            ))}
          </fieldset>
        )}
        {/* Why an attempt failed is shown under the field (UnlockProblem), so the control points at it itself. */}
        <Field label={t(credential === 'clinic-passphrase' ? 'unlock.passphrase' : credential === 'pin' ? 'unlock.pin' : 'unlock.own')}>
          {() => (
            <input
              type="password"
              autoComplete="current-password"
              inputMode={credential === 'pin' ? 'numeric' : undefined}
              aria-invalid={problem ? true : undefined}
              aria-describedby="unlock-error"
              name="passphrase"
            />
          )}
        </Field>
        <UnlockProblem id="unlock-error" problem={problem} wrongKey={credential === 'pin' ? 'unlock.wrongPin' : 'unlock.wrong'} />
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
      {credential === 'clinic-passphrase' && (
        <button type="button" className="button button-link" onClick={() => setRecovering(true)}>
          {t('unlock.forgot')}
        </button>
      )}
    </section>
  );
}
