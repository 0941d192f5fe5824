import type { Tx } from "../../db/client";
import type { Actor } from "../transaction";
import { updateUser } from "./update-user";

/**
 * Enable or disable a user (the list's quick action, §6.1). Disabling ends their sessions; the
 * self and last-admin guards of updateUser apply.
 */
export async function setUserDisabled(tx: Tx, actor: Actor, id: string, disabled: boolean) {
  return updateUser(tx, actor, id, { disabled });
}
