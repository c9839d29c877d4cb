import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useCallback, useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { editedPack, shippedCatalogue, TEST_PACK_HASH, TEST_PACK_TEXT } from '../../../tests/support/packs.ts';
import { freshDb } from '../../../tests/support/vault.ts';
import { loadCatalogue } from '../../app/instrument-catalogue.ts';
import type { Catalogue } from '../../domain/instrument-catalogue.ts';
import { findInstrument, packLanguages } from '../../domain/catalogue-lookup.ts';
import { I18nProvider } from '../../i18n/i18n-context.tsx';
import { messagesZhCn } from '../../i18n/messages-zh-cn.ts';
import { createTranslator } from '../../i18n/translate.ts';
import { NO_KEYS, type Vault } from '../../storage/vault.ts';
import { ServicesProvider, useServices } from '../services-context.tsx';
import { TranslationPacksPanel } from './translation-packs-panel.tsx';

afterEach(cleanup);

/** The services as the app gives them: the catalogue with the stored packs, loaded again on refreshCatalogue. */
function AppServices({ vault, children }: { readonly vault: Vault; readonly children: ReactNode }) {
  const [catalogue, setCatalogue] = useState<Catalogue>(shippedCatalogue);
  const refreshCatalogue = useCallback(async () => setCatalogue(await loadCatalogue(vault.db)), [vault]);
  return (
    <ServicesProvider vault={vault} env={testEnvironment()} catalogue={catalogue} refreshCatalogue={refreshCatalogue}>
      {children}
    </ServicesProvider>
  );
}

/** What the rest of the app would offer for the PHQ-9, from the services' catalogue. */
function OfferedLanguages() {
  const { catalogue } = useServices();
  return <output aria-label="PHQ-9 languages">{packLanguages(findInstrument(catalogue, 'phq-9')!).join(' ')}</output>;
}

function show(language: 'en' | 'zh-CN' = 'en') {
  const vault: Vault = { db: freshDb(), keys: NO_KEYS };
  const translate = language === 'en' ? createTranslator('en') : createTranslator('zh-CN', messagesZhCn);
  render(
    <I18nProvider translate={translate}>
      <AppServices vault={vault}>
        <TranslationPacksPanel />
        <OfferedLanguages />
      </AppServices>
    </I18nProvider>,
  );
  return vault;
}

const choose = (label: RegExp, text: string, name = 'phq-9.zh-CN.json') =>
  fireEvent.change(screen.getByLabelText(label), { target: { files: [new File([text], name, { type: 'application/json' })] } });
const phq9List = () => within(screen.getByRole('region', { name: 'PHQ-9' }));

describe('TranslationPacksPanel (real Dexie, real catalogue merge)', { timeout: 20_000 }, () => {
  it('lists each instrument’s built-in English wording with where it comes from', async () => {
    show();
    expect(await phq9List().findByText('English')).toBeTruthy();
    expect(phq9List().getByText('Built in')).toBeTruthy();
    expect(phq9List().getByText(/reproduced word for word in CamCOPS/)).toBeTruthy();
    expect(phq9List().queryByRole('button', { name: /Remove/ })).toBeNull();
  });

  it('imports the test pack: listed as imported with its provenance, and offered by the app at once', async () => {
    const vault = show();
    choose(/Import a translation pack/, TEST_PACK_TEXT);
    expect(await screen.findByText('Imported: PHQ-9 can now be given in Chinese (Simplified).')).toBeTruthy();
    expect(phq9List().getByText('Chinese (Simplified)')).toBeTruthy();
    expect(phq9List().getByText('Imported')).toBeTruthy();
    expect(phq9List().getByText('Test fixture, not a translation: never give it to a patient.')).toBeTruthy();
    expect(phq9List().getByText(TEST_PACK_HASH.slice(0, 12))).toBeTruthy();
    expect(screen.getByLabelText('PHQ-9 languages').textContent).toBe('en zh-CN');
    expect(await vault.db.packs.count()).toBe(1);
  });

  it.each([
    ['a missing item', editedPack((p) => delete p.items['phq-9-4']), 'Item phq-9-4 has no text'],
    ['another version', editedPack((p) => (p.version = '2.0.0')), 'Written for version 2.0.0; this tablet has 1.0.0'],
    ['an unknown instrument', editedPack((p) => (p.instrument = 'xyz')), "Unknown instrument 'xyz'"],
    ['a file that is not JSON', 'not json at all', 'Not valid JSON'],
    ['a 5 MB file', `{"padding": "${'x'.repeat(5 * 1024 * 1024)}"}`, 'File too large (5.0 MB; the limit is 1 MB)'],
  ])('refuses %s, naming the problem, and the list stays as it was', async (_what, text, named) => {
    const vault = show();
    choose(/Import a translation pack/, TEST_PACK_TEXT);
    await screen.findByText(/^Imported: PHQ-9/);
    const before = phq9List().getAllByRole('listitem').map((li) => li.textContent);
    choose(/Import a translation pack/, text, 'broken.json');
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(named)).toBeTruthy();
    expect(within(alert).getByText('Nothing on the tablet was changed.')).toBeTruthy();
    expect(phq9List().getAllByRole('listitem').map((li) => li.textContent)).toEqual(before);
    expect(await vault.db.packs.count()).toBe(1);
    expect(screen.getByLabelText('PHQ-9 languages').textContent).toBe('en zh-CN');
  });

  it('removes an imported pack after confirmation; the app stops offering it, the row is kept', async () => {
    const vault = show();
    choose(/Import a translation pack/, TEST_PACK_TEXT);
    fireEvent.click(await phq9List().findByRole('button', { name: 'Remove Chinese (Simplified)' }));
    expect(screen.getByRole('alertdialog').textContent).toContain('Stop offering PHQ-9 in Chinese (Simplified)?');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByLabelText('PHQ-9 languages').textContent).toBe('en zh-CN');
    fireEvent.click(phq9List().getByRole('button', { name: 'Remove Chinese (Simplified)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove translation' }));
    expect(await screen.findByText('PHQ-9 is no longer offered in Chinese (Simplified).')).toBeTruthy();
    await waitFor(() => expect(screen.getByLabelText('PHQ-9 languages').textContent).toBe('en'));
    expect(phq9List().queryByText('Chinese (Simplified)')).toBeNull();
    expect(screen.getByText('Removed translation packs kept for the assessments given in them: 1.')).toBeTruthy();
    expect((await vault.db.packs.get(TEST_PACK_HASH))?.removedAt).not.toBeNull();
  });

  it('speaks Chinese in a Chinese UI, naming the item', async () => {
    show('zh-CN');
    choose(/导入翻译包/, editedPack((p) => delete p.items['phq-9-4']));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('条目 phq-9-4 没有文本')).toBeTruthy();
    expect(within(alert).getByText('平板上的内容没有任何更改。')).toBeTruthy();
  });
});
