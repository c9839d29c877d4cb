import { ok, type Result } from '../domain/result.ts';
import { researchCsvHeader, researchCsvLayout, researchCsvRecords, toEffortTrialsCsv, toRedcapDictionary, toRedcapRepeatingInstruments, type ResearchRecord } from '../export/csv/research-csv.ts';
import { toRewardTrialsCsv } from '../export/csv/reward-trials-csv.ts';
import { forEachPatientsCompleted } from '../storage/completed-by-patient.ts';
import type { StorageError } from '../storage/storage-error.ts';
import { audit } from './attribution.ts';
import type { WorkflowContext } from './workflow-context.ts';

const CSV_TYPE = 'text/csv;charset=utf-8';

/** One file to download: its name, its text (in parts, joined by the download), and media type. */
export type ExportFile = { readonly fileName: string; readonly parts: readonly string[]; readonly type: string };

/**
 * Every completed assessment with its patient's code (a pseudonym): no names, MRNs or birth years. Assessments of a
 * patient deleted from the tablet are left out: with no code they have no REDCap record (record_id is the code).
 */
async function readResearchRecords(ctx: Pick<WorkflowContext, 'vault'>): Promise<Result<ResearchRecord[], StorageError>> {
  const records: ResearchRecord[] = [];
  const read = await forEachPatientsCompleted(ctx.vault, (patients) => {
    for (const { patientCode, assessments } of patients) for (const assessment of assessments) records.push({ patientCode, assessment });
  });
  return read.ok ? ok(records.sort((a, b) => (a.assessment.completedAt ?? '').localeCompare(b.assessment.completedAt ?? ''))) : read;
}

const day = (ctx: Pick<WorkflowContext, 'env'>) => ctx.env.now().slice(0, 10);

/**
 * The research CSV (a REDCap import: one record per patient), with how many assessments it holds. Written a page of
 * patients at a time (`forEachPatientsCompleted`): memory holds one page of opened assessments and the file's text.
 */
export async function prepareResearchCsv(ctx: Pick<WorkflowContext, 'vault' | 'env' | 'catalogue'>): Promise<Result<ExportFile & { readonly count: number }, StorageError>> {
  const layout = researchCsvLayout(ctx.catalogue.instruments);
  const parts = [researchCsvHeader(layout)];
  const read = await forEachPatientsCompleted(ctx.vault, (patients) => parts.push(researchCsvRecords(layout, patients)));
  if (!read.ok) return read;
  await audit(ctx, { action: 'export', detail: 'research-csv' });
  return ok({ fileName: `motivation-profile-research-${day(ctx)}.csv`, parts, type: CSV_TYPE, count: read.value });
}

/** The effort-task trials in the columns `ebdm-fit` reads, with how many assessments had the task. */
export async function prepareEffortTrialsCsv(ctx: Pick<WorkflowContext, 'vault' | 'env'>): Promise<Result<ExportFile & { readonly count: number }, StorageError>> {
  const records = await readResearchRecords(ctx);
  if (!records.ok) return records;
  await audit(ctx, { action: 'export', detail: 'effort-trials-csv' });
  return ok({
    fileName: `motivation-profile-effort-trials-${day(ctx)}.csv`,
    parts: [toEffortTrialsCsv(records.value)],
    type: CSV_TYPE,
    count: records.value.filter((r) => r.assessment.effortTask).length,
  });
}

/** The reward-task (PRT) trials in the columns `prt-fit` reads, with how many assessments had the task. */
export async function prepareRewardTrialsCsv(ctx: Pick<WorkflowContext, 'vault' | 'env'>): Promise<Result<ExportFile & { readonly count: number }, StorageError>> {
  const records = await readResearchRecords(ctx);
  if (!records.ok) return records;
  await audit(ctx, { action: 'export', detail: 'reward-trials-csv' });
  return ok({
    fileName: `motivation-profile-reward-trials-${day(ctx)}.csv`,
    parts: [toRewardTrialsCsv(records.value)],
    type: CSV_TYPE,
    count: records.value.filter((r) => r.assessment.rewardTask).length,
  });
}

/** The REDCap data dictionary describing the research CSV's columns. */
export function prepareRedcapDictionary(ctx: Pick<WorkflowContext, 'env' | 'catalogue'>): ExportFile {
  return { fileName: `motivation-profile-data-dictionary-${day(ctx)}.csv`, parts: [toRedcapDictionary(ctx.catalogue.instruments)], type: CSV_TYPE };
}

/** REDCap's repeating-instrument settings for the research CSV's project (every form but `participant` repeats). */
export function prepareRedcapRepeatingInstruments(ctx: Pick<WorkflowContext, 'env' | 'catalogue'>): ExportFile {
  return { fileName: `motivation-profile-redcap-repeating-instruments-${day(ctx)}.csv`, parts: [toRedcapRepeatingInstruments(ctx.catalogue.instruments)], type: CSV_TYPE };
}
