import { db } from "../../db/client";
import type { RequestMeta } from "../../db/audit";
import { prismaOidcStore } from "../../db/oidc-store";
import { evaluateSteps, isAllowedUser } from "../../oidc/authorize";
import { formatUserCode } from "../../oidc/device";
import { unverifiedClientHost } from "../../oidc/cimd";
import { apiPermissionKeys } from "../../oidc/resource";
import type { DeviceCodeRecord, OidcStore } from "../../oidc/store";
import type { OidcClient } from "../../oidc/types";
import type { LoadedSession } from "../../auth/session";
import { loadDeviceCodeByUserCode } from "./load-device-code";

/**
 * How recent a passkey sign-in must be to count as the fresh verification a client with
 * requiresReauthentication asks for (inventory §2.14; Pocket ID's re-authentication token lives
 * 3 minutes): made after the device asked, and within this window.
 */
export const DEVICE_REAUTH_WINDOW_MS = 5 * 60_000;

export type DeviceCodeView =
  | { state: "unknown" }
  | { state: "expired" }
  | { state: "used" }
  | { state: "denied" }
  | {
      state: "pending";
      userCode: string;
      client: { id: string; name: string; unverifiedHost: string | null; hasLogo: boolean; hasDarkLogo: boolean };
      scopes: string[];
      /** API permissions asked for, with their friendly names (inventory §2.16), as on the consent screen. */
      scopeInfo: { key: string; name: string; description: string }[];
      /** The device asks for an access token to an API on the user's behalf (RFC 8707). */
      apiAccess: boolean;
      /** The client wants a fresh passkey verification before approval (requiresReauthentication). */
      reauthenticationRequired: boolean;
      /** A scope was never granted to this client by this user (Pocket ID's authorizationRequired). */
      authorizationRequired: boolean;
      /** The client's group restriction lets this user in (inventory §2.18). */
      allowed: boolean;
      expiresAt: Date;
    };

/**
 * What /device shows for a pending code (inventory §2.14), with the interaction steps of
 * /authorize (lib/oidc/authorize/steps.ts) so both pages agree on re-authentication and consent.
 */
export async function pendingDeviceView(store: OidcStore, record: DeviceCodeRecord, client: OidcClient, session: LoadedSession, userCode: string, now: Date) {
  const user = await store.findUser(session.userId);
  const consent = await store.findConsent(session.userId, client.id);
  const requestedAt = new Date(Math.max(record.createdAt.getTime(), now.getTime() - DEVICE_REAUTH_WINDOW_MS));
  const { steps } = evaluateSteps({
    // The API the code was issued for counts in the consent keys, as at /authorize (inventory §2.16).
    params: { prompt: [], scope: record.scope, resource: record.resource, max_age: undefined, id_token_hint_sub: undefined },
    client,
    session: { id: session.id, userId: session.userId, amr: session.amr, authTime: session.authTime },
    consent,
    requestedAt,
    confirmedUserId: null,
    now,
  });
  const audience = record.resource[0] ?? null;
  const permissionKeys = apiPermissionKeys(record.scope);
  const described = audience && permissionKeys.length ? await store.describeApiPermissions(audience, permissionKeys) : [];
  return {
    state: "pending" as const,
    userCode: formatUserCode(userCode),
    client: { id: client.id, name: client.name, unverifiedHost: unverifiedClientHost(client), hasLogo: !!client.hasLogo, hasDarkLogo: !!client.hasDarkLogo },
    scopes: record.scope,
    scopeInfo: permissionKeys.map((key) => {
      const d = described.find((x) => x.key === key);
      return { key, name: d?.name ?? key, description: d?.description ?? "" };
    }),
    apiAccess: !!audience,
    reauthenticationRequired: steps.includes("reauthenticate"),
    authorizationRequired: steps.includes("consent"),
    allowed: !!user && !user.disabled && isAllowedUser(user, client),
    expiresAt: record.expiresAt,
  };
}

/** The state of the code a signed-in person typed at /device (Pocket ID's GET /api/oidc/device/info). */
export async function describeDeviceCode(input: string, session: LoadedSession, meta: RequestMeta, now = new Date()): Promise<DeviceCodeView> {
  const found = await loadDeviceCodeByUserCode(input, session.userId, meta);
  if (!found) return { state: "unknown" };
  const { record, userCode } = found;
  if (record.status === "approved" || record.status === "consumed") return { state: "used" };
  if (record.expiresAt <= now) return { state: "expired" };
  if (record.status === "denied") return { state: "denied" };
  const store = prismaOidcStore(db());
  const client = await store.findClient(record.clientId);
  if (!client) return { state: "unknown" };
  return pendingDeviceView(store, record, client, session, userCode, now);
}
