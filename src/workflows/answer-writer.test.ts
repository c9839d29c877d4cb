import { describe, expect, it } from 'vitest';
import { testEnvironment } from '../../tests/support/environment.ts';
import { simulateFullDisk } from '../../tests/support/full-disk.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { freshVault } from '../../tests/support/vault.ts';
import { startAssessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import { createAssessment, getAssessment } from '../storage/assessment-repository.ts';
import { withTestPack } from '../../tests/support/test-packs.ts';
import { createAnswerWriter, openAssessmentForAnswers, type WriterState } from './answer-writer.ts';

const phq9 = loadInstrument('phq-9');
const catalogue = { instruments: [phq9], broken: [] };
const items = phq9.definition.items.map((i) => i.id);

async function draftReadyToAnswer() {
  const env = testEnvironment();
  const vault = await freshVault();
  const draft = startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now: env.now() });
  await createAssessment(vault, draft);
  const opened = await openAssessmentForAnswers({ vault, catalogue }, 'a1');
  if (!opened.ok) throw new Error(opened.error.code);
  const seen: WriterState[] = [];
  const writer = createAnswerWriter({ vault, env }, opened.value, (state) => seen.push(state));
  return { env, vault, writer, seen };
}

const stored = async (vault: Awaited<ReturnType<typeof freshVault>>) => {
  const found = await getAssessment(vault, asAssessmentId('a1'));
  if (!found.ok) throw new Error(found.error.code);
  return found.value;
};

describe('the ordered answer writer (no rendering)', () => {
  it('keeps each answer in memory at once and stores every one, in the order given', async () => {
    const { vault, writer, env } = await draftReadyToAnswer();
    for (const [n, itemId] of items.slice(0, 5).entries()) {
      env.advance(1000);
      writer.answer(phq9, itemId, n % 2 === 0 ? 'not-at-all' : 'several-days', 900);
      expect(writer.current().answers['phq-9']?.[itemId]).toBeDefined();
    }
    expect((await writer.flush()).ok).toBe(true);
    const saved = await stored(vault);
    expect(Object.keys(saved.answers['phq-9'] ?? {})).toEqual(items.slice(0, 5));
    expect(saved.updatedAt).toBe(env.now());
  });

  it('returns the safety alert an answer raises on its own, and stores it with the answer', async () => {
    const { vault, writer } = await draftReadyToAnswer();
    expect(writer.answer(phq9, 'phq-9-9', 'several-days', 1200)).toEqual(['suicidalIdeation']);
    expect(writer.answer(phq9, 'phq-9-1', 'several-days', 1200)).toEqual([]);
    await writer.flush();
    expect((await stored(vault)).alerts).toEqual([{ instrumentId: 'phq-9', flag: 'suicidalIdeation' }]);
  });

  it('keeps a write that failed (full disk) queued and reported, and stores it on "Try again" once space is free', async () => {
    const { vault, writer, seen } = await draftReadyToAnswer();
    const disk = await simulateFullDisk(vault.db, ['answers', 'assessments']);
    disk.fill();
    writer.answer(phq9, 'phq-9-1', 'nearly-every-day', 800);
    writer.answer(phq9, 'phq-9-2', 'not-at-all', 800);
    const failed = await writer.flush();
    expect(!failed.ok && failed.error.code).toBe('storage-full');
    expect(seen.at(-1)?.problem?.code).toBe('storage-full');
    expect(Object.keys(writer.current().answers['phq-9'] ?? {})).toEqual(['phq-9-1', 'phq-9-2']);
    expect((await stored(vault)).answers['phq-9']).toBeUndefined();

    disk.free();
    const again = await writer.flush();
    expect(again.ok ? 'ok' : again.error).toBe('ok');
    expect(seen.at(-1)?.problem).toBeNull();
    expect(Object.keys((await stored(vault)).answers['phq-9'] ?? {})).toEqual(['phq-9-1', 'phq-9-2']);
  });

  it('keeps every answer, in order, through a full disk that closes the connection, and stores them all on "Try again" without a reload', async () => {
    const { vault, writer, seen } = await draftReadyToAnswer();
    const disk = await simulateFullDisk(vault.db, ['answers', 'assessments'], 'closed');
    writer.answer(phq9, 'phq-9-1', 'not-at-all', 900);
    expect((await writer.flush()).ok).toBe(true);

    disk.fill();
    const given = ['several-days', 'nearly-every-day', 'not-at-all', 'more-than-half-the-days'] as const;
    for (const [n, itemId] of items.slice(1, 5).entries()) {
      writer.answer(phq9, itemId, given[n] ?? 'not-at-all', 900);
      // Each new answer tries the queue again; the connection is closed by now, and the cause shown stays the disk.
      const tried = await writer.flush();
      expect(!tried.ok && tried.error.code).toBe('storage-full');
    }
    expect(seen.at(-1)).toMatchObject({ problem: { code: 'storage-full' }, pending: 4 });
    expect(Object.entries(writer.current().answers['phq-9'] ?? {}).map(([id, a]) => [id, a.code])).toEqual([
      ['phq-9-1', 'not-at-all'],
      ...items.slice(1, 5).map((id, n) => [id, given[n]]),
    ]);

    disk.free();
    const again = await writer.flush();
    expect(again.ok ? 'ok' : again.error).toBe('ok');
    expect(seen.at(-1)).toMatchObject({ problem: null, pending: 0 });
    const saved = (await stored(vault)).answers['phq-9'] ?? {};
    expect(Object.entries(saved).map(([id, a]) => [id, a.code])).toEqual(Object.entries(writer.current().answers['phq-9'] ?? {}).map(([id, a]) => [id, a.code]));
  });

  it('finishes only after every queued answer is stored: scores and stores the completed assessment', async () => {
    const { vault, writer } = await draftReadyToAnswer();
    for (const itemId of items) writer.answer(phq9, itemId, itemId === 'phq-9-difficulty' ? 'somewhat-difficult' : 'more-than-half-the-days', 1000);
    const done = await writer.finish();
    expect(done.ok && done.value.status).toBe('completed');
    const saved = await stored(vault);
    expect(saved.status).toBe('completed');
    expect(saved.results?.['phq-9']?.scores.total).toBe(18);
  });

  it('does not finish while a write is failing, and says why', async () => {
    const { vault, writer } = await draftReadyToAnswer();
    const disk = await simulateFullDisk(vault.db, ['answers', 'assessments']);
    for (const itemId of items.slice(0, 3)) writer.answer(phq9, itemId, 'not-at-all', 1000);
    await writer.flush();
    disk.fill();
    writer.answer(phq9, 'phq-9-4', 'not-at-all', 1000);
    const done = await writer.finish();
    expect(!done.ok && done.error.code).toBe('storage-full');
    expect((await stored(vault)).status).toBe('draft');
  });

  it.each([
    ['the English text, where item 8 is long', 'en', ['phq-9-8']],
    ['the imported text it was given in, where item 8 is short', 'zh-CN', []],
  ])('times each answer against the item as given: %s', async (_what, language, tooFast) => {
    const env = testEnvironment();
    const vault = await freshVault();
    const withPack = withTestPack(phq9, 'zh-CN');
    const pack = withPack.packs[language];
    const texts = { 'phq-9': { language, version: '1.0.0', packHash: pack?.hash ?? null, reading: 'respondent' as const } };
    await createAssessment(vault, startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language, texts, now: env.now() }));
    const opened = await openAssessmentForAnswers({ vault, catalogue: { instruments: [withPack], broken: [] } }, 'a1');
    if (!opened.ok) throw new Error(opened.error.code);
    const writer = createAnswerWriter({ vault, env }, opened.value, () => undefined);
    // 1.5 s is too fast for the 30-odd English words of item 8, not for the seven of the test pack's.
    for (const [n, itemId] of items.slice(0, 9).entries()) writer.answer(phq9, itemId, n % 2 === 0 ? 'not-at-all' : 'several-days', itemId === 'phq-9-8' ? 1500 : 5000);
    const done = await writer.finish();
    expect(done.ok && done.value.qualityFlags['phq-9']).toEqual(tooFast.length > 0 ? [{ code: 'tooFast', items: tooFast }] : []);
  });
});
