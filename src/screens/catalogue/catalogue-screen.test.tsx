import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { loadInstrument as load } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { CatalogueScreen } from './catalogue-screen.tsx';
import { InstrumentScoring } from './instrument-scoring.tsx';

afterEach(cleanup);

describe('CatalogueScreen', () => {
  it('shows each instrument as an article named by its title, with construct and respondent', () => {
    renderWithServices(<CatalogueScreen />, { catalogue: { instruments: [load('shaps'), load('aes-c')], broken: [] } });
    const aes = screen.getByRole('article', { name: 'Apathy Evaluation Scale – clinician-rated (AES-C)' });
    expect(within(aes).getByText('Apathy')).toBeTruthy();
    expect(within(aes).getByText('Clinician-rated')).toBeTruthy();
    expect(within(aes).getByText('18 items')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('marks AES item-type sums as descriptive and reverse-keyed items as such', () => {
    renderWithServices(<CatalogueScreen />, { catalogue: { instruments: [load('aes-s')], broken: [] } });
    expect(screen.getAllByText(/Descriptive only: not a validated subscale/)).toHaveLength(4);
    expect(screen.getAllByText('reverse-keyed')).toHaveLength(3);
  });

  it('names a broken instrument file and its problem instead of hiding it', () => {
    const broken = [{ folder: 'x', problems: ['instruments/x/instrument.json: items: Required'] }];
    renderWithServices(<CatalogueScreen />, { catalogue: { instruments: [], broken } });
    expect(screen.getByRole('alert').textContent).toContain('instruments/x/instrument.json: items: Required');
    expect(screen.getByText('No instruments are installed.')).toBeTruthy();
  });

  it('lists the Chinese reference lines apart from the bands, with accuracy and the full citation', () => {
    renderWithServices(<InstrumentScoring instrument={load('shaps')} />);
    expect(screen.getByRole('heading', { name: 'Reference lines from Chinese validations (not bands)' })).toBeTruthy();
    expect(screen.getByText(/^Chinese test–retest r = 0\.60 over 4 weeks \(undergraduates and psychiatric patients, Changsha; retest sample and scoring format unknown; n = not stated; Zhang 2021\)/)).toBeTruthy();
    cleanup();
    renderWithServices(<InstrumentScoring instrument={load('phq-9')} />);
    expect(screen.getByText('Chinese screening threshold, primary-care patients, Hangzhou: ≥ 10 (Chen 2013); sensitivity 0.87, specificity 0.81')).toBeTruthy();
    expect(screen.getAllByText(/^Source: Chen S, et al\. \(2013\)/)).toHaveLength(1);
  });
});
