import { useState } from 'react';
import { downloadFile } from '../../export/download-file.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { StorageError } from '../../storage/storage-error.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { prepareEffortTrialsCsv, prepareRedcapDictionary, prepareRedcapRepeatingInstruments, prepareResearchCsv, prepareRewardTrialsCsv } from '../../workflows/research-export.ts';
import { useServices } from '../services-context.tsx';

/**
 * The research dataset of every completed assessment, with patient codes (pseudonyms) only — no names, MRNs or
 * birth years — the REDCap data dictionary that describes its columns, and the project's repeating-instrument settings.
 */
export function ResearchScreen() {
  const t = useTranslate();
  const services = useServices();
  const [problem, setProblem] = useState<StorageError | null>(null);
  const [status, setStatus] = useState('');

  /** Reads every completed assessment into one file and downloads it, or shows why it could not be read. */
  const download = async (prepare: typeof prepareResearchCsv, done: (count: number) => string) => {
    setStatus(t('research.preparing'));
    const file = await prepare(services);
    if (!file.ok) return setProblem(file.error);
    setProblem(null);
    downloadFile(file.value.fileName, file.value.parts, file.value.type);
    setStatus(done(file.value.count));
  };
  const downloadCsv = () => download(prepareResearchCsv, (count) => t('research.downloaded', { count }));
  const downloadTrials = () => download(prepareEffortTrialsCsv, (count) => (count === 1 ? t('research.trialsDownloadedOne') : t('research.trialsDownloaded', { count })));
  const downloadRewardTrials = () =>
    download(prepareRewardTrialsCsv, (count) => (count === 1 ? t('research.rewardTrialsDownloadedOne') : t('research.rewardTrialsDownloaded', { count })));

  const downloadDictionary = () => {
    const file = prepareRedcapDictionary(services);
    downloadFile(file.fileName, file.parts, file.type);
    setStatus(t('research.dictionaryDownloaded'));
  };
  const downloadRepeating = () => {
    const file = prepareRedcapRepeatingInstruments(services);
    downloadFile(file.fileName, file.parts, file.type);
    setStatus(t('research.repeatingDownloaded'));
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
        <button type="button" className="button button-secondary" onClick={downloadRepeating}>
          {t('research.downloadRepeating')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => void downloadTrials()}>
          {t('research.downloadTrials')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => void downloadRewardTrials()}>
          {t('research.downloadRewardTrials')}
        </button>
      </div>
      <p role="status">{status}</p>
    </section>
  );
}
