import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { isUniqueViolation } from "../../db/errors";

/** "" and null both mean "no email"; stored lower-cased so uniqueness ignores case. */
export function normalizeEmail(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  return value ? value.toLowerCase() : null;
}

/** Refuses a username or email another user already has, naming the field (inventory §5.6). */
export async function checkUserUnique(tx: Tx, fields: { username?: string; email?: string | null }, exceptId?: string): Promise<void> {
  const not = exceptId ? { NOT: { id: exceptId } } : {};
  if (fields.username !== undefined && (await tx.user.findFirst({ where: { usernameKey: fields.username.toLowerCase(), ...not }, select: { id: true } }))) {
    throw new AppError("already_in_use", "Username is already in use.", { username: "This username is already in use: choose another one" });
  }
  if (fields.email && (await tx.user.findFirst({ where: { email: fields.email, ...not }, select: { id: true } }))) {
    throw new AppError("already_in_use", "Email is already in use.", { email: "This email address is already in use by another user" });
  }
}

/** A unique index that fired after the checks above (a concurrent write) reads the same way. */
export function mapUserUniqueViolation(e: unknown): never {
  if (isUniqueViolation(e)) throw new AppError("already_in_use", "Username or email is already in use.");
  throw e;
}

/** A group list of ids that all exist, or validation_failed naming the unknown ones. */
export async function checkGroupIds(tx: Tx, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await tx.userGroup.findMany({ where: { id: { in: unique } }, select: { id: true } });
  if (found.length !== unique.length) {
    const known = new Set(found.map((g) => g.id));
    throw new AppError("validation_failed", "Some of these groups do not exist.", { userGroupIds: `Unknown group: ${unique.filter((id) => !known.has(id)).join(", ")}` });
  }
  return unique;
}
