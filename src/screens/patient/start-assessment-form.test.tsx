import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { withTestPack } from '../../../tests/support/test-packs.ts';
import { freshVault } from '../../../tests/support/vault.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import { getAssessment, listAssessmentsForPatient } from '../../storage/assessment-repository.ts';
import { createPatient } from '../../storage/patient-repository.ts';
import type { Vault } from '../../storage/vault.ts';
import { StartAssessmentForm } from './start-assessment-form.tsx';

// SHAPS has English text only; PHQ-9 has an imported (test) pack in zh-CN too.
const shaps = loadInstrument('shaps');
const phq9 = withTestPack(loadInstrument('phq-9'), 'zh-CN');
const catalogue = { instruments: [shaps, phq9], broken: [] };
const env = testEnvironment();
afterEach(cleanup);

async function show() {
  const vault = await freshVault();
  const created = await createPatient(vault, { code: 'W7-042', displayName: null, birthYear: null, sex: null, mrn: null }, 'p1', env.now());
  if (!created.ok) throw new Error(created.error.code);
  const onStarted = vi.fn();
  renderWithServices(<StartAssessmentForm patientId={asPatientId('p1')} customBatteries={[]} onStarted={onStarted} />, { vault, env, catalogue });
  return { vault, onStarted };
}

const chooseChinese = () => fireEvent.change(screen.getByRole('combobox', { name: /Language the patient reads/ }), { target: { value: 'zh-CN' } });
const start = () => fireEvent.click(screen.getByRole('button', { name: 'Start' }));

async function startedAssessment(vault: Vault, onStarted: ReturnType<typeof vi.fn>) {
  await waitFor(() => expect(onStarted).toHaveBeenCalled());
  const [id] = onStarted.mock.calls[0] as [string];
  const stored = await getAssessment(vault, asAssessmentId(id));
  if (!stored.ok) throw new Error(stored.error.code);
  return stored.value;
}

describe('Start an assessment: the language the patient reads', () => {
  it('starts in the interface language, listing the languages each questionnaire has, with nothing to resolve', async () => {
    const { vault, onStarted } = await show();
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: /Language the patient reads/ }).value).toBe('en');
    expect(screen.getByText('PHQ-9: English, 中文（简体）')).toBeTruthy();
    expect(screen.getByText('SHAPS: English')).toBeTruthy();
    start();
    const started = await startedAssessment(vault, onStarted);
    expect([started.language, started.texts.shaps?.language, started.texts['phq-9']?.language]).toEqual(['en', 'en', 'en']);
  });

  it('says plainly, before the start, which questionnaires have no text in the language, and offers the ways to give each', async () => {
    await show();
    chooseChinese();
    expect(screen.getByRole('status').textContent).toBe('SHAPS: no Chinese (Simplified) text on this tablet (no licensed translation imported — Settings → Translations).');
    const group = screen.getByRole('group', { name: 'SHAPS: how to give it' });
    expect(within(group).getAllByRole('radio').map((r) => r.closest('label')?.textContent)).toEqual([
      'In another language the patient reads',
      'I read it aloud, interpreting it into Chinese (Simplified), and enter the answers',
      'Leave it out of this assessment',
    ]);
    // On a handed-over tablet the clinician cannot read it aloud: the choice is off, and says why.
    const readAloud = within(group).getByRole('radio', { name: /read it aloud/ });
    expect(readAloud.hasAttribute('disabled')).toBe(true);
    expect(document.getElementById(readAloud.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/Only when a clinician enters the answers/);
    expect(screen.queryByRole('group', { name: 'PHQ-9: how to give it' })).toBeNull();
  });

  it('does not start while a questionnaire has no way to be given, and says which', async () => {
    const { vault, onStarted } = await show();
    chooseChinese();
    start();
    expect(await screen.findByText('Choose how to give SHAPS: this tablet has no Chinese (Simplified) text for it.')).toBeTruthy();
    expect(onStarted).not.toHaveBeenCalled();
    const listed = await listAssessmentsForPatient(vault, asPatientId('p1'));
    expect(listed.ok && listed.value).toEqual([]);
  });

  it('leaves a questionnaire out when asked, and starts with the others in the patient’s language', async () => {
    const { vault, onStarted } = await show();
    chooseChinese();
    fireEvent.click(screen.getByRole('radio', { name: 'Leave it out of this assessment' }));
    start();
    const started = await startedAssessment(vault, onStarted);
    expect(started.instruments.map((i) => i.id)).toEqual(['phq-9']);
    expect(started.language).toBe('zh-CN');
    expect(started.texts).toEqual({ 'phq-9': { language: 'zh-CN', version: '1.0.0', packHash: phq9.packs['zh-CN']?.hash, reading: 'respondent' } });
  });

  it('gives a questionnaire in English when the patient reads it, and records English for it', async () => {
    const { vault, onStarted } = await show();
    chooseChinese();
    fireEvent.click(screen.getByRole('radio', { name: 'In another language the patient reads' }));
    const text = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Text to use for SHAPS' });
    expect([...text.options].map((o) => o.textContent)).toEqual(['English']);
    start();
    const started = await startedAssessment(vault, onStarted);
    expect(started.instruments.map((i) => i.id)).toEqual(['shaps', 'phq-9']);
    expect(started.texts.shaps).toEqual({ language: 'en', version: '1.0.0', packHash: shaps.packs.en?.hash, reading: 'respondent' });
    expect(started.texts['phq-9']?.language).toBe('zh-CN');
  });

  it('records a clinician-read administration when the clinician enters the answers and reads it aloud', async () => {
    const { vault, onStarted } = await show();
    fireEvent.click(screen.getByRole('radio', { name: /I enter the answers/ }));
    chooseChinese();
    const readAloud = screen.getByRole('radio', { name: /read it aloud/ });
    expect(readAloud.hasAttribute('disabled')).toBe(false);
    fireEvent.click(readAloud);
    start();
    const started = await startedAssessment(vault, onStarted);
    expect(started.mode).toBe('clinician');
    expect(started.texts.shaps).toMatchObject({ language: 'en', reading: 'clinician-read' });
    expect(onStarted.mock.calls[0]?.[1]).toBe('clinician');
  });
});

describe('Start, tapped twice', () => {
  it('stays disabled until the tablet has moved on, so a double tap starts one assessment, not two', async () => {
    const vault = await freshVault();
    await createPatient(vault, { code: 'D-2', displayName: null, birthYear: null, sex: null, mrn: null }, 'p1', env.now());
    let handedOver: () => void = () => undefined;
    const onStarted = vi.fn(() => new Promise<void>((resolve) => (handedOver = resolve)));
    renderWithServices(<StartAssessmentForm patientId={asPatientId('p1')} customBatteries={[]} onStarted={onStarted} />, { vault, env, catalogue });
    start();
    await waitFor(() => expect(onStarted).toHaveBeenCalledTimes(1));
    // The hand-over is still being stored: a second tap does nothing.
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Start' }).disabled).toBe(true);
    start();
    handedOver();
    await waitFor(() => expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Start' }).disabled).toBe(false));
    expect(onStarted).toHaveBeenCalledTimes(1);
    expect(await vault.db.assessments.count()).toBe(1);
  });
});
