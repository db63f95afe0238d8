import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/client.ts';
import type { BrandSummary } from './brand-api.ts';
import { draftOf } from './guideline.ts';
import { GuidelineEditor } from './GuidelineEditor.tsx';

const brand: BrandSummary = {
  id: 'b1',
  slug: 'acme',
  name: 'Acme',
  createdAt: '2026-12-01T00:00:00.000Z',
  createdBy: 'user:admin',
  latestVersion: 1,
  logos: [],
};
const reply = (status: number, body: unknown) =>
  Promise.resolve({
    data: status < 400 ? body : undefined,
    error: status >= 400 ? body : undefined,
    response: new Response('{}', { status }),
  });

afterEach(() => vi.restoreAllMocks());

function renderEditor(onSaved = vi.fn(() => Promise.resolve())) {
  vi.spyOn(api, 'GET').mockImplementation((() => reply(200, { items: [] })) as never);
  const initial = draftOf(
    {
      brand: { name: 'Acme' },
      rules: [
        { id: 'prompt-terms', type: 'prompt', forbidden: ['Globex'] },
        { id: 'palette', type: 'palette', colours: [{ name: 'Red', hex: '#d62828' }], tolerance: 10 },
      ],
    },
    'Acme',
  );
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { mutations: { retry: false } } })}>
      <GuidelineEditor
        brand={brand}
        initial={initial}
        channels={['web']}
        readOnly={false}
        onSaved={onSaved}
        sample={undefined}
        onSample={() => {}}
      />
    </QueryClientProvider>,
  );
  return { user: userEvent.setup(), onSaved };
}

describe('the guideline editor', () => {
  it('shows each of the server’s problems under the rule it names', async () => {
    vi.spyOn(api, 'POST').mockImplementation((() =>
      reply(400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'The guideline has problems.',
          details: { problems: [{ field: 'rules[1].colours[0].hex', problem: 'must be #rrggbb' }] },
        },
      })) as never);
    const { user } = renderEditor();
    expect(screen.getByText('No changes since version 1.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save as version 2' }));
    const palette = screen.getByRole('region', { name: /Palette rule/ });
    const problems = await within(palette).findByRole('list', { name: 'Problems in rule palette' });
    expect(problems.textContent).toBe('rules[1].colours[0].hex must be #rrggbb');
    expect(within(screen.getByRole('region', { name: /Prompt terms rule/ })).queryByRole('list')).toBeNull();
  });

  it('sends the edited document with its note, and a new rule with an id of its own', async () => {
    const post = vi
      .spyOn(api, 'POST')
      .mockImplementation((() => reply(201, { version: 2, recheckQueued: true })) as never);
    const { user, onSaved } = renderEditor();
    await user.selectOptions(screen.getByLabelText('Rule type'), 'prompt');
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
    await user.type(screen.getByLabelText('Why it changes (note)'), 'more terms');
    await user.click(screen.getByRole('button', { name: 'Save as version 2' }));
    expect(post).toHaveBeenCalledWith(
      '/api/v1/brands/{brand}/guidelines',
      expect.objectContaining({
        params: { path: { brand: 'acme' }, query: { note: 'more terms' } },
        body: expect.objectContaining({
          rules: [
            expect.objectContaining({ id: 'prompt-terms' }),
            expect.objectContaining({ id: 'palette' }),
            expect.objectContaining({ id: 'prompt', type: 'prompt', forbidden: [] }),
          ],
        }) as unknown,
      }),
    );
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalled());
  });

  it('moves a rule down the list (the first cannot move up)', async () => {
    const post = vi.spyOn(api, 'POST').mockImplementation((() => reply(201, { version: 2 })) as never);
    const { user } = renderEditor();
    const buttons = screen.getAllByRole('button', { name: /Move up/ });
    expect(buttons.map((b) => b.hasAttribute('disabled'))).toEqual([true, false]);
    await user.click(screen.getAllByRole('button', { name: /Move down/ })[0]!);
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toContain('Palette rule palette');
    await user.click(screen.getByRole('button', { name: 'Save as version 2' }));
    expect(post).toHaveBeenCalledWith(
      '/api/v1/brands/{brand}/guidelines',
      expect.objectContaining({
        body: expect.objectContaining({
          rules: [expect.objectContaining({ id: 'palette' }), expect.objectContaining({ id: 'prompt-terms' })],
        }) as unknown,
      }),
    );
  });
});
