import { createHash, randomUUID } from "node:crypto";
import type { JWK } from "jose";
import { db, type Db, type Tx } from "./db/client";
import { env } from "./config/env";
import { resolveEncryptionKey } from "./crypto/encryption-key";
import {
  KEY_NAME,
  generateSigningJwk,
  isSigningAlg,
  openPrivateJwk,
  parseLegacyKey,
  publicJwkOf,
  readKeyFile,
  sealPrivateJwk,
  toSigningKey,
} from "./crypto/signing-keys";
import { isUniqueViolation } from "./db/errors";
import { ID_TOKEN_LIFETIME_SECONDS } from "./oidc/tokens";
import type { SigningAlg, SigningKey } from "./oidc/types";
import { log } from "./log";
import { writeAudit, type RequestMeta } from "./db/audit";

/**
 * The signing key ring (DESIGN "Seams": key ring). Keys are rows; each process holds a snapshot
 * and checks a version row at most every RELOAD_INTERVAL_MS, reloading the rows only when that
 * version moved, so the hot path (signing, JWKS, discovery) reads memory, and every replica
 * sees a rotation within seconds.
 *
 * Rotation with overlap (beyond Pocket ID, whose key-rotate invalidates every token): a new key
 * is first published as `next`, and becomes `active` only after PUBLISH_LEAD_MS, longer than
 * the JWKS may be cached (JWKS_MAX_AGE_SECONDS) plus a reload interval, so an app that caches
 * the JWKS already holds the new key when the first token signed with it arrives. The key it
 * replaces is `retired`: still published until every token it signed has expired.
 */
export const RELOAD_INTERVAL_MS = 5_000;
/** Cache-Control max-age of the JWKS and discovery responses. */
export const JWKS_MAX_AGE_SECONDS = 300;
/** How long a rotated-in key is published before it signs. */
export const PUBLISH_LEAD_MS = 10 * 60_000;
/** Extra time retired keys stay published, for clocks of apps that run late. */
const RETIRED_MARGIN_SECONDS = 5 * 60;
/** The longest an access token may live (inventory §2.18: 525 600 minutes). */
const MAX_ACCESS_TOKEN_MINUTES = 525_600;

const VERSION_KEY = "signing_keys_version";
const DEFAULT_ALG_KEY = "signing_keys_default_alg";

export type KeyState = "next" | "active" | "retired";

/** What admins and the CLI see of a key (never the private part). */
export interface KeyInfo {
  kid: string;
  alg: SigningAlg;
  state: KeyState;
  createdAt: Date;
  activatesAt: Date | null;
  activatedAt: Date | null;
  retiredAt: Date | null;
  expiresAt: Date | null;
}

/** One process's view of the ring at one version. */
export interface RingSnapshot {
  version: string;
  /** Signs access tokens and ID tokens of clients without their own choice (RS256 unless imported otherwise). */
  defaultAlg: SigningAlg;
  /** The signing key per algorithm. */
  active: ReadonlyMap<SigningAlg, SigningKey>;
  /** Every key a token of ours may carry: active, next and retired, default first. */
  published: readonly SigningKey[];
  keys: readonly KeyInfo[];
  /** The JWKS document (RFC 7517 §5), serialized once per version, and its ETag. */
  jwks: { body: string; etag: string };
  /** When a next key is due or a retired key expires: the ring must be maintained then. */
  dueAt: number | null;
}

export interface KeyRingOptions {
  db: () => Db;
  encryptionKey: () => string;
  /** The single key of an earlier release (KEYS_PATH file or kv row), imported on first start. */
  legacyKey: () => Promise<string | null>;
  clock?: () => Date;
  reloadIntervalMs?: number;
}

/** A strong ETag over a body: changes whenever the body does (RFC 9110 §8.8.3). */
export function etagOf(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

export class KeyRing {
  private snapshot: RingSnapshot | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<RingSnapshot> | undefined;
  private inflightGeneration = 0;
  private generation = 0;
  private readonly clock: () => Date;
  private readonly interval: number;

  constructor(private readonly opts: KeyRingOptions) {
    this.clock = opts.clock ?? (() => new Date());
    this.interval = opts.reloadIntervalMs ?? RELOAD_INTERVAL_MS;
  }

  /** The current snapshot: from memory, or after one version check when the interval has passed. */
  current(): Promise<RingSnapshot> {
    const now = this.clock().getTime();
    const s = this.snapshot;
    const due = s?.dueAt != null && now >= s.dueAt && this.checkedAt < s.dueAt;
    if (s && now - this.checkedAt < this.interval && !due) return Promise.resolve(s);
    // A reload that started before an invalidate() may have read the old rows: start another.
    if (!this.inflight || this.inflightGeneration !== this.generation) {
      const generation = (this.inflightGeneration = this.generation);
      const run = this.refresh(generation).finally(() => {
        if (this.inflight === run) this.inflight = undefined;
      });
      this.inflight = run;
    }
    return this.inflight;
  }

  /** Forgets the interval: the next current() checks the version (after this process changed the ring). */
  invalidate(): void {
    this.generation++;
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * The key that signs for `alg` (a client's id_token_signed_response_alg), the default key for
   * none. An algorithm without a key yet gets one, active at once: no token of that algorithm
   * exists that an app could fail to verify, and apps fetch the JWKS again for an unknown kid.
   */
  async signingKey(alg?: SigningAlg | null): Promise<SigningKey> {
    const ring = await this.current();
    const wanted = alg ?? ring.defaultAlg;
    const key = ring.active.get(wanted);
    if (key) return key;
    await ensureActiveKey(this.opts.db(), this.opts.encryptionKey(), wanted, this.clock());
    this.invalidate();
    const again = (await this.current()).active.get(wanted);
    if (!again) throw new Error(`no active ${wanted} signing key`);
    return again;
  }

  private async refresh(generation: number): Promise<RingSnapshot> {
    const now = this.clock();
    try {
      const database = this.opts.db();
      let version = await readVersion(database);
      if (version === null) {
        await initialiseRing(database, this.opts.encryptionKey(), await this.opts.legacyKey(), now);
        version = await readVersion(database);
      }
      if (this.snapshot?.dueAt != null && now.getTime() >= this.snapshot.dueAt) {
        // Whether this process or another one wins the promotion, the version tells.
        await maintainRing(database, now);
        version = await readVersion(database);
      }
      let snapshot = this.snapshot;
      if (!snapshot || snapshot.version !== version) {
        snapshot = await loadSnapshot(database, this.opts.encryptionKey(), now);
        // A reload overtaken by an invalidate() must not replace what a newer reload installs.
        if (generation === this.generation || !this.snapshot) this.snapshot = snapshot;
      }
      if (generation === this.generation) this.checkedAt = now.getTime();
      return snapshot;
    } catch (e) {
      if (!this.snapshot) throw e;
      // The database is unreachable: keep signing and publishing with what we have, retry later.
      log.warn(`[keys] key ring reload failed, keeping version ${this.snapshot.version}: ${(e as Error).message}`);
      this.checkedAt = now.getTime();
      return this.snapshot;
    }
  }
}

async function readVersion(database: Db | Tx): Promise<string | null> {
  return (await database.kv.findUnique({ where: { key: VERSION_KEY } }))?.value ?? null;
}

async function bumpVersion(tx: Tx): Promise<void> {
  const value = randomUUID();
  await tx.kv.upsert({ where: { key: VERSION_KEY }, create: { key: VERSION_KEY, value }, update: { value } });
}

const STATE_ORDER: Record<KeyState, number> = { active: 0, next: 1, retired: 2 };

async function loadSnapshot(database: Db, encryptionKey: string, now: Date): Promise<RingSnapshot> {
  // Version first, and finished before the rows are read: a change that commits after it moves it
  // again, so is never missed. (Read together, on PostgreSQL's pool the rows could come from before
  // a change and the version from after it: a snapshot missing a key under the newer version, which
  // no reload would then replace.)
  const version = await readVersion(database);
  const [defaultRow, rows] = await Promise.all([
    database.kv.findUnique({ where: { key: DEFAULT_ALG_KEY } }),
    database.signingKey.findMany({ orderBy: { createdAt: "asc" } }),
  ]);
  const keys: KeyInfo[] = [];
  const times: number[] = [];
  const signing: { info: KeyInfo; key: SigningKey }[] = [];
  for (const row of rows) {
    if (!isSigningAlg(row.alg)) continue;
    const info: KeyInfo = {
      kid: row.kid,
      alg: row.alg,
      state: row.state as KeyState,
      createdAt: row.createdAt,
      activatesAt: row.activatesAt,
      activatedAt: row.activatedAt,
      retiredAt: row.retiredAt,
      expiresAt: row.expiresAt,
    };
    const at = info.state === "next" ? info.activatesAt : info.state === "retired" ? info.expiresAt : null;
    if (at) times.push(at.getTime());
    // An expired retired key is no longer published, even before a process deletes its row.
    if (info.state === "retired" && info.expiresAt && info.expiresAt <= now) continue;
    keys.push(info);
    signing.push({ info, key: await toSigningKey(openPrivateJwk(encryptionKey, row.privateKey, row.kid)) });
  }
  const active = new Map<SigningAlg, SigningKey>();
  for (const s of signing) if (s.info.state === "active") active.set(s.info.alg, s.key);
  const storedDefault = defaultRow?.value;
  const defaultAlg: SigningAlg = isSigningAlg(storedDefault) && active.has(storedDefault) ? storedDefault : active.has("RS256") ? "RS256" : (active.keys().next().value ?? "RS256");
  signing.sort((a, b) => rank(a) - rank(b));
  function rank(s: { info: KeyInfo }) {
    return (s.info.state === "active" && s.info.alg === defaultAlg ? -1 : STATE_ORDER[s.info.state]);
  }
  const published = signing.map((s) => s.key);
  const body = JSON.stringify({ keys: published.map((k) => k.publicJwk) });
  return {
    version: version ?? "",
    defaultAlg,
    active,
    published,
    keys: [...keys].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state]),
    jwks: { body, etag: etagOf(body) },
    dueAt: times.length ? Math.min(...times) : null,
  };
}

/**
 * First start of the ring: the key of an earlier release becomes the first active key (tokens
 * it signed keep verifying, its kid unchanged), else a new RS256 key. Concurrent first starts:
 * the unique indexes let exactly one insert win; the others just load what it wrote.
 */
async function initialiseRing(database: Db, encryptionKey: string, legacy: string | null, now: Date): Promise<void> {
  const jwk = legacy ? parseLegacyKey(legacy, encryptionKey) : await generateSigningJwk("RS256");
  const key = await toSigningKey(jwk);
  try {
    await database.$transaction(async (tx) => {
      if ((await tx.signingKey.count()) === 0) {
        await insertKey(tx, encryptionKey, { ...jwk, kid: key.kid, alg: key.alg }, key.alg, "active", now);
        await tx.kv.upsert({ where: { key: DEFAULT_ALG_KEY }, create: { key: DEFAULT_ALG_KEY, value: key.alg }, update: { value: key.alg } });
      }
      await bumpVersion(tx);
    });
    if (legacy) log.info(`[keys] imported the signing key ${key.kid} (${key.alg}) of the earlier release as the first key of the ring`);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
}

async function insertKey(tx: Tx, encryptionKey: string, jwk: JWK, alg: SigningAlg, state: "active" | "next", now: Date, activatesAt?: Date) {
  const kid = jwk.kid!;
  await tx.signingKey.create({
    data: {
      kid,
      alg,
      state,
      activeFor: state === "active" ? alg : null,
      nextFor: state === "next" ? alg : null,
      privateKey: sealPrivateJwk(encryptionKey, jwk, kid),
      publicJwk: JSON.stringify(publicJwkOf(jwk, kid, alg)),
      createdAt: now,
      activatesAt: state === "next" ? activatesAt : null,
      activatedAt: state === "active" ? now : null,
    },
  });
}

/** How long a key must stay published after it stops signing: the longest token it may have signed. */
async function retentionSeconds(tx: Tx): Promise<number> {
  const agg = await tx.oidcClient.aggregate({ _max: { accessTokenDurationMinutes: true } });
  const accessMinutes = Math.min(agg._max.accessTokenDurationMinutes ?? 60, MAX_ACCESS_TOKEN_MINUTES);
  return Math.max(ID_TOKEN_LIFETIME_SECONDS, accessMinutes * 60) + RETIRED_MARGIN_SECONDS;
}

class LostRace extends Error {}

/** Promotes the next key of `alg` (RFC 7517 rollover): it signs from now on, the old key retires. */
async function promote(tx: Tx, alg: SigningAlg, kid: string, now: Date): Promise<void> {
  const keep = await retentionSeconds(tx);
  // The old key's slot is freed first: the unique index on active_for holds at every statement.
  await tx.signingKey.updateMany({
    where: { activeFor: alg, kid: { not: kid } },
    data: { state: "retired", activeFor: null, retiredAt: now, expiresAt: new Date(now.getTime() + keep * 1000) },
  });
  const promoted = await tx.signingKey.updateMany({
    where: { kid, state: "next" },
    data: { state: "active", activeFor: alg, nextFor: null, activatedAt: now },
  });
  if (promoted.count === 0) throw new LostRace();
}

/**
 * Promotes due next keys and deletes retired keys whose tokens have all expired. Any process may
 * run it: the conditional updates let one win, the others roll back. True when something changed.
 */
export async function maintainRing(database: Db, now: Date): Promise<boolean> {
  let changed = false;
  const due = await database.signingKey.findMany({ where: { state: "next", activatesAt: { lte: now } } });
  for (const row of due) {
    if (!isSigningAlg(row.alg)) continue;
    try {
      await database.$transaction(async (tx) => {
        await promote(tx, row.alg as SigningAlg, row.kid, now);
        await bumpVersion(tx);
      });
      changed = true;
      log.info(`[keys] signing key ${row.kid} (${row.alg}) is now active`);
    } catch (e) {
      if (!(e instanceof LostRace) && !isUniqueViolation(e)) throw e;
    }
  }
  const pruned = await database.$transaction(async (tx) => {
    const { count } = await tx.signingKey.deleteMany({ where: { state: "retired", expiresAt: { lte: now } } });
    if (count) await bumpVersion(tx);
    return count;
  });
  return changed || pruned > 0;
}

/** Creates an active key for an algorithm that has none (a client chose it). */
export async function ensureActiveKey(database: Db, encryptionKey: string, alg: SigningAlg, now: Date): Promise<void> {
  if (await database.signingKey.findUnique({ where: { activeFor: alg } })) return;
  const jwk = await generateSigningJwk(alg);
  try {
    await database.$transaction(async (tx) => {
      await insertKey(tx, encryptionKey, jwk, alg, "active", now);
      await bumpVersion(tx);
    });
    log.info(`[keys] created the ${alg} signing key ${jwk.kid}`);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e; // another process created it first
  }
}

export interface RotateOptions {
  /** The algorithm whose key is rotated; default: the ring's default algorithm. */
  alg?: SigningAlg;
  /**
   * Activate the new key now instead of after PUBLISH_LEAD_MS. Apps that cached the JWKS will
   * fetch it again for the unknown kid (most libraries do) but may fail verifications until then.
   */
  immediate?: boolean;
  now?: Date;
  /** Tests: a shorter publication lead. */
  leadMs?: number;
  /** Records SIGNING_KEY_ROTATED in the audit log, in the rotation's transaction. */
  audit?: { meta: RequestMeta; userId: string | null };
}

export type RotateResult =
  | { status: "scheduled" | "activated"; key: KeyInfo; replaces: string | null }
  | { status: "already_scheduled"; key: KeyInfo };

/**
 * key-rotate: publishes a new key for `alg` as `next`; it becomes active once apps' cached JWKS
 * have had time to pick it up (or at once with `immediate`), and the key it replaces stays
 * published until its tokens expire. A second rotation while one is pending reports the pending
 * key (with `immediate`, activates it now).
 */
export async function rotateKeys(database: Db, encryptionKey: string, opts: RotateOptions = {}): Promise<RotateResult> {
  const now = opts.now ?? new Date();
  const defaultRow = await database.kv.findUnique({ where: { key: DEFAULT_ALG_KEY } });
  const alg: SigningAlg = opts.alg ?? (isSigningAlg(defaultRow?.value) ? defaultRow.value : "RS256");
  const pending = await database.signingKey.findUnique({ where: { nextFor: alg } });
  const current = await database.signingKey.findUnique({ where: { activeFor: alg } });
  if (pending) {
    if (!opts.immediate) return { status: "already_scheduled", key: infoOf(pending) };
    await database.$transaction(async (tx) => {
      await promote(tx, alg, pending.kid, now);
      await bumpVersion(tx);
      if (opts.audit) await writeAudit(tx, "SIGNING_KEY_ROTATED", opts.audit.meta, opts.audit.userId, { kid: pending.kid, alg, activated: "now" });
    });
    return { status: "activated", key: infoOf((await database.signingKey.findUnique({ where: { kid: pending.kid } }))!), replaces: current?.kid ?? null };
  }
  const jwk = await generateSigningJwk(alg);
  const activatesAt = new Date(now.getTime() + (opts.leadMs ?? PUBLISH_LEAD_MS));
  await database.$transaction(async (tx) => {
    if (!current) {
      await insertKey(tx, encryptionKey, jwk, alg, "active", now);
    } else {
      await insertKey(tx, encryptionKey, jwk, alg, "next", now, activatesAt);
      if (opts.immediate) await promote(tx, alg, jwk.kid!, now);
    }
    await bumpVersion(tx);
    const activated = !current || opts.immediate ? "now" : activatesAt.toISOString();
    if (opts.audit) await writeAudit(tx, "SIGNING_KEY_ROTATED", opts.audit.meta, opts.audit.userId, { kid: jwk.kid!, alg, activated });
  });
  const row = (await database.signingKey.findUnique({ where: { kid: jwk.kid! } }))!;
  return { status: row.state === "active" ? "activated" : "scheduled", key: infoOf(row), replaces: current?.kid ?? null };
}

function infoOf(row: { kid: string; alg: string; state: string; createdAt: Date; activatesAt: Date | null; activatedAt: Date | null; retiredAt: Date | null; expiresAt: Date | null }): KeyInfo {
  return {
    kid: row.kid,
    alg: row.alg as SigningAlg,
    state: row.state as KeyState,
    createdAt: row.createdAt,
    activatesAt: row.activatesAt,
    activatedAt: row.activatedAt,
    retiredAt: row.retiredAt,
    expiresAt: row.expiresAt,
  };
}

// --- The process's ring -----------------------------------------------------------------------

const g = globalThis as unknown as { __pocketIdKeyRing?: KeyRing };

async function legacyKeyOfThisInstance(): Promise<string | null> {
  const config = env();
  if (config.keysStorage === "database") return (await db().kv.findUnique({ where: { key: KEY_NAME } }))?.value ?? null;
  return readKeyFile(config.keysPath);
}

/** The process-wide key ring on the app database. */
export function keyRing(): KeyRing {
  g.__pocketIdKeyRing ??= new KeyRing({
    db,
    encryptionKey: () => resolveEncryptionKey(env()),
    legacyKey: legacyKeyOfThisInstance,
  });
  return g.__pocketIdKeyRing;
}

/** The key that signs access tokens and ID tokens by default. */
export function signingKey(): Promise<SigningKey> {
  return keyRing().signingKey();
}

/** The key that signs ID tokens for a client (OIDC Registration §2 id_token_signed_response_alg). */
export function idTokenSigningKey(alg: SigningAlg | null | undefined): Promise<SigningKey> {
  return keyRing().signingKey(alg);
}

/** Every key JWKS publishes and verification accepts: active, next and unexpired retired keys. */
export async function verificationKeys(): Promise<SigningKey[]> {
  return [...(await keyRing().current()).published];
}

/** key-rotate on the app database; this process sees the result at once, others within the interval. */
export async function rotateAppSigningKey(opts: RotateOptions = {}): Promise<RotateResult> {
  const result = await rotateKeys(db(), resolveEncryptionKey(env()), opts);
  keyRing().invalidate();
  return result;
}

export function resetKeysForTests(): void {
  g.__pocketIdKeyRing = undefined;
}
