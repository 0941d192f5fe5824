"use server";
import { pathFor, runAction, runQuery, shownName } from "@/app/settings/run-action";
import { createApi } from "@/lib/services/apis/create-api";
import { updateApi } from "@/lib/services/apis/update-api";
import { deleteApi } from "@/lib/services/apis/delete-api";
import { setApiPermissions } from "@/lib/services/apis/set-api-permissions";
import { setApiCimdAccess } from "@/lib/services/apis/set-api-cimd-access";
import { setApiClientGrant } from "@/lib/services/apis/set-api-client-grant";
import { removeApiClientGrant } from "@/lib/services/apis/remove-api-client-grant";
import { listAssignableClients } from "@/lib/services/apis/list-assignable-clients";
import type { PickerOption } from "@/components/pickers/entity-picker";

const PATH = "/settings/admin/apis";
const path = (id: string) => pathFor(PATH, id);

export interface PermissionValues {
  key: string;
  name: string;
  description: string;
}

export interface GrantValues {
  userDelegatedAccess: boolean;
  clientAccess: boolean;
  userDelegatedPermissionIds: string[];
  clientPermissionIds: string[];
}

export async function createApiAction(values: { name: string; resource: string }) {
  return runAction({ path: PATH, message: `API ${shownName(values?.name)} created.` }, async (tx, actor) => {
    const api = await createApi(tx, actor, { name: values.name, resource: values.resource });
    return { id: api.id };
  });
}

export async function renameApiAction(id: string, values: { name: string }) {
  return runAction({ path: path(id), message: "API saved." }, async (tx, actor) => {
    const api = await updateApi(tx, actor, id, { name: values.name });
    return { id: api.id };
  });
}

/** From the API's own page the browser leaves for the list instead: refreshing it would show a 404 first. */
export async function deleteApiAction(id: string, refreshPage = true) {
  return runAction({ path: PATH, message: "API deleted.", refresh: refreshPage }, async (tx, actor) => {
    await deleteApi(tx, actor, id);
    return undefined;
  });
}

export async function setPermissionsAction(id: string, permissions: PermissionValues[]) {
  return runAction({ path: path(id), message: "Permissions saved." }, async (tx, actor) => {
    await setApiPermissions(tx, actor, id, { permissions: permissions.map((p) => ({ key: p.key, name: p.name, description: p.description || null })) });
    return undefined;
  });
}

export async function setCimdAccessAction(id: string, values: { enabled: boolean; permissionIds: string[] }) {
  return runAction({ path: path(id), message: "Access for metadata-document clients saved." }, async (tx, actor) => {
    await setApiCimdAccess(tx, actor, id, values);
    return undefined;
  });
}

export async function setClientGrantAction(id: string, clientId: string, values: GrantValues) {
  return runAction({ path: path(id), message: "Client access saved." }, async (tx, actor) => {
    await setApiClientGrant(tx, actor, id, clientId, values);
    return undefined;
  });
}

export async function removeClientGrantAction(id: string, clientId: string) {
  return runAction({ path: path(id), message: "The client can no longer use this API." }, async (tx, actor) => {
    await removeApiClientGrant(tx, actor, id, clientId);
    return undefined;
  });
}

/** The picker's search: clients not granted this API yet. */
export async function searchAssignableClientsAction(id: string, query: string): Promise<PickerOption[]> {
  return runQuery({ path: path(id) }, async () => {
    const clients = await listAssignableClients(id, String(query).slice(0, 200));
    return clients.slice(0, 20).map((c) => ({ id: c.id, label: c.name, description: `${c.id}${c.isPublic ? " · public" : ""}` }));
  });
}
