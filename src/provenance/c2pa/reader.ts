/**
 * Reads and validates a file's C2PA manifest store with c2pa-wasm (c2pa-rs), offline, and summarises it (summary.ts).
 *
 * - The wasm module (9 MB, inside the npm package) is compiled once, lazily, on the first read.
 * - Never any network: remote manifests and OCSP are not fetched. A remote-manifest reference gives a summary with
 *   `remoteUrl` and `embedded: false`.
 * - Trust anchors are operator-supplied PEM text. Trust is always checked, so without anchors a good signature
 *   reports `Valid` + `signingCredential.untrusted`, and with matching anchors `Trusted`.
 * - A store the validator refuses (broken JUMBF, missing claim…) still gets a summary from our own JUMBF reading,
 *   with validationState 'Invalid' and the validator's message as a warning. read() never throws.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as C2paWasmModule from '@contentauth/c2pa-wasm';
import type { C2paSummary } from '../contract.ts';
import { readRawMetadata } from '../containers/index.ts';
import { storeFromJumbf } from './jumbf-store.ts';
import { storeFromReaderJson } from './store-model.ts';
import { emptySummary, summariseStore } from './summary.ts';

type C2paWasm = typeof C2paWasmModule;

/** Trust material as text (see loadC2paTrust in trust-config.ts for reading it from files). */
export interface C2paTrustInput {
  /** PEM bundle of trust-anchor (root/intermediate) certificates. */
  trustAnchorsPem?: string;
  /** Allowed extended-key-usage OIDs, one per line (c2pa-rs `store.cfg` format). */
  trustConfig?: string;
  /** End-entity certificates trusted as such: PEM, or base64 SHA-256 hashes one per line. */
  allowedListPem?: string;
}

/** What the container walkers already know (the engine always passes it); saves walking the file a second time. */
export interface C2paReadHints {
  /** The embedded manifest store bytes (JUMBF), when already extracted (`RawMetadata.c2paStore`). */
  store?: Uint8Array;
  /** `dcterms:provenance` from XMP. */
  remoteUrl?: string;
}

export interface C2paReader {
  read(bytes: Uint8Array, mediaType: string, hints?: C2paReadHints): Promise<C2paSummary>;
}

const require = createRequire(import.meta.url);

let wasmLoad: Promise<C2paWasm> | undefined;
let wasmGeneration = 0;

/**
 * Loads and instantiates the wasm module. A Rust panic (a wasm trap) can leave an instance unusable, and
 * wasm-bindgen refuses to initialise a module twice, so after a trap we import a fresh copy of the JS glue
 * (a distinct module URL) and instantiate it again.
 */
function loadWasm(): Promise<C2paWasm> {
  wasmLoad ??= (async () => {
    const gluePath = require.resolve('@contentauth/c2pa-wasm');
    const wasmPath = require.resolve('@contentauth/c2pa-wasm/c2pa.wasm');
    const url = pathToFileURL(gluePath);
    if (wasmGeneration > 0) url.search = `?instance=${wasmGeneration}`;
    const mod = (await import(url.href)) as C2paWasm;
    await mod.default({ module_or_path: await readFile(wasmPath) });
    return mod;
  })();
  const current = wasmLoad;
  // A failed load must not stick: the next read tries again.
  current.catch(() => {
    if (wasmLoad === current) wasmLoad = undefined;
  });
  return current;
}

function discardWasmInstance(): void {
  wasmGeneration++;
  wasmLoad = undefined;
}

/** The c2pa-rs settings: always verify (trust included), never touch the network. */
export function c2paSettings(trust: C2paTrustInput): string {
  const settings: Record<string, unknown> = {
    verify: {
      verify_after_reading: true,
      verify_trust: true,
      remote_manifest_fetch: false,
      ocsp_fetch: false,
    },
  };
  const t: Record<string, string> = {};
  if (trust.trustAnchorsPem?.trim()) t.trust_anchors = trust.trustAnchorsPem;
  if (trust.trustConfig?.trim()) t.trust_config = trust.trustConfig;
  if (trust.allowedListPem?.trim()) t.allowed_list = trust.allowedListPem;
  if (Object.keys(t).length > 0) settings.trust = t;
  return JSON.stringify(settings);
}

/**
 * The summary of an embedded store that the validator is not given (the file is too large for it): our own no-crypto
 * reading, with no validation state and the reason as a warning, as when the validator cannot be loaded.
 */
export function summariseUnvalidatedStore(
  store: Uint8Array,
  remoteUrl: string | undefined,
  warning: string,
): C2paSummary {
  return summariseStore(storeFromJumbf(store), { manifestStoreBytes: store.slice(), remoteUrl, warnings: [warning] });
}

/** c2pa-wasm rejects with a string such as `C2pa(JumbfNotFound)` or `C2pa(RemoteManifestUrl("https://…"))`. */
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createC2paReader(trust: C2paTrustInput = {}): C2paReader {
  const settings = c2paSettings(trust);

  async function read(bytes: Uint8Array, mediaType: string, hints: C2paReadHints = {}): Promise<C2paSummary> {
    // The store is needed for what c2pa-wasm does not hand back: the verbatim bytes (kept for re-embedding) and the
    // no-crypto fallback summary. The container walkers are the one place that finds it; their own warnings are
    // reported by whoever reads the rest of the file's metadata (the engine), not repeated here.
    const store = hints.store ?? readRawMetadata(bytes).c2paStore;
    // A copy: the store may be a view into the caller's file buffer, and the record outlives it.
    const storeCopy = store ? store.slice() : undefined;
    const base = { manifestStoreBytes: storeCopy, remoteUrl: hints.remoteUrl };

    /** Our own no-crypto reading, for when the validator could not be used on an embedded store. */
    const fallback = (warning: string, invalid: boolean): C2paSummary => {
      if (!store) return emptySummary({ embedded: false, remoteUrl: hints.remoteUrl, warnings: [warning] });
      const summary = summariseStore(storeFromJumbf(store), { ...base, warnings: [warning] });
      if (invalid) summary.validationState = 'Invalid';
      return summary;
    };

    let wasm: C2paWasm;
    try {
      wasm = await loadWasm();
    } catch (error) {
      return fallback(`C2PA validator unavailable: ${messageOf(error)}`, false);
    }

    let reader: Awaited<ReturnType<C2paWasm['WasmReader']['fromBytes']>> | undefined;
    try {
      reader = await wasm.WasmReader.fromBytes(mediaType, bytes, settings);
      const json = JSON.parse(reader.json()) as unknown;
      return summariseStore(storeFromReaderJson(json), base);
    } catch (error) {
      const message = messageOf(error);
      // A wasm trap (Rust panic → `unreachable`) surfaces as WebAssembly.RuntimeError.
      if (error instanceof Error && error.name === 'RuntimeError') {
        discardWasmInstance();
        return fallback(`C2PA validator crashed on this file: ${message}`, store !== undefined);
      }
      const remote = /RemoteManifestUrl\("([^"]*)"\)/.exec(message)?.[1];
      if (remote !== undefined) {
        return emptySummary({ embedded: false, remoteUrl: remote });
      }
      if (/JumbfNotFound|UnsupportedType/.test(message)) {
        if (!store) {
          const warnings = /UnsupportedType/.test(message)
            ? [`C2PA validator does not support media type '${mediaType}'`]
            : [];
          return emptySummary({ embedded: false, remoteUrl: hints.remoteUrl, warnings });
        }
        // We found a store the validator did not (e.g. a wrong media type); report it unvalidated.
        return fallback(`C2PA validator found no manifest store (${message}); read without validation`, false);
      }
      return fallback(`C2PA manifest store is invalid: ${message}`, true);
    } finally {
      reader?.free();
    }
  }

  return { read };
}
export { loadC2paTrust } from './trust-config.ts';
export type { C2paTrustPaths } from './trust-config.ts';
