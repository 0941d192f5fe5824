import { z } from "zod";
import { msg, text } from "../validation";
import { env } from "../../config/env";
import { hasControlCharacter } from "../../oidc/limits";

/**
 * OAuth APIs / resource servers (inventory §1.5 "OAuth APIs", §2.16): Pocket ID's field names
 * (`resource` on the wire, `audience` in the table).
 */

/** Scope and claim names of the identity layer: never an API permission key (Pocket ID isPermissionKeyReserved). */
export const RESERVED_PERMISSION_KEYS = ["openid", "profile", "email", "email_verified", "groups", "offline_access"];

/** RFC 6749 §3.3 scope-token characters. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * Inventory §1.5: an absolute URI, no fragment, at most 350 characters, trailing slashes trimmed,
 * and never this provider's issuer (its tokens would pass for ours).
 */
export const resourceSchema = text("the API identifier (an absolute URI such as https://api.example.com)")
  .trim()
  .min(1, msg.required("the API identifier (an absolute URI such as https://api.example.com)"))
  .max(350, msg.atMost(350))
  .refine((v) => !/\s/.test(v), "Remove the spaces: an identifier is a URI without spaces")
  .refine((v) => URL.canParse(v) && /^[a-z][a-z0-9+.-]*:/i.test(v), "Enter an absolute URI, such as https://api.example.com")
  .refine((v) => !v.includes("#"), "Remove the fragment (#...): a resource identifier has none")
  .transform((v) => v.replace(/\/+$/, ""))
  .refine((v) => v.length > 0 && URL.canParse(v), "Enter an absolute URI, such as https://api.example.com")
  .refine((v) => v.toLowerCase() !== env().appUrl.replace(/\/+$/, "").toLowerCase(), "This is the address of this sign-in service itself: choose your API's own identifier");

const nameSchema = text("a name").trim().min(1, msg.required("a name")).max(50, msg.atMost(50));

export const apiCreateSchema = z.object({ name: nameSchema, resource: resourceSchema }, { error: "Send the API as a JSON object" }).strict();
export const apiUpdateSchema = z.object({ name: nameSchema }, { error: "Send { name }" }).strict();
export type ApiCreateInput = z.input<typeof apiCreateSchema>;
export type ApiUpdateInput = z.input<typeof apiUpdateSchema>;

export const permissionInputSchema = z
  .object({
    key: text("a key")
      .trim()
      .min(1, msg.required("a key"))
      .max(128, msg.atMost(128))
      .refine((v) => SCOPE_TOKEN.test(v), "Use only letters, digits and punctuation without spaces, quotes or backslashes (for example read:items)")
      .refine((v) => !RESERVED_PERMISSION_KEYS.includes(v.toLowerCase()), "This key is a standard scope: choose another key"),
    name: nameSchema,
    description: text("a description").trim().max(200, msg.atMost(200)).nullish(),
  })
  .strict();

export const permissionsUpdateSchema = z
  .object({ permissions: z.array(permissionInputSchema).max(200, msg.atMostItems(200, "permissions")) }, { error: "Send { permissions: [...] }" })
  .strict()
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.permissions.forEach((p, i) => {
      if (seen.has(p.key)) ctx.addIssue({ code: "custom", path: ["permissions", i, "key"], message: "Each key may appear only once: remove the duplicate" });
      seen.add(p.key);
    });
  });
export type PermissionsUpdateInput = z.input<typeof permissionsUpdateSchema>;

const idList = z.array(z.string().max(256).refine((v) => !hasControlCharacter(v), "Send permission ids")).max(500);

export const cimdAccessSchema = z.object({ enabled: z.boolean(), permissionIds: idList.default([]) }, { error: "Send { enabled, permissionIds }" }).strict();
export type CimdAccessInput = z.input<typeof cimdAccessSchema>;

export const clientGrantSchema = z
  .object(
    {
      userDelegatedAccess: z.boolean(),
      clientAccess: z.boolean(),
      userDelegatedPermissionIds: idList.default([]),
      clientPermissionIds: idList.default([]),
    },
    { error: "Send { userDelegatedAccess, clientAccess, userDelegatedPermissionIds, clientPermissionIds }" },
  )
  .strict();
export type ClientGrantInput = z.input<typeof clientGrantSchema>;

export const clientIdParams = z.object({ id: z.string(), clientId: z.string() });

// ---- responses

type PermissionRow = { id: string; key: string; name: string; description: string | null; allowedForCimdClients: boolean };
type ApiRow = { id: string; name: string; audience: string; createdAt: Date; allowCimdClients: boolean; permissions: PermissionRow[] };

export const permissionDtoSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string().optional(),
  allowedForCimdClients: z.boolean(),
});
export const apiDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  resource: z.string(),
  createdAt: z.string(),
  permissions: z.array(permissionDtoSchema),
  allowCimdClients: z.boolean(),
});
export const apiListItemSchema = z.object({ id: z.string(), name: z.string(), resource: z.string(), createdAt: z.string(), permissionCount: z.number().int() });

/** Permissions sorted by key, so that lists and tests read the same on both databases. */
const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export function apiDto(a: ApiRow): z.infer<typeof apiDtoSchema> {
  return {
    id: a.id,
    name: a.name,
    resource: a.audience,
    createdAt: a.createdAt.toISOString(),
    permissions: [...a.permissions].sort(byKey).map((p) => ({
      id: p.id,
      key: p.key,
      name: p.name,
      ...(p.description ? { description: p.description } : {}),
      allowedForCimdClients: p.allowedForCimdClients,
    })),
    allowCimdClients: a.allowCimdClients,
  };
}

export function apiListItemDto(a: { id: string; name: string; audience: string; createdAt: Date; _count: { permissions: number } }) {
  return { id: a.id, name: a.name, resource: a.audience, createdAt: a.createdAt.toISOString(), permissionCount: a._count.permissions };
}

export const apiClientDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  clientType: z.string(),
  isPublic: z.boolean(),
  hasLogo: z.boolean(),
  hasDarkLogo: z.boolean(),
});
export function apiClientDto(c: { id: string; name: string; clientType: string; isPublic: boolean; imageType: string | null; darkImageType: string | null }) {
  return { id: c.id, name: c.name, clientType: c.clientType, isPublic: c.isPublic, hasLogo: !!c.imageType, hasDarkLogo: !!c.darkImageType };
}

export const grantFieldsSchema = z.object({
  userDelegatedAccess: z.boolean(),
  clientAccess: z.boolean(),
  userDelegatedPermissionIds: z.array(z.string()),
  clientPermissionIds: z.array(z.string()),
  cimdGrantedAccess: z.boolean(),
  cimdGrantedPermissionIds: z.array(z.string()),
});
export const apiClientAccessSchema = grantFieldsSchema.extend({ client: apiClientDtoSchema });
export const clientApiGrantSchema = grantFieldsSchema.extend({ api: apiDtoSchema });

/** SELECT for the client columns apiClientDto needs. */
export const API_CLIENT_SELECT = { id: true, name: true, clientType: true, isPublic: true, imageType: true, darkImageType: true } as const;
