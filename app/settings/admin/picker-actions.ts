"use server";
import { runQuery } from "@/app/settings/run-action";
import { listUsers } from "@/lib/services/users/list-users";
import { listUserGroups } from "@/lib/services/user-groups/list-user-groups";
import { listClients } from "@/lib/services/oidc-clients/list-all-clients";
import type { PickerOption } from "@/components/pickers/entity-picker";

/**
 * Searches behind the reusable pickers (components/pickers): pass one as `search` to
 * <EntityPicker> or <MembershipEditor>. Admin only; at most 20 results, the best first.
 */
export async function searchUsersAction(query: string): Promise<PickerOption[]> {
  return runQuery({ path: "/settings/admin/users" }, async () => {
    const { data } = await listUsers({ page: 1, limit: 20, search: String(query).slice(0, 200).trim(), sort: { column: "username", direction: "asc" }, filters: {} });
    return data.map((u) => ({
      id: u.id,
      label: u.displayName || u.username,
      description: [u.username, u.email].filter(Boolean).join(" · ") + (u.disabled ? " · disabled" : ""),
    }));
  });
}

export async function searchGroupsAction(query: string): Promise<PickerOption[]> {
  return runQuery({ path: "/settings/admin/user-groups" }, async () => {
    const { data } = await listUserGroups({ page: 1, limit: 20, search: String(query).slice(0, 200).trim(), sort: { column: "friendlyName", direction: "asc" }, filters: {} });
    return data.map((g) => ({ id: g.id, label: g.friendlyName, description: `${g.name} · ${g.userCount ?? 0} ${g.userCount === 1 ? "member" : "members"}` }));
  });
}

export async function searchClientsAction(query: string): Promise<PickerOption[]> {
  return runQuery({ path: "/settings/admin/oidc-clients" }, async () => {
    const q = String(query).slice(0, 200).trim().toLowerCase();
    const clients = await listClients();
    return clients
      .filter((c) => !q || c.name.toLowerCase().includes(q) || c.id.toLowerCase().includes(q))
      .slice(0, 20)
      .map((c) => ({ id: c.id, label: c.name, description: c.id }));
  });
}
