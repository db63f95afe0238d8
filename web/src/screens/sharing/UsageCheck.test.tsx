import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { UsageDecisionView } from './UsageCheck.tsx';

describe('the usage check’s answer', () => {
  it('says not allowed, for what, and every reason in words, refusals marked as such', () => {
    render(
      <UsageDecisionView
        decision={{
          allowed: false,
          assetId: 'a1',
          version: 2,
          channel: 'social',
          region: 'DE',
          at: '2027-03-01T00:00:00.000Z',
          derivative: true,
          reasons: [
            { code: 'rights_expired', verdict: 'deny', message: 'The rights expired on 2027-01-31.' },
            { code: 'region_denied', verdict: 'deny', message: 'Germany is denied by the licence.' },
            { code: 'attribution_required', verdict: 'warn', message: 'Credit "Photo: Acme" must be shown.' },
          ],
        }}
      />,
    );
    const answer = screen.getByRole('status');
    expect(answer.textContent).toMatch(
      /✗ Not allowed: version 2, on social, in Germany \(DE\), on 2027-03-01, as a derivative\./,
    );
    const reasons = within(answer).getAllByRole('listitem');
    expect(reasons.map((r) => r.textContent)).toEqual([
      'Refused The rights expired on 2027-01-31. (rights expired)',
      'Refused Germany is denied by the licence. (region denied)',
      'Warning Credit "Photo: Acme" must be shown. (attribution required)',
    ]);
  });

  it('says allowed with no reason against it', () => {
    render(
      <UsageDecisionView
        decision={{
          allowed: true,
          assetId: 'a1',
          version: 1,
          channel: 'web',
          at: '2027-03-01T10:00:00.000Z',
          derivative: false,
          reasons: [],
        }}
      />,
    );
    expect(screen.getByRole('status').textContent).toMatch(
      /✓ Allowed: version 1, on web, in any region, on 2027-03-01\./,
    );
    expect(screen.getByText('No reason against it.')).toBeTruthy();
  });

  it('shows markup in a reason as text', () => {
    render(
      <UsageDecisionView
        decision={{
          allowed: false,
          assetId: 'a1',
          version: 1,
          channel: 'web',
          at: '2027-03-01T10:00:00.000Z',
          derivative: false,
          reasons: [{ code: 'rights_not_cleared', verdict: 'deny', message: '<img src=x onerror=alert(1)>' }],
        }}
      />,
    );
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByText(/<img src=x onerror=alert\(1\)>/)).toBeTruthy();
  });
});
