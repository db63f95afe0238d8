/**
 * The web app's first run in a real browser against a real server on a fresh store: the first-admin setup with the
 * token from the log, the signed-in shell, sign-out and sign-in (a wrong password said clearly), a session that ends
 * under the page (signed in again in a dialog, staying on the page), the CSP refusing inline script, and axe on each
 * screen.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { describeWith } from '../../test/requirements.ts';
import { launchBrowser, openPage, screenshot, seriousAccessibilityViolations } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { it } from 'vitest';

const password = 'correct battery staple horse';

describeWith('chromium', 'the web app’s first run, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sets up the first admin, signs out and in, and keeps the page when the session ends', async () => {
    const { page, context, problems } = await openPage(browser, server.url);
    expect(server.setupToken).toMatch(/^pvb_/);

    // A fresh store sends every page to the setup.
    await page.goto('/');
    await page.waitForURL('**/setup');
    await page.getByRole('heading', { name: 'Welcome to Provena' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'setup');

    // A wrong token is said as the server says it; the form keeps what was typed.
    await page.getByLabel('Setup token').fill('pvb_wrong');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/setup token is unknown, used or expired/);
    expect(await page.getByLabel('Password').inputValue()).toBe(password);

    await page.getByLabel('Setup token').fill(server.setupToken!);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Sign out, then a wrong password, then the right one.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/username or password/i);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    // A deep link without a session comes back to itself after signing in.
    await context.clearCookies();
    await page.goto('/dashboard');
    await page.waitForURL(/\/sign-in\?redirect=/);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/dashboard');

    // The session ends while a form is half filled: the dialog signs in again over the page, the form keeps what
    // was typed, and sending it again works.
    await page.getByRole('link', { name: 'admin', exact: true }).click();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Name').fill('nightly export');
    await context.clearCookies();
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    await dialog.getByLabel('Password').fill(password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByLabel('Name').inputValue()).toBe('nightly export');
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Copy it now' }).textContent()).toMatch(/pvt_/);
    await page.getByRole('cell', { name: 'nightly export', exact: true }).waitFor();
    await screenshot(page, 'account');

    expect(problems).toEqual([]);
  });

  it('refuses inline script: the page’s Content-Security-Policy', async () => {
    const { page, problems } = await openPage(browser, server.url);
    const response = await page.goto('/sign-in');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    expect(problems.some((p) => /Content Security Policy/.test(p))).toBe(true);
  });
});
