import { useState } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { StorageError } from '../../storage/storage-error.ts';
import { Field } from '../../ui/components/field.tsx';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { clinicPatientCodeSystem, saveClinicPatientCodeSystem } from '../../workflows/clinic-settings.ts';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';

/**
 * Settings → "Patient codes on the FHIR server": the clinic's own identifier system for patient codes (made here or
 * at the first export), to copy from the clinic's first tablet onto the others so one code means one person.
 */
export function PatientCodeSystemPanel() {
  const t = useTranslate();
  const services = useServices();
  const loaded = useLoaded(() => clinicPatientCodeSystem(services), [services.vault, services.env]);
  const stored = loaded.state.kind === 'ready' ? loaded.state.value : null;
  // What IT typed, over what is stored: no effect copies the stored system in after a keystroke.
  const [edited, setEdited] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [problem, setProblem] = useState<StorageError | null>(null);
  const [saved, setSaved] = useState(false);

  const save = async () => {
    const result = await saveClinicPatientCodeSystem(services, edited ?? stored ?? '');
    if (!result.ok) return result.error.code === 'not-a-system' ? setInvalid(true) : setProblem(result.error);
    setInvalid(false);
    setProblem(null);
    setSaved(true);
    setEdited(null);
    await loaded.reload();
  };

  if (loaded.state.kind === 'failed') return <StorageErrorNotice problem={loaded.state.error} onRetry={() => void loaded.reload()} />;
  return (
    <form
      className="card"
      aria-labelledby="code-system-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="code-system-heading">{t('codeSystem.heading')}</h3>
      {problem && <StorageErrorNotice problem={problem} />}
      <Field label={t('codeSystem.label')} hint={t('codeSystem.hint')} error={invalid ? t('codeSystem.invalid') : ''}>
        {(control) => (
          <input
            {...control}
            autoComplete="off"
            inputMode="url"
            spellCheck={false}
            value={edited ?? stored ?? ''}
            disabled={stored === null}
            onChange={(e) => {
              setEdited(e.target.value);
              setSaved(false);
            }}
          />
        )}
      </Field>
      <button type="submit" className="button" disabled={stored === null}>
        {t('codeSystem.save')}
      </button>
      <p role="status">{saved ? t('codeSystem.saved') : ''}</p>
    </form>
  );
}
