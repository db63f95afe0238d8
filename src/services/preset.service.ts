/**
 * The organisation's channel rendition presets (domain/export-presets.ts): anyone signed in may list and read them
 * (an export names one); saving and deleting need presets:manage and are audited with before and after.
 */
import { actorLabel, type RequestContext } from '../domain/access.ts';
import { digestOf } from '../domain/audit.ts';
import { notFound, validationFailed } from '../domain/errors.ts';
import { parsePreset, type StoredPreset } from '../domain/export-presets.ts';
import type { UnitOfWork } from '../domain/ports.ts';
import { authorise } from './authorise.ts';

export type PresetRepositories = 'presets' | 'audit';

const withoutStamp = ({ updatedAt: _at, updatedBy: _by, ...preset }: StoredPreset) => preset;

export class PresetService {
  constructor(private readonly deps: { store: UnitOfWork<PresetRepositories> }) {}

  // The context is not checked: every caller the API lets in may see which presets exist.
  async list(_ctx: RequestContext): Promise<StoredPreset[]> {
    return this.deps.store.presets.list();
  }

  async get(_ctx: RequestContext, name: string): Promise<StoredPreset> {
    const preset = await this.deps.store.presets.get(name);
    if (!preset) throw notFound('Preset', name);
    return preset;
  }

  /**
   * Creates or replaces the preset named in `input` (VALIDATION_FAILED naming every problem, nothing stored); with
   * `name`, the input's name must be that one or absent (a PUT to /presets/:name).
   */
  async save(ctx: RequestContext, input: unknown, name?: string): Promise<{ preset: StoredPreset; created: boolean }> {
    authorise(ctx, 'presets:manage');
    const named =
      name !== undefined && input !== null && typeof input === 'object' && !Array.isArray(input)
        ? { ...(input as Record<string, unknown>), name: (input as { name?: unknown }).name ?? name }
        : input;
    const preset = parsePreset(named);
    if (name !== undefined && preset.name !== name) {
      throw validationFailed([
        {
          field: 'preset.name',
          problem: `is ${preset.name} but the address names ${name}; rename by delete and create`,
        },
      ]);
    }
    const by = actorLabel(ctx.actor);
    const at = new Date().toISOString();
    return this.deps.store.transaction(async (tx) => {
      const before = await tx.presets.get(preset.name);
      const { created } = await tx.presets.save(preset, at, by);
      await tx.audit.append({
        actor: by,
        action: created ? 'preset.created' : 'preset.changed',
        subjectType: 'preset',
        subjectId: preset.name,
        ...(before ? { beforeDigest: digestOf(withoutStamp(before)) } : {}),
        afterDigest: digestOf(preset),
        details: { preset },
      });
      return { preset: { ...preset, updatedAt: at, updatedBy: by }, created };
    });
  }

  async delete(ctx: RequestContext, name: string): Promise<void> {
    authorise(ctx, 'presets:manage');
    await this.deps.store.transaction(async (tx) => {
      const before = await tx.presets.get(name);
      if (!before || !(await tx.presets.delete(name))) throw notFound('Preset', name);
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'preset.deleted',
        subjectType: 'preset',
        subjectId: name,
        beforeDigest: digestOf(withoutStamp(before)),
        details: { preset: withoutStamp(before) },
      });
    });
  }
}
