import { useEffect, useState } from 'react';
import { useForm, type UseFormRegisterReturn } from 'react-hook-form';
import { ADMINISTRATOR_ID, holderOf, MIN_CLINICIAN_PASSPHRASE_LENGTH, MIN_PIN_LENGTH, type CredentialKind } from '../../domain/clinician.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { ok } from '../../domain/result.ts';
import { Field } from '../../ui/components/field.tsx';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { addClinicianToTablet, changeMyCredential, readClinicians, removeClinicianFromTablet, saveAdministrator, type ManageError, type ProfileInput } from '../../workflows/manage-clinicians.ts';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';
import { AuditLogPanel } from './audit-log-panel.tsx';

type AddFields = ProfileInput & { credential: CredentialKind; secret: string; confirm: string; clinicPassphrase: string };
const EMPTY_ADD: AddFields = { name: '', role: '', identifierSystem: '', identifierValue: '', credential: 'passphrase', secret: '', confirm: '', clinicPassphrase: '' };

/** Why a change did not happen, in words (a wrong clinic passphrase, a weak PIN, a half-typed identifier…). */
function ManageProblem({ problem }: { readonly problem: ManageError | null }) {
  const t = useTranslate();
  if (!problem) return null;
  if (problem.code === 'storage') return <StorageErrorNotice problem={problem.error} />;
  const text =
    problem.code === 'wrong-passphrase' ? t('unlock.wrong', { failures: problem.failures })
    : problem.code === 'wait' ? t('unlock.wait', { seconds: problem.seconds })
    : problem.code === 'credential' ? t(`clinicians.credential.${problem.problem}`)
    : problem.code === 'profile' ? t(`clinicians.profile.${problem.problem}`)
    : t(`clinicians.${problem.code === 'unknown-clinician' ? 'unknown' : 'refused'}`);
  return (
    <p role="alert" className="notice notice-error">
      {text}
    </p>
  );
}

/** Passphrase or PIN, the new one and the same again: adding a clinician, and a clinician changing their own. */
function NewCredential(props: {
  readonly kind: CredentialKind;
  readonly labels: Readonly<Record<CredentialKind, 'clinicians.passphrase' | 'clinicians.pin' | 'clinicians.newPassphrase' | 'clinicians.newPin'>>;
  readonly kindField: UseFormRegisterReturn;
  readonly secretField: UseFormRegisterReturn;
  readonly confirmField: UseFormRegisterReturn;
  readonly mismatch: boolean;
}) {
  const t = useTranslate();
  const inputMode = props.kind === 'pin' ? 'numeric' : undefined;
  return (
    <>
      <fieldset className="choices">
        <legend>{t('clinicians.credentialKind')}</legend>
        {(['passphrase', 'pin'] as const).map((kind) => (
          <label key={kind} className="choice">
            <input type="radio" value={kind} {...props.kindField} />
            <span>{t(`clinicians.kindLong.${kind}`, { min: kind === 'pin' ? MIN_PIN_LENGTH : MIN_CLINICIAN_PASSPHRASE_LENGTH })}</span>
          </label>
        ))}
      </fieldset>
      <Field label={t(props.labels[props.kind])}>
        {(control) => <input type="password" autoComplete="new-password" inputMode={inputMode} {...control} {...props.secretField} />}
      </Field>
      <Field label={t('clinicians.confirm')} error={props.mismatch ? t('clinicians.mismatch') : ''}>
        {(control) => <input type="password" autoComplete="new-password" inputMode={inputMode} {...control} {...props.confirmField} />}
      </Field>
    </>
  );
}

/** The four profile fields, shared by the administrator's own profile and a new clinician's. */
function ProfileFields({ register }: { readonly register: (name: keyof ProfileInput) => UseFormRegisterReturn }) {
  const t = useTranslate();
  return (
    <>
      <Field label={t('clinicians.name')}>{(control) => <input autoComplete="off" {...control} {...register('name')} />}</Field>
      <Field label={t('clinicians.role')} hint={t('clinicians.roleHint')}>
        {(control) => <input autoComplete="off" {...control} {...register('role')} />}
      </Field>
      <Field label={t('clinicians.identifierSystem')} hint={t('clinicians.identifierHint')}>
        {(control) => <input autoComplete="off" inputMode="url" spellCheck={false} {...control} {...register('identifierSystem')} />}
      </Field>
      <Field label={t('clinicians.identifierValue')}>{(control) => <input autoComplete="off" spellCheck={false} {...control} {...register('identifierValue')} />}</Field>
    </>
  );
}

/**
 * Settings → "Clinicians" (issue 19): the administrator names the clinicians who share the tablet, each with their
 * own passphrase or PIN, and removes them; their own profile is recorded with what they do. Others see who they are
 * signed in as, and that only the administrator manages the list.
 */
export function CliniciansPanel() {
  const t = useTranslate();
  const services = useServices();
  const holder = holderOf(services.vault.keys);
  const administrator = holder.id === ADMINISTRATOR_ID;
  const loaded = useLoaded(() => (administrator ? readClinicians(services) : Promise.resolve(ok(null))), [services.vault, administrator]);
  const [problem, setProblem] = useState<ManageError | null>(null);
  // What just happened, translated when shown (the language may change while it is on screen).
  const [status, setStatus] = useState<((t: ReturnType<typeof useTranslate>) => string) | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const own = useForm<ProfileInput>();
  const add = useForm<AddFields>({ defaultValues: EMPTY_ADD });
  const credential = add.watch('credential');
  const directory = loaded.state.kind === 'ready' ? loaded.state.value : null;
  const resetOwn = own.reset;
  const stored = directory?.administrator;
  useEffect(() => {
    if (stored) resetOwn({ name: stored.name, role: stored.role, identifierSystem: stored.identifier?.system ?? '', identifierValue: stored.identifier?.value ?? '' });
  }, [stored, resetOwn]);

  const done = async (result: { ok: boolean; error?: ManageError }, message: (tr: ReturnType<typeof useTranslate>) => string) => {
    if (!result.ok) return setProblem(result.error ?? null);
    setProblem(null);
    setStatus(() => message);
    await loaded.reload();
  };
  const saveOwn = own.handleSubmit(async (fields) => done(await saveAdministrator(services, fields), (tr) => tr('clinicians.ownSaved')));
  const submitAdd = add.handleSubmit(async (fields) => {
    const result = await addClinicianToTablet(services, fields);
    await done(result, (tr) => tr('clinicians.added', { name: fields.name.trim() }));
    if (result.ok) add.reset({ ...EMPTY_ADD, credential: fields.credential });
  });

  if (!administrator) {
    return (
      <section className="card" aria-labelledby="clinicians-heading">
        <h3 id="clinicians-heading">{t('clinicians.heading')}</h3>
        <p>{t('clinicians.signedInAs', { name: holder.name })}</p>
        <p className="hint">{t('clinicians.onlyAdministrator')}</p>
        <ChangeMyCredential />
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="clinicians-heading">
      <h3 id="clinicians-heading">{t('clinicians.heading')}</h3>
      <p className="hint">{t('clinicians.intro')}</p>
      <ManageProblem problem={problem ?? (loaded.state.kind === 'failed' ? loaded.state.error : null)} />
      <p role="status">{status ? status(t) : ''}</p>
      {directory && directory.clinicians.length > 0 && (
        <ul className="clinician-list">
          {directory.clinicians.map((c) => (
            <li key={c.id}>
              <span>
                <strong>{c.name}</strong>
                {c.role && ` · ${c.role}`}
                {c.identifier && ` · ${c.identifier.value}`} · {t(`clinicians.kind.${c.credential}`)}
              </span>
              {removing === c.id ? (
                <span className="inline-actions">
                  <button type="button" className="button button-danger" onClick={() => void removeClinicianFromTablet(services, c.id).then((r) => { setRemoving(null); return done(r, (tr) => tr('clinicians.removed', { name: c.name })); })}>
                    {t('clinicians.removeConfirm', { name: c.name })}
                  </button>
                  <button type="button" className="button button-secondary" onClick={() => setRemoving(null)}>
                    {t('clinicians.cancel')}
                  </button>
                </span>
              ) : (
                <button type="button" className="button button-secondary" onClick={() => setRemoving(c.id)}>
                  {t('clinicians.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {directory && directory.clinicians.length === 0 && <p>{t('clinicians.none')}</p>}
      <details>
        <summary>{t('clinicians.addHeading')}</summary>
        <form onSubmit={(e) => void submitAdd(e)} noValidate aria-label={t('clinicians.addHeading')}>
          <ProfileFields register={(name) => add.register(name)} />
          <NewCredential
            kind={credential}
            labels={{ passphrase: 'clinicians.passphrase', pin: 'clinicians.pin' }}
            kindField={add.register('credential')}
            secretField={add.register('secret')}
            confirmField={add.register('confirm', { validate: (v, all) => v === all.secret })}
            mismatch={add.formState.errors.confirm !== undefined}
          />
          <Field label={t('unlock.passphrase')} hint={t('clinicians.clinicPassphraseHint')}>
            {(control) => <input type="password" autoComplete="current-password" {...control} {...add.register('clinicPassphrase')} />}
          </Field>
          <button type="submit" className="button" disabled={add.formState.isSubmitting}>
            {add.formState.isSubmitting ? t('unlock.checking') : t('clinicians.add')}
          </button>
        </form>
      </details>
      <details>
        <summary>{t('clinicians.ownHeading')}</summary>
        <form onSubmit={(e) => void saveOwn(e)} noValidate aria-label={t('clinicians.ownHeading')}>
          <p className="hint">{t('clinicians.ownIntro')}</p>
          <ProfileFields register={(name) => own.register(name)} />
          <button type="submit" className="button">
            {t('clinicians.ownSave')}
          </button>
        </form>
      </details>
      <AuditLogPanel />
    </section>
  );
}

type ChangeFields = { current: string; credential: CredentialKind; next: string; confirm: string };

/** A named clinician's own passphrase or PIN, changed with the current one (counted by the throttle). */
function ChangeMyCredential() {
  const t = useTranslate();
  const services = useServices();
  const form = useForm<ChangeFields>({ defaultValues: { current: '', credential: 'passphrase', next: '', confirm: '' } });
  const [problem, setProblem] = useState<ManageError | null>(null);
  const [changed, setChanged] = useState(false);
  const credential = form.watch('credential');
  const submit = form.handleSubmit(async ({ current, credential: kind, next }) => {
    setChanged(false);
    const result = await changeMyCredential(services, { current, credential: kind, next });
    if (!result.ok) return setProblem(result.error);
    setProblem(null);
    setChanged(true);
    form.reset({ current: '', credential: kind, next: '', confirm: '' });
  });
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="my-credential-heading">
      <h4 id="my-credential-heading">{t('clinicians.changeHeading')}</h4>
      <ManageProblem problem={problem} />
      <Field label={t('clinicians.current')}>{(control) => <input type="password" autoComplete="current-password" {...control} {...form.register('current')} />}</Field>
      <NewCredential
        kind={credential}
        labels={{ passphrase: 'clinicians.newPassphrase', pin: 'clinicians.newPin' }}
        kindField={form.register('credential')}
        secretField={form.register('next')}
        confirmField={form.register('confirm', { validate: (v, all) => v === all.next })}
        mismatch={form.formState.errors.confirm !== undefined}
      />
      <button type="submit" className="button" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? t('unlock.checking') : t('clinicians.changeSubmit')}
      </button>
      <p role="status">{changed ? t('clinicians.changed') : ''}</p>
    </form>
  );
}
