import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/client.ts';
import { sessionQuery, type Session } from '../../auth/session.ts';
import { offersFor, StatusActions } from './StatusActions.tsx';

const session = (permissions: Session['globalPermissions']): Session => ({
  user: {
    id: 'u1',
    username: 'pat',
    displayName: 'Pat',
    disabled: false,
    source: 'local',
    createdAt: '',
    memberships: [],
  },
  globalPermissions: [],
  teams: [{ teamId: 't1', roles: ['publisher'], permissions }],
});

function renderWith(who: Session, status: 'approved' | 'in_review' | 'published') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(sessionQuery.queryKey, who);
  return render(
    <QueryClientProvider client={client}>
      <StatusActions asset={{ id: 'a1', status }} />
    </QueryClientProvider>,
  );
}

afterEach(() => vi.restoreAllMocks());

/** What openapi-fetch answers: the data, or the error body, and the response. */
const reply = (status: number, body: unknown) =>
  Promise.resolve({
    data: status < 400 ? body : undefined,
    error: status >= 400 ? body : undefined,
    response: new Response('{}', { status }),
  });

describe('StatusActions', () => {
  it('offers what the status allows and the session may do', () => {
    const publisher = session(['asset:read', 'asset:publish', 'asset:archive']);
    expect(offersFor('approved', publisher).map((o) => o.name)).toEqual(['publish', 'archive']);
    expect(offersFor('published', publisher).map((o) => o.name)).toEqual(['unpublish', 'archive']);
    expect(offersFor('in_review', publisher)).toEqual([]);
    expect(offersFor('approved', session(['asset:read']))).toEqual([]);
  });

  it('publishes, and says the server’s refusal as it is', async () => {
    const post = vi
      .spyOn(api, 'POST')
      .mockImplementationOnce((() => reply(200, { transition: 'publish', from: 'approved', to: 'published' })) as never)
      .mockImplementationOnce((() =>
        reply(409, {
          error: { code: 'ILLEGAL_TRANSITION', message: 'The asset is published: publish cannot start there.' },
        })) as never);
    renderWith(session(['asset:publish']), 'approved');
    await userEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Publish: the asset is now published.');
    expect(post).toHaveBeenCalledWith('/api/v1/assets/{id}/transitions', {
      params: { path: { id: 'a1' } },
      body: { name: 'publish' },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect((await screen.findByRole('alert')).textContent).toContain('publish cannot start there');
  });

  it('asks why before a quarantine, and will not send without a reason', async () => {
    const post = vi
      .spyOn(api, 'POST')
      .mockImplementation((() =>
        reply(200, { transition: 'quarantine', from: 'in_review', to: 'quarantined' })) as never);
    renderWith(session(['asset:quarantine']), 'in_review');
    await userEvent.click(screen.getByRole('button', { name: 'Quarantine…' }));
    const form = screen.getByRole('form', { name: 'Quarantine' });
    await userEvent.click(screen.getAllByRole('button', { name: 'Quarantine' })[0]!);
    expect(post).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText(/Why\? \(required/), 'The licence was withdrawn');
    await userEvent.click(screen.getAllByRole('button', { name: 'Quarantine' })[0]!);
    expect(await screen.findByRole('status')).toHaveProperty(
      'textContent',
      'Quarantine: the asset is now quarantined.',
    );
    expect(form).toBeTruthy();
    expect(post).toHaveBeenCalledWith('/api/v1/assets/{id}/transitions', {
      params: { path: { id: 'a1' } },
      body: { name: 'quarantine', reason: 'The licence was withdrawn' },
    });
  });
});
