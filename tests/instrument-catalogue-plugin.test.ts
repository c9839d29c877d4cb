import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { instrumentCataloguePlugin } from '../build/instrument-catalogue-plugin.ts';
import { INSTRUMENTS_ROOT } from '../src/cli/instrument-folder.ts';
import type { Catalogue } from '../src/domain/instrument-catalogue.ts';

/** An instruments/ folder with two good instruments and two broken ones. */
function instrumentsWithBrokenFolders(): string {
  const root = join(mkdtempSync(join(tmpdir(), 'mp-catalogue-')), 'instruments');
  mkdirSync(root);
  for (const folder of ['phq-9', 'shaps']) cpSync(join(INSTRUMENTS_ROOT, folder), join(root, folder), { recursive: true });
  // A copy whose id no longer matches its folder, and a definition that is not JSON at all.
  cpSync(join(INSTRUMENTS_ROOT, 'phq-9'), join(root, 'phq-8'), { recursive: true });
  cpSync(join(INSTRUMENTS_ROOT, 'ami'), join(root, 'ami'), { recursive: true });
  writeFileSync(join(root, 'ami', 'instrument.json'), '{ "id": "ami", ');
  return root;
}

const root = instrumentsWithBrokenFolders();
afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }));

/** What the app imports, made by the plugin through Vite itself. */
async function appCatalogue(): Promise<Catalogue> {
  const server = await createServer({ configFile: false, logLevel: 'silent', appType: 'custom', server: { middlewareMode: true, ws: false }, plugins: [instrumentCataloguePlugin({ root })] });
  try {
    const module = (await server.ssrLoadModule('virtual:instrument-catalogue')) as { catalogue: Catalogue };
    return module.catalogue;
  } finally {
    await server.close();
  }
}

describe('virtual:instrument-catalogue (checked when the app is built)', () => {
  it('offers the instruments that pass, in display order, with zod defaults filled in', async () => {
    const catalogue = await appCatalogue();
    expect(catalogue.instruments.map((i) => i.definition.id)).toEqual(['shaps', 'phq-9']);
    expect(catalogue.instruments[1]?.definition.items.every((item) => typeof item.reversed === 'boolean')).toBe(true);
    expect(Object.keys(catalogue.instruments[0]?.packs ?? {})).toEqual(['en']);
  });

  it('refuses a broken folder and names the file and problem instead of offering it', async () => {
    const catalogue = await appCatalogue();
    expect(catalogue.broken.map((b) => b.folder)).toEqual(['ami', 'phq-8']);
    expect(catalogue.broken[0]?.problems.join('\n')).toContain('instruments/ami/instrument.json: not valid JSON');
    expect(catalogue.broken[1]?.problems).toContain('instruments/phq-8/instrument.json: id: "phq-9" must match its folder "phq-8"');
  });
});
