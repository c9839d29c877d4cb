import type { Locator, Page } from 'playwright-core';
import { tapAnswer } from './hand-over.ts';

/** PHQ-9's answers, by the points each scores. */
export const PHQ9_ANSWER = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'] as const;

/**
 * On a patient's page: a PHQ-9 keyed in by the clinician ("I enter the answers"), items 1–9 scored `points` (0–3
 * each), the optional difficulty item skipped; back on the patient's page when it returns.
 */
export async function enterPhq9(page: Page, patientCode: string, points: readonly number[]): Promise<void> {
  const newAssessment = page.getByRole('button', { name: 'New assessment', exact: true });
  await newAssessment.or(page.getByLabel('Choose instruments')).first().waitFor();
  if (await newAssessment.isVisible()) await newAssessment.click();
  await page.getByLabel('Choose instruments').check();
  await page.getByRole('checkbox', { name: /^PHQ-9/ }).check();
  await page.getByLabel('I enter the answers (interview or informant)').check();
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('heading', { name: `Entering answers for patient ${patientCode}`, exact: true }).waitFor();
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  for (const p of points) await tapAnswer(page, PHQ9_ANSWER[p] ?? '');
  await page.getByRole('button', { name: 'Skip' }).click();
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByRole('heading', { name: `Patient ${patientCode}`, exact: true }).waitFor();
}

/**
 * One completed visit's card on the patient's page, found by the day it was completed (`Sep 7, 2026`): the latest
 * visit's card, or an earlier visit's (opened, its details are folded).
 */
export async function visitCard(page: Page, day: string): Promise<Locator> {
  const completed = `Completed ${day}`;
  const latest = page.locator('.card', { has: page.locator(':scope > p', { hasText: completed }) });
  // Earlier visits, not the list of corrected and voided ones (whose cards carry the same day).
  const earlier = page.locator('ul:not(.corrected-visits) > li.card', { has: page.locator('details > summary', { hasText: completed }) });
  const card = latest.or(earlier);
  await card.waitFor();
  const folded = earlier.locator(':scope > details:not([open]) > summary');
  if ((await folded.count()) > 0) await folded.click();
  return card;
}

/**
 * "Send to the EHR" (or "Send again", once sent) on the visit completed on `day`; resolves with what the app then
 * says ("Sent to the EHR." when the server took it).
 */
export async function sendVisitToEhr(page: Page, day: string): Promise<string> {
  return sendCardToEhr(await visitCard(page, day), day);
}

/**
 * A voided visit's card in "Corrected and voided visits", found by its day, opened; its export part sends the
 * voided version (`entered-in-error`) to the EHR.
 */
export async function correctedVisitCard(page: Page, day: string): Promise<Locator> {
  const card = page.locator('ul.corrected-visits > li.card', { has: page.locator('details > summary', { hasText: `Completed ${day}` }) });
  await card.waitFor();
  const folded = card.locator(':scope > details:not([open]) > summary');
  if ((await folded.count()) > 0) await folded.click();
  return card;
}

/** "Send to the EHR" in a visit card's export part; resolves with what the app then says. */
export async function sendCardToEhr(card: Locator, day: string): Promise<string> {
  const exportPart = card.locator('details.ehr-export');
  if ((await card.locator('details.ehr-export[open]').count()) === 0) await exportPart.getByText('Export to the EHR (FHIR)', { exact: true }).click();
  const status = exportPart.getByRole('status');
  // What this card said before is not an answer to this tap: a send is read off a card that has said nothing yet.
  if ((await status.innerText()) !== '') throw new Error(`sendVisitToEhr: the card of ${day} already says "${await status.innerText()}"; reload the page first`);
  await exportPart.getByRole('button', { name: /^(Send to the EHR|Send again|Try sending again)$/ }).click();
  await status.filter({ hasNotText: /^(Sending…)?$/ }).waitFor();
  return status.innerText();
}

/** "Fetch earlier visits from the EHR" on the patient's page; resolves with what it found, in the app's words. */
export async function fetchEarlierVisits(page: Page): Promise<string> {
  const part = page.locator('.fetch-earlier');
  const button = part.getByRole('button', { name: 'Fetch earlier visits from the EHR' });
  await button.click();
  await part.getByRole('status').filter({ hasNotText: /^(Fetching earlier visits…[^\n]*)?$/ }).waitFor();
  await button.and(page.locator(':enabled')).waitFor();
  return part.getByRole('status').innerText();
}

/** The results a clinician reads on the patient's page, as text: profile and score tables, change by published criteria, reliable change. */
export type ResultText = {
  readonly profileRows: readonly string[];
  readonly scoreRows: readonly string[];
  readonly change: readonly string[];
  readonly reliableChange: readonly string[];
};

/** Reads `ResultText` off the patient's page (waiting for the lazily loaded profile). */
export async function readResults(page: Page): Promise<ResultText> {
  const profile = page.locator('.profile');
  await profile.getByRole('table', { name: 'Scores by visit' }).waitFor();
  return {
    profileRows: await profile.getByRole('table', { name: 'Profile by visit (text alternative to the chart)' }).locator('tbody tr').allInnerTexts(),
    scoreRows: await profile.getByRole('table', { name: 'Scores by visit' }).locator('tbody tr').allInnerTexts(),
    change: await profile.locator('.change-criteria li').allInnerTexts(),
    reliableChange: await profile.locator('.rci li').allInnerTexts(),
  };
}
