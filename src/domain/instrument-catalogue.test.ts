import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTRUMENTS_ROOT } from '../cli/instrument-folder.ts';
import { parseInstrument } from './instrument-catalogue.ts';

const path = 'instruments/phq-9/instrument.json';
const good = JSON.parse(readFileSync(join(INSTRUMENTS_ROOT, 'phq-9', 'instrument.json'), 'utf8')) as Record<string, unknown>;
const locale = JSON.parse(readFileSync(join(INSTRUMENTS_ROOT, 'phq-9', 'locales', 'en.json'), 'utf8')) as Record<string, unknown>;
const labels = JSON.parse(readFileSync(join(INSTRUMENTS_ROOT, 'phq-9', 'labels', 'en.json'), 'utf8')) as Record<string, unknown>;

function parse(definition: unknown, locales: unknown[] = [locale], labelSets: unknown[] = [labels]) {
  return parseInstrument({
    folder: 'phq-9',
    definition: { path, json: definition },
    locales: locales.map((json) => ({ path: 'instruments/phq-9/locales/en.json', json, sha256: 'test' })),
    labels: labelSets.map((json) => ({ path: 'instruments/phq-9/labels/en.json', json })),
  });
}

function problems(definition: unknown, locales?: unknown[], labelSets?: unknown[]): string[] {
  const result = parse(definition, locales, labelSets);
  return result.ok ? [] : result.error;
}

function edit(change: (copy: Record<string, any>) => void): Record<string, unknown> {
  const copy = structuredClone(good);
  change(copy);
  return copy;
}

/** PHQ-9's total as a lookup score with one age group whose tables hold `length` values (raw 0–27 needs 28). */
const lookupTotal = (length: number) => ({
  method: 'lookup',
  lookup: { rawMin: 0, ageGroups: [{ code: 'adult', minAge: 18 }], tables: { self: { adult: Array.from({ length }, (_, i) => i) }, interviewer: { adult: Array.from({ length }, (_, i) => i) } }, locator: 'test' },
});

describe('parseInstrument', () => {
  it('accepts the shipped PHQ-9', () => {
    expect(problems(good)).toEqual([]);
  });

  it.each([
    ['a missing field', (d: Record<string, any>) => delete d.citation, `${path}: citation:`],
    ['an unknown field', (d: Record<string, any>) => (d.colour = 'red'), `${path}: (root): Unrecognized key`],
    ['an unknown option set', (d: Record<string, any>) => (d.items[0].optionSet = 'nope'), `${path}: items[0] (phq-9-1): unknown optionSet "nope"`],
    ['a value map that misses an option', (d: Record<string, any>) => delete d.valueMaps.frequency['nearly-every-day'], `${path}: valueMaps.frequency: no value for nearly-every-day`],
    ['a declared range the items cannot produce', (d: Record<string, any>) => (d.scores[0].range.max = 30), `${path}: scores[0] (total).range: declared 0–30 but the items and value maps give 0–27`],
    ['a band that does not start at the range minimum', (d: Record<string, any>) => (d.bands[0].bands[0].min = 1), `${path}: bands[0] (total): the first band must start at 0`],
    ['bands out of order', (d: Record<string, any>) => (d.bands[0].bands[2].min = 4), `${path}: bands[0] (total).bands[2]: bands must ascend`],
    ['a band without a known source', (d: Record<string, any>) => (d.bands[0].source = 'hearsay'), `${path}: bands[0] (total).source: unknown source "hearsay"`],
    ['a flag on an option the item lacks', (d: Record<string, any>) => (d.flags[0].when.answeredWith = ['always']), `${path}: flags[0] (suicidalIdeation).when: "always" is not an option of phq-9-9`],
    ['a duplicated item id', (d: Record<string, any>) => (d.items[1].id = 'phq-9-1'), `${path}: items: "phq-9-1" appears twice`],
    ['an id that does not match the folder', (d: Record<string, any>) => (d.id = 'phq-8'), `${path}: id: "phq-8" must match its folder "phq-9"`],
    ['a reference line on an unknown score', (d: Record<string, any>) => (d.references[0].score = 'somatic'), `${path}: references[0] (wang-2014-community-threshold).score: unknown score "somatic"`],
    ['a reference line without a known source', (d: Record<string, any>) => (d.references[3].source = 'hearsay'), `${path}: references[3] (wang-2014-test-retest).source: unknown source "hearsay"`],
    ['a screening threshold outside the score range', (d: Record<string, any>) => (d.references[1].atLeast = 28), `${path}: references[1] (chen-2013-primary-care-threshold).atLeast: 28 is not a threshold within 0–27`],
    ['a change criterion without a known source', (d: Record<string, any>) => (d.change[2].source = 'hearsay'), `${path}: change[2] (reliable-change).source: unknown source "hearsay"`],
    ['a remission threshold outside the score range', (d: Record<string, any>) => (d.change[1].below = 30), `${path}: change[1] (remission).below: 30 is not a threshold within 0–27`],
    ['a duplicated reference id', (d: Record<string, any>) => (d.references[1].id = 'wang-2014-community-threshold'), `${path}: references: "wang-2014-community-threshold" appears twice`],
    ['a lookup score without its table', (d: Record<string, any>) => (d.scores[0].method = 'lookup'), `${path}: scores[0] (total): a lookup score needs its "lookup" table`],
    ['a lookup score that prorates', (d: Record<string, any>) => void Object.assign(d.scores[0], lookupTotal(28)), `${path}: scores[0] (total).missing: a table converts a complete sum: a lookup score cannot prorate`],
    ['a table that misses a raw total', (d: Record<string, any>) => void Object.assign(d.scores[0], lookupTotal(27)), `${path}: scores[0] (total).lookup.tables.self.adult: needs 28 values (raw 0–27)`],
    ['a table on a score that is not a lookup', (d: Record<string, any>) => (d.scores[0].lookup = lookupTotal(28).lookup), `${path}: scores[0] (total).lookup: only a lookup score has a table`],
    ['a part with an unknown item', (d: Record<string, any>) => (d.parts = [{ id: 'work', items: ['phq-9-99'], source: 'kroenke-2001' }]), `${path}: parts[0] (work).items: unknown item "phq-9-99"`],
    ['a part without a known source', (d: Record<string, any>) => (d.parts = [{ id: 'work', items: ['phq-9-10'], source: 'hearsay' }]), `${path}: parts[0] (work).source: unknown source "hearsay"`],
    ['a score half in a part that may go unasked', (d: Record<string, any>) => (d.parts = [{ id: 'work', items: ['phq-9-1'], source: 'kroenke-2001' }]), `${path}: scores[0] (total).items: mixes items of work and the always-asked items`],
    ['a safety item in a part that may go unasked', (d: Record<string, any>) => (d.parts = [{ id: 'work', items: ['phq-9-9'], source: 'kroenke-2001' }]), `${path}: flags (suicidalIdeation): "phq-9-9" is in part work, which may go unasked`],
    ['parts that leave nothing always asked', (d: Record<string, any>) => (d.parts = [{ id: 'all', items: (d.items as { id: string }[]).map((i) => i.id), source: 'kroenke-2001' }]), `${path}: parts: some items must always be asked`],
    ['an item in two parts', (d: Record<string, any>) => (d.parts = [{ id: 'a', items: ['phq-9-10'], source: 'kroenke-2001' }, { id: 'b', items: ['phq-9-10'], source: 'kroenke-2001' }]), `${path}: parts[].items: "phq-9-10" appears twice`],
  ])('refuses %s with a message naming the file and field', (_label, change, message) => {
    expect(problems(edit(change)).join('\n')).toContain(message);
  });

  it('refuses a translation pack that lacks an item text', () => {
    const partial = structuredClone(locale) as { items: Record<string, string> };
    delete partial.items['phq-9-4'];
    expect(problems(good, [partial])).toContain('instruments/phq-9/locales/en.json: items.phq-9-4: missing text');
  });

  it('refuses a translation pack for another version of the instrument', () => {
    expect(problems(good, [{ ...locale, version: '2.0.0' }])).toContain('instruments/phq-9/locales/en.json: version: "2.0.0" is not the instrument\'s version "1.0.0"');
  });

  it('refuses an instrument without an English translation pack or English clinician labels', () => {
    expect(problems(good, [])).toContain(`${path}: no complete English translation pack (locales/en.json)`);
    expect(problems(good, [locale], [])).toContain(`${path}: no complete English clinician labels (labels/en.json)`);
  });

  it('refuses clinician labels that miss the population of a reference line', () => {
    const partial = structuredClone(labels) as { references: Record<string, string> };
    delete partial.references['sun-2020-test-retest'];
    expect(problems(good, [locale], [partial])).toContain('instruments/phq-9/labels/en.json: references.sun-2020-test-retest: missing text');
  });

  it('refuses clinician labels that miss a band', () => {
    const partial = structuredClone(labels) as { bands: { total: Record<string, string> } };
    delete partial.bands.total.severe;
    expect(problems(good, [locale], [partial])).toContain('instruments/phq-9/labels/en.json: bands.total.severe: missing text');
  });
});
