import { loadInstrument } from '../../../tests/support/instruments.ts';
import { describe, expect, it } from 'vitest';
import { completeAssessment, recordAnswer, startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import { TEST_PACK_MARK, withTestPack } from '../../../tests/support/test-packs.ts';
import { messagesZhCn } from '../../i18n/messages-zh-cn.ts';
import { createTranslator } from '../../i18n/translate.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { changeBetweenVisits } from '../../domain/change-criteria.ts';
import { toAscii, toNoteText } from './note-text.ts';
import { visitFromFixtures } from '../../../tests/support/fixture-visit.ts';

const load = loadInstrument;
const shaps = load('shaps');
const phq = load('phq-9');

const en = createTranslator('en');
const zh = createTranslator('zh-CN', messagesZhCn);

/** SHAPS and PHQ-9 completed; `texts` as recorded at the start (absent: an older assessment, packs not recorded). */
function completed(start: { language?: string; texts?: Parameters<typeof startAssessment>[0]['texts'] } = {}) {
  const defs = [shaps.definition, phq.definition];
  let a = startAssessment({ id: asAssessmentId('a'), patientId: asPatientId('p'), batteryName: 'SHAPS + PHQ-9', definitions: defs, mode: 'patient', language: start.language ?? 'en', ...(start.texts ? { texts: start.texts } : {}), now: '2026-02-09T09:00:00.000Z' });
  for (const item of shaps.definition.items) a = recordAnswer(a, shaps.definition, item.id, { code: 'disagree', answeredAt: 'x', durationMs: 4000 });
  for (const item of phq.definition.items.filter((i) => i.required)) {
    a = recordAnswer(a, phq.definition, item.id, { code: item.id === 'phq-9-9' ? 'several-days' : 'more-than-half-the-days', answeredAt: 'x', durationMs: 4000 });
  }
  return completeAssessment(a, defs, () => ({}), '2026-02-09T09:20:00.000Z');
}

describe('toNoteText', () => {
  const text = toNoteText(completed(), [shaps, phq], 'P-001', en);

  it('lists every score with its band, the text each questionnaire was given in, and the safety alert, for pasting into a note', () => {
    expect(text.split('\n')).toEqual([
      'Motivation Profile - patient P-001 - 2026-02-09 - SHAPS + PHQ-9',
      'SHAPS: SHAPS total (Snaith 1995 scoring, 0-14): 14 (Abnormal hedonic tone (3 or more)); SHAPS total (Likert scoring, 14-56): 42',
      '  Direction: higher = more anhedonia',
      '  Answered in English - text version not recorded',
      '  Response quality: every item answered the same',
      'PHQ-9: PHQ-9 total (0-27): 17 (Moderately severe (15-19))',
      '  Direction: higher = more depressive symptoms',
      '  Answered in English - text version not recorded',
      "ALERT PHQ-9: Item 9 (thoughts of being better off dead or of self-harm) was answered 'Several days' or more: assess risk now.",
      "  Item 9 answered 'Several days'",
      'Scoring engine 1.0.0; SHAPS 1.0.0, PHQ-9 1.0.0',
    ]);
  });

  it('says when a clinician acknowledged the alert', () => {
    const seen = toNoteText({ ...completed(), alertsAcknowledgedAt: '2026-02-09T10:05:00.000Z' }, [shaps, phq], 'P-001', en).split('\n');
    expect(seen).toContain('  Alert acknowledged by a clinician on 2026-02-09');
  });

  it("dates the note by the tablet's day, not UTC's (23:30 UTC on 9 February is already the 10th in Shanghai)", () => {
    const late = { ...completed(), completedAt: '2026-02-09T23:30:00.000Z', alertsAcknowledgedAt: '2026-02-09T23:45:00.000Z' };
    const shanghai = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
    const lines = toNoteText(late, [shaps, phq], 'P-001', en, [], shanghai).split('\n');
    expect(lines[0]).toBe('Motivation Profile - patient P-001 - 2026-02-10 - SHAPS + PHQ-9');
    expect(lines).toContain('  Alert acknowledged by a clinician on 2026-02-10');
  });

  it('is plain ASCII', () => {
    expect(/^[\x20-\x7E\n]*$/.test(text)).toBe(true);
  });
});

describe('toNoteText in the language of reports and notes, whatever the patient answered in', () => {
  // PHQ-9 answered in an imported (test) zh-CN pack, SHAPS in English; test clinician labels in zh-CN.
  const phqZh: Instrument = withTestPack(phq, 'zh-CN', { labels: true });
  const shapsZh: Instrument = withTestPack(shaps, 'zh-CN', { labels: true });
  const zhHash = phqZh.packs['zh-CN']?.hash ?? '';
  const texts = {
    shaps: { language: 'en', version: '1.0.0', packHash: shaps.packs.en?.hash ?? null, reading: 'respondent' as const },
    'phq-9': { language: 'zh-CN', version: '1.0.0', packHash: zhHash, reading: 'respondent' as const },
  };
  const assessment = completed({ language: 'zh-CN', texts });

  it('writes a Chinese note in UTF-8 Chinese: the app’s words, the instruments’ clinician labels, full-width punctuation', () => {
    const short = zhHash.slice(0, 12);
    expect(toNoteText(assessment, [shapsZh, phqZh], 'P-001', zh).split('\n')).toEqual([
      '动机特征评估 - 患者 P-001 - 2026-02-09 - SHAPS + PHQ-9',
      'SHAPS：[测试标签] total：14（[测试标签] abnormal）；[测试标签] likert：42',
      '  计分方向：分数越高 = 快感缺失越重',
      '  作答语言：英文（内置）',
      '  作答质量：所有条目选择了同一个选项',
      'PHQ-9：[测试标签] total：17（[测试标签] moderately-severe）',
      '  计分方向：分数越高 = 抑郁症状越多',
      `  作答语言：简体中文 · 文本包 ${short}（导入）`,
      '警示 PHQ-9：[测试标签] suicidalIdeation',
      `  第 9 题回答为“${TEST_PACK_MARK} several-days”`,
      '计分引擎 1.0.0；SHAPS 1.0.0、PHQ-9 1.0.0',
    ]);
  });

  it('writes an English note in ASCII for a patient who answered in Chinese, naming the language and the pack', () => {
    const lines = toNoteText(assessment, [shapsZh, phqZh], 'P-001', en).split('\n');
    expect(lines).toContain(`  Answered in Chinese (Simplified) - pack ${zhHash.slice(0, 12)} (imported)`);
    expect(lines).toContain('  Answered in English (built-in)');
    expect(lines[1]).toBe('SHAPS: SHAPS total (Snaith 1995 scoring, 0-14): 14 (Abnormal hedonic tone (3 or more)); SHAPS total (Likert scoring, 14-56): 42');
  });

  it('says when the clinician read a questionnaire aloud and interpreted it', () => {
    const read = completed({ language: 'zh-CN', texts: { ...texts, shaps: { ...texts.shaps, reading: 'clinician-read' } } });
    expect(toNoteText(read, [shapsZh, phqZh], 'P-001', en).split('\n')).toContain('  Read aloud by the clinician from the English text, interpreted into Chinese (Simplified) (built-in)');
  });
});

describe('toAscii', () => {
  it.each([
    ['score ≥ 3', 'score >= 3'],
    ['0–14 — “quoted”', '0-14 - "quoted"'],
    ['English · pack 3f2a…c9', 'English - pack 3f2a...c9'],
    ['Ångström café', 'Angstrom cafe'],
    ['抑郁', ''],
  ])('turns %j into %j', (input, output) => {
    expect(toAscii(input)).toBe(output);
  });
});

describe('toNoteText states the change since the previous visit as the patient page does', () => {
  const change = changeBetweenVisits(
    [
      { date: '2026-01-05', inputs: [{ definition: phq.definition, scores: { total: 17 }, prorated: {} }] },
      { date: '2026-02-09', inputs: [{ definition: phq.definition, scores: { total: 8 }, prorated: {} }] },
    ],
    [phq.definition],
  );

  it('in English, ASCII only, with the numbered sources', () => {
    const lines = toNoteText(completed(), [shaps, phq], 'P-001', en, change).split('\n');
    expect(lines).toContain('Change since the previous visit (published criteria):');
    expect(lines).toContain(
      '  PHQ-9 17 (2026-01-05) -> 8 (2026-02-09): response: yes (a drop of 50 % or more) [1]; remission: no (needs a score below 5) [1]; reliable improvement (a change of 5 points or more) [2]',
    );
    expect(lines).toContain('  [1] Psychiatr Serv, PHQ-9 metrics, doi 10.1176/appi.ps.201900295');
    expect(lines).toContain('  [2] Lowe 2004, doi 10.1097/00005650-200412000-00006');
  });

  it('in Chinese', () => {
    const lines = toNoteText(completed(), [shaps, phq], 'P-001', zh, change).split('\n');
    expect(lines).toContain('与上次就诊相比的变化（已发表标准）：');
    expect(lines).toContain('  PHQ-9 17（2026-01-05）→ 8（2026-02-09）：治疗应答：是（总分下降 50% 或以上）［1］；缓解：否（须低于 5 分）［1］；可靠改善（变化 5 分或以上）［2］');
  });
});

describe('toNoteText with the psychosocial context', () => {
  const ucla = load('ucla-3');
  const dass = load('dass-21');
  const defs = [ucla.definition, dass.definition];
  let a = startAssessment({ id: asAssessmentId('c'), patientId: asPatientId('p'), batteryName: 'Context, brief', definitions: defs, mode: 'patient', language: 'en', now: '2026-02-09T09:00:00.000Z' });
  for (const item of ucla.definition.items) a = recordAnswer(a, ucla.definition, item.id, { code: 'some-of-the-time', answeredAt: 'x', durationMs: 4000 });
  for (const item of dass.definition.items) a = recordAnswer(a, dass.definition, item.id, { code: item.number === 1 ? 'most-of-the-time' : 'did-not-apply', answeredAt: 'x', durationMs: 4000 });
  const visit = completeAssessment(a, defs, () => ({}), '2026-02-09T09:20:00.000Z');

  it('adds a context line saying what was measured, that it is beside the profile, and where there is no reference data', () => {
    const lines = toNoteText(visit, [ucla, dass], 'P-001', en).split('\n');
    expect(lines).toContain('UCLA-3: Loneliness (3-9): 6');
    expect(lines).toContain('DASS-21: Stress symptoms (x 2, 0-42): 6 (Normal (0-14)); Anxiety symptoms (x 2, 0-42): 0 (Normal (0-7)); Depressive symptoms (x 2, 0-42): 0 (Normal (0-9))');
    expect(lines).toContain(
      'Psychosocial context, beside the profile and not part of it: Loneliness (UCLA-3), Stress, anxiety and depressive symptoms (DASS-21). A score shown without a band has no reference data.',
    );
    expect(toNoteText(visit, [ucla, dass], 'P-001', zh)).toContain('心理社会背景（显示在剖面旁，不属于剖面）：孤独感（UCLA-3）、压力、焦虑和抑郁症状（DASS-21）。未显示分级的分数无参考数据。');
  });

  it('says why a score is not given: a part left out as not applicable (CBI without the client part)', () => {
    const cbi = loadInstrument('cbi');
    const burnout = visitFromFixtures({ instruments: [cbi], broken: [] }, 'b', '2026-02-09T09:00:00.000Z', { cbi: 'client-not-asked' });
    const line = toNoteText(burnout, [cbi], 'P-001', en).split('\n').find((l) => l.startsWith('CBI: '));
    expect(line).toMatch(/; Client-related burnout \(0-100\): not scored \(not asked, left out at the start as not applicable\)$/);
    expect(toNoteText(burnout, [cbi], 'P-001', zh)).toContain('服务对象相关倦怠（0–100）：未计分（未询问，开始时作为不适用而略去）');
  });

  it('has no context line for a visit without context scales', () => {
    expect(toNoteText(completed(), [shaps, phq], 'P-001', en)).not.toContain('Psychosocial context');
  });
});
