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
   * because the image is piecewise constant over pixels. Written into `index` and `fraction` (scratch, see below).
   */
  private static axis(
    start: number,
    step: number,
    count: number,
    size: number,
    index: Int32Array,
    fraction: Float64Array,
  ): void {
    for (let i = 0; i < count; i++) {
      const clamped = Math.min(size, Math.max(0, start + i * step));
      const at = Math.min(size - 1, Math.floor(clamped));
      index[i] = at;
      fraction[i] = clamped - at;
    }
  }

  /**
   * Area-average the relative rectangle into a cols × rows grid (row-major means, 0..255), written into `out` when
   * given (at least cols × rows long) and into a new array otherwise.
   */
  grid(rect: RelativeRect, cols: number, rows: number, out = new Float64Array(cols * rows)): Float64Array {
    const x0 = rect.left * this.width;
    const y0 = rect.top * this.height;
    const cellW = ((rect.right - rect.left) * this.width) / cols;
    const cellH = ((rect.bottom - rect.top) * this.height) / rows;
    // Integral at every grid corner once, then each cell is a 2×2 difference. The axis positions are worked out
    // once per column and per row rather than per corner: the crop probes sample ~86,000 corners per image.
    const s = scratchFor(cols, rows);
    IntegralImage.axis(x0, cellW, cols + 1, this.width, s.columnIndex, s.columnFraction);
    IntegralImage.axis(y0, cellH, rows + 1, this.height, s.rowIndex, s.rowFraction);
    const stride = this.width + 1;
    const sums = this.sums;
    const { corners, columnIndex, columnFraction, rowIndex, rowFraction } = s;
    for (let j = 0, k = 0; j <= rows; j++) {
      const above = rowIndex[j]! * stride;
      const below = above + stride;
      const fy = rowFraction[j]!;
      for (let i = 0; i <= cols; i++, k++) {
        const x0 = columnIndex[i]!;
        const fx = columnFraction[i]!;
        const a = sums[above + x0]!;
        const b = sums[above + x0 + 1]!;
        const c = sums[below + x0]!;
        const d = sums[below + x0 + 1]!;
        corners[k] = a + fx * (b - a) + fy * (c - a) + fx * fy * (d - b - c + a);
      }
    }
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

/**
 * Working arrays of grid(), reused from call to call: the crop probes ask for ~150 grids per image, and a fresh set
 * of typed arrays each time (each with its own off-heap buffer) cost more in allocation and collection than the
 * arithmetic. grid() is synchronous, so one set per thread is enough.
 */
interface GridScratch {
  columnIndex: Int32Array;
  columnFraction: Float64Array;
  rowIndex: Int32Array;
  rowFraction: Float64Array;
  corners: Float64Array;
}

let scratch: GridScratch | undefined;

const scratchFor = (cols: number, rows: number): GridScratch => {
  const edge = Math.max(cols, rows) + 1;
  if (!scratch || scratch.columnIndex.length < edge) {
    const size = Math.max(edge, 33);
    scratch = {
      columnIndex: new Int32Array(size),
      columnFraction: new Float64Array(size),
      rowIndex: new Int32Array(size),
      rowFraction: new Float64Array(size),
      corners: new Float64Array(size * size),
    };
  }
  return scratch;
};
