import type { Kysely } from 'kysely';
import type { Team } from '../domain/asset.ts';
import { newId } from '../domain/ids.ts';
import type { CatalogKind, CatalogRepository } from '../domain/ports.ts';
import type { Database } from './schema.ts';

const tables = { team: 'teams', campaign: 'campaigns', user: 'users' } as const;

/** Case- and spacing-insensitive key for a name: "Summer  Launch" and "summer-launch" are the same campaign. */
export const slugOf = (name: string): string =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .trim()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-');

export class SqlCatalogRepository implements CatalogRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async ensure(kind: CatalogKind, name: string): Promise<{ entry: Team; created: boolean }> {
    const slug = slugOf(name);
    const existing = await this.findBySlug(kind, slug);
    if (existing) return { entry: existing, created: false };
    const entry = { id: newId(), slug, name: name.trim() };
    await this.db
      .insertInto(tables[kind])
      .values({ ...entry, created_at: new Date().toISOString() })
      .execute();
    return { entry, created: true };
  }

  async findById(kind: CatalogKind, id: string): Promise<Team | undefined> {
    return this.db.selectFrom(tables[kind]).select(['id', 'slug', 'name']).where('id', '=', id).executeTakeFirst();
  }

  async list(kind: CatalogKind): Promise<Team[]> {
    return this.db.selectFrom(tables[kind]).select(['id', 'slug', 'name']).orderBy('name').execute();
  }

  async findBySlug(kind: CatalogKind, slug: string): Promise<Team | undefined> {
    return this.db
      .selectFrom(tables[kind])
      .select(['id', 'slug', 'name'])
      .where('slug', '=', slugOf(slug))
      .executeTakeFirst();
  }
}
