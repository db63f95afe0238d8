/**
 * The audit log's tamper evidence (append-only, hash-chained): each entry's hash covers its own fields and the previous
 * entry's hash, so editing, deleting or reordering any entry breaks every hash after it. The hash is an HMAC-SHA-256
 * under a key kept outside the database, so that whoever can write the database cannot recompute the chain after an
 * edit; entries written before the log was keyed keep their plain SHA-256 and are sealed by the keyed cut-over entry
 * that records their head. The head is anchored outside the database too (checkpoints), so that deleting the newest
 * entries or rolling the database back shows. Decision 0012. Pure: hashing only, no I/O.
 */
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export interface AuditEvent {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  beforeDigest?: string;
  afterDigest?: string;
  details?: Record<string, unknown>;
}

/** How an entry's hash was made: plain SHA-256 (only before the cut-over) or HMAC-SHA-256 under the audit key. */
export const hashSchemes = ['sha256', 'hmac-sha256'] as const;
export type HashScheme = (typeof hashSchemes)[number];

export interface AuditEntry extends AuditEvent {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
  scheme: HashScheme;
  /** The id of the key a keyed entry was made with (AuditKey.id). */
  keyId?: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export const genesisHash = '0'.repeat(64);

/** The action of the keyed entry that seals the plain SHA-256 entries written before the log was keyed. */
export const cutOverAction = 'audit.keyed';

/** What the cut-over entry records: the head of the plain chain it seals, and the rows it gave their first digest. */
export interface CutOverDetails {
  legacyHead: ChainHead;
  sealedRows: { assets: number; versions: number };
}

/**
 * JSON with object keys sorted at every depth, so that the same value always hashes the same. Byte arrays are written
 * as storage writes them ({$bytes: base64}), so that a value hashes the same before it is stored and after it is read.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') };
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v;
  });
}

export const digestOf = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex');

const keyPurposes = ['chain', 'rows', 'checkpoints'] as const;
export type KeyPurpose = (typeof keyPurposes)[number];

/**
 * The audit key: one 256-bit secret held outside the database. Each use gets its own subkey (HKDF), so that a MAC
 * made for one purpose never verifies as another; `id` names the key without revealing it. The secret itself is kept
 * in a private field, out of JSON and logs.
 */
export class AuditKey {
  readonly id: string;
  readonly #subkeys: ReadonlyMap<KeyPurpose, Buffer>;

  constructor(secret: Uint8Array) {
    if (secret.length < 32) throw new Error('an audit key needs at least 256 bits');
    this.#subkeys = new Map(
      keyPurposes.map((purpose) => [
        purpose,
        Buffer.from(hkdfSync('sha256', secret, new Uint8Array(0), `provena audit ${purpose} v1`, 32)),
      ]),
    );
    this.id = createHmac('sha256', secret).update('provena audit key id').digest('hex').slice(0, 16);
  }

  /** HMAC-SHA-256 of `data` under the subkey for `purpose`, in hex. */
  mac(purpose: KeyPurpose, data: string): string {
    return createHmac('sha256', this.#subkeys.get(purpose)!).update(data).digest('hex');
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }
}

/** Compares two hex MACs in constant time (a mismatch in length is simply false). */
export function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

type Unhashed = Omit<AuditEntry, 'hash'>;

const hashedFields = (entry: Unhashed) => ({
  seq: entry.seq,
  at: entry.at,
  prevHash: entry.prevHash,
  actor: entry.actor,
  action: entry.action,
  subjectType: entry.subjectType,
  subjectId: entry.subjectId,
  beforeDigest: entry.beforeDigest ?? null,
  afterDigest: entry.afterDigest ?? null,
  details: entry.details ?? null,
});

/** The plain SHA-256 of an entry written before the log was keyed: kept only to verify those entries. */
export const legacyEntryHash = (entry: Unhashed): string => digestOf(hashedFields(entry));

/** The keyed hash of an entry; the scheme and key id are covered too, so that neither can be swapped afterwards. */
export const keyedEntryHash = (entry: Unhashed, key: AuditKey): string =>
  key.mac('chain', canonicalJson({ ...hashedFields(entry), scheme: 'hmac-sha256', keyId: key.id }));

/** A new entry, keyed: what the audit repository appends. */
export function sealAuditEntry(
  event: AuditEvent,
  place: { seq: number; at: string; prevHash: string },
  key: AuditKey,
): AuditEntry {
  const unhashed: Unhashed = { ...event, ...place, scheme: 'hmac-sha256', keyId: key.id };
  return { ...unhashed, hash: keyedEntryHash(unhashed, key) };
}

// ---------------------------------------------------------------------------------------------------------------
// Checkpoints: the head anchored outside the database

/** The chain head at a moment, signed with the audit key: written to a file beside the data, and optionally appended elsewhere. */
export interface AuditCheckpoint extends ChainHead {
  v: 1;
  at: string;
  keyId: string;
  mac: string;
}

const checkpointText = (c: Omit<AuditCheckpoint, 'mac'>) =>
  canonicalJson({ v: c.v, seq: c.seq, hash: c.hash, at: c.at, keyId: c.keyId });

export function signCheckpoint(head: ChainHead, at: string, key: AuditKey): AuditCheckpoint {
  const unsigned = { v: 1 as const, seq: head.seq, hash: head.hash, at, keyId: key.id };
  return { ...unsigned, mac: key.mac('checkpoints', checkpointText(unsigned)) };
}

/** Parses a checkpoint's JSON; undefined when it is not one (its signature is checked by the verifier). */
export function parseCheckpoint(text: string): AuditCheckpoint | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const c = value as Partial<AuditCheckpoint> | null;
  return c !== null &&
    typeof c === 'object' &&
    c.v === 1 &&
    Number.isSafeInteger(c.seq) &&
    c.seq! >= 0 &&
    typeof c.hash === 'string' &&
    typeof c.at === 'string' &&
    typeof c.keyId === 'string' &&
    typeof c.mac === 'string'
    ? { v: 1, seq: c.seq!, hash: c.hash, at: c.at, keyId: c.keyId, mac: c.mac }
    : undefined;
}

export const checkpointSignatureMatches = (c: AuditCheckpoint, key: AuditKey): boolean =>
  sameMac(c.mac, key.mac('checkpoints', checkpointText(c)));

/** One place a checkpoint is kept (the data directory's file, the external append-only log), as read for verification. */
export interface CheckpointReading {
  source: 'checkpoint-file' | 'external-anchor';
  /** Where it was read from (a path), for the messages. */
  where: string;
  checkpoint?: AuditCheckpoint;
  /** Why there is no checkpoint: none written yet, or what is there is not one. */
  problem?: 'missing' | 'malformed';
}

// ---------------------------------------------------------------------------------------------------------------
// Verification

export const auditProblemKinds = [
  /** An entry's fields no longer match its hash. */
  'edited',
  /** Entries are missing from the middle or the start of the log. */
  'missing',
  /** An entry does not link to the one before it: replaced or moved. */
  'reordered',
  /** Made with another key than the one in use: the key file was replaced, or the data belongs elsewhere. */
  'wrong-key',
  /** Plain SHA-256 where only keyed entries may be: rewritten by someone without the key. */
  'downgraded',
  /** The plain entries before the cut-over no longer end where the cut-over sealed them. */
  'legacy-rewritten',
  /** The database's own head record disagrees with the last entry. */
  'head-mismatch',
  /** A checkpoint records an entry the database does not reach: truncated or rolled back. */
  'checkpoint-ahead',
  /** The entry a checkpoint records has another hash now: rewritten, or rolled back and written again. */
  'checkpoint-diverged',
  /** No checkpoint where one must be. */
  'checkpoint-missing',
  /** A checkpoint that is not one, or whose signature fails. */
  'checkpoint-invalid',
  /** A row's stored digest does not match its fields: edited in the database. */
  'row-edited',
  /** A row without a digest: written around Provena, or its digest was removed. */
  'row-undigested',
] as const;
export type AuditProblemKind = (typeof auditProblemKinds)[number];

export interface AuditProblem {
  problem: AuditProblemKind;
  /** The entry concerned, for a problem in the chain or with a checkpoint. */
  seq?: number;
  /** The row concerned, for a problem with a row's digest; `fields` are the ones that differ, when known. */
  row?: { type: string; id: string; fields?: string[] };
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Entries checked. */
  entries: number;
  /** Entries hashed with plain SHA-256 before the log was keyed, sealed by the cut-over entry. */
  legacyEntries: number;
  /** The first keyed entry. */
  keyedFrom?: number;
  /** The id of the key verification ran with. */
  keyId: string;
  rows: Record<string, number>;
  checkpoints: { source: CheckpointReading['source']; where: string; seq?: number; at?: string }[];
  /** Every problem found; `problems` lists the first of them (at most maxListedProblems), the first one first. */
  problemCount: number;
  problems: AuditProblem[];
}

/** A wrong key fails every entry and row at once: the report lists the first problems and counts the rest. */
export const maxListedProblems = 100;

const range = (from: number, to: number) => (from === to ? `entry ${from} is` : `entries ${from}–${to} are`);

/**
 * Walks the log in seq order, then the rows the log vouches for, then compares the head with the checkpoints kept
 * outside the database. `head` is the database's head record and the checkpoints are read before the walk, so that
 * entries appended during the walk (checked as well) never look like a mismatch.
 */
export class AuditVerifier {
  private expectedSeq = 1;
  private prevHash = genesisHash;
  private count = 0;
  private legacy = 0;
  private lastLegacy: ChainHead = { seq: 0, hash: genesisHash };
  private keyedFrom: number | undefined;
  private readonly rowCounts: Record<string, number> = {};
  private readonly problems: AuditProblem[] = [];
  private problemCount = 0;
  /** The hash of the entry the head record names, as found in the log. */
  private hashAtHead: string | undefined;
  /** The hash of each entry a checkpoint records, as found in the log. */
  private readonly anchored = new Map<number, string>();

  constructor(
    private readonly key: AuditKey,
    private readonly head: ChainHead & { keyId?: string },
    private readonly checkpoints: readonly CheckpointReading[],
  ) {
    for (const c of checkpoints) if (c.checkpoint) this.anchored.set(c.checkpoint.seq, '');
  }

  private report(problem: AuditProblem): void {
    this.problemCount++;
    if (this.problems.length < maxListedProblems) this.problems.push(problem);
  }

  entry(entry: AuditEntry): void {
    this.count++;
    const { seq } = entry;
    if (seq > this.expectedSeq) {
      this.report({
        problem: 'missing',
        seq: this.expectedSeq,
        message: `${range(this.expectedSeq, seq - 1)} missing: deleted from the database`,
      });
    } else if (entry.prevHash !== this.prevHash) {
      this.report({
        problem: 'reordered',
        seq,
        message: `entry ${seq} does not follow entry ${seq - 1}: an entry was replaced, removed or moved`,
      });
    }
    if (entry.scheme === 'sha256') this.legacyEntry(entry);
    else if (entry.scheme === 'hmac-sha256') this.keyedEntry(entry);
    else this.report({ problem: 'edited', seq, message: `entry ${seq} names an unknown hash scheme` });
    if (this.anchored.has(seq)) this.anchored.set(seq, entry.hash);
    if (seq === this.head.seq) this.hashAtHead = entry.hash;
    this.expectedSeq = seq + 1;
    this.prevHash = entry.hash;
  }

  private legacyEntry(entry: AuditEntry): void {
    if (this.keyedFrom !== undefined) {
      this.report({
        problem: 'downgraded',
        seq: entry.seq,
        message: `entry ${entry.seq} claims plain SHA-256 after the log was keyed at entry ${this.keyedFrom}: it was rewritten by someone without the key`,
      });
      return;
    }
    this.legacy++;
    this.lastLegacy = { seq: entry.seq, hash: entry.hash };
    if (legacyEntryHash(entry) !== entry.hash)
      this.report({
        problem: 'edited',
        seq: entry.seq,
        message: `entry ${entry.seq} was altered after it was written`,
      });
  }

  private keyedEntry(entry: AuditEntry): void {
    if (this.keyedFrom === undefined) {
      this.keyedFrom = entry.seq;
      if (this.legacy > 0) this.checkCutOver(entry);
    }
    if (entry.keyId !== this.key.id) {
      this.report({
        problem: 'wrong-key',
        seq: entry.seq,
        message: `entry ${entry.seq} was made with key ${entry.keyId ?? '(none)'}, but the key in use is ${this.key.id}: the key file was replaced, or the database belongs to another installation`,
      });
    } else if (!sameMac(keyedEntryHash(entry, this.key), entry.hash)) {
      this.report({
        problem: 'edited',
        seq: entry.seq,
        message: `entry ${entry.seq} was altered after it was written`,
      });
    }
  }

  /** The first keyed entry after plain ones must be the cut-over, and the plain chain must end where it says. */
  private checkCutOver(entry: AuditEntry): void {
    const sealed = entry.action === cutOverAction ? (entry.details as Partial<CutOverDetails> | undefined) : undefined;
    const legacyHead = sealed?.legacyHead;
    if (legacyHead?.seq === this.lastLegacy.seq && legacyHead.hash === this.lastLegacy.hash) return;
    this.report({
      problem: 'legacy-rewritten',
      seq: entry.seq,
      message: legacyHead
        ? `the plain SHA-256 entries before the cut-over (entry ${entry.seq}) no longer end where it sealed them (entry ${legacyHead.seq}): they were rewritten`
        : `entry ${entry.seq} is the first keyed entry but not the cut-over that seals the plain SHA-256 entries before it: the log was rewritten`,
    });
  }

  /** A row the log vouches for: `check` is row-digest.ts's verdict on its stored digest. */
  row(type: string, id: string, check: RowDigestCheck): void {
    this.rowCounts[type] = (this.rowCounts[type] ?? 0) + 1;
    if (check.ok) return;
    const label = `${type} ${id}`;
    switch (check.reason) {
      case 'missing':
        this.report({
          problem: 'row-undigested',
          row: { type, id },
          message: `${label} has no digest: it was written around Provena, or its digest was removed`,
        });
        return;
      case 'wrong-key':
        this.report({
          problem: 'wrong-key',
          row: { type, id },
          message: `${label}: its digest was made with key ${check.keyId}, but the key in use is ${this.key.id}`,
        });
        return;
      case 'unreadable':
        this.report({
          problem: 'row-edited',
          row: { type, id },
          message: `${label}: stored digest is unreadable (the digest itself was altered)`,
        });
        return;
      case 'fields':
        this.report({
          problem: 'row-edited',
          row: { type, id, fields: check.fields },
          message: `${label}: stored digest does not match its fields (${check.fields.length > 0 ? check.fields.join(', ') : 'the digest itself was altered'})`,
        });
    }
  }

  finish(): AuditVerification {
    this.finishChain();
    for (const reading of this.checkpoints) this.checkAnchor(reading);
    return {
      ok: this.problemCount === 0,
      entries: this.count,
      legacyEntries: this.legacy,
      ...(this.keyedFrom !== undefined ? { keyedFrom: this.keyedFrom } : {}),
      keyId: this.key.id,
      rows: this.rowCounts,
      checkpoints: this.checkpoints.map((c) => ({
        source: c.source,
        where: c.where,
        ...(c.checkpoint ? { seq: c.checkpoint.seq, at: c.checkpoint.at } : {}),
      })),
      problemCount: this.problemCount,
      problems: this.problems,
    };
  }

  private finishChain(): void {
    const last = this.expectedSeq - 1;
    if (last < this.head.seq) {
      this.report({
        problem: 'head-mismatch',
        seq: last + 1,
        message: `the log ends at entry ${last} but the database's head record names entry ${this.head.seq}: ${range(last + 1, this.head.seq)} missing`,
      });
    } else if (this.head.seq > 0 && this.hashAtHead !== this.head.hash) {
      this.report({
        problem: 'head-mismatch',
        seq: this.head.seq,
        message: `entry ${this.head.seq} is not the entry the database's head record names: the end of the log was rewritten`,
      });
    }
    // The head record says the log was keyed; a log with entries but none keyed was rewritten without the key.
    if (this.head.keyId && this.count > 0 && this.keyedFrom === undefined)
      this.report({
        problem: 'downgraded',
        seq: 1,
        message: `the log was keyed (key ${this.head.keyId}) but holds no keyed entry: every entry was rewritten with plain SHA-256`,
      });
  }

  private checkAnchor(reading: CheckpointReading): void {
    const name = reading.source === 'checkpoint-file' ? 'the checkpoint' : 'the external anchor';
    const { checkpoint } = reading;
    if (!checkpoint) {
      // A log that was never keyed cannot have been checkpointed; any other must have been (decision 0012).
      if (reading.problem === 'malformed' || this.keyedFrom !== undefined)
        this.report({
          problem: reading.problem === 'malformed' ? 'checkpoint-invalid' : 'checkpoint-missing',
          message:
            reading.problem === 'malformed'
              ? `${name} at ${reading.where} is not a checkpoint: it was altered`
              : `there is no checkpoint at ${reading.where}: whether the newest entries were deleted cannot be checked (it was deleted, or this is not the data directory of a process that writes the log)`,
        });
      return;
    }
    if (checkpoint.keyId !== this.key.id) {
      this.report({
        problem: 'wrong-key',
        seq: checkpoint.seq,
        message: `${name} at ${reading.where} was signed with key ${checkpoint.keyId}, but the key in use is ${this.key.id}: the key file was replaced`,
      });
      return;
    }
    if (!checkpointSignatureMatches(checkpoint, this.key)) {
      this.report({
        problem: 'checkpoint-invalid',
        seq: checkpoint.seq,
        message: `${name} at ${reading.where} does not match its signature: it was altered`,
      });
      return;
    }
    const last = this.expectedSeq - 1;
    if (checkpoint.seq > last) {
      this.report({
        problem: 'checkpoint-ahead',
        seq: checkpoint.seq,
        message: `${name} (${checkpoint.at}) records entry ${checkpoint.seq}, but the database ends at entry ${last}: the newest entries were deleted or the database was rolled back to an older copy`,
      });
    } else if (checkpoint.seq > 0 && this.anchored.get(checkpoint.seq) !== checkpoint.hash) {
      this.report({
        problem: 'checkpoint-diverged',
        seq: checkpoint.seq,
        message: `entry ${checkpoint.seq} is not the entry ${name} (${checkpoint.at}) recorded: the log was rewritten, or rolled back and written again`,
      });
    }
  }
}

/** The verdict on one row's stored digest (row-digest.ts). */
export type RowDigestCheck =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'unreadable' }
  | { ok: false; reason: 'wrong-key'; keyId: string }
  | { ok: false; reason: 'fields'; fields: string[] };
