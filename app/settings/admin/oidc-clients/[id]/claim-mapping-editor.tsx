"use client";
import * as React from "react";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field, FieldError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { toast } from "@/components/ui/toast";
import type { ClaimMapping, ClaimScope, EmailSource, PreferredUsernameSource } from "@/lib/oidc/claim-mapping";
import { saveClaimMappingAction } from "./claims-actions";

interface Row<T> {
  id: number;
  value: T;
}

let nextId = 0;
const rows = <T,>(items: T[]): Row<T>[] => items.map((value) => ({ id: nextId++, value }));

/** A static claim's value as typed: JSON when it parses (42, true, ["a"]), else plain text, as custom claims (§2.10). */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
const showValue = (v: unknown) => (typeof v === "string" && parseValue(v) === v ? v : JSON.stringify(v));

const PU_SOURCES: { value: PreferredUsernameSource; label: string }[] = [
  { value: "username", label: "Username (default)" },
  { value: "email", label: "Email address (needs the email scope)" },
  { value: "userId", label: "User ID" },
  { value: "customClaim", label: "A custom claim" },
];
const EMAIL_SOURCES: { value: EmailSource; label: string }[] = [
  { value: "email", label: "Account email address (default)" },
  { value: "customClaim", label: "A custom claim (needs the profile scope; email_verified is false)" },
];
const SCOPES: ClaimScope[] = ["openid", "profile", "email", "groups"];

/**
 * The Claims tab (issue 8 item 2): which attribute feeds preferred_username and email, renamed,
 * dropped and static claims of one client. Saved as a whole; the server's refusals (protocol
 * claims, conflicting rules) come back as sentences next to the field they concern.
 */
export function ClaimMappingEditor({ clientId, initial, suggestions }: { clientId: string; initial: ClaimMapping; suggestions: string[] }) {
  const [pu, setPu] = React.useState(initial.preferredUsername);
  const [email, setEmail] = React.useState(initial.email);
  const [renames, setRenames] = React.useState(() => rows(initial.rename));
  const [drops, setDrops] = React.useState(() => rows(initial.drop));
  const [statics, setStatics] = React.useState(() => rows(initial.static.map((s) => ({ name: s.name, value: showValue(s.value), scope: s.scope }))));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [pending, startTransition] = React.useTransition();

  const mapping = () => ({
    preferredUsername: pu.source === "customClaim" ? { source: pu.source, claim: pu.claim ?? "" } : { source: pu.source },
    email: email.source === "customClaim" ? { source: email.source, claim: email.claim ?? "" } : { source: email.source },
    rename: renames.map((r) => r.value),
    drop: drops.map((d) => d.value),
    static: statics.map((s) => ({ name: s.value.name, value: parseValue(s.value.value), scope: s.value.scope })),
  });

  const reset = () => {
    setErrors({});
    setFormError(null);
    setPu({ source: "username" });
    setEmail({ source: "email" });
    setRenames([]);
    setDrops([]);
    setStatics([]);
  };

  const save = (value: unknown) =>
    startTransition(async () => {
      const res = await saveClaimMappingAction(clientId, value);
      if (res.ok) {
        setErrors({});
        setFormError(null);
        toast.success(res.message ?? "Saved.");
      } else {
        setErrors(res.fieldErrors ?? {});
        setFormError(res.error);
      }
    });

  const err = (path: string) => errors[path];
  const errorProps = (id: string, path: string) => (err(path) ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {});

  return (
    <form
      className="flex flex-col gap-6"
      onSubmit={(e) => {
        e.preventDefault();
        save(mapping());
      }}
      aria-describedby="claims-scope-rule"
    >
      <datalist id="claim-key-suggestions">
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <p id="claims-scope-rule" className="text-sm text-muted-foreground">
        These rules change the ID token, userinfo and introspection of this client alike (check the result on the OIDC data preview tab). A mapped claim is released only under the
        scope that releases its source: a renamed claim keeps its scope, preferred_username taken from the email address needs the <code>email</code> scope. Protocol
        claims such as <code>sub</code>, <code>iss</code>, <code>aud</code> or <code>nonce</code> cannot be changed.
      </p>

      <Card>
        <CardHeader>
          <CardTitle>Standard claims</CardTitle>
          <CardDescription>Where preferred_username and email come from, for apps that expect something else than the username or the account address.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <Field id="pu-source" label="preferred_username from" error={err("preferredUsername.source")}>
            {(p) => (
              <NativeSelect {...p} value={pu.source} onChange={(e) => setPu({ source: e.target.value as PreferredUsernameSource, claim: pu.claim })}>
                {PU_SOURCES.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </NativeSelect>
            )}
          </Field>
          {pu.source === "customClaim" ? (
            <Field id="pu-claim" label="Custom claim key for preferred_username" error={err("preferredUsername.claim")}>
              {(p) => <Input {...p} list="claim-key-suggestions" value={pu.claim ?? ""} onChange={(e) => setPu({ ...pu, claim: e.target.value })} autoComplete="off" />}
            </Field>
          ) : (
            <div className="hidden sm:block" />
          )}
          <Field id="email-source" label="email from" error={err("email.source")}>
            {(p) => (
              <NativeSelect {...p} value={email.source} onChange={(e) => setEmail({ source: e.target.value as EmailSource, claim: email.claim })}>
                {EMAIL_SOURCES.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </NativeSelect>
            )}
          </Field>
          {email.source === "customClaim" && (
            <Field id="email-claim" label="Custom claim key for email" error={err("email.claim")}>
              {(p) => <Input {...p} list="claim-key-suggestions" value={email.claim ?? ""} onChange={(e) => setEmail({ ...email, claim: e.target.value })} autoComplete="off" />}
            </Field>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Renamed claims</CardTitle>
          <CardDescription>For example groups → roles. The new name replaces a claim that already has it.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          {renames.length === 0 && <p className="text-sm text-muted-foreground">No claim is renamed.</p>}
          {renames.map((r, i) => (
            <div key={r.id} className="grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-start">
              <div className="flex flex-col gap-1">
                <label htmlFor={`rename-${r.id}-from`} className="text-xs font-medium">Claim</label>
                <Input id={`rename-${r.id}-from`} list="claim-key-suggestions" value={r.value.from} autoComplete="off" {...errorProps(`rename-${r.id}-from`, `rename.${i}.from`)}
                  onChange={(e) => setRenames(renames.map((x) => (x.id === r.id ? { ...x, value: { ...x.value, from: e.target.value } } : x)))} />
                {err(`rename.${i}.from`) && <FieldError id={`rename-${r.id}-from-error`}>{err(`rename.${i}.from`)}</FieldError>}
              </div>
              <div className="flex flex-col gap-1">
                <label htmlFor={`rename-${r.id}-to`} className="text-xs font-medium">Renamed to</label>
                <Input id={`rename-${r.id}-to`} value={r.value.to} autoComplete="off" {...errorProps(`rename-${r.id}-to`, `rename.${i}.to`)}
                  onChange={(e) => setRenames(renames.map((x) => (x.id === r.id ? { ...x, value: { ...x.value, to: e.target.value } } : x)))} />
                {err(`rename.${i}.to`) && <FieldError id={`rename-${r.id}-to-error`}>{err(`rename.${i}.to`)}</FieldError>}
              </div>
              <Button type="button" variant="ghost" size="icon" className="sm:mt-5" aria-label={`Remove the rename of ${r.value.from || "this claim"}`} onClick={() => setRenames(renames.filter((x) => x.id !== r.id))}>
                <Trash2 />
              </Button>
            </div>
          ))}
          <Button type="button" variant="outline" size="sm" className="self-start" onClick={() => setRenames([...renames, ...rows([{ from: "", to: "" }])])}>
            <Plus /> Add a rename
          </Button>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Dropped claims</CardTitle>
          <CardDescription>Claims this client never receives, such as picture or a custom claim meant for other apps.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          {drops.length === 0 && <p className="text-sm text-muted-foreground">No claim is dropped.</p>}
          {drops.map((d, i) => (
            <div key={d.id} className="grid grid-cols-[1fr_auto] items-start gap-2">
              <div className="flex flex-col gap-1">
                <label htmlFor={`drop-${d.id}`} className="text-xs font-medium">Claim to drop</label>
                <Input id={`drop-${d.id}`} list="claim-key-suggestions" value={d.value} autoComplete="off" {...errorProps(`drop-${d.id}`, `drop.${i}`)}
                  onChange={(e) => setDrops(drops.map((x) => (x.id === d.id ? { ...x, value: e.target.value } : x)))} />
                {err(`drop.${i}`) && <FieldError id={`drop-${d.id}-error`}>{err(`drop.${i}`)}</FieldError>}
              </div>
              <Button type="button" variant="ghost" size="icon" className="mt-5" aria-label={`Stop dropping ${d.value || "this claim"}`} onClick={() => setDrops(drops.filter((x) => x.id !== d.id))}>
                <Trash2 />
              </Button>
            </div>
          ))}
          <Button type="button" variant="outline" size="sm" className="self-start" onClick={() => setDrops([...drops, ...rows([""])])}>
            <Plus /> Add a dropped claim
          </Button>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Static claims</CardTitle>
          <CardDescription>The same value for every user of this client. A value that is valid JSON (42, true, [&quot;a&quot;], {"{…}"}) is sent as that type, anything else as text.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          {statics.length === 0 && <p className="text-sm text-muted-foreground">No static claim.</p>}
          {statics.map((s, i) => (
            <div key={s.id} className="grid gap-2 sm:grid-cols-[1fr_1fr_9rem_auto] sm:items-start">
              <div className="flex flex-col gap-1">
                <label htmlFor={`static-${s.id}-name`} className="text-xs font-medium">Claim name</label>
                <Input id={`static-${s.id}-name`} value={s.value.name} autoComplete="off" {...errorProps(`static-${s.id}-name`, `static.${i}.name`)}
                  onChange={(e) => setStatics(statics.map((x) => (x.id === s.id ? { ...x, value: { ...x.value, name: e.target.value } } : x)))} />
                {err(`static.${i}.name`) && <FieldError id={`static-${s.id}-name-error`}>{err(`static.${i}.name`)}</FieldError>}
              </div>
              <div className="flex flex-col gap-1">
                <label htmlFor={`static-${s.id}-value`} className="text-xs font-medium">Value</label>
                <Input id={`static-${s.id}-value`} value={s.value.value} autoComplete="off" className="font-mono" {...errorProps(`static-${s.id}-value`, `static.${i}.value`)}
                  onChange={(e) => setStatics(statics.map((x) => (x.id === s.id ? { ...x, value: { ...x.value, value: e.target.value } } : x)))} />
                {err(`static.${i}.value`) && <FieldError id={`static-${s.id}-value-error`}>{err(`static.${i}.value`)}</FieldError>}
              </div>
              <div className="flex flex-col gap-1">
                <label htmlFor={`static-${s.id}-scope`} className="text-xs font-medium">Released with scope</label>
                <NativeSelect id={`static-${s.id}-scope`} value={s.value.scope}
                  onChange={(e) => setStatics(statics.map((x) => (x.id === s.id ? { ...x, value: { ...x.value, scope: e.target.value as ClaimScope } } : x)))}>
                  {SCOPES.map((sc) => (
                    <option key={sc} value={sc}>
                      {sc === "openid" ? "openid (always)" : sc}
                    </option>
                  ))}
                </NativeSelect>
              </div>
              <Button type="button" variant="ghost" size="icon" className="sm:mt-5" aria-label={`Remove the static claim ${s.value.name || ""}`.trim()} onClick={() => setStatics(statics.filter((x) => x.id !== s.id))}>
                <Trash2 />
              </Button>
            </div>
          ))}
          <Button type="button" variant="outline" size="sm" className="self-start" onClick={() => setStatics([...statics, ...rows([{ name: "", value: "", scope: "profile" as ClaimScope }])])}>
            <Plus /> Add a static claim
          </Button>
        </CardContent>
      </Card>

      {formError && (
        <p role="alert" className="text-sm text-destructive">
          {formError}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save claim mapping"}
        </Button>
        <ConfirmDialog
          trigger={
            <Button type="button" variant="outline" disabled={pending}>
              Reset to the default claims
            </Button>
          }
          title="Reset this client's claims?"
          description="Every rule on this tab is removed: the next tokens carry Pocket ID's standard claims again. Apps that rely on a renamed or static claim may stop working."
          confirmLabel="Reset the claims"
          successMessage="Claim mapping reset: the next tokens carry the default claims."
          action={async () => {
            const res = await saveClaimMappingAction(clientId, null);
            if (res.ok) reset();
            return res;
          }}
        />
      </div>
    </form>
  );
}
