/**
 * Proof that OCR fetches nothing (issue 13 §2): the recogniser starts and reads in a child process where every way out
 * — fetch, http(s), net, tls, dns — is replaced, in the main thread and in tesseract's worker thread alike (a
 * --require preload runs in every thread), by a function that records the call and throws; and, where the machine
 * allows it, inside a network namespace with no interfaces but loopback (unshare -rn).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWith } from '../../../test/requirements.ts';

// A connection to a local socket path is not network use (tsx talks to its parent that way in every thread): passed
// through. Anything with a host or port is refused.
const trapSource = `
const { threadId } = require('node:worker_threads');
const fs = require('node:fs');
const log = (line) => fs.appendFileSync(process.env.PROVENA_NETWORK_TRAP_LOG, line + '\\n');
log('installed in thread ' + threadId);
const toLocalSocket = (args) =>
  typeof args[0] === 'string' && !/^\\d+$/.test(args[0]) || (typeof args[0] === 'object' && args[0] !== null && 'path' in args[0] && args[0].path);
const refuse = (name, original) => function refused(...args) {
  if (original && toLocalSocket(args)) return original.apply(this, args);
  log('called ' + name + ' in thread ' + threadId);
  throw new Error('network use refused by the test: ' + name);
};
globalThis.fetch = refuse('fetch');
const ways = { 'node:http': ['request', 'get'], 'node:https': ['request', 'get'], 'node:tls': ['connect'],
  'node:dns': ['lookup', 'resolve', 'resolve4', 'resolve6'] };
for (const [name, functions] of Object.entries(ways)) {
  const module = require(name);
  for (const fn of functions) module[fn] = refuse(name + '.' + fn);
}
const net = require('node:net');
for (const fn of ['connect', 'createConnection']) net[fn] = refuse('node:net.' + fn, net[fn]);
for (const fn of ['lookup', 'resolve']) require('node:dns').promises[fn] = refuse('dns.promises.' + fn);
`;

const canUnshare = (() => {
  try {
    execFileSync('unshare', ['-rn', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const work = mkdtempSync(path.join(tmpdir(), 'provena-ocr-offline-'));
const trap = path.join(work, 'network-trap.cjs');
writeFileSync(trap, trapSource);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function readOffline(probe: boolean): { text: string; trapLog: string[]; status: number | null; stderr: string } {
  const trapLog = path.join(work, `trap-${probe ? 'probe' : 'run'}.log`);
  writeFileSync(trapLog, '');
  const script = path.join(import.meta.dirname, 'testing', 'read-offline.ts');
  const node = [process.execPath, '--require', trap, '--import', 'tsx', script];
  const [command, args] = canUnshare ? ['unshare', ['-rn', ...node]] : [node[0]!, node.slice(1)];
  const child = spawnSync(command, args, {
    env: { ...process.env, PROVENA_NETWORK_TRAP_LOG: trapLog, PROVENA_PROBE_NETWORK: probe ? '1' : '0' },
    encoding: 'utf8',
    timeout: 240_000,
  });
  const lines = readFileSync(trapLog, 'utf8').split('\n').filter(Boolean);
  const text = child.status === 0 ? (JSON.parse(child.stdout) as { text: string }).text : '';
  return { text, trapLog: lines, status: child.status, stderr: child.stderr };
}

describeWith(
  'fonts',
  `OCR offline${canUnshare ? ' (trapped, and in a network namespace without network)' : ' (trapped; unshare -rn is not available here)'}`,
  () => {
    it('starts tesseract and reads text without a single network call in any thread', () => {
      const run = readOffline(false);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.text).toBe('Offline Harbour');
      // The trap was in place in the main thread and in at least one worker thread (tesseract's)…
      expect(run.trapLog).toContain('installed in thread 0');
      expect(run.trapLog.some((line) => /^installed in thread [1-9]/.test(line))).toBe(true);
      // …and nothing tried to go out.
      expect(run.trapLog.filter((line) => line.startsWith('called'))).toEqual([]);
    });

    it('the trap records a fetch when one is made (so the run above could have failed)', () => {
      const probe = readOffline(true);
      expect(probe.status).toBe(0);
      expect(probe.trapLog).toContain('called fetch in thread 0');
    });
  },
);
