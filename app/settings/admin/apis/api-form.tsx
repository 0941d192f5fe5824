"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/components/action-result";

/**
 * Create an API (name + identifier) or rename one: the identifier is what apps send as `resource`
 * and what tokens carry as `aud`, so it is fixed once created (shown read-only when editing).
 */
export function ApiForm({
  mode,
  initial,
  submit,
  onCreated,
  onCancel,
}: {
  mode: "create" | "edit";
  initial: { name: string; resource: string };
  submit: (v: { name: string; resource: string }) => Promise<ActionResult<{ id: string }>>;
  onCreated?: (id: string) => void;
  onCancel?: () => void;
}) {
  const router = useRouter();
  const [v, setV] = React.useState(initial);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [pending, setPending] = React.useState(false);
  const p = mode === "create" ? "new-api" : "api";

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
    toast.success(r.message ?? "API saved.");
    if (mode === "create") onCreated?.(r.data.id);
    else router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" data-testid={`${p}-form`}>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={`${p}-name`} label="Name" error={errors.name} hint="What admins and the consent screen call it, such as Items API.">
          {(props) => (
            <Input
              {...props}
              value={v.name}
              autoComplete="off"
              onChange={(e) => {
                const name = e.target.value;
                setV((cur) => ({ ...cur, name }));
                setErrors(({ name: _, ...rest }) => rest);
              }}
            />
          )}
        </Field>
        <Field
          id={`${p}-resource`}
          label="Identifier"
          error={errors.resource}
          hint={mode === "create" ? "An absolute URI apps send as resource, such as https://api.example.com. It cannot be changed later." : "Fixed: tokens carry it as their audience."}
        >
          {(props) => (
            <Input
              {...props}
              value={v.resource}
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="none"
              inputMode="url"
              readOnly={mode === "edit"}
              className={mode === "edit" ? "bg-muted text-muted-foreground" : undefined}
              onChange={(e) => {
                const resource = e.target.value;
                setV((cur) => ({ ...cur, resource }));
                setErrors(({ resource: _, ...rest }) => rest);
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
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        {onCancel && (
          <Button type="button" variant="outline" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
          {pending ? "Saving…" : mode === "create" ? "Create API" : "Save"}
        </Button>
      </div>
    </form>
  );
}
