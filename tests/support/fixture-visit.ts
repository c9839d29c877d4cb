import { readFixtures } from '../../src/cli/instrument-folder.ts';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../../src/domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../src/domain/ids.ts';
import type { Catalogue, Instrument } from '../../src/domain/instrument-catalogue.ts';

/**
 * A completed visit built from the instruments' own golden fixtures: instrument id → fixture name (its file name
 * without `.json`), each answered as the fixture says and scored on `date`.
 */
export function visitFromFixtures(catalogue: Catalogue, id: string, date: string, fixtureNames: Readonly<Record<string, string>>, batteryName = 'x'): Assessment {
  const instruments = Object.keys(fixtureNames).map((i) => catalogue.instruments.find((x) => x.definition.id === i) as Instrument);
  const fixtureOf = (instrument: Instrument) => {
    const fixtures = readFixtures(instrument.definition.id);
    if (!fixtures.ok) throw new Error(fixtures.error.join('\n'));
    return fixtures.value.find((f) => f.name === fixtureNames[instrument.definition.id])?.fixture;
  };
  // A fixture's parts left out as not applicable are left out at the start, as the clinician would.
  const notAsked = Object.fromEntries(instruments.map((i) => [i.definition.id, fixtureOf(i)?.notAsked ?? []]));
  let a = startAssessment({ id: asAssessmentId(id), patientId: asPatientId('p'), batteryName, definitions: instruments.map((i) => i.definition), mode: 'patient', language: 'en', now: date, notAsked });
  for (const instrument of instruments) {
    const fixture = fixtureOf(instrument);
    for (const [itemId, code] of Object.entries(fixture?.answers ?? {})) {
      if (code) a = recordAnswer(a, instrument.definition, itemId, { code, answeredAt: date, durationMs: 5000 });
    }
  }
  return completeAssessment(a, instruments.map((i) => i.definition), () => ({}), date);
}
