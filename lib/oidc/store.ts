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
  /** The user who confirmed (consent / account selection) in this interaction, if any. */
  confirmedUserId: string | null;
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
}

export interface NewCode extends Omit<CodeRecord, "id"> {
  codeHash: string;
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
  /** SHA-256 hashes of the client's non-expired secrets, newest first. */
  clientSecretHashes(clientId: string, now: Date): Promise<string[]>;
  findUser(id: string): Promise<OidcUser | null>;
  /** Scopes the user already granted the client, or null if never. */
  findConsent(userId: string, clientId: string): Promise<string[] | null>;

  createInteraction(params: AuthorizeParams, now: Date, ttlSeconds: number): Promise<string>;
  loadInteraction(id: string, now: Date): Promise<InteractionRecord | null>;
  confirmInteraction(id: string, userId: string): Promise<boolean>;

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
  recordAccessToken(input: {
    jti: string;
    clientId: string;
    userId: string | null;
    scope: string[];
    expiresAt: Date;
    authorizationCodeId: string | null;
  }): Promise<void>;
  /** An access-token record that exists and is not revoked. */
  findActiveAccessToken(jti: string, now: Date): Promise<{ userId: string | null; clientId: string; scope: string[] } | null>;
}
