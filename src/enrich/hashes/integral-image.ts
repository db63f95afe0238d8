/**
 * Summed-area table over a gray plane, so that the mean of ANY rectangle — fractional edges included — costs four
 * look-ups. The hashes sample their grids (9×8, 32×32) from it as area averages: every source pixel counts, so
 * re-encoding noise and small overlays move a cell's mean by little. The crop probes (crop-probes.ts) hash dozens of
 * sub-rectangles of one image, which is only cheap this way.
 */
import type { DecodedImage } from '../../domain/enrichment.ts';
import { assertDecodedImage, grayAt, type GrayPlane } from './grayscale.ts';

/** A rectangle in relative coordinates: 0..1 of the image's width and height. */
export interface RelativeRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export const fullRect: RelativeRect = Object.freeze({ left: 0, top: 0, right: 1, bottom: 1 });

export class IntegralImage {
  readonly width: number;
  readonly height: number;
  /** (width + 1) × (height + 1); sums[y * (width + 1) + x] = sum of pixels left of x and above y. */
  private readonly sums: Float64Array;

  /**
   * From a luma plane, or straight from an image's RGBA: then the luma (grayAt, as toGray) is summed in the same
   * order without the intermediate plane — bit-for-bit the table of `new IntegralImage(toGray(image))`, for one
   * 8-byte-per-pixel array less to fill and collect.
   */
  constructor(source: GrayPlane | DecodedImage) {
    const { width, height } = source;
    this.width = width;
    this.height = height;
    const stride = width + 1;
    const sums = new Float64Array(stride * (height + 1));
    if ('rgba' in source) {
      assertDecodedImage(source);
      const { rgba } = source;
      for (let y = 0, p = 0; y < height; y++) {
        let row = 0;
        const above = y * stride + 1;
        const here = above + stride;
        for (let x = 0; x < width; x++, p += 4) {
          row += grayAt(rgba, p);
          sums[here + x] = sums[above + x]! + row;
        }
      }
    } else {
      const { data } = source;
      for (let y = 0; y < height; y++) {
        let row = 0;
        for (let x = 0; x < width; x++) {
          row += data[y * width + x]!;
          sums[(y + 1) * stride + x + 1] = sums[y * stride + x + 1]! + row;
        }
      }
    }
    this.sums = sums;
  }

  /**
   * Where fractional coordinates fall along one axis of the table: the cell index and the fraction into it, clamped
   * to the image. The integral at a point is the bilinear interpolation of the table around it, which is exact
   * because the image is piecewise constant over pixels.
   */
  private static axis(values: Float64Array, size: number): { index: Int32Array; fraction: Float64Array } {
    const index = new Int32Array(values.length);
    const fraction = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const clamped = Math.min(size, Math.max(0, values[i]!));
      const at = Math.min(size - 1, Math.floor(clamped));
      index[i] = at;
      fraction[i] = clamped - at;
    }
    return { index, fraction };
  }

  /** Area-average the relative rectangle into a cols × rows grid (row-major means, 0..255). */
  grid(rect: RelativeRect, cols: number, rows: number): Float64Array {
    const x0 = rect.left * this.width;
    const y0 = rect.top * this.height;
    const cellW = ((rect.right - rect.left) * this.width) / cols;
    const cellH = ((rect.bottom - rect.top) * this.height) / rows;
    const xs = new Float64Array(cols + 1);
    const ys = new Float64Array(rows + 1);
    for (let i = 0; i <= cols; i++) xs[i] = x0 + i * cellW;
    for (let j = 0; j <= rows; j++) ys[j] = y0 + j * cellH;
    // Integral at every grid corner once, then each cell is a 2×2 difference. The axis positions are worked out
    // once per column and per row rather than per corner: the crop probes sample ~86,000 corners per image.
    const column = IntegralImage.axis(xs, this.width);
    const row = IntegralImage.axis(ys, this.height);
    const stride = this.width + 1;
    const sums = this.sums;
    const corners = new Float64Array((cols + 1) * (rows + 1));
    for (let j = 0, k = 0; j <= rows; j++) {
      const above = row.index[j]! * stride;
      const below = above + stride;
      const fy = row.fraction[j]!;
      for (let i = 0; i <= cols; i++, k++) {
        const x0 = column.index[i]!;
        const fx = column.fraction[i]!;
        const a = sums[above + x0]!;
        const b = sums[above + x0 + 1]!;
        const c = sums[below + x0]!;
        const d = sums[below + x0 + 1]!;
        corners[k] = a + fx * (b - a) + fy * (c - a) + fx * fy * (d - b - c + a);
      }
    }
    const out = new Float64Array(cols * rows);
    const area = cellW * cellH;
    for (let j = 0; j < rows; j++) {
      for (let i = 0; i < cols; i++) {
        const k = j * (cols + 1) + i;
        const sum = corners[k + cols + 2]! - corners[k + 1]! - corners[k + cols + 1]! + corners[k]!;
        out[j * cols + i] = area > 0 ? sum / area : 0;
      }
    }
    return out;
  }
}
