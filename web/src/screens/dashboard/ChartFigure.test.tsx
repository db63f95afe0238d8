/** A dashboard chart's text alternative, made from the figures the chart draws: the summary sentence and the table. */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ChartFigure } from './ChartFigure.tsx';
import { aiShareText, approvalText, brandText, growthText } from './dashboard-api.ts';

describe('a dashboard figure’s text alternative', () => {
  it('says the AI share in a sentence and lists every kind in its table', async () => {
    const share = [
      { involvement: 'none' as const, count: 3 },
      { involvement: 'ai-edited' as const, count: 1 },
      { involvement: 'ai-generated' as const, count: 6 },
      { involvement: 'unknown' as const, count: 0 },
    ];
    render(
      <ChartFigure title="AI share" text={aiShareText(share)} headline="70% involve AI">
        <svg data-testid="chart" />
      </ChartFigure>,
    );
    const figure = screen.getByRole('region', { name: 'AI share' });
    expect(within(figure).getByText(/^70% of 10 assets involve AI: /).textContent).toBe(
      '70% of 10 assets involve AI: No AI 3, AI-edited 1, AI-generated 6, Not known 0.',
    );
    // The chart is drawn for the eye only: the sentence and table say it to everyone.
    expect(screen.getByTestId('chart').parentElement?.getAttribute('aria-hidden')).toBe('true');
    await userEvent.click(within(figure).getByText('Data table'));
    const table = within(figure).getByRole('table', { name: 'AI share' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent);
    expect(rows).toEqual(['No AI3 (30%)', 'AI-edited1 (10%)', 'AI-generated6 (60%)', 'Not known0 (0%)']);
  });

  it('words the other figures from their data, empty ones included', () => {
    expect(
      growthText(
        {
          before: 2,
          days: [
            { day: '2026-03-30', added: 0, total: 2 },
            { day: '2026-03-31', added: 3, total: 5 },
          ],
        },
        '2026-03-30',
        '2026-03-31',
      ).summary,
    ).toBe('The library holds 5 assets: 3 assets added from 2026-03-30 to 2026-03-31, most on 2026-03-31 (3).');
    expect(
      approvalText({
        approvals: 3,
        averageHours: 17.5,
        buckets: [
          { bucket: 'under-1h', count: 1 },
          { bucket: '1h-1d', count: 2 },
          { bucket: '1d-7d', count: 0 },
          { bucket: 'over-7d', count: 0 },
        ],
      }).summary,
    ).toBe('3 approvals, 17.5 h on average from upload; most took 1 hour to 1 day.');
    expect(brandText({ pass: 3, warn: 0, fail: 1, unchecked: 2 }).summary).toBe(
      '75% of 4 checked assets pass the brand guidelines: 3 pass, 0 with warnings, 1 fail; 2 unchecked.',
    );
    expect(aiShareText([]).summary).toBe('No assets yet.');
  });
});
