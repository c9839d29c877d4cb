import { useState } from 'react';
import type { Assessment } from '../../domain/assessment.ts';
import { toNoteText } from '../../export/text/note-text.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { useServices } from '../services-context.tsx';

/** The ASCII text block of one assessment, to copy into the EHR note. */
export function NoteTextBlock({ assessment, patientCode }: { readonly assessment: Assessment; readonly patientCode: string }) {
  const t = useTranslate();
  const { catalogue } = useServices();
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  const text = toNoteText(assessment, catalogue.instruments, patientCode);
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
      <textarea id={id} className="note-text" readOnly rows={Math.min(12, text.split('\n').length + 1)} value={text} />
      <button type="button" className="button" onClick={() => void copy()}>
        {t('note.copy')}
      </button>
      <p role="status">{status === 'copied' ? t('note.copied') : status === 'failed' ? t('note.copyFailed') : ''}</p>
    </details>
  );
}
