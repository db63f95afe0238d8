import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Facets, type FacetCounts } from './Facets.tsx';

const facets: FacetCounts = {
  status: [
    { value: 'approved', count: 1234 },
    { value: 'in_review', count: 5 },
  ],
  campaign: [
    { value: '01a2-id', label: 'Summer 26', count: 12 },
    { value: '01a3-id', label: 'winter-27', count: 3 },
  ],
  risk: [{ value: '3', count: 2 }],
  model: [],
};

describe('Facets', () => {
  it('shows each facet’s values with their counts, and leaves out empty facets', () => {
    render(<Facets query="" facets={facets} onChange={() => undefined} />);
    const status = screen.getByRole('group', { name: 'Status' });
    expect(within(status).getByRole<HTMLInputElement>('checkbox', { name: /^approved 1,234 assets$/ }).checked).toBe(
      false,
    );
    expect(within(status).getByRole('checkbox', { name: /^in review 5 assets$/ })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: /^Tier 3 2 assets$/ })).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Model' })).toBeNull();
  });

  it('adds a value’s filter to the query, by name for campaigns, quoted when it has a space', async () => {
    const onChange = vi.fn();
    render(<Facets query="sunset" facets={facets} onChange={onChange} />);
    await userEvent.click(screen.getByRole('checkbox', { name: /Summer 26/ }));
    expect(onChange).toHaveBeenLastCalledWith('sunset campaign:"Summer 26"');
    await userEvent.click(screen.getByRole('checkbox', { name: /approved/ }));
    expect(onChange).toHaveBeenLastCalledWith('sunset status:approved');
  });

  it('ticks what the query filters on, adds a second value to the same filter, and takes one out', async () => {
    const onChange = vi.fn();
    render(<Facets query="sunset status:approved -tag:people" facets={facets} onChange={onChange} />);
    const approved = screen.getByRole('checkbox', { name: /approved/ });
    expect((approved as HTMLInputElement).checked).toBe(true);
    await userEvent.click(screen.getByRole('checkbox', { name: /in review/ }));
    expect(onChange).toHaveBeenLastCalledWith('sunset status:approved,in_review -tag:people');
    await userEvent.click(approved);
    expect(onChange).toHaveBeenLastCalledWith('sunset -tag:people');
  });

  it('filters by the picked colour and clears it', async () => {
    const onChange = vi.fn();
    const { rerender } = render(<Facets query="beach" facets={facets} onChange={onChange} />);
    const picker = screen.getByLabelText('Colour to find');
    expect(picker.getAttribute('type')).toBe('color');
    // jsdom has no colour dialog: set the value as the browser would.
    fireEvent.change(picker, { target: { value: '#1e8c3c' } });
    await userEvent.click(screen.getByRole('button', { name: 'Filter by #1e8c3c' }));
    expect(onChange).toHaveBeenLastCalledWith('beach color:#1e8c3c');
    rerender(<Facets query="beach color:#1e8c3c" facets={facets} onChange={onChange} />);
    await userEvent.click(screen.getByRole('button', { name: 'Clear colour #1e8c3c' }));
    expect(onChange).toHaveBeenLastCalledWith('beach');
  });

  it('shows estimated counts as "about" when the answer says they are approximate, and exact ones as they are', () => {
    const { rerender } = render(<Facets query="woman" facets={facets} approximate onChange={() => undefined} />);
    expect(screen.getByRole('checkbox', { name: /^approved about 1,234 assets$/ })).toBeTruthy();
    expect(screen.getByText('Counts are estimated from a sample of the matches.')).toBeTruthy();
    rerender(<Facets query="woman" facets={facets} approximate={false} onChange={() => undefined} />);
    expect(screen.getByRole('checkbox', { name: /^approved 1,234 assets$/ })).toBeTruthy();
    expect(screen.queryByText(/estimated from a sample/)).toBeNull();
  });
});
