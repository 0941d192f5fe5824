"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { Field, ToggleField } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/components/action-result";

export interface UserFormValues {
  username: string;
  email: string;
  emailVerified: boolean;
  firstName: string;
  lastName: string;
  displayName: string;
  locale: string;
  isAdmin: boolean;
  disabled: boolean;
}

export const EMPTY_USER: UserFormValues = {
  username: "",
  email: "",
  emailVerified: false,
  firstName: "",
  lastName: "",
  displayName: "",
  locale: "",
  isAdmin: false,
  disabled: false,
};

/**
 * Create or edit a user (inventory §6.1: username, email with its verified flag, first, last and
 * display name, admin, disabled, locale). The display name follows first and last name until an
 * admin types one. Editing oneself, the admin and disabled switches are off-limits, and say why.
 */
export function UserForm({
  mode,
  initial,
  requireEmail,
  isSelf = false,
  ldapManaged = false,
  submit,
  onCreated,
  onCancel,
}: {
  mode: "create" | "edit";
  initial: UserFormValues;
  requireEmail: boolean;
  isSelf?: boolean;
  ldapManaged?: boolean;
  submit: (values: UserFormValues) => Promise<ActionResult<{ id: string }>>;
  onCreated?: (id: string) => void;
  onCancel?: () => void;
}) {
  const router = useRouter();
  const [v, setV] = React.useState(initial);
  const [displayTouched, setDisplayTouched] = React.useState(mode === "edit" && initial.displayName !== `${initial.firstName} ${initial.lastName}`.trim());
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [pending, setPending] = React.useState(false);
  const formRef = React.useRef<HTMLFormElement>(null);
  const p = mode === "create" ? "new-user" : "user";

  function set<K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) {
    setV((cur) => {
      const next = { ...cur, [key]: value };
      if ((key === "firstName" || key === "lastName") && !displayTouched) next.displayName = `${next.firstName} ${next.lastName}`.trim();
      return next;
    });
    setErrors((e) => {
      if (!e[key]) return e;
      const { [key]: _, ...rest } = e;
      return rest;
    });
  }

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setFormError(null);
    let result: ActionResult<{ id: string }>;
    try {
      result = await submit(v);
    } catch {
      result = { ok: false, error: "The server could not be reached. Check your connection and try again." };
    }
    setPending(false);
    if (!result.ok) {
      const fe = result.fieldErrors ?? {};
      setErrors(fe);
      setFormError(result.error);
      toast.error(result.error);
      // Focus the first field the server refused, so its sentence is read out.
      const first = Object.keys(fe)[0];
      if (first) formRef.current?.querySelector<HTMLElement>(`#${p}-${first}`)?.focus();
      return;
    }
    setErrors({});
    toast.success(result.message ?? (mode === "create" ? "User created." : "User saved."));
    if (mode === "create") onCreated?.(result.data.id);
    else router.refresh();
  }

  const text = (key: "username" | "email" | "firstName" | "lastName" | "displayName" | "locale", label: string, extra: Partial<React.ComponentProps<"input">> = {}, hint?: string) => (
    <Field id={`${p}-${key}`} label={label} error={errors[key]} hint={hint}>
      {(props) => (
        <Input {...props} {...extra} name={key} value={v[key]} disabled={ldapManaged && key !== "locale"} onChange={extra.onChange ?? ((e) => set(key, e.target.value))} />
      )}
    </Field>
  );

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="flex flex-col gap-5" data-testid={`${p}-form`}>
      <div className="grid gap-4 sm:grid-cols-2">
        {text("username", "Username", { autoComplete: "off", spellCheck: false, autoCapitalize: "none", required: true }, "Letters, digits and _ . @ -; what apps see as preferred_username.")}
        {text("email", requireEmail ? "Email" : "Email (optional)", { type: "email", autoComplete: "off", spellCheck: false, required: requireEmail })}
        {text("firstName", "First name", { autoComplete: "off" })}
        {text("lastName", "Last name", { autoComplete: "off" })}
        {text(
          "displayName",
          "Display name",
          {
            autoComplete: "off",
            onChange: (e) => {
              setDisplayTouched(true);
              set("displayName", e.target.value);
            },
          },
          "Filled in from first and last name until you change it.",
        )}
        {text("locale", "Language (optional)", { autoComplete: "off", spellCheck: false, placeholder: "e.g. en or de-CH" }, "Leave empty to follow the browser's language.")}
      </div>
      <div className="flex flex-col gap-4 rounded-lg border p-4">
        <ToggleField id={`${p}-emailVerified`} label="Email verified" hint="Apps receive this as email_verified." error={errors.emailVerified}>
          {(props) => <Switch {...props} checked={v.emailVerified} onCheckedChange={(c) => set("emailVerified", c)} disabled={ldapManaged} />}
        </ToggleField>
        <ToggleField
          id={`${p}-isAdmin`}
          label="Admin"
          hint={isSelf ? "You cannot remove your own admin rights: ask another admin to do it." : "Admins manage users, groups, clients and settings."}
          error={errors.isAdmin}
        >
          {(props) => <Switch {...props} checked={v.isAdmin} onCheckedChange={(c) => set("isAdmin", c)} disabled={isSelf || ldapManaged} />}
        </ToggleField>
        <ToggleField
          id={`${p}-disabled`}
          label="Disabled"
          hint={isSelf ? "You cannot disable your own account." : "A disabled user cannot sign in; disabling ends their sessions."}
          error={errors.disabled}
        >
          {(props) => <Switch {...props} checked={v.disabled} onCheckedChange={(c) => set("disabled", c)} disabled={isSelf} />}
        </ToggleField>
      </div>
      {formError && (
        <p role="alert" className="text-sm text-destructive" data-testid="user-form-error">
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
          {pending ? "Saving…" : mode === "create" ? "Create user" : "Save"}
        </Button>
      </div>
    </form>
  );
}
