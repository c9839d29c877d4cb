import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { openAppSession, setUpClinic, type AppSession } from './harness.ts';

let session: AppSession | undefined;
let page: Page;

beforeAll(async () => {
  session = await openAppSession();
  page = session.page;
  await setUpClinic(page, session.served.url);
  await page.getByRole('link', { name: 'Instruments' }).click();
});

afterAll(async () => {
  await session?.close();
});

describe('the instrument catalogue in a tablet browser', () => {
  it('lists the instruments by title: the profile’s, then the psychosocial context’s', async () => {
    await page.getByRole('heading', { name: 'Instruments', level: 2 }).waitFor();
    const titles = await page.getByRole('article').getByRole('heading', { level: 3 }).allTextContents();
    expect(titles).toEqual([
      'Snaith–Hamilton Pleasure Scale (SHAPS)',
      'Temporal Experience of Pleasure Scale (TEPS)',
      'Apathy Evaluation Scale – clinician-rated (AES-C)',
      'Apathy Evaluation Scale – informant (AES-I)',
      'Apathy Evaluation Scale – self-rated (AES-S)',
      'Apathy-Motivation Index (AMI)',
      'Patient Health Questionnaire-9 (PHQ-9)',
      'MOS Social Support Survey (MOS-SSS)',
      'UCLA three-item loneliness scale (UCLA-3)',
      'Depression Anxiety Stress Scales (21 items) (DASS-21)',
      'Copenhagen Burnout Inventory (CBI)',
      'CFPB Financial Well-Being Scale (CFPB FWB)',
      'IPIP Big-Five markers: Neuroticism and Extraversion (IPIP N/E)',
    ]);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
  });

  it('shows SHAPS items with the printed option order, "Definitely agree" first on item 2', async () => {
    const shaps = page.getByRole('article', { name: 'Snaith–Hamilton Pleasure Scale (SHAPS)' });
    await shaps.getByText('Items and answer options').click();
    const items = shaps.locator('.item-list > li');
    expect(await items.count()).toBe(14);
    expect(await items.nth(0).locator('.options').textContent()).toBe('Strongly disagree · Disagree · Agree · Strongly agree');
    expect(await items.nth(1).locator('.options').textContent()).toBe('Definitely agree · Agree · Disagree · Strongly disagree');
  });

  it('says "no reference data" where no cut-off is sourced, and cites the cut-offs it shows', async () => {
    const ami = page.getByRole('article', { name: 'Apathy-Motivation Index (AMI)' });
    await ami.getByText('Scores', { exact: true }).click();
    await expect(ami.getByText(/No reference data/).isVisible()).resolves.toBe(true);
    const phq = page.getByRole('article', { name: 'Patient Health Questionnaire-9 (PHQ-9)' });
    await phq.getByText('Scores', { exact: true }).click();
    await expect(phq.getByText('Moderately severe (15–19)').isVisible()).resolves.toBe(true);
    await expect(phq.getByText(/Source: Kroenke K, Spitzer RL, Williams JBW \(2001\)/).isVisible()).resolves.toBe(true);
  });

  it('opens a section from the keyboard', async () => {
    const teps = page.getByRole('article', { name: 'Temporal Experience of Pleasure Scale (TEPS)' });
    await teps.getByText('Licence').focus();
    await page.keyboard.press('Enter');
    await expect(teps.getByText(/Copyright status unclear/).isVisible()).resolves.toBe(true);
  });

  it('gives every control a touch target of at least 48 × 48 px', async () => {
    const small = await page.locator('summary, button, a, input').evaluateAll((elements) =>
      elements
        .map((el) => ({ text: el.textContent.trim() || el.tagName, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.height < 48 || box.width < 48))
        .map(({ text, box }) => `${text}: ${Math.round(box.width)}×${Math.round(box.height)}`),
    );
    expect(small).toEqual([]);
  });

  it('passes axe-core accessibility checks (WCAG 2.1 A/AA) with sections open', async () => {
    await page.locator('details').evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
    const violations = await axeViolations(page);
    expect(violations).toEqual([]);
  });
});
