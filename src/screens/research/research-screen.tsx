import { useState } from 'react';
import type { Catalogue } from '../../domain/instrument-catalogue.ts';
import { downloadFile } from '../../export/download-file.ts';
import { toEffortTrialsCsv, toRedcapDictionary, toResearchCsv, type ResearchRecord } from '../../export/csv/research-csv.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { listCompletedAssessments } from '../../storage/assessment-repository.ts';
import { listPatients } from '../../storage/patient-repository.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import type { Vault } from '../../storage/vault.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';

type Props = { readonly vault: Vault; readonly catalogue: Catalogue; readonly now: () => string };

const CSV_TYPE = 'text/csv;charset=utf-8';

/**
 * The research dataset of every completed assessment, with patient codes (pseudonyms) only — no names, MRNs or
 * birth years — and the REDCap data dictionary that describes its columns.
 */
export function ResearchScreen({ vault, catalogue, now }: Props) {
  const t = useTranslate();
  const [problem, setProblem] = useState<StorageError | null>(null);
  const [status, setStatus] = useState('');
  const day = () => now().slice(0, 10);

  /** Every completed assessment with its patient's code (pseudonym), or null after showing the storage problem. */
  const readRecords = async (): Promise<ResearchRecord[] | null> => {
    setStatus(t('research.preparing'));
    const [assessments, patients] = await Promise.all([listCompletedAssessments(vault), listPatients(vault)]);
    if (!assessments.ok || !patients.ok) {
      setProblem(!assessments.ok ? assessments.error : !patients.ok ? patients.error : null);
      return null;
    }
    setProblem(null);
    const codes = new Map(patients.value.map((p) => [p.id, p.code]));
    return assessments.value.map((assessment) => ({ patientCode: codes.get(assessment.patientId) ?? '', assessment }));
  };

  const downloadCsv = async () => {
    const records = await readRecords();
    if (!records) return;
    downloadFile(`motivation-profile-research-${day()}.csv`, toResearchCsv(records, catalogue.instruments), CSV_TYPE);
    setStatus(t('research.downloaded', { count: records.length }));
  };

  const downloadTrials = async () => {
    const records = await readRecords();
    if (!records) return;
    downloadFile(`motivation-profile-effort-trials-${day()}.csv`, toEffortTrialsCsv(records), CSV_TYPE);
    setStatus(t('research.trialsDownloaded', { count: records.filter((r) => r.assessment.effortTask).length }));
  };

  const downloadDictionary = () => {
    downloadFile(`motivation-profile-data-dictionary-${day()}.csv`, toRedcapDictionary(catalogue.instruments), CSV_TYPE);
    setStatus(t('research.dictionaryDownloaded'));
  };

  return (
    <section aria-labelledby="research-heading">
      <h2 id="research-heading">{t('research.heading')}</h2>
      <p>{t('research.intro')}</p>
      <p className="muted">{t('research.privacy')}</p>
      {problem && <StorageErrorNotice problem={problem} onRetry={() => void downloadCsv()} />}
      <div className="action-row">
        <button type="button" className="button" onClick={() => void downloadCsv()}>
          {t('research.downloadCsv')}
        </button>
        <button type="button" className="button button-secondary" onClick={downloadDictionary}>
          {t('research.downloadDictionary')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => void downloadTrials()}>
          {t('research.downloadTrials')}
        </button>
      </div>
      <p role="status">{status}</p>
    </section>
  );
}
