import { describeChromium } from './harness.ts';

/**
 * Once per test run, before the browser test files start: finds the browser (unpacking the npm Chromium if that is
 * the one, so the files do not all unpack it at once), prepares the CJK font, and says which browser runs.
 * A browser that cannot start is reported here and fails each browser test file with the same message.
 */
export async function setup(): Promise<void> {
  try {
    console.log(`Browser tests: ${await describeChromium()}`);
  } catch (error) {
    console.log(`Browser tests: no browser. ${error instanceof Error ? error.message : String(error)}`);
  }
}
