import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INSTRUMENTS_ROOT, listInstrumentFolders, readFixtures, readInstrument } from '../src/cli/instrument-folder.ts';
import { checkLabelsCompleteness } from '../src/domain/instrument-consistency.ts';
import { clinicianLabelsSchema } from '../src/domain/instrument-schema.ts';
import { scoreAssessment } from '../src/domain/score-assessment.ts';

/**
 * Discovers every folder under instruments/ and holds it to the rules of HOUSE-STYLE "Instruments as data":
 * the definition parses, every locale is complete, every golden fixture scores exactly as written, and the
 * fixtures cover every band and the missing-data branches. Adding an instrument needs no test code.
 */
const folders = listInstrumentFolders();

it("ships the standard battery's seven instruments and the context battery's five", () => {
  expect(folders).toEqual(['aes-c', 'aes-i', 'aes-s', 'ami', 'cbi', 'cfpb-fwb-10', 'dass-21', 'ipip-ne', 'mos-sss', 'phq-9', 'shaps', 'teps', 'ucla-3']);
});

describe.each(folders)('instrument %s', (folder) => {
  const instrument = readInstrument(folder);
  const fixtures = readFixtures(folder);

  it('parses, is consistent and has a complete English locale', () => {
    expect(instrument.ok ? [] : instrument.error).toEqual([]);
  });

  it('has golden fixtures that parse', () => {
    expect(fixtures.ok ? fixtures.value.length : fixtures.error).toBeGreaterThanOrEqual(3);
  });

  if (!instrument.ok || !fixtures.ok) return;
  const def = instrument.value.definition;

  it.each(fixtures.value.map((f) => [f.name, f.fixture] as const))('scores fixture %s as specified', (_name, fixture) => {
    const result = scoreAssessment(def, fixture.answers, 'en', fixture.respondent, fixture.notAsked);
    expect({ status: result.status, scores: result.scores, bands: result.bands, flags: [...result.flags].sort() }).toEqual({
      ...fixture.expected,
      flags: [...fixture.expected.flags].sort(),
      missing: undefined,
    });
    if (fixture.expected.missing) expect(result.missing).toEqual(fixture.expected.missing);
  });

  it('has a fixture reaching every band', () => {
    const reached = new Set(fixtures.value.flatMap((f) => Object.entries(f.fixture.expected.bands).map(([s, b]) => `${s}:${b}`)));
    const bands = def.bands.flatMap((set) => set.bands.map((band) => `${set.score}:${band.code}`));
    expect(bands.filter((band) => !reached.has(band))).toEqual([]);
  });

  it('has fixtures for a complete form and for each missing-data branch', () => {
    const statuses = new Set(fixtures.value.map((f) => f.fixture.expected.status));
    expect(statuses.has('complete')).toBe(true);
    expect(statuses.has('unscorable') || statuses.has('partial')).toBe(true);
    if (def.scores.some((s) => s.missing?.rule === 'prorate')) expect(statuses.has('prorated')).toBe(true);
  });

  it('has a complete fixture that answers every reversed item', () => {
    const reversed = def.items.filter((item) => item.reversed).map((item) => item.id);
    const answersAll = fixtures.value.some(
      (f) => f.fixture.expected.status === 'complete' && reversed.every((id) => typeof f.fixture.answers[id] === 'string'),
    );
    expect(answersAll).toBe(true);
  });

  it('has complete Chinese clinician labels, written in Chinese', () => {
    const path = join(INSTRUMENTS_ROOT, folder, 'labels', 'zh-CN.json');
    expect(existsSync(path), `instruments/${folder}/labels/zh-CN.json`).toBe(true);
    const labels = clinicianLabelsSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    expect(labels.language).toBe('zh-CN');
    // Non-English labels must name every reference group too (checkLabelsCompleteness requires them).
    expect(checkLabelsCompleteness(def, labels, instrument.value.norms.map((n) => n.id))).toEqual([]);
    expect(notChinese(labels)).toEqual([]);
  });

  it('raises every flag in some fixture', () => {
    const raised = new Set(fixtures.value.flatMap((f) => f.fixture.expected.flags));
    expect(def.flags.map((f) => f.code).filter((code) => !raised.has(code))).toEqual([]);
  });
});

/**
 * Latin words a Chinese clinician label may contain. The instruments' own abbreviations, which Chinese clinical
 * writing keeps in Latin script ("PHQ-9 总分", "SHAPS 中文版"); and the two SHAPS eponyms, which have no settled
 * transliteration (Chinese papers write "Snaith-Hamilton 快感量表"). Everything else — other author names,
 * "Likert", "total", "mild" — has a Chinese word (李克特, 总分, 轻度), so any other Latin word means an English
 * label was copied or left behind.
 */
const LATIN_ALLOWED = new Set(['SHAPS', 'TEPS', 'AES', 'AES-S', 'AES-I', 'AES-C', 'AMI', 'PHQ-9', 'Snaith', 'Hamilton', 'UCLA', 'DASS-21', 'IPIP', 'MOS', 'CFPB']);

/**
 * Chinese text uses full-width punctuation (（）：，；！？); an ASCII one is a half-translated or pasted English
 * label. Dashes in ranges (0–14), ≥ and digits are shared by both scripts and allowed.
 */
const ASCII_PUNCTUATION = /[:(),;!?]/g;

/** Every label string that is not Chinese: no Han character, a Latin word outside the allowed list, ASCII punctuation. */
function notChinese(labels: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const visit = (path: string, value: unknown): void => {
    if (typeof value === 'string') {
      if (!/\p{Script=Han}/u.test(value)) problems.push(`${path}: no Chinese in "${value}"`);
      for (const [word] of value.matchAll(/[A-Za-z]+(?:-[A-Za-z0-9]+)*/g)) {
        if (!LATIN_ALLOWED.has(word)) problems.push(`${path}: Latin word "${word}"`);
      }
      for (const [mark] of value.matchAll(ASCII_PUNCTUATION)) problems.push(`${path}: ASCII "${mark}" in "${value}"`);
      return;
    }
    if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) visit(path ? `${path}.${key}` : key, inner);
  };
  for (const [key, value] of Object.entries(labels)) if (key !== 'language') visit(key, value);
  return problems;
}
