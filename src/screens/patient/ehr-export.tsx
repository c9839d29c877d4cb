import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { Assessment } from '../../domain/assessment.ts';
import type { Catalogue } from '../../domain/instrument-catalogue.ts';
import type { Patient } from '../../domain/patient.ts';
import { downloadFile } from '../../export/download-file.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';

type Props = {
  readonly assessment: Assessment;
  readonly patient: Patient;
  readonly catalogue: Catalogue;
  readonly now: () => string;
  /** The clinic's MRN identifier system from the EHR settings, when set. */
  readonly mrnSystem: string | null;
};

type Fields = { mrn: string; mrnSystem: string };

/** A URI or OID as FHIR `Identifier.system` takes it. */
const SYSTEM = /^(https?:\/\/\S+|urn:oid:[0-2](\.\d+)+|urn:uuid:[0-9a-f-]{36})$/i;

/**
 * Export of one completed assessment for the EHR: the clinician confirms (or enters) the medical record number at
 * export time, then downloads a self-contained FHIR R4 file. The FHIR mappers load only when used.
 */
export function EhrExport({ assessment, patient, catalogue, now, mrnSystem }: Props) {
  const t = useTranslate();
  const id = useId();
  const [done, setDone] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<Fields>({ defaultValues: { mrn: patient.mrn ?? '', mrnSystem: mrnSystem ?? '' } });
  const errors = formState.errors;

  const download = handleSubmit(async (fields) => {
    const { toAssessmentExport, toAssessmentCollection } = await import('../../export/fhir/assessment-export.ts');
    const mrn = fields.mrn.trim() === '' ? null : { system: fields.mrnSystem.trim(), value: fields.mrn.trim() };
    const stamp = now();
    const exported = toAssessmentExport(assessment, catalogue, { patientCode: patient.code, mrn }, { appVersion: __APP_VERSION__, now: stamp, newUuid: () => crypto.randomUUID() });
    const bundle = toAssessmentCollection(exported, assessment.id, stamp);
    const name = `motivation-profile-${patient.code.replace(/[^\w-]+/g, '_')}-${(assessment.completedAt ?? stamp).slice(0, 10)}.fhir.json`;
    downloadFile(name, JSON.stringify(bundle, null, 2), 'application/fhir+json');
    setDone(t('ehr.downloaded', { file: name }));
  });

  return (
    <details className="ehr-export">
      <summary>{t('ehr.heading')}</summary>
      <form onSubmit={(e) => void download(e)} noValidate>
        <label className="field">
          <span>{t('ehr.mrn')}</span>
          <input autoComplete="off" aria-describedby={`${id}-mrn-hint`} {...register('mrn', { maxLength: 64 })} />
          <span id={`${id}-mrn-hint`} className="muted">
            {t('ehr.mrnHint')}
          </span>
        </label>
        <label className="field">
          <span>{t('ehr.mrnSystem')}</span>
          <input
            autoComplete="off"
            inputMode="url"
            aria-invalid={errors.mrnSystem ? true : undefined}
            aria-describedby={`${id}-system-error`}
            {...register('mrnSystem', { validate: (value, all) => all.mrn.trim() === '' || SYSTEM.test(value.trim()) })}
          />
          <span id={`${id}-system-error`} className="field-error">
            {errors.mrnSystem ? t('ehr.mrnSystemInvalid') : ''}
          </span>
        </label>
        <button type="submit" className="button">
          {t('ehr.downloadFhir')}
        </button>
        <p role="status">{done}</p>
      </form>
    </details>
  );
}
