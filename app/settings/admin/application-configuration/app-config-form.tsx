"use client";
import * as React from "react";
import { Mail, Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { Switch } from "@/components/ui/switch";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Field, ToggleField } from "@/components/ui/field";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { toast } from "@/components/ui/toast";
import { ACCENT_PRESETS, isAccentColor } from "@/lib/config/accent-color";
import type { ActionResult } from "@/components/action-result";
import { saveAppConfigAction, sendTestEmailAction } from "./actions";

/** What GET /all shows for a saved secret; sent back, it keeps the saved value. */
const REDACTED = "XXXXXXXXXX";
const SECRETS = ["smtpPassword", "ldapBindPassword"] as const;
type Values = Record<string, string>;

const OFFLINE = "The server could not be reached. Check your connection and try again.";

/**
 * The whole application configuration in one form, in Pocket ID's sections. Every Save button
 * sends every key (the API replaces the whole set), so what is shown is what is saved. Secrets are
 * never sent to the browser: a saved one shows as "saved", typing replaces it, "Remove" clears it.
 */
export function AppConfigForm({
  initial,
  readOnly,
  groups,
  images,
}: {
  initial: Values;
  readOnly: boolean;
  groups: { id: string; name: string }[];
  images: React.ReactNode;
}) {
  const [v, setV] = React.useState<Values>(() => ({ ...initial, smtpPassword: "", ldapBindPassword: "" }));
  const [secretSet, setSecretSet] = React.useState(() => Object.fromEntries(SECRETS.map((k) => [k, initial[k] === REDACTED])));
  const [removeSecret, setRemoveSecret] = React.useState<Record<string, boolean>>({});
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [pending, setPending] = React.useState(false);
  const [testing, setTesting] = React.useState(false);

  const set = (key: string) => (value: string) => {
    setV((cur) => ({ ...cur, [key]: value }));
    setErrors(({ [key]: _, ...rest }) => rest);
  };

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    if (readOnly) return;
    setPending(true);
    setFormError(null);
    const body: Values = { ...v };
    for (const k of SECRETS) body[k] = v[k] !== "" ? v[k] : removeSecret[k] ? "" : secretSet[k] ? REDACTED : "";
    // Blank lines and blank claim rows are layout, not values.
    body.cimdUrlAllowlist = JSON.stringify(parseList(v.cimdUrlAllowlist).filter(Boolean));
    body.signupDefaultCustomClaims = JSON.stringify(parseClaims(v.signupDefaultCustomClaims).filter((c) => c.key !== "" || c.value !== ""));
    let r: ActionResult<unknown>;
    try {
      r = await saveAppConfigAction(body);
    } catch {
      r = { ok: false, error: OFFLINE };
    }
    setPending(false);
    if (!r.ok) {
      const fe = r.fieldErrors ?? {};
      setErrors(fe);
      setFormError(r.error);
      toast.error(r.error);
      // Focus the first refused field in page order, not in the order the server listed them.
      const first = Object.keys(v).map((k) => document.getElementById(`cfg-${k}`)).find((el) => el && fe[el.id.slice(4)]);
      const fallback = Object.keys(fe).map((k) => document.getElementById(`cfg-${k}`)).find(Boolean);
      (first ?? fallback)?.focus();
      return;
    }
    setErrors({});
    setSecretSet(Object.fromEntries(SECRETS.map((k) => [k, body[k] !== ""])));
    setRemoveSecret({});
    setV((cur) => ({ ...cur, smtpPassword: "", ldapBindPassword: "" }));
    toast.success(r.message ?? "Settings saved.");
  }

  async function onTestEmail() {
    setTesting(true);
    let r: ActionResult<unknown>;
    try {
      r = await sendTestEmailAction();
    } catch {
      r = { ok: false, error: OFFLINE };
    }
    setTesting(false);
    if (r.ok) toast.success("Test email sent to your address.");
    else toast.error(r.error);
  }

  const text = (key: string, label: string, hint?: React.ReactNode, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field id={`cfg-${key}`} label={label} error={errors[key]} hint={hint}>
      {(fp) => <Input {...fp} {...props} value={v[key] ?? ""} readOnly={readOnly} autoComplete="off" onChange={(e) => set(key)(e.target.value)} />}
    </Field>
  );
  const toggle = (key: string, label: string, hint?: React.ReactNode) => (
    <ToggleField id={`cfg-${key}`} label={label} hint={hint} error={errors[key]}>
      {(fp) => <Switch {...fp} checked={v[key] === "true"} disabled={readOnly} onCheckedChange={(c) => set(key)(c ? "true" : "false")} />}
    </ToggleField>
  );
  const select = (key: string, label: string, options: [string, string][], hint?: React.ReactNode) => (
    <Field id={`cfg-${key}`} label={label} error={errors[key]} hint={hint}>
      {(fp) => (
        <NativeSelect {...fp} value={v[key]} disabled={readOnly} onChange={(e) => set(key)(e.target.value)}>
          {!options.some(([value]) => value === v[key]) && <option value={v[key]}>{v[key]}</option>}
          {options.map(([value, name]) => (
            <option key={value} value={value}>
              {name}
            </option>
          ))}
        </NativeSelect>
      )}
    </Field>
  );
  const secret = (key: (typeof SECRETS)[number], label: string) => (
    <div className="flex flex-col gap-2">
      <Field
        id={`cfg-${key}`}
        label={label}
        error={errors[key]}
        hint={readOnly ? (secretSet[key] ? "Set (hidden)." : "Not set.") : secretSet[key] ? "A password is saved and never shown. Type a new one to replace it, or leave this empty to keep it." : "No password is saved."}
      >
        {(fp) => (
          <Input
            {...fp}
            type="password"
            value={v[key]}
            readOnly={readOnly}
            disabled={readOnly || removeSecret[key]}
            placeholder={secretSet[key] ? "••••••••  (saved)" : ""}
            autoComplete="new-password"
            data-testid={`${key}-input`}
            onChange={(e) => set(key)(e.target.value)}
          />
        )}
      </Field>
      {!readOnly && secretSet[key] && (
        <div className="flex items-center gap-2">
          <Checkbox id={`cfg-${key}-remove`} checked={removeSecret[key] === true} onCheckedChange={(c) => setRemoveSecret((cur) => ({ ...cur, [key]: c === true }))} />
          <Label htmlFor={`cfg-${key}-remove`} className="font-normal">
            Remove the saved password when saving
          </Label>
        </div>
      )}
    </div>
  );
  const save = (
    <div className="flex justify-end pt-2">
      {!readOnly && (
        <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
          {pending ? "Saving…" : "Save"}
        </Button>
      )}
    </div>
  );

  const customAccent = !ACCENT_PRESETS.some((p) => p.value === v.accentColor);
  const selectedGroups = parseList(v.signupDefaultUserGroupIDs);
  const claims = parseClaims(v.signupDefaultCustomClaims);
  const setClaims = (next: { key: string; value: string }[]) => set("signupDefaultCustomClaims")(JSON.stringify(next));

  return (
    <>
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-6" data-testid="app-config-form" aria-busy={pending || undefined}>
      {formError && (
        <p role="alert" className="text-sm text-destructive">
          {formError}
        </p>
      )}
      <Section id="general" title="General" description="The name, look and sign-in behaviour everyone sees.">
        <div className="grid gap-4 sm:grid-cols-2">
          {text("appName", "Application name", "Shown in the page titles, on the sign-in page and as the passkey's site name. At most 30 characters.", { maxLength: 30 })}
          {text("sessionDuration", "Session duration (minutes)", "How long a sign-in lasts here before the passkey is needed again.", { inputMode: "numeric" })}
        </div>
        {select("homePageUrl", "Home page after sign-in", [["/settings/account", "My account"], ["/settings/apps", "My Apps"]])}
        <fieldset className="flex flex-col gap-2" aria-describedby={errors.accentColor ? "cfg-accentColor-error" : "cfg-accentColor-hint"}>
          <legend className="text-sm font-medium leading-none">Accent colour</legend>
          <div className="flex flex-wrap gap-2 pt-2" role="radiogroup" aria-label="Accent colour presets">
            {ACCENT_PRESETS.map((p) => (
              <button
                key={p.value}
                type="button"
                role="radio"
                aria-checked={v.accentColor === p.value}
                disabled={readOnly}
                onClick={() => set("accentColor")(p.value)}
                className="flex items-center gap-2 rounded-full border px-3 py-1.5 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring aria-checked:border-foreground aria-checked:font-medium disabled:opacity-60"
                data-testid={`accent-${p.name.toLowerCase()}`}
              >
                <span aria-hidden className="size-4 rounded-full border" style={{ background: p.value === "default" ? "var(--foreground)" : p.value }} />
                {p.name}
              </button>
            ))}
          </div>
          <div className="flex items-center gap-3">
            <Input
              id="cfg-accentColor"
              aria-label="Custom accent colour"
              aria-invalid={errors.accentColor ? true : undefined}
              aria-describedby={errors.accentColor ? "cfg-accentColor-error" : "cfg-accentColor-hint"}
              value={v.accentColor}
              readOnly={readOnly}
              spellCheck={false}
              autoComplete="off"
              className="max-w-xs font-mono"
              onChange={(e) => set("accentColor")(e.target.value)}
            />
            <span
              aria-hidden
              className="size-8 shrink-0 rounded-md border"
              style={{ background: v.accentColor === "default" ? "var(--foreground)" : isAccentColor(v.accentColor.trim()) ? v.accentColor.trim() : "transparent" }}
              data-testid="accent-preview"
            />
          </div>
          {errors.accentColor ? (
            <p id="cfg-accentColor-error" className="text-sm text-destructive" data-testid="field-error">
              {errors.accentColor}
            </p>
          ) : (
            <p id="cfg-accentColor-hint" className="text-xs text-muted-foreground">
              {customAccent ? "A custom colour: " : "Choose a preset, or type a colour: "}a hex value such as #2563eb, or oklch(), rgb() or hsl(). Buttons, switches and focus rings use it.
            </p>
          )}
        </fieldset>
        {toggle("disableAnimations", "Disable animations", "Turns off transitions and animations on every page.")}
        {toggle("emailsVerified", "Emails verified", "New sign-ups and changed email addresses count as verified (the email_verified claim).")}
        {toggle("allowOwnAccountEdit", "Users may edit their account", "Users may change their own username, email address and names.")}
        {save}
      </Section>

      <Section id="signup" title="User creation" description="Sign-ups and what new users get.">
        {select("allowUserSignups", "User sign-ups", [["disabled", "Disabled: only admins create users"], ["withToken", "With a sign-up token"], ["open", "Open: anyone may sign up"]])}
        {toggle("requireUserEmail", "Require an email address", "Every user must have an email address.")}
        <fieldset className="flex flex-col gap-2">
          <legend className="text-sm font-medium">Default groups of new users</legend>
          {groups.length === 0 ? (
            <p className="text-sm text-muted-foreground">There are no user groups yet. Create one under User Groups to add new users to it.</p>
          ) : (
            <div className="grid gap-2 sm:grid-cols-2" id="cfg-signupDefaultUserGroupIDs" tabIndex={-1}>
              {groups.map((g) => (
                <div key={g.id} className="flex items-center gap-2">
                  <Checkbox
                    id={`cfg-group-${g.id}`}
                    checked={selectedGroups.includes(g.id)}
                    disabled={readOnly}
                    onCheckedChange={(c) =>
                      set("signupDefaultUserGroupIDs")(JSON.stringify(c === true ? [...selectedGroups, g.id] : selectedGroups.filter((id) => id !== g.id)))
                    }
                  />
                  <Label htmlFor={`cfg-group-${g.id}`} className="font-normal">
                    {g.name}
                  </Label>
                </div>
              ))}
            </div>
          )}
          {errors.signupDefaultUserGroupIDs && <p className="text-sm text-destructive" data-testid="field-error">{errors.signupDefaultUserGroupIDs}</p>}
        </fieldset>
        <fieldset className="flex flex-col gap-2">
          <legend className="text-sm font-medium">Default custom claims of new users</legend>
          <div id="cfg-signupDefaultCustomClaims" tabIndex={-1} className="flex flex-col gap-2">
            {claims.map((c, i) => (
              <div key={i} className="flex flex-col gap-2 sm:flex-row sm:items-center">
                <Input aria-label={`Claim ${i + 1} key`} placeholder="Key" value={c.key} readOnly={readOnly} onChange={(e) => setClaims(claims.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))} />
                <Input aria-label={`Claim ${i + 1} value`} placeholder="Value" value={c.value} readOnly={readOnly} onChange={(e) => setClaims(claims.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} />
                {!readOnly && (
                  <Button type="button" variant="ghost" size="sm" aria-label={`Remove claim ${i + 1}`} onClick={() => setClaims(claims.filter((_, j) => j !== i))}>
                    <Trash2 />
                  </Button>
                )}
              </div>
            ))}
          </div>
          {!readOnly && (
            <Button type="button" variant="outline" size="sm" className="self-start" onClick={() => setClaims([...claims, { key: "", value: "" }])}>
              <Plus /> Add claim
            </Button>
          )}
          {errors.signupDefaultCustomClaims && <p className="text-sm text-destructive" data-testid="field-error">{errors.signupDefaultCustomClaims}</p>}
        </fieldset>
        {save}
      </Section>

      <Section id="email" title="Email" description="The SMTP server for emails. This version stores and checks these settings; sending email comes with a later version.">
        <div className="grid gap-4 sm:grid-cols-2">
          {text("smtpHost", "SMTP host", "Such as smtp.example.com.", { spellCheck: false, autoCapitalize: "none" })}
          {text("smtpPort", "SMTP port", "Usually 587 (STARTTLS), 465 (TLS) or 25.", { inputMode: "numeric" })}
          {text("smtpFrom", "Sender address", "Emails come from this address.", { type: "email", spellCheck: false, autoCapitalize: "none" })}
          {text("smtpUser", "SMTP user", undefined, { spellCheck: false, autoCapitalize: "none" })}
          {secret("smtpPassword", "SMTP password")}
          {select("smtpTls", "Encryption", [["none", "None"], ["starttls", "STARTTLS"], ["tls", "TLS"]])}
        </div>
        {toggle("smtpSkipCertVerify", "Skip certificate verification", "Accept any TLS certificate from the SMTP server (only for testing).")}
        {toggle("emailLoginNotificationEnabled", "Email on sign-in from a new device")}
        {toggle("emailOneTimeAccessAsUnauthenticatedEnabled", "Users may ask for a login code by email", "On the sign-in page, for users without their passkey.")}
        {toggle("emailOneTimeAccessAsAdminEnabled", "Admins may email login codes")}
        {toggle("emailApiKeyExpirationEnabled", "Warn before API keys expire", "An email 7 days before a key expires.")}
        {toggle("emailVerificationEnabled", "Verify email addresses", "Users confirm their address with a link.")}
        <div className="flex flex-col-reverse gap-2 pt-2 sm:flex-row sm:justify-end">
          {!readOnly && (
            <Button type="button" variant="outline" onClick={onTestEmail} disabled={testing} aria-busy={testing || undefined} data-testid="send-test-email">
              <Mail /> {testing ? "Sending…" : "Send test email"}
            </Button>
          )}
          {!readOnly && (
            <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
              {pending ? "Saving…" : "Save"}
            </Button>
          )}
        </div>
      </Section>

      <Section id="passkeys" title="Passkeys" description="What passkeys must do when users add them or sign in.">
        <div className="grid gap-4 sm:grid-cols-2">
          {select("webauthnUserVerification", "User verification", [["required", "Required: PIN, fingerprint or face every time"], ["preferred", "Preferred: when the device can"]])}
          {select("webauthnAuthenticatorAttachment", "Kind of passkey", [["any", "Any"], ["platform", "Built into the device"], ["cross-platform", "Security keys and phones"]])}
        </div>
        {toggle("webauthnAllowSyncedPasskeys", "Allow synced passkeys", "Passkeys that sync between devices (such as iCloud Keychain or Google Password Manager). Existing ones keep working when this is turned off.")}
        {save}
      </Section>

      <Section id="ldap" title="LDAP" description="Users and groups from a directory. This version stores and checks these settings; synchronisation comes with a later version.">
        {toggle("ldapEnabled", "Enable LDAP", "Users and groups from LDAP become read-only here.")}
        <div className="grid gap-4 sm:grid-cols-2">
          {text("ldapUrl", "LDAP URL", "Such as ldaps://ldap.example.com:636.", { spellCheck: false, autoCapitalize: "none" })}
          {text("ldapBindDn", "Bind DN", "Such as cn=pocket-id,ou=services,dc=example,dc=com.", { spellCheck: false })}
          {secret("ldapBindPassword", "Bind password")}
          {text("ldapBase", "Search base DN", "Such as dc=example,dc=com.", { spellCheck: false })}
          {text("ldapUserSearchFilter", "User search filter", undefined, { spellCheck: false })}
          {text("ldapUserGroupSearchFilter", "Group search filter", undefined, { spellCheck: false })}
        </div>
        {toggle("ldapSkipCertVerify", "Skip certificate verification", "Accept any TLS certificate from the LDAP server (only for testing).")}
        {toggle("ldapSoftDeleteUsers", "Disable users removed from LDAP", "Instead of deleting them.")}
        <h3 className="pt-2 text-sm font-semibold">Attribute mapping</h3>
        <div className="grid gap-4 sm:grid-cols-2">
          {text("ldapAttributeUserUniqueIdentifier", "User unique identifier", "Such as entryUUID or objectGUID.", { spellCheck: false })}
          {text("ldapAttributeUserUsername", "Username", "Such as uid.", { spellCheck: false })}
          {text("ldapAttributeUserEmail", "Email", "Such as mail.", { spellCheck: false })}
          {text("ldapAttributeUserFirstName", "First name", "Such as givenName.", { spellCheck: false })}
          {text("ldapAttributeUserLastName", "Last name", "Such as sn.", { spellCheck: false })}
          {text("ldapAttributeUserDisplayName", "Display name", undefined, { spellCheck: false })}
          {text("ldapAttributeUserProfilePicture", "Profile picture", "Such as jpegPhoto.", { spellCheck: false })}
          {text("ldapAttributeGroupMember", "Group members", "Such as member or memberUid.", { spellCheck: false })}
          {text("ldapAttributeGroupUniqueIdentifier", "Group unique identifier", undefined, { spellCheck: false })}
          {text("ldapAttributeGroupName", "Group RDN attribute", "Such as cn.", { spellCheck: false })}
          {text("ldapAdminGroupName", "Admin group name", "Members of this group become admins.", { spellCheck: false })}
        </div>
        {save}
      </Section>

      <Section id="clients" title="Dynamic clients" description="Apps that identify themselves by a URL (Client ID Metadata Documents) without being registered first.">
        <Field
          id="cfg-cimdUrlAllowlist"
          label="Allowed client ID URLs"
          error={errors.cimdUrlAllowlist}
          hint="One URL pattern per line, such as https://*.example.com/**. Empty: only registered clients may sign in."
        >
          {(fp) => (
            <Textarea
              {...fp}
              rows={4}
              spellCheck={false}
              className="font-mono"
              readOnly={readOnly}
              value={parseList(v.cimdUrlAllowlist).join("\n")}
              onChange={(e) => set("cimdUrlAllowlist")(JSON.stringify(e.target.value.split("\n").map((s) => s.trim()).filter((s, i, all) => s !== "" || i === all.length - 1)))}
            />
          )}
        </Field>
        {save}
      </Section>

    </form>
    {/* Images (issue 8 item 5): helper 8b's section, passed in by the page; outside this form, it has its own uploads. */}
    {images}
    </>
  );
}

function Section({ id, title, description, children }: { id: string; title: string; description: string; children: React.ReactNode }) {
  return (
    <Card aria-labelledby={`section-${id}`} data-testid={`section-${id}`}>
      <CardHeader>
        <CardTitle id={`section-${id}`} className="text-lg">
          {title}
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">{children}</CardContent>
    </Card>
  );
}

function parseList(raw: string | undefined): string[] {
  try {
    const v = JSON.parse(raw || "[]");
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

function parseClaims(raw: string | undefined): { key: string; value: string }[] {
  try {
    const v = JSON.parse(raw || "[]");
    return Array.isArray(v) ? v.map((c) => ({ key: String(c?.key ?? ""), value: String(c?.value ?? "") })) : [];
  } catch {
    return [];
  }
}
