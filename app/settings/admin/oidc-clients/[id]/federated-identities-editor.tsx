"use client";
import * as React from "react";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { Label } from "@/components/ui/label";
import { Field } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/components/action-result";
import { setFederatedIdentitiesAction, type FederatedIdentityValues } from "../actions";

type Row = { issuer: string; subject: string; audience: string; jwks: string; replayProtection: boolean };

/**
 * Federated identities (inventory §2.8): issuer (required; the token's iss picks the row), subject
 * (default: the client ID), audience (default: this provider), JWKS URL (default:
 * <issuer>/.well-known/jwks.json), replay protection (each jti accepted once). Saved as a whole.
 */
export function FederatedIdentitiesEditor({ clientId, initial }: { clientId: string; initial: FederatedIdentityValues[] }) {
  const toRows = (list: FederatedIdentityValues[]): Row[] =>
    list.map((f) => ({ issuer: f.issuer, subject: f.subject ?? "", audience: f.audience ?? "", jwks: f.jwks ?? "", replayProtection: !!f.replayProtection }));
  const [rows, setRows] = React.useState<Row[]>(toRows(initial));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [error, setError] = React.useState<string | null>(null);
  const [pending, setPending] = React.useState(false);
  const dirty = JSON.stringify(rows) !== JSON.stringify(toRows(initial));
  const set = (i: number, patch: Partial<Row>) => setRows((r) => r.map((row, j) => (j === i ? { ...row, ...patch } : row)));

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const missing = rows.findIndex((r) => !r.issuer.trim());
    if (missing >= 0) {
      setErrors({ [`${missing}.issuer`]: "Enter the issuer" });
      document.getElementById(`fed-${missing}-issuer`)?.focus();
      return;
    }
    setPending(true);
    setError(null);
    setErrors({});
    let r: ActionResult;
    try {
      r = await setFederatedIdentitiesAction(
        clientId,
        rows.map((row) => ({ issuer: row.issuer, subject: row.subject || undefined, audience: row.audience || undefined, jwks: row.jwks || undefined, replayProtection: row.replayProtection })),
      );
    } catch {
      r = { ok: false, error: "The server could not be reached. Check your connection and try again." };
    }
    setPending(false);
    if (!r.ok) {
      setError(r.error);
      setErrors(r.fieldErrors ?? {});
      toast.error(r.error);
      return;
    }
    toast.success(r.message ?? "Saved.");
  }

  return (
    <form onSubmit={save} noValidate className="flex flex-col gap-4" data-testid="federated-identities">
      {rows.length === 0 && <p className="text-sm text-muted-foreground">No federated identity: the app authenticates with a secret (or PKCE).</p>}
      {rows.map((row, i) => (
        <fieldset key={i} className="grid gap-3 rounded-md border p-4 md:grid-cols-2">
          <legend className="px-1 text-sm font-medium">Identity {i + 1}</legend>
          <Field id={`fed-${i}-issuer`} label="Issuer" error={errors[`${i}.issuer`]} hint="The iss of the workload's tokens, e.g. https://token.actions.githubusercontent.com">
            {(props) => <Input {...props} value={row.issuer} onChange={(e) => set(i, { issuer: e.target.value })} />}
          </Field>
          <Field id={`fed-${i}-subject`} label="Subject" error={errors[`${i}.subject`]} hint="Empty: the client ID.">
            {(props) => <Input {...props} value={row.subject} onChange={(e) => set(i, { subject: e.target.value })} />}
          </Field>
          <Field id={`fed-${i}-audience`} label="Audience" error={errors[`${i}.audience`]} hint="Empty: this provider's URL.">
            {(props) => <Input {...props} value={row.audience} onChange={(e) => set(i, { audience: e.target.value })} />}
          </Field>
          <Field id={`fed-${i}-jwks`} label="JWKS URL" error={errors[`${i}.jwks`]} hint="Empty: <issuer>/.well-known/jwks.json">
            {(props) => <Input {...props} type="url" value={row.jwks} onChange={(e) => set(i, { jwks: e.target.value })} />}
          </Field>
          <div className="flex items-center gap-3">
            <Switch id={`fed-${i}-replay`} checked={row.replayProtection} onCheckedChange={(b) => set(i, { replayProtection: b })} />
            <Label htmlFor={`fed-${i}-replay`}>Replay protection (each token ID once)</Label>
          </div>
          <Button type="button" variant="ghost" className="justify-self-end text-destructive" onClick={() => setRows((r) => r.filter((_, j) => j !== i))}>
            <Trash2 aria-hidden /> Remove identity {i + 1}
          </Button>
        </fieldset>
      ))}
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="outline" onClick={() => setRows((r) => [...r, { issuer: "", subject: "", audience: "", jwks: "", replayProtection: false }])}>
          <Plus aria-hidden /> Add identity
        </Button>
        <Button type="submit" disabled={pending || !dirty} aria-busy={pending || undefined}>
          {pending ? "Saving…" : "Save identities"}
        </Button>
      </div>
    </form>
  );
}
