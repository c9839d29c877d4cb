import { describe, expect, it } from 'vitest';
import { listInstrumentFolders, readFixtures, readInstrument } from '../src/cli/instrument-folder.ts';
import { scoreAssessment } from '../src/domain/score-assessment.ts';

/**
 * Discovers every folder under instruments/ and holds it to the rules of HOUSE-STYLE "Instruments as data":
 * the definition parses, every locale is complete, every golden fixture scores exactly as written, and the
 * fixtures cover every band and the missing-data branches. Adding an instrument needs no test code.
 */
const folders = listInstrumentFolders();

it('ships the seven instruments of the battery', () => {
  expect(folders).toEqual(['aes-c', 'aes-i', 'aes-s', 'ami', 'phq-9', 'shaps', 'teps']);
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
    const result = scoreAssessment(def, fixture.answers);
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

  it('raises every flag in some fixture', () => {
    const raised = new Set(fixtures.value.flatMap((f) => f.fixture.expected.flags));
    expect(def.flags.map((f) => f.code).filter((code) => !raised.has(code))).toEqual([]);
  });
});
