import { z } from "zod";
import { msg, text } from "../validation";

export const groupInputSchema = z
  .object({
    friendlyName: text("a display name").trim().min(2, msg.atLeast(2)).max(50, msg.atMost(50)),
    /** What the `groups` claim carries (§2.9). */
    name: text("a name").trim().min(2, msg.atLeast(2)).max(255, msg.atMost(255)),
  }, { error: "Send the group as a JSON object" })
  .strict();
export type GroupInput = z.input<typeof groupInputSchema>;

export const userIdsSchema = z.object({ userIds: z.array(z.string().max(256)).max(10_000) }, { error: "Send { userIds: [...] }" }).strict();
export const oidcClientIdsSchema = z.object({ oidcClientIds: z.array(z.string().max(256)).max(1000) }, { error: "Send { oidcClientIds: [...] }" }).strict();

export function minimalGroupDto(g: { id: string; name: string; friendlyName: string; ldapId: string | null; createdAt: Date }, userCount?: number) {
  return { id: g.id, name: g.name, friendlyName: g.friendlyName, ldapId: g.ldapId, createdAt: g.createdAt.toISOString(), ...(userCount !== undefined ? { userCount } : {}) };
}

export const groupListItemSchema = z.object({ id: z.string(), name: z.string(), friendlyName: z.string(), ldapId: z.string().nullable(), createdAt: z.string(), userCount: z.number().int() });
export const groupDetailSchema = groupListItemSchema.extend({
  customClaims: z.array(z.object({ key: z.string(), value: z.string() })),
  users: z.array(z.object({ id: z.string(), username: z.string(), email: z.string().nullable(), firstName: z.string(), lastName: z.string(), displayName: z.string(), isAdmin: z.boolean(), disabled: z.boolean() })),
  allowedOidcClients: z.array(z.object({ id: z.string(), name: z.string(), isGroupRestricted: z.boolean() })),
});
