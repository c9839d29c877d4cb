import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { decompress } from 'wawoff2';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

/**
 * A fontconfig file for the test browser that adds Noto Sans CJK SC (Regular) to the machine's own fonts, so the
 * Chinese print test does not depend on a CJK font being installed. The font comes from the npm package
 * noto-sans-cjk-sc as WOFF2 slices, which Chromium's font fallback cannot read; they are unpacked to TrueType once,
 * into node_modules/.cache, and reused by later runs. Returns the path for FONTCONFIG_FILE.
 */
export async function cjkFontConfig(): Promise<string> {
  // The package exports only its CSS; its folder is the one above css/regular.css.
  const packageDir = dirname(dirname(require.resolve('noto-sans-cjk-sc/regular.css')));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const cache = join(root, 'node_modules', '.cache', 'motivation-profile-fonts', `noto-sans-cjk-sc-${version}`);
  const config = join(cache, 'fonts.conf');
  if (existsSync(config)) return config;

  // Built in a folder of this process's own and renamed into place, so test files starting together do not trip
  // over each other's half-written fonts.
  const building = `${cache}.${process.pid}-${Date.now()}`;
  const source = join(packageDir, 'fonts', 'NotoSansCJKsc-Regular');
  try {
    mkdirSync(join(building, 'ttf'), { recursive: true });
    for (const name of readdirSync(source).filter((n) => n.endsWith('.woff2'))) {
      const ttf = await decompress(readFileSync(join(source, name)));
      writeFileSync(join(building, 'ttf', name.replace(/\.woff2$/, '.ttf')), ttf);
    }
    writeFileSync(
      join(building, 'fonts.conf'),
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        '<fontconfig>',
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
        `  <dir>${join(cache, 'ttf')}</dir>`,
        `  <cachedir>${join(cache, 'fontconfig')}</cachedir>`,
        '</fontconfig>',
        '',
      ].join('\n'),
    );
    try {
      renameSync(building, cache);
    } catch (error) {
      if (!existsSync(config)) throw error; // another process finished first: use its copy
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return config;
}
