import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { isIdentifierSystem } from '../../export/fhir/fhir-terms.ts';
import { checkServerUrl, type ServerCapabilities } from '../../export/fhir/push-client.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { Translate } from '../../i18n/translate.ts';
import { readFhirServer, type FhirServerSettings } from '../../storage/settings-repository.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import { Field } from '../../ui/components/field.tsx';
import { describePushFailure } from '../../ui/components/push-failure-text.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { saveEhrConnection, testEhrConnection } from '../../workflows/clinic-settings.ts';
import { beginSmartSignIn, signOutOfEhr } from '../../workflows/smart-sign-in.ts';
import { describeSmartProblem } from './smart-sign-in-text.ts';
import { SmartSignInControls } from './smart-sign-in-controls.tsx';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';

type Fields = { baseUrl: string; authKind: 'none' | 'bearer' | 'smart'; token: string; clientId: string; mrnSystem: string };

/** Where the EHR sends the browser back to (and opens the app for an EHR launch): this page, without query or hash. */
const redirectUri = () => `${window.location.origin}${window.location.pathname}`;

/** The resource types an export creates: a server without transactions must create each of them conditionally. */
const EXPORTED_TYPES = ['Patient', 'Questionnaire', 'QuestionnaireResponse', 'Observation', 'Provenance'];

function describeCapabilities(t: Translate, c: ServerCapabilities): string {
  if (c.transaction) return t('fhirServer.connected', { version: c.fhirVersion });
  if (EXPORTED_TYPES.every((type) => c.conditionalCreate.includes(type))) return t('fhirServer.connectedCreates', { version: c.fhirVersion });
  return t('fhirServer.failure.no-transaction');
}

/** The clinic's FHIR server: address, sign-in, MRN system; "Test connection" reads its CapabilityStatement. */
export function FhirServerPanel() {
  const t = useTranslate();
  const { vault, env } = useServices();
  // The origins this build may connect to (from MP_FHIR_ORIGINS; the CSP allows no other).
  const allowedOrigins = env.fhirOrigins;
  const stored = useLoaded(() => readFhirServer(vault), [vault]);
  const [problem, setProblem] = useState<StorageError | null>(null);
  const [status, setStatus] = useState<{ readonly kind: 'saved' | 'signed-out' } | { readonly kind: 'tested'; readonly result: ServerCapabilities } | { readonly kind: 'failed'; readonly text: string } | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const { register, handleSubmit, reset, watch, trigger, getValues, formState } = useForm<Fields>({
    defaultValues: { baseUrl: '', authKind: 'none', token: '', clientId: '', mrnSystem: '' },
  });

  const storedValue = stored.state.kind === 'ready' ? stored.state.value : null;
  useEffect(() => {
    const s = storedValue;
    if (s) reset({ baseUrl: s.baseUrl, authKind: s.auth.kind, token: s.auth.kind === 'bearer' ? s.auth.token : '', clientId: s.auth.kind === 'smart' ? s.auth.clientId : '', mrnSystem: s.mrnSystem });
  }, [storedValue, reset]);

  const storedSmart = storedValue?.auth.kind === 'smart' ? storedValue.auth : null;
  const toSettings = (f: Fields): FhirServerSettings => {
    const checked = checkServerUrl(f.baseUrl, allowedOrigins);
    const baseUrl = checked.ok ? checked.value : f.baseUrl.trim();
    const clientId = f.clientId.trim();
    // The sign-in is kept only for the same server and client id; any other starts signed out.
    const same = storedSmart !== null && storedValue?.baseUrl === baseUrl && storedSmart.clientId === clientId;
    const smart = { kind: 'smart' as const, clientId, tokenEndpoint: same ? storedSmart.tokenEndpoint : null, sign: same ? storedSmart.sign : { state: 'signed-out' as const } };
    return {
      baseUrl,
      auth: f.authKind === 'bearer' ? { kind: 'bearer', token: f.token.trim() } : f.authKind === 'smart' ? smart : { kind: 'none' },
      mrnSystem: f.mrnSystem.trim(),
    };
  };
  const save = handleSubmit(async (fields) => {
    const saved = await saveEhrConnection({ vault }, toSettings(fields));
    if (!saved.ok) return setProblem(saved.error);
    setStatus({ kind: 'saved' });
  });
  /** Saves nothing by itself: the workflow saves the connection (signed out) and leaves for the EHR's sign-in. */
  const signIn = async () => {
    setStatus(null);
    if (!(await trigger(['baseUrl', 'clientId', 'mrnSystem']))) return;
    const settings = toSettings(getValues());
    setSigningIn(true);
    const problem = await beginSmartSignIn({ vault, env }, { baseUrl: settings.baseUrl, clientId: getValues().clientId, mrnSystem: settings.mrnSystem, redirectUri: redirectUri() });
    // Null: the page is leaving for the EHR's sign-in (the button stays busy until then).
    if (problem === null) return;
    setSigningIn(false);
    setStatus({ kind: 'failed', text: describeSmartProblem(t, problem) });
    void stored.reload();
  };
  const signOut = async () => {
    const done = await signOutOfEhr({ vault });
    // Not a SMART connection: nothing to sign out of (the button shows only for one).
    if (!done.ok) return done.error.code === 'not-smart' ? undefined : setProblem(done.error);
    setStatus({ kind: 'signed-out' });
    void stored.reload();
  };
  const test = async () => {
    setStatus(null);
    if (!(await trigger(['baseUrl', 'token']))) return;
    const read = await testEhrConnection({ env }, toSettings(getValues()));
    setStatus(read.ok ? { kind: 'tested', result: read.value } : { kind: 'failed', text: describePushFailure(t, read.error) });
  };

  const urlError = formState.errors.baseUrl?.message;
  const origin = URL.canParse(watch('baseUrl').trim()) ? new URL(watch('baseUrl').trim()).origin : '';
  const bearer = watch('authKind') === 'bearer';
  const smart = watch('authKind') === 'smart';
  const urlErrorText =
    urlError === 'invalid-url' || urlError === 'insecure'
      ? t(`fhirServer.${urlError}`)
      : urlError === 'origin-not-allowed'
        ? t('fhirServer.origin-not-allowed', { origins: allowedOrigins.length > 0 ? allowedOrigins.join(' ') : t('fhirServer.noOrigins'), origin: [...allowedOrigins, origin].join(' ') })
        : '';
  if (stored.state.kind === 'failed') return <StorageErrorNotice problem={stored.state.error} onRetry={() => void stored.reload()} />;
  if (problem) return <StorageErrorNotice problem={problem} />;
  return (
    <section className="card" aria-labelledby="fhir-server-heading">
      <h3 id="fhir-server-heading">{t('fhirServer.heading')}</h3>
      <p>{t('fhirServer.intro')}</p>
      <form onSubmit={(e) => void save(e)} noValidate>
        <Field label={t('fhirServer.baseUrl')} hint={t('fhirServer.baseUrlHint')} error={urlErrorText}>
          {(control) => (
            <input
              type="url"
              inputMode="url"
              autoComplete="off"
              {...control}
              {...register('baseUrl', {
                validate: (v) => {
                  const checked = checkServerUrl(v, allowedOrigins);
                  return checked.ok || checked.error;
                },
              })}
            />
          )}
        </Field>
        <fieldset className="choice-group">
          <legend>{t('fhirServer.auth')}</legend>
          <label className="choice">
            <input type="radio" value="none" aria-describedby="fhir-auth-none-hint" {...register('authKind')} /> {t('fhirServer.authNone')}
          </label>
          <p id="fhir-auth-none-hint" className="muted">{t('fhirServer.authNoneHint')}</p>
          <label className="choice">
            <input type="radio" value="bearer" aria-describedby="fhir-auth-bearer-hint" {...register('authKind')} /> {t('fhirServer.authBearer')}
          </label>
          <p id="fhir-auth-bearer-hint" className="muted">{t('fhirServer.authBearerHint')}</p>
          <label className="choice">
            <input type="radio" value="smart" aria-describedby="fhir-auth-smart-hint" {...register('authKind')} /> {t('fhirServer.authSmart')}
          </label>
          <p id="fhir-auth-smart-hint" className="muted">{t('fhirServer.authSmartHint')}</p>
        </fieldset>
        {smart && (
          <Field label={t('fhirServer.clientId')} hint={t('fhirServer.clientIdHint', { uri: redirectUri() })} error={formState.errors.clientId ? t('fhirServer.clientIdRequired') : ''}>
            {(control) => <input autoComplete="off" {...control} {...register('clientId', { validate: (v, all) => all.authKind !== 'smart' || v.trim() !== '' })} />}
          </Field>
        )}
        {bearer && (
          <Field label={t('fhirServer.token')} hint={t('fhirServer.tokenHint')} error={formState.errors.token ? t('fhirServer.tokenRequired') : ''}>
            {(control) => (
              <input
                type="password"
                autoComplete="off"
                {...control}
                {...register('token', { validate: (v, all) => all.authKind !== 'bearer' || v.trim() !== '' })}
              />
            )}
          </Field>
        )}
        <Field label={t('fhirServer.mrnSystem')} hint={t('fhirServer.mrnSystemHint')} error={formState.errors.mrnSystem ? t('fhirServer.mrnSystemInvalid') : ''}>
          {(control) => (
            <input autoComplete="off" {...control} {...register('mrnSystem', { validate: (v) => v.trim() === '' || isIdentifierSystem(v.trim()) })} />
          )}
        </Field>
        <div className="form-nav">
          <button type="submit" className="button" disabled={formState.isSubmitting}>
            {t('fhirServer.save')}
          </button>
          <button type="button" className="button button-secondary" onClick={() => void test()}>
            {t('fhirServer.test')}
          </button>
        </div>
      </form>
      {smart && <SmartSignInControls auth={storedSmart} busy={signingIn} onSignIn={() => void signIn()} onSignOut={() => void signOut()} />}
      <p role="status">
        {status?.kind === 'saved' ? t('fhirServer.saved') : ''}
        {status?.kind === 'signed-out' ? t('fhirServer.smartSignedOutDone') : ''}
        {status?.kind === 'tested' ? describeCapabilities(t, status.result) : ''}
      </p>
      {status?.kind === 'failed' && (
        <p role="alert" className="notice notice-error">
          {status.text}
        </p>
      )}
    </section>
  );
}
