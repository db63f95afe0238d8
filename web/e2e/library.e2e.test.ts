/**
 * The library in Chromium against a real server: 30 drawn images seeded through the API (prompts, campaigns, solid
 * colours, words to read), then a search by a prompt word, by a word read in the image (OCR), by colour with the
 * picker, a facet ticked and unticked, a syntax error shown at its column, "more like this", shift-click range
 * selection added to a new collection, and the collection page reordered. axe on each screen; screenshots.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith } from '../../test/requirements.ts';
import { launchBrowser, openPage, screenshot, seriousAccessibilityViolations } from './support/browser.ts';
import { completeFields, drawImage, enrichmentsSettled, upload } from './support/seed.ts';
import { e2eAdmin, startServer, type RunningServer } from './support/server.ts';

const subjects = [
  { word: 'lighthouse', prompt: 'a lighthouse on a cliff at sunset, golden hour' },
  { word: 'mountain', prompt: 'a mountain lake at dawn, mist over the water' },
  { word: 'street', prompt: 'a rainy city street at night, neon reflections' },
];
const campaigns = ['summer-26', 'winter-27', 'spring-26'];
const green = '#1e8c3c';

async function signIn(page: Page): Promise<void> {
  await page.goto('/sign-in?redirect=%2F');
  await page.getByLabel('Username').fill(e2eAdmin.username);
  await page.getByLabel('Password').fill(e2eAdmin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** The "N results" line once the count is in. */
const resultCount = async (page: Page): Promise<number> => {
  const text = (await page.locator('p[aria-live="polite"] strong').first().textContent()) ?? '';
  return Number(text.replace(/\D/g, ''));
};
const cells = (page: Page) => page.getByTestId('results').locator('[data-index]');

describeWith(['chromium', 'fonts'], 'the library, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const ids: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ withAdmin: true }), launchBrowser()]);
    for (let i = 0; i < 30; i++) {
      const subject = subjects[i % 3]!;
      const solid = i % 5 === 0;
      const bytes = await drawImage({
        seed: i + 1,
        width: 320 + (i % 4) * 40,
        height: i % 7 === 0 ? 480 : 240,
        ...(solid ? { from: green, to: green } : { from: ['#ff6600', '#6a1b9a', '#c62828'][i % 3]!, to: '#1a237e' }),
        ...(i === 7 ? { text: 'QUANTUM' } : {}),
      });
      const made = await upload(server, bytes, `${subject.word}-${i}.png`, {
        ...completeFields,
        title: `${subject.word[0]!.toUpperCase()}${subject.word.slice(1)} ${i}`,
        prompt: subject.prompt,
        campaign: campaigns[i % 3]!,
      });
      ids.push(made.asset.id);
    }
    await enrichmentsSettled(server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('searches by prompt word, OCR word, colour, facets; shows a syntax error; finds more like this', async () => {
    const { page, problems } = await openPage(browser, server.url);
    await signIn(page);

    // The whole library, newest first, with thumbhash placeholders and a total.
    await cells(page).first().waitFor();
    await expect.poll(() => resultCount(page)).toBe(30);
    expect(await page.locator('.asset-thumb-placeholder').count()).toBeGreaterThan(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'library');

    // A prompt word.
    const box = page.getByRole('combobox', { name: 'Search the library' });
    await box.fill('mountain');
    await box.press('Enter');
    await page.waitForURL(/q=mountain/);
    await expect.poll(() => resultCount(page)).toBe(10);
    expect(await cells(page).first().textContent()).toMatch(/Mountain/);

    // A word read in the picture, and Back returns to the previous search.
    await box.fill('quantum');
    await box.press('Enter');
    await expect.poll(() => resultCount(page)).toBe(1);
    expect(await cells(page).first().textContent()).toMatch(/Mountain 7/);
    await page.goBack();
    await expect.poll(() => box.inputValue()).toBe('mountain');
    await expect.poll(() => resultCount(page)).toBe(10);

    // Field suggestions while typing.
    await box.fill('camp');
    await page.getByRole('option', { name: /campaign:/ }).waitFor();
    await box.press('Enter');
    expect(await box.inputValue()).toBe('campaign:');

    // A colour from the picker: the solid green ones (every fifth).
    await box.fill('');
    await box.press('Enter');
    await expect.poll(() => resultCount(page)).toBe(30);
    await page.getByLabel('Colour to find').fill(green);
    await page.getByRole('button', { name: `Filter by ${green}` }).click();
    await page.waitForURL(/color/);
    await expect.poll(() => box.inputValue()).toBe(`color:${green}`);
    // The six solid green ones (every fifth), and none of the gradients.
    await expect.poll(() => resultCount(page)).toBe(6);
    expect(await cells(page).locator('a').first().allTextContents()).toEqual([
      expect.stringMatching(/ (25|20|15|10|5|0)$/),
    ]);

    // A facet: tick a campaign, its filter joins the query; untick it, it goes.
    await page.getByRole('button', { name: `Clear colour ${green}` }).click();
    await expect.poll(() => resultCount(page)).toBe(30);
    const winter = page.getByRole('group', { name: 'Campaign' }).getByRole('checkbox', { name: /winter-27/ });
    await winter.check();
    await expect.poll(() => box.inputValue()).toBe('campaign:winter-27');
    await expect.poll(() => resultCount(page)).toBe(10);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await winter.uncheck();
    await expect.poll(() => resultCount(page)).toBe(30);

    // A query that does not parse: the message and the spot marked.
    await box.fill('sunset "beach');
    await box.press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: 'could not be read' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Unclosed quote opened at column 8/);
    expect(await alert.locator('mark').textContent()).toBe('"beach');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // More like this.
    await page.goto('/?q=mountain');
    await cells(page).first().waitFor();
    const first = (await cells(page).first().locator('a').first().textContent()) ?? '';
    await cells(page)
      .first()
      .getByRole('link', { name: /More like this/ })
      .click();
    await page.waitForURL(/like=/);
    await page.getByText('Showing assets that look like').waitFor();
    await cells(page).first().waitFor();
    const similar = await cells(page).locator('a').allTextContents();
    expect(similar.join(' ')).not.toContain(first);

    expect(problems.filter((p) => !/404|Failed to load resource/.test(p))).toEqual([]);
  });

  it('fits a tablet in the dark theme, with nothing for axe to find', async () => {
    const { page, problems } = await openPage(browser, server.url, {
      colorScheme: 'dark',
      viewport: { width: 768, height: 1024 },
    });
    await signIn(page);
    await cells(page).first().waitFor();
    await expect.poll(() => resultCount(page)).toBe(30);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.goto('/?q=street&view=list');
    await expect.poll(() => resultCount(page)).toBe(10);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems.filter((p) => !/404|Failed to load resource/.test(p))).toEqual([]);
  });

  it('selects a range, adds it to a new collection, and reorders the collection', async () => {
    const { page, problems } = await openPage(browser, server.url);
    await signIn(page);
    await page.goto('/?q=lighthouse&view=list');
    await cells(page).first().waitFor();
    await expect.poll(() => resultCount(page)).toBe(10);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'library-list');

    // The keyboard: x ticks the focused result, Shift with an arrow ticks on to the next; Clear empties it.
    await cells(page).nth(0).getByRole('link').first().focus();
    await page.keyboard.press('x');
    await page.getByText('1 selected').waitFor();
    await page.keyboard.press('Shift+ArrowDown');
    await page.getByText('2 selected').waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('[data-index]')?.getAttribute('data-index'))).toBe(
      '1',
    );
    await page.getByRole('button', { name: 'Clear selection' }).click();

    // Click the first, shift-click the third: three selected.
    const titles = await cells(page).locator('a').first().textContent();
    await cells(page).nth(0).getByRole('checkbox').click();
    await cells(page)
      .nth(2)
      .getByRole('checkbox')
      .click({ modifiers: ['Shift'] });
    await page.getByText('3 selected').waitFor();
    // "Select all" says how many: all ten results of the query.
    await page.getByRole('button', { name: 'Select all 10 results' }).waitFor();
    await page.getByLabel('New collection name').fill('Launch picks');
    await page.getByRole('button', { name: 'Add 3 to collection' }).click();
    await page.getByRole('status').filter({ hasText: 'Added to' }).waitFor();
    await page.getByRole('status').getByRole('link', { name: 'Launch picks' }).click();

    await page.waitForURL(/\/collections\//);
    await page.getByRole('heading', { name: 'Launch picks' }).waitFor();
    const members = page.getByRole('list', { name: 'Members in order' }).getByRole('listitem');
    await expect.poll(() => members.count()).toBe(3);
    expect(await members.first().textContent()).toContain(titles ?? '');
    const before = await members.locator('a').allTextContents();
    await members.nth(0).getByRole('button', { name: /Later/ }).click();
    await expect.poll(() => members.locator('a').allTextContents()).toEqual([before[1], before[0], before[2]]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'collection');

    // Remove one; the library's side panel lists the collection with its count.
    await members
      .nth(2)
      .getByRole('button', { name: /Remove/ })
      .click();
    await expect.poll(() => members.count()).toBe(2);
    await page.getByRole('link', { name: '← Library' }).click();
    await page.getByRole('link', { name: 'Launch picks' }).waitFor();

    // "Select all" means every result of the query, loaded or not: all ten streets, in batches, with progress.
    await page.goto('/?q=street');
    await expect.poll(() => resultCount(page)).toBe(10);
    await page.getByRole('button', { name: 'Select all 10 results' }).click();
    await page.getByText('all results of the query').waitFor();
    await page.getByLabel('New collection name').fill('Streets');
    await page.getByRole('button', { name: 'Add 10 to collection' }).click();
    await page.getByRole('status').filter({ hasText: 'Added to' }).waitFor();
    expect(await page.getByText('Done: 10 of 10').count()).toBe(1);
    await page.getByRole('status').getByRole('link', { name: 'Streets' }).click();
    await expect.poll(() => members.count()).toBe(10);

    expect(problems.filter((p) => !/404|Failed to load resource/.test(p))).toEqual([]);
  });
});
