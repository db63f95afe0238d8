/** The policy editor's problems: a syntax error shown at its line and column, with the line and a caret under it. */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { policyProblems } from './policy-problems.ts';
import { PolicyProblems } from './PolicyProblems.tsx';

const text = '{\n  "defaultTier": 1,\n  "rules": [}\n}';
const syntaxError = new ApiError(400, 'VALIDATION_FAILED', 'The request has problems.', {
  problems: [
    { field: '(policy)', problem: 'is not valid JSON: at line 3, column 13 found "}" (Unexpected token)' },
    { field: 'rules[0].tier', problem: 'must be 1, 2 or 3' },
  ],
});

describe('the policy editor’s problems', () => {
  it('finds the line and column the API named, and the offset of that place in the text', () => {
    const [syntax, path] = policyProblems(syntaxError, text);
    expect(syntax).toMatchObject({ line: 3, column: 13, excerpt: '  "rules": [}' });
    expect(text.slice(syntax!.offset)).toBe('}\n}');
    expect(path).toEqual({ field: 'rules[0].tier', problem: 'must be 1, 2 or 3' });
    expect(policyProblems(new Error('offline'), text)).toEqual([]);
  });

  it('shows each problem at its place, with a caret under the column and a way to go there', async () => {
    const goTo = vi.fn();
    render(<PolicyProblems id="p" problems={policyProblems(syntaxError, text)} onGoTo={goTo} />);
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('Line 3, column 13').tagName).toBe('STRONG');
    expect(alert.textContent).toContain('it is not valid JSON: at line 3, column 13 found "}"');
    // The line as typed, then the caret under column 13 (12 spaces before it).
    expect(alert.textContent).toContain(`  "rules": [}\n${' '.repeat(12)}^`);
    expect(within(alert).getByText('rules[0].tier').tagName).toBe('CODE');
    await userEvent.click(within(alert).getByRole('button', { name: 'Go to line 3' }));
    expect(goTo).toHaveBeenCalledWith(text.indexOf('}\n}'));
  });

  it('shows nothing when there is no problem', () => {
    const { container } = render(<PolicyProblems id="p" problems={[]} onGoTo={() => undefined} />);
    expect(container.textContent).toBe('');
  });
});
