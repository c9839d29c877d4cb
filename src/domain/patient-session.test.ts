import { describe, expect, it } from 'vitest';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { opensMidQuestionnaire } from './patient-session.ts';

const shaps = loadInstrument('shaps').definition;
const phq = loadInstrument('phq-9').definition;
const answer = { code: 'agree', answeredAt: '2026-12-05T09:00:00.000Z', durationMs: 3000 };
const allOf = (ids: readonly string[]) => Object.fromEntries(ids.map((id) => [id, answer]));

describe('where patient mode opens', () => {
  it('opens at the welcome when nothing has been answered yet', () => {
    expect(opensMidQuestionnaire({ answers: {}, answeredEarlier: {} }, [shaps, phq])).toBe(false);
    expect(opensMidQuestionnaire({ answers: { shaps: {} }, answeredEarlier: { shaps: [] } }, [shaps, phq])).toBe(false);
  });

  it('opens at the next question once the patient has begun, whether the answers are in memory or known only by id', () => {
    expect(opensMidQuestionnaire({ answers: { shaps: { 'shaps-1': answer } }, answeredEarlier: {} }, [shaps, phq])).toBe(true);
    expect(opensMidQuestionnaire({ answers: {}, answeredEarlier: { shaps: ['shaps-1', 'shaps-2'] } }, [shaps, phq])).toBe(true);
    // The first questionnaire done, the second not begun: still mid-way through the battery.
    const shapsDone = shaps.items.filter((i) => i.required).map((i) => i.id);
    expect(opensMidQuestionnaire({ answers: {}, answeredEarlier: { shaps: shapsDone } }, [shaps, phq])).toBe(true);
  });

  it('opens at the welcome when no question is left (a game may follow, announced there)', () => {
    const shapsDone = shaps.items.filter((i) => i.required).map((i) => i.id);
    expect(opensMidQuestionnaire({ answers: { shaps: allOf(shapsDone) }, answeredEarlier: {} }, [shaps])).toBe(false);
  });
});
