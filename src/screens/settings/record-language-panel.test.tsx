import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { freshVault } from '../../../tests/support/vault.ts';
import { readPreferences, savePreferences } from '../../storage/settings-repository.ts';
import { RecordLanguagePanel } from './record-language-panel.tsx';

afterEach(cleanup);

describe('Settings: language of reports and notes', () => {
  it('follows the interface language until the clinic chooses one, and saves only that choice', async () => {
    const vault = await freshVault();
    await savePreferences(vault.db, { language: 'en', helpTexts: { en: 'Call 555-0100' }, inactivityMinutes: 3 });
    const onSaved = vi.fn();
    renderWithServices(<RecordLanguagePanel onSaved={onSaved} />, { vault });
    const select = await screen.findByRole<HTMLSelectElement>('combobox', { name: /^Language of reports and notes/ });
    await waitFor(() => expect(select.disabled).toBe(false));
    expect(select.value).toBe('');
    expect([...select.options].map((o) => o.textContent)).toEqual(['The interface language', 'English', '中文（简体）']);

    fireEvent.change(select, { target: { value: 'zh-CN' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save language' }));
    expect(await screen.findByText('Language of reports and notes saved.')).toBeTruthy();
    const stored = await readPreferences(vault.db);
    expect(stored.ok && stored.value).toEqual({ language: 'en', helpTexts: { en: 'Call 555-0100' }, inactivityMinutes: 3, recordLanguage: 'zh-CN' });
    expect(onSaved).toHaveBeenCalledWith(stored.ok && stored.value);

    fireEvent.change(select, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save language' }));
    await waitFor(async () => {
      const back = await readPreferences(vault.db);
      expect(back.ok && back.value.recordLanguage).toBeUndefined();
    });
  });

  it('reads a stored language this build does not speak as the interface language', async () => {
    const vault = await freshVault();
    await vault.db.settings.put({ key: 'preferences', value: { language: 'en', helpTexts: {}, inactivityMinutes: 5, recordLanguage: 'fr' } });
    const read = await readPreferences(vault.db);
    expect(read.ok && read.value.recordLanguage).toBeUndefined();
  });
});
