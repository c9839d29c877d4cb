import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { PatientInput, PatientInputError } from '../../domain/patient.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { StorageError } from '../../storage/storage-error.ts';
import { Field } from '../../ui/components/field.tsx';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { addPatient } from '../../workflows/add-patient.ts';
import { useServices } from '../services-context.tsx';

type Fields = Required<PatientInput>;
const EMPTY: Fields = { code: '', displayName: '', birthYear: '', sex: '', mrn: '' };

/**
 * Adds a patient: a pseudonymous code, and optionally name, birth year and sex (for norms) and MRN. `mrn`: filled in
 * at first (the MRN of the patient an EHR launch had open, not on this tablet yet).
 */
export function NewPatientForm({ onCreated, mrn = '' }: { readonly onCreated: () => void; readonly mrn?: string }) {
  const t = useTranslate();
  const services = useServices();
  const { register, handleSubmit, reset, formState } = useForm<Fields>({ defaultValues: { ...EMPTY, mrn } });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof Fields, PatientInputError | 'conflict'>>>({});
  const [problem, setProblem] = useState<StorageError | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const submit = handleSubmit(async (input) => {
    setCreated(null);
    const saved = await addPatient(services, input);
    if (!saved.ok) {
      if (saved.error.kind === 'invalid') setFieldErrors(saved.error.fields);
      else setProblem(saved.error.error);
      return;
    }
    setFieldErrors({});
    setProblem(null);
    setCreated(saved.value.code);
    reset(EMPTY);
    onCreated();
  });

  const error = (field: keyof Fields) => {
    const code = fieldErrors[field];
    return code ? t(`patientError.${code}`) : '';
  };
  const text = (field: keyof Fields, label: Parameters<typeof t>[0], extra: Record<string, string> = {}) => (
    <Field label={t(label)} error={error(field)}>
      {(control) => <input {...control} {...extra} {...register(field)} />}
    </Field>
  );

  return (
    <form className="card" aria-labelledby="new-patient-heading" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="new-patient-heading">{t('patients.newHeading')}</h3>
      {problem && <StorageErrorNotice problem={problem} />}
      <div className="field-grid">
        {text('code', 'patient.code', { autoComplete: 'off' })}
        {text('displayName', 'patient.displayName', { autoComplete: 'off' })}
        {text('birthYear', 'patient.birthYear', { inputMode: 'numeric' })}
        <Field label={t('patient.sex')}>
          {() => (
            <select {...register('sex')}>
              <option value="">{t('sex.unrecorded')}</option>
              <option value="female">{t('sex.female')}</option>
              <option value="male">{t('sex.male')}</option>
              <option value="other">{t('sex.other')}</option>
            </select>
          )}
        </Field>
        {text('mrn', 'patient.mrn', { autoComplete: 'off' })}
      </div>
      <button type="submit" className="button" disabled={formState.isSubmitting}>
        {t('patient.create')}
      </button>
      <p role="status">{created ? t('patient.created', { code: created }) : ''}</p>
    </form>
  );
}
