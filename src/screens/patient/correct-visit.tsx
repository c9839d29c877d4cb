import { useState } from 'react';
import { askedItems, givenPack, hasUnacknowledgedAlert, notAskedOf, type Assessment } from '../../domain/assessment.ts';
import type { RevisionReason } from '../../domain/assessment-schema.ts';
import { findInstrument } from '../../domain/catalogue-lookup.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { Field } from '../../ui/components/field.tsx';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { correctAssessment, type CorrectionFailure } from '../../workflows/correct-assessment.ts';
import { sendRiskFlags } from '../../workflows/risk-flags.ts';
import { useServices } from '../services-context.tsx';

type Props = {
  readonly assessment: Assessment;
  /** After a correction is stored: the page reads the patient's visits again. */
  readonly onCorrected: () => Promise<void>;
};

const REASONS: readonly RevisionReason[] = ['wrong-answer', 'wrong-patient', 'entered-in-error'];

/**
 * "Correct this visit", folded under a completed visit: why (a wrong answer was entered; given to the wrong patient;
 * entered in error), the corrected answers of one questionnaire (each item in the words it was given in, its
 * answer chosen from its options), and a note. Saving makes the visit's next version (`correctAssessment`); the
 * version it replaces is kept and listed under "Corrected visits". While a safety alert is open, it is refused.
 */
export function CorrectVisit({ assessment, onCorrected }: Props) {
  const t = useTranslate();
  const services = useServices();
  const instruments = assessment.instruments.flatMap(({ id }) => findInstrument(services.catalogue, id) ?? []);
  const [reason, setReason] = useState<RevisionReason>('wrong-answer');
  const [instrumentId, setInstrumentId] = useState(instruments[0]?.definition.id ?? '');
  const [changes, setChanges] = useState<Readonly<Record<string, string>>>({});
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<CorrectionFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const instrument = instruments.find((i) => i.definition.id === instrumentId);
  const pack = instrument ? givenPack(assessment, instrument) : null;
  const answers = assessment.answers[instrumentId] ?? {};

  if (hasUnacknowledgedAlert(assessment)) return <p className="notice">{t('correct.problem.alert-open')}</p>;

  const save = async () => {
    setBusy(true);
    const request =
      reason === 'wrong-answer' ? { kind: 'amend' as const, changes: { [instrumentId]: changes }, note } : { kind: 'void' as const, reason, note };
    const done = await correctAssessment(services, { assessmentId: assessment.id, request });
    setBusy(false);
    setFailure(done.ok ? null : done.error);
    if (!done.ok) return;
    // A corrected answer that raises a safety alert goes to the EHR at once, as one keyed in does.
    if (hasUnacknowledgedAlert(done.value)) void sendRiskFlags(services, done.value.id);
    await onCorrected();
  };

  return (
    <form
      aria-label={t('correct.heading')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset className="choice-group">
        <legend>{t('correct.why')}</legend>
        {REASONS.map((r) => (
          <label key={r} className="choice">
            <input type="radio" name={`reason-${assessment.id}`} checked={reason === r} onChange={() => setReason(r)} />
            <span>{t(`correct.reason.${r}`)}</span>
          </label>
        ))}
      </fieldset>
      {reason === 'wrong-answer' && instrument && pack && (
        <>
          {instruments.length > 1 && (
            <Field label={t('correct.questionnaire')}>
              {(control) => (
                <select
                  {...control}
                  value={instrumentId}
                  onChange={(e) => {
                    setInstrumentId(e.target.value);
                    setChanges({});
                  }}
                >
                  {instruments.map((i) => (
                    <option key={i.definition.id} value={i.definition.id}>
                      {i.definition.shortTitle}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <p className="muted">{t('correct.answersHint')}</p>
          {/* The questionnaire's own instructions (its stem and time frame), in the words it was given in. */}
          {pack.instructions !== undefined && <p lang={pack.language}>{pack.instructions}</p>}
          {askedItems(instrument.definition, notAskedOf(assessment, instrumentId)).map((item, index) => {
            const options = instrument.definition.optionSets[item.optionSet]?.options ?? [];
            const current = changes[item.id] ?? answers[item.id]?.code ?? '';
            return (
              <Field
                key={item.id}
                label={
                  <>
                    {`${String(index + 1)}. `}
                    {/* The item in the words it was given in, which need not be the interface's language. */}
                    <span lang={pack.language}>{pack.items[item.id] ?? item.id}</span>
                  </>
                }
              >
                {(control) => (
                  <select
                    {...control}
                    lang={pack.language}
                    value={current}
                    onChange={(e) => setChanges({ ...changes, [item.id]: e.target.value })}
                  >
                    {current === '' && (
                      <option value="" lang={t.language}>
                        {t('correct.noAnswer')}
                      </option>
                    )}
                    {options.map((code) => (
                      <option key={code} value={code}>
                        {pack.optionSets[item.optionSet]?.[code] ?? code}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            );
          })}
        </>
      )}
      <Field label={t('correct.note')}>{(control) => <textarea {...control} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}</Field>
      {failure?.kind === 'storage' && <StorageErrorNotice problem={failure.error} />}
      {failure?.kind === 'refused' && (
        <p role="alert" className="notice notice-error">
          {t(`correct.problem.${failure.problem}`)}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {reason === 'wrong-answer' ? t('correct.saveAmendment') : t('correct.saveVoid')}
      </button>
    </form>
  );
}
