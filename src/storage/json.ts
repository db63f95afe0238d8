/** JSON columns: `jsonb` on PostgreSQL comes back parsed, `text` on SQLite comes back as a string. */
export const toJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { $bytes: Buffer.from(v).toString('base64') } : v,
  );

export function fromJson<T>(value: unknown): T {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return reviveBytes(parsed) as T;
}

/** Byte arrays (e.g. a C2PA manifest store) are stored as {$bytes: base64}; turn them back into Uint8Array. */
function reviveBytes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reviveBytes);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.$bytes === 'string' && Object.keys(record).length === 1) {
      return new Uint8Array(Buffer.from(record.$bytes, 'base64'));
    }
    for (const key of Object.keys(record)) record[key] = reviveBytes(record[key]);
  }
  return value;
}
