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
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';

type Fields = { baseUrl: string; authKind: 'none' | 'bearer'; token: string; mrnSystem: string };


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
  const [status, setStatus] = useState<{ readonly kind: 'saved' } | { readonly kind: 'tested'; readonly result: ServerCapabilities } | { readonly kind: 'failed'; readonly text: string } | null>(null);
  const { register, handleSubmit, reset, watch, trigger, getValues, formState } = useForm<Fields>({
    defaultValues: { baseUrl: '', authKind: 'none', token: '', mrnSystem: '' },
  });

  const storedValue = stored.state.kind === 'ready' ? stored.state.value : null;
  useEffect(() => {
    const s = storedValue;
    if (s) reset({ baseUrl: s.baseUrl, authKind: s.auth.kind, token: s.auth.kind === 'bearer' ? s.auth.token : '', mrnSystem: s.mrnSystem });
  }, [storedValue, reset]);

  const toSettings = (f: Fields): FhirServerSettings => {
    const checked = checkServerUrl(f.baseUrl, allowedOrigins);
    return {
      baseUrl: checked.ok ? checked.value : f.baseUrl.trim(),
      auth: f.authKind === 'bearer' ? { kind: 'bearer', token: f.token.trim() } : { kind: 'none' },
      mrnSystem: f.mrnSystem.trim(),
    };
  };
  const save = handleSubmit(async (fields) => {
    const saved = await saveEhrConnection({ vault }, toSettings(fields));
    if (!saved.ok) return setProblem(saved.error);
    setStatus({ kind: 'saved' });
  });
  const test = async () => {
    setStatus(null);
    if (!(await trigger(['baseUrl', 'token']))) return;
    const read = await testEhrConnection({ env }, toSettings(getValues()));
    setStatus(read.ok ? { kind: 'tested', result: read.value } : { kind: 'failed', text: describePushFailure(t, read.error) });
  };

  const urlError = formState.errors.baseUrl?.message;
  const origin = URL.canParse(watch('baseUrl').trim()) ? new URL(watch('baseUrl').trim()).origin : '';
  const bearer = watch('authKind') === 'bearer';
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
            <input type="radio" value="none" {...register('authKind')} /> {t('fhirServer.authNone')}
          </label>
          <label className="choice">
            <input type="radio" value="bearer" {...register('authKind')} /> {t('fhirServer.authBearer')}
          </label>
        </fieldset>
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
      <p role="status">
        {status?.kind === 'saved' ? t('fhirServer.saved') : ''}
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
