"use client";
import * as React from "react";
import { Badge } from "@/components/ui/badge";
import { toast } from "@/components/ui/toast";
import { EntityPicker, type PickerOption } from "@/components/pickers/entity-picker";
import type { ActionResult } from "@/components/action-result";
import { removeClientGrantAction, searchAssignableClientsAction, setClientGrantAction, type GrantValues } from "../actions";
import { GrantAccessEditor } from "./grant-access-editor";

type Permission = { id: string; key: string; name: string };
type Grant = GrantValues & { client: { id: string; name: string; isPublic: boolean } };

/** The apps granted this API, each with its own editor, and a picker to grant another app. */
export function ClientGrants({ apiId, permissions, grants }: { apiId: string; permissions: Permission[]; grants: Grant[] }) {
  const [adding, setAdding] = React.useState<PickerOption[]>([]);
  const [pending, setPending] = React.useState(false);

  async function add(options: PickerOption[]) {
    const chosen = options.at(-1);
    setAdding(options);
    if (!chosen) return;
    setPending(true);
    let r: ActionResult;
    try {
      // A new app starts with user-delegated access and no permission; the admin then picks them.
      r = await setClientGrantAction(apiId, chosen.id, { userDelegatedAccess: true, clientAccess: false, userDelegatedPermissionIds: [], clientPermissionIds: [] });
    } catch {
      r = { ok: false, error: "The server could not be reached. Check your connection and try again." };
    }
    setPending(false);
    setAdding([]);
    if (r.ok) toast.success(`${chosen.label} may now use this API. Choose its permissions below.`);
    else toast.error(r.error);
  }

  return (
    <div className="flex flex-col gap-4">
      <EntityPicker
        id="api-add-client"
        label="Grant an app access"
        noun="client"
        placeholder="Search apps to grant"
        value={adding}
        onChange={add}
        search={(q) => searchAssignableClientsAction(apiId, q)}
        disabled={pending}
      />
      {grants.length === 0 ? (
        <p className="text-sm text-muted-foreground" data-testid="no-client-grants">
          No app may use this API yet.
        </p>
      ) : (
        <ul className="flex flex-col gap-3">
          {grants.map((g) => (
            <GrantEditor key={`${g.client.id}:${JSON.stringify(g)}`} apiId={apiId} permissions={permissions} grant={g} />
          ))}
        </ul>
      )}
    </div>
  );
}

function GrantEditor({ apiId, permissions, grant }: { apiId: string; permissions: Permission[]; grant: Grant }) {
  return (
    <GrantAccessEditor
      idPrefix={`grant-${grant.client.id.replace(/[^A-Za-z0-9_-]/g, "_")}`}
      itemProps={{ "data-testid": "client-grant", "data-client-id": grant.client.id }}
      heading={
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <span className="font-medium">{grant.client.name}</span>
          <code className="break-all text-xs text-muted-foreground">{grant.client.id}</code>
          {grant.client.isPublic && <Badge>Public</Badge>}
        </div>
      }
      initial={{
        userDelegatedAccess: grant.userDelegatedAccess,
        clientAccess: grant.clientAccess,
        userDelegatedPermissionIds: grant.userDelegatedPermissionIds,
        clientPermissionIds: grant.clientPermissionIds,
      }}
      permissions={permissions}
      isPublic={grant.client.isPublic}
      legendSuffix={`for ${grant.client.name}`}
      remove={{
        label: `Remove ${grant.client.name}'s access`,
        title: `Take this API away from ${grant.client.name}?`,
        description: "Its tokens for this API keep working until they expire; it cannot get or refresh any more.",
        action: () => removeClientGrantAction(apiId, grant.client.id),
      }}
      save={(values) => setClientGrantAction(apiId, grant.client.id, values)}
    />
  );
}
