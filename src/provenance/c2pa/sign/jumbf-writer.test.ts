import { describe, expect, it } from 'vitest';
import { childByLabel, isSuperbox, parseJumbf } from '../jumbf.ts';
import { c2paTypeUuid, cborSuperBox, jumbfBox, superBox, superBoxHashInput } from './jumbf-writer.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('JUMBF writer', () => {
  it('writes the manifest-store header C2PA specifies', () => {
    const store = superBox(c2paTypeUuid('c2pa'), 'c2pa', []);
    // LBox, 'jumb', jumd length 30, 'jumd', UUID c2pa-0011-0010-8000-00AA00389B71, toggles 03, 'c2pa\0'
    expect(hex(store)).toBe(
      '00000026' + '6a756d62' + '0000001e6a756d64' + '6332706100110010800000aa00389b71' + '03' + '6332706100',
    );
  });

  it('adds a c2sh salt box and toggle 0x10 when salted', () => {
    const salt = new Uint8Array(16).fill(7);
    const box = cborSuperBox('cbor', 'c2pa.actions.v2', Uint8Array.of(0xa0), salt);
    const parsed = parseJumbf(box);
    const root = parsed.boxes[0];
    expect(parsed.warnings).toEqual([]);
    expect(isSuperbox(root) && root.description?.toggles).toBe(0x13);
    expect(isSuperbox(root) && root.description?.privateBox?.type).toBe('c2sh');
    expect(isSuperbox(root) && hex(root.description?.privateBox?.payload ?? new Uint8Array())).toBe(hex(salt));
  });

  it('nests superboxes so that the project reader finds them by label', () => {
    const claim = cborSuperBox('c2cl', 'c2pa.claim.v2', Uint8Array.of(0xa0));
    const manifest = superBox(c2paTypeUuid('c2ma'), 'urn:c2pa:0b6c2f0e-0000-4000-8000-000000000000', [claim]);
    const root = parseJumbf(superBox(c2paTypeUuid('c2pa'), 'c2pa', [manifest])).boxes[0];
    const found = isSuperbox(root) ? childByLabel(root, 'urn:c2pa:0b6c2f0e-0000-4000-8000-000000000000') : undefined;
    expect(found && childByLabel(found, 'c2pa.claim.v2')).toBeDefined();
  });

  it('hashes a superbox without its own header', () => {
    const box = jumbfBox('jumb', Uint8Array.of(1, 2, 3));
    expect(hex(superBoxHashInput(box))).toBe('010203');
  });

  it.each(['', 'a/b', 'with space', 'nul\0', '#frag'])('refuses the label %j', (label) => {
    expect(() => superBox(c2paTypeUuid('c2pa'), label, [])).toThrow(RangeError);
  });
});
