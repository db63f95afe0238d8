import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { FileRow, type FileRowModel, type RowState } from './FileRow.tsx';
import type { UploadAnswer } from './intake-api.ts';

const file = new File([new Uint8Array(2048)], '<img src=x onerror=alert(1)>.png', { type: 'image/png' });
const row = (state: RowState): FileRowModel => ({ key: 'f1', file, overrides: {}, state });
const show = (state: RowState) => {
  const handlers = { onOverride: vi.fn(), onRetry: vi.fn(), onRemove: vi.fn() };
  render(
    <ul>
      <FileRow
        row={row(state)}
        batch={{ team: 'Brand Studio' }}
        link={(id, text) => <a href={`/assets/${id}`}>{text}</a>}
        {...handlers}
      />
    </ul>,
  );
  return { ...handlers, user: userEvent.setup(), item: screen.getByRole('listitem', { name: file.name }) };
};

const asset = (status: string, reasons: { code: string; field?: string; message: string }[] = []) =>
  ({
    id: 'a1',
    title: 'harbour',
    kind: 'image',
    status,
    quarantineReasons: reasons,
    rightsStatus: 'cleared',
    currentVersion: 1,
    createdAt: '2026-12-07T10:00:00Z',
    updatedAt: '2026-12-07T10:00:00Z',
  }) as UploadAnswer['asset'];

describe('FileRow', () => {
  it('shows the upload’s progress as a bar and a percentage, the file name as text', () => {
    const { item } = show({ phase: 'uploading', progress: 0.42 });
    const bar = within(item).getByRole('progressbar', { name: `Uploading ${file.name}` });
    expect(bar.getAttribute('value')).toBe('0.42');
    expect(bar.getAttribute('aria-valuetext')).toBe('42%');
    expect(within(item).getByText('Uploading 42%')).toBeTruthy();
    expect(item.querySelector('img')).toBeNull();
  });

  it('shows a refusal in the server’s words, with Retry, and field problems at this file’s fields', async () => {
    const refusal = new ApiError(422, 'INTAKE_INCOMPLETE', 'Intake fields are missing: campaign.', {
      problems: [{ field: 'campaign', problem: 'is required' }],
    });
    const { item, onRetry, user } = show({ phase: 'failed', error: refusal });
    expect(within(item).getByRole('alert').textContent).toContain('Intake fields are missing: campaign.');
    expect(within(item).getByRole('alert').textContent).toContain('INTAKE_INCOMPLETE');
    const campaign = within(item).getByLabelText('Campaign');
    expect(campaign.getAttribute('aria-invalid')).toBe('true');
    expect(within(item).getByText('is required')).toBeTruthy();
    expect(within(item).getByText('Batch: Brand Studio')).toBeTruthy();
    await user.click(within(item).getByRole('button', { name: /^Retry/ }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('says a file too large or of an unsupported type as the server does', () => {
    show({
      phase: 'failed',
      error: new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'text/plain is not a type Provena accepts.'),
    });
    expect(screen.getByRole('alert').textContent).toContain('text/plain is not a type Provena accepts.');
    // The same bytes would be refused again: no Retry, only Remove.
    expect(screen.queryByRole('button', { name: /^Retry/ })).toBeNull();
    expect(screen.getByRole('button', { name: /^Remove/ })).toBeTruthy();
  });

  it('offers Retry after the session ended mid-batch (the shell signs in again over the page)', () => {
    show({ phase: 'failed', error: new ApiError(401, 'UNAUTHENTICATED', 'Sign in again.') });
    expect(screen.getByRole('button', { name: /^Retry/ })).toBeTruthy();
  });

  it('warns of a duplicate with a link to the asset that holds the bytes', () => {
    const { item } = show({
      phase: 'done',
      answer: { status: 'duplicate', duplicateOf: 'a0', filledFromFile: {}, asset: asset('in_review') },
    });
    expect(within(item).getByText(/Duplicate/)).toBeTruthy();
    expect(within(item).getByRole('link', { name: 'harbour' }).getAttribute('href')).toBe('/assets/a0');
  });

  it('lists a quarantined file’s reasons', () => {
    const { item } = show({
      phase: 'done',
      answer: {
        status: 'quarantined',
        filledFromFile: {},
        asset: asset('quarantined', [{ code: 'MISSING_FIELD', field: 'team', message: 'no owning team' }]),
      },
    });
    const reasons = within(item).getByRole('list', { name: `Why ${file.name} is quarantined` });
    expect(reasons.textContent).toContain('no owning team');
  });

  it('shows the server busy countdown', () => {
    show({ phase: 'retrying', seconds: 3, message: 'busy' });
    expect(screen.getByText(/retrying in 3 s/)).toBeTruthy();
  });
});
