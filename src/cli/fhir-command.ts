import type { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import Papa from 'papaparse';
import type { Bundle } from 'fhir/r4';
import type { Instrument } from '../domain/instrument-catalogue.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { scoreAssessment } from '../domain/score-assessment.ts';
import { toAdministrationEntries, toCollectionBundle } from '../export/fhir/bundle.ts';
import { toQuestionnaire } from '../export/fhir/questionnaire.ts';
import { planColumns, resolveRow, type RowError } from './score-command.ts';

export type FhirFile = { readonly bundle: Bundle; readonly skipped: readonly { readonly id: string; readonly errors: readonly RowError[] }[] };

/**
 * Reads a score-style CSV (id + codebook columns) into one FHIR R4 `collection` Bundle: the Questionnaire, then
 * per valid row a QuestionnaireResponse (identifier = the row's id), its score Observations and a Provenance.
 * Rows with errors are left out and reported, never half-exported. The whole Bundle is one JSON document, so
 * the file is read into memory (unlike `score`, which streams).
 */
export async function fhirFromCsv(input: Readable, instrument: Instrument, meta: { appVersion: string; now: string }): Promise<Result<FhirFile, string>> {
  let text = '';
  for await (const chunk of input) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  const [header, ...rows] = parsed.data;
  if (!header) return err('the file is empty');
  const layout = planColumns(header, instrument);
  if (!layout.ok) return layout;
  const administrations = [];
  const skipped = [];
  for (const row of rows) {
    const { id, answers, respondent, notAsked, errors } = resolveRow(row, layout.value);
    if (errors.length > 0) {
      skipped.push({ id, errors });
      continue;
    }
    const result = scoreAssessment(instrument.definition, answers, 'en', respondent, notAsked);
    administrations.push(
      toAdministrationEntries(
        {
          instrument,
          identifier: id,
          // A row in a file is a finished administration: `completed`, or `stopped` with a required cell empty.
          finished: true,
          authored: meta.now,
          // A row of a file says nothing of the text it was answered in: none is claimed.
          given: null,
          patientLanguage: null,
          answers,
          notAsked,
          result,
          subject: null,
          mode: 'patient',
          informantRelation: null,
          appVersion: meta.appVersion,
        },
        randomUUID,
        meta.now,
      ),
    );
  }
  return ok({ bundle: toCollectionBundle([toQuestionnaire(instrument)], administrations, randomUUID(), meta.now), skipped });
}
