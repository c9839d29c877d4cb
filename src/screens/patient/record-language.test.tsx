import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { TEST_PACK_MARK, withTestPack } from '../../../tests/support/test-packs.ts';
import { freshVault } from '../../../tests/support/vault.ts';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import { messagesZhCn } from '../../i18n/messages-zh-cn.ts';
import { savePreferences } from '../../storage/settings-repository.ts';
import type { Vault } from '../../storage/vault.ts';
import { AssessmentReport } from './assessment-report.tsx';
import { NoteTextBlock } from './note-text-block.tsx';
import { ResultSummary } from './result-summary.tsx';

// PHQ-9 answered in an imported (test) zh-CN pack; clinician labels in zh-CN for tests too.
const phq9 = withTestPack(loadInstrument('phq-9'), 'zh-CN', { labels: true });
const catalogue = { instruments: [phq9], broken: [] };
const hash = phq9.packs['zh-CN']?.hash ?? '';
const short = hash.slice(0, 12);

function answeredInChinese(): Assessment {
  const def = phq9.definition;
  let a = startAssessment({
    id: asAssessmentId('a1'),
    patientId: asPatientId('p1'),
    batteryName: 'PHQ-9',
    definitions: [def],
    mode: 'patient',
    language: 'zh-CN',
    texts: { 'phq-9': { language: 'zh-CN', version: '1.0.0', packHash: hash, reading: 'respondent' } },
    now: '2026-03-01T09:00:00.000Z',
  });
  for (const item of def.items.filter((i) => i.required)) a = recordAnswer(a, def, item.id, { code: 'several-days', answeredAt: '2026-03-01T09:01:00.000Z', durationMs: 4000 });
  return completeAssessment(a, [def], () => ({}), '2026-03-01T09:05:00.000Z');
}

async function clinic(recordLanguage?: 'en' | 'zh-CN'): Promise<Vault> {
  const vault = await freshVault();
  await savePreferences(vault.db, { language: 'en', helpTexts: {}, inactivityMinutes: 5, ...(recordLanguage ? { recordLanguage } : {}) });
  return vault;
}

afterEach(cleanup);

describe('which text each questionnaire was answered in, on screen', () => {
  it('says the language in its own name and the imported pack, and quotes the answers in that text', () => {
    renderWithServices(<ResultSummary assessment={answeredInChinese()} />, { catalogue });
    expect(screen.getByText(`Answered in 中文（简体） · pack ${short} (imported)`)).toBeTruthy();
    fireEvent.click(screen.getByText('Answers given'));
    const list = screen.getByText(`${TEST_PACK_MARK} phq-9-1`, { exact: false }).closest('ol');
    expect(list?.getAttribute('lang')).toBe('zh-CN');
    expect(list?.textContent).toContain(`${TEST_PACK_MARK} several-days`);
  });

  it('says "English (built-in)" for the built-in text, and that an older assessment’s pack was not recorded', () => {
    const def = loadInstrument('phq-9');
    const base = { id: asAssessmentId('a2'), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [def.definition], mode: 'patient' as const, language: 'en', now: '2026-03-01T09:00:00.000Z' };
    const builtIn = completeAssessment(startAssessment({ ...base, texts: { 'phq-9': { language: 'en', version: '1.0.0', packHash: def.packs.en?.hash ?? null, reading: 'respondent' } } }), [def.definition], () => ({}), base.now);
    const older = completeAssessment(startAssessment(base), [def.definition], () => ({}), base.now);
    renderWithServices(
      <>
        <ResultSummary assessment={builtIn} />
        <ResultSummary assessment={older} />
      </>,
      { catalogue: { instruments: [def], broken: [] } },
    );
    expect(screen.getByText('Answered in English (built-in)')).toBeTruthy();
    expect(screen.getByText('Answered in English · text version not recorded')).toBeTruthy();
  });
});

describe('the language of reports and notes (Settings), apart from the patient’s and the interface’s', () => {
  it('writes the note text in Chinese when the clinic chose Chinese, on an English interface', async () => {
    const vault = await clinic('zh-CN');
    renderWithServices(<NoteTextBlock assessment={answeredInChinese()} patientCode="W7-042" />, { vault, catalogue });
    const note = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: 'Text for the clinical note' });
    await waitFor(() => expect(note.value.split('\n')[0]).toBe('动机特征评估 - 患者 W7-042 - 2026-03-01 - PHQ-9'));
    expect(note.value).toContain(`  作答语言：简体中文 · 文本包 ${short}（导入）`);
    expect(note.getAttribute('lang')).toBe('zh-CN');
  });

  it('writes the note text in the interface language by default (ASCII English), whatever the patient answered in', async () => {
    const vault = await clinic();
    renderWithServices(<NoteTextBlock assessment={answeredInChinese()} patientCode="W7-042" />, { vault, catalogue });
    const note = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: 'Text for the clinical note' });
    await waitFor(() => expect(note.value.split('\n')[0]).toBe('Motivation Profile - patient W7-042 - 2026-03-01 - PHQ-9'));
    expect(note.value).toContain(`Answered in Chinese (Simplified) - pack ${hash.slice(0, 12)} (imported)`);
  });

  it('prints the report in the clinic’s language of reports, saying which language the questionnaire was answered in; the screen’s buttons stay in the interface language', async () => {
    const vault = await clinic('zh-CN');
    const assessment = answeredInChinese();
    const patient = { id: asPatientId('p1'), code: 'W7-042', displayName: null, birthYear: null, sex: null, mrn: null, createdAt: '2026-01-01T09:00:00.000Z', updatedAt: '2026-01-01T09:00:00.000Z' };
    renderWithServices(<AssessmentReport patient={patient} assessment={assessment} history={[assessment]} backHref="#/p1" printedAt="2026-03-01T10:00:00.000Z" />, { vault, catalogue });
    expect(await screen.findByRole('heading', { name: messagesZhCn['report.heading'] })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to the patient' })).toBeTruthy();
    expect(screen.getByText(`作答语言：中文（简体） · 文本包 ${short}（导入）`)).toBeTruthy();
    expect(screen.getByRole('heading', { name: messagesZhCn['report.heading'] }).closest('[lang]')?.getAttribute('lang')).toBe('zh-CN');
  });
});
