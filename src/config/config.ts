/**
 * One validated, frozen configuration. Sources, highest first: command-line flags, PROVENA_* environment variables,
 * defaults. Every problem is reported at once, at start-up, with the variable or flag to fix.
 */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProvenaError, type FieldProblem } from '../domain/errors.ts';
import { oidcProblems, oidcSettings, type OidcConfig } from './oidc-settings.ts';

/** Single sign-on's settings are in oidc-settings.ts. */
export interface Config extends OidcConfig {
  dataDir: string;
  /** The built web app (index.html and static/), served at / (decision 0037). */
  webAppDir: string;
  host: string;
  port: number;
  /** Slow clients (http/slow-clients.ts): time for the headers, for the whole request, without any traffic, between requests. */
  headersTimeoutSeconds: number;
  requestTimeoutSeconds: number;
  idleTimeoutSeconds: number;
  keepAliveTimeoutSeconds: number;
  /** An upload bringing fewer bytes than this rate in any window of that many seconds is cut off. */
  uploadMinBytesPerSecond: number;
  uploadRateWindowSeconds: number;
  /** Requests per client and minute (http/rate-limits.ts). */
  rateLimitUploads: number;
  rateLimitExpensive: number;
  /** Share-link hits (GET /s/…: pages and files) one client may make per minute. */
  rateLimitShareLinks: number;
  /** The longest life a share link may be given, in days. */
  shareLinkMaxDays: number;
  /** The address people reach the server at (https://dam.example.com), for the share links the CLI prints. */
  publicUrl?: string;
  /** Host names served besides loopback names, IP addresses and `host` (http/host-origin.ts); "*." covers subdomains. */
  allowedHosts?: readonly string[];
  /** Origins (scheme://host[:port]) whose pages may change things besides the server's own. */
  allowedOrigins?: readonly string[];
  /** Fastify's trustProxy: which peers' X-Forwarded-* headers to believe (off, all, a hop count, or addresses). */
  trustProxy: boolean | number | readonly string[];
  /** Absent: embedded SQLite at <dataDir>/provena.db. */
  databaseUrl?: string;
  maxUploadBytes: number;
  maxPixels: number;
  /** Uploads the HTTP server receives at once; the next is refused with TOO_MANY_UPLOADS. */
  maxConcurrentUploads: number;
  /** The Retry-After of an upload refused for maxConcurrentUploads. */
  uploadRetryAfterSeconds: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  c2paTrustAnchorsFile?: string;
  c2paTrustConfigFile?: string;
  /** Largest file whose C2PA manifest is validated; a larger one's is read unvalidated. */
  c2paMaxValidationBytes: number;
  /** The organisation's C2PA signing credentials for exports (provenance/export/signing-config.ts): PEM files… */
  signingCertFile?: string;
  signingKeyFile?: string;
  /** …or one PKCS#12 file and its password. Read at start, kept in memory, never stored in the database. */
  signingPkcs12File?: string;
  signingPkcs12Password?: string;
  /** The audit key file (decision 0012); absent: <dataDir>/audit.key, made on first start. */
  auditKeyFile?: string;
  /** A file or directory (append-only, WORM) to which every audit checkpoint is appended as a JSON line. */
  auditAnchor?: string;
  /** Off only for benchmarks and troubleshooting: intake then relies on declared fields alone. */
  readProvenance: boolean;
  /** Image embedding model for similarity and search (enrichment). */
  embedder: 'mobilenet' | 'clip' | 'none';
  /** NSFW/brand-safety moderation scores (MobileNet, bundled). */
  moderation: boolean;
  /** Text in images (OCR, tesseract.js; the 'text' enricher). */
  ocr: boolean;
  /** Faces and people in images (the 'faces' enricher). */
  faces: boolean;
  /** COCO objects in images, also as tags of source 'objects' (the 'objects' enricher). */
  objects: boolean;
  clipModelDir?: string;
  mobilenetModelDir?: string;
  /** Jobs one worker process runs at once (the global cap); per-queue caps below it. */
  workerConcurrency: number;
  /** Per-queue caps within a worker, e.g. { enrich: 2 }. */
  queueConcurrency?: Readonly<Record<string, number>>;
  jobLeaseSeconds: number;
  /** Longest pause between polls when the queue is idle. */
  jobPollMs: number;
  /** First retry delay; doubles per attempt (with jitter) up to an hour. */
  jobRetryBaseSeconds: number;
  /** Succeeded and cancelled jobs are deleted this many days after finishing. */
  jobRetentionDays: number;
  /** Days a soft-deleted asset is kept (restorable) before the purge removes it for good. */
  assetRetentionDays: number;
  /** Whether `provena serve` also runs a worker: auto = only on the embedded SQLite database. */
  embeddedWorker: 'auto' | 'on' | 'off';
}

interface Setting<K extends keyof Config> {
  key: K;
  env: string;
  flag: string;
  description: string;
  default?: string;
  parse(value: string): Config[K] | { problem: string };
}

const positiveInt = (max: number) => (value: string) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 && n <= max ? n : { problem: `must be a whole number between 1 and ${max}` };
};
const text = (value: string) => value;
const bool = (value: string) =>
  ['true', '1', 'yes', 'on'].includes(value.toLowerCase())
    ? true
    : ['false', '0', 'no', 'off'].includes(value.toLowerCase())
      ? false
      : { problem: 'must be true or false' };
const path = (value: string) => resolve(value);
/** "queue=n,queue=n" → { queue: n }. */
const queueCaps = (value: string): Readonly<Record<string, number>> | { problem: string } => {
  const caps: Record<string, number> = {};
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z0-9][a-z0-9._:-]{0,99})=(\d{1,3})$/.exec(part);
    if (!match || Number(match[2]) < 1)
      return { problem: `must be queue=n pairs separated by commas, n ≥ 1 (at "${part}")` };
    caps[match[1]!] = Number(match[2]);
  }
  return Object.freeze(caps);
};
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (value: string): T | { problem: string } =>
    values.find((v) => v === value) ?? { problem: `must be one of ${values.join(', ')}` };
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** Comma-separated entries, blanks dropped. */
const listOf = (value: string) =>
  value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
const hostName = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const hostNames = (value: string): readonly string[] | { problem: string } => {
  const names = listOf(value).map((name) => name.toLowerCase());
  const bad = names.find((name) => !hostName.test(name));
  return bad === undefined
    ? Object.freeze(names)
    : { problem: `must be host names without port, separated by commas; *.name for every subdomain (at "${bad}")` };
};
/** Origins as browsers send them: scheme, host and port only, lower case, the default port left out. */
const origins = (value: string): readonly string[] | { problem: string } => {
  const found: string[] = [];
  for (const entry of listOf(value)) {
    const url = URL.canParse(entry) ? new URL(entry) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search || url.username)
      return { problem: `must be origins like https://app.example.com (no path), separated by commas (at "${entry}")` };
    found.push(url.origin);
  }
  return Object.freeze(found);
};
const proxyKeywords = ['loopback', 'linklocal', 'uniquelocal'];
/** An address or CIDR block (IPv4 or IPv6), or one of proxy-addr's keywords. */
const isProxyAddress = (entry: string) => {
  if (proxyKeywords.includes(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};
const trustedProxies = (value: string): Config['trustProxy'] | { problem: string } => {
  const flag = bool(value);
  if (typeof flag === 'boolean') return flag;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = listOf(value);
  const bad = entries.find((entry) => !isProxyAddress(entry));
  return bad === undefined && entries.length > 0
    ? Object.freeze(entries)
    : {
        problem: `must be false, true, a hop count, or addresses/CIDRs (or loopback, linklocal, uniquelocal) separated by commas (at "${bad ?? value}")`,
      };
};

/** The table documents itself: `provena --help` and docs print from it. */
export const settings = [
  {
    key: 'dataDir',
    env: 'PROVENA_DATA_DIR',
    flag: '--data-dir',
    default: './data',
    description: 'where blobs and the embedded database live',
    parse: path,
  },
  {
    key: 'webAppDir',
    env: 'PROVENA_WEB_APP_DIR',
    flag: '--web-app-dir',
    // Two folders up from src/config/ and from dist/config/ alike: the package's own build of web/.
    default: fileURLToPath(new URL('../../web/dist', import.meta.url)),
    description: 'the built web app served at / (npm install builds it into web/dist)',
    parse: path,
  },
  {
    key: 'host',
    env: 'PROVENA_HOST',
    flag: '--host',
    default: '127.0.0.1',
    description: 'address the HTTP server binds to',
    parse: text,
  },
  {
    key: 'port',
    env: 'PROVENA_PORT',
    flag: '--port',
    default: '8080',
    description: 'HTTP port',
    parse: positiveInt(65535),
  },
  {
    key: 'headersTimeoutSeconds',
    env: 'PROVENA_HEADERS_TIMEOUT_SECONDS',
    flag: '--headers-timeout-seconds',
    default: '30',
    description: 'seconds a client has to send its request headers (checked every few seconds)',
    parse: positiveInt(3600),
  },
  {
    key: 'requestTimeoutSeconds',
    env: 'PROVENA_REQUEST_TIMEOUT_SECONDS',
    flag: '--request-timeout-seconds',
    default: '3600',
    description: 'seconds a client has to send a whole request, upload included (the largest upload must fit)',
    parse: positiveInt(86_400),
  },
  {
    key: 'idleTimeoutSeconds',
    env: 'PROVENA_IDLE_TIMEOUT_SECONDS',
    flag: '--idle-timeout-seconds',
    default: '120',
    description: 'seconds a connection may pass without a byte either way before it is closed',
    parse: positiveInt(86_400),
  },
  {
    key: 'keepAliveTimeoutSeconds',
    env: 'PROVENA_KEEP_ALIVE_TIMEOUT_SECONDS',
    flag: '--keep-alive-timeout-seconds',
    default: '72',
    description: "seconds an idle keep-alive connection is kept for the next request (above a proxy's 60 s)",
    parse: positiveInt(3600),
  },
  {
    key: 'uploadMinBytesPerSecond',
    env: 'PROVENA_UPLOAD_MIN_BYTES_PER_SECOND',
    flag: '--upload-min-bytes-per-second',
    default: '1024',
    description: 'an upload slower than this over a whole rate window is cut off (408) and its partial file removed',
    parse: positiveInt(2 ** 40),
  },
  {
    key: 'uploadRateWindowSeconds',
    env: 'PROVENA_UPLOAD_RATE_WINDOW_SECONDS',
    flag: '--upload-rate-window-seconds',
    default: '30',
    description: 'seconds over which the upload rate is measured',
    parse: positiveInt(3600),
  },
  {
    key: 'rateLimitUploads',
    env: 'PROVENA_RATE_LIMIT_UPLOADS',
    flag: '--rate-limit-uploads',
    default: '60',
    description: 'uploads one client may start per minute (429 beyond)',
    parse: positiveInt(1_000_000),
  },
  {
    key: 'rateLimitExpensive',
    env: 'PROVENA_RATE_LIMIT_EXPENSIVE',
    flag: '--rate-limit-expensive',
    default: '120',
    description: 'listings, enrichment views and preview renditions one client may request per minute (429 beyond)',
    parse: positiveInt(1_000_000),
  },
  {
    key: 'rateLimitShareLinks',
    env: 'PROVENA_RATE_LIMIT_SHARE_LINKS',
    flag: '--rate-limit-share-links',
    default: '120',
    description: 'share-link pages and downloads (/s/…) one client may request per minute (429 beyond)',
    parse: positiveInt(1_000_000),
  },
  {
    key: 'shareLinkMaxDays',
    env: 'PROVENA_SHARE_LINK_MAX_DAYS',
    flag: '--share-link-max-days',
    default: '90',
    description: 'the longest a share link may stay valid, in days (every link must be given an expiry)',
    parse: positiveInt(3660),
  },
  {
    key: 'publicUrl',
    env: 'PROVENA_PUBLIC_URL',
    flag: '--public-url',
    description:
      'the address people reach this server at (https://dam.example.com), for the share links `provena share create` prints; default http://HOST:PORT',
    parse: (v: string) =>
      /^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/i.test(v.trim())
        ? v.trim().replace(/\/+$/, '')
        : { problem: 'must be an http:// or https:// address without query or fragment' },
  },
  {
    key: 'allowedHosts',
    env: 'PROVENA_ALLOWED_HOSTS',
    flag: '--allowed-hosts',
    description:
      'host names the server answers to besides localhost, IP addresses and PROVENA_HOST, comma-separated (*.example.com for subdomains); others get 421',
    parse: hostNames,
  },
  {
    key: 'allowedOrigins',
    env: 'PROVENA_ALLOWED_ORIGINS',
    flag: '--allowed-origins',
    description:
      "origins (https://app.example.com) whose web pages may make changing requests besides the server's own, comma-separated; others get 403",
    parse: origins,
  },
  {
    key: 'trustProxy',
    env: 'PROVENA_TRUST_PROXY',
    flag: '--trust-proxy',
    default: 'false',
    description:
      'reverse proxy whose X-Forwarded-For/-Host/-Proto to believe: false, true (any peer: only behind a proxy that overwrites them), a hop count, or addresses/CIDRs, comma-separated',
    parse: trustedProxies,
  },
  {
    key: 'databaseUrl',
    env: 'PROVENA_DATABASE_URL',
    flag: '--database-url',
    description: 'postgres://… for PostgreSQL; absent means embedded SQLite under the data directory',
    parse: (v: string) =>
      /^(postgres(ql)?:\/\/|sqlite:|file:)/.test(v) ? v : { problem: 'must start with postgres://, sqlite: or file:' },
  },
  {
    key: 'maxUploadBytes',
    env: 'PROVENA_MAX_UPLOAD_BYTES',
    flag: '--max-upload-bytes',
    default: String(1024 ** 3),
    description: 'largest accepted file, in bytes (refused while streaming)',
    parse: positiveInt(2 ** 50),
  },
  {
    key: 'maxPixels',
    env: 'PROVENA_MAX_PIXELS',
    flag: '--max-pixels',
    default: String(200_000_000),
    description: 'largest accepted image, in pixels (decompression-bomb guard)',
    parse: positiveInt(2 ** 40),
  },
  {
    key: 'maxConcurrentUploads',
    env: 'PROVENA_MAX_CONCURRENT_UPLOADS',
    flag: '--max-concurrent-uploads',
    default: '4',
    description:
      'uploads the server receives at once (each holds up to 16 MB in memory while it is checked: its form fields and a small file); more are refused with 503 TOO_MANY_UPLOADS and Retry-After',
    parse: positiveInt(1024),
  },
  {
    key: 'uploadRetryAfterSeconds',
    env: 'PROVENA_UPLOAD_RETRY_AFTER_SECONDS',
    flag: '--upload-retry-after-seconds',
    default: '5',
    description: 'the Retry-After, in seconds, of an upload refused for --max-concurrent-uploads',
    parse: positiveInt(3600),
  },
  {
    key: 'logLevel',
    env: 'PROVENA_LOG_LEVEL',
    flag: '--log-level',
    default: 'info',
    description: `log level: ${logLevels.join(', ')}`,
    parse: oneOf(logLevels),
  },
  {
    key: 'c2paTrustAnchorsFile',
    env: 'PROVENA_C2PA_TRUST_ANCHORS',
    flag: '--c2pa-trust-anchors',
    description: 'PEM bundle of C2PA trust anchors (read offline; never fetched)',
    parse: path,
  },
  {
    key: 'c2paTrustConfigFile',
    env: 'PROVENA_C2PA_TRUST_CONFIG',
    flag: '--c2pa-trust-config',
    description: 'C2PA trust configuration: allowed EKU OIDs, one per line',
    parse: path,
  },
  {
    key: 'c2paMaxValidationBytes',
    env: 'PROVENA_C2PA_MAX_VALIDATION_BYTES',
    flag: '--c2pa-max-validation-bytes',
    default: String(16 * 1024 ** 2),
    description:
      "largest file whose C2PA manifest is validated (the validator holds the whole file in memory several times over); a larger file's manifest is read unvalidated, with a warning",
    parse: positiveInt(2 ** 40),
  },
  {
    key: 'signingCertFile',
    env: 'PROVENA_SIGNING_CERT',
    flag: '--signing-cert',
    description:
      'C2PA signing of exports: PEM certificate chain, leaf first (with --signing-key; or give --signing-pkcs12); unset: exports that change a file carry no C2PA manifest',
    parse: path,
  },
  {
    key: 'signingKeyFile',
    env: 'PROVENA_SIGNING_KEY',
    flag: '--signing-key',
    description: "C2PA signing of exports: the leaf certificate's unencrypted PEM private key, best mode 0600",
    parse: path,
  },
  {
    key: 'signingPkcs12File',
    env: 'PROVENA_SIGNING_PKCS12',
    flag: '--signing-pkcs12',
    description: 'C2PA signing of exports: a PKCS#12 (.p12/.pfx) file with the key and its certificate chain',
    parse: path,
  },
  {
    key: 'signingPkcs12Password',
    env: 'PROVENA_SIGNING_PKCS12_PASSWORD',
    flag: '--signing-pkcs12-password',
    description: 'the password of --signing-pkcs12 (best given in the environment: a flag shows in the process list)',
    parse: text,
  },
  {
    key: 'auditKeyFile',
    env: 'PROVENA_AUDIT_KEY_FILE',
    flag: '--audit-key-file',
    description:
      'the audit log key: 64 hex digits, mode 0600, best kept where the database cannot be written from; absent: <data dir>/audit.key, made on first start',
    parse: path,
  },
  {
    key: 'auditAnchor',
    env: 'PROVENA_AUDIT_ANCHOR',
    flag: '--audit-anchor',
    description:
      'append-only file, or directory, on another volume (a WORM mount, say) to which each audit checkpoint is appended as a JSON line',
    parse: path,
  },
  {
    key: 'readProvenance',
    env: 'PROVENA_READ_PROVENANCE',
    flag: '--read-provenance',
    default: 'true',
    description: 'read embedded provenance at intake (false only for benchmarks and troubleshooting)',
    parse: bool,
  },
  {
    key: 'embedder',
    env: 'PROVENA_EMBEDDER',
    flag: '--embedder',
    default: 'mobilenet',
    description: 'image embedding model: mobilenet (bundled), clip (needs --clip-model-dir) or none',
    parse: oneOf(['mobilenet', 'clip', 'none']),
  },
  {
    key: 'moderation',
    env: 'PROVENA_MODERATION',
    flag: '--moderation',
    default: 'true',
    description: 'compute moderation (NSFW) scores with the bundled MobileNet',
    parse: bool,
  },
  {
    key: 'ocr',
    env: 'PROVENA_OCR',
    flag: '--ocr',
    default: 'on',
    description:
      'read text in images (OCR, tesseract.js with its bundled English data; loaded on first use): on or off',
    parse: bool,
  },
  {
    key: 'faces',
    env: 'PROVENA_FACES',
    flag: '--faces',
    default: 'on',
    description:
      'find faces and people in images (bundled blazeface with a mesh check; loaded on first use): on or off',
    parse: bool,
  },
  {
    key: 'objects',
    env: 'PROVENA_OBJECTS',
    flag: '--objects',
    default: 'on',
    description: 'find COCO objects in images, recorded as tags of source objects (bundled CenterNet): on or off',
    parse: bool,
  },
  {
    key: 'clipModelDir',
    env: 'PROVENA_CLIP_MODEL_DIR',
    flag: '--clip-model-dir',
    description: 'directory of a CLIP ONNX export (Hugging Face layout); enables CLIP embeddings and zero-shot tags',
    parse: path,
  },
  {
    key: 'mobilenetModelDir',
    env: 'PROVENA_MOBILENET_MODEL_DIR',
    flag: '--mobilenet-model-dir',
    description: 'tfjs layers model replacing the MobileNet weights bundled in nsfwjs',
    parse: path,
  },
  {
    key: 'workerConcurrency',
    env: 'PROVENA_WORKER_CONCURRENCY',
    flag: '--worker-concurrency',
    default: '2',
    description: 'background jobs one worker process runs at once (all queues together)',
    parse: positiveInt(256),
  },
  {
    key: 'queueConcurrency',
    env: 'PROVENA_QUEUE_CONCURRENCY',
    flag: '--queue-concurrency',
    description:
      'per-queue caps within a worker, e.g. "enrich=2,maintenance=1" (each also bounded by the worker concurrency)',
    parse: queueCaps,
  },
  {
    key: 'jobLeaseSeconds',
    env: 'PROVENA_JOB_LEASE_SECONDS',
    flag: '--job-lease-seconds',
    default: '60',
    description: 'how long a job stays leased without a heartbeat before another worker may re-run it',
    parse: positiveInt(3600),
  },
  {
    key: 'jobPollMs',
    env: 'PROVENA_JOB_POLL_MS',
    flag: '--job-poll-ms',
    default: '2000',
    description: 'longest pause between polls for new jobs when idle, in milliseconds',
    parse: positiveInt(60_000),
  },
  {
    key: 'jobRetryBaseSeconds',
    env: 'PROVENA_JOB_RETRY_BASE_SECONDS',
    flag: '--job-retry-base-seconds',
    default: '10',
    description: 'first retry delay of a failed job; doubles per attempt, with jitter, up to an hour',
    parse: positiveInt(3600),
  },
  {
    key: 'jobRetentionDays',
    env: 'PROVENA_JOB_RETENTION_DAYS',
    flag: '--job-retention-days',
    default: '7',
    description: 'days succeeded and cancelled jobs are kept (dead jobs stay until retried or cancelled)',
    parse: positiveInt(3650),
  },
  {
    key: 'assetRetentionDays',
    env: 'PROVENA_ASSET_RETENTION_DAYS',
    flag: '--asset-retention-days',
    default: '30',
    description:
      'days a deleted asset can still be restored; `provena purge` then removes it and the files no other version uses',
    parse: positiveInt(36500),
  },
  {
    key: 'embeddedWorker',
    env: 'PROVENA_EMBEDDED_WORKER',
    flag: '--embedded-worker',
    default: 'auto',
    description:
      'run background jobs inside `provena serve`: auto (only on embedded SQLite), on, off (run `provena worker`)',
    parse: oneOf(['auto', 'on', 'off']),
  },
  ...oidcSettings,
] as const satisfies ReadonlyArray<Setting<keyof Config>>;

/** Flags are keyed by Config key (as commander delivers them); env by variable name. */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  flags: Partial<Record<keyof Config, string | undefined>> = {},
): Readonly<Config> {
  const problems: FieldProblem[] = [];
  const config: Record<string, unknown> = {};
  for (const setting of settings as ReadonlyArray<Setting<keyof Config>>) {
    const fromFlag = flags[setting.key];
    const raw = fromFlag ?? env[setting.env] ?? setting.default;
    if (raw === undefined || raw === '') continue;
    const parsed = setting.parse(raw.trim());
    if (typeof parsed === 'object' && parsed !== null && 'problem' in parsed) {
      problems.push({
        field: fromFlag !== undefined ? setting.flag : setting.env,
        problem: `"${raw}" ${parsed.problem}`,
      });
    } else {
      config[setting.key] = parsed;
    }
  }
  // Node refuses to start a server whose header timeout exceeds its request timeout: said here, with the settings.
  const { headersTimeoutSeconds: headers, requestTimeoutSeconds: request } = config;
  if (typeof headers === 'number' && typeof request === 'number' && headers > request) {
    const name = (key: 'headersTimeoutSeconds' | 'requestTimeoutSeconds', flag: string, env: string) =>
      flags[key] !== undefined ? flag : env;
    problems.push({
      field: name('headersTimeoutSeconds', '--headers-timeout-seconds', 'PROVENA_HEADERS_TIMEOUT_SECONDS'),
      problem: `"${headers}" must not exceed the request timeout (${name('requestTimeoutSeconds', '--request-timeout-seconds', 'PROVENA_REQUEST_TIMEOUT_SECONDS')}, ${request})`,
    });
  }
  // Sign-on settings that only make sense together; an issuer that failed to parse is reported once, above.
  const nameOf = (key: keyof Config) => {
    const setting = settings.find((s) => s.key === key)!;
    return flags[key] !== undefined ? setting.flag : setting.env;
  };
  if (!problems.some((p) => p.field === nameOf('oidcIssuer'))) problems.push(...oidcProblems(config, nameOf));
  if (problems.length > 0) {
    throw new ProvenaError(
      'CONFIG_INVALID',
      `Invalid configuration: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`,
      {
        problems,
      },
    );
  }
  return Object.freeze(config as unknown as Config);
}
