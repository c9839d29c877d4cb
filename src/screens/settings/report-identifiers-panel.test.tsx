import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { freshVault } from '../../../tests/support/vault.ts';
import { readPreferences, savePreferences } from '../../storage/settings-repository.ts';
import { ReportIdentifiersPanel } from './report-identifiers-panel.tsx';

afterEach(cleanup);

describe('Settings: identifiers on printed reports', () => {
  it('prints the code only until the clinic ticks the name or the MRN, and saves only that choice', async () => {
    const vault = await freshVault();
    await savePreferences(vault.db, { language: 'en', helpTexts: { en: 'Call 555-0100' }, inactivityMinutes: 3, recordLanguage: 'zh-CN' });
    const onSaved = vi.fn();
    renderWithServices(<ReportIdentifiersPanel onSaved={onSaved} />, { vault });
    const name = await screen.findByRole<HTMLInputElement>('checkbox', { name: 'Display name' });
    const mrn = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Medical record number (MRN)' });
    await waitFor(() => expect(name.disabled).toBe(false));
    expect([name.checked, mrn.checked]).toEqual([false, false]);
    expect(screen.getByText(/The patient code is always printed/)).toBeTruthy();

    fireEvent.click(mrn);
    fireEvent.click(screen.getByRole('button', { name: 'Save identifiers' }));
    expect(await screen.findByText('Identifiers on printed reports saved.')).toBeTruthy();
    const stored = await readPreferences(vault.db);
    expect(stored.ok && stored.value).toEqual({
      language: 'en',
      helpTexts: { en: 'Call 555-0100' },
      inactivityMinutes: 3,
      recordLanguage: 'zh-CN',
      reportIdentifiers: { displayName: false, mrn: true },
    });
    expect(onSaved).toHaveBeenCalledWith(stored.ok && stored.value);
  });

  it('reads preferences saved before the choice existed, or a damaged choice, as code only', async () => {
    const vault = await freshVault();
    await vault.db.settings.put({ key: 'preferences', value: { language: 'en', helpTexts: {}, inactivityMinutes: 5, reportIdentifiers: { displayName: 'yes' } } });
    const read = await readPreferences(vault.db);
    expect(read.ok && read.value.reportIdentifiers).toBeUndefined();
  });
});
