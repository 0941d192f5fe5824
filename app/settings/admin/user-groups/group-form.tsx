"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/components/action-result";
import type { GroupFormValues } from "./actions";

/** What the claim name becomes from a display name until the admin types one: "Dev Ops" → "dev_ops". */
function claimName(friendly: string) {
  return friendly
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Create or rename a group: a display name for people, a name for the `groups` claim. */
export function GroupForm({
  mode,
  initial,
  submit,
  onCreated,
  onCancel,
  readOnly,
}: {
  mode: "create" | "edit";
  initial: GroupFormValues;
  submit: (v: GroupFormValues) => Promise<ActionResult<{ id: string }>>;
  onCreated?: (id: string) => void;
  onCancel?: () => void;
  readOnly?: boolean;
}) {
  const router = useRouter();
  const [v, setV] = React.useState(initial);
  const [nameTouched, setNameTouched] = React.useState(mode === "edit");
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [pending, setPending] = React.useState(false);
  const p = mode === "create" ? "new-group" : "group";

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setFormError(null);
    let r: ActionResult<{ id: string }>;
    try {
      r = await submit(v);
    } catch {
      r = { ok: false, error: "The server could not be reached. Check your connection and try again." };
    }
    setPending(false);
    if (!r.ok) {
      setErrors(r.fieldErrors ?? {});
      setFormError(r.error);
      toast.error(r.error);
      const first = Object.keys(r.fieldErrors ?? {})[0];
      if (first) document.getElementById(`${p}-${first}`)?.focus();
      return;
    }
    setErrors({});
    toast.success(r.message ?? "Group saved.");
    if (mode === "create") onCreated?.(r.data.id);
    else router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" data-testid={`${p}-form`}>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={`${p}-friendlyName`} label="Display name" error={errors.friendlyName} hint="What admins see, such as Developers.">
          {(props) => (
            <Input
              {...props}
              value={v.friendlyName}
              autoComplete="off"
              disabled={readOnly}
              onChange={(e) => {
                const friendlyName = e.target.value;
                setV((cur) => ({ friendlyName, name: nameTouched ? cur.name : claimName(friendlyName) }));
                setErrors(({ friendlyName: _, ...rest }) => rest);
              }}
            />
          )}
        </Field>
        <Field id={`${p}-name`} label="Name" error={errors.name} hint="What apps receive in the groups claim, such as developers.">
          {(props) => (
            <Input
              {...props}
              value={v.name}
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="none"
              disabled={readOnly}
              onChange={(e) => {
                setNameTouched(true);
                setV((cur) => ({ ...cur, name: e.target.value }));
                setErrors(({ name: _, ...rest }) => rest);
              }}
            />
          )}
        </Field>
      </div>
      {formError && (
        <p role="alert" className="text-sm text-destructive">
          {formError}
        </p>
      )}
      {!readOnly && (
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          {onCancel && (
            <Button type="button" variant="outline" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
            {pending ? "Saving…" : mode === "create" ? "Create group" : "Save"}
          </Button>
        </div>
      )}
    </form>
  );
}
