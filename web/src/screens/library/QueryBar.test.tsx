import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { QueryBar, QueryError } from './QueryBar.tsx';

describe('QueryBar', () => {
  it('submits the query as typed, trimmed', async () => {
    const onSubmit = vi.fn();
    render(<QueryBar value="" onSubmit={onSubmit} />);
    await userEvent.type(screen.getByRole('combobox', { name: 'Search the library' }), '  sunset beach {Enter}');
    expect(onSubmit).toHaveBeenCalledWith('sunset beach');
  });

  it('suggests fields for the word being typed and takes one with Enter, then its values', async () => {
    const onSubmit = vi.fn();
    render(<QueryBar value="" onSubmit={onSubmit} known={{ model: ['sdxl_base_1.0', 'flux dev'] }} />);
    const box = screen.getByRole('combobox');
    await userEvent.type(box, 'sunset mo');
    expect(box.getAttribute('aria-expanded')).toBe('true');
    const options = screen.getAllByRole('option');
    expect(options.length).toBeGreaterThan(0);
    expect(options[0]?.textContent).toContain('model:');
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');
    await userEvent.keyboard('{Enter}');
    expect((box as HTMLInputElement).value).toBe('sunset model:');
    expect(onSubmit).not.toHaveBeenCalled();
    // The field's values follow, from the results (quoted when they hold a space).
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      expect.stringContaining('model:sdxl_base_1.0'),
      expect.stringContaining('model:"flux dev"'),
    ]);
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect((box as HTMLInputElement).value).toBe('sunset model:"flux dev"');
    await userEvent.keyboard('{Enter}');
    expect(onSubmit).toHaveBeenCalledWith('sunset model:"flux dev"');
  });

  it('offers the listed values of status and closes the list with Escape', async () => {
    render(<QueryBar value="" onSubmit={() => undefined} />);
    const box = screen.getByRole('combobox');
    await userEvent.type(box, 'status:ap');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      expect.stringContaining('status:approved'),
    ]);
    await userEvent.keyboard('{Escape}');
    expect(box.getAttribute('aria-expanded')).toBe('false');
  });

  it('shows a new query from the URL in place of what was typed', () => {
    const { rerender } = render(<QueryBar value="cat" onSubmit={() => undefined} />);
    expect(screen.getByRole<HTMLInputElement>('combobox').value).toBe('cat');
    rerender(<QueryBar value="cat campaign:summer-26" onSubmit={() => undefined} />);
    expect(screen.getByRole<HTMLInputElement>('combobox').value).toBe('cat campaign:summer-26');
  });
});

describe('QueryError', () => {
  const invalid = (position: number, end: number) =>
    new ApiError(400, 'QUERY_INVALID', `Unclosed quote opened at column ${position}: add a closing ".`, {
      position,
      end,
      expected: '"',
    });

  it('shows the server’s message and marks the columns it names, with carets under them', () => {
    render(<QueryError query='sunset "beach' error={invalid(8, 13)} />);
    const alert = screen.getByRole('alert');
    expect(alert?.textContent).toContain('Unclosed quote opened at column 8');
    expect(alert.querySelector('mark')?.textContent).toContain('"beach');
    expect(alert.querySelector('pre')?.textContent).toBe('sunset "beach\n       ^^^^^^');
  });

  it('keeps markup in the query as text', () => {
    render(<QueryError query='<img src=x onerror=alert(1)> "' error={invalid(30, 30)} />);
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByRole('alert').querySelector('pre')?.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('shows nothing for other failures', () => {
    const { container } = render(<QueryError query="x" error={new ApiError(500, 'INTERNAL', 'boom')} />);
    expect(container.innerHTML).toBe('');
  });
});
