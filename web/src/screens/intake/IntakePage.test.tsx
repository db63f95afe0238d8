/**
 * The intake page's runner with the upload itself replaced: at most three files in flight, a 503 TOO_MANY_UPLOADS
 * waited out (Retry-After) and sent again, every file's outcome on its row.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { sessionQuery } from '../../auth/session.ts';
import * as intakeApi from './intake-api.ts';
import IntakePage from './IntakePage.tsx';

vi.mock('@tanstack/react-router', () => ({
  Link: ({ children }: { children: ReactNode }) => <a href="/assets/x">{children}</a>,
}));

const answer = (title: string): intakeApi.UploadAnswer => ({
  status: 'created',
  filledFromFile: {},
  asset: {
    id: `id-${title}`,
    title,
    kind: 'image',
    status: 'enriching',
    quarantineReasons: [],
    rightsStatus: 'cleared',
    currentVersion: 1,
    createdAt: '2026-12-07T10:00:00Z',
    updatedAt: '2026-12-07T10:00:00Z',
  },
});

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(sessionQuery.queryKey, {
    user: {
      id: 'u1',
      username: 'ana',
      displayName: 'Ana',
      disabled: false,
      source: 'local',
      createdAt: '2026-01-01T00:00:00Z',
      memberships: [],
    },
    globalPermissions: ['asset:create'],
    teams: [],
  });
  render(
    <QueryClientProvider client={client}>
      <IntakePage />
    </QueryClientProvider>,
  );
}

afterEach(() => vi.restoreAllMocks());

describe('IntakePage', () => {
  it('sends at most three at once, waits out a 503 and sends it again, and shows each outcome', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(() => new Promise(() => undefined));
    const finish: (() => void)[] = [];
    let inFlight = 0;
    let most = 0;
    let busyOnce = true;
    vi.spyOn(intakeApi, 'uploadFile').mockImplementation(({ file }) => {
      if (file.name === 'b.png' && busyOnce) {
        busyOnce = false;
        const busy = new ApiError(503, 'TOO_MANY_UPLOADS', 'The server is receiving as many uploads as it takes.');
        return Promise.reject(new intakeApi.RetryLater(1, busy));
      }
      if (file.name === 'e.png')
        return Promise.reject(new ApiError(413, 'FILE_TOO_LARGE', 'e.png is larger than the 100 MB limit.'));
      inFlight++;
      most = Math.max(most, inFlight);
      return new Promise((resolve) =>
        finish.push(() => {
          inFlight--;
          resolve(answer(file.name));
        }),
      );
    });
    renderPage();
    const user = userEvent.setup();
    const files = ['a.png', 'b.png', 'c.png', 'd.png', 'e.png', 'f.png', 'g.png'].map(
      (n) => new File(['x'], n, { type: 'image/png' }),
    );
    await user.upload(screen.getByLabelText('Choose files…'), files);
    await user.click(screen.getByRole('button', { name: 'Upload 7 files' }));

    const row = (name: string) => screen.getByRole('listitem', { name });
    await within(row('b.png')).findByText(/Server busy: retrying in 1 s/);
    // Finish uploads as they start until every file is done; never more than three were in flight.
    for (let round = 0; round < 20 && screen.queryAllByText('✓ Uploaded').length < 6; round++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const done of finish.splice(0)) done();
      await screen.findAllByRole('listitem');
    }
    expect(screen.getAllByText('✓ Uploaded')).toHaveLength(6);
    expect(within(row('b.png')).getByText('✓ Uploaded')).toBeTruthy();
    expect(within(row('e.png')).getByRole('alert').textContent).toContain('larger than the 100 MB limit');
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBe(3);
  });
});
