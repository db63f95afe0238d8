/**
 * The review queue in a real browser against a real server: assets uploaded by the admin wait for two reviewers made
 * through the API; one claims, approves with the key a, rejects with r and a reason, signs the legal half of a
 * tier-3 asset whose compliance half must come from another person; the other decides over the API and the first
 * one's queue follows live. axe on the queue and the shortcut list; the screenshot 'review'.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith } from '../../test/requirements.ts';
import { launchBrowser, openPage, screenshot, seriousAccessibilityViolations } from './support/browser.ts';
import { completeFields, drawImage, enrichmentsSettled, upload, type UploadAnswer } from './support/seed.ts';
import { startServer, type RunningServer } from './support/server.ts';

const password = 'a long password for reviewers';

/** A signed-in API caller (session cookie and CSRF token), as another person using the app. */
async function signedIn(server: RunningServer, username: string) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await fetch(server.url + path, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json: unknown = await answer.json();
    if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(json)}`);
    return json as T;
  };
}

async function signInPage(page: Page, username: string, to: string) {
  await page.goto(to);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

describeWith('chromium', 'the review queue, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const made: Record<string, UploadAnswer> = {};
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ withAdmin: true }), launchBrowser()]);
    await server.api('POST', '/api/v1/users', {
      username: 'rita',
      password,
      displayName: 'Rita Reviewer',
      memberships: [
        { teamId: '*', role: 'reviewer' },
        { teamId: '*', role: 'legal' },
      ],
    });
    await server.api('POST', '/api/v1/users', {
      username: 'carl',
      password,
      memberships: [
        { teamId: '*', role: 'reviewer' },
        { teamId: '*', role: 'compliance' },
      ],
    });
    const internal = { ...completeFields, intendedUse: 'internal' };
    // Uploaded one after the other: the queue lists the oldest in review first.
    for (const [i, title] of ['Harbour at dawn', 'Harbour at noon', 'Harbour at dusk'].entries())
      made[title] = await upload(server, await drawImage({ seed: i + 3 }), `${title}.png`, { ...internal, title });
    made['Regulated leaflet'] = await upload(server, await drawImage({ seed: 9, from: '#006644' }), 'leaflet.png', {
      ...internal,
      title: 'Regulated leaflet',
      regulated: 'true',
    });
    await enrichmentsSettled(server);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('claims, approves with a key, rejects with a reason, and signs half of a tier-3 asset', async () => {
    const { page, problems } = await openPage(browser, server.url);
    await signInPage(page, 'rita', '/review');
    await page.waitForURL('**/review');
    const queue = page.getByRole('navigation', { name: 'Review queue' });
    await queue.getByRole('button', { name: /Harbour at dawn/ }).waitFor();
    expect(await queue.getByRole('listitem').count()).toBe(4);
    const tiers = page.getByRole('group', { name: 'Tier' });
    expect(await tiers.getByRole('button', { name: /Tier 3/ }).textContent()).toMatch(/1$/);
    const detail = page.getByRole('article');
    /** The decision controls are there once the selected asset's review status has loaded: keys act then. */
    const ready = () => detail.getByRole('button', { name: /^Reject/ }).waitFor();
    // The queue is in the order the assets entered review (their enrichment's end): chosen by name here.
    await queue.getByRole('button', { name: /Harbour at dawn/ }).click();
    await detail.getByRole('heading', { name: 'Harbour at dawn' }).waitFor();
    // The selection is in the URL: a link to one review, kept on reload.
    await page.waitForURL(`**/review?asset=${made['Harbour at dawn']!.asset.id}`);
    await page.reload();
    await detail.getByRole('heading', { name: 'Harbour at dawn' }).waitFor();
    expect(await detail.getByRole('link', { name: 'Open the asset page' }).getAttribute('href')).toBe(
      `/assets/${made['Harbour at dawn']!.asset.id}`,
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'review');
    // A tablet, in the dark theme: nothing wider than the screen, and axe still finds nothing serious.
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Claim, then approve with the key.
    await detail.getByRole('button', { name: 'Claim' }).click();
    await detail.getByText('Claimed by you').waitFor();
    await ready();
    await page.keyboard.press('a');
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Approved: Harbour at dawn/);
    await expect.poll(() => queue.getByRole('listitem').count()).toBe(3);
    await queue.getByRole('button', { name: /Harbour at noon/ }).click();
    await detail.getByRole('heading', { name: 'Harbour at noon' }).waitFor();
    const dawn = await server.api<{ status: string }>('GET', `/api/v1/assets/${made['Harbour at dawn']!.asset.id}`);
    expect(dawn.status).toBe('approved');

    // Reject needs a reason: r opens it, Enter without one is refused, then sent with one.
    await ready();
    await page.keyboard.press('r');
    const reason = page.getByLabel('Why reject it?');
    await reason.waitFor();
    await reason.press('Enter');
    await page.getByText(/Say why: the requester reads it/).waitFor();
    await reason.fill('The horizon is <b>tilted</b>');
    await reason.press('Enter');
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Rejected: Harbour at noon/);
    const noon = await server.api<{ status: string }>('GET', `/api/v1/assets/${made['Harbour at noon']!.asset.id}`);
    expect(noon.status).toBe('rejected');

    // j/k move through the queue; ? lists the shortcuts.
    await expect.poll(() => queue.getByRole('listitem').count()).toBe(2);
    const [first, second] = (await queue.getByRole('button').allInnerTexts()).map((text) => text.split('\n')[0]!);
    await queue.getByRole('button', { name: first }).click();
    await detail.getByRole('heading', { name: first }).waitFor();
    await page.keyboard.press('j');
    await detail.getByRole('heading', { name: second }).waitFor();
    await page.keyboard.press('k');
    await detail.getByRole('heading', { name: first }).waitFor();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // Tier 3: Rita signs as legal; compliance must come from someone else, so it leaves her queue.
    await tiers.getByRole('button', { name: /^Tier 3/ }).click();
    await detail.getByRole('heading', { name: 'Regulated leaflet' }).waitFor();
    await detail.getByText(/Still to approve: Legal and Compliance/).waitFor();
    await ready();
    await page.keyboard.press('a');
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Still to approve: Compliance/);
    await page.getByText('Nothing waits for your review here.').waitFor();
    const leaflet = made['Regulated leaflet']!.asset.id;
    const after = await server.api<{ status: string; missing: string[]; signOffs: { reviewerUsername: string }[] }>(
      'GET',
      `/api/v1/assets/${leaflet}/review`,
    );
    expect(after.status).toBe('in_review');
    expect(after.missing).toEqual(['compliance']);
    expect(after.signOffs.map((s) => s.reviewerUsername)).toEqual(['rita']);

    // Carl gives the second sign-off: the asset is approved by two people.
    const carl = await signedIn(server, 'carl');
    const outcome = await carl<{ status: string }>('POST', `/api/v1/assets/${leaflet}/review/decisions`, {
      decision: 'approve',
    });
    expect(outcome.status).toBe('approved');

    // Back on every tier, the last one waiting; Carl rejects it meanwhile and Rita's queue follows without a reload.
    await tiers.getByRole('button', { name: /^All tiers/ }).click();
    await detail.getByRole('heading', { name: 'Harbour at dusk' }).waitFor();
    await carl('POST', `/api/v1/assets/${made['Harbour at dusk']!.asset.id}/review/decisions`, {
      decision: 'reject',
      reason: 'off brief',
    });
    await page.getByText('Nothing waits for your review here.').waitFor({ timeout: 15_000 });

    expect(problems).toEqual([]);
  });
});
