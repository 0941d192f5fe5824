"use server";
import { pathFor, runAction, shownName } from "@/app/settings/run-action";
import { createUser } from "@/lib/services/users/create-user";
import { updateUser } from "@/lib/services/users/update-user";
import { setUserDisabled } from "@/lib/services/users/set-user-disabled";
import { deleteUser } from "@/lib/services/users/delete-user";
import { setUserGroups } from "@/lib/services/users/set-user-groups";
import type { UserFormValues } from "./user-form";

const PATH = "/settings/admin/users";

function fields(v: UserFormValues) {
  return {
    username: v.username,
    email: v.email.trim() === "" ? null : v.email,
    emailVerified: v.emailVerified,
    firstName: v.firstName,
    lastName: v.lastName,
    displayName: v.displayName,
    locale: v.locale.trim() === "" ? null : v.locale,
    isAdmin: v.isAdmin,
    disabled: v.disabled,
  };
}

export async function createUserAction(values: UserFormValues) {
  return runAction({ path: PATH, message: `User ${shownName(values?.username)} created.` }, async (tx, actor) => {
    const user = await createUser(tx, actor, fields(values));
    return { id: user!.id };
  });
}

export async function updateUserAction(id: string, values: UserFormValues) {
  return runAction({ path: pathFor(PATH, id), message: "User saved." }, async (tx, actor) => {
    const user = await updateUser(tx, actor, id, fields(values));
    return { id: user.id };
  });
}

export async function setUserDisabledAction(id: string, disabled: boolean) {
  return runAction({ path: PATH, message: disabled ? "User disabled: their sessions have ended." : "User enabled." }, async (tx, actor) => {
    await setUserDisabled(tx, actor, id, disabled);
    return undefined;
  });
}

/** From the user's own page the browser leaves for the list instead: refreshing it would show a 404 first. */
export async function deleteUserAction(id: string, refreshPage = true) {
  return runAction({ path: PATH, message: "User deleted.", refresh: refreshPage }, async (tx, actor) => {
    await deleteUser(tx, actor, id);
    return undefined;
  });
}

export async function setUserGroupsAction(id: string, userGroupIds: string[]) {
  return runAction({ path: pathFor(PATH, id), message: "Group memberships saved." }, async (tx, actor) => {
    await setUserGroups(tx, actor, id, { userGroupIds });
    return undefined;
  });
}
