import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { deniedDecision, ExportDialog, fileNameOf } from './ExportDialog.tsx';

const ok = (data: unknown) => Promise.resolve({ data, response: new Response('{}', { status: 200 }) });

afterEach(() => vi.restoreAllMocks());

const renderDialog = () => {
  vi.spyOn(api, 'GET').mockImplementation(((path: string) =>
    path === '/api/v1/presets'
      ? ok({ items: [{ name: 'web-1600', format: 'webp', width: 1600 }] })
      : ok({ items: [{ name: 'web' }, { name: 'social' }] })) as never);
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { mutations: { retry: false } } })}>
      <ExportDialog assetId="a1" version={2} />
    </QueryClientProvider>,
  );
  return userEvent.setup();
};

describe('the export dialog', () => {
  it('asks for the file with the preset, channel, region and version, and shows a refusal with every reason', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      new Response(
        JSON.stringify({
          error: {
            code: 'USAGE_DENIED',
            message: 'denied',
            details: {
              decision: {
                allowed: false,
                assetId: 'a1',
                version: 2,
                channel: 'social',
                region: 'US',
                at: '2027-01-01T00:00:00.000Z',
                derivative: false,
                reasons: [{ code: 'rights_expired', verdict: 'deny', message: 'The rights expired on 2026-12-31.' }],
              },
            },
          },
        }),
        { status: 403 },
      ),
    );
    const user = renderDialog();
    await screen.findByRole('option', { name: /web-1600/ });
    await user.selectOptions(await screen.findByLabelText('Channel'), 'social');
    await user.type(screen.getByLabelText('Region (ISO code, optional)'), 'us');
    await user.click(screen.getByRole('button', { name: 'Export' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/This export is refused/);
    expect(alert.textContent).toMatch(/Refused The rights expired on 2026-12-31\./);
    expect(fetch).toHaveBeenCalledWith(
      '/api/v1/assets/a1/export?preset=web-1600&channel=social&version=2&region=US',
      expect.anything(),
    );
    expect(screen.getByRole('link', { name: 'JSON-LD' }).getAttribute('href')).toBe(
      '/api/v1/assets/a1/jsonld?version=2',
    );
  });

  it('refuses a region that is not an ISO code before asking', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    const user = renderDialog();
    await screen.findByRole('option', { name: /web-1600/ });
    await user.type(screen.getByLabelText('Region (ISO code, optional)'), 'XX');
    await user.click(screen.getByRole('button', { name: 'Export' }));
    expect(screen.getByText('XX is not an ISO 3166-1 country code (e.g. DE)')).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('the export’s helpers', () => {
  it('reads the file name the server gave', () => {
    expect(fileNameOf("attachment; filename*=UTF-8''h%C3%A4fen.webp", 'x')).toBe('häfen.webp');
    expect(fileNameOf('attachment; filename="harbour.jpg"', 'x')).toBe('harbour.jpg');
    expect(fileNameOf(null, 'fallback')).toBe('fallback');
  });

  it('takes the decision from a USAGE_DENIED answer only', () => {
    const decision = { allowed: false, reasons: [] };
    expect(deniedDecision(new ApiError(403, 'USAGE_DENIED', 'no', { decision }))).toBe(decision);
    expect(deniedDecision(new ApiError(403, 'FORBIDDEN', 'no', { decision }))).toBeUndefined();
    expect(deniedDecision(new ApiError(403, 'USAGE_DENIED', 'no', {}))).toBeUndefined();
  });
});
