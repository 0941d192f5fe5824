import { z } from "zod";

/** Pocket ID's client "meta" DTO (inventory §1.5 GET /oidc/clients/:id/meta), as My Apps shows it. */
export const clientMetaSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  hasLogo: z.boolean(),
  hasDarkLogo: z.boolean(),
  launchURL: z.string().nullable(),
  requiresReauthentication: z.boolean(),
  clientType: z.string(),
});
export type ClientMeta = z.infer<typeof clientMetaSchema>;

export const myClientSchema = clientMetaSchema.extend({ lastUsedAt: z.string().nullable() });
export type MyClient = z.infer<typeof myClientSchema>;

export const authorizedClientSchema = z.object({ scope: z.string(), client: clientMetaSchema, lastUsedAt: z.string() });
export type AuthorizedClient = z.infer<typeof authorizedClientSchema>;

export const CLIENT_META_SELECT = {
  id: true,
  name: true,
  description: true,
  imageType: true,
  darkImageType: true,
  launchUrl: true,
  requiresReauthentication: true,
  clientType: true,
} as const;

export function clientMeta(row: {
  id: string;
  name: string;
  description: string;
  imageType: string | null;
  darkImageType: string | null;
  launchUrl: string | null;
  requiresReauthentication: boolean;
  clientType: string;
}): ClientMeta {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    hasLogo: !!row.imageType,
    hasDarkLogo: !!row.darkImageType,
    launchURL: httpUrlOrNull(row.launchUrl),
    requiresReauthentication: row.requiresReauthentication,
    clientType: row.clientType,
  };
}

/** A launch URL is a link the user clicks: only http(s), never javascript: or data: stored before that rule. */
function httpUrlOrNull(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Stored scope lists are JSON arrays; Pocket ID's API sends them space-separated. */
export function scopeString(stored: string): string {
  try {
    const list = JSON.parse(stored) as unknown;
    return Array.isArray(list) ? list.filter((s): s is string => typeof s === "string").join(" ") : "";
  } catch {
    return "";
  }
}

/** Pocket ID's `filters[hasLaunchURL]` on both My Apps lists. */
export const hasLaunchUrlQuery = z.object({ "filters[hasLaunchURL]": z.array(z.enum(["true", "false"])).max(1).optional() });
