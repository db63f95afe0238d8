/** The evidence overlay: boxes from the API's original-pixel coordinates placed at the picture's displayed scale. */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ruleBoxes } from './BrandPanel.tsx';
import { EvidenceOverlay, placeBox } from './EvidenceOverlay.tsx';

describe('the evidence overlay', () => {
  it('scales a box from original pixels to the displayed size', () => {
    expect(
      placeBox({ x: 270, y: 519, width: 116, height: 37 }, { width: 800, height: 600 }, { width: 400, height: 300 }),
    ).toEqual({
      left: 135,
      top: 259.5,
      width: 58,
      height: 18.5,
    });
  });

  it('draws the brand check’s word and logo boxes where the API put them, labelled as text', () => {
    const boxes = [
      ...ruleBoxes(
        {
          ruleId: 'copy-words',
          type: 'text',
          severity: 'fail',
          weight: 1,
          outcome: 'fail',
          reason: 'forbidden words',
          ruleDigest: 'd',
          evidence: {
            type: 'text',
            forbidden: [
              {
                phrase: 'SALE',
                text: '<img src=x onerror=alert(1)>',
                source: 'image',
                box: { x: 100, y: 50, width: 200, height: 100 },
              },
            ],
            misspellings: [],
          },
        },
        false,
      ),
      ...ruleBoxes(
        {
          ruleId: 'logo',
          type: 'logo',
          severity: 'fail',
          weight: 1,
          outcome: 'pass',
          reason: 'found',
          ruleDigest: 'd',
          evidence: { type: 'logo', matches: [{ box: { x: 0, y: 0, width: 1000, height: 500 }, score: 0.91 }] },
        },
        true,
      ),
    ];
    const { container } = render(
      <EvidenceOverlay boxes={boxes} original={{ width: 1000, height: 500 }} displayed={{ width: 500, height: 250 }} />,
    );
    const marks = within(screen.getByRole('list', { name: 'Marks on the picture' })).getAllByRole('listitem');
    expect(marks).toHaveLength(2);
    const word = marks[0]!;
    expect(word.dataset.kind).toBe('word');
    expect([word.style.left, word.style.top, word.style.width, word.style.height]).toEqual([
      '50px',
      '25px',
      '100px',
      '50px',
    ]);
    expect(word.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(container.querySelector('img')).toBeNull();
    const logo = marks[1]!;
    expect([logo.style.width, logo.style.height]).toEqual(['500px', '250px']);
    expect(logo.dataset.highlighted).toBe('true');
    expect(logo.textContent).toContain('0.91');
  });

  it('draws nothing before the picture’s size is known', () => {
    const { container } = render(
      <EvidenceOverlay
        boxes={[{ id: 'a', kind: 'ocr', label: 'A', box: { x: 1, y: 1, width: 1, height: 1 } }]}
        original={{ width: 0, height: 0 }}
        displayed={{ width: 100, height: 100 }}
      />,
    );
    expect(container.innerHTML).toBe('');
  });
});
