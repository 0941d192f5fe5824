import { z } from "zod";
import { clientDto, clientInputSchema } from "./client-input";
import { parseStoredClaimMapping } from "../../oidc/claim-mapping";
import { claimMappingDtoSchema, claimMappingSchema } from "./claim-mapping-schema";

/** POST /oidc/clients: Pocket ID's fields plus the per-client claim mapping (absent or null: none). */
export const clientCreateSchema = clientInputSchema.extend({ claimMapping: claimMappingSchema.nullish() });
export type ClientCreateInput = z.input<typeof clientCreateSchema>;

/** PUT /oidc/clients/:id: the same fields as creation except the id; like Pocket ID, a full replace. */
export const clientUpdateSchema = clientInputSchema.omit({ id: true }).extend({
  /** Per-client claim mapping (claim-mapping-schema.ts): absent keeps it, null resets it. */
  claimMapping: claimMappingSchema.nullish(),
});

type ClientRow = Parameters<typeof clientDto>[0] & {
  requiresPushedAuthorizationRequests: boolean;
  clientType: string;
  claimMapping?: string | null;
  metadataExpiresAt?: Date | null;
  metadataGrantTypes?: string | null;
  imageType?: string | null;
  darkImageType?: string | null;
};

function grantTypes(raw: string | null | undefined): string[] | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : null;
  } catch {
    return null;
  }
}

/** The admin view of a client: Pocket ID's fields plus the groups it is restricted to. */
export function clientAdminDto(c: ClientRow & { allowedGroups: { userGroup: { id: string; name: string; friendlyName: string } }[] }) {
  return {
    ...clientDto(c),
    requiresPushedAuthorizationRequests: c.requiresPushedAuthorizationRequests,
    clientType: c.clientType,
    metadataExpiresAt: c.metadataExpiresAt?.toISOString() ?? null,
    metadataGrantTypes: grantTypes(c.metadataGrantTypes),
    allowedUserGroupsCount: c.allowedGroups.length,
    allowedUserGroups: c.allowedGroups.map((a) => a.userGroup).sort((a, b) => a.name.localeCompare(b.name)),
    claimMapping: parseStoredClaimMapping(c.claimMapping),
  };
}

export const clientAdminInclude = { allowedGroups: { include: { userGroup: { select: { id: true, name: true, friendlyName: true } } } } } as const;

export const clientAdminDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  callbackURLs: z.array(z.string()),
  logoutCallbackURLs: z.array(z.string()),
  launchURL: z.string().nullable(),
  isPublic: z.boolean(),
  pkceEnabled: z.boolean(),
  pkceSupported: z.boolean(),
  requiresReauthentication: z.boolean(),
  requiresPushedAuthorizationRequests: z.boolean(),
  skipConsent: z.boolean(),
  isGroupRestricted: z.boolean(),
  clientType: z.string().describe("standard, or cimd for a client registered by its metadata document (inventory §2.17)."),
  metadataExpiresAt: z.string().nullable().describe("CIMD only: when the metadata document is fetched again."),
  metadataGrantTypes: z.array(z.string()).nullable().describe("CIMD only: the grants its document declares."),
  accessTokenDurationMinutes: z.number().int(),
  refreshTokenDurationMinutes: z.number().int(),
  idTokenSignedResponseAlg: z.string().nullable(),
  backchannelLogoutURL: z.string().nullable().describe("OIDC Back-Channel Logout 1.0 backchannel_logout_uri: Logout Tokens are POSTed here when a user's session ends."),
  backchannelLogoutSessionRequired: z.boolean().describe("backchannel_logout_session_required: the app needs `sid` in Logout Tokens."),
  hasLogo: z.boolean().describe("A light logo is set: GET /api/oidc/clients/{id}/logo?light=true"),
  hasDarkLogo: z.boolean().describe("A dark logo is set (otherwise the dark logo is the light one)"),
  credentials: z.object({
    federatedIdentities: z.array(
      z.object({ issuer: z.string(), subject: z.string().optional(), audience: z.string().optional(), jwks: z.string().optional(), replayProtection: z.boolean().optional() }),
    ),
  }),
  createdAt: z.string(),
  allowedUserGroupsCount: z.number().int(),
  allowedUserGroups: z.array(z.object({ id: z.string(), name: z.string(), friendlyName: z.string() })),
  claimMapping: claimMappingDtoSchema,
});

export const CLIENT_NOT_FOUND = "This OIDC client does not exist (any more).";
