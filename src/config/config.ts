/**
 * One validated, frozen configuration. Sources, highest first: command-line flags, PROVENA_* environment variables,
 * defaults. Every problem is reported at once, at start-up, with the variable or flag to fix.
 */
import { resolve } from 'node:path';
import { ProvenaError, type FieldProblem } from '../domain/errors.ts';

export interface Config {
  dataDir: string;
  host: string;
  port: number;
  /** Absent: embedded SQLite at <dataDir>/provena.db. */
  databaseUrl?: string;
  maxUploadBytes: number;
  maxPixels: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  c2paTrustAnchorsFile?: string;
  c2paTrustConfigFile?: string;
  /** Off only for benchmarks and troubleshooting: intake then relies on declared fields alone. */
  readProvenance: boolean;
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
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The table documents itself: `provena --help` and docs print from it. */
export const settings = [
  { key: 'dataDir', env: 'PROVENA_DATA_DIR', flag: '--data-dir', default: './data', description: 'where blobs and the embedded database live', parse: path },
  { key: 'host', env: 'PROVENA_HOST', flag: '--host', default: '127.0.0.1', description: 'address the HTTP server binds to', parse: text },
  { key: 'port', env: 'PROVENA_PORT', flag: '--port', default: '8080', description: 'HTTP port', parse: positiveInt(65535) },
  {
    key: 'databaseUrl',
    env: 'PROVENA_DATABASE_URL',
    flag: '--database-url',
    description: 'postgres://… for PostgreSQL; absent means embedded SQLite under the data directory',
    parse: (v: string) => (/^(postgres(ql)?:\/\/|sqlite:|file:)/.test(v) ? v : { problem: 'must start with postgres://, sqlite: or file:' }),
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
    key: 'logLevel',
    env: 'PROVENA_LOG_LEVEL',
    flag: '--log-level',
    default: 'info',
    description: `log level: ${logLevels.join(', ')}`,
    parse: (v: string) => ((logLevels as readonly string[]).includes(v) ? (v as Config['logLevel']) : { problem: `must be one of ${logLevels.join(', ')}` }),
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
    key: 'readProvenance',
    env: 'PROVENA_READ_PROVENANCE',
    flag: '--read-provenance',
    default: 'true',
    description: 'read embedded provenance at intake (false only for benchmarks and troubleshooting)',
    parse: bool,
  },
] as const satisfies ReadonlyArray<Setting<keyof Config>>;

/** Flags are keyed by Config key (as commander delivers them); env by variable name. */
export function loadConfig(env: NodeJS.ProcessEnv, flags: Partial<Record<keyof Config, string | undefined>> = {}): Readonly<Config> {
  const problems: FieldProblem[] = [];
  const config: Record<string, unknown> = {};
  for (const setting of settings as ReadonlyArray<Setting<keyof Config>>) {
    const fromFlag = flags[setting.key];
    const raw = fromFlag ?? env[setting.env] ?? setting.default;
    if (raw === undefined || raw === '') continue;
    const parsed = setting.parse(raw.trim());
    if (typeof parsed === 'object' && parsed !== null && 'problem' in parsed) {
      problems.push({ field: fromFlag !== undefined ? setting.flag : setting.env, problem: `"${raw}" ${parsed.problem}` });
    } else {
      config[setting.key] = parsed;
    }
  }
  if (problems.length > 0) {
    throw new ProvenaError('CONFIG_INVALID', `Invalid configuration: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, {
      problems,
    });
  }
  return Object.freeze(config as unknown as Config);
}
