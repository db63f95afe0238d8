import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { ReviewActions } from './ReviewActions.tsx';

const setup = (props: Partial<Parameters<typeof ReviewActions>[0]> = {}) => {
  const onDecide = vi.fn();
  render(<ReviewActions canSignAs={['reviewer']} onDecide={onDecide} pending={false} {...props} />);
  return { onDecide, user: userEvent.setup() };
};

describe('ReviewActions', () => {
  it('approves at once with the button, as the role the caller can sign in', async () => {
    const { onDecide, user } = setup({ canSignAs: ['legal'] });
    await user.click(screen.getByRole('button', { name: /Approve/ }));
    expect(onDecide).toHaveBeenCalledWith({ decision: 'approve', role: 'legal' });
  });

  it('refuses to reject without a reason, then sends the reason given', async () => {
    const { onDecide, user } = setup();
    await user.click(screen.getByRole('button', { name: /^Reject/ }));
    const reason = screen.getByLabelText(/Why reject it/);
    expect(document.activeElement).toBe(reason);
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    expect(onDecide).not.toHaveBeenCalled();
    expect(screen.getByText(/Say why/)).toBeTruthy();
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    await user.type(reason, '  the logo is cropped  ');
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    expect(onDecide).toHaveBeenCalledWith({ decision: 'reject', reason: 'the logo is cropped', role: 'reviewer' });
  });

  it('requires a reason to request changes too', async () => {
    const { onDecide, user } = setup();
    await user.click(screen.getByRole('button', { name: /Request changes/ }));
    await user.keyboard('{Enter}');
    expect(onDecide).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText(/What should change/), 'warmer light{Enter}');
    expect(onDecide).toHaveBeenCalledWith({ decision: 'request-changes', reason: 'warmer light', role: 'reviewer' });
  });

  it('fires the right action from the keys a, r and c, and not while typing the reason', async () => {
    const { onDecide, user } = setup();
    await user.keyboard('c');
    expect(document.activeElement).toBe(screen.getByLabelText(/What should change/));
    await user.keyboard('a'); // typed into the reason: not an approval
    expect(onDecide).not.toHaveBeenCalled();
    expect(screen.getByLabelText<HTMLTextAreaElement>(/What should change/).value).toBe('a');
    (document.activeElement as HTMLElement).blur();
    await user.keyboard('r');
    expect(screen.getByLabelText(/Why reject it/)).toBeTruthy();
    (document.activeElement as HTMLElement).blur();
    await user.keyboard('a');
    expect(onDecide).toHaveBeenCalledWith({ decision: 'approve', reason: 'a', role: 'reviewer' });
  });

  it('is disabled while a decision is being sent, keys included', async () => {
    const { onDecide, user } = setup({ pending: true });
    for (const name of [/Approve/, /Request changes/, /^Reject/])
      expect(screen.getByRole<HTMLButtonElement>('button', { name }).disabled).toBe(true);
    await user.keyboard('a');
    expect(onDecide).not.toHaveBeenCalled();
  });

  it('shows the API’s problem at the reason field, and other refusals as a message', async () => {
    const problem = new ApiError(400, 'VALIDATION_FAILED', 'Invalid', {
      problems: [{ field: 'reason', problem: 'say why (required to reject): the requester reads it' }],
    });
    const { unmount } = render(
      <ReviewActions canSignAs={['reviewer']} onDecide={vi.fn()} pending={false} error={problem} />,
    );
    await userEvent.setup().click(screen.getByRole('button', { name: /^Reject/ }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText(/say why \(required to reject\)/)).toBeTruthy();
    unmount();
    render(
      <ReviewActions
        canSignAs={['reviewer']}
        onDecide={vi.fn()}
        pending={false}
        error={new ApiError(403, 'FORBIDDEN', 'nobody signs off an asset they uploaded')}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('nobody signs off an asset they uploaded');
  });

  it('says so when the caller cannot sign off', () => {
    setup({ canSignAs: [] });
    expect(screen.queryByRole('button', { name: /Approve/ })).toBeNull();
    expect(screen.getByText(/cannot sign off/)).toBeTruthy();
  });
});
