import { ok, type Result } from '../domain/result.ts';
import { toEffortTrialsCsv, toRedcapDictionary, toRedcapRepeatingInstruments, toResearchCsv, type ResearchRecord } from '../export/csv/research-csv.ts';
import { listCompletedAssessments } from '../storage/assessment-repository.ts';
import { listPatients } from '../storage/patient-repository.ts';
import type { StorageError } from '../storage/storage-error.ts';
import type { WorkflowContext } from './workflow-context.ts';

const CSV_TYPE = 'text/csv;charset=utf-8';

/** One file to download: its name, text and media type. */
export type ExportFile = { readonly fileName: string; readonly text: string; readonly type: string };

/**
 * Every completed assessment with its patient's code (a pseudonym): no names, MRNs or birth years. Assessments of a
 * patient deleted from the tablet are left out: with no code they have no REDCap record (record_id is the code).
 */
async function readResearchRecords(ctx: Pick<WorkflowContext, 'vault'>): Promise<Result<ResearchRecord[], StorageError>> {
  const [assessments, patients] = await Promise.all([listCompletedAssessments(ctx.vault), listPatients(ctx.vault)]);
  if (!assessments.ok) return assessments;
  if (!patients.ok) return patients;
  const codes = new Map(patients.value.map((p) => [p.id, p.code]));
  return ok(
    assessments.value.flatMap((assessment) => {
      const patientCode = codes.get(assessment.patientId);
      return patientCode ? [{ patientCode, assessment }] : [];
    }),
  );
}

const day = (ctx: Pick<WorkflowContext, 'env'>) => ctx.env.now().slice(0, 10);

/** The research CSV (a REDCap import: one record per patient), with how many assessments it holds. */
export async function prepareResearchCsv(ctx: Pick<WorkflowContext, 'vault' | 'env' | 'catalogue'>): Promise<Result<ExportFile & { readonly count: number }, StorageError>> {
  const records = await readResearchRecords(ctx);
  if (!records.ok) return records;
  return ok({ fileName: `motivation-profile-research-${day(ctx)}.csv`, text: toResearchCsv(records.value, ctx.catalogue.instruments), type: CSV_TYPE, count: records.value.length });
}

/** The effort-task trials in the columns `ebdm-fit` reads, with how many assessments had the task. */
export async function prepareEffortTrialsCsv(ctx: Pick<WorkflowContext, 'vault' | 'env'>): Promise<Result<ExportFile & { readonly count: number }, StorageError>> {
  const records = await readResearchRecords(ctx);
  if (!records.ok) return records;
  return ok({
    fileName: `motivation-profile-effort-trials-${day(ctx)}.csv`,
    text: toEffortTrialsCsv(records.value),
    type: CSV_TYPE,
    count: records.value.filter((r) => r.assessment.effortTask).length,
  });
}

/** The REDCap data dictionary describing the research CSV's columns. */
export function prepareRedcapDictionary(ctx: Pick<WorkflowContext, 'env' | 'catalogue'>): ExportFile {
  return { fileName: `motivation-profile-data-dictionary-${day(ctx)}.csv`, text: toRedcapDictionary(ctx.catalogue.instruments), type: CSV_TYPE };
}

/** REDCap's repeating-instrument settings for the research CSV's project (every form but `participant` repeats). */
export function prepareRedcapRepeatingInstruments(ctx: Pick<WorkflowContext, 'env' | 'catalogue'>): ExportFile {
  return { fileName: `motivation-profile-redcap-repeating-instruments-${day(ctx)}.csv`, text: toRedcapRepeatingInstruments(ctx.catalogue.instruments), type: CSV_TYPE };
}
