import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isProvenaError } from '../../domain/errors.ts';
import { fixturesDir } from './c2pa-test-support.ts';
import { checkTrustConfig, loadC2paTrust } from './trust-config.ts';
import { itWith } from '../../../test/requirements.ts';

const dir = mkdtempSync(join(tmpdir(), 'provena-c2pa-trust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function configError(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isProvenaError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a CONFIG_INVALID error');
}

describe('loadC2paTrust', () => {
  it('leaves out what is not configured', async () => {
    await expect(loadC2paTrust({})).resolves.toEqual({});
  });

  it('a missing file is CONFIG_INVALID naming the path', async () => {
    const e = await configError(loadC2paTrust({ trustAnchors: join(dir, 'nope.pem') }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toMatch(/nope\.pem: does not exist/);
  });

  it('a file without certificates, or with a damaged one, is CONFIG_INVALID', async () => {
    expect((await configError(loadC2paTrust({ trustAnchors: file('empty.pem', 'hello') }))).message).toMatch(
      /no PEM certificate/,
    );
    const broken = '-----BEGIN CERTIFICATE-----\nMIIBroken==\n-----END CERTIFICATE-----\n';
    expect((await configError(loadC2paTrust({ trustAnchors: file('broken.pem', broken) }))).message).toMatch(
      /certificate #1 is not a valid X\.509/,
    );
  });

  it('checks the EKU list and the allowed list', async () => {
    expect(() => checkTrustConfig('x.cfg', '// comment\n1.3.6.1.5.5.7.3.4\n')).not.toThrow();
    expect((await configError(loadC2paTrust({ trustConfig: file('bad.cfg', '1.3.6\nnot-an-oid\n') }))).message).toMatch(
      /line 2 is not an OID/,
    );
    expect((await configError(loadC2paTrust({ trustConfig: file('none.cfg', '// only comments\n') }))).message).toMatch(
      /no extended-key-usage OID/,
    );
    const hash = Buffer.alloc(32, 1).toString('base64');
    await expect(loadC2paTrust({ allowedList: file('allowed.txt', `${hash}\n`) })).resolves.toEqual({
      allowedListPem: `${hash}\n`,
    });
    expect((await configError(loadC2paTrust({ allowedList: file('allowed-bad.txt', 'abc\n') }))).message).toMatch(
      /neither PEM nor a base64 SHA-256/,
    );
  });

  itWith('sharedFixtures', 'loads the c2pa-rs test bundle and store.cfg from ../shared', async () => {
    const trust = await loadC2paTrust({
      trustAnchors: `${fixturesDir}trust/c2pa_rs_test_cert_root_bundle.pem`,
      trustConfig: `${fixturesDir}trust/c2pa_rs_store.cfg`,
    });
    expect(trust.trustAnchorsPem?.match(/BEGIN CERTIFICATE/g)).toHaveLength(8);
    expect(trust.trustConfig).toContain('1.3.6.1.5.5.7.3.36');
  });
});
