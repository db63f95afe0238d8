/**
 * The sample picture the palette preview and the zone editor work on: a file the user picks or an asset's thumbnail
 * (same origin, so its pixels can be read), scaled down so that classing every pixel stays instant while a slider
 * moves.
 */
export interface Sample {
  /** What it is, for labels ("sale.png", an asset's title). */
  label: string;
  /** Shown as the frame (an object URL or the thumbnail's URL). */
  url: string;
  width: number;
  height: number;
  /** RGBA of the scaled picture (width × height). */
  pixels: Uint8ClampedArray;
}

/** The longest side the preview classes. */
export const sampleSide = 240;

export async function loadSample(url: string, label: string): Promise<Sample> {
  const image = new Image();
  image.src = url;
  await image.decode();
  const scale = Math.min(1, sampleSide / Math.max(image.naturalWidth, image.naturalHeight));
  const width = Math.max(1, Math.round(image.naturalWidth * scale));
  const height = Math.max(1, Math.round(image.naturalHeight * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot read the picture’s pixels (no 2D canvas).');
  context.drawImage(image, 0, 0, width, height);
  return { label, url, width, height, pixels: context.getImageData(0, 0, width, height).data };
}
