import { useState } from 'react';
import type { Assessment } from '../../domain/assessment.ts';
import { changeBetweenVisits } from '../../domain/change-criteria.ts';
import { groupVisits } from '../../domain/profile.ts';
import { toNoteText } from '../../export/text/note-text.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { recordExport } from '../../workflows/attribution.ts';
import { useServices } from '../services-context.tsx';
import { localDay } from './local-day.ts';
import { useRecordTranslate } from './use-record-translate.ts';

type Props = {
  readonly assessment: Assessment;
  readonly patientCode: string;
  /** The patient's completed assessments up to this one: the note states the change since the previous visit. */
  readonly history?: readonly Assessment[];
};

/** The text block of one assessment, in the language of reports and notes, to copy into the EHR note. */
export function NoteTextBlock({ assessment, patientCode, history = [] }: Props) {
  const t = useTranslate();
  const services = useServices();
  const { catalogue } = services;
  const record = useRecordTranslate();
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  const definitions = catalogue.instruments.map((i) => i.definition);
  const visits = groupVisits(
    history.flatMap((a) => (a.results && a.completedAt ? [{ completedAt: a.completedAt, results: a.results }] : [])),
    new Map(definitions.map((d) => [d.id, d])),
    localDay,
  );
  // Only a change that ends at this assessment's visit belongs in its note.
  const day = assessment.completedAt ? localDay(assessment.completedAt) : null;
  const changes = changeBetweenVisits(visits, definitions).filter((c) => c.after.date === day && assessment.results?.[c.instrumentId]);
  const text = record ? toNoteText(assessment, catalogue.instruments, patientCode, record, changes, localDay) : '';
  const id = `note-${assessment.id}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus('copied');
      void recordExport(services, { kind: 'note', patientId: assessment.patientId, assessmentId: assessment.id });
    } catch {
      setStatus('failed');
    }
  };
  return (
    <details>
      <summary>{t('note.heading')}</summary>
      <label htmlFor={id} className="visually-hidden">
        {t('note.heading')}
      </label>
      <textarea id={id} className="note-text" lang={record?.language} readOnly rows={Math.min(12, text.split('\n').length + 1)} value={text} />
      <button type="button" className="button" onClick={() => void copy()}>
        {t('note.copy')}
      </button>
      <p role="status">{status === 'copied' ? t('note.copied') : status === 'failed' ? t('note.copyFailed') : ''}</p>
    </details>
  );
}
