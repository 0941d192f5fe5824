"use server";
import { runAction } from "@/app/settings/run-action";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { renewApiKey } from "@/lib/services/api-keys/renew-api-key";
import { revokeApiKey } from "@/lib/services/api-keys/revoke-api-key";

const PATH = "/settings/admin/api-keys";

/** Any signed-in user manages their own keys (inventory §1.5): not admin-only. */
export async function createApiKeyAction(input: { name: string; description: string; expiresAt: string }) {
  return runAction({ path: PATH, admin: false, message: "API key created: copy it now." }, async (tx, actor) => {
    // The input is whatever the caller sent: createApiKey's schema says what is wrong with it.
    const description = typeof input?.description === "string" && input.description.trim() !== "" ? input.description : undefined;
    const { apiKey, token } = await createApiKey(tx, actor, { name: input?.name, description, expiresAt: input?.expiresAt });
    return { id: apiKey.id, name: apiKey.name, token };
  });
}

export async function renewApiKeyAction(id: string, expiresAt: string) {
  return runAction({ path: PATH, admin: false, refresh: false, message: "API key renewed: copy the new key now." }, async (tx, actor) => {
    const { apiKey, token } = await renewApiKey(tx, actor, id, { expiresAt });
    return { id: apiKey.id, name: apiKey.name, token };
  });
}

export async function revokeApiKeyAction(id: string) {
  return runAction({ path: PATH, admin: false, message: "API key revoked." }, async (tx, actor) => {
    await revokeApiKey(tx, actor, id);
    return undefined;
  });
}
