"use client";
import * as React from "react";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";
import { ConfirmDialog } from "@/components/confirm-dialog";
import type { ActionResult } from "@/components/action-result";
import { PermissionChecks } from "./permission-checks";

export interface GrantAccessValues {
  userDelegatedAccess: boolean;
  clientAccess: boolean;
  userDelegatedPermissionIds: string[];
  clientPermissionIds: string[];
}

/**
 * One app's access to one API (inventory §2.16): user-delegated and client access with their
 * permissions, saved together, and removal with confirmation. The API page lists it per app and
 * the client page per API; each passes its own heading, wording and actions.
 */
export function GrantAccessEditor(props: {
  /** Unique among the editors on the page; ids of the inputs start with it. */
  idPrefix: string;
  itemProps: Record<string, string>;
  heading: React.ReactNode;
  initial: GrantAccessValues;
  permissions: { id: string; key: string; name: string }[];
  /** A public app cannot use client credentials: client access stays off. */
  isPublic: boolean;
  /** Ends the permission lists' legends: "on <API>" or "for <app>". */
  legendSuffix: string;
  remove: { label: string; title: string; description: string; action: () => Promise<ActionResult> };
  save: (values: GrantAccessValues) => Promise<ActionResult>;
}) {
  const { initial, idPrefix: p } = props;
  const [v, setV] = React.useState(initial);
  const [pending, setPending] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const dirty = JSON.stringify(v) !== JSON.stringify(initial);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    let r: ActionResult;
    try {
      r = await props.save(v);
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
    <li className="rounded-md border p-4" {...props.itemProps}>
      <form onSubmit={save} className="flex flex-col gap-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          {props.heading}
          <ConfirmDialog
            trigger={
              <Button type="button" variant="ghost" size="icon" aria-label={props.remove.label}>
                <Trash2 aria-hidden />
              </Button>
            }
            title={props.remove.title}
            description={props.remove.description}
            confirmLabel="Remove access"
            pendingLabel="Removing…"
            action={props.remove.action}
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="flex flex-col gap-3">
            <div className="flex items-center gap-3">
              <Switch id={`${p}-user`} checked={v.userDelegatedAccess} onCheckedChange={(on) => setV((cur) => ({ ...cur, userDelegatedAccess: on }))} />
              <Label htmlFor={`${p}-user`}>User-delegated access</Label>
            </div>
            {v.userDelegatedAccess && (
              <PermissionChecks id={`${p}-user-perm`} legend={`User-delegated permissions ${props.legendSuffix}`} permissions={props.permissions} value={v.userDelegatedPermissionIds} onChange={(ids) => setV((cur) => ({ ...cur, userDelegatedPermissionIds: ids }))} />
            )}
          </div>
          <div className="flex flex-col gap-3">
            <div className="flex items-center gap-3">
              <Switch
                id={`${p}-client`}
                checked={v.clientAccess}
                disabled={props.isPublic}
                aria-describedby={props.isPublic ? `${p}-client-hint` : undefined}
                onCheckedChange={(on) => setV((cur) => ({ ...cur, clientAccess: on }))}
              />
              <Label htmlFor={`${p}-client`}>Client access</Label>
            </div>
            {props.isPublic && (
              <p id={`${p}-client-hint`} className="text-xs text-muted-foreground">
                Public apps cannot authenticate, so they cannot use client credentials.
              </p>
            )}
            {v.clientAccess && (
              <PermissionChecks id={`${p}-client-perm`} legend={`Client permissions ${props.legendSuffix}`} permissions={props.permissions} value={v.clientPermissionIds} onChange={(ids) => setV((cur) => ({ ...cur, clientPermissionIds: ids }))} />
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
