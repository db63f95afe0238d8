/**
 * The brand guidelines editor in a real browser against a real server: a brand created, a palette rule whose ΔE
 * preview on an uploaded sample changes as the tolerance slider moves, a logo uploaded and a placement zone drawn on
 * the frame with the mouse, saved as version 1, edited and saved as version 2, and the history naming the rule that
 * changed. axe on the list and the editor; the screenshot 'brand-guidelines'.
 */
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith } from '../../test/requirements.ts';
import { launchBrowser, openPage, screenshot, seriousAccessibilityViolations } from './support/browser.ts';
import { drawImage } from './support/seed.ts';
import { e2eAdmin, startServer, type RunningServer } from './support/server.ts';

describeWith('chromium', 'the brand guidelines editor, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ withAdmin: true }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a brand, previews its palette on a sample, draws a logo zone, and saves two versions', async () => {
    const { page, problems } = await openPage(browser, server.url);
    await page.goto('/brands');
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Username').fill(e2eAdmin.username);
    await page.getByLabel('Password').fill(e2eAdmin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Brands', level: 1 }).waitFor();
    await page.getByText('No brands yet.').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Brand name').fill('Acme <b>Corp</b>');
    await page.getByRole('button', { name: 'Create brand' }).click();
    await page.waitForURL('**/brands/acme-b-corp-b');
    // A name with markup is text, never markup.
    await page.getByRole('heading', { name: 'Acme <b>Corp</b>', level: 1 }).waitFor();

    // A palette rule, previewed on a sample of red and blue halves.
    const sample = await sharp({
      create: { width: 200, height: 100, channels: 3, background: '#d62828' },
    })
      .composite([
        {
          input: await sharp({ create: { width: 100, height: 100, channels: 3, background: '#2348c5' } })
            .png()
            .toBuffer(),
          left: 100,
          top: 0,
        },
      ])
      .png()
      .toBuffer();
    await page.getByLabel('Sample picture from this computer').setInputFiles({
      name: 'sample.png',
      mimeType: 'image/png',
      buffer: sample,
    });
    await page.getByText('Sample: sample.png').waitFor();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const palette = page.getByRole('region', { name: /Palette rule/ });
    await palette.getByLabel('Colour 1 hex').fill('#d62828');
    const onPalette = () => palette.locator('dt:has-text("On palette") + dd').textContent();
    await expect.poll(onPalette).toMatch(/^50\.0%/);
    await palette.getByText('Sample violates the rule').waitFor();
    // Wide enough, the blue half counts as the red too.
    await palette.getByLabel(/Tolerance \(ΔE2000\)/).fill('50');
    await expect.poll(onPalette).toMatch(/^100\.0%/);
    await palette.getByText('Sample passes').waitFor();
    await palette.getByLabel(/Tolerance \(ΔE2000\)/).fill('10');
    await expect.poll(onPalette).toMatch(/^50\.0%/);

    // A logo, then a logo rule with a zone drawn on the frame.
    const logo = await drawImage({ width: 120, height: 60, from: '#d62828', to: '#1d1d1b' });
    await page.getByLabel('Logo name').fill('wordmark');
    await page.getByLabel('Logo file').setInputFiles({ name: 'wordmark.png', mimeType: 'image/png', buffer: logo });
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await page.getByRole('cell', { name: 'wordmark', exact: true }).waitFor();
    // The uploaded file itself is shown, read back from the server.
    const shown = page.getByRole('img', { name: 'Logo wordmark' });
    await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await page.getByLabel('Rule type').selectOption('logo');
    await page.getByRole('button', { name: 'Add rule' }).click();
    const logoRule = page.getByRole('region', { name: /Logo rule/ });
    await logoRule.getByLabel('Logo', { exact: true }).selectOption('wordmark');
    const frame = logoRule
      .locator('[aria-describedby]')
      .filter({ has: page.locator('img') })
      .first();
    const box = (await frame.boundingBox())!;
    await page.mouse.move(box.x + 4, box.y + 4);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.25, { steps: 5 });
    await page.mouse.up();
    const left = await logoRule.getByLabel('Left %').inputValue();
    expect(Number(left)).toBeLessThan(5);
    expect(Number(await logoRule.getByLabel('Width %').inputValue())).toBeGreaterThan(20);

    await page.getByLabel('Why it changes (note)').fill('first cut');
    await page.getByRole('button', { name: 'Save as version 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 1' }).waitFor();
    await page.getByText('Guideline version 1').waitFor();

    // Version 2: the palette's tolerance moves; the history says which rule changed.
    await page
      .getByRole('region', { name: /Palette rule/ })
      .getByLabel(/Tolerance \(ΔE2000\)/)
      .fill('12');
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 2' }).waitFor();
    const history = page.getByRole('region', { name: 'Version history' });
    await history.getByText('Since version 1: 0 added, 1 changed, 0 removed.').waitFor();
    expect(await history.locator('dt:has-text("re-run") + dd').textContent()).toBe('palette');
    expect(await history.locator('dt:text-is("Unchanged") + dd').textContent()).toBe('logo');
    // The stored zone is the drawn one.
    const stored = await server.api<{
      guideline: { rules: { type: string; zones?: { x: number; width: number }[] }[] };
    }>('GET', '/api/v1/brands/acme-b-corp-b/guidelines/2');
    const zone = stored.guideline.rules.find((r) => r.type === 'logo')?.zones?.[0];
    expect(zone?.x).toBeLessThan(0.05);
    expect(zone?.width).toBeGreaterThan(0.2);

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // The sample stays through the saves.
    await page
      .getByRole('region', { name: /Palette rule/ })
      .getByText('Preview on the sample')
      .scrollIntoViewIfNeeded();
    await page
      .getByRole('region', { name: /Palette rule/ })
      .getByText('Sample violates the rule')
      .waitFor();
    await screenshot(page, 'brand-guidelines');

    // The document exported as YAML, and an imported one with a problem refused with its path.
    const exported = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export as YAML' }).click();
    expect((await exported).suggestedFilename()).toBe('acme-b-corp-b-guideline.yaml');
    await page.getByLabel('Guideline document (JSON or YAML)').setInputFiles({
      name: 'next.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(
        'brand:\n  name: Acme\nrules:\n  - id: palette\n    type: palette\n    colours: [{ name: Red, hex: "#d62828" }]\n    tolerance: 250\n',
      ),
    });
    await page.getByRole('button', { name: 'Import as the next version' }).click();
    const refusedImport = page.getByRole('alert').filter({ hasText: 'The document was not imported' });
    await refusedImport.locator('code', { hasText: 'rules[0].tolerance' }).waitFor();

    // A bad document is refused with the problem named where it is.
    await page
      .getByRole('region', { name: /Palette rule/ })
      .getByLabel('Colour 1 hex')
      .fill('#zzzzzz');
    await page.getByRole('button', { name: 'Save as version 3' }).click();
    await page
      .getByRole('list', { name: /Problems in rule palette/ })
      .getByText('rules[0].colours[0].hex')
      .waitFor();
    expect(problems).toEqual([]);
  });

  it('fits a tablet in the dark theme, with nothing serious for axe', async () => {
    const { page, problems } = await openPage(browser, server.url, {
      colorScheme: 'dark',
      viewport: { width: 768, height: 1024 },
    });
    await page.goto('/sign-in?redirect=%2Fbrands%2Facme-b-corp-b');
    await page.getByLabel('Username').fill(e2eAdmin.username);
    await page.getByLabel('Password').fill(e2eAdmin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Guideline version 2').waitFor();
    await page.getByRole('region', { name: 'Version history' }).getByText('Since version 1').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.goto('/brands');
    await page.getByRole('link', { name: 'Acme <b>Corp</b>' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
