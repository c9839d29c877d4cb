import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, Patient, QuestionnaireResponse } from 'fhir/r4';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirServer, type TestFhirServer } from '../support/fhir-server.ts';
import { buildApp, launchChromium, serveBuiltApp, setUpClinic, type Served } from './harness.ts';
import { correctedVisitCard, enterPhq9, fetchEarlierVisits, readResults, sendCardToEhr, sendVisitToEhr, visitCard, type ResultText } from './pages/clinic-record.ts';
import { PatientsScreen } from './pages/patients.ts';
import { SettingsScreen } from './pages/settings.ts';
import { SetUpScreen } from './pages/set-up.ts';

/**
 * Issue 18, "many tablets, one clinic record", from the clinicians' side: tablet A gives a patient three PHQ-9 visits
 * and sends each to the clinic's FHIR server (Medplum's FhirRouter on 127.0.0.1); tablet B, another browser context
 * with its own clinic passphrase and IndexedDB, knows the patient by the same code and fetches those visits.
 * The app reaches the server only if the build allows its origin (CSP), so this file builds the app for it.
 */

const TOKEN = 'clinic-token';
const CODE = 'K-314';
const PHQ9 = 'https://motivation-profile.app/fhir/Questionnaire/phq-9|';
/** Three visits a month apart, PHQ-9 totals 20, 12 and 5 (item 9 "Not at all": no safety alert). */
const VISITS = [
  { at: '2026-09-07T09:00:00Z', day: 'Sep 7, 2026', points: [3, 3, 3, 3, 2, 2, 2, 2, 0], total: 20 },
  { at: '2026-10-05T09:00:00Z', day: 'Oct 5, 2026', points: [2, 2, 2, 2, 1, 1, 1, 1, 0], total: 12 },
  { at: '2026-11-02T09:00:00Z', day: 'Nov 2, 2026', points: [1, 1, 1, 1, 1, 0, 0, 0, 0], total: 5 },
] as const;

let server: TestFhirServer | undefined;
let outDir: string | undefined;
let served: Served | undefined;
let browser: Browser | undefined;
let tabletA: Page;
let tabletB: Page;
/** The clinic's patient-code system, read off tablet A's Settings. */
let codeSystem = '';
/** What tablet A shows for the patient, to compare tablet B's with. */
let onA: ResultText;

beforeAll(async () => {
  server = await startFhirServer({ token: TOKEN });
  server.nextLinks = true;
  outDir = await mkdtemp(join(tmpdir(), 'mp-many-tablets-'));
  const buildMs = await buildApp(outDir, [new URL(server.baseUrl).origin]);
  console.log(`many-tablets: app built for ${new URL(server.baseUrl).origin} in ${(buildMs / 1000).toFixed(1)} s`);
  served = await serveBuiltApp(outDir);
  browser = await launchChromium();
  // Two tablets: two contexts, each with its own IndexedDB, service worker and clock.
  tabletA = await (await browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
  tabletB = await (await browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
}, 180_000);

afterAll(async () => {
  // Each step runs even if one before it fails; the first failure is reported.
  const steps = [() => browser?.close(), () => served?.stop(), () => server?.close(), () => (outDir ? rm(outDir, { recursive: true, force: true }) : undefined)];
  const failures: unknown[] = [];
  for (const step of steps) await Promise.resolve(step()).catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw failures[0];
});

/** The clinic's server asked directly (not through the app): the PHQ-9 responses filed under the patient's code. */
async function phq9ResponsesOnServer(): Promise<QuestionnaireResponse[]> {
  if (!server) throw new Error('no FHIR server');
  const get = async <T extends Patient | QuestionnaireResponse>(path: string) => {
    const response = await fetch(`${server?.baseUrl ?? ''}/${path}`, { headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/fhir+json' } });
    if (!response.ok) throw new Error(`GET ${path}: ${String(response.status)}`);
    return (await response.json()) as Bundle<T>;
  };
  const patients = await get<Patient>(`Patient?identifier=${encodeURIComponent(`${codeSystem}|${CODE}`)}`);
  expect(patients.entry ?? []).toHaveLength(1);
  const id = patients.entry?.[0]?.resource?.id ?? '';
  const responses = await get<QuestionnaireResponse>(`QuestionnaireResponse?subject=${encodeURIComponent(`Patient/${id}`)}&_count=100`);
  return (responses.entry ?? []).flatMap((e) => (e.resource?.questionnaire?.startsWith(PHQ9) ? [e.resource] : []));
}

const posts = () => server?.requests.filter((r) => r.method === 'POST').length ?? 0;

describe('many tablets, one clinic record (issue 18)', () => {
  it('tablet A gives three PHQ-9 visits and sends each to the EHR; sending one again duplicates nothing', async () => {
    const page = tabletA;
    await page.clock.install({ time: new Date(VISITS[0].at) });
    await setUpClinic(page, served?.url ?? '');
    const settings = new SettingsScreen(page);
    await settings.goTo();
    expect(await settings.connectEhr(server?.baseUrl ?? '', TOKEN)).toContain('Connected: FHIR version 4.0.1.');
    const patients = new PatientsScreen(page);
    await patients.goTo();
    await patients.add({ code: CODE });
    await (await patients.open(CODE)).shows(CODE);

    for (const visit of VISITS) {
      await page.clock.setSystemTime(new Date(visit.at));
      await enterPhq9(page, CODE, visit.points);
      expect(await (await visitCard(page, visit.day)).innerText()).toMatch(new RegExp(`PHQ-9 total \\(0–27\\): ${String(visit.total)}\\b`));
      expect(await sendVisitToEhr(page, visit.day)).toBe('Sent to the EHR.');
    }
    codeSystem = await settings.goTo().then(() => settings.patientCodeSystem());
    expect(codeSystem).toMatch(/^https:\/\/motivation-profile\.app\/fhir\/patient-code\/[0-9a-f-]{36}$/);
    expect((await phq9ResponsesOnServer()).map((r) => r.authored?.slice(0, 10))).toEqual(['2026-09-07', '2026-10-05', '2026-11-02']);

    // The first visit again ("Send again"): the server matches what it holds, it does not file a fourth.
    await patients.goTo();
    await (await patients.open(CODE)).shows(CODE);
    const before = posts();
    expect(await sendVisitToEhr(page, VISITS[0].day)).toBe('Sent to the EHR.');
    expect(posts()).toBeGreaterThan(before);
    expect(await phq9ResponsesOnServer()).toHaveLength(3);

    onA = await readResults(page);
    expect(onA.scoreRows.map((row) => row.split('\t'))).toEqual(VISITS.map((v) => [v.day, String(v.total)]));
    // Between the last two visits, 12 → 5: a drop of 58 % (response), not below 5 (no remission), 7 points (reliable).
    expect(onA.change.join('\n')).toMatch(/^PHQ-9 12 \(Oct 5, 2026\) → 5 \(Nov 2, 2026\): response: yes .*remission: no .*reliable improvement/);
    expect(await page.getByText('Export to the EHR (FHIR)', { exact: true }).count()).toBe(3);
    expect(await page.getByRole('button', { name: /^(Send|Try sending)/, includeHidden: true }).count()).toBe(3);
  }, 240_000);

  it('tablet B, with its own passphrase and the clinic’s patient-code system, fetches the visits and shows what A shows', async () => {
    const page = tabletB;
    await new SetUpScreen(page).setUp(served?.url ?? '', 'second-tablet-passphrase');
    const settings = new SettingsScreen(page);
    await settings.goTo();
    expect(await settings.connectEhr(server?.baseUrl ?? '', TOKEN)).toContain('Connected: FHIR version 4.0.1.');
    // Tablet B made its own system on first sight; the clinician copies tablet A's over it.
    expect(await settings.patientCodeSystem()).not.toBe(codeSystem);
    await settings.setPatientCodeSystem(codeSystem);
    const patients = new PatientsScreen(page);
    await patients.goTo();
    await patients.add({ code: CODE });
    await (await patients.open(CODE)).shows(CODE);
    await page.getByText('No completed assessments yet.').or(page.getByLabel('Choose instruments')).first().waitFor();
    const before = posts();

    expect(await fetchEarlierVisits(page)).toBe('New visits from the EHR: 3. Already on this tablet: 0.');
    const onB = await readResults(page);
    expect(onB).toEqual(onA);

    // Imported visits say where they came from and cannot be sent back.
    for (const visit of VISITS) {
      const card = await visitCard(page, visit.day);
      expect(await card.getByText(/^Given on another tablet; fetched from the EHR on /).count()).toBe(1);
      expect(await card.innerText()).toMatch(new RegExp(`PHQ-9 total \\(0–27\\): ${String(visit.total)}\\b`));
    }
    expect(await page.getByText('Export to the EHR (FHIR)', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Send|Try sending)/, includeHidden: true }).count()).toBe(0);
    expect(posts()).toBe(before);
    expect(await phq9ResponsesOnServer()).toHaveLength(3);
  }, 180_000);

  it('a second fetch on tablet B stores nothing new', async () => {
    const page = tabletB;
    // The sealed cursor asks only for what changed on the server since the first fetch: nothing, so nothing comes.
    expect(await fetchEarlierVisits(page)).toBe('New visits from the EHR: 0. Already on this tablet: 0.');
    expect(await readResults(page)).toEqual(onA);
    expect(await page.getByText(/^Given on another tablet; fetched from the EHR on /).count()).toBe(3);
    expect(await phq9ResponsesOnServer()).toHaveLength(3);
  }, 120_000);

  it('tablet A fetching the same visits finds them already here and keeps its own', async () => {
    const page = tabletA;
    expect(await fetchEarlierVisits(page)).toBe('New visits from the EHR: 0. Already on this tablet: 3.');
    expect(await readResults(page)).toEqual(onA);
    expect(await page.getByText(/^Given on another tablet/).count()).toBe(0);
    expect(await page.getByText('Export to the EHR (FHIR)', { exact: true }).count()).toBe(3);
  }, 120_000);

  it('tablet A corrects a wrong answer on Oct 5 and voids Nov 2; tablet B’s next fetch shows the same course, the voided visit kept with why', async () => {
    const page = tabletA;
    // Oct 5: item 1 was keyed "More than half the days" (2 points); the patient had said "Not at all": 12 → 10.
    const october = await visitCard(page, VISITS[1].day);
    await october.locator('details.correct-visit > summary').click();
    await october.getByRole('combobox', { name: /^1\. / }).selectOption({ label: 'Not at all' });
    await october.getByRole('textbox', { name: 'Note: why, in your words' }).fill('item 1 keyed in the wrong row');
    await october.getByRole('button', { name: 'Save the corrected version' }).click();
    // The corrected version replaces the card (folded again under earlier visits), saying what was corrected and why.
    await expect.poll(async () => (await visitCard(page, VISITS[1].day)).innerText(), { timeout: 30_000 }).toMatch(/Corrected version 2, .*: A wrong answer was entered — “item 1 keyed in the wrong row”/);
    expect(await sendVisitToEhr(page, VISITS[1].day)).toBe('Sent to the EHR.');

    // Nov 2 was another patient's visit, keyed under K-314 by mistake.
    const november = await visitCard(page, VISITS[2].day);
    await november.locator('details.correct-visit > summary').click();
    await november.getByRole('radio', { name: 'It was given to the wrong patient' }).check();
    await november.getByRole('textbox', { name: 'Note: why, in your words' }).fill('this was K-315');
    await november.getByRole('button', { name: 'Mark this visit as entered in error' }).click();
    const voided = await correctedVisitCard(page, VISITS[2].day);
    expect(await voided.innerText()).toMatch(/Voided .*: It was given to the wrong patient — “this was K-315”/);
    expect(await sendCardToEhr(voided, VISITS[2].day)).toBe('Sent to the EHR.');

    // The server holds one response per visit still, each now at its newest version.
    const onServer = (await phq9ResponsesOnServer()).map((r) => [r.authored?.slice(0, 10), r.status]).sort();
    expect(onServer).toEqual([
      ['2026-09-07', 'completed'],
      ['2026-10-05', 'amended'],
      ['2026-11-02', 'entered-in-error'],
    ]);
    const corrected = await readResults(page);
    expect(corrected.scoreRows.map((row) => row.split('\t'))).toEqual([
      [VISITS[0].day, '20'],
      [VISITS[1].day, '10'],
    ]);

    const b = tabletB;
    const said = await fetchEarlierVisits(b);
    expect(said).toMatch(/^New visits from the EHR: 2\. Already on this tablet: 0\./);
    expect(said).toContain('Marked “entered in error” on the EHR (kept in the history below, out of the profile): 1.');
    await expect.poll(() => readResults(b), { timeout: 30_000 }).toEqual(corrected);
    const voidedOnB = await correctedVisitCard(b, VISITS[2].day);
    expect(await voidedOnB.innerText()).toMatch(/Voided .*: It was given to the wrong patient — “this was K-315”/);
    // B holds it as pulled: nothing on B sends it back.
    expect(await voidedOnB.locator('details.ehr-export').count()).toBe(0);
    expect(await fetchEarlierVisits(b)).toBe('New visits from the EHR: 0. Already on this tablet: 0.');
  }, 240_000);
});
