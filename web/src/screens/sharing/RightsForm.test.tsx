import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/client.ts';
import { RightsForm } from './RightsForm.tsx';
import { rightsProblems, draftOf } from './rights.ts';

const setup = (record?: Record<string, unknown>, revision = 0) => {
  const onDone = vi.fn();
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <RightsForm
        assetId="a1"
        current={{ assetId: 'a1', revision, ...(record ? { record } : {}) }}
        channels={['web', 'social']}
        onDone={onDone}
      />
    </QueryClientProvider>,
  );
  return { onDone, user: userEvent.setup() };
};

const answer = (status: number, body: unknown) =>
  Promise.resolve({
    data: status < 400 ? body : undefined,
    error: status >= 400 ? body : undefined,
    response: new Response(JSON.stringify(body), { status }),
  });

afterEach(() => vi.restoreAllMocks());

describe('the rights form', () => {
  it('names each problem beside its field and sends nothing until they are fixed', async () => {
    const put = vi.spyOn(api, 'PUT');
    const { user } = setup();
    await user.type(screen.getByLabelText('Regions allowed'), 'de, XX');
    await user.type(screen.getByLabelText('Regions denied'), 'DE');
    fireEvent.change(screen.getByLabelText('Valid from'), { target: { value: '2027-02-01' } });
    fireEvent.change(screen.getByLabelText('Expires (last day of use)'), { target: { value: '2027-01-01' } });
    await user.type(screen.getByLabelText('Licence URL'), 'ftp://example.com/licence');
    await user.selectOptions(screen.getByLabelText('AI involvement'), 'ai-generated');
    await user.selectOptions(screen.getByLabelText('Registrable (copyright)'), 'yes');
    // The names of the codes typed are shown as a hint.
    expect(screen.getAllByText(/DE: Germany/)).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Save rights' }));

    expect(put).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/6 fields need fixing/);
    const allowed = screen.getByLabelText('Regions allowed');
    expect(allowed.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('XX is not an ISO 3166-1 country code (e.g. DE, FR, US)')).toBeTruthy();
    expect(screen.getByText('DE cannot be both allowed and denied')).toBeTruthy();
    expect(screen.getByText('2027-01-01 is before the first day of use 2027-02-01')).toBeTruthy();
    expect(screen.getByText('"ftp://example.com/licence" is not an http(s) URL')).toBeTruthy();
    expect(screen.getByText(/AI-generated material is not registrable as such/)).toBeTruthy();
    expect(screen.getByText(/is required when AI was involved/)).toBeTruthy();
  });

  it('edits the third-party inputs: keeps those recorded, adds one, removes one, and wants a title', async () => {
    const put = vi.spyOn(api, 'PUT').mockImplementation(() => answer(200, { assetId: 'a1', revision: 2 }) as never);
    const { user } = setup(
      {
        status: 'cleared',
        approvedChannels: [],
        thirdPartyInputs: [
          { kind: 'c2pa-ingredient', title: 'sketch.png', reference: 'urn:c2pa:1' },
          { kind: 'stock', title: 'Old stock photo' },
        ],
      },
      1,
    );
    expect(screen.getAllByRole('group', { name: /^Third-party input \d$/ })).toHaveLength(2);
    const second = screen.getByRole('group', { name: 'Third-party input 2' });
    await user.click(within(second).getByRole('button', { name: /^Remove/ }));
    await user.click(screen.getByRole('button', { name: 'Add a third-party input' }));
    const added = screen.getByRole('group', { name: 'Third-party input 2' });
    await user.selectOptions(within(added).getByLabelText('Kind'), 'prompt-reference');
    await user.click(screen.getByRole('button', { name: 'Save rights' }));
    expect(put).not.toHaveBeenCalled();
    expect(within(added).getByText('is required: what the input is')).toBeTruthy();
    await user.type(within(added).getByLabelText('Title'), 'Poster by a living artist');
    await user.click(screen.getByRole('button', { name: 'Save rights' }));
    expect(put).toHaveBeenCalledWith(
      '/api/v1/assets/{id}/rights',
      expect.objectContaining({
        body: {
          expectedRevision: 1,
          record: expect.objectContaining({
            thirdPartyInputs: [
              { kind: 'c2pa-ingredient', title: 'sketch.png', reference: 'urn:c2pa:1' },
              { kind: 'prompt-reference', title: 'Poster by a living artist' },
            ],
          }) as unknown,
        },
      }),
    );
  });

  it('sends the record against the revision it opened, codes upper-cased', async () => {
    const put = vi.spyOn(api, 'PUT').mockImplementation(() => answer(200, { assetId: 'a1', revision: 4 }) as never);
    const { user, onDone } = setup({ status: 'pending', approvedChannels: ['web'] }, 3);
    await user.selectOptions(screen.getByLabelText('Status'), 'cleared');
    await user.type(screen.getByLabelText('Regions allowed'), 'fr it');
    await user.click(screen.getByLabelText('social'));
    await user.click(screen.getByRole('button', { name: 'Save rights' }));
    expect(put).toHaveBeenCalledTimes(1);
    expect(put).toHaveBeenCalledWith(
      '/api/v1/assets/{id}/rights',
      expect.objectContaining({
        body: {
          expectedRevision: 3,
          record: expect.objectContaining({
            status: 'cleared',
            regionsAllowed: ['FR', 'IT'],
            approvedChannels: ['web', 'social'],
          }) as unknown,
        },
      }),
    );
    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
  });

  it('says someone changed the record when the server answers CONFLICT, and offers a reload', async () => {
    vi.spyOn(api, 'PUT').mockImplementation(
      () => answer(409, { error: { code: 'CONFLICT', message: 'Revision 3 is not the current one (4).' } }) as never,
    );
    const { user } = setup({ status: 'cleared' }, 3);
    await user.click(screen.getByRole('button', { name: 'Save rights' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Someone changed these rights/);
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
  });

  it('shows the server’s field problems under their fields', async () => {
    vi.spyOn(api, 'PUT').mockImplementation(
      () =>
        answer(400, {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The rights record has problems.',
            details: { problems: [{ field: 'approvedChannels', problem: '"print" not in the organisation\'s list' }] },
          },
        }) as never,
    );
    const { user } = setup({ status: 'cleared' });
    await user.click(screen.getByRole('button', { name: 'Save rights' }));
    expect((await screen.findAllByText(/"print" not in the organisation's list/)).length).toBeGreaterThan(0);
  });
});

describe('rightsProblems', () => {
  it('finds nothing wrong with an empty record or a good one', () => {
    expect(rightsProblems(draftOf(undefined))).toEqual([]);
    expect(
      rightsProblems(
        draftOf({
          regionsAllowed: ['DE'],
          validFrom: '2027-01-01',
          expiresAt: '2027-12-31',
          licenceUrl: 'https://x.test',
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a day that does not exist', () => {
    expect(rightsProblems({ ...draftOf(undefined), reviewDate: '2027-02-30' })).toEqual([
      { field: 'reviewDate', problem: 'must be a calendar day written YYYY-MM-DD (UTC), e.g. 2027-12-31' },
    ]);
  });
});
