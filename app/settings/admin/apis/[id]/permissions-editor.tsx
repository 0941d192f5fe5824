"use client";
import * as React from "react";
import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/components/action-result";
import { setPermissionsAction, type PermissionValues } from "../actions";

type Row = PermissionValues & { uid: number };

/**
 * The API's permission set, saved as a whole (PUT /apis/:id/permissions): rows are matched by key,
 * so a kept key keeps every app's grant of it, and a removed key is taken from every app.
 */
export function PermissionsEditor({ apiId, initial }: { apiId: string; initial: PermissionValues[] }) {
  const next = React.useRef(initial.length);
  const [rows, setRows] = React.useState<Row[]>(initial.map((p, i) => ({ key: p.key, name: p.name, description: p.description, uid: i })));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [pending, setPending] = React.useState(false);
  const dirty = JSON.stringify(rows.map(({ uid: _, ...r }) => r)) !== JSON.stringify(initial.map((p) => ({ key: p.key, name: p.name, description: p.description })));

  const update = (i: number, field: keyof PermissionValues, value: string) => {
    setRows((cur) => cur.map((r, j) => (j === i ? { ...r, [field]: value } : r)));
    setErrors(({ [`permissions.${i}.${field}`]: _, ...rest }) => rest);
  };
  const add = () => {
    const uid = next.current++;
    setRows((cur) => [...cur, { key: "", name: "", description: "", uid }]);
    requestAnimationFrame(() => document.getElementById(`perm-${uid}-key`)?.focus());
  };

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setFormError(null);
    let r: ActionResult;
    try {
      r = await setPermissionsAction(apiId, rows.map(({ uid: _, ...p }) => p));
    } catch {
      r = { ok: false, error: "The server could not be reached. Check your connection and try again." };
    }
    setPending(false);
    if (!r.ok) {
      setErrors(r.fieldErrors ?? {});
      setFormError(r.error);
      toast.error(r.error);
      const first = Object.keys(r.fieldErrors ?? {})[0];
      const m = first && /^permissions\.(\d+)\.(\w+)$/.exec(first);
      if (m) document.getElementById(`perm-${rows[Number(m[1])]?.uid}-${m[2]}`)?.focus();
      return;
    }
    setErrors({});
    toast.success(r.message ?? "Permissions saved.");
  }

  return (
    <form onSubmit={save} noValidate className="flex flex-col gap-4" data-testid="permissions-form">
      {rows.length === 0 && <p className="text-sm text-muted-foreground">No permissions: apps granted this API get tokens for it without any scope.</p>}
      <ul className="flex flex-col gap-3">
        {rows.map((r, i) => (
          <li key={r.uid} className="grid gap-3 rounded-md border p-3 sm:grid-cols-[1fr_1fr_2fr_auto] sm:items-start" data-testid="permission-row">
            <Field id={`perm-${r.uid}-key`} label="Key" error={errors[`permissions.${i}.key`]}>
              {(props) => <Input {...props} value={r.key} placeholder="items:read" autoComplete="off" spellCheck={false} autoCapitalize="none" onChange={(e) => update(i, "key", e.target.value)} />}
            </Field>
            <Field id={`perm-${r.uid}-name`} label="Name" error={errors[`permissions.${i}.name`]}>
              {(props) => <Input {...props} value={r.name} placeholder="Read items" autoComplete="off" onChange={(e) => update(i, "name", e.target.value)} />}
            </Field>
            <Field id={`perm-${r.uid}-description`} label="Description (optional)" error={errors[`permissions.${i}.description`]}>
              {(props) => <Input {...props} value={r.description} placeholder="See your items" autoComplete="off" onChange={(e) => update(i, "description", e.target.value)} />}
            </Field>
            <Button
              type="button"
              variant="ghost"
              size="icon"
              className="sm:mt-7"
              aria-label={`Remove permission ${r.key || i + 1}`}
              onClick={() => {
                setRows((cur) => cur.filter((_, j) => j !== i));
                setErrors({});
              }}
            >
              <X />
            </Button>
          </li>
        ))}
      </ul>
      {formError && (
        <p role="alert" className="text-sm text-destructive">
          {formError}
        </p>
      )}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-between">
        <Button type="button" variant="outline" onClick={add}>
          <Plus /> Add permission
        </Button>
        <Button type="submit" disabled={pending || !dirty} aria-busy={pending || undefined}>
          {pending ? "Saving…" : "Save permissions"}
        </Button>
      </div>
    </form>
  );
}
