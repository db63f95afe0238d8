/**
 * The admin screens in Chromium against a real server: a team and a user with the reviewer role on it (who, signed in
 * in a second browser context, sees Review but not Admin, and is told so at /admin), the risk policy edited with a
 * syntax error shown at its line and column, then a valid document previewed and saved, and a dead-letter job retried
 * after confirmation — axe on each screen, screenshots of users, policy and jobs.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith } from '../../test/requirements.ts';
import { openStore } from '../../src/storage/store.ts';
import { launchBrowser, openPage, screenshot, seriousAccessibilityViolations } from './support/browser.ts';
import { e2eAdmin, startServer, type RunningServer } from './support/server.ts';

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/**
 * A job that failed for good, as the jobs API tests make one: queued on a queue no worker of the server serves,
 * claimed and failed with a give-up error through the store (the API has no way to make a job fail on purpose).
 */
async function deadLetter(server: RunningServer): Promise<string> {
  const store = await openStore({ sqlitePath: join(server.dataDir, 'provena.db') });
  try {
    const job = await store.transaction(
      async (tx) =>
        (await tx.jobs.enqueue({ name: 'e2e.export', queue: 'e2e', payload: { assetId: 'gone' }, maxAttempts: 3 })).job,
    );
    await store.transaction((tx) =>
      tx.jobs.claim({ queue: 'e2e', names: ['e2e.export'], owner: 'e2e', limit: 1, leaseMs: 60_000 }),
    );
    await store.jobs.fail(
      { id: job.id, owner: 'e2e' },
      { code: 'CORRUPT_FILE', message: 'the source file is unreadable' },
    );
    return job.id;
  } finally {
    await store.close();
  }
}

describeWith('chromium', 'the admin screens, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ withAdmin: true }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('makes a team and a reviewer on it, who sees Review but not Admin', async () => {
    const { page, problems } = await openPage(browser, server.url);
    await signIn(page, e2eAdmin.username, e2eAdmin.password);
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.waitForURL('**/admin/users');

    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Teams' }).click();
    await page.getByLabel('Team name').fill('Harbour Studio');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByRole('cell', { name: 'Harbour Studio', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Members of Harbour Studio' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }).click();
    const form = page.getByRole('form', { name: 'New account' });
    await form.getByLabel('Username').fill('rita');
    await form.getByLabel('Display name').fill('Rita Reviewer');
    await form.getByLabel('Password', { exact: true }).fill('a reviewer password');
    await form.getByLabel('Team').selectOption({ label: 'Harbour Studio' });
    await form.getByLabel('Role').selectOption('reviewer');
    await form.getByRole('button', { name: 'Add role' }).click();
    await form.getByText('reviewer on Harbour Studio').waitFor();
    await form.getByRole('button', { name: 'Create account' }).click();
    // The new account opens beside the list, with its role and no session yet.
    await page.getByRole('heading', { name: 'Rita Reviewer (rita)' }).waitFor();
    await page.getByRole('cell', { name: 'reviewer on Harbour Studio' }).waitFor();
    await page.getByText('rita has not signed in in the browser').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'admin-users');

    // A bad password is said at its field.
    await form.getByLabel('Username').fill('shorty');
    await form.getByLabel('Password', { exact: true }).fill('short');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/password/i);

    // The reviewer, in a browser of their own.
    const reviewer = await openPage(browser, server.url);
    await signIn(reviewer.page, 'rita', 'a reviewer password');
    const nav = reviewer.page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Review', exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(0);
    await reviewer.page.goto('/admin');
    await expect
      .poll(() => reviewer.page.getByRole('alert').textContent())
      .toMatch(/needs the permission users:manage/);
    expect(await seriousAccessibilityViolations(reviewer.page)).toEqual([]);

    // Their session now shows in the admin's view, and can be ended.
    await page.reload();
    await page.getByRole('button', { name: 'Manage rita' }).click();
    await page.getByRole('button', { name: /^End the session/ }).waitFor();
    expect(reviewer.problems).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows a syntax error in the risk policy at its line, then previews and saves a valid one', async () => {
    const { page, problems } = await openPage(browser, server.url);
    await signIn(page, e2eAdmin.username, e2eAdmin.password);
    await page.goto('/admin/policy');
    await page.getByRole('heading', { name: 'Version 0 in force' }).waitFor();
    const editor = page.getByLabel('Policy document (JSON or YAML)');

    await editor.fill('{\n  "defaultTier": 2,\n  "rules": [\n}\n');
    await page.getByRole('button', { name: 'Preview changes' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Line 4, column 1').waitFor();
    expect(await alert.textContent()).toMatch(/not valid JSON/);
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    await alert.getByRole('button', { name: 'Go to line 4' }).click();
    expect(await editor.evaluate((e) => (e as HTMLTextAreaElement).selectionStart)).toBe(
      '{\n  "defaultTier": 2,\n  "rules": [\n'.length,
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await expect.poll(() => page.getByRole('button', { name: 'Save as a new version' }).isDisabled()).toBe(true);

    const { policy } = await server.api<{ policy: Record<string, unknown> }>('GET', '/api/v1/policies/risk');
    await editor.fill(JSON.stringify({ ...policy, defaultTier: 2 }, null, 2));
    await page.getByRole('button', { name: 'Preview changes' }).click();
    await page.getByRole('status', { name: 'Preview of the changes' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByLabel('Why the policy changes').fill('Everything gets a second look');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'admin-policy');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByText('Saved as version 1').waitFor();
    await page.getByRole('heading', { name: 'Version 1 in force' }).waitFor();
    await page.getByRole('cell', { name: 'Everything gets a second look' }).waitFor();
    const saved = await server.api<{ version: number; policy: { defaultTier: number } }>(
      'GET',
      '/api/v1/policies/risk',
    );
    expect(saved).toMatchObject({ version: 1, policy: { defaultTier: 2 } });
    expect(problems).toEqual([]);
  });

  it('retries a dead-letter job after confirming', async () => {
    const jobId = await deadLetter(server);
    const { page, problems } = await openPage(browser, server.url);
    await signIn(page, e2eAdmin.username, e2eAdmin.password);
    await page.goto('/admin/jobs');
    await page.getByLabel('Status').selectOption('dead');
    const row = page.getByRole('row').filter({ hasText: jobId });
    await row.getByText('the source file is unreadable').waitFor();
    expect(await row.getByText('dead', { exact: true }).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'admin-jobs');

    // Cancelling the confirmation leaves it dead; confirming retries it.
    await row.getByRole('button', { name: `Retry e2e.export ${jobId}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Retry e2e.export?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await server.api<{ status: string }>('GET', `/api/v1/jobs/${jobId}`)).status).toBe('dead');
    await row.getByRole('button', { name: `Retry e2e.export ${jobId}` }).click();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Retry now' }).click();
    await expect
      .poll(async () => (await server.api<{ status: string; attempts: number }>('GET', `/api/v1/jobs/${jobId}`)).status)
      .toBe('queued');
    // The dead-letter filter no longer lists it.
    await expect.poll(() => page.getByRole('row').filter({ hasText: jobId }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
