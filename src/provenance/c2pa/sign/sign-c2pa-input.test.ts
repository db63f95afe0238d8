/** Bad options and hostile files: every one must end in a clear ProvenaError, never a crash or a hang. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProvenaError, type ErrorCode } from '../../../domain/errors.ts';
import { signC2pa, type SignC2paOptions } from './sign-c2pa.ts';
import { makeImage } from './sign-test-support.ts';
import { generateTestPki, type TestPki } from './test-pki.ts';

let pki: TestPki;
let png: Uint8Array;
let jpeg: Uint8Array;
let webp: Uint8Array;

beforeAll(async () => {
  pki = generateTestPki();
  [png, jpeg, webp] = await Promise.all([makeImage('png'), makeImage('jpeg'), makeImage('webp')]);
});

const options = (extra: Partial<SignC2paOptions> = {}): SignC2paOptions => ({
  certificateChainPem: pki.chainPem,
  privateKeyPem: pki.leafKeyPem,
  action: 'c2pa.created',
  digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
  ...extra,
});

const codeOf = (run: () => unknown): ErrorCode | 'none' | 'not a ProvenaError' => {
  try {
    run();
    return 'none';
  } catch (error) {
    return error instanceof ProvenaError ? error.code : 'not a ProvenaError';
  }
};

describe('signC2pa input checks', () => {
  it.each<[string, Partial<SignC2paOptions>]>([
    ['an unknown action', { action: 'c2pa.deleted' as SignC2paOptions['action'] }],
    ['c2pa.created without a digital source type', { digitalSourceType: undefined }],
    ['a digital source type that is not a URI', { digitalSourceType: 'trainedAlgorithmicMedia' }],
    ['a software agent without a name', { softwareAgent: { name: ' ' } }],
    ['a claim generator with a non-string version', { claimGenerator: { name: 'x', version: 3 as unknown as string } }],
    ['an over-long title', { title: 'x'.repeat(5000) }],
    ['an invalid date', { when: new Date('nope') }],
  ])('rejects %s with VALIDATION_FAILED', (_name, extra) => {
    expect(codeOf(() => signC2pa(png, 'image/png', options(extra)))).toBe('VALIDATION_FAILED');
  });

  it('lists every problem at once', () => {
    try {
      signC2pa(png, 'image/png', options({ digitalSourceType: undefined, title: 'x'.repeat(5000) }));
      expect.unreachable();
    } catch (error) {
      expect((error as ProvenaError).details.problems).toHaveLength(2);
    }
  });

  it('rejects bad credentials with CONFIG_INVALID', () => {
    expect(codeOf(() => signC2pa(png, 'image/png', options({ privateKeyPem: 'nope' })))).toBe('CONFIG_INVALID');
    expect(codeOf(() => signC2pa(png, 'image/png', options({ certificateChainPem: '' })))).toBe('CONFIG_INVALID');
  });

  it('rejects media types it cannot sign, and files whose bytes disagree with the type', () => {
    expect(codeOf(() => signC2pa(png, 'image/gif', options()))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(codeOf(() => signC2pa(png, 'image/jpeg', options()))).toBe('FILE_TYPE_MISMATCH');
    expect(codeOf(() => signC2pa(new Uint8Array(0), 'image/png', options()))).toBe('EMPTY_FILE');
    expect(codeOf(() => signC2pa(jpeg, 'image/JPG; charset=binary', options()))).toBe('none');
  });

  it.each([
    ['PNG', () => png, 'image/png'],
    ['JPEG', () => jpeg, 'image/jpeg'],
    ['WebP', () => webp, 'image/webp'],
  ] as const)('reports a truncated %s as CORRUPT_FILE', (_name, file, mediaType) => {
    const bytes = file();
    expect(codeOf(() => signC2pa(bytes.subarray(0, 40), mediaType, options()))).toBe('CORRUPT_FILE');
  });

  it('turns arbitrary damage into a ProvenaError or a signed file, never another exception', () => {
    const inputs = [
      ['image/png', png],
      ['image/jpeg', jpeg],
      ['image/webp', webp],
    ] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat(), { nil: undefined }),
        (which, edits, cut) => {
          const [mediaType, original] = inputs[which] ?? inputs[0];
          let bytes = new Uint8Array(original);
          // Keep the magic bytes so the container walkers, not the sniffer, meet the damage.
          for (const [at, value] of edits) bytes[12 + (at % Math.max(1, bytes.length - 12))] = value;
          if (cut !== undefined) bytes = bytes.subarray(0, 12 + (cut % bytes.length));
          const code = codeOf(() => signC2pa(bytes, mediaType, options()));
          expect(['none', 'CORRUPT_FILE', 'FILE_TYPE_MISMATCH']).toContain(code);
        },
      ),
      { numRuns: 150 },
    );
  });
});
