"use client";
import * as React from "react";
import Link from "next/link";
import { Trash2, Webhook } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/data-table/data-table";
import { EntityPicker, type PickerOption } from "@/components/pickers/entity-picker";
import type { ActionResult } from "@/components/action-result";
import { PermissionChecks } from "../../apis/[id]/permission-checks";
import { removeApiGrantAction, searchAssignableApisAction, setApiGrantAction, type ApiGrantValues } from "../actions";

type Api = { id: string; name: string; resource: string; permissions: { id: string; key: string; name: string }[] };
type Grant = ApiGrantValues & { api: Api; cimdGrantedAccess: boolean };
type ClientInfo = { id: string; name: string; isPublic: boolean; cimd: boolean };

/** The reverse of the API page's client grants (same services): this client's APIs, each editable. */
export function ApiGrants({ client, grants }: { client: ClientInfo; grants: Grant[] }) {
  const [adding, setAdding] = React.useState<PickerOption[]>([]);
  const [pending, setPending] = React.useState(false);

  async function add(options: PickerOption[]) {
    const chosen = options.at(-1);
    setAdding(options);
    if (!chosen) return;
    setPending(true);
    let r: ActionResult;
    try {
      // Starts with user-delegated access and no permission; the admin then picks them.
      r = await setApiGrantAction(client.id, chosen.id, { userDelegatedAccess: true, clientAccess: false, userDelegatedPermissionIds: [], clientPermissionIds: [] });
    } catch {
      r = { ok: false, error: "The server could not be reached. Check your connection and try again." };
    }
    setPending(false);
    setAdding([]);
    if (r.ok) toast.success(`${client.name} may now use ${chosen.label}. Choose its permissions below.`);
    else toast.error(r.error);
  }

  const explicit = grants.filter((g) => g.userDelegatedAccess || g.clientAccess || !g.cimdGrantedAccess);
  return (
    <div className="flex flex-col gap-4">
      <EntityPicker id="client-add-api" label="Grant access to an API" noun="API" placeholder="Search APIs" value={adding} onChange={add} search={(q) => searchAssignableApisAction(client.id, q)} disabled={pending} />
      {grants.some((g) => g.cimdGrantedAccess) && (
        <p className="text-sm text-muted-foreground">
          Also reachable because the API admits every CIMD client: {grants.filter((g) => g.cimdGrantedAccess).map((g) => g.api.name).join(", ")}.
        </p>
      )}
      {explicit.length === 0 ? (
        <EmptyState
          icon={<Webhook />}
          title="This client may not use any API yet."
          description={
            <>
              Grant one above. APIs are defined on the{" "}
              <Link href="/settings/admin/apis" className="underline underline-offset-4">
                APIs page
              </Link>
              .
            </>
          }
        />
      ) : (
        <ul className="flex flex-col gap-3" data-testid="api-grants">
          {explicit.map((g) => (
            <GrantEditor key={`${g.api.id}:${JSON.stringify(g)}`} client={client} grant={g} />
          ))}
        </ul>
      )}
    </div>
  );
}

function GrantEditor({ client, grant }: { client: ClientInfo; grant: Grant }) {
  const initial: ApiGrantValues = {
    userDelegatedAccess: grant.userDelegatedAccess,
    clientAccess: grant.clientAccess,
    userDelegatedPermissionIds: grant.userDelegatedPermissionIds,
    clientPermissionIds: grant.clientPermissionIds,
  };
  const [v, setV] = React.useState(initial);
  const [pending, setPending] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const dirty = JSON.stringify(v) !== JSON.stringify(initial);
  const p = `api-${grant.api.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    let r: ActionResult;
    try {
      r = await setApiGrantAction(client.id, grant.api.id, v);
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
    <li className="rounded-md border p-4" data-testid="api-grant" data-api-id={grant.api.id}>
      <form onSubmit={save} className="flex flex-col gap-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <div className="flex min-w-0 flex-col">
            <Link href={`/settings/admin/apis/${encodeURIComponent(grant.api.id)}`} className="font-medium underline-offset-4 hover:underline">
              {grant.api.name}
            </Link>
            <code className="break-all text-xs text-muted-foreground">{grant.api.resource}</code>
          </div>
          <ConfirmDialog
            trigger={
              <Button type="button" variant="ghost" size="icon" aria-label={`Remove access to ${grant.api.name}`}>
                <Trash2 aria-hidden />
              </Button>
            }
            title={`Take ${grant.api.name} away from ${client.name}?`}
            description="Tokens already issued for this API keep working until they expire; the app cannot get or refresh any more."
            confirmLabel="Remove access"
            pendingLabel="Removing…"
            action={() => removeApiGrantAction(client.id, grant.api.id)}
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="flex flex-col gap-3">
            <div className="flex items-center gap-3">
              <Switch id={`${p}-user`} checked={v.userDelegatedAccess} onCheckedChange={(on) => setV((cur) => ({ ...cur, userDelegatedAccess: on }))} />
              <Label htmlFor={`${p}-user`}>User-delegated access</Label>
            </div>
            {v.userDelegatedAccess && (
              <PermissionChecks id={`${p}-user-perm`} legend={`User-delegated permissions on ${grant.api.name}`} permissions={grant.api.permissions} value={v.userDelegatedPermissionIds} onChange={(ids) => setV((cur) => ({ ...cur, userDelegatedPermissionIds: ids }))} />
            )}
          </div>
          <div className="flex flex-col gap-3">
            <div className="flex items-center gap-3">
              <Switch
                id={`${p}-client`}
                checked={v.clientAccess}
                disabled={client.isPublic}
                aria-describedby={client.isPublic ? `${p}-client-hint` : undefined}
                onCheckedChange={(on) => setV((cur) => ({ ...cur, clientAccess: on }))}
              />
              <Label htmlFor={`${p}-client`}>Client access</Label>
            </div>
            {client.isPublic && (
              <p id={`${p}-client-hint`} className="text-xs text-muted-foreground">
                Public apps cannot authenticate, so they cannot use client credentials.
              </p>
            )}
            {v.clientAccess && (
              <PermissionChecks id={`${p}-client-perm`} legend={`Client permissions on ${grant.api.name}`} permissions={grant.api.permissions} value={v.clientPermissionIds} onChange={(ids) => setV((cur) => ({ ...cur, clientPermissionIds: ids }))} />
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
