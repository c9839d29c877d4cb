import type { Page } from 'playwright-core';
import { TEST_PACK_TEXT } from '../support/packs.ts';

/*
 * Latin script allowed on a Chinese clinician page: the scale abbreviations; the SHAPS eponyms; statistics
 * symbols and abbreviations the page defines in Chinese (z, r, n, SD, POMP, RCI, and the reward task's log b and
 * log d); FHIR and the identifier formats an IT department types (URI, urn:oid); the PDF file format; each
 * language's name in its own script ("English").
 */
const ALLOWED = new Set(['SHAPS', 'TEPS', 'AES', 'AES-S', 'AES-I', 'AES-C', 'AMI', 'PHQ-9', 'Snaith', 'Hamilton', 'UCLA', 'UCLA-3', 'DASS-21', 'IPIP', 'N', 'E', 'MOS-SSS', 'CBI', 'CFPB', 'FWB', 'z', 'r', 'n', 'SD', 'log', 'b', 'd', 'POMP', 'RCI', 'FHIR', 'URI', 'urn', 'oid', 'PDF', 'English']);
export const PACK = JSON.parse(TEST_PACK_TEXT) as { title: string; instructions: string; items: Record<string, string>; optionSets: Record<string, Record<string, string>> };
const PACK_TEXTS = [PACK.title, PACK.instructions, ...Object.values(PACK.items), ...Object.values(PACK.optionSets).flatMap((set) => Object.values(set))].sort((a, b) => b.length - a.length);

/** The Latin-script words in a clinician page's `text`, leaving out the patient's words (the pack's own text) and hashes. */
export function foreignWords(text: string): string[] {
  let cleaned = text;
  for (const respondentText of PACK_TEXTS) cleaned = cleaned.replaceAll(respondentText, ' ');
  cleaned = cleaned.replace(/\d{4}-\d{2}-\d{2}/g, ' ').replace(/\b[0-9a-f]{12,64}\b/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
  return (cleaned.match(/[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*/g) ?? []).filter((w) => !ALLOWED.has(w));
}

/** The visible text of the main area, citations (author, year, journal) left out: they are cited as published. */
export function mainText(page: Page): Promise<string> {
  return page.locator('main').evaluate((main) => {
    const copy = main.cloneNode(true) as HTMLElement;
    for (const cited of copy.querySelectorAll('.citation, cite, [data-cited]')) cited.remove();
    for (const note of copy.querySelectorAll('textarea')) note.replaceWith(note.value);
    return copy.innerText;
  });
}
