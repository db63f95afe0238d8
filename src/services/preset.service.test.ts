/** Presets as a service on both dialects: who may change them, validation before anything is stored, the audit. */
import { expect, it } from 'vitest';
import { member, operator, userContext } from '../../test/contexts.ts';
import { describeEachDialect } from '../../test/dialects.ts';
import { failure } from '../../test/failure.ts';
import { PresetService } from './preset.service.ts';

describeEachDialect('preset service', ({ store }) => {
  const service = () => new PresetService({ store: store() });
  const brand = userContext('bea', [member('team-1', 'brand')]);
  const viewer = userContext('vic', [member('team-1', 'viewer')]);

  it('anyone lists the presets; saving needs presets:manage, named in the refusal', async () => {
    expect((await service().list(viewer)).map((p) => p.name)).toContain('web-1600');
    const refused = await failure(service().save(viewer, { name: 'x', format: 'webp' }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toContain('presets:manage');
    const creatorToken = userContext('cat', [member('team-1', 'brand')], ['write']);
    expect((await failure(service().save(creatorToken, { name: 'x', format: 'webp' }))).code).toBe('FORBIDDEN');
  });

  it('creates and replaces a preset, audited with before and after; a bad one stores nothing', async () => {
    const created = await service().save(brand, { name: 'banner-2000', format: 'jpeg', width: 2000, quality: 88 });
    expect(created).toMatchObject({ created: true, preset: { name: 'banner-2000', updatedBy: 'user:bea' } });
    const changed = await service().save(brand, { format: 'jpeg', width: 2000, quality: 70 }, 'banner-2000');
    expect(changed).toMatchObject({ created: false, preset: { quality: 70 } });
    const trail = await store().audit.forSubject('preset', 'banner-2000');
    expect(trail.map((e) => [e.action, e.actor, e.beforeDigest === undefined])).toEqual([
      ['preset.created', 'user:bea', true],
      ['preset.changed', 'user:bea', false],
    ]);
    const bad = await failure(service().save(brand, { name: 'banner-2000', format: 'tiff', quality: 0 }));
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect((await service().get(brand, 'banner-2000')).quality).toBe(70);
    const renamed = await failure(service().save(brand, { name: 'other', format: 'webp' }, 'banner-2000'));
    expect(renamed.message).toContain('the address names banner-2000');
  });

  it('deletes a preset (audited); deleting one that is not there is NOT_FOUND', async () => {
    await service().save(operator, { name: 'gone-soon', format: 'png' });
    await service().delete(operator, 'gone-soon');
    expect((await failure(service().get(operator, 'gone-soon'))).code).toBe('NOT_FOUND');
    expect((await failure(service().delete(operator, 'gone-soon'))).code).toBe('NOT_FOUND');
    expect((await store().audit.forSubject('preset', 'gone-soon')).map((e) => e.action)).toEqual([
      'preset.created',
      'preset.deleted',
    ]);
  });
});
