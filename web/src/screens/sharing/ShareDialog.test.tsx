import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/client.ts';
import { ShareDialog } from './ShareDialog.tsx';

const ok = (data: unknown, status = 200) => Promise.resolve({ data, response: new Response('{}', { status }) });

afterEach(() => vi.restoreAllMocks());

describe('the share dialog', () => {
  it('makes the link with what was chosen and shows it once, with a copy button', async () => {
    vi.spyOn(api, 'GET').mockImplementation(((path: string) =>
      path === '/api/v1/presets'
        ? ok({ items: [{ name: 'email-800', format: 'jpeg' }] })
        : ok({ items: [{ name: 'web' }, { name: 'social' }] })) as never);
    const post = vi.spyOn(api, 'POST').mockImplementation((() =>
      ok(
        {
          link: {
            id: 'l1',
            scope: { kind: 'asset', assetId: 'a1' },
            channel: 'social',
            region: 'FR',
            preset: 'email-800',
            passwordProtected: true,
            watermark: 'Draft',
            expiresAt: '2027-01-08T10:00:00.000Z',
          },
          token: 'secret',
          url: '/s/secret',
        },
        201,
      )) as never);
    // After userEvent.setup(), which puts its own clipboard in place.
    const user = userEvent.setup();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(
      <QueryClientProvider client={new QueryClient()}>
        <ShareDialog assetId="a1" version={1} />
      </QueryClientProvider>,
    );
    await screen.findByRole('option', { name: /^email-800/ }, { timeout: 5000 });
    await user.selectOptions(screen.getByLabelText('Rendition'), 'email-800');
    await user.selectOptions(await screen.findByLabelText('Channel'), 'social');
    await user.type(screen.getByLabelText('Region (ISO code, optional)'), 'fr');
    await user.selectOptions(screen.getByLabelText('Expires in'), '30d');
    await user.type(screen.getByLabelText('Password (optional)'), 'short');
    await user.click(screen.getByRole('button', { name: 'Make link' }));
    expect(post).not.toHaveBeenCalled();
    expect(screen.getByText('at least 8 characters, or none')).toBeTruthy();
    await user.type(screen.getByLabelText('Password (optional)'), ' enough');
    await user.click(screen.getByLabelText('Watermark downloaded images'));
    await user.type(screen.getByLabelText('Watermark text (optional)'), 'Draft');
    await user.click(screen.getByRole('button', { name: 'Make link' }));
    expect(post).toHaveBeenCalledWith('/api/v1/share-links', {
      body: {
        assetId: 'a1',
        expires: '30d',
        channel: 'social',
        region: 'FR',
        preset: 'email-800',
        password: 'short enough',
        watermark: 'Draft',
      },
    });
    const link = await screen.findByLabelText('The link to hand out');
    expect(link.textContent).toBe(`${window.location.origin}/s/secret`);
    expect(screen.getByText(/shown this once/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/s/secret`);
    expect(await screen.findByText('Copied to the clipboard.')).toBeTruthy();
  });

  it('expires at the end of a chosen day, asked for before sending', async () => {
    vi.spyOn(api, 'GET').mockImplementation(((path: string) =>
      ok({ items: path === '/api/v1/channels' ? [{ name: 'web' }] : [] })) as never);
    const post = vi.spyOn(api, 'POST').mockImplementation((() => new Promise(() => {})) as never);
    const user = userEvent.setup();
    render(
      <QueryClientProvider client={new QueryClient()}>
        <ShareDialog assetId="a1" version={1} />
      </QueryClientProvider>,
    );
    await screen.findByRole('option', { name: 'web' }, { timeout: 5000 });
    await user.selectOptions(screen.getByLabelText('Expires in'), 'date');
    await user.click(screen.getByRole('button', { name: 'Make link' }));
    expect(post).not.toHaveBeenCalled();
    expect(screen.getByText('choose the last day')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Last day (UTC)'), { target: { value: '2027-01-31' } });
    await user.click(screen.getByRole('button', { name: 'Make link' }));
    expect(post).toHaveBeenCalledWith('/api/v1/share-links', {
      body: { assetId: 'a1', expires: '2027-01-31T23:59:59Z', channel: 'web' },
    });
  });
});
