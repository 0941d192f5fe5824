"use client";
import * as React from "react";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { Label } from "@/components/ui/label";
import { Badge } from "@/components/ui/badge";
import { toast } from "@/components/ui/toast";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EntityPicker, type PickerOption } from "@/components/pickers/entity-picker";
import type { ActionResult } from "@/components/action-result";
import { removeClientGrantAction, searchAssignableClientsAction, setClientGrantAction, type GrantValues } from "../actions";
import { PermissionChecks } from "./permission-checks";

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
  const initial: GrantValues = {
    userDelegatedAccess: grant.userDelegatedAccess,
    clientAccess: grant.clientAccess,
    userDelegatedPermissionIds: grant.userDelegatedPermissionIds,
    clientPermissionIds: grant.clientPermissionIds,
  };
  const [v, setV] = React.useState(initial);
  const [pending, setPending] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const dirty = JSON.stringify(v) !== JSON.stringify(initial);
  const p = `grant-${grant.client.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    let r: ActionResult;
    try {
      r = await setClientGrantAction(apiId, grant.client.id, v);
    } catch {
      r = { ok: false, error: "The server could not be reached. Check your connection and try again." };
    }
    setPending(false);
    if (!r.ok) {
      setError(r.error);
      toast.error(r.error);
      return;
    }
    toast.success(r.message ?? "Saved.");
  }

  return (
    <li className="rounded-md border p-4" data-testid="client-grant" data-client-id={grant.client.id}>
      <form onSubmit={save} className="flex flex-col gap-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <div className="flex min-w-0 flex-wrap items-center gap-2">
            <span className="font-medium">{grant.client.name}</span>
            <code className="break-all text-xs text-muted-foreground">{grant.client.id}</code>
            {grant.client.isPublic && <Badge>Public</Badge>}
          </div>
          <ConfirmDialog
            trigger={
              <Button type="button" variant="ghost" size="icon" aria-label={`Remove ${grant.client.name}'s access`}>
                <Trash2 />
              </Button>
            }
            title={`Take this API away from ${grant.client.name}?`}
            description="Its tokens for this API keep working until they expire; it cannot get or refresh any more."
            confirmLabel="Remove access"
            pendingLabel="Removing…"
            action={() => removeClientGrantAction(apiId, grant.client.id)}
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="flex flex-col gap-3">
            <div className="flex items-center gap-3">
              <Switch id={`${p}-user`} checked={v.userDelegatedAccess} onCheckedChange={(on) => setV((cur) => ({ ...cur, userDelegatedAccess: on }))} />
              <Label htmlFor={`${p}-user`}>User-delegated access</Label>
            </div>
            {v.userDelegatedAccess && (
              <PermissionChecks id={`${p}-user-perm`} legend={`User-delegated permissions for ${grant.client.name}`} permissions={permissions} value={v.userDelegatedPermissionIds} onChange={(ids) => setV((cur) => ({ ...cur, userDelegatedPermissionIds: ids }))} />
            )}
          </div>
          <div className="flex flex-col gap-3">
            <div className="flex items-center gap-3">
              <Switch
                id={`${p}-client`}
                checked={v.clientAccess}
                disabled={grant.client.isPublic}
                aria-describedby={grant.client.isPublic ? `${p}-client-hint` : undefined}
                onCheckedChange={(on) => setV((cur) => ({ ...cur, clientAccess: on }))}
              />
              <Label htmlFor={`${p}-client`}>Client access</Label>
            </div>
            {grant.client.isPublic && (
              <p id={`${p}-client-hint`} className="text-xs text-muted-foreground">
                Public apps cannot authenticate, so they cannot use client credentials.
              </p>
            )}
            {v.clientAccess && (
              <PermissionChecks id={`${p}-client-perm`} legend={`Client permissions for ${grant.client.name}`} permissions={permissions} value={v.clientPermissionIds} onChange={(ids) => setV((cur) => ({ ...cur, clientPermissionIds: ids }))} />
            )}
          </div>
        </div>
        {error && (
          <p role="alert" className="text-sm text-destructive">
            {error}
          </p>
        )}
        <div className="flex justify-end">
          <Button type="submit" disabled={pending || !dirty} aria-busy={pending || undefined}>
            {pending ? "Saving…" : "Save access"}
          </Button>
        </div>
      </form>
    </li>
  );
}
