"use client";
import * as React from "react";
import { LoaderCircle, Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { NativeSelect } from "@/components/ui/native-select";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Field, FieldError } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/components/action-result";
import { callbackUrlProblem } from "@/lib/services/oidc-clients/callback-url-problem";
import { checkCallbackUrlsAction } from "./actions";

/** id_token_signed_response_alg choices: RS256 stays the default (every OIDC library supports it). */
const ID_TOKEN_ALGS = [
  ["", "RS256 (default)"],
  ["ES256", "ES256 (ECDSA P-256)"],
  ["EdDSA", "EdDSA (Ed25519)"],
  ["RS384", "RS384"],
  ["RS512", "RS512"],
  ["ES384", "ES384"],
  ["ES512", "ES512"],
] as const;
type IdTokenAlg = Exclude<(typeof ID_TOKEN_ALGS)[number][0], "">;

export interface ClientFormValues {
  id: string;
  name: string;
  description: string;
  callbackURLs: string[];
  logoutCallbackURLs: string[];
  launchURL: string;
  isPublic: boolean;
  pkceEnabled: boolean;
  requiresReauthentication: boolean;
  requiresPushedAuthorizationRequests: boolean;
  skipConsent: boolean;
  isGroupRestricted: boolean;
  /** Blank = the default lifetime. */
  accessTokenDurationMinutes: string;
  refreshTokenDurationMinutes: string;
  idTokenSignedResponseAlg: string;
  backchannelLogoutURL: string;
  backchannelLogoutSessionRequired: boolean;
}

export const EMPTY_CLIENT: ClientFormValues = {
  id: "",
  name: "",
  description: "",
  callbackURLs: [""],
  logoutCallbackURLs: [],
  launchURL: "",
  isPublic: false,
  pkceEnabled: false,
  requiresReauthentication: false,
  requiresPushedAuthorizationRequests: false,
  skipConsent: false,
  isGroupRestricted: false,
  accessTokenDurationMinutes: "",
  refreshTokenDurationMinutes: "",
  idTokenSignedResponseAlg: "",
  backchannelLogoutURL: "",
  backchannelLogoutSessionRequired: true,
};

/** The body the services take (Pocket ID's JSON names), from what the form holds. */
export function clientPayload(v: ClientFormValues) {
  const minutes = (s: string) => (s.trim() === "" ? null : Number(s));
  return {
    ...(v.id.trim() ? { id: v.id.trim() } : {}),
    name: v.name,
    description: v.description,
    callbackURLs: v.callbackURLs.map((c) => c.trim()).filter(Boolean),
    logoutCallbackURLs: v.logoutCallbackURLs.map((c) => c.trim()).filter(Boolean),
    launchURL: v.launchURL.trim() || null,
    isPublic: v.isPublic,
    pkceEnabled: v.isPublic || v.pkceEnabled,
    requiresReauthentication: v.requiresReauthentication,
    requiresPushedAuthorizationRequests: v.requiresPushedAuthorizationRequests,
    skipConsent: v.skipConsent,
    isGroupRestricted: v.isGroupRestricted,
    accessTokenDurationMinutes: minutes(v.accessTokenDurationMinutes),
    refreshTokenDurationMinutes: minutes(v.refreshTokenDurationMinutes),
    idTokenSignedResponseAlg: (v.idTokenSignedResponseAlg || null) as IdTokenAlg | null,
    backchannelLogoutURL: v.backchannelLogoutURL.trim() || null,
    backchannelLogoutSessionRequired: v.backchannelLogoutSessionRequired,
  };
}

/** A whole number of minutes in 1–525 600, or blank for the default; else the sentence to show. */
function minutesProblem(s: string): string | null {
  if (s.trim() === "") return null;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) return "Enter a whole number of minutes, or leave it empty for the default";
  if (n > 525_600) return "Use at most 525600 minutes (one year)";
  return null;
}

/**
 * Every field of an OIDC client (inventory §2.18), for the create form and the General tab. The
 * callback URL patterns are checked while typing with the server's own rules (lib/oidc's
 * checkCallbackUrlPattern via callbackUrlProblem), so a pattern the server would refuse is marked
 * before Save; what the server still refuses comes back as field errors.
 */
export function ClientForm({
  mode,
  initial,
  allowInsecure,
  cimd = false,
  submitLabel,
  pendingLabel,
  onSubmit,
  onSaved,
}: {
  mode: "create" | "edit";
  initial: ClientFormValues;
  allowInsecure: boolean;
  /** CIMD clients: the metadata document owns name, URLs, public and PKCE (read-only here). */
  cimd?: boolean;
  submitLabel: string;
  pendingLabel: string;
  onSubmit: (values: ClientFormValues) => Promise<ActionResult<unknown>>;
  onSaved?: (values: ClientFormValues) => void;
}) {
  const [v, setV] = React.useState(initial);
  const [touched, setTouched] = React.useState<Record<string, boolean>>({});
  const [serverErrors, setServerErrors] = React.useState<Record<string, string>>({});
  const [error, setError] = React.useState<string | null>(null);
  const [pending, setPending] = React.useState(false);
  // The server's verdict per URL pattern (keyed by the trimmed value); the local check fills in until it answers.
  const [verdicts, setVerdicts] = React.useState<Record<string, string | null>>({});
  const formRef = React.useRef<HTMLFormElement>(null);
  const p = mode === "create" ? "client" : "edit-client";
  const set = <K extends keyof ClientFormValues>(k: K, value: ClientFormValues[K]) => setV((old) => ({ ...old, [k]: value }));

  const verdict = (value: string, known = verdicts) => {
    const t = value.trim();
    return Object.hasOwn(known, t) ? known[t] : callbackUrlProblem(t, allowInsecure);
  };
  const urlError = (list: "callbackURLs" | "logoutCallbackURLs", i: number) => {
    const value = v[list][i];
    const key = `${list}.${i}`;
    if (value.trim() === "") return serverErrors[key] ?? null;
    return (touched[key] || touched._submit ? verdict(value) : null) ?? serverErrors[key] ?? null;
  };
  /** Asks the server about patterns it has not judged yet; returns every verdict known afterwards. */
  async function askServer(values: string[]) {
    const fresh = [...new Set(values.map((x) => x.trim()).filter((x) => x && !Object.hasOwn(verdicts, x)))];
    if (!fresh.length) return verdicts;
    try {
      const answers = await checkCallbackUrlsAction(fresh);
      const next = { ...verdicts, ...Object.fromEntries(fresh.map((x, i) => [x, answers[i] ?? null])) };
      setVerdicts(next);
      return next;
    } catch {
      return verdicts;
    }
  }
  const checkUrl = (list: "callbackURLs" | "logoutCallbackURLs", i: number) => {
    setTouched((t) => ({ ...t, [`${list}.${i}`]: true }));
    void askServer([v[list][i]]);
  };
  const localProblems = (known: Record<string, string | null>) => {
    const problems: string[] = [];
    if (!v.name.trim()) problems.push(`${p}-name`);
    for (const list of ["callbackURLs", "logoutCallbackURLs"] as const)
      v[list].forEach((value, i) => value.trim() && verdict(value, known) && problems.push(`${p}-${list}-${i}`));
    if (minutesProblem(v.accessTokenDurationMinutes)) problems.push(`${p}-access-minutes`);
    if (minutesProblem(v.refreshTokenDurationMinutes)) problems.push(`${p}-refresh-minutes`);
    return problems;
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched((t) => ({ ...t, _submit: true }));
    setPending(true);
    const known = cimd ? verdicts : await askServer([...v.callbackURLs, ...v.logoutCallbackURLs]);
    setPending(false);
    const problems = localProblems(known);
    if (problems.length) {
      setError("Some fields need a correction: see the messages next to them.");
      formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(problems[0])}`)?.focus();
      return;
    }
    setPending(true);
    setError(null);
    setServerErrors({});
    let r: ActionResult<unknown>;
    try {
      r = await onSubmit(v);
    } catch {
      r = { ok: false, error: "The server could not be reached. Check your connection and try again." };
    }
    setPending(false);
    if (!r.ok) {
      setError(r.error);
      setServerErrors(r.fieldErrors ?? {});
      toast.error(r.error);
      return;
    }
    if (r.message) toast.success(r.message);
    setTouched({});
    onSaved?.(v);
  }

  const nameError = (touched._submit && !v.name.trim() ? "Enter a name" : null) ?? serverErrors.name;
  const accessError = minutesProblem(v.accessTokenDurationMinutes) ?? serverErrors.accessTokenDurationMinutes;
  const refreshError = minutesProblem(v.refreshTokenDurationMinutes) ?? serverErrors.refreshTokenDurationMinutes;
  const registrationHint = cimd ? "Set by the app's metadata document: refresh the metadata to change it." : undefined;

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-5" data-testid={`${p}-form`}>
      {error && (
        <Alert variant="destructive">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <Field id={`${p}-name`} label="Name" error={nameError} hint={registrationHint}>
          {(props) => <Input {...props} value={v.name} maxLength={50} placeholder="e.g. Grafana" readOnly={cimd} onChange={(e) => set("name", e.target.value)} />}
        </Field>
        {mode === "create" ? (
          <Field id={`${p}-custom-id`} label="Client ID (optional)" error={serverErrors.id} hint="Leave empty for a random ID. 2–128 letters, digits, dots, dashes, underscores; it cannot change later.">
            {(props) => <Input {...props} value={v.id} maxLength={128} autoComplete="off" spellCheck={false} onChange={(e) => set("id", e.target.value)} />}
          </Field>
        ) : null}
        <Field id={`${p}-description`} label="Description" error={serverErrors.description} hint="Shown to users on their apps page." className="md:col-span-2">
          {(props) => <Textarea {...props} value={v.description} maxLength={150} rows={2} onChange={(e) => set("description", e.target.value)} />}
        </Field>
      </div>

      <UrlList
        idPrefix={`${p}-callbackURLs`}
        legend="Callback URLs"
        itemLabel="Callback URL"
        addLabel="Add another"
        hint="Where the app receives the sign-in result. Wildcards: * within one part (https://*.example.com/cb), ** across path segments; the whole URL * allows any."
        values={v.callbackURLs}
        readOnly={cimd}
        error={serverErrors.callbackURLs}
        errorAt={(i) => urlError("callbackURLs", i)}
        onChange={(list) => set("callbackURLs", list)}
        onBlur={(i) => checkUrl("callbackURLs", i)}
      />
      <UrlList
        idPrefix={`${p}-logoutCallbackURLs`}
        legend="Logout callback URLs"
        itemLabel="Logout callback URL"
        addLabel="Add logout callback URL"
        hint="Where the app may send users after signing out (post_logout_redirect_uri). Same wildcard rules."
        values={v.logoutCallbackURLs}
        readOnly={cimd}
        error={serverErrors.logoutCallbackURLs}
        errorAt={(i) => urlError("logoutCallbackURLs", i)}
        onChange={(list) => set("logoutCallbackURLs", list)}
        onBlur={(i) => checkUrl("logoutCallbackURLs", i)}
      />

      <Field id={`${p}-launch`} label="Launch URL" error={serverErrors.launchURL} hint="The app's start page: users see a Launch link on their apps page. Leave empty to hide it there.">
        {(props) => <Input {...props} type="url" value={v.launchURL} placeholder="https://app.example.com" onChange={(e) => set("launchURL", e.target.value)} />}
      </Field>

      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-sm font-medium">Options</legend>
        <Toggle id={`${p}-public`} label="Public client" disabled={cimd} checked={v.isPublic} onChange={(b) => set("isPublic", b)}
          hint={mode === "edit" && !initial.isPublic ? "For apps that cannot keep a secret (single-page and mobile apps). PKCE becomes required and this client's secrets are deleted on save." : "For apps that cannot keep a secret (single-page and mobile apps). Requires PKCE."} />
        <Toggle id={`${p}-pkce`} label="PKCE" disabled={cimd || v.isPublic} checked={v.isPublic || v.pkceEnabled} onChange={(b) => set("pkceEnabled", b)} hint="Require a code challenge on every authorization request." />
        <Toggle id={`${p}-reauth`} label="Requires re-authentication" checked={v.requiresReauthentication} onChange={(b) => set("requiresReauthentication", b)} hint="Ask for the passkey on every sign-in to this app, even with an active session." />
        <Toggle id={`${p}-par`} label="Require pushed authorization requests (PAR)" checked={v.requiresPushedAuthorizationRequests} onChange={(b) => set("requiresPushedAuthorizationRequests", b)} hint="The app must send its request to the PAR endpoint first (RFC 9126)." />
        <Toggle id={`${p}-skip-consent`} label="Skip consent screen" checked={v.skipConsent} onChange={(b) => set("skipConsent", b)} hint="Users are not asked to approve what the app receives. Use for apps you run yourself." />
        {mode === "create" && (
          <Toggle id={`${p}-restricted`} label="Restrict to allowed user groups" checked={v.isGroupRestricted} onChange={(b) => set("isGroupRestricted", b)} hint="Only members of the groups you choose on the client's page can sign in; until you choose some, nobody can." />
        )}
      </fieldset>

      <fieldset className="grid gap-4 md:grid-cols-2">
        <legend className="mb-2 text-sm font-medium">Tokens</legend>
        <Field id={`${p}-access-minutes`} label="Access token lifetime (minutes)" error={accessError} hint="Empty: 60 minutes.">
          {(props) => <Input {...props} inputMode="numeric" value={v.accessTokenDurationMinutes} placeholder="60" onChange={(e) => set("accessTokenDurationMinutes", e.target.value)} />}
        </Field>
        <Field id={`${p}-refresh-minutes`} label="Refresh token lifetime (minutes)" error={refreshError} hint="Empty: 43200 minutes (30 days).">
          {(props) => <Input {...props} inputMode="numeric" value={v.refreshTokenDurationMinutes} placeholder="43200" onChange={(e) => set("refreshTokenDurationMinutes", e.target.value)} />}
        </Field>
        <Field id={`${p}-id-token-alg`} label="ID token signature algorithm" error={serverErrors.idTokenSignedResponseAlg} hint="Keep RS256 unless the app asks for another algorithm: every OpenID Connect library supports it.">
          {(props) => (
            <NativeSelect {...props} value={v.idTokenSignedResponseAlg} onChange={(e) => set("idTokenSignedResponseAlg", e.target.value)}>
              {ID_TOKEN_ALGS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </NativeSelect>
          )}
        </Field>
      </fieldset>

      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-sm font-medium">Back-channel logout</legend>
        <Field id={`${p}-backchannel`} label="Back-channel logout URL" error={serverErrors.backchannelLogoutURL} hint="The server POSTs a logout token here when a user's session ends (OIDC Back-Channel Logout). Leave empty if the app does not support it.">
          {(props) => <Input {...props} type="url" value={v.backchannelLogoutURL} placeholder="https://app.example.com/backchannel-logout" onChange={(e) => set("backchannelLogoutURL", e.target.value)} />}
        </Field>
        <Toggle id={`${p}-backchannel-sid`} label="Logout token carries the session ID (sid)" checked={v.backchannelLogoutSessionRequired} onChange={(b) => set("backchannelLogoutSessionRequired", b)} hint="backchannel_logout_session_required: turn on when the app needs sid to find the session." />
      </fieldset>

      <Button type="submit" disabled={pending} aria-busy={pending || undefined} className="self-start">
        {pending && <LoaderCircle className="animate-spin motion-reduce:animate-none" aria-hidden />}
        {pending ? pendingLabel : submitLabel}
      </Button>
    </form>
  );
}

function Toggle({ id, label, hint, checked, disabled, onChange }: { id: string; label: string; hint: string; checked: boolean; disabled?: boolean; onChange: (b: boolean) => void }) {
  return (
    <div className="flex items-start gap-3">
      <Switch id={id} checked={checked} disabled={disabled} onCheckedChange={onChange} aria-describedby={`${id}-hint`} className="mt-0.5" />
      <div className="grid gap-1">
        <Label htmlFor={id}>{label}</Label>
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      </div>
    </div>
  );
}

function UrlList({
  idPrefix,
  legend,
  itemLabel,
  addLabel,
  hint,
  values,
  readOnly,
  error,
  errorAt,
  onChange,
  onBlur,
}: {
  idPrefix: string;
  legend: string;
  itemLabel: string;
  addLabel: string;
  hint: string;
  values: string[];
  readOnly?: boolean;
  error?: string;
  errorAt: (i: number) => string | null;
  onChange: (values: string[]) => void;
  onBlur: (i: number) => void;
}) {
  return (
    <fieldset className="flex min-w-0 flex-col gap-2" aria-describedby={`${idPrefix}-hint`}>
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      <p id={`${idPrefix}-hint`} className="text-xs text-muted-foreground">
        {hint}
      </p>
      {values.length === 0 && <p className="text-sm text-muted-foreground">None.</p>}
      {values.map((value, i) => {
        const problem = errorAt(i);
        const id = `${idPrefix}-${i}`;
        return (
          <div key={i} className="flex min-w-0 flex-col gap-1">
            <div className="flex min-w-0 items-center gap-2">
              <Input
                id={id}
                aria-label={`${itemLabel} ${i + 1}`}
                value={value}
                readOnly={readOnly}
                spellCheck={false}
                autoComplete="off"
                placeholder="https://app.example.com/oauth/callback"
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${id}-error` : undefined}
                onChange={(e) => onChange(values.map((c, j) => (j === i ? e.target.value : c)))}
                onBlur={() => onBlur(i)}
                className="min-w-0 flex-1 font-mono text-sm"
              />
              {!readOnly && (
                <Button type="button" variant="ghost" size="icon" aria-label={`Remove ${legend} row ${i + 1}`} onClick={() => onChange(values.filter((_, j) => j !== i))}>
                  <X aria-hidden />
                </Button>
              )}
            </div>
            {problem && <FieldError id={`${id}-error`}>{problem}</FieldError>}
          </div>
        );
      })}
      {error && <FieldError id={`${idPrefix}-error`}>{error}</FieldError>}
      {!readOnly && (
        <Button type="button" variant="ghost" size="sm" className="self-start" onClick={() => onChange([...values, ""])}>
          <Plus aria-hidden /> {addLabel}
        </Button>
      )}
    </fieldset>
  );
}
