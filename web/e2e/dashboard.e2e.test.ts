/**
 * The dashboard in Chromium against a real server: assets seeded through the API (three pictures, a near-duplicate of
 * one, one uploaded twice, a rights record that ends in ten days), then the figures the page shows checked against what was seeded —
 * library size, AI share, exact and near-duplicates, the expiring asset linked to its page — with axe in light and dark, and
 * the page at a tablet's width.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith } from '../../test/requirements.ts';
import { launchBrowser, openPage, screenshot, seriousAccessibilityViolations } from './support/browser.ts';
import { drawImage, enrichmentsSettled, upload } from './support/seed.ts';
import { e2eAdmin, startServer, type RunningServer } from './support/server.ts';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describeWith(['chromium', 'fonts'], 'the dashboard, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const seeded: { id: string; title: string }[] = [];
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ withAdmin: true }), launchBrowser()]);
    const pictures = [
      { from: '#ff6600', to: '#1a237e', seed: 1 },
      { from: '#00897b', to: '#fdd835', seed: 2 },
      { from: '#6a1b9a', to: '#e0f7fa', seed: 3 },
    ];
    for (const [i, picture] of pictures.entries()) {
      const { asset } = await upload(server, await drawImage(picture), `dashboard-${i + 1}.png`);
      seeded.push(asset);
    }
    // The second picture's very bytes again: answered with the stored asset, counted as an exact duplicate prevented.
    const again = await upload(server, await drawImage(pictures[1]), 'dashboard-2-copy.png');
    expect(again.asset.id).toBe(seeded[1]!.id);
    await enrichmentsSettled(server);
    // The first picture again, a little smaller: other bytes, the same picture.
    const { asset } = await upload(
      server,
      await drawImage({ ...pictures[0], width: 600, height: 450 }),
      'dashboard-1-again.png',
    );
    seeded.push(asset);
    await enrichmentsSettled(server);
    await server.api('PUT', `/api/v1/assets/${seeded[1]!.id}/rights`, {
      expectedRevision: 0,
      record: {
        status: 'cleared',
        approvedChannels: ['web'],
        expiresAt: inDays(10),
        modelRelease: { required: false, obtained: false },
      },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the seeded figures, each chart with its sentence, and links the expiring asset', async () => {
    const figures = await server.api<{
      aiShare: { involvement: string; count: number }[];
      nearDuplicates: { total: number };
      exactDuplicates: { total: number };
      expiring: { total: number; items: { assetId: string; title: string }[] };
    }>('GET', '/api/v1/dashboard');
    // What was seeded, as the API counts it.
    expect(figures.aiShare.reduce((sum, s) => sum + s.count, 0)).toBe(4);
    expect(figures.nearDuplicates.total).toBe(1);
    expect(figures.exactDuplicates.total).toBe(1);
    expect(figures.expiring.total).toBe(1);
    expect(figures.expiring.items[0]?.assetId).toBe(seeded[1]!.id);

    const { page, problems } = await openPage(browser, server.url);
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill(e2eAdmin.username);
    await page.getByLabel('Password').fill(e2eAdmin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();

    const growth = page.getByRole('region', { name: 'Library growth' });
    await growth.getByText('4 assets', { exact: true }).waitFor();
    expect(await growth.textContent()).toContain('The library holds 4 assets: 4 assets added from');

    const share = page.getByRole('region', { name: 'AI share' });
    const ai = figures.aiShare
      .filter((s) => s.involvement === 'ai-generated' || s.involvement === 'ai-edited')
      .reduce((sum, s) => sum + s.count, 0);
    expect(await share.textContent()).toContain(`${Math.round((ai / 4) * 100)}% of 4 assets involve AI`);
    await share.getByText('Data table').click();
    for (const s of figures.aiShare)
      expect(await share.getByRole('table').textContent()).toContain(
        `${s.count} (${Math.round((s.count / 4) * 100)}%)`,
      );

    const duplicates = page.getByRole('region', { name: 'Duplicates prevented' });
    const said = await duplicates.textContent();
    expect(said).toContain('1 upload of files already stored answered with the existing asset');
    expect(said).toContain('1 near-duplicate caught at intake');
    expect(await page.getByRole('region', { name: 'Time to approval' }).textContent()).toContain(
      'No approvals in this period.',
    );
    expect(await page.getByRole('region', { name: 'Brand pass rate' }).textContent()).toContain(
      'No asset has a brand check yet (4 assets unchecked).',
    );

    const expiring = page.getByRole('region', { name: 'Rights expiring soon' });
    expect(await expiring.textContent()).toContain('1 in the next 30 days');
    const link = expiring.getByRole('link', { name: figures.expiring.items[0]!.title });
    expect(await link.getAttribute('href')).toBe(`/assets/${seeded[1]!.id}`);
    expect(await expiring.getByRole('cell', { name: inDays(10) }).count()).toBe(1);
    // A shorter horizon leaves it out.
    await page.getByLabel('Rights expiring within').selectOption('7');
    await expiring.getByText('0 in the next 7 days').waitFor();

    // Every chart is drawn (recharts, loaded with this page).
    expect(await page.locator('.recharts-wrapper').count()).toBe(5);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Rights expiring within').selectOption('30');
    await expiring.getByText('1 in the next 30 days').waitFor();
    await screenshot(page, 'dashboard');

    // A tablet's width: nothing runs off the side.
    await page.setViewportSize({ width: 768, height: 1024 });
    await expect
      .poll(() =>
        page.evaluate(() =>
          Array.from(document.querySelectorAll<HTMLElement>('body *'))
            .filter((e) => e.getBoundingClientRect().right > 768)
            .map((e) => `${e.tagName}.${e.className}`)
            .slice(0, 5),
        ),
      )
      .toEqual([]);
    await link.click();
    await page.waitForURL(`**/assets/${seeded[1]!.id}`);
    expect(problems).toEqual([]);
  });

  it('passes axe in the dark theme', async () => {
    const { page, problems } = await openPage(browser, server.url, { colorScheme: 'dark' });
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill(e2eAdmin.username);
    await page.getByLabel('Password').fill(e2eAdmin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto('/dashboard');
    await page.getByRole('region', { name: 'Library growth' }).getByText('4 assets', { exact: true }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
