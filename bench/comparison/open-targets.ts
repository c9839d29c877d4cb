import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumEnv, resolveChromium, setUpClinic } from '../../tests/e2e/harness.ts';
import { HandOver } from '../../tests/e2e/pages/hand-over.ts';
import { PatientsScreen } from '../../tests/e2e/pages/patients.ts';

const VIEWPORT = { width: 768, height: 1024 };

export type Opened = { readonly page: Page; readonly close: () => Promise<void> };

/**
 * A fresh context (empty cache and storage) in `browser`, service workers blocked so every load comes from the
 * network: a first visit, for the start page, SurveyJS and the floor.
 */
export async function openFresh(browser: Browser): Promise<Opened> {
  const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

/**
 * Makes a Chromium profile in which the app at `url` is a handed-over tablet: clinic set up, a patient given SHAPS
 * in patient mode, the first item answered, so a reload resumes straight at item 2. Returns the profile folder.
 * Service workers blocked, so no later load is served from the app's precache.
 */
export async function makeHandedOverProfile(url: string): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), 'bench-handed-over-'));
  const context = await launchProfile(profile);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await handOverShaps(page, url);
    await new HandOver(page).answer('Agree');
    await page.getByText('Question 2 of 14').waitFor();
    // Chromium writes IndexedDB to disk a moment after a change.
    await page.waitForTimeout(1_000);
  } finally {
    await context.close();
  }
  return profile;
}

/** A copy of the handed-over profile in its own Chromium, HTTP cache emptied: a tablet resuming, cold. */
export async function openHandedOver(template: string): Promise<Opened> {
  const profile = await mkdtemp(join(tmpdir(), 'bench-handed-over-run-'));
  const close = async (context?: BrowserContext) => {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
  };
  let context: BrowserContext | undefined;
  try {
    await cp(template, profile, { recursive: true });
    context = await launchProfile(profile);
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await cdp.detach();
    const opened = context;
    return { page, close: () => close(opened) };
  } catch (error) {
    await close(context);
    throw error;
  }
}

/** Sets up a fresh tablet at `url` and hands it over with SHAPS only; leaves the page on SHAPS item 1. */
export async function handOverShaps(page: Page, url: string): Promise<void> {
  await setUpClinic(page, url);
  const patients = new PatientsScreen(page);
  await patients.add({ code: 'BENCH' });
  const patient = await (await patients.open('BENCH')).shows('BENCH');
  await patient.choose(/^SHAPS/);
  await patient.start();
  const handOver = new HandOver(page);
  await handOver.begin();
  await handOver.startInstrument();
  await page.getByText('Question 1 of 14').waitFor();
}

async function launchProfile(profile: string): Promise<BrowserContext> {
  const choice = await resolveChromium();
  return chromium.launchPersistentContext(profile, {
    executablePath: choice.path,
    args: CHROMIUM_ARGS,
    env: await chromiumEnv(),
    viewport: VIEWPORT,
    serviceWorkers: 'block',
  });
}
