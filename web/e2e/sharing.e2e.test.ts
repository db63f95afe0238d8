/**
 * Rights, share links and export in a real browser against a real server, through the asset page: an approved asset's
 * rights set in the rights form (a bad region code named before sending), the usage check answered with its reasons,
 * a share link made and opened in a second browser context without an account, the rights' expiry then set in the
 * past — the link refuses with a clear page and the export dialog shows the refusal's reasons — and the /shares page
 * with the link's hits, its stats and its revocation. axe on each screen; screenshots 'rights' and 'share-links'.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith } from '../../test/requirements.ts';
import { launchBrowser, openPage, screenshot, seriousAccessibilityViolations } from './support/browser.ts';
import { completeFields, drawImage, enrichmentsSettled, upload } from './support/seed.ts';
import { e2eAdmin, startServer, type RunningServer } from './support/server.ts';

const reviewerPassword = 'a long password for the reviewer';

async function signIn(page: Page, next: string): Promise<void> {
  await page.goto(`/sign-in?redirect=${encodeURIComponent(next)}`);
  await page.getByLabel('Username').fill(e2eAdmin.username);
  await page.getByLabel('Password').fill(e2eAdmin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`**${next}`);
}

/** A day `days` from today (UTC), YYYY-MM-DD. */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describeWith('chromium', 'rights, share links and export, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let assetId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ withAdmin: true }), launchBrowser()]);
    await server.api('POST', '/api/v1/users', {
      username: 'rita',
      password: reviewerPassword,
      memberships: [{ teamId: '*', role: 'reviewer' }],
    });
    assetId = (
      await upload(server, await drawImage({ seed: 4 }), 'harbour.png', {
        ...completeFields,
        title: 'Harbour <i>at</i> dawn',
        intendedUse: 'internal',
      })
    ).asset.id;
    await enrichmentsSettled(server);
    // Approved by another person (nobody approves their own upload).
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'rita', password: reviewerPassword }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const decided = await fetch(`${server.url}/api/v1/assets/${assetId}/review/decisions`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approve' }),
    });
    expect(decided.status, await decided.text()).toBe(200);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sets rights, checks a use, shares a link that refuses once the rights expire, and lists it', async () => {
    const { page, problems } = await openPage(browser, server.url);
    await signIn(page, `/assets/${assetId}`);
    const rights = page.getByRole('region', { name: 'Rights and usage' });
    await rights.waitFor();
    await rights.getByRole('button', { name: /^(Edit|Set) rights$/ }).click();
    const form = rights.getByRole('form', { name: 'Rights record' });
    await form.getByLabel('Status').selectOption('cleared');
    await form.getByLabel('web').check();
    await form.getByLabel('Regions allowed').fill('de, XX');
    await form.getByLabel('Valid from').fill(day(-30));
    await form.getByLabel('Expires (last day of use)').fill(day(365));
    await form.getByRole('button', { name: 'Save rights' }).click();
    // The form names the bad code before sending anything.
    await form.getByText('XX is not an ISO 3166-1 country code (e.g. DE, FR, US)').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await form.getByLabel('Regions allowed').fill('DE, FR');
    await form.getByText(/DE: Germany, FR: France/).waitFor();
    await form.getByRole('button', { name: 'Save rights' }).click();
    await rights.getByText('Rights: cleared').waitFor();
    await rights.getByText('Germany (DE), France (FR)').waitFor();

    // The usage check: not in the United States, yes in Germany.
    const check = rights.getByRole('form', { name: 'Usage check' });
    await check.getByLabel('Channel').selectOption('web');
    await check.getByLabel('Region (ISO code)').fill('us');
    await check.getByRole('button', { name: 'Check' }).click();
    const answer = rights.getByRole('status').filter({ hasText: /Not allowed/ });
    await answer.waitFor();
    expect(await answer.textContent()).toMatch(/United States/);
    expect(await answer.getByRole('listitem').first().textContent()).toMatch(/^Refused .*\(region not allowed\)/);
    await check.getByLabel('Region (ISO code)').fill('DE');
    await check.getByRole('button', { name: 'Check' }).click();
    await rights
      .getByRole('status')
      .filter({ hasText: /✓ Allowed: version 1, on web, in Germany/ })
      .waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await rights.scrollIntoViewIfNeeded();
    await screenshot(page, 'rights');

    // A share link, shown once, opened without an account.
    await page.getByRole('button', { name: 'Share…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share' });
    await dialog.getByLabel('Channel').selectOption('web');
    await dialog.getByLabel('Region (ISO code, optional)').fill('DE');
    await dialog.getByRole('button', { name: 'Make link' }).click();
    const linkText = await dialog.getByLabel('The link to hand out').textContent();
    expect(linkText).toMatch(/\/s\//);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Done' }).click();

    const outsider = await browser.newContext();
    const visitor = await outsider.newPage();
    const opened = await visitor.goto(linkText!);
    expect(opened?.status()).toBe(200);
    await visitor.getByRole('heading', { name: 'Harbour <i>at</i> dawn' }).waitFor();
    expect(await visitor.getByRole('link', { name: 'Harbour <i>at</i> dawn' }).count()).toBe(1);

    // While the rights hold, the export dialog hands over the file.
    await page.getByRole('button', { name: 'Export…' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    await exportDialog.getByLabel('Channel').selectOption('web');
    await exportDialog.getByLabel('Region (ISO code, optional)').fill('DE');
    const download = page.waitForEvent('download');
    await exportDialog.getByRole('button', { name: 'Export', exact: true }).click();
    expect((await download).suggestedFilename()).toMatch(/\.(webp|jpe?g|png)$/);
    await exportDialog.getByRole('status').filter({ hasText: 'Exported:' }).waitFor();
    await exportDialog.getByRole('button', { name: 'Close' }).last().click();

    // The rights expire (their last day in the past): the link refuses, with a clear page.
    await rights.getByRole('button', { name: 'Edit rights' }).click();
    await form.getByLabel('Valid from').fill(day(-30));
    await form.getByLabel('Expires (last day of use)').fill(day(-1));
    await form.getByRole('button', { name: 'Save rights' }).click();
    await rights.getByText(`until ${day(-1)}`).waitFor();
    const refused = await visitor.goto(linkText!);
    expect(refused?.status()).toBe(403);
    await visitor.getByRole('heading', { name: /may no longer be used|not available/ }).waitFor();
    expect(await visitor.textContent('body')).toMatch(/expired|ended/i);
    await outsider.close();

    // The history lists both revisions and what the second changed.
    await rights.getByText('Rights history').click();
    await rights.getByText(/^Revision 2: cleared by user:admin .* — changed expiresAt$/).waitFor();

    // The export dialog says why it is refused now.
    await page.getByRole('button', { name: 'Export…' }).click();
    const exporting = page.getByRole('dialog', { name: 'Export' });
    await exporting.getByLabel('Channel').selectOption('web');
    await exporting.getByRole('button', { name: 'Export', exact: true }).click();
    const refusal = exporting.getByRole('alert');
    await refusal.getByText('This export is refused').waitFor();
    expect(await refusal.textContent()).toMatch(/rights expired/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await exporting.getByRole('button', { name: 'Close' }).last().click();

    // The link on /shares: its hits and their outcomes, then revoked.
    await page.getByRole('link', { name: 'Share links' }).click();
    await page.getByRole('heading', { name: 'Share links', level: 1 }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'web, Germany (DE)' });
    expect(await row.getByRole('cell').nth(5).textContent()).toMatch(/^2/);
    await row.getByRole('button', { name: /^Stats/ }).click();
    await page.getByText(/By outcome: .*allowed 1.*denied 1|By outcome: .*denied 1.*allowed 1/).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'share-links');
    page.once('dialog', (confirm) => void confirm.accept());
    await row.getByRole('button', { name: /^Revoke/ }).click();
    await page.getByText('No share links yet.').waitFor();
    await page.getByLabel('Show revoked links').check();
    await page.getByRole('row').filter({ hasText: 'revoked' }).waitFor();

    expect(problems).toEqual([]);
  });

  it('fits a tablet in the dark theme: the rights panel and the share links page', async () => {
    const { page, problems } = await openPage(browser, server.url, {
      colorScheme: 'dark',
      viewport: { width: 768, height: 1024 },
    });
    await signIn(page, `/assets/${assetId}`);
    const rights = page.getByRole('region', { name: 'Rights and usage' });
    await rights.getByText('Rights: cleared').waitFor();
    await rights.getByRole('button', { name: 'Edit rights' }).click();
    await rights.getByRole('form', { name: 'Rights record' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.goto('/shares');
    await page.getByLabel('Show revoked links').check();
    await page.getByRole('row').filter({ hasText: 'revoked' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
