"use server";
import { pathFor, runAction, shownName } from "@/app/settings/run-action";
import { createUserGroup } from "@/lib/services/user-groups/create-user-group";
import { updateUserGroup } from "@/lib/services/user-groups/update-user-group";
import { deleteUserGroup } from "@/lib/services/user-groups/delete-user-group";
import { setUserGroupMembers } from "@/lib/services/user-groups/set-user-group-members";
import { setUserGroupClients } from "@/lib/services/user-groups/set-user-group-clients";
import { setUserGroupClaims } from "@/lib/services/custom-claims/set-user-group-claims";

const PATH = "/settings/admin/user-groups";
const path = (id: string) => pathFor(PATH, id);

export interface GroupFormValues {
  friendlyName: string;
  name: string;
}

export async function createGroupAction(values: GroupFormValues) {
  return runAction({ path: PATH, message: `Group ${shownName(values?.friendlyName)} created.` }, async (tx, actor) => {
    const g = await createUserGroup(tx, actor, { friendlyName: values.friendlyName, name: values.name });
    return { id: g.id };
  });
}

export async function updateGroupAction(id: string, values: GroupFormValues) {
  return runAction({ path: path(id), message: "Group saved." }, async (tx, actor) => {
    const g = await updateUserGroup(tx, actor, id, { friendlyName: values.friendlyName, name: values.name });
    return { id: g.id };
  });
}

/** From the group's own page the browser leaves for the list instead: refreshing it would show a 404 first. */
export async function deleteGroupAction(id: string, refreshPage = true) {
  return runAction({ path: PATH, message: "Group deleted.", refresh: refreshPage }, async (tx, actor) => {
    await deleteUserGroup(tx, actor, id);
    return undefined;
  });
}

export async function setGroupMembersAction(id: string, userIds: string[]) {
  return runAction({ path: path(id), message: "Members saved." }, async (tx, actor) => {
    await setUserGroupMembers(tx, actor, id, { userIds });
    return undefined;
  });
}

export async function setGroupClientsAction(id: string, oidcClientIds: string[]) {
  return runAction({ path: path(id), message: "Allowed clients saved." }, async (tx, actor) => {
    await setUserGroupClients(tx, actor, id, { oidcClientIds });
    return undefined;
  });
}

export async function setGroupClaimsAction(id: string, claims: { key: string; value: string }[]) {
  return runAction({ path: path(id), message: "Custom claims saved." }, async (tx, actor) => {
    await setUserGroupClaims(tx, actor, id, claims);
    return undefined;
  });
}
