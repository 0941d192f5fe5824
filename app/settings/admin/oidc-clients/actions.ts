"use server";
import { runAction, runGuarded, runQuery } from "@/app/settings/run-action";
import { createClient } from "@/lib/services/oidc-clients/create-client";
import type { ClientInput } from "@/lib/services/oidc-clients/client-input";
import { updateClient } from "@/lib/services/oidc-clients/update-client";
import { deleteClient } from "@/lib/services/oidc-clients/delete-client";
import { addClientSecret } from "@/lib/services/oidc-clients/add-client-secret";
import { deleteClientSecret } from "@/lib/services/oidc-clients/delete-client-secret";
import { setClientAllowedGroups } from "@/lib/services/oidc-clients/set-client-allowed-groups";
import { setClientGroupRestriction } from "@/lib/services/oidc-clients/set-client-group-restriction";
import { setClientFederatedIdentities } from "@/lib/services/oidc-clients/set-client-federated-identities";
import { setApiClientGrant } from "@/lib/services/apis/set-api-client-grant";
import { removeApiClientGrant } from "@/lib/services/apis/remove-api-client-grant";
import { listAssignableApis } from "@/lib/services/apis/list-assignable-apis";
import { refreshCimdClientMetadata } from "@/lib/services/oidc-clients/refresh-cimd-client";
import { callbackUrlProblem } from "@/lib/services/oidc-clients/callback-url-problem";
import { env } from "@/lib/config/env";
import { encodePathId } from "@/lib/http/path-id";
import type { ActionResult } from "@/components/action-result";
import type { PickerOption } from "@/components/pickers/entity-picker";

const LIST = "/settings/admin/oidc-clients";
const page = (id: string) => `${LIST}/${encodePathId(id)}`;

export type CreateClientInput = Omit<ClientInput, "credentials">;
export type CreateClientResult = ActionResult<{ id: string; name: string; secret: string | null; href: string }>;

/** Creates a client and, for confidential clients, its first secret, in one transaction. */
export async function createClientAction(input: CreateClientInput): Promise<CreateClientResult> {
  return runGuarded({ path: LIST, refresh: false, message: "Client created." }, async (actor) => {
    const { client, secret } = await createClient(input, actor.userId, actor.meta, { withSecret: true });
    return { id: client.id, name: client.name, secret, href: `${LIST}/${encodePathId(client.id)}` };
  });
}

export async function updateClientAction(id: string, input: Omit<ClientInput, "id" | "credentials">) {
  return runAction({ path: page(id), message: "Client saved." }, async (tx, actor) => {
    await updateClient(tx, actor, id, input);
    return undefined;
  });
}

export async function deleteClientAction(id: string) {
  return runAction({ path: page(id), message: "Client deleted.", refresh: false }, async (tx, actor) => {
    await deleteClient(tx, actor, id);
    return undefined;
  });
}

export async function setRestrictionAction(id: string, restricted: boolean) {
  return runAction({ path: page(id), message: restricted ? "Restricted: only members of the groups you choose here can sign in." : "Every user can sign in to this client now." }, async (tx, actor) => {
    await setClientGroupRestriction(tx, actor, id, restricted);
    return undefined;
  });
}

export async function setAllowedGroupsAction(id: string, userGroupIds: string[]) {
  return runAction({ path: page(id), message: "Allowed groups saved." }, async (tx, actor) => {
    await setClientAllowedGroups(tx, actor, id, { userGroupIds });
    return undefined;
  });
}

/** The value is in this answer only; no refresh, so the dialog showing it stays mounted. */
export async function addSecretAction(id: string, input: { expiresAt?: string | null }) {
  return runAction({ path: page(id), refresh: false }, async (tx, actor) => addClientSecret(tx, actor, id, input));
}

export async function deleteSecretAction(id: string, secretId: string) {
  return runAction({ path: page(id), message: "Secret deleted: it no longer authenticates the client." }, async (tx, actor) => {
    await deleteClientSecret(tx, actor, id, secretId);
    return undefined;
  });
}

export interface FederatedIdentityValues {
  issuer: string;
  subject?: string;
  audience?: string;
  jwks?: string;
  replayProtection?: boolean;
}

export async function setFederatedIdentitiesAction(id: string, list: FederatedIdentityValues[]) {
  return runAction({ path: page(id), message: "Federated identities saved." }, async (tx, actor) => {
    await setClientFederatedIdentities(tx, actor, id, list);
    return undefined;
  });
}

export interface ApiGrantValues {
  userDelegatedAccess: boolean;
  clientAccess: boolean;
  userDelegatedPermissionIds: string[];
  clientPermissionIds: string[];
}

export async function setApiGrantAction(id: string, apiId: string, values: ApiGrantValues) {
  return runAction({ path: page(id), message: "API access saved." }, async (tx, actor) => {
    await setApiClientGrant(tx, actor, apiId, id, values);
    return undefined;
  });
}

export async function removeApiGrantAction(id: string, apiId: string) {
  return runAction({ path: page(id), message: "The client can no longer use this API." }, async (tx, actor) => {
    await removeApiClientGrant(tx, actor, apiId, id);
    return undefined;
  });
}

/** The API picker's search: APIs this client has no grant on yet. */
export async function searchAssignableApisAction(id: string, query: string): Promise<PickerOption[]> {
  return runQuery({ path: page(id) }, async () => {
    const q = String(query).slice(0, 200).trim().toLowerCase();
    const apis = await listAssignableApis(id);
    return apis
      .filter((a) => !q || a.name.toLowerCase().includes(q) || a.resource.toLowerCase().includes(q))
      .slice(0, 20)
      .map((a) => ({ id: a.id, label: a.name, description: `${a.resource} · ${a.permissionCount} ${a.permissionCount === 1 ? "permission" : "permissions"}` }));
  });
}

/**
 * The server's verdict on callback URL patterns, for the form's inline check: the browser's URL
 * parser is not Node's (Chromium accepts hosts Node refuses), so the page asks the code that saves.
 */
export async function checkCallbackUrlsAction(values: string[]): Promise<(string | null)[]> {
  return runQuery({ path: LIST }, async () => {
    const list = Array.isArray(values) ? values.slice(0, 200) : [];
    const allowInsecure = env().allowInsecureCallbackUrls;
    return list.map((v) => (typeof v === "string" ? callbackUrlProblem(v, allowInsecure) : "Enter a callback URL"));
  });
}

/** CIMD clients (inventory §6.3 "refresh metadata"): fetch the metadata document now. */
export async function refreshMetadataAction(id: string) {
  return runGuarded({ path: page(id) }, async (actor) => {
    const r = await refreshCimdClientMetadata(actor, id);
    return { consentsRevoked: r.consentsRevoked };
  });
}
