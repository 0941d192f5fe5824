import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import { randomString } from "../crypto/random";
import { sha256Hex } from "../crypto/hash";
import { writeAudit, type RequestMeta } from "../db/audit";
import { callbackUrlSchema, isLookupId, msg, text } from "./validation";
import { env } from "../config/env";
import { isLoopbackHost, isSecureRedirectUri } from "../oidc/redirect-uri";
import { isUniqueViolation } from "../db/errors";
import { SIGNING_ALGS } from "../crypto/signing-keys";

/** Admin input for an OIDC client (inventory §2.18; JSON field names as Pocket ID's API). */
const secureCallbackUrl = callbackUrlSchema.refine(
  (v) => env().allowInsecureCallbackUrls || isSecureRedirectUri(v),
  "Start with https://. Plain http:// is allowed only for localhost on this server (ALLOW_INSECURE_CALLBACK_URLS=false)",
);

/**
 * OIDC Back-Channel Logout 1.0 §2.2 backchannel_logout_uri: an absolute http(s) URL (parsed with
 * new URL, as it will be requested) without a fragment, which §2.2 forbids. Like callback URLs:
 * https, or http for loopback, or any http while ALLOW_INSECURE_CALLBACK_URLS is on (apps inside a
 * Docker network are often plain http). No credentials in the URL: it is shown and logged.
 */
const backchannelLogoutUrlSchema = text("a back-channel logout URL")
  .trim()
  .min(1, msg.required("a back-channel logout URL"))
  .max(1000, msg.atMost(1000))
  .transform((v, ctx) => {
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter the back-channel logout URL as a full address starting with https://" });
      return z.NEVER;
    }
    const problem =
      url.protocol !== "https:" && url.protocol !== "http:"
        ? "Start the back-channel logout URL with https://"
        : url.hash || v.includes("#")
          ? "Remove the #fragment from the back-channel logout URL (Back-Channel Logout §2.2 forbids one)"
          : url.username || url.password
            ? "Remove the user name and password from the back-channel logout URL"
            : url.protocol === "http:" && !env().allowInsecureCallbackUrls && !isLoopbackHost(url.hostname)
              ? "Start the back-channel logout URL with https://. Plain http:// is allowed only for localhost on this server (ALLOW_INSECURE_CALLBACK_URLS=false)"
              : null;
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return url.href;
  });

const logoUrlSchema = z.url({ protocol: /^https?$/, error: "Enter the logo's address, starting with https:// or http://" }).max(2000, msg.atMost(2000));

export const clientInputSchema = z
  .object({
    id: text("a client ID")
      .trim()
      .min(2, msg.atLeast(2))
      .max(128, msg.atMost(128))
      .regex(/^[A-Za-z0-9._-]+$/, "Use only letters, digits, dots, underscores and dashes")
      .optional(),
    name: text("a name").trim().min(1, msg.required("a name")).max(50, msg.atMost(50)),
    description: text("a description").trim().max(150, msg.atMost(150)).default(""),
    callbackURLs: z.array(secureCallbackUrl, { error: "Send the callback URLs as a list" }).max(100, msg.atMostItems(100, "callback URLs")).default([]),
    logoutCallbackURLs: z.array(secureCallbackUrl, { error: "Send the logout callback URLs as a list" }).max(100, msg.atMostItems(100, "logout callback URLs")).default([]),
    // Shown as a link on the user's apps page: only web addresses, never javascript: or data:.
    launchURL: z.url({ protocol: /^https?$/, error: "Start with https:// or http://" }).max(1000, msg.atMost(1000)).nullish(),
    isPublic: z.boolean().default(false),
    pkceEnabled: z.boolean().default(false),
    requiresReauthentication: z.boolean().default(false),
    skipConsent: z.boolean().default(false),
    isGroupRestricted: z.boolean().default(false),
    /** OIDC Registration §2 id_token_signed_response_alg; null = the default (RS256). */
    idTokenSignedResponseAlg: z.enum(SIGNING_ALGS, { error: `Choose one of ${SIGNING_ALGS.join(", ")}` }).nullish(),
    /** Back-Channel Logout §2.2: where Logout Tokens are POSTed; null removes it, absent keeps it on update. */
    backchannelLogoutURL: backchannelLogoutUrlSchema.nullish(),
    /** Back-Channel Logout §2.2 backchannel_logout_session_required (ours always carry `sid` when known). */
    backchannelLogoutSessionRequired: z.boolean({ error: "Send true or false" }).optional(),
    /**
     * Inventory §2.18: a logo to download (public http(s) addresses only, ≤ 2 MB); stored as the
     * light or dark logo after the client is saved. Absent or null leaves the logo as it is.
     */
    logoUrl: logoUrlSchema.nullish(),
    darkLogoUrl: logoUrlSchema.nullish(),
  })
  .strict();
export type ClientInput = z.input<typeof clientInputSchema>;

export function clientDto(c: {
  id: string; name: string; description: string; callbackUrls: string; logoutCallbackUrls: string; launchUrl: string | null;
  isPublic: boolean; pkceEnabled: boolean; pkceSupported: boolean; requiresReauthentication: boolean; skipConsent: boolean;
  isGroupRestricted: boolean; createdAt: Date; accessTokenDurationMinutes: number; refreshTokenDurationMinutes: number;
  idTokenSignedResponseAlg?: string | null;
  backchannelLogoutUri?: string | null;
  backchannelLogoutSessionRequired?: boolean;
  imageType?: string | null;
  darkImageType?: string | null;
}) {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    callbackURLs: JSON.parse(c.callbackUrls) as string[],
    logoutCallbackURLs: JSON.parse(c.logoutCallbackUrls) as string[],
    launchURL: c.launchUrl,
    isPublic: c.isPublic,
    pkceEnabled: c.pkceEnabled,
    pkceSupported: c.pkceSupported,
    requiresReauthentication: c.requiresReauthentication,
    skipConsent: c.skipConsent,
    isGroupRestricted: c.isGroupRestricted,
    accessTokenDurationMinutes: c.accessTokenDurationMinutes,
    refreshTokenDurationMinutes: c.refreshTokenDurationMinutes,
    idTokenSignedResponseAlg: c.idTokenSignedResponseAlg ?? null,
    backchannelLogoutURL: c.backchannelLogoutUri ?? null,
    backchannelLogoutSessionRequired: c.backchannelLogoutSessionRequired ?? true,
    // Inventory §2.18: logo presence (GET /oidc/clients/:id/logo?light=true|false).
    hasLogo: !!c.imageType,
    hasDarkLogo: !!c.darkImageType,
    createdAt: c.createdAt.toISOString(),
  };
}

/** 32 random alphanumerics; stored as SHA-256 with the first 4 characters as a visible prefix (§2.8). */
function newSecret() {
  const secret = randomString(32);
  return { secret, secretHash: sha256Hex(secret), prefix: secret.slice(0, 4) };
}

/**
 * Creates a client; with `withSecret` (confidential clients from the admin UI) also its first
 * secret, in the same transaction, returned in clear exactly once.
 */
export async function createClient(input: ClientInput, actorId: string, meta: RequestMeta, opts: { withSecret: boolean }) {
  const data = clientInputSchema.parse(input);
  const id = data.id ?? randomUUID();
  try {
    return await db().$transaction(async (tx) => {
      const client = await tx.oidcClient.create({
        data: {
          id,
          name: data.name,
          description: data.description,
          callbackUrls: JSON.stringify(data.callbackURLs),
          logoutCallbackUrls: JSON.stringify(data.logoutCallbackURLs),
          launchUrl: data.launchURL ?? null,
          isPublic: data.isPublic,
          // Public clients cannot keep a secret: PKCE is their proof (inventory §2.5).
          pkceEnabled: data.isPublic || data.pkceEnabled,
          requiresReauthentication: data.requiresReauthentication,
          skipConsent: data.skipConsent,
          isGroupRestricted: data.isGroupRestricted,
          idTokenSignedResponseAlg: data.idTokenSignedResponseAlg ?? null,
          backchannelLogoutUri: data.backchannelLogoutURL ?? null,
          ...(data.backchannelLogoutSessionRequired !== undefined ? { backchannelLogoutSessionRequired: data.backchannelLogoutSessionRequired } : {}),
          createdById: actorId,
        },
      });
      let secret: string | null = null;
      if (opts.withSecret && !client.isPublic) {
        const s = newSecret();
        await tx.oidcClientSecret.create({ data: { clientId: id, secretHash: s.secretHash, prefix: s.prefix } });
        secret = s.secret;
      }
      await writeAudit(tx, "CLIENT_CREATED", meta, actorId, { clientId: id, clientName: client.name });
      return { client: clientDto(client), secret };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("client_id_already_exists");
    throw e;
  }
}

/** Adds a secret to a confidential client; the value is returned once and never again. */
export async function createClientSecret(clientId: string, actorId: string, meta: RequestMeta) {
  if (!isLookupId(clientId)) throw new AppError("not_found");
  return db().$transaction(async (tx) => {
    const client = await tx.oidcClient.findUnique({ where: { id: clientId } });
    if (!client) throw new AppError("not_found");
    if (client.isPublic) throw new AppError("validation_failed", "Public clients cannot have secrets.");
    const s = newSecret();
    const row = await tx.oidcClientSecret.create({ data: { clientId, secretHash: s.secretHash, prefix: s.prefix } });
    await writeAudit(tx, "CLIENT_SECRET_CREATED", meta, actorId, { clientId, clientName: client.name });
    return { id: row.id, secret: s.secret, prefix: row.prefix, createdAt: row.createdAt.toISOString(), expiresAt: null };
  });
}

export async function listClients() {
  const rows = await db().oidcClient.findMany({ orderBy: { createdAt: "desc" } });
  return rows.map(clientDto);
}

export async function getClient(id: string) {
  if (!isLookupId(id)) throw new AppError("not_found");
  const row = await db().oidcClient.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found");
  return clientDto(row);
}
