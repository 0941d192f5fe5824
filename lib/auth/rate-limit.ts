import { db } from "../db/client";
import { env } from "../config/env";
import { AppError } from "../errors";
import { ipPrefix } from "../http/request-meta";

/**
 * Token-bucket rate limits kept in the database, so every replica counts the same requests.
 * GCRA: one conditional UPDATE per request, atomic on SQLite and PostgreSQL alike.
 * A policy is `burst` requests at once, refilled at one per `intervalMs` (inventory §1.2).
 */
export interface RatePolicy {
  name: string;
  intervalMs: number;
  burst: number;
}

export const RATE_POLICIES = {
  webauthnLogin: { name: "webauthn-login", intervalMs: 5_000, burst: 10 },
  setup: { name: "setup", intervalMs: 30_000, burst: 10 },
  /**
   * New authorization requests parked for sign-in or consent (each one a stored row, up to 16 KiB
   * of parameters, kept an hour): 4 per second per address with bursts of 120, so one address
   * can keep at most ~15,000 rows (a few tens of MB) alive, while an office behind one NAT still
   * starts a morning of sign-ins at once. Beyond Pocket ID, which keeps these in memory.
   */
  authorizePark: { name: "authorize-park", intervalMs: 250, burst: 120 },
  /**
   * The same, per network (IPv4 /24, IPv6 /48): one party rarely holds one address only (a home
   * IPv6 line is a /56, 256 /64s; a cloud tenant a block of addresses), so the addresses of one
   * network share a second, wider bucket: 240 at once, 8 per second.
   */
  authorizeParkNetwork: { name: "authorize-park-net", intervalMs: 125, burst: 240 },
  /** Login-code exchanges per address (inventory §1.2 "one-time-access-token": 1 per 10 s, burst 5). */
  oneTimeAccessToken: { name: "one-time-access-token", intervalMs: 10_000, burst: 5 },
  /**
   * The same code tried again and again, from any number of addresses: 5 tries, then one a
   * minute (a code is deleted when it works, so only a wrong, expired or used code is retried).
   */
  loginCodePerCode: { name: "login-code", intervalMs: 60_000, burst: 5 },
  /** "Sign in with another device" (inventory §1.2): new requests, polling, and the approving side. */
  deviceLoginCreate: { name: "device-login-create", intervalMs: 10_000, burst: 5 },
  deviceLoginExchange: { name: "device-login-exchange", intervalMs: 2_000, burst: 10 },
  deviceLoginVerification: { name: "device-login-verification", intervalMs: 10_000, burst: 5 },
  /** A user code looked up or decided on, from any address: 10 tries, then one every 30 s. */
  deviceLoginPerCode: { name: "device-login-code", intervalMs: 30_000, burst: 10 },
  /**
   * OAuth device authorization requests (RFC 8628 §3.1) per address: each stores a row for 15
   * minutes, and anyone with a public client's id may ask. A TV or CLI asks once per sign-in; 30
   * at once and one a second after that still covers a lab full of devices behind one NAT.
   */
  deviceAuthorize: { name: "device-authorize", intervalMs: 1_000, burst: 30 },
  /**
   * User codes looked up or decided on at /device (RFC 8628 §5.1: the low-entropy half of the
   * grant), per address and per signed-in user: 10 at once, then one every 6 s.
   */
  deviceUserCode: { name: "device-user-code", intervalMs: 6_000, burst: 10 },
} satisfies Record<string, RatePolicy>;

/**
 * What this process learned from the database about buckets that are over their limit: the
 * bucket's theoretical arrival time (tat) as last read. Per database client, so a test's fresh
 * database starts with nothing known.
 */
const knownFull = new WeakMap<object, Map<string, bigint>>();
const KNOWN_FULL_MAX = 10_000;

/**
 * Takes one token (GCRA); returns 0 when allowed, else the seconds to wait.
 *
 * Round trips (issue 10 item 5): an allowed request costs exactly one statement, an upsert that
 * creates the bucket or takes from it only if it has room (before: an UPDATE, and for a new
 * bucket a read and an insert too). A refused request reads the bucket once to say how long to
 * wait, and remembers its tat in this process: until that moment passes, further requests of
 * the same bucket are refused from memory, without the database. That is exact across replicas,
 * not an approximation: other replicas can only move a bucket's tat later (taking tokens), never
 * earlier, so the database would refuse them too. What this process never does is *allow* from
 * memory: it cannot know what the other replicas took, and a low-entropy secret's limit must hold
 * for all of them together (DESIGN: nothing replicas need lives only in memory). The volume
 * limit of every route (100/s per address, lib/http/route-guard.ts) is in memory, per replica.
 */
export async function takeToken(policy: RatePolicy, subject: string, nowMs = Date.now()): Promise<number> {
  const key = `${policy.name}:${subject}`;
  const tolerance = policy.intervalMs * policy.burst;
  const now = BigInt(nowMs);
  const interval = BigInt(policy.intervalMs);
  const waitFor = (tat: bigint) => Math.max(Number(tat), nowMs) + policy.intervalMs - tolerance - nowMs;
  const database = db();
  let known = knownFull.get(database);
  const knownTat = known?.get(key);
  if (knownTat !== undefined) {
    const wait = waitFor(knownTat);
    if (wait > 0) return Math.max(1, Math.ceil(wait / 1000));
    known!.delete(key);
  }
  const expiresAt = new Date(nowMs + tolerance);
  for (let attempt = 0; attempt < 5; attempt++) {
    // The conflict target is the primary key: concurrent first requests of a bucket serialise on
    // it (PostgreSQL waits for the other insert, SQLite has one writer), so every take is counted.
    const taken = await database.$executeRaw`
      INSERT INTO rate_limits (key, tat, expires_at) VALUES (${key}, ${now + interval}, ${expiresAt})
      ON CONFLICT (key) DO UPDATE
         SET tat = (CASE WHEN rate_limits.tat > ${now} THEN rate_limits.tat ELSE ${now} END) + ${interval},
             expires_at = ${expiresAt}
       WHERE (CASE WHEN rate_limits.tat > ${now} THEN rate_limits.tat ELSE ${now} END) + ${interval} - ${now} <= ${BigInt(tolerance)}`;
    if (taken === 1) return 0;
    const row = await database.rateLimit.findUnique({ where: { key } });
    // Deleted by the cleanup job between the two statements: go round and create it again.
    if (!row) continue;
    const wait = waitFor(row.tat);
    // Time passed between the statements and the bucket has room now: go round and take from it.
    if (wait <= 0) continue;
    if (!known) knownFull.set(database, (known = new Map()));
    if (known.size >= KNOWN_FULL_MAX) known.clear();
    known.set(key, row.tat);
    return Math.max(1, Math.ceil(wait / 1000));
  }
  return 1;
}

/**
 * The bucket an IP address counts against. An IPv6 client usually holds a whole /64 (SLAAC,
 * privacy addresses), so counting per /128 would give it 2^64 buckets: IPv6 counts per /64.
 */
export function rateLimitSubject(ip: string | null): string {
  return ip ? (ipPrefix(ip, 32, 64) ?? ip) : "unknown";
}

/** The network an address belongs to, for the wider buckets: IPv4 /24, IPv6 /48. */
export function networkSubject(ip: string | null): string {
  return ip ? (ipPrefix(ip, 24, 48) ?? ip) : "unknown";
}

/** New parked authorization requests: within both the address's and its network's bucket. */
export async function mayParkAuthorization(ip: string | null): Promise<boolean> {
  if (env().rateLimitingDisabled) return true;
  if ((await takeToken(RATE_POLICIES.authorizePark, rateLimitSubject(ip))) !== 0) return false;
  return (await takeToken(RATE_POLICIES.authorizeParkNetwork, networkSubject(ip))) === 0;
}

/** Throws 429 `rate_limited` when the client (by IP, see rateLimitSubject) is over the policy. */
export async function checkRateLimit(policy: RatePolicy, ip: string | null): Promise<void> {
  await checkRateLimitFor(policy, rateLimitSubject(ip));
}

/**
 * The same for another subject than the address: a code, a user (DESIGN: low-entropy secrets are
 * limited per IP and per target). The error says how long to wait; the API adds Retry-After.
 */
export async function checkRateLimitFor(policy: RatePolicy, subject: string): Promise<void> {
  if (env().rateLimitingDisabled) return;
  const retryAfter = await takeToken(policy, subject);
  if (retryAfter > 0) throw new AppError("rate_limited", rateLimitedMessage(retryAfter), { retryAfter });
}

/** "Too many attempts. Wait 8 seconds, then try again." (a person is told how long, not "a moment"). */
export function rateLimitedMessage(seconds: number): string {
  const wait = seconds < 60 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? "" : "s"}`;
  return `Too many attempts. Wait ${wait}, then try again.`;
}

/** Seconds to wait before this address may ask for another device code (0 = go ahead). */
export async function deviceAuthorizationWait(ip: string | null): Promise<number> {
  if (env().rateLimitingDisabled) return 0;
  return takeToken(RATE_POLICIES.deviceAuthorize, rateLimitSubject(ip));
}
