import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AssetThumb } from './AssetThumb.tsx';

const thumbnailImages = (container: HTMLElement) =>
  [...container.querySelectorAll('img')].filter((img) => img.getAttribute('src')?.includes('/renditions/thumbnail'));

describe('AssetThumb', () => {
  it('asks for the thumbnail only once it is no longer deferred, and keeps it after', () => {
    const { container, rerender } = render(<AssetThumb assetId="a1" title="A sunset" defer />);
    expect(thumbnailImages(container)).toHaveLength(0);
    rerender(<AssetThumb assetId="a1" title="A sunset" defer={false} />);
    expect(thumbnailImages(container)).toHaveLength(1);
    expect(thumbnailImages(container)[0]!.getAttribute('src')).toBe('/api/v1/assets/a1/renditions/thumbnail');
    rerender(<AssetThumb assetId="a1" title="A sunset" defer />);
    expect(thumbnailImages(container)).toHaveLength(1);
  });

  it('asks for the thumbnail straight away when not deferred', () => {
    const { container } = render(<AssetThumb assetId="a/b" title="" version={2} />);
    expect(thumbnailImages(container)[0]!.getAttribute('src')).toBe(
      '/api/v1/assets/a%2Fb/renditions/thumbnail?version=2',
    );
  });
});
