import { describe, expect, it } from 'vitest';
import { testEnvironment } from '../../tests/support/environment.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { freshVault } from '../../tests/support/vault.ts';
import { recordAnswer, startAssessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import { createAssessment, getAssessment, saveAnswer } from '../storage/assessment-repository.ts';
import { acknowledgeAlert, discardAssessmentDraft } from './review-assessment.ts';

const phq9 = loadInstrument('phq-9');

async function draftWithAlert() {
  const env = testEnvironment();
  const vault = await freshVault();
  const draft = startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now: env.now() });
  await createAssessment(vault, draft);
  const risk = { code: 'several-days', answeredAt: env.now(), durationMs: 1 };
  await saveAnswer(vault, recordAnswer(draft, phq9.definition, 'phq-9-9', risk), 'phq-9', 'phq-9-9', risk);
  env.advance(60_000);
  return { env, vault, ctx: { vault, env } };
}

describe('acknowledge and discard (domain transitions on the stored assessment)', () => {
  it('acknowledges an open alert at the time it is done; a second acknowledge is refused', async () => {
    const { ctx, vault, env } = await draftWithAlert();
    const done = await acknowledgeAlert(ctx, 'a1');
    expect(done.ok && done.value.alertsAcknowledgedAt).toBe(env.now());
    const again = await acknowledgeAlert(ctx, 'a1');
    expect(!again.ok && again.error.kind === 'refused' && again.error.problem).toBe('no-open-alert');
    const stored = await getAssessment(vault, asAssessmentId('a1'));
    expect(stored.ok && stored.value.alerts).toHaveLength(1);
  });

  it('never discards a draft whose safety alert is open; discards it once acknowledged', async () => {
    const { ctx, vault } = await draftWithAlert();
    const refused = await discardAssessmentDraft(ctx, 'a1');
    expect(!refused.ok && refused.error.kind === 'refused' && refused.error.problem).toBe('alert-open');
    await acknowledgeAlert(ctx, 'a1');
    expect((await discardAssessmentDraft(ctx, 'a1')).ok).toBe(true);
    const stored = await getAssessment(vault, asAssessmentId('a1'));
    expect(stored.ok && stored.value.status).toBe('discarded');
    const twice = await discardAssessmentDraft(ctx, 'a1');
    expect(!twice.ok && twice.error.kind === 'refused' && twice.error.problem).toBe('not-a-draft');
  });

  it('works on the stored assessment, so an answer given since the screen last read is kept', async () => {
    const { ctx, vault, env } = await draftWithAlert();
    const latest = await getAssessment(vault, asAssessmentId('a1'));
    if (!latest.ok) throw new Error(latest.error.code);
    const answer = { code: 'not-at-all', answeredAt: env.now(), durationMs: 1 };
    await saveAnswer(vault, recordAnswer(latest.value, phq9.definition, 'phq-9-1', answer), 'phq-9', 'phq-9-1', answer);
    await acknowledgeAlert(ctx, 'a1');
    const stored = await getAssessment(vault, asAssessmentId('a1'));
    expect(stored.ok && Object.keys(stored.value.answers['phq-9'] ?? {}).sort()).toEqual(['phq-9-1', 'phq-9-9']);
    expect(stored.ok && stored.value.updatedAt).toBe(env.now());
  });
});
