"use client";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/components/action-result";
import { setCimdAccessAction } from "../actions";
import { PermissionChecks } from "./permission-checks";

/** PUT /apis/:id/cimd-access: every metadata-document client may use the API with these permissions. */
export function CimdAccessForm({ apiId, permissions, initial }: { apiId: string; permissions: { id: string; key: string; name: string }[]; initial: { enabled: boolean; permissionIds: string[] } }) {
  const [v, setV] = React.useState(initial);
  const [pending, setPending] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const dirty = v.enabled !== initial.enabled || [...v.permissionIds].sort().join() !== [...initial.permissionIds].sort().join();

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    let r: ActionResult;
    try {
      r = await setCimdAccessAction(apiId, v);
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
    <form onSubmit={save} className="flex flex-col gap-4" data-testid="cimd-form">
      <div className="flex items-center gap-3">
        <Switch id="cimd-enabled" checked={v.enabled} onCheckedChange={(enabled) => setV((cur) => ({ ...cur, enabled }))} />
        <Label htmlFor="cimd-enabled">Allow metadata-document clients</Label>
      </div>
      {v.enabled && <PermissionChecks id="cimd-perm" legend="Permissions for metadata-document clients" permissions={permissions} value={v.permissionIds} onChange={(permissionIds) => setV((cur) => ({ ...cur, permissionIds }))} />}
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      <div className="flex justify-end">
        <Button type="submit" disabled={pending || !dirty} aria-busy={pending || undefined}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
