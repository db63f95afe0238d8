import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { classifyPixels } from './palette-preview.ts';
import { PreviewSummary } from './PalettePreview.tsx';

const rule = { colours: [{ name: 'Red', hex: '#d62828' }], tolerance: 10, forbidden: [] };
const redAndBlue = Uint8ClampedArray.from([214, 40, 40, 255, 35, 72, 197, 255]);

describe('the palette preview’s summary', () => {
  it('says in words whether the sample passes, with each share against its bound', () => {
    render(
      <PreviewSummary result={classifyPixels(redAndBlue, rule)} minOnPaletteShare={0.6} maxForbiddenShare={0.01} />,
    );
    expect(screen.getByText('Sample violates the rule')).toBeTruthy();
    expect(screen.getByText('50.0% (at least 60.0%: too little)')).toBeTruthy();
    expect(screen.getByText('Red: 50.0%')).toBeTruthy();
  });

  it('passes once the bound is met', () => {
    render(
      <PreviewSummary result={classifyPixels(redAndBlue, rule)} minOnPaletteShare={0.5} maxForbiddenShare={0.01} />,
    );
    expect(screen.getByText('Sample passes')).toBeTruthy();
    expect(screen.getByText('50.0% (at least 50.0%: enough)')).toBeTruthy();
  });
});
