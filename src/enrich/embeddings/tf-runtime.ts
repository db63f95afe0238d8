/**
 * One TensorFlow.js runtime per process on the WebAssembly backend. The .wasm files are read from the
 * @tensorflow/tfjs-backend-wasm package directory, never fetched. In Node the backend runs single-threaded with SIMD,
 * so a worker process uses one core for inference and scales by running more workers.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { ProvenaError } from '../../domain/errors.ts';

let ready: Promise<typeof tf> | undefined;

export function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}

/** Resolves to the tfjs namespace once the wasm backend is active; rejects with CONFIG_INVALID when it cannot be. */
export function tensorflow(): Promise<typeof tf> {
  ready ??= (async () => {
    const directory = wasmDirectory();
    try {
      setWasmPaths(directory);
      if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
      await tf.ready();
    } catch (cause) {
      ready = undefined;
      throw new ProvenaError(
        'CONFIG_INVALID',
        `The TensorFlow.js WebAssembly backend could not start from ${directory}: ${String(cause)}`,
        { directory },
        { cause },
      );
    }
    // Production mode drops per-op debug checks that cost time on every inference.
    tf.enableProdMode();
    return tf;
  })();
  return ready;
}
