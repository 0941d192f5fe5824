import { cimdCacheSeconds, parseCimdDocument, type CimdClientFields } from "@/lib/oidc/cimd";
import { getJson } from "./outbound";

/**
 * Fetches a Client ID Metadata Document (inventory §2.17). The URL comes from whoever sends an
 * authorization request, so unlike back-channel logout every internal address is refused:
 * loopback, private and link-local networks and LOCAL_IPV6_RANGES (checked on the address the
 * socket connects to, so DNS rebinding cannot slip past). No redirects, JSON only, a small body,
 * a short timeout, and `Cache-Control: no-store` documents refused (a client that may not be
 * stored cannot be materialised).
 */
export const CIMD_USER_AGENT = "pocket-id/oidc-client-metadata-fetcher";
export const CIMD_MAX_BYTES = 64 * 1024;
export const CIMD_TIMEOUT_MS = 5_000;
/**
 * §2.17: at most 10 discoveries at once; further requests fail fast rather than queue. Per process,
 * as in Pocket ID (a single instance): with N replicas the bound is 10·N. A cross-replica bound
 * (lease rows in the database) was left out on purpose: a fetch is one GET of ≤ 64 KiB with a 5 s
 * timeout, only for URLs on the admin's allowlist, and its result is cached in the client row that
 * every replica reads, so each replica fetches a document at most once per cache lifetime.
 */
const MAX_CONCURRENT = 10;

export class CimdFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CimdFetchError";
  }
}

export interface CimdFetchOptions {
  localIpv6Ranges?: readonly string[];
  /**
   * TEST ONLY: allow loopback and private addresses so a test can serve the document locally.
   * Production code never sets it.
   */
  unsafeAllowInternalForTests?: boolean;
  timeoutMs?: number;
}

export interface FetchedCimdClient {
  client: CimdClientFields;
  /** When the document must be fetched again. */
  expiresAt: Date;
}

const inFlight = new Map<string, Promise<FetchedCimdClient>>();

/** Fetches and validates the document at `url`; concurrent calls for one URL share one request. */
export function fetchCimdClient(url: string, opts: CimdFetchOptions = {}, now: Date = new Date()): Promise<FetchedCimdClient> {
  const pending = inFlight.get(url);
  if (pending) return pending;
  if (inFlight.size >= MAX_CONCURRENT) return Promise.reject(new CimdFetchError("too many client metadata documents are being fetched; try again"));
  const p = doFetch(url, opts, now).finally(() => inFlight.delete(url));
  inFlight.set(url, p);
  return p;
}

async function doFetch(url: string, opts: CimdFetchOptions, now: Date): Promise<FetchedCimdClient> {
  let got;
  try {
    got = await getJson(url, {
      allowLinkLocal: false,
      blockInternal: !opts.unsafeAllowInternalForTests,
      extraBlockedIpv6: opts.localIpv6Ranges ?? [],
      timeoutMs: opts.timeoutMs ?? CIMD_TIMEOUT_MS,
      maxBytes: CIMD_MAX_BYTES,
      userAgent: CIMD_USER_AGENT,
    });
  } catch (e) {
    throw new CimdFetchError(`the client metadata document could not be fetched: ${(e as Error).message}`);
  }
  const ttl = cimdCacheSeconds(got.cacheControl);
  if (ttl === null) throw new CimdFetchError("the client metadata document is served with Cache-Control: no-store");
  const parsed = parseCimdDocument(url, got.body);
  if (!parsed.ok) throw new CimdFetchError(`the client metadata document is invalid: ${parsed.error}`);
  return { client: parsed.client, expiresAt: new Date(now.getTime() + ttl * 1000) };
}
