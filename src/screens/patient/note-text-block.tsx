import { useState } from 'react';
import type { Assessment } from '../../domain/assessment.ts';
import { toNoteText } from '../../export/text/note-text.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { useServices } from '../services-context.tsx';
import { useRecordTranslate } from './use-record-translate.ts';

/** The text block of one assessment, in the language of reports and notes, to copy into the EHR note. */
export function NoteTextBlock({ assessment, patientCode }: { readonly assessment: Assessment; readonly patientCode: string }) {
  const t = useTranslate();
  const { catalogue } = useServices();
  const record = useRecordTranslate();
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  const text = record ? toNoteText(assessment, catalogue.instruments, patientCode, record) : '';
  const id = `note-${assessment.id}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus('copied');
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
