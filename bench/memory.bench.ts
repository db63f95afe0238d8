/**
 * npm run bench:memory — what uploads cost the server in memory, whatever their size: for each type intake accepts, a
 * real server (bin/provena serve on a temp data directory, a fresh one per type) receives 8 uploads of a 500 MB file
 * at once (bench/large-files.ts: small valid files padded with what an uploader controls), and its peak resident set
 * (VmHWM) must stay under 400 MB. Uploads past the server's cap get 503 TOO_MANY_UPLOADS and try again after its
 * Retry-After, as a client should, so that all 8 are received in the end; each one's outcome is printed.
 *
 * Intake alone: the embedded worker is off (enrichment's memory is that of its models and decoders, measured by
 * bench:enrich), and the per-client upload rate limit is raised out of the way of this one client. The server runs
 * the compiled dist/ when it is current, otherwise the sources through tsx, which costs some 35 MB more at rest;
 * each line says which.
 *
 * Usage: npm run bench:memory [-- --size-mb 500 --parallel 8 --limit-mb 400 --types png,jpeg,…]
 */
import { rmSync, mkdtempSync, createReadStream, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { currentCompiledEntry } from '../bin/compiled-cli.js';
import { largeFile, largeFileTypes, type LargeFile, type LargeFileType } from './large-files.ts';
import { adminToken } from '../test/cli.ts';
import { fmt, runMeasured } from './support.ts';
import { freePort } from '../test/free-port.ts';

const option = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const sizeMb = Number(option('size-mb', '500'));
const parallel = Number(option('parallel', '8'));
const limitMb = Number(option('limit-mb', '400'));
const types = option('types', largeFileTypes.join(','))
  .split(',')
  .map((t) => t.trim()) as LargeFileType[];
for (const type of types) if (!largeFileTypes.includes(type)) throw new Error(`unknown type ${type}`);

const bin = new URL('../bin/provena', import.meta.url).pathname;
const MB = 1024 * 1024;
const fields = {
  prompt: 'bench prompt',
  tool: 'Stable Diffusion web UI',
  toolVersion: '1.10.1',
  requestor: 'bench',
  team: 'Bench',
  intendedUse: 'web',
  campaign: 'Bench',
  rightsStatus: 'pending',
};

interface Attempt {
  status: number;
  code?: string;
  retryAfter?: number;
  error?: string;
}

/**
 * One upload with node:http (it reads an answer that arrives while the body is still being sent, as a refusal does),
 * the file streamed from disk with its variant byte set so that every copy is new to the server.
 */
/** The Authorization header of the uploads to the server of the type being measured (adminToken). */
let authorization = '';

function send(port: number, file: LargeFile, variant: number): Promise<Attempt> {
  const boundary = `----provena-bench-${variant}-${Date.now()}`;
  const head = Buffer.from(
    Object.entries(fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.fileName}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* body() {
    yield head;
    yield* createReadStream(file.path, { end: file.variantOffset - 1, highWaterMark: MB });
    yield Buffer.from([variant]);
    yield* createReadStream(file.path, { start: file.variantOffset + 1, highWaterMark: MB });
    yield tail;
  }
  return new Promise((resolve) => {
    let answered = false;
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/assets',
      headers: {
        authorization,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + file.size + tail.length,
      },
    });
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let code: string | undefined;
        try {
          code = (JSON.parse(text) as { error?: { code: string }; status?: string }).error?.code;
          code ??= (JSON.parse(text) as { status?: string }).status;
        } catch {
          code = text.slice(0, 80);
        }
        const retryAfter = Number(res.headers['retry-after']);
        resolve({ status: res.statusCode ?? 0, code, ...(retryAfter > 0 ? { retryAfter } : {}) });
      });
    });
    // After a refusal the server closes the connection while the body is still going: that is not the answer.
    req.on('error', (error) => {
      if (!answered) resolve({ status: 0, error: error.message });
    });
    const source = Readable.from(body());
    source.on('error', (error) => req.destroy(error));
    source.pipe(req);
  });
}

interface Outcome {
  attempts: Attempt[];
  seconds: number;
}

/**
 * A refusal the client could not read: the server answers an upload it refuses at once and closes the connection
 * while the body is still being sent, and node:http fails the write (EPIPE, ECONNRESET) before it has parsed the
 * answer (curl reads it). Taken for the refusal it is, and tried again after the server's default Retry-After.
 */
const refusedUnread = (attempt: Attempt) => attempt.status === 0 && /EPIPE|ECONNRESET/.test(attempt.error ?? '');
const defaultRetryAfterSeconds = 5;

/** Sends until the upload is answered with anything but a refusal, waiting its Retry-After in between. */
async function upload(port: number, file: LargeFile, variant: number): Promise<Outcome> {
  const started = performance.now();
  const attempts: Attempt[] = [];
  for (;;) {
    const attempt = await send(port, file, variant);
    attempts.push(attempt);
    if ((attempt.status !== 503 && !refusedUnread(attempt)) || attempts.length >= 50) break;
    await delay((attempt.retryAfter ?? defaultRetryAfterSeconds) * 1000);
  }
  return { attempts, seconds: (performance.now() - started) / 1000 };
}

const rssMb = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  } catch {
    return NaN;
  }
};

interface TypeRun {
  type: LargeFileType;
  file: LargeFile;
  /** The compiled dist/ (what an installed copy runs), or the sources through tsx (dist/ older than src/). */
  form: 'compiled' | 'sources';
  baselineMb: number;
  peakMb: number;
  outcomes: Outcome[];
  stderr: string;
}

async function runType(type: LargeFileType): Promise<TypeRun> {
  const file = await largeFile(type, sizeMb * MB);
  const dataDir = mkdtempSync(join(tmpdir(), 'provena-bench-memory-'));
  const port = await freePort();
  const form = currentCompiledEntry(new URL('..', import.meta.url).pathname) ? 'compiled' : 'sources';
  authorization = `Bearer ${adminToken({ PROVENA_DATA_DIR: dataDir })}`;
  const server = runMeasured(bin, ['serve'], {
    PROVENA_DATA_DIR: dataDir,
    PROVENA_PORT: String(port),
    PROVENA_LOG_LEVEL: 'warn',
    PROVENA_EMBEDDED_WORKER: 'off',
    PROVENA_MAX_UPLOAD_BYTES: String(Math.max(1024 * MB, file.size + 16 * MB)),
    PROVENA_RATE_LIMIT_UPLOADS: '1000000',
  });
  let exited = false;
  const done = server.done.then((run) => {
    exited = true;
    return run;
  });
  try {
    for (let i = 0; ; i++) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (exited || i > 600) throw new Error(`the server did not start: ${(await done).stderr.slice(0, 2000)}`);
      await delay(100);
    }
    const baselineMb = rssMb(server.pid()!);
    const outcomes = await Promise.all(Array.from({ length: parallel }, (_, i) => upload(port, file, i + 1)));
    const peakMb = server.peak();
    if (exited) throw new Error(`the server died: ${(await done).stderr.slice(0, 2000)}`);
    process.kill(server.pid()!, 'SIGTERM');
    const run = await done;
    return { type, file, form, baselineMb, peakMb: Math.max(peakMb, run.peakRssMb), outcomes, stderr: run.stderr };
  } finally {
    if (!exited) process.kill(server.pid()!, 'SIGKILL');
    await done;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const describe = (outcome: Outcome): string => {
  const last = outcome.attempts.at(-1)!;
  const earlier = outcome.attempts.slice(0, -1);
  const read = earlier.filter((a) => a.status === 503).length;
  const unread = earlier.filter(refusedUnread).length;
  const answer = last.error ? `no answer (${last.error})` : `${last.status} ${last.code ?? ''}`.trim();
  const refusals = [
    ...(read > 0 ? [`${read} × 503 ${earlier.find((a) => a.status === 503)?.code ?? ''}`.trim()] : []),
    ...(unread > 0 ? [`${unread} × refused unread (connection closed mid-body)`] : []),
  ];
  return `${answer} in ${fmt(outcome.seconds)} s${refusals.length > 0 ? ` after ${refusals.join(' and ')}` : ''}`;
};

console.log(
  `bench:memory — ${parallel} parallel uploads of ${sizeMb} MB per type, one fresh server per type; limit ${limitMb} MB peak RSS`,
);
const runs: TypeRun[] = [];
for (const type of types) {
  const run = await runType(type);
  runs.push(run);
  console.log(
    `\n${type}: ${run.file.fileName}, ${fmt(run.file.size / MB)} MB; server (${run.form}) RSS ${fmt(run.baselineMb)} MB at rest, ` +
      `peak ${fmt(run.peakMb)} MB${run.peakMb < limitMb ? '' : `  ← over the ${limitMb} MB limit`}`,
  );
  run.outcomes.forEach((outcome, i) => console.log(`  upload ${i + 1}: ${describe(outcome)}`));
  const errors = run.stderr
    .split('\n')
    .filter((line) => /"level":(50|60)/.test(line))
    .slice(0, 3);
  for (const line of errors) console.log(`  server error: ${line.slice(0, 300)}`);
}

const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(6) : c.padStart(14))).join('');
console.log(`\n${row(['type', 'file MB', 'at rest MB', 'peak RSS MB', 'answers', 'refusals'])}`);
for (const run of runs) {
  const answers = new Map<string, number>();
  for (const o of run.outcomes) {
    const last = o.attempts.at(-1)!;
    const key = last.error ? 'none' : String(last.status);
    answers.set(key, (answers.get(key) ?? 0) + 1);
  }
  console.log(
    row([
      run.type,
      fmt(run.file.size / MB, 0),
      fmt(run.baselineMb),
      fmt(run.peakMb),
      [...answers].map(([status, n]) => `${n}×${status}`).join(' '),
      String(run.outcomes.reduce((sum, o) => sum + o.attempts.length - 1, 0)),
    ]),
  );
}
const over = runs.filter((r) => r.peakMb >= limitMb);
const failed = runs.filter((r) =>
  r.outcomes.some((o) => (o.attempts.at(-1)?.status ?? 0) >= 300 || !o.attempts.at(-1)),
);
console.log(
  over.length === 0
    ? `\nevery server stayed under ${limitMb} MB`
    : `\nover ${limitMb} MB: ${over.map((r) => `${r.type} (${fmt(r.peakMb)} MB)`).join(', ')}`,
);
if (failed.length > 0) console.log(`uploads not admitted: ${failed.map((r) => r.type).join(', ')}`);
process.exitCode = over.length > 0 || failed.length > 0 ? 1 : 0;
