import type { Page } from 'playwright-core';

export type Mouth = 'short' | 'long';

/** The mouth the trial on screen draws: its line's length (set before it shows), short below the midpoint of the two. */
export async function trialMouth(page: Page): Promise<Mouth> {
  const width = await page.locator('.reward-trial .reward-mouth').evaluate((line) => Math.abs(Number(line.getAttribute('x2')) - Number(line.getAttribute('x1'))));
  // Default widths 0.48 and 0.54 of a 92-unit face: 44.2 and 49.7 units.
  return width < 47 ? 'short' : 'long';
}

/**
 * Plays one trial on the page's fake clock: lets the fixation and the face run frame by frame until the answer
 * buttons come alive (the mouth is on screen), taps the answer `choose` picks, then lets the feedback time pass.
 * Returns the mouth shown, the answer, and whether the reward line ("Correct! You won …") appeared.
 */
export async function playRewardTrial(
  page: Page,
  choose: (mouth: Mouth) => Mouth,
  rtMs = 300,
  feedbackMs = 1_750,
  labels: Readonly<Record<Mouth, string>> = { short: 'Short mouth', long: 'Long mouth' },
): Promise<{ mouth: Mouth; response: Mouth; won: boolean }> {
  const live = page.locator('.reward-answer[aria-disabled="false"]');
  // Fixation and face take 1 s: most of it at once, then frame by frame until the mouth is drawn.
  if ((await live.count()) === 0) await page.clock.runFor(900);
  for (let frame = 0; frame < 200 && (await live.count()) === 0; frame += 1) await page.clock.runFor(16);
  const mouth = await trialMouth(page);
  const response = choose(mouth);
  await page.clock.runFor(rtMs);
  await page.getByRole('button', { name: labels[response], exact: true }).click();
  await page.clock.runFor(150);
  // The last trial of the practice or of a block leads to another screen, without the feedback line.
  const feedback = page.locator('.reward-feedback');
  // An unrewarded answer leaves the line empty.
  const won = (await feedback.count()) > 0 && (await feedback.innerText()).trim() !== '';
  await page.clock.runFor(feedbackMs);
  return { mouth, response, won };
}

