import type { Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { playEffortTask, TEST_DEVICE } from '../../../tests/support/effort-task.ts';
import { summariseEffortTask } from '../../domain/effort-task/effort-result.ts';
import { applyEffortTaskEvent } from '../../domain/effort-task/task-events.ts';
import { createEffortTaskRecord, type EffortTaskRecord } from '../../domain/effort-task/task-record.ts';
import { asAssessmentId } from '../../domain/ids.ts';
import { fromEffortObservations } from './effort-observations-import.ts';
import { EFFORT_TASK_SYSTEM, toEffortEntries } from './effort-observations.ts';

let counter = 0;
const meta = { appVersion: '0.2.0', now: '2026-03-01T10:10:00.000Z', newUuid: () => `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}` };
const SUBJECT = { reference: 'Patient/p1' };
const played = playEffortTask((reward, effort) => reward * 1.2 - effort * effort * 0.4 > 0);
const sig3 = (x: number) => Number(x.toPrecision(3));

function skippedTask(): EffortTaskRecord {
  const skipped = applyEffortTaskEvent(createEffortTaskRecord({ seed: 1, startedAt: 0, device: TEST_DEVICE }), { type: 'skip', reason: 'declined', at: 5 });
  if (!skipped.ok) throw new Error(skipped.error);
  return skipped.value;
}

/** The Observations an assessment's effort task is pushed as, each with a server id as a server would give. */
function pushed(id: string, effortTask: EffortTaskRecord): Observation[] {
  const assessment = { id: asAssessmentId(id), completedAt: '2026-03-01T10:05:00.000Z', updatedAt: '2026-03-01T10:05:00.000Z', effortTask };
  return toEffortEntries(assessment, SUBJECT, meta)
    .map((e) => e.resource)
    .filter((r): r is Observation => r?.resourceType === 'Observation')
    .map((o, i) => ({ ...o, id: `${id}-o${String(i)}`, meta: { versionId: '1' } }));
}

describe('reading the effort task back from the server', () => {
  it('reads a completed task back as the parameters, standard errors, rate and offers the tablet reported', () => {
    const result = summariseEffortTask(played);
    if (result.status !== 'completed') throw new Error(result.status);
    const { results, skipped, voided } = fromEffortObservations(pushed('a1', played));
    expect([skipped, voided]).toEqual([[], []]);
    const { parameters, standardErrors, n } = result.reported;
    const estimate = (key: keyof typeof parameters) => ({ value: sig3(parameters[key]), standardError: sig3(standardErrors[key]) });
    expect(results).toEqual([
      {
        assessmentId: 'a1',
        effort: {
          status: 'completed',
          taskVersion: played.taskVersion,
          n,
          acceptancePercent: Math.round(result.acceptanceRate * 1000) / 10,
          parameters: { rewardSensitivity: estimate('rewardSensitivity'), effortSensitivity: estimate('effortSensitivity'), acceptanceBias: estimate('acceptanceBias') },
          resources: ['a1-o0/1', 'a1-o1/1', 'a1-o2/1', 'a1-o3/1'],
        },
      },
    ]);
  });

  it('reads a stopped task back as its phase and reason, and keeps assessments apart', () => {
    const { results } = fromEffortObservations([...pushed('a1', played), ...pushed('a2', skippedTask())]);
    expect(results.map((r) => r.assessmentId)).toEqual(['a1', 'a2']);
    expect(results[1]?.effort).toEqual({ status: 'skipped', phase: 'calibration', reason: 'declined', resources: ['a2-o0/1'] });
  });

  it('lists an unknown code or unit and an unknown status text, never guessing', () => {
    const [kR, kE, bias, rate] = pushed('a1', played) as [Observation, Observation, Observation, Observation];
    const renamed: Observation = { ...kR, code: { coding: [{ system: EFFORT_TASK_SYSTEM, code: 'reward-sensitivity-2' }] } };
    const inPercent: Observation = { ...kE, valueQuantity: { ...kE.valueQuantity, code: '%', unit: '%' } };
    const [status] = pushed('a2', skippedTask()) as [Observation];
    const reworded: Observation = { ...status, valueCodeableConcept: { text: 'stopped early' } };
    const { results, skipped } = fromEffortObservations([renamed, inPercent, bias, rate, reworded]);
    expect(results).toEqual([]);
    expect(skipped).toEqual([
      { assessmentId: 'a1', resources: ['a1-o0/1', 'a1-o1/1', 'a1-o2/1', 'a1-o3/1'], reasons: [`unknown code ${EFFORT_TASK_SYSTEM}|reward-sensitivity-2 (a1-o0/1)`] },
      { assessmentId: 'a2', resources: ['a2-o0/1'], reasons: ['effort-task-status: unknown text “stopped early”'] },
    ]);
    expect(fromEffortObservations([{ ...kR, code: kR.code }, inPercent, bias, rate]).skipped[0]?.reasons).toEqual([
      'effort-sensitivity: unit http://unitsofmeasure.org|%, not UCUM 1',
    ]);
  });

  it('leaves out Observations entered in error, and a task voided whole', () => {
    const observations = pushed('a1', played).map((o) => ({ ...o, status: 'entered-in-error' as const }));
    expect(fromEffortObservations([...observations, ...pushed('a2', skippedTask())])).toEqual({
      results: [{ assessmentId: 'a2', effort: { status: 'skipped', phase: 'calibration', reason: 'declined', resources: ['a2-o0/1'] } }],
      skipped: [],
      voided: ['reward-sensitivity', 'effort-sensitivity', 'acceptance-bias', 'acceptance-rate'].map((c) => `a1/effort-task/${c}`),
    });
  });
});
