import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { AdministrationMode } from '../../domain/assessment.ts';
import { BUILT_IN_BATTERIES, STANDARD_BATTERY, type Battery } from '../../domain/battery.ts';
import type { EffortChoice, RewardChoice, StartProblem } from '../../domain/check-start.ts';
import type { PatientId } from '../../domain/ids.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { languageNameIn } from '../../i18n/language-names.ts';
import { UI_LANGUAGES, type Translate } from '../../i18n/translate.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import { Field } from '../../ui/components/field.tsx';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { startNewAssessment } from '../../workflows/start-assessment.ts';
import { useServices } from '../services-context.tsx';
import { QuestionnaireLanguage, toTextChoices, type TextChoiceDraft } from './questionnaire-language.tsx';
import { batteryLabel } from './battery-label.ts';
import { clinicianLabels } from '../../domain/catalogue-lookup.ts';

type Fields = { battery: string; instruments: string[]; mode: AdministrationMode; relation: string; saveAs: string; effort: EffortChoice; reward: RewardChoice };

type Props = {
  readonly patientId: PatientId;
  readonly customBatteries: readonly Battery[];
  /** Awaited: the Start button stays disabled until the tablet has moved on (a double tap starts nothing twice). */
  readonly onStarted: (assessmentId: string, mode: AdministrationMode) => void | Promise<void>;
};

/** Why the chosen start is not possible, in the clinician's words. */
function describeStartProblem(t: Translate, problem: StartProblem): string {
  switch (problem.code) {
    case 'pick-one':
      return t('start.pickOne');
    case 'self-report-only':
      return t('start.selfOnPatientMode', { names: problem.names.join(t('text.listSeparator')) });
    case 'need-relation':
      return t('start.needRelation');
    case 'effort-patient-only':
      return t('effortTask.patientOnly');
    case 'reward-patient-only':
      return t('rewardTask.patientOnly');
    case 'no-text':
      return t('lang.problem.noText', { names: problem.instruments.map((i) => i.name).join(t('text.listSeparator')), language: languageNameIn(t, problem.language) });
    case 'clinician-read-patient-mode':
      return t('lang.problem.clinicianRead', { names: problem.names.join(t('text.listSeparator')) });
  }
}

/** Chooses a battery (standard, saved, or any subset) and who answers, then starts a draft assessment. */
export function StartAssessmentForm({ patientId, customBatteries, onStarted }: Props) {
  const t = useTranslate();
  const services = useServices();
  const { catalogue } = services;
  const batteries = [...BUILT_IN_BATTERIES, ...customBatteries];
  const { register, handleSubmit, watch, formState } = useForm<Fields>({
    defaultValues: { battery: STANDARD_BATTERY.id, instruments: [], mode: 'patient', relation: '', saveAs: '', effort: 'none', reward: 'none' },
  });
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<StorageError | null>(null);
  // The patient's language defaults to the interface language; each questionnaire without text in it needs a choice.
  const [language, setLanguage] = useState<string>(t.language);
  const [textChoices, setTextChoices] = useState<Readonly<Record<string, TextChoiceDraft>>>({});
  // Parts of a questionnaire the clinician leaves out as not applicable to this patient (CBI: work, clients).
  const [notAsked, setNotAsked] = useState<Readonly<Record<string, readonly string[]>>>({});
  const battery = watch('battery');
  const mode = watch('mode');
  const picked = watch('instruments');
  const byId = new Map(catalogue.instruments.map((i) => [i.definition.id, i]));
  const chosenIds = battery === 'choose' ? picked : (batteries.find((b) => b.id === battery)?.instrumentIds ?? []);
  const chosen = chosenIds.flatMap((id) => byId.get(id) ?? []);
  const languages = [...new Set([...UI_LANGUAGES, ...catalogue.instruments.flatMap((i) => Object.keys(i.packs))])];

  const submit = handleSubmit(async (fields) => {
    const started = await startNewAssessment(services, {
      patientId,
      request: {
        battery: fields.battery === 'choose' ? { kind: 'chosen', instrumentIds: fields.instruments, saveAs: fields.saveAs } : { kind: 'battery', id: fields.battery },
        mode: fields.mode,
        relation: fields.relation,
        effort: fields.effort,
        reward: fields.reward,
        language,
        textChoices: toTextChoices(chosen, language, textChoices),
        notAsked,
      },
    });
    if (!started.ok) {
      if (started.error.kind === 'invalid') return setError(describeStartProblem(t, started.error.problem));
      setError(null);
      return setProblem(started.error.error);
    }
    setError(null);
    setProblem(null);
    await onStarted(started.value.assessmentId, started.value.mode);
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
              {batteryLabel(t, b.name)}
              <span className="muted">{t('text.parenthetical', { text: b.instrumentIds.map((id) => byId.get(id)?.definition.shortTitle ?? id).join(t('text.listSeparator')) })}</span>
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
          {/* Named in the clinician's language (its labels), not by the English title in instrument.json. */}
          {catalogue.instruments.map((instrument) => (
            <label key={instrument.definition.id} className="choice">
              <input type="checkbox" value={instrument.definition.id} {...register('instruments')} />
              <span>
                {instrument.definition.shortTitle} <span className="muted">— {clinicianLabels(instrument, t.language).name}</span>
              </span>
            </label>
          ))}
          <Field label={t('start.saveAs')}>{() => <input autoComplete="off" {...register('saveAs')} />}</Field>
        </fieldset>
      )}
      {chosen
        .filter((instrument) => (instrument.definition.parts ?? []).length > 0)
        .map((instrument) => {
          const { id, shortTitle, parts = [] } = instrument.definition;
          const labels = clinicianLabels(instrument, t.language);
          const left = notAsked[id] ?? [];
          return (
            <fieldset key={id} className="choice-group">
              <legend>{t('start.parts', { name: shortTitle })}</legend>
              <p className="muted">{t('start.partsHint')}</p>
              {parts.map((part) => (
                <label key={part.id} className="choice">
                  <input
                    type="checkbox"
                    checked={!left.includes(part.id)}
                    onChange={(e) => setNotAsked((all) => ({ ...all, [id]: e.target.checked ? left.filter((p) => p !== part.id) : [...left, part.id] }))}
                  />
                  <span>{labels.parts?.[part.id] ?? part.id}</span>
                </label>
              ))}
            </fieldset>
          );
        })}
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
        {(['none', 'long', 'standard', 'short'] as const).map((choice) => (
          <label key={choice} className="choice">
            <input type="radio" value={choice} {...register('effort')} />
            <span>{t(`effortTask.choice.${choice}`)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="choice-group">
        <legend>{t('rewardTask.legend')}</legend>
        {(['none', 'standard'] as const).map((choice) => (
          <label key={choice} className="choice">
            <input type="radio" value={choice} {...register('reward')} />
            <span>{t(`rewardTask.choice.${choice}`)}</span>
          </label>
        ))}
      </fieldset>
      <QuestionnaireLanguage
        instruments={chosen}
        languages={languages}
        language={language}
        onLanguage={setLanguage}
        choices={textChoices}
        onChoice={(id, choice) => setTextChoices((all) => ({ ...all, [id]: choice }))}
        mode={mode}
      />
      {mode === 'clinician' && (
        <Field label={t('start.relation')}>{() => <input autoComplete="off" {...register('relation')} />}</Field>
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
