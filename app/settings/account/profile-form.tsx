"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Field } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import { api, ApiError } from "@/components/api-client";
import { LOCALES } from "./locales";

export interface ProfileValues {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  displayName: string;
  locale: string;
}

type Key = keyof ProfileValues;

/**
 * The user's own profile (inventory §1.5 /settings/account, §5.6), saved with PUT /api/users/me.
 * When editing is not allowed (the administrator's setting, or LDAP) the fields are read-only (the
 * page says why above them); the language can still be chosen. Each refusal is shown under its field and
 * the first one takes the focus.
 */
export function ProfileForm({ initial, locked, requireEmail }: { initial: ProfileValues; locked: string | null; requireEmail: boolean }) {
  const router = useRouter();
  const [v, setV] = React.useState(initial);
  const [errors, setErrors] = React.useState<Partial<Record<Key, string>>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [pending, setPending] = React.useState(false);
  const formRef = React.useRef<HTMLFormElement>(null);
  const dirty = (Object.keys(v) as Key[]).some((k) => v[k] !== initial[k]);

  function set(key: Key, value: string) {
    setV((cur) => ({ ...cur, [key]: value }));
    setErrors(({ [key]: _, ...rest }) => rest as Partial<Record<Key, string>>);
  }

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    // What the server would refuse first, said without a round trip.
    const local: Partial<Record<Key, string>> = {};
    if (!locked) {
      if (!v.username.trim()) local.username = "Enter a username";
      if (requireEmail && !v.email.trim()) local.email = "Enter an email address";
    }
    if (Object.keys(local).length) return showErrors(local, "Some fields need a correction: see the messages next to them.");
    setPending(true);
    try {
      const body = locked ? { locale: v.locale } : { ...v, username: v.username.trim(), email: v.email.trim() };
      await api("/api/users/me", { method: "PUT", body });
      setErrors({});
      toast.success(locked ? "Language saved." : "Your account details are saved.");
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError) showErrors((err.details ?? {}) as Partial<Record<Key, string>>, err.message);
      else showErrors({}, "Your changes could not be saved. Try again.");
    } finally {
      setPending(false);
    }
  }

  function showErrors(fields: Partial<Record<Key, string>>, message: string) {
    const known = Object.fromEntries(Object.entries(fields).filter(([k, m]) => k in initial && typeof m === "string")) as Partial<Record<Key, string>>;
    setErrors(known);
    setFormError(message);
    const first = Object.keys(known)[0];
    if (first) formRef.current?.querySelector<HTMLElement>(`#profile-${first}`)?.focus();
  }

  const text = (key: Exclude<Key, "locale">, label: string, extra: Partial<React.ComponentProps<"input">> = {}, hint?: string) => (
    <Field id={`profile-${key}`} label={label} error={errors[key]} hint={hint}>
      {(props) => (
        <Input
          {...props}
          {...extra}
          name={key}
          value={v[key]}
          readOnly={!!locked}
          aria-readonly={locked ? true : undefined}
          className={locked ? "bg-muted/50 text-muted-foreground" : undefined}
          onChange={(e) => set(key, e.target.value)}
        />
      )}
    </Field>
  );

  const knownLocale = v.locale === "" || LOCALES.some((l) => l.value === v.locale);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="flex flex-col gap-5" data-testid="profile-form">
      <div className="grid gap-4 sm:grid-cols-2">
        {text("username", "Username", { autoComplete: "username", spellCheck: false, autoCapitalize: "none", required: true, maxLength: 50 }, "Letters, digits and _ . @ -. Apps see it as your username.")}
        {text("email", requireEmail ? "Email" : "Email (optional)", { type: "email", autoComplete: "email", spellCheck: false, required: requireEmail, maxLength: 254 })}
        {text("firstName", "First name", { autoComplete: "given-name", maxLength: 50 })}
        {text("lastName", "Last name", { autoComplete: "family-name", maxLength: 50 })}
        {text("displayName", "Display name", { autoComplete: "nickname", maxLength: 100 }, "How apps greet you. Leave empty to use your first and last name.")}
        <Field id="profile-locale" label="Language" error={errors.locale} hint="Leave on the browser's language, or choose one.">
          {(props) => (
            <NativeSelect {...props} name="locale" value={v.locale} onChange={(e) => set("locale", e.target.value)}>
              <option value="">Browser language</option>
              {!knownLocale && <option value={v.locale}>{v.locale}</option>}
              {LOCALES.map((l) => (
                <option key={l.value} value={l.value} lang={l.value}>
                  {l.label}
                </option>
              ))}
            </NativeSelect>
          )}
        </Field>
      </div>
      {formError && (
        <p role="alert" className="text-sm text-destructive" data-testid="profile-form-error">
          {formError}
        </p>
      )}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        {dirty && (
          <Button
            type="button"
            variant="outline"
            onClick={() => {
              setV(initial);
              setErrors({});
              setFormError(null);
            }}
          >
            Discard changes
          </Button>
        )}
        <Button type="submit" disabled={pending || !dirty} aria-busy={pending || undefined}>
          {pending ? "Saving…" : locked ? "Save language" : "Save"}
        </Button>
      </div>
    </form>
  );
}
