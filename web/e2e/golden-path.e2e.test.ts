/**
 * The golden path through the web app, one asset from a fresh store to a refused share link, in Chromium against a
 * real server, every step done on the screens the people doing it use: the first admin made with the setup token;
 * a legal and a compliance reviewer made on the admin screen; an advertising picture uploaded without its campaign
 * (quarantined) and fixed; enrichment and the brand check, with the check's evidence on the asset page; the tier-3
 * review signed by the two reviewers, each in their own browser; published; a share link made and opened by a
 * visitor; the rights' expiry set in the past, and the same link refused; the library finding the asset by a prompt
 * word, a word read in the picture, its colour and by similarity.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith } from '../../test/requirements.ts';
import { until } from '../../test/waiting.ts';
import { launchBrowser, openPage, screenshot, seriousAccessibilityViolations } from './support/browser.ts';
import { drawImage } from './support/seed.ts';
import { startServer, type RunningServer } from './support/server.ts';

const adminPassword = 'golden path first passphrase';
const reviewerPassword = 'a reviewer passphrase';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function signIn(page: Page, username: string, password: string, to: string) {
  await page.goto(`/sign-in?redirect=${encodeURIComponent(to)}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** The API as the signed-in page's own session (its cookies and CSRF token): for waiting on background work. */
async function sessionApi<T>(context: BrowserContext, server: RunningServer, path: string): Promise<T> {
  const cookies = await context.cookies(server.url);
  const res = await fetch(server.url + path, {
    headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
  });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describeWith(['chromium', 'fonts'], 'the golden path, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('takes one picture from a fresh store to a published asset whose expired rights refuse its link', async () => {
    const admin = await openPage(browser, server.url);
    const { page } = admin;

    // The first admin, with the token the server printed.
    await page.goto('/');
    await page.waitForURL('**/setup');
    await page.getByLabel('Setup token').fill(server.setupToken!);
    await page.getByLabel('Password').fill(adminPassword);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    // Two reviewers on the admin screen: legal and compliance, on every team.
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }).click();
    for (const [username, role] of [
      ['lena', 'legal'],
      ['cole', 'compliance'],
    ] as const) {
      const form = page.getByRole('form', { name: 'New account' });
      await form.getByLabel('Username').fill(username);
      await form.getByLabel('Password', { exact: true }).fill(reviewerPassword);
      for (const each of ['reviewer', role]) {
        await form.getByLabel('Team', { exact: true }).selectOption({ label: 'Every team' });
        await form.getByLabel('Role', { exact: true }).selectOption(each);
        await form.getByRole('button', { name: 'Add role' }).click();
      }
      await form.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('heading', { name: new RegExp(`\\(${username}\\)`) }).waitFor();
    }

    // A brand whose palette the picture does not keep: a blue palette rule, saved as the guideline's first version.
    await page.getByRole('link', { name: 'Brand', exact: true }).click();
    await page.getByRole('heading', { name: 'Brands', level: 1 }).waitFor();
    await page.getByLabel('Brand name').fill('Acme');
    await page.getByRole('button', { name: 'Create brand' }).click();
    await page.getByRole('heading', { name: 'Acme', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const paletteRule = page.getByRole('region', { name: /Palette rule/ });
    await paletteRule.getByLabel('Colour 1 hex').fill('#1565c0');
    // A warning: the check explains itself and the asset still goes on to review.
    await paletteRule.getByLabel('Severity').selectOption('warn');
    await page.getByLabel('Why it changes (note)').fill('the brand blue');
    await page.getByRole('button', { name: 'Save as version 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 1' }).waitFor();

    // Upload for advertising, the campaign left out: quarantined, then fixed from the list.
    await page.getByRole('link', { name: 'Upload', exact: true }).click();
    const batch = page.getByRole('region', { name: 'Fields for this batch' });
    await batch.getByLabel('Prompt').fill('a red lighthouse on a cliff at sunset, poster');
    await batch.getByRole('textbox', { name: 'Tool', exact: true }).fill('ComfyUI');
    await batch.getByLabel('Model').fill('sdxl_base_1.0');
    await batch.getByLabel('Team').fill('default');
    await batch.getByLabel('Intended use').selectOption('advertising');
    await batch.getByLabel('Rights status').selectOption('cleared');
    const picture = await drawImage({ width: 800, height: 600, from: '#e53935', to: '#fdd835', text: 'BEACON' });
    await page
      .getByLabel('Choose files…')
      .setInputFiles([{ name: 'lighthouse.png', mimeType: 'image/png', buffer: picture }]);
    await page.getByRole('button', { name: 'Upload 1 file' }).click();
    const quarantined = page.getByRole('region', { name: 'Quarantined' });
    const fix = quarantined.getByRole('form', { name: 'Fix lighthouse.png' });
    await fix.waitFor();
    await fix.getByLabel('Campaign').fill('summer-26');
    await fix.getByRole('button', { name: 'Save and release' }).click();
    await quarantined.getByText('Nothing is in quarantine.').waitFor();
    const { items } = await sessionApi<{ items: { id: string; title: string }[] }>(
      admin.context,
      server,
      '/api/v1/assets?limit=5',
    );
    const assetId = items.find((a) => a.title === 'lighthouse.png')!.id;

    // Enrichment, then the brand check: the asset waits in review, tier 3 (AI-generated advertising).
    let status = '';
    await until(
      async () => {
        ({ status } = await sessionApi<{ status: string }>(admin.context, server, `/api/v1/assets/${assetId}`));
        return status === 'in_review';
      },
      'the asset to reach review',
      { timeoutMs: 240_000, output: () => `last status: ${status}\n${server.output().slice(-3000)}` },
    );
    const asset = await sessionApi<{ riskTier: number }>(admin.context, server, `/api/v1/assets/${assetId}`);
    expect(asset.riskTier).toBe(3);

    // The asset page: the brand check with its evidence, the OCR word.
    await page.goto(`/assets/${assetId}`);
    await page.getByRole('heading', { level: 1, name: 'lighthouse.png' }).waitFor();
    const brand = page.locator('#brand');
    await brand.getByRole('heading', { name: /Acme/ }).waitFor();
    // The palette rule's warning with the colours responsible.
    expect(await brand.locator('[data-outcome="warn"]').first().textContent()).toContain('Warning');
    expect(
      await brand.getByRole('list', { name: 'Colours off the brand palette' }).locator('li').count(),
    ).toBeGreaterThan(0);
    await page.locator('#enrichment').getByText('BEACON').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Tier 3: legal and compliance, two people, each in their own browser.
    for (const username of ['lena', 'cole']) {
      const reviewer = await openPage(browser, server.url);
      await signIn(reviewer.page, username, reviewerPassword, '/review');
      await reviewer.page
        .getByRole('group', { name: 'Tier' })
        .getByRole('button', { name: /^Tier 3/ })
        .click();
      const detail = reviewer.page.getByRole('article');
      await detail.getByRole('heading', { name: 'lighthouse.png' }).waitFor();
      await detail.getByRole('button', { name: /^Reject/ }).waitFor();
      await reviewer.page.keyboard.press('a');
      await expect
        .poll(() => reviewer.page.getByRole('status').first().textContent())
        .toMatch(username === 'lena' ? /Still to approve: Compliance/ : /Approved: lighthouse\.png/);
      expect(reviewer.problems).toEqual([]);
      await reviewer.context.close();
    }

    // Published from the asset page.
    await page.reload();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('published', { exact: true }).first().waitFor();

    // A share link, opened by a visitor.
    const rights = page.getByRole('region', { name: 'Rights and usage' });
    await rights.getByRole('button', { name: /^(Edit|Set) rights$/ }).click();
    const form = rights.getByRole('form', { name: 'Rights record' });
    await form.getByLabel('Status').selectOption('cleared');
    await form.getByLabel('web').check();
    await form.getByLabel('Valid from').fill(day(-30));
    await form.getByLabel('Expires (last day of use)').fill(day(365));
    await form.getByRole('button', { name: 'Save rights' }).click();
    await rights.getByText('Rights: cleared').waitFor();
    await page.getByRole('button', { name: 'Share…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share' });
    await dialog.getByLabel('Channel').selectOption('web');
    await dialog.getByRole('button', { name: 'Make link' }).click();
    const link = (await dialog.getByLabel('The link to hand out').textContent())!;
    await dialog.getByRole('button', { name: 'Done' }).click();
    const visitor = await openPage(browser, server.url);
    expect((await visitor.page.goto(link))?.status()).toBe(200);
    await visitor.page.getByRole('heading', { name: 'lighthouse.png' }).waitFor();

    // The rights expire: the same link is refused, with a page that says so.
    await rights.getByRole('button', { name: 'Edit rights' }).click();
    await form.getByLabel('Expires (last day of use)').fill(day(-1));
    await form.getByRole('button', { name: 'Save rights' }).click();
    await rights.getByText(`until ${day(-1)}`).waitFor();
    const refused = await visitor.page.goto(link);
    expect(refused?.status()).toBeGreaterThanOrEqual(400);
    await visitor.page.getByRole('heading', { name: /may no longer be used|not available/ }).waitFor();
    await visitor.context.close();

    // The library finds it by a prompt word, a word read in the picture, its colour, and by similarity.
    const box = page.getByRole('combobox', { name: 'Search the library' });
    const results = page.getByTestId('results');
    const finds = async (query: string) => {
      await page.goto(`/?q=${encodeURIComponent(query)}`);
      await results
        .getByRole('link', { name: /lighthouse\.png/ })
        .first()
        .waitFor();
    };
    await finds('lighthouse');
    await finds('poster');
    await finds('beacon');
    // The picture's main colour as enrichment measured it, picked with the colour picker.
    const { palette } = await sessionApi<{ palette: { hex: string; share: number }[] }>(
      admin.context,
      server,
      `/api/v1/assets/${assetId}/enrichments`,
    );
    const main = palette.reduce((a, b) => (b.share > a.share ? b : a)).hex.toLowerCase();
    await box.waitFor();
    await page.getByLabel('Colour to find').fill(main);
    await page.getByRole('button', { name: `Filter by ${main}` }).click();
    await results
      .getByRole('link', { name: /lighthouse\.png/ })
      .first()
      .waitFor();
    await page.goto(`/?like=${assetId}`);
    await page.getByText('Showing assets that look like').waitFor();
    await screenshot(page, 'golden-path-library');

    expect(admin.problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
  });
});
