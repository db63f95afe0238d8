/**
 * OpenCV (the @techstark/opencv-js WebAssembly build), loaded once per thread, and the few parts of its API the logo
 * search uses, typed here (the package's own declarations describe the C++ overloads, not what the JavaScript binding
 * takes).
 *
 * The loaded module is a thenable: awaiting it, or resolving a promise with it, never settles. So it is loaded with
 * require() and only its runtime's readiness is awaited. Every Mat lives in WebAssembly memory and must be delete()d.
 */
import { createRequire } from 'node:module';

export interface CvMat {
  readonly rows: number;
  readonly cols: number;
  /** The bytes of an 8-bit Mat (a view into WebAssembly memory: valid until the next allocation). */
  readonly data: Uint8Array;
  /** The values of a 32-bit float Mat (same caveat). */
  readonly data32F: Float32Array;
  /** The values of a 64-bit float Mat (same caveat). */
  readonly data64F: Float64Array;
  roi(rect: CvRect): CvMat;
  convertTo(dst: CvMat, type: number): void;
  delete(): void;
}

export interface CvRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CvSize {
  width: number;
  height: number;
}

export interface OpenCv {
  Mat: (new () => CvMat) & (new (rows: number, cols: number, type: number) => CvMat);
  Size: new (width: number, height: number) => CvSize;
  Rect: new (x: number, y: number, width: number, height: number) => CvRect;
  CV_8UC1: number;
  CV_8UC3: number;
  CV_32FC1: number;
  CV_32F: number;
  CV_64F: number;
  INTER_AREA: number;
  COLOR_RGB2Lab: number;
  INTER_LINEAR: number;
  TM_CCOEFF_NORMED: number;
  TM_CCORR: number;
  resize(src: CvMat, dst: CvMat, size: CvSize, fx: number, fy: number, interpolation: number): void;
  matchTemplate(image: CvMat, template: CvMat, result: CvMat, method: number, mask?: CvMat): void;
  cvtColor(src: CvMat, dst: CvMat, code: number): void;
  integral2(src: CvMat, sum: CvMat, squares: CvMat, sumDepth: number, squaresDepth: number): void;
  getBuildInformation(): string;
  onRuntimeInitialized?: () => void;
}

/** The OpenCV version this build reports ('4.12.0'), recorded as the matcher's model version. */
export function openCvVersion(cv: OpenCv): string {
  return /General configuration for OpenCV (\S+)/.exec(cv.getBuildInformation())?.[1] ?? 'unknown';
}

let loading: Promise<{ cv: OpenCv }> | undefined;

/**
 * The module, ready to use (~0.4–1 s the first time in a thread). Wrapped in an object because the module itself is
 * a thenable and cannot be a promise's value.
 */
export function loadOpenCv(): Promise<{ cv: OpenCv }> {
  loading ??= new Promise<{ cv: OpenCv }>((resolve, reject) => {
    try {
      const cv = createRequire(import.meta.url)('@techstark/opencv-js') as OpenCv;
      if (typeof cv.Mat === 'function') resolve({ cv });
      else cv.onRuntimeInitialized = () => resolve({ cv });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  return loading;
}
