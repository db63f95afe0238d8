/**
 * Where the colours off the brand palette are in the picture: each pixel of the preview (scaled down) is given the
 * nearest colour of the version's palette, and the pixels whose colour the brand check counted off-palette are
 * hatched. The check reports colours and shares, not places; this draws those colours' places. Approximate (RGB
 * distance over a 320 px copy), and said so where it is offered.
 */
import { useEffect, useRef } from 'react';
import styles from './AssetPage.module.css';

const rgb = (hex: string): [number, number, number] | undefined => {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)] : undefined;
};

/** Marks in `pixels` (RGBA) the ones nearest an `off` colour among `palette`: hatched magenta, the rest clear. */
export function maskPixels(
  pixels: Uint8ClampedArray,
  width: number,
  palette: string[],
  off: ReadonlySet<string>,
): number {
  const colours = palette.flatMap((hex) => {
    const c = rgb(hex);
    return c ? [{ c, off: off.has(hex.toLowerCase()) }] : [];
  });
  let marked = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    let best = Infinity;
    let isOff = false;
    for (const { c, off: o } of colours) {
      const d = (pixels[i]! - c[0]) ** 2 + (pixels[i + 1]! - c[1]) ** 2 + (pixels[i + 2]! - c[2]) ** 2;
      if (d < best) {
        best = d;
        isOff = o;
      }
    }
    const p = i / 4;
    const stripe = ((p % width) + Math.floor(p / width)) % 8 < 3;
    if (isOff) marked++;
    pixels[i] = 255;
    pixels[i + 1] = 0;
    pixels[i + 2] = 200;
    pixels[i + 3] = isOff ? (stripe ? 200 : 70) : 0;
  }
  return marked;
}

export function OffPaletteMask({ src, palette, off }: { src: string; palette: string[]; off: string[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const paletteKey = palette.join(',');
  const offKey = off.join(',').toLowerCase();
  useEffect(() => {
    let cancelled = false;
    const image = new Image();
    image.onload = () => {
      const element = canvas.current;
      if (cancelled || !element || image.naturalWidth === 0) return;
      const width = Math.min(320, image.naturalWidth);
      const height = Math.max(1, Math.round((image.naturalHeight * width) / image.naturalWidth));
      element.width = width;
      element.height = height;
      const context = element.getContext('2d', { willReadFrequently: true });
      if (!context) return;
      context.drawImage(image, 0, 0, width, height);
      const data = context.getImageData(0, 0, width, height);
      maskPixels(data.data, width, paletteKey.split(','), new Set(offKey.split(',')));
      context.putImageData(data, 0, 0);
    };
    image.src = src;
    return () => {
      cancelled = true;
    };
  }, [src, paletteKey, offKey]);
  return <canvas ref={canvas} className={styles.mask} aria-hidden="true" data-layer="off-palette" />;
}
