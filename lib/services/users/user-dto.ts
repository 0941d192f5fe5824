import { z } from "zod";
import type { Prisma } from "../../db/generated/sqlite/client";

/** What a user row is read with for the DTO. */
export const userInclude = {
  customClaims: { orderBy: { createdAt: "asc" } },
  groups: { include: { userGroup: { select: { id: true, name: true, friendlyName: true, ldapId: true, createdAt: true } } } },
} as const satisfies Prisma.UserInclude;

type UserRow = Prisma.UserGetPayload<{ include: typeof userInclude }>;

/** Pocket ID's user DTO (inventory §1.5), plus createdAt. */
export function userDto(u: UserRow) {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    emailVerified: u.emailVerified,
    firstName: u.firstName,
    lastName: u.lastName,
    displayName: u.displayName,
    isAdmin: u.isAdmin,
    locale: u.locale,
    disabled: u.disabled,
    ldapId: u.ldapId,
    createdAt: u.createdAt.toISOString(),
    customClaims: u.customClaims.map((c) => ({ key: c.key, value: c.value })),
    userGroups: u.groups
      .map((m) => m.userGroup)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((g) => ({ id: g.id, name: g.name, friendlyName: g.friendlyName, ldapId: g.ldapId, createdAt: g.createdAt.toISOString() })),
  };
}
export type UserDto = ReturnType<typeof userDto>;

export const minimalGroupSchema = z.object({ id: z.string(), name: z.string(), friendlyName: z.string(), ldapId: z.string().nullable(), createdAt: z.string() });
export const customClaimSchema = z.object({ key: z.string(), value: z.string() });

/** The DTO as a schema, for the OpenAPI document. */
export const userDtoSchema = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string().nullable(),
  emailVerified: z.boolean(),
  firstName: z.string(),
  lastName: z.string(),
  displayName: z.string(),
  isAdmin: z.boolean(),
  locale: z.string().nullable(),
  disabled: z.boolean(),
  ldapId: z.string().nullable(),
  createdAt: z.string(),
  customClaims: z.array(customClaimSchema),
  userGroups: z.array(minimalGroupSchema),
});
