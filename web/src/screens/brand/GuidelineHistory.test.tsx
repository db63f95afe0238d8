import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/client.ts';
import type { BrandSummary } from './brand-api.ts';
import { GuidelineHistory } from './GuidelineHistory.tsx';

const ok = (data: unknown) => Promise.resolve({ data, response: new Response('{}', { status: 200 }) });
const brand: BrandSummary = {
  id: 'b1',
  slug: 'acme',
  name: 'Acme',
  createdAt: '2026-12-01T00:00:00.000Z',
  createdBy: 'user:admin',
  latestVersion: 2,
  logos: [],
};

afterEach(() => vi.restoreAllMocks());

function renderHistory() {
  const rootRoute = createRootRoute({ component: () => <GuidelineHistory brand={brand} /> });
  const router = createRouter({ routeTree: rootRoute, history: createMemoryHistory({ initialEntries: ['/'] }) });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

describe('the guideline history', () => {
  it('opens the newest version with what changed rule by rule and the assets its re-check flagged', async () => {
    const get = vi.spyOn(api, 'GET').mockImplementation(((
      path: string,
      options: { params: { path: { n?: number } } },
    ) => {
      if (path === '/api/v1/brands/{brand}/guidelines')
        return ok({
          items: [
            {
              brandId: 'b1',
              version: 2,
              digest: 'd2',
              note: 'stricter <b>red</b>',
              createdAt: '2026-12-02T10:00:00.000Z',
              createdBy: 'user:ann',
            },
            { brandId: 'b1', version: 1, digest: 'd1', createdAt: '2026-12-01T10:00:00.000Z', createdBy: 'user:ann' },
          ],
        });
      return ok(
        options.params.path.n === 2
          ? {
              version: 2,
              previousVersion: 1,
              changes: {
                added: ['prompt'],
                removed: [],
                changed: ['palette'],
                unchanged: ['logo'],
                reworded: [],
                appliesToChanged: false,
              },
              rechecked: 3,
              flagged: [
                {
                  assetId: 'a1',
                  title: 'Harbour <i>at</i> dawn',
                  versionNumber: 1,
                  verdict: 'fail',
                  previousVerdict: 'pass',
                  checkedAt: '2026-12-02T10:01:00.000Z',
                  stillFlagged: true,
                },
              ],
            }
          : { version: 1, rechecked: 0, flagged: [] },
      );
    }) as never);
    renderHistory();
    expect((await screen.findByText('Since version 1: 1 added, 1 changed, 0 removed.')).textContent).toBeTruthy();
    expect(screen.getByText('“stricter <b>red</b>”')).toBeTruthy();
    const table = screen.getByRole('table', { name: /Flagged for re-review by its re-check \(1 of 3 re-checked\)/ });
    const cells = within(table)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual(['Harbour <i>at</i> dawn v1', 'pass', 'fail', 'waiting']);
    expect(within(table).getByRole('link').getAttribute('href')).toBe('/assets/a1');
    // The older version is opened on demand.
    expect(get).not.toHaveBeenCalledWith('/api/v1/brands/{brand}/guidelines/{n}/changes', {
      params: { path: { brand: 'acme', n: 1 } },
    });
    await userEvent.setup().click(screen.getByRole('button', { name: /Show changes.*version 1/ }));
    expect(await screen.findByText('The first version.')).toBeTruthy();
    expect(screen.getByText('No asset was re-checked under it.')).toBeTruthy();
  });
});
