import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { readFixtures } from '../../cli/instrument-folder.ts';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import type { Catalogue } from '../../domain/instrument-catalogue.ts';
import { I18nProvider } from '../../i18n/i18n-context.tsx';
import { messagesZhCn } from '../../i18n/messages-zh-cn.ts';
import { createTranslator } from '../../i18n/translate.ts';
import { ResultSummary } from './result-summary.tsx';

const phq9 = loadInstrument('phq-9');
const catalogue: Catalogue = { instruments: [phq9], broken: [] };
const zh = createTranslator('zh-CN', messagesZhCn);

/** PHQ-9 scored from a golden fixture (total 8: above the community and rural thresholds, below primary care's). */
function phq9Total8(): Assessment {
  const fixtures = readFixtures('phq-9');
  if (!fixtures.ok) throw new Error(fixtures.error.join('\n'));
  const fixture = fixtures.value.find((f) => f.name === 'one-missing-prorated')?.fixture;
  const now = '2026-03-01T10:00:00.000Z';
  let a = startAssessment({ id: asAssessmentId('a'), patientId: asPatientId('p'), batteryName: 'x', definitions: [phq9.definition], mode: 'patient', language: 'en', now });
  for (const [itemId, code] of Object.entries(fixture?.answers ?? {})) if (code) a = recordAnswer(a, phq9.definition, itemId, { code, answeredAt: now, durationMs: 5000 });
  return completeAssessment(a, [phq9.definition], () => ({}), now);
}

afterEach(cleanup);

describe('reference lines under a score', () => {
  it('says for each Chinese screening threshold whether the score reaches it, beside the Kroenke band', () => {
    renderWithServices(<ResultSummary assessment={phq9Total8()} />, { catalogue });
    expect(screen.getByText('Mild (5–9)')).toBeTruthy();
    expect(screen.getByText('Chinese screening threshold, community residents, Shanghai: ≥ 7 (Wang 2014) — this score is at or above it.')).toBeTruthy();
    expect(screen.getByText('Chinese screening threshold, primary-care patients, Hangzhou: ≥ 10 (Chen 2013) — this score is below it.')).toBeTruthy();
    expect(screen.getByText('Chinese screening threshold, rural adults aged 60 or over, Liuyang: ≥ 8 (Liu 2016) — this score is at or above it.')).toBeTruthy();
    expect(
      screen.getByText('Chinese test–retest r = 0.737 over 2 weeks (in- and outpatients with major depressive disorder, psychiatric hospital; n = 54; Sun 2020): no SD published, so no Chinese z or reliable change.'),
    ).toBeTruthy();
  });

  it('reads in Chinese, with the population as a Chinese clinician label', () => {
    renderWithServices(
      <I18nProvider translate={zh}>
        <ResultSummary assessment={phq9Total8()} />
      </I18nProvider>,
      { catalogue },
    );
    expect(screen.getByText('中文版筛查临界值（杭州基层医疗就诊者）：≥ 10（Chen 2013）。本次得分低于该值。')).toBeTruthy();
    expect(screen.getByText('中文版重测信度 r = 0.86，间隔 2 周（上海社区居民；n = 100；Wang 2014）：未发表标准差，因此不计算中国人群 z 分数或可靠变化。')).toBeTruthy();
  });

});
