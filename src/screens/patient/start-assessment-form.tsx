import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { startAssessment, type AdministrationMode } from '../../domain/assessment.ts';
import { STANDARD_BATTERY, type Battery } from '../../domain/battery.ts';
import { asAssessmentId, type Environment, type PatientId } from '../../domain/ids.ts';
import { DEFAULT_EFFORT_TASK_CONFIG } from '../../domain/effort-task/task-config.ts';
import { createEffortTaskRecord, type EffortTaskRecord } from '../../domain/effort-task/task-record.ts';
import type { Catalogue } from '../../domain/instrument-catalogue.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { createAssessment } from '../../storage/assessment-repository.ts';
import type { Vault } from '../../storage/vault.ts';
import { touchPatient } from '../../storage/patient-repository.ts';
import { saveCustomBatteries } from '../../storage/settings-repository.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { readDeviceInfo } from '../../ui/effort-task/read-device-info.ts';

type EffortChoice = 'none' | 'standard' | 'short';
type Fields = { battery: string; instruments: string[]; mode: AdministrationMode; relation: string; saveAs: string; effort: EffortChoice };

/** The effort task's variants offered here: the default design, or one block of 16 offers (demonstration, training). */
function newEffortTask(choice: EffortChoice): EffortTaskRecord | null {
  if (choice === 'none') return null;
  const config = choice === 'short' ? { ...DEFAULT_EFFORT_TASK_CONFIG, blocks: 1 } : DEFAULT_EFFORT_TASK_CONFIG;
  const seed = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return createEffortTaskRecord({ seed, startedAt: Date.now(), device: readDeviceInfo(navigator.userAgent), config });
}

type Props = {
  readonly vault: Vault;
  readonly env: Environment;
  readonly catalogue: Catalogue;
  readonly patientId: PatientId;
  readonly customBatteries: readonly Battery[];
  readonly onStarted: (assessmentId: string, mode: AdministrationMode) => void;
};

/** Chooses a battery (standard, saved, or any subset) and who answers, then starts a draft assessment. */
export function StartAssessmentForm({ vault, env, catalogue, patientId, customBatteries, onStarted }: Props) {
  const t = useTranslate();
  const batteries = [STANDARD_BATTERY, ...customBatteries];
  const { register, handleSubmit, watch, formState } = useForm<Fields>({
    defaultValues: { battery: STANDARD_BATTERY.id, instruments: [], mode: 'patient', relation: '', saveAs: '', effort: 'none' },
  });
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<StorageError | null>(null);
  const battery = watch('battery');
  const mode = watch('mode');
  const byId = new Map(catalogue.instruments.map((i) => [i.definition.id, i]));

  const submit = handleSubmit(async (fields) => {
    const chosen = fields.battery === 'choose' ? fields.instruments : (batteries.find((b) => b.id === fields.battery)?.instrumentIds ?? []);
    const definitions = chosen.flatMap((id) => byId.get(id)?.definition ?? []);
    if (definitions.length === 0) return setError(t('start.pickOne'));
    const notSelf = definitions.filter((d) => d.respondent !== 'self');
    if (fields.mode === 'patient' && notSelf.length > 0) {
      return setError(t('start.selfOnPatientMode', { names: notSelf.map((d) => d.shortTitle).join(', ') }));
    }
    const relation = fields.relation.trim();
    if (definitions.some((d) => d.respondent === 'informant') && relation === '') return setError(t('start.needRelation'));
    if (fields.effort !== 'none' && fields.mode !== 'patient') return setError(t('effortTask.patientOnly'));
    setError(null);
    const name = fields.battery === 'choose' ? fields.saveAs.trim() : (batteries.find((b) => b.id === fields.battery)?.name ?? '');
    if (fields.battery === 'choose' && name !== '') {
      const saved = await saveCustomBatteries(vault.db, [...customBatteries, { id: env.newId(), name, instrumentIds: chosen }]);
      if (!saved.ok) return setProblem(saved.error);
    }
    const assessment = startAssessment({
      id: asAssessmentId(env.newId()),
      patientId,
      batteryName: name || definitions.map((d) => d.shortTitle).join(' + '),
      definitions,
      mode: fields.mode,
      informantRelation: relation === '' ? null : relation,
      language: 'en',
      now: env.now(),
      effortTask: newEffortTask(fields.effort),
    });
    const created = await createAssessment(vault, assessment);
    if (!created.ok) return setProblem(created.error);
    await touchPatient(vault, patientId, env.now());
    onStarted(assessment.id, fields.mode);
  });

  return (
    <form className="card" aria-labelledby="start-heading" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="start-heading">{t('start.heading')}</h3>
      {problem && <StorageErrorNotice problem={problem} />}
      <fieldset className="choice-group">
        <legend>{t('start.battery')}</legend>
        {batteries.map((b) => (
          <label key={b.id} className="choice">
            <input type="radio" value={b.id} {...register('battery')} />
            <span>
              {b.id === STANDARD_BATTERY.id ? t('start.standard') : b.name}
              <span className="muted"> ({b.instrumentIds.map((id) => byId.get(id)?.definition.shortTitle ?? id).join(', ')})</span>
            </span>
          </label>
        ))}
        <label className="choice">
          <input type="radio" value="choose" {...register('battery')} />
          <span>{t('start.choose')}</span>
        </label>
      </fieldset>
      {battery === 'choose' && (
        <fieldset className="choice-group">
          <legend>{t('start.instruments')}</legend>
          {catalogue.instruments.map(({ definition: d }) => (
            <label key={d.id} className="choice">
              <input type="checkbox" value={d.id} {...register('instruments')} />
              <span>
                {d.shortTitle} <span className="muted">— {d.title}</span>
              </span>
            </label>
          ))}
          <label className="field">
            <span>{t('start.saveAs')}</span>
            <input autoComplete="off" {...register('saveAs')} />
          </label>
        </fieldset>
      )}
      <fieldset className="choice-group">
        <legend>{t('start.who')}</legend>
        <label className="choice">
          <input type="radio" value="patient" {...register('mode')} />
          <span>{t('start.patient')}</span>
        </label>
        <label className="choice">
          <input type="radio" value="clinician" {...register('mode')} />
          <span>{t('start.clinician')}</span>
        </label>
      </fieldset>
      <fieldset className="choice-group">
        <legend>{t('effortTask.legend')}</legend>
        {(['none', 'standard', 'short'] as const).map((choice) => (
          <label key={choice} className="choice">
            <input type="radio" value={choice} {...register('effort')} />
            <span>{t(`effortTask.choice.${choice}`)}</span>
          </label>
        ))}
      </fieldset>
      {mode === 'clinician' && (
        <label className="field">
          <span>{t('start.relation')}</span>
          <input autoComplete="off" {...register('relation')} />
        </label>
      )}
      <p role="alert" className="field-error">
        {error ?? ''}
      </p>
      <button type="submit" className="button" disabled={formState.isSubmitting}>
        {t('start.submit')}
      </button>
    </form>
  );
}
