import { z } from "zod";
import { callbackUrlSchema, msg, text } from "../validation";
import { env } from "../../config/env";
import { isLoopbackHost, isSecureRedirectUri } from "../../oidc/redirect-uri";
import { SIGNING_ALGS } from "../../crypto/signing-keys";
import { INSECURE_CALLBACK_SENTENCE } from "./callback-url-problem";

/** Inventory §2.18: token lifetimes default to 60 minutes and 30 days; 1–525 600 minutes (a year). */
export const DEFAULT_ACCESS_TOKEN_MINUTES = 60;
export const DEFAULT_REFRESH_TOKEN_MINUTES = 43_200;
export const MAX_TOKEN_MINUTES = 525_600;

/** 0 or null = the default (inventory §2.18 "0 ⇒ default"); absent keeps the value on update. */
const durationSchema = (what: string) =>
  z
    .number({ error: `Send the ${what} as a whole number of minutes` })
    .int(`Send the ${what} as a whole number of minutes`)
    .min(0, "Use 0 or more minutes (0 means the default)")
    .max(MAX_TOKEN_MINUTES, `Use at most ${MAX_TOKEN_MINUTES} minutes (one year)`)
    .nullish();

/** Callback URL patterns as the server stores them (inventory §2.6). */
const secureCallbackUrl = callbackUrlSchema.refine(
  (v) => env().allowInsecureCallbackUrls || isSecureRedirectUri(v),
  INSECURE_CALLBACK_SENTENCE,
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
/** An issuer, subject or audience: one line of printable text (inventory §2.8 federated identities). */
const identityText = (what: string) => text(what).trim().max(1000, msg.atMost(1000));
const optionalIdentityText = (what: string) =>
  identityText(what)
    .optional()
    .transform((v) => v || undefined);

/**
 * Inventory §2.8 federated identity: a workload (a CI job, a Kubernetes service account) proves it
 * is this client with a JWT its own issuer signed. `jwks` defaults to <issuer>/.well-known/jwks.json;
 * it is fetched by the server, so only https (or any http(s) while ALLOW_INSECURE_CALLBACK_URLS).
 */
export const federatedIdentitySchema = z
  .object({
    issuer: identityText("the issuer").min(1, msg.required("the issuer")),
    subject: optionalIdentityText("the subject"),
    audience: optionalIdentityText("the audience"),
    jwks: text("a JWKS URL")
      .trim()
      .max(1000, msg.atMost(1000))
      .optional()
      .transform((v) => v || undefined)
      .refine((v) => {
        if (v === undefined) return true;
        try {
          const u = new URL(v);
          return u.protocol === "https:" || (u.protocol === "http:" && (env().allowInsecureCallbackUrls || isLoopbackHost(u.hostname)));
        } catch {
          return false;
        }
      }, "Enter the JWKS URL as a full https:// address, or leave it empty for <issuer>/.well-known/jwks.json"),
    replayProtection: z.boolean({ error: "Send true or false" }).optional().default(false),
  }, { error: "Send each federated identity as { issuer, subject?, audience?, jwks?, replayProtection? }" })
  .strict();
export type FederatedIdentityInput = z.output<typeof federatedIdentitySchema>;

export const MAX_FEDERATED_IDENTITIES = 20;

export const federatedIdentityListSchema = z
  .array(federatedIdentitySchema, { error: "Send the federated identities as a list" })
  .max(MAX_FEDERATED_IDENTITIES, msg.atMostItems(MAX_FEDERATED_IDENTITIES, "federated identities"))
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((f, i) => {
      // The assertion's iss selects the identity (inventory §2.8): one issuer twice would be ambiguous.
      if (seen.has(f.issuer)) ctx.addIssue({ code: "custom", path: [i, "issuer"], message: "Use each issuer once: the token's issuer picks the identity" });
      seen.add(f.issuer);
    });
  });

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
    /** RFC 9126 §5 require_pushed_authorization_requests; absent keeps it on update. */
    requiresPushedAuthorizationRequests: z.boolean({ error: "Send true or false" }).optional(),
    accessTokenDurationMinutes: durationSchema("access token lifetime").describe("Minutes an access token lives (1–525600); 0 or null = the default, 60."),
    refreshTokenDurationMinutes: durationSchema("refresh token lifetime").describe("Minutes a refresh token lives (1–525600); 0 or null = the default, 43200 (30 days)."),
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
    /** Pocket ID's `credentials.federatedIdentities` (§2.8); absent keeps them on update. Secrets have their own routes. */
    credentials: z
      .object(
        {
          federatedIdentities: federatedIdentityListSchema,
        },
        { error: "Send credentials as { federatedIdentities: [...] }" },
      )
      .strict()
      .optional(),
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
  federatedIdentities?: string;
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
    credentials: { federatedIdentities: parseFederated(c.federatedIdentities) },
    createdAt: c.createdAt.toISOString(),
  };
}

/** A duration field as stored: 0/null = the default; undefined = keep (update) or default (create). */
export function durationValue(v: number | null | undefined, fallback: number): number | undefined {
  if (v === undefined) return undefined;
  return v ? v : fallback;
}

function parseFederated(raw: string | undefined): FederatedIdentityInput[] {
  try {
    const v: unknown = JSON.parse(raw ?? "[]");
    return Array.isArray(v) ? (v as FederatedIdentityInput[]).filter((f) => f && typeof f.issuer === "string") : [];
  } catch {
    return [];
  }
}
