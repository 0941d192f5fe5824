import { db } from "../db/client";
import { env } from "../config/env";
import { AppError } from "../errors";
import { createSession, type CookieSpec } from "../auth/session";
import { writeAudit, type RequestMeta } from "../db/audit";

export const PREVIEW_ADMIN_USERNAME = "demo-admin";

/**
 * PREVIEW_MODE=true: fills a fresh database with a demo admin, users, groups and clients so a
 * reviewer of a UI change can click through a preview deployment. Does nothing if any user exists.
 */
export async function seedPreview(): Promise<void> {
  if ((await db().user.count()) > 0) return;
  const appUrl = env().appUrl;
  await db().$transaction(async (tx) => {
    const admins = await tx.userGroup.create({ data: { name: "admins", friendlyName: "Administrators" } });
    const family = await tx.userGroup.create({ data: { name: "family", friendlyName: "Family" } });
    const people = [
      { username: PREVIEW_ADMIN_USERNAME, firstName: "Demo", lastName: "Admin", email: "admin@example.com", isAdmin: true, groups: [admins.id] },
      { username: "alice", firstName: "Alice", lastName: "Liddell", email: "alice@example.com", isAdmin: false, groups: [family.id] },
      { username: "bob", firstName: "Bob", lastName: "Builder", email: "bob@example.com", isAdmin: false, groups: [] },
    ];
    for (const p of people) {
      await tx.user.create({
        data: {
          username: p.username,
          usernameKey: p.username.toLowerCase(),
          email: p.email,
          emailVerified: true,
          firstName: p.firstName,
          lastName: p.lastName,
          displayName: `${p.firstName} ${p.lastName}`,
          isAdmin: p.isAdmin,
          groups: { create: p.groups.map((userGroupId) => ({ userGroupId })) },
        },
      });
    }
    await tx.oidcClient.create({
      data: { id: "demo-grafana", name: "Grafana (demo)", callbackUrls: JSON.stringify(["https://grafana.example.com/login/generic_oauth"]) },
    });
    await tx.oidcClient.create({
      data: {
        id: "demo-spa",
        name: "Single-page app (demo)",
        isPublic: true,
        pkceEnabled: true,
        callbackUrls: JSON.stringify([`${appUrl}/demo/callback`, "http://localhost:3000/callback"]),
      },
    });
    await tx.kv.create({ data: { key: "setup_completed", value: new Date().toISOString() } });
  });
  console.log(`[preview] seeded demo data; sign in as "${PREVIEW_ADMIN_USERNAME}" from the login page's preview button`);
}

/** PREVIEW_MODE only: signs the browser in as the demo admin (reviewers have no passkey for it). */
export async function previewSignIn(meta: RequestMeta): Promise<CookieSpec> {
  if (!env().previewMode) throw new AppError("not_found");
  const user = await db().user.findUnique({ where: { usernameKey: PREVIEW_ADMIN_USERNAME } });
  if (!user) throw new AppError("not_found");
  return db().$transaction(async (tx) => {
    const s = await createSession(tx, user.id, ["otp"], meta);
    await writeAudit(tx, "SIGN_IN", meta, user.id, { method: "preview" });
    return s.cookie;
  });
}
