/**
 * The asset page in Chromium against a real server: an image with text (OCR) checked against a brand with palette,
 * word and prompt rules; the preview zoomed with buttons and keys, the details panel toggled with `i`; provenance,
 * brand evidence drawn on the picture, OCR boxes, a comment on a drawn region; axe in light and dark; screenshots.
 * Strings a file or a user controls (title, prompt, comment) carrying markup stay text. With the shared fixtures, a
 * real Adobe Firefly file shows its Content Credentials: an untrusted signer said as a warning, the signer, the chain.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith, has, itWith, sharedFixturesDir } from '../../test/requirements.ts';
import { launchBrowser, openPage, screenshot, seriousAccessibilityViolations } from './support/browser.ts';
import { completeFields, drawImage, enrichmentsSettled, upload } from './support/seed.ts';
import { e2eAdmin, startServer, type RunningServer } from './support/server.ts';

const hostile = '<img src=x onerror=alert(1)>';

async function signIn(page: Page, next: string): Promise<void> {
  await page.goto(`/sign-in?redirect=${encodeURIComponent(next)}`);
  await page.getByLabel('Username').fill(e2eAdmin.username);
  await page.getByLabel('Password').fill(e2eAdmin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`**${next}`);
}

describeWith(['chromium', 'fonts'], 'the asset page, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let sale: string;
  let xss: string;
  let firefly: string | undefined;
  let versioned: string;
  let twin: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ withAdmin: true }), launchBrowser()]);
    // A brand first, so that the workflow's brand check runs when enrichment finishes.
    const brand = await server.api<{ id: string }>('POST', '/api/v1/brands', { name: 'Acme' });
    await server.api('POST', `/api/v1/brands/${brand.id}/guidelines`, {
      brand: { name: 'Acme' },
      rules: [
        {
          id: 'brand-palette',
          type: 'palette',
          colours: [{ name: 'Acme red', hex: '#d62828' }],
          tolerance: 10,
          minOnPaletteShare: 0.6,
          severity: 'warn',
        },
        { id: 'copy-words', type: 'text', forbidden: ['SALE'] },
        { id: 'prompt-terms', type: 'prompt', forbidden: ['lighthouse'] },
      ],
    });
    sale = (await upload(server, await drawImage({ text: 'SUMMER SALE', width: 800, height: 600 }), 'sale.png')).asset
      .id;
    xss = (
      await upload(server, await drawImage({ seed: 5, from: '#d62828', to: '#1d1d1b' }), 'x.png', {
        ...completeFields,
        title: hostile,
        prompt: `${hostile} a lighthouse <script>alert(2)</script>`,
      })
    ).asset.id;
    if (has('sharedFixtures'))
      firefly = (
        await upload(
          server,
          readFileSync(`${sharedFixturesDir}c2pa_adobe_firefly_genai_actions_v2.jpg`),
          'firefly.jpg',
          { ...completeFields, title: 'firefly' },
        )
      ).asset.id;
    // An asset with a second version, and a near-duplicate of that (the same picture as a JPEG: other bytes).
    const picture = await drawImage({ seed: 7, from: '#2e7d32', to: '#fdd835' });
    versioned = (await upload(server, picture, 'meadow.png', { ...completeFields, title: 'meadow' })).asset.id;
    await enrichmentsSettled(server);
    const form = new FormData();
    const second = await drawImage({ seed: 8, from: '#2e7d32', to: '#fdd835' });
    form.append('file', new Blob([new Uint8Array(second)]), 'meadow-v2.png');
    const added = await fetch(`${server.url}/api/v1/assets/${versioned}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}` },
      body: form,
    });
    expect(added.status).toBe(201);
    twin = (
      await upload(server, await sharp(second).jpeg({ quality: 90 }).toBuffer(), 'meadow-copy.jpg', {
        ...completeFields,
        title: 'meadow copy',
      })
    ).asset.id;
    await enrichmentsSettled(server);
    const links = await server.api<{ nearDuplicates: unknown[] }>('GET', `/api/v1/assets/${twin}/enrichments`);
    expect(links.nearDuplicates.length, 'the JPEG copy is found a near-duplicate').toBeGreaterThan(0);
    await server.api('POST', `/api/v1/assets/${xss}/comments`, { body: `${hostile} looks off` });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the preview, provenance, brand evidence and OCR boxes; zooms; comments on a region', async () => {
    const { page, problems } = await openPage(browser, server.url);
    await signIn(page, `/assets/${sale}`);
    await page.getByRole('heading', { level: 1, name: 'sale.png' }).waitFor();
    const preview = page.getByRole('img', { name: /Preview of sale\.png/ });
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

    // Provenance: the declared prompt, model and tool, with where each came from.
    const provenance = page.locator('#provenance');
    await provenance.getByText('a lighthouse on a cliff').waitFor();
    expect(await provenance.getByText('from declared at upload').count()).toBeGreaterThan(1);
    expect(await provenance.textContent()).toContain('sdxl_base_1.0');
    expect(await provenance.textContent()).toContain('No Content Credentials');

    // Brand: the verdict and each rule worded, the forbidden word's box on the picture, the prompt span marked.
    const brand = page.locator('#brand');
    await brand.getByRole('heading', { name: /Acme/ }).waitFor();
    expect(await brand.locator('[data-rule="copy-words"] [data-outcome="fail"]').textContent()).toContain('Fail');
    expect(await brand.locator('[data-rule="brand-palette"] [data-outcome="warn"]').textContent()).toContain('Warning');
    expect(await brand.locator('mark').first().textContent()).toBe('lighthouse');
    expect(
      await brand.getByRole('list', { name: 'Colours off the brand palette' }).locator('li').count(),
    ).toBeGreaterThan(0);
    const word = page.locator('[data-kind="word"]');
    expect(await word.count()).toBe(1);
    expect(await word.textContent()).toContain('SALE');
    // The box sits where the API put it (x 270 of 800 px) at the displayed scale.
    const placed = await page.evaluate(() => {
      const mark = document.querySelector<HTMLElement>('[data-kind="word"]')!;
      const stage = mark.closest('ul')!.parentElement!;
      return { left: mark.offsetLeft / stage.offsetWidth, top: mark.offsetTop / stage.offsetHeight };
    });
    expect(placed.left).toBeCloseTo(270 / 800, 2);
    expect(placed.top).toBeCloseTo(519 / 600, 2);

    // Enrichment: the OCR text, its boxes on request; tags by source; the palette.
    const enrichment = page.locator('#enrichment');
    await enrichment.getByText('SUMMER SALE').waitFor();
    expect(await page.locator('[data-kind="ocr"]').count()).toBe(0);
    await enrichment.getByLabel('Show the words’ boxes on the picture').check();
    expect(await page.locator('[data-kind="ocr"]').count()).toBe(2);
    expect(await enrichment.getByRole('heading', { name: 'From the prompt' }).count()).toBe(1);
    expect(await enrichment.getByRole('list', { name: 'Palette' }).locator('li').count()).toBeGreaterThan(2);

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('complementary', { name: 'Asset details' }).evaluate((panel) => panel.scrollTo(0, 0));
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'asset-page');

    // The off-palette colours' places, hatched over the picture on request.
    expect(await page.locator('[data-layer="off-palette"]').count()).toBe(0);
    await page.getByLabel('Off-palette colours (hatched, approximate)').check();
    await expect
      .poll(() =>
        page.locator('[data-layer="off-palette"]').evaluate((canvas: HTMLCanvasElement) => {
          const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
          let marked = 0;
          for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) marked++;
          return marked;
        }),
      )
      .toBeGreaterThan(100);

    // Zoom: the buttons, the keys (+, −, 0) and the wheel.
    const level = page.getByLabel('Preview: zoom level');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => level.textContent()).toBe('125 %');
    await page.keyboard.press('+');
    await expect.poll(() => level.textContent()).toBe('156 %');
    await page.keyboard.press('-');
    await expect.poll(() => level.textContent()).toBe('125 %');
    await page.keyboard.press('0');
    await expect.poll(() => level.textContent()).toBe('100 %');
    const frame = page.getByRole('group', { name: /^Preview[.,]/ });
    const box = (await frame.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -100);
    await expect.poll(() => level.textContent()).toBe('125 %');
    await frame.focus();
    await page.keyboard.press('ArrowLeft');
    await expect
      .poll(() => frame.locator('img').evaluate((img) => (img.parentElement as HTMLElement).style.transform))
      .toMatch(/translate\(48px, 0px\)/);
    // Dragging pans too.
    const at = (await frame.boundingBox())!;
    await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
    await page.mouse.down();
    await page.mouse.move(at.x + at.width / 2 + 30, at.y + at.height / 2 + 20, { steps: 3 });
    await page.mouse.up();
    await expect
      .poll(() => frame.locator('img').evaluate((img) => (img.parentElement as HTMLElement).style.transform))
      .toMatch(/translate\(78px, 20px\)/);
    await page.keyboard.press('0');

    // `i` hides and shows the details.
    await page.locator('body').press('i');
    await page.getByRole('complementary', { name: 'Asset details' }).waitFor({ state: 'detached' });
    await page.locator('body').press('i');
    await page.getByRole('complementary', { name: 'Asset details' }).waitFor();

    // A comment on a region drawn on the picture; the region comes back when the comment is hovered.
    await page.getByRole('button', { name: 'Draw a region on the picture' }).click();
    await frame.scrollIntoViewIfNeeded();
    const frameBox = (await frame.boundingBox())!;
    const cx = frameBox.x + frameBox.width / 2;
    const cy = frameBox.y + frameBox.height / 2;
    await page.mouse.move(cx - 60, cy - 40);
    await page.mouse.down();
    await page.mouse.move(cx, cy, { steps: 4 });
    await page.mouse.move(cx + 60, cy + 40, { steps: 4 });
    await page.mouse.up();
    await page.getByText(/Region: \d+ % × \d+ % of the picture/).waitFor();
    await page.getByLabel('Comment on version 1').fill('The horizon is tilted here');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const comment = page.locator('#comments li', { hasText: 'The horizon is tilted here' });
    await comment.waitFor();
    expect(await comment.textContent()).toContain('on a region of the picture');
    await comment.hover();
    await page.locator('[data-kind="region"][data-highlighted="true"]').waitFor();
    // By keyboard: the picture takes the focus, Enter places a region, Shift+→ widens it, Enter keeps it.
    await page.getByRole('button', { name: 'Draw a region on the picture' }).click();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByText('Region: 27 % × 25 % of the picture').waitFor();
    await page.getByRole('button', { name: 'Remove the region' }).click();
    const stored = await server.api<{ items: { body: string; region?: { w: number; h: number } }[] }>(
      'GET',
      `/api/v1/assets/${sale}/comments`,
    );
    const region = stored.items.find((c) => c.body === 'The horizon is tilted here')?.region;
    expect(region?.w).toBeGreaterThan(0.05);
    expect(region?.h).toBeGreaterThan(0.05);

    await page.locator('#brand').scrollIntoViewIfNeeded();
    await screenshot(page, 'asset-brand');

    // The audit trail and the versions with their approval state.
    await page.locator('#history').getByText('asset.created').waitFor();
    expect(await page.locator('#versions').textContent()).toMatch(/Version 1.*current/);
    expect(problems).toEqual([]);
  });

  it('renders markup in a title, prompt and comment as text, in dark mode without accessibility problems', async () => {
    const { page, problems } = await openPage(browser, server.url, { colorScheme: 'dark' });
    const alerts: string[] = [];
    page.on('dialog', (dialog) => {
      alerts.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(page, `/assets/${xss}`);
    await page.getByRole('heading', { level: 1, name: hostile }).waitFor();
    await page.locator('#provenance').getByText('<script>alert(2)</script>', { exact: false }).waitFor();
    await page.locator('#comments').getByText(`${hostile} looks off`).waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('#main script').count()).toBe(0);
    expect(alerts).toEqual([]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // At tablet width the page is one column and still passes.
    await page.setViewportSize({ width: 768, height: 1024 });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // An asset that does not exist: the server's words, not a blank page.
    await page.goto('/assets/01a25100-0000-7000-8000-000000000000');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not found|does not exist|no asset/i);
    expect(problems).toEqual([]);
  });

  itWith(
    'sharedFixtures',
    'shows a real Firefly file’s Content Credentials: the signer warned as untrusted',
    async () => {
      const { page, problems } = await openPage(browser, server.url);
      await signIn(page, `/assets/${firefly!}`);
      const provenance = page.locator('#provenance');
      await provenance.locator('[data-validation="untrusted"]').first().waitFor();
      expect(await provenance.textContent()).toContain('Valid signature, untrusted signer');
      expect(await provenance.textContent()).toContain('Content Credentials (Stage)');
      expect(await provenance.textContent()).toContain('trainedAlgorithmicMedia');
      expect(await provenance.locator('[data-ai="ai-generated"]').textContent()).toBe('AI-generated');
      expect(await provenance.getByRole('list', { name: 'Ingredient chain' }).locator('li').count()).toBeGreaterThan(0);
      expect(await provenance.getByText('from C2PA manifest').count()).toBeGreaterThan(0);
      // The chain: the asset, its Firefly parent (its data hash no longer matches: a warning, so what it was made
      // from stays listed), and the structure reference image the parent was made from.
      const chain = provenance.getByRole('list', { name: 'Ingredient chain' }).locator('li');
      await expect.poll(() => chain.count()).toBe(3);
      expect(await chain.nth(1).textContent()).toMatch(
        /firefly-actions-v2\.jpg.*parentOf.*Data-hash mismatch.*firefly-prod/,
      );
      expect(await chain.nth(2).textContent()).toMatch(/Structure Reference Image.*inputTo.*No Content Credentials/);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'asset-provenance');
      expect(problems).toEqual([]);
    },
  );

  it('switches the preview to an older version and compares a near-duplicate side by side, zoomed together', async () => {
    const { page, problems } = await openPage(browser, server.url);
    await signIn(page, `/assets/${versioned}`);
    const versions = page.getByRole('list', { name: 'Versions' }).locator(':scope > li');
    await expect.poll(() => versions.count()).toBe(2);
    expect(await versions.nth(0).textContent()).toMatch(/Version 2.*current/);
    expect(await versions.nth(1).textContent()).toMatch(/Version 1.*superseded/);
    await page.getByRole('link', { name: 'Show version 1' }).click();
    await page.waitForURL(/version=1/);
    await page.getByText('(the current one is 2)').waitFor();
    expect(await page.getByRole('img', { name: /^Preview of meadow, version 1/ }).getAttribute('src')).toMatch(
      /version=1$/,
    );

    await page.goto(`/assets/${twin}`);
    const strip = page.getByRole('list', { name: 'Family members and near-duplicates' });
    await strip.waitFor();
    await strip.getByRole('button', { name: 'Compare with meadow' }).click();
    const compare = page.getByRole('region', { name: 'Side by side' });
    await compare.getByRole('img', { name: 'Compared: meadow' }).waitFor();
    await compare.getByRole('toolbar', { name: 'This asset: zoom' }).getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => compare.getByLabel('Compared asset: zoom level').textContent()).toBe('125 %');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
