/**
 * Intake in a real browser against a real server: several files chosen at once with the batch's fields and one
 * file's own; a complete one created, an incomplete one quarantined and then fixed from the Quarantined list, a
 * duplicate warned with the asset that holds the bytes, a file that is not a type Provena takes refused in the
 * server's words; then, without quarantine, an incomplete file refused with the problem at its field, fixed and
 * retried. axe on the screen; the screenshot 'intake'.
 */
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith } from '../../test/requirements.ts';
import { launchBrowser, openPage, screenshot, seriousAccessibilityViolations } from './support/browser.ts';
import { drawImage, upload } from './support/seed.ts';
import { e2eAdmin, startServer, type RunningServer } from './support/server.ts';

interface AssetPage {
  items: { id: string; title: string; status: string }[];
}

describeWith('chromium', 'intake, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let existing: Buffer;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ withAdmin: true }), launchBrowser()]);
    existing = await drawImage({ seed: 22, from: '#aa0044' });
    await upload(server, existing, 'already-here.png');
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('uploads a batch: created, quarantined then fixed, duplicate, refused', async () => {
    const { page, problems } = await openPage(browser, server.url);
    await page.goto('/intake');
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Username').fill(e2eAdmin.username);
    await page.getByLabel('Password').fill(e2eAdmin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Upload', level: 1 }).waitFor();

    // The batch's fields, all but the campaign (one file brings its own).
    const batch = page.getByRole('region', { name: 'Fields for this batch' });
    await batch.getByLabel('Prompt').fill('a harbour at dawn, <script>alert(1)</script>, watercolour');
    await batch.getByRole('textbox', { name: 'Tool', exact: true }).fill('ComfyUI');
    await batch.getByLabel('Model').fill('sdxl_base_1.0');
    await batch.getByLabel('Team').fill('default');
    await batch.getByLabel('Intended use').selectOption('internal');
    await batch.getByLabel('Rights status').selectOption('cleared');
    expect(await batch.getByLabel('Requested by').inputValue()).toBe('admin');

    await page.getByLabel('Choose files…').setInputFiles([
      { name: 'complete.png', mimeType: 'image/png', buffer: await drawImage({ seed: 20 }) },
      { name: 'incomplete.png', mimeType: 'image/png', buffer: await drawImage({ seed: 21, from: '#2266cc' }) },
      { name: 'copy of already-here.png', mimeType: 'image/png', buffer: existing },
      { name: 'notes.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 159, 146, 150, 0, 1, 2]) },
    ]);
    const files = page.getByRole('list', { name: 'Files to upload' });
    const row = (name: string): Locator => files.getByRole('listitem', { name, exact: true });
    await row('complete.png').getByText('Fields for this file').click();
    await row('complete.png').getByLabel('Campaign').fill('summer-26');
    await page.getByRole('button', { name: 'Upload 4 files' }).click();

    await row('complete.png').getByText('✓ Uploaded').waitFor();
    await row('copy of already-here.png').getByText('⚠ Duplicate').waitFor();
    // Once enrichment has run, the row says what it found (a near-duplicate family, or none here).
    await row('complete.png')
      .getByText(/Enriched \(in review\); no near-duplicate found/)
      .waitFor({ timeout: 120_000 });
    expect(await row('copy of already-here.png').getByRole('link', { name: 'already-here.png' }).count()).toBe(1);
    await row('notes.bin').getByText('✗ Refused').waitFor();
    expect(await row('notes.bin').getByRole('alert').textContent()).toMatch(/notes\.bin is of an unrecognised type/);
    await row('incomplete.png').getByText('⚠ Quarantined').waitFor();
    expect(
      await row('incomplete.png')
        .getByRole('list', { name: /quarantined/ })
        .textContent(),
    ).toMatch(/campaign/);

    // The quarantined asset is fixed from the list: its missing field, then it goes on to enrichment.
    const quarantined = page.getByRole('region', { name: 'Quarantined' });
    const fix = quarantined.getByRole('form', { name: 'Fix incomplete.png' });
    await fix.waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('heading', { name: 'Files' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'intake');
    // A tablet, in the dark theme: nothing wider than the screen, and axe still finds nothing serious.
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await fix.getByLabel('Campaign').fill('summer-26');
    await fix.getByRole('button', { name: 'Save and release' }).click();
    await quarantined.getByText('Nothing is in quarantine.').waitFor();
    const held = await server.api<AssetPage>('GET', '/api/v1/assets?status=quarantined');
    expect(held.items).toEqual([]);
    const all = await server.api<AssetPage>('GET', '/api/v1/assets?limit=50');
    expect(all.items.map((a) => a.title).sort()).toEqual(['already-here.png', 'complete.png', 'incomplete.png']);

    // Without quarantine, an incomplete file is refused with the problem at its own field; fixed there and retried.
    await page.getByLabel(/Keep a file with missing fields in quarantine/).uncheck();
    await page.getByRole('button', { name: 'Clear finished' }).click();
    await page
      .getByLabel('Choose files…')
      .setInputFiles([
        { name: 'second.png', mimeType: 'image/png', buffer: await drawImage({ seed: 23, from: '#118833' }) },
      ]);
    await page.getByRole('button', { name: 'Upload 1 file' }).click();
    await row('second.png').getByText('✗ Refused').waitFor();
    const campaign = row('second.png').getByLabel('Campaign');
    expect(await campaign.getAttribute('aria-invalid')).toBe('true');
    await campaign.fill('summer-26');
    await row('second.png')
      .getByRole('button', { name: /^Retry/ })
      .click();
    await row('second.png').getByText('✓ Uploaded').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    expect(problems).toEqual([]);
  });
});
