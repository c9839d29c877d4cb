import { readFileSync, writeFileSync } from 'node:fs';
import type { Bundle, Observation, Patient, QuestionnaireResponse } from 'fhir/r4';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateFhir } from '../support/fhir-validate.ts';
import { axeViolations } from './axe.ts';
import { type AppSession, openClinic } from './harness.ts';
import { HandOver } from './pages/hand-over.ts';
import { PatientsScreen } from './pages/patients.ts';
import { TakeBack } from './pages/take-back.ts';

let session: AppSession | undefined;
let page: Page;

/** SHAPS all "Agree" (score 0) and PHQ-9 with items 1–8 "More than half the days" and item 9 "Several days". */
beforeAll(async () => {
  session = await openClinic();
  page = session.page;
  const patients = new PatientsScreen(page);
  await patients.add({ code: 'W7-042', birthYear: '1951', mrn: 'MRN-7781' });
  const patient = await patients.open('W7-042');
  await patient.choose(/^SHAPS/, /^PHQ-9/);
  await patient.start();
  const patientMode = new HandOver(page);
  await patientMode.begin();
  await patientMode.startInstrument();
  await patientMode.answer('Agree', 14);
  await patientMode.startInstrument();
  await patientMode.answer('More than half the days', 8);
  await patientMode.answer('Several days');
  await patientMode.continue();
  await patientMode.skip();
  await patientMode.finish();
  await new TakeBack(page).takeBack();
  await page.getByRole('link', { name: 'Open patient W7-042' }).click();
  await page.getByRole('heading', { name: 'Patient W7-042', exact: true }).waitFor();
}, 120_000);

afterAll(async () => {
  await session?.close();
});

async function downloaded(click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

describe('getting a finished screening into the record', () => {
  it('downloads a FHIR collection Bundle with the MRN the clinician confirmed, which validates against R4', async () => {
    await page.getByText('Export to the EHR (FHIR)').click();
    const system = page.getByLabel(/Identifier system of the record number/);
    expect(await page.getByLabel(/Medical record number \(leave empty/).inputValue()).toBe('MRN-7781');
    await system.fill('not a system');
    await page.getByRole('button', { name: 'Download FHIR file' }).click();
    await page.getByText(/Enter the identifier system as a URI/).waitFor();
    await system.fill('urn:oid:2.16.840.1.113883.19.5');
    if (process.env.SCREENSHOTS) await page.locator('.ehr-export').first().screenshot({ path: `${process.env.SCREENSHOTS}/ehr-export.png` });
    const file = await downloaded(() => page.getByRole('button', { name: 'Download FHIR file' }).click());
    expect(file.name).toBe('motivation-profile-W7-042-2026-03-02.fhir.json');
    const bundle = JSON.parse(file.text) as Bundle;
    expect(bundle.type).toBe('collection');
    const resources = (bundle.entry ?? []).map((e) => e.resource);
    const patient = resources.find((r): r is Patient => r?.resourceType === 'Patient');
    expect(patient?.identifier?.map((i) => [i.system, i.value])).toEqual([
      ['urn:oid:2.16.840.1.113883.19.5', 'MRN-7781'],
      // The pseudonym under this clinic's own patient-code system, made at its first export.
      [expect.stringMatching(/^https:\/\/motivation-profile\.app\/fhir\/patient-code\/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/), 'W7-042'],
    ]);
    expect(JSON.stringify(patient)).not.toContain('1951');
    const responses = resources.filter((r): r is QuestionnaireResponse => r?.resourceType === 'QuestionnaireResponse');
    expect(responses.map((r) => r.questionnaire)).toEqual(['https://motivation-profile.app/fhir/Questionnaire/shaps|1.0.0', 'https://motivation-profile.app/fhir/Questionnaire/phq-9|1.0.0']);
    const observations = resources.filter((r): r is Observation => r?.resourceType === 'Observation');
    const loinc = (code: string) => observations.find((o) => o.code.coding?.some((c) => c.code === code));
    expect(loinc('44261-6')?.valueQuantity?.value).toBe(17);
    expect(loinc('44260-8')?.valueCodeableConcept?.coding?.[0]?.code).toBe('LA6569-3');
    expect(validateFhir(bundle)).toEqual([]);
  });

  it('prints a one-page report with the alert, scores, bands, sources and provenance', async () => {
    await page.getByRole('link', { name: 'Print report' }).first().click();
    await page.getByRole('heading', { name: 'Motivation Profile — screening report', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Apathy–anhedonia profile', exact: true }).waitFor();
    const text = await page.locator('.report').innerText();
    expect(text).toContain('W7-042');
    expect(text).toMatch(/Item 9 .* answered 'Several days' or more/);
    // The score table (was the "In brief" line): score, range and band, the band's source a footnote number.
    const phq9 = (await page.getByRole('row', { name: /^PHQ-9/ }).innerText()).split('\t');
    expect(phq9.slice(1, 4).map((cell) => cell.trim())).toEqual(['17', '0–27', expect.stringMatching(/^Moderately severe \(15–19\)\s*\d+$/)]);
    expect(text).toMatch(/Scoring engine|scoring engine/);
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
    for (const format of ['A4', 'Letter'] as const) {
      const pdf = await page.pdf({ format, printBackground: true });
      if (process.env.SCREENSHOTS) writeFileSync(`${process.env.SCREENSHOTS}/report-${format}.pdf`, pdf);
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
      expect({ format, pages: pages.length }).toEqual({ format, pages: 1 });
    }
  });

  it('prints the report in Chinese with real CJK glyphs on one page', async () => {
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '动机特征评估筛查报告', exact: true }).waitFor();
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    if (process.env.SCREENSHOTS) writeFileSync(`${process.env.SCREENSHOTS}/report-zh.pdf`, pdf);
    const text = pdf.toString('latin1');
    // The page's Chinese is set in an embedded CJK font (no missing-glyph boxes), not left to a Latin fallback.
    expect(text).toMatch(/\/(?:BaseFont|FontName)\s*\/[A-Z]{6}\+[A-Za-z-]*CJK/);
    expect((text.match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
    await page.getByLabel('语言').selectOption('en');
  });

  it('downloads the research CSV of every completed assessment and its REDCap dictionary', async () => {
    await page.getByRole('link', { name: 'Research data', exact: true }).click();
    await page.getByRole('heading', { name: 'Research data', exact: true }).waitFor();
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/research.png` });
    const csv = await downloaded(() => page.getByRole('button', { name: 'Download research CSV' }).click());
    expect(csv.name).toBe('motivation-profile-research-2026-03-02.csv');
    expect(csv.text.startsWith('\uFEFF"record_id"')).toBe(true);
    const lines = csv.text.trim().split('\r\n');
    // Header, then the patient's record: participant, visit, SHAPS and PHQ-9 rows (repeating instruments).
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^"W7-042","","","W7-042"/);
    expect(lines[4]).toMatch(/^"W7-042","phq_9","1"/);
    expect(lines[4]).toContain('"more_than_half_the_days"');
    expect(csv.text).not.toContain('MRN-7781');
    await page.getByText('Saved the research file with 1 completed assessments.').waitFor();
    const dictionary = await downloaded(() => page.getByRole('button', { name: 'Download data dictionary (REDCap)' }).click());
    expect(dictionary.text.split('\r\n')[1]).toMatch(/^"record_id","participant"/);
  });
});
