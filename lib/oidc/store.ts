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
   * (single use) and writes the authorization audit event, all in one transaction.
   */
  saveAuthorization(input: {
    code: NewCode;
    interactionId: string | null;
    usedPkce: boolean;
    meta: StoreMeta;
    clientName: string;
  }): Promise<void>;

  /** Atomically marks the code used. `reused` when it had been used before (RFC 6749 §4.1.2). */
  consumeCode(codeHash: string, now: Date): Promise<{ status: "ok" | "reused"; code: CodeRecord } | { status: "missing" }>;
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
