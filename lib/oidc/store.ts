import type { ApiAccess, ApiSubjectType } from "./resource";
import type { AuthorizeParams, OidcClient, OidcUser } from "./types";

/** Request metadata for audit events written by the store. */
export interface StoreMeta {
  ip: string | null;
  userAgent: string;
}

export interface InteractionRecord {
  id: string;
  params: AuthorizeParams;
  requestedAt: Date;
  /** The user who consented in this interaction, if any. */
  confirmedUserId: string | null;
  /** The user who confirmed the account (prompt=select_account) in this interaction, if any. */
  selectedUserId: string | null;
  /** The user declined (Cancel): the request ends with access_denied. */
  denied: boolean;
}

export interface CodeRecord {
  id: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  /** Whether the authorization request named the redirect URI (RFC 6749 §4.1.3). */
  redirectUriSent: boolean;
  scope: string[];
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  amr: string[];
  authTime: Date;
  requestedAt: Date;
  expiresAt: Date;
  /** The grant family the code started; null for codes issued before families existed. */
  grantId: string | null;
  /** The browser session the user authorized in (`sid`), from the grant. */
  sessionId: string | null;
  /** The API the tokens are for (RFC 8707, inventory §2.16): at most one, empty = the client. */
  resource: string[];
  /** When the grant was revoked (sign-out, end-session, "revoke app") before the code was redeemed. */
  grantRevokedAt: Date | null;
}

export interface NewCode extends Omit<CodeRecord, "id" | "grantId" | "sessionId" | "resource" | "grantRevokedAt"> {
  codeHash: string;
  /** RFC 8707 resources the request named (for the APIs' audience rules). */
  resource?: string[];
  /** The browser session (`sid`); stored on the grant the code starts. */
  sessionId?: string | null;
}

/** A grant family (DESIGN "Seams"): one authorization, every token it produced. */
export interface GrantRecord {
  id: string;
  clientId: string;
  userId: string;
  sessionId: string | null;
  scope: string[];
  nonce: string | null;
  amr: string[];
  authTime: Date;
  revokedAt: Date | null;
  /** The API (audience) the family's access tokens are for (inventory §2.16); null = the client. */
  resource: string | null;
  /** When the family may be cleaned up (it covers its newest refresh token); unknown on a grant made just now. */
  expiresAt?: Date;
}

export interface NewGrant {
  clientId: string;
  userId: string;
  sessionId: string | null;
  scope: string[];
  nonce: string | null;
  amr: string[];
  authTime: Date;
  expiresAt: Date;
  /** The API (audience) the family's access tokens are for; absent/null = the client. */
  resource?: string | null;
}

export interface RefreshTokenRecord {
  id: string;
  grantId: string | null;
  clientId: string;
  userId: string;
  scope: string[];
  expiresAt: Date;
  revokedAt: Date | null;
  consumedAt: Date | null;
  successorId: string | null;
  /** Null only for refresh tokens issued before grant families (none were ever issued). */
  grant: GrantRecord | null;
}

export interface AccessTokenRecord {
  jti: string;
  clientId: string;
  userId: string | null;
  scope: string[];
  grantId: string | null;
  createdAt: Date;
  expiresAt: Date;
  /**
   * What `findActiveAccessToken`'s `also` asked for, where the store reads it in the same
   * statement (PostgreSQL, where each statement is a round trip); absent where it does not (the
   * caller then asks for it as before). `user`: the token's user, null if gone (userinfo).
   * `clientClaimMapping`: its client's, undefined also if the client is gone (userinfo).
   * `userEnabled`: the user exists and is enabled (introspection).
   */
  also?: { user?: OidcUser | null; clientClaimMapping?: OidcClient["claimMapping"]; userEnabled?: boolean };
}

/** A device authorization (RFC 8628) as stored: the codes themselves only as hashes. */
export interface DeviceCodeRecord {
  id: string;
  clientId: string;
  scope: string[];
  resource: string[];
  nonce: string | null;
  /** pending → approved | denied (the user) → consumed (tokens issued, once). */
  status: "pending" | "approved" | "denied" | "consumed";
  /** The approving user and how they had authenticated (set on approval). */
  userId: string | null;
  amr: string[];
  authTime: Date | null;
  /** RFC 8628 §3.5: the polling interval, grown by slow_down. */
  intervalSeconds: number;
  lastPolledAt: Date | null;
  createdAt: Date;
  expiresAt: Date;
}

/** A client secret as stored: the hash and the algorithm that made it (inventory §2.8). */
export interface StoredSecret {
  alg: string;
  hash: string;
}

/** Storage the protocol needs; implemented in lib/db/oidc-store.ts (DESIGN rule 4). */
export interface OidcStore {
  /**
   * Runs `fn` with a store bound to one database transaction (DESIGN "Seams"): what it consumes,
   * issues and records commits together, and concurrent transactions on the same rows wait for it.
   * `fn` should return failures rather than throw them when its writes must still commit; a throw
   * rolls everything back. Nested calls reuse the outer transaction.
   */
  transaction<T>(fn: (store: OidcStore) => Promise<T>): Promise<T>;

  findClient(id: string): Promise<OidcClient | null>;
  /**
   * Whether a client row with this id is stored now, from the database alone: unlike findClient
   * on the request's store (lib/http/cimd-clients.ts), it never fetches a Client ID Metadata
   * Document (inventory §2.17), so an error path can ask it without any outbound request.
   */
  clientExists(id: string): Promise<boolean>;
  /**
   * The client and its non-expired secrets (newest first, at most 20, inventory §2.8) in one read,
   * for client authentication (RFC 6749 §2.3).
   */
  findClientWithSecrets(id: string, now: Date): Promise<{ client: OidcClient; secrets: StoredSecret[] } | null>;
  /**
   * Records a client-assertion jti until `expiresAt` (RFC 7523 §3 item 7). False when the client
   * already used it: the assertion is a replay.
   */
  recordAssertionJti(clientId: string, jti: string, expiresAt: Date, now: Date): Promise<boolean>;
  findUser(id: string): Promise<OidcUser | null>;
  /** Whether the user exists and is not disabled: one small read where no claims are needed. */
  isUserEnabled(id: string): Promise<boolean>;

  /** What the client may do with the API of this audience for this subject type (inventory §2.16). */
  findApiAccess(clientId: string, audience: string, subjectType: ApiSubjectType): Promise<ApiAccess>;
  /** Every API permission key granted to the client, any API, any subject type. */
  clientApiScopeKeys(clientId: string): Promise<string[]>;
  /** Friendly names of the API's permissions with these keys (the consent screen); unknown keys are left out. */
  describeApiPermissions(audience: string, keys: string[]): Promise<{ key: string; name: string; description: string | null }[]>;
  /** Scopes the user already granted the client, or null if never. */
  findConsent(userId: string, clientId: string): Promise<string[] | null>;

  createInteraction(params: AuthorizeParams, now: Date, ttlSeconds: number): Promise<string>;
  loadInteraction(id: string, now: Date): Promise<InteractionRecord | null>;
  confirmInteraction(id: string, userId: string): Promise<boolean>;
  /** Marks the request declined by the user (the next resume answers access_denied). */
  denyInteraction(id: string): Promise<boolean>;
  /** Deletes the interaction; false if it was already gone (single use). */
  deleteInteraction(id: string): Promise<boolean>;
  /** Records that `userId` confirmed the account for this interaction (prompt=select_account). */
  selectAccount(id: string, userId: string): Promise<boolean>;

  /** Stores a pushed authorization request (RFC 9126 §2.2) under the hash of its request_uri. */
  savePushedRequest(input: { requestUriHash: string; clientId: string; params: [string, string][]; expiresAt: Date }): Promise<void>;
  /**
   * Consumes a pushed request once (RFC 9126 §4): only for the client that pushed it and before it
   * expires; the row is deleted whatever the outcome, so a request_uri never works twice.
   */
  consumePushedRequest(requestUriHash: string, clientId: string, now: Date): Promise<[string, string][] | null>;

  /**
   * Stores the code, merges the granted scopes into the consent record, deletes the interaction
   * (single use) and writes the authorization audit event, all in one transaction. False, with
   * nothing written, when the interaction was already used (a second resume lost the race).
   */
  saveAuthorization(input: {
    code: NewCode;
    interactionId: string | null;
    usedPkce: boolean;
    meta: StoreMeta;
    clientName: string;
  }): Promise<boolean>;

  /**
   * Atomically marks the code used, but only for the client it was issued to (RFC 6749 §4.1.3):
   * another client gets `wrong_client` and the code stays usable by its owner. `reused` when the
   * owner had used it before (RFC 6749 §4.1.2).
   */
  consumeCode(
    codeHash: string,
    clientId: string,
    now: Date,
  ): Promise<{ status: "ok" | "reused"; code: CodeRecord } | { status: "missing" } | { status: "wrong_client" }>;
  /** Revokes every token issued from a code (replay defence, RFC 6749 §4.1.2 / RFC 9700 §4.2.4). */
  revokeCodeTokens(codeId: string, now: Date, meta: StoreMeta): Promise<void>;

  /** Starts a grant family (codes issued before families, device codes). Returns its id. */
  createGrant(grant: NewGrant): Promise<string>;
  /**
   * Revokes a whole grant family in one update: every access and refresh token that carries its
   * id stops working, because their checks read the grant. Writes `event` to the audit log.
   */
  revokeGrant(grantId: string, now: Date, meta: StoreMeta, event: "REFRESH_TOKEN_REUSED" | "TOKEN_REVOKED"): Promise<void>;

  recordAccessToken(input: {
    jti: string;
    clientId: string;
    userId: string | null;
    scope: string[];
    expiresAt: Date;
    authorizationCodeId: string | null;
    grantId?: string | null;
    /** The refresh token issued alongside; rotating it revokes this access token (inventory §2.7). */
    refreshTokenId?: string | null;
  }): Promise<void>;
  /** An access-token record that exists, is not revoked and whose grant is not revoked. */
  findActiveAccessToken(jti: string, now: Date, also?: "userinfo" | "introspection"): Promise<AccessTokenRecord | null>;
  /** Revokes one access token (RFC 7009), if it belongs to the client. */
  revokeAccessToken(jti: string, clientId: string, now: Date): Promise<void>;

  /**
   * Stores a refresh token and moves the grant's expiry to cover it. The grant's nonce, amr and
   * auth_time are copied onto the row from the grant the caller already holds (no second read);
   * so is its expiry when known: a grant that already covers the token is not written at all.
   */
  recordRefreshToken(input: {
    id: string;
    tokenHash: string;
    grantId: string;
    clientId: string;
    userId: string;
    scope: string[];
    expiresAt: Date;
    idTokenJti: string | null;
    grant: Pick<GrantRecord, "nonce" | "amr" | "authTime" | "expiresAt">;
  }): Promise<void>;
  findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | null>;
  findRefreshTokenById(id: string): Promise<RefreshTokenRecord | null>;
  /**
   * Marks a refresh token used and names its successor, only if nobody did first (conditional
   * update: on PostgreSQL a concurrent rotation holds the row lock, so this waits and then finds
   * it used). Revokes the access tokens issued alongside it. False when it lost the race.
   */
  consumeRefreshToken(id: string, successorId: string, now: Date): Promise<boolean>;

  /**
   * Stores a new device authorization (RFC 8628 §3.2). False, with nothing stored, when a live
   * code already has this user code (the caller draws another); an expired one is replaced.
   */
  saveDeviceCode(input: {
    deviceCodeHash: string;
    userCodeHash: string;
    clientId: string;
    scope: string[];
    resource: string[];
    nonce: string | null;
    intervalSeconds: number;
    expiresAt: Date;
    now: Date;
  }): Promise<boolean>;
  findDeviceCode(deviceCodeHash: string): Promise<DeviceCodeRecord | null>;
  /**
   * Records a poll of a pending code (RFC 8628 §3.5) only if nobody polled since `previous`
   * (conditional update, so two replicas answering two fast polls cannot both say "pending"),
   * setting the interval to `intervalSeconds`. False when another poll came in between.
   */
  recordDevicePoll(id: string, previous: Date | null, now: Date, intervalSeconds: number): Promise<boolean>;
  /** Adds `seconds` to a code's polling interval (a poll that lost the race above was too fast too). */
  slowDownDeviceCode(id: string, seconds: number, now: Date): Promise<void>;
  /** approved → consumed, once: false when another poll took the tokens first. */
  consumeDeviceCode(id: string): Promise<boolean>;
}
