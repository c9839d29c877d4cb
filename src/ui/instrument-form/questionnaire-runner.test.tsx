import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { TEST_PACK_MARK, withTestPack } from '../../../tests/support/test-packs.ts';
import { givenPack, startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import { QuestionnaireRunner } from './questionnaire-runner.tsx';

// PHQ-9 given in its (test) zh-CN pack, SHAPS in English: one assessment, each questionnaire in its own text.
const phq9 = withTestPack(loadInstrument('phq-9'), 'zh-CN');
const shaps = loadInstrument('shaps');
const assessment = startAssessment({
  id: asAssessmentId('a1'),
  patientId: asPatientId('p1'),
  batteryName: 'Mixed',
  definitions: [phq9.definition, shaps.definition],
  mode: 'patient',
  language: 'zh-CN',
  texts: {
    'phq-9': { language: 'zh-CN', version: '1.0.0', packHash: phq9.packs['zh-CN']?.hash ?? null, reading: 'respondent' },
    shaps: { language: 'en', version: '1.0.0', packHash: shaps.packs.en?.hash ?? null, reading: 'respondent' },
  },
  now: '2026-03-01T09:00:00.000Z',
});

beforeEach(() => {
  let now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => (now += 1000));
});
afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
});

describe('QuestionnaireRunner', () => {
  it('shows each questionnaire in the text recorded for it, marked with its language', () => {
    render(
      <QuestionnaireRunner
        instruments={[phq9, shaps]}
        textOf={(instrument) => givenPack(assessment, instrument)}
        answers={{}}
        start={{ instrumentIndex: 1, itemIndex: 0 }}
        onAnswer={vi.fn()}
        onFinish={vi.fn()}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Snaith–Hamilton Pleasure Scale (SHAPS)' }).getAttribute('lang')).toBe('en');
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    // Back to the last PHQ-9 item, in the imported text.
    const item = screen.getByText(`${TEST_PACK_MARK} phq-9-difficulty`);
    expect(item.getAttribute('lang')).toBe('zh-CN');
    expect(screen.getByText(`${TEST_PACK_MARK} phq-9 title`).getAttribute('lang')).toBe('zh-CN');
  });
});
