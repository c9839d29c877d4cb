import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { loadInstrument as load } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { CatalogueScreen } from './catalogue-screen.tsx';

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
});
