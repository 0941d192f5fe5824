"use client";
import * as React from "react";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { FieldError } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/components/action-result";
import { CLAIM_TYPES, convertText, decodeClaim, encodeClaimValue, type ClaimDraft, type ClaimType } from "./claim-value";

export interface StoredClaim {
  key: string;
  value: string;
}

interface Row extends ClaimDraft {
  id: number;
}

/**
 * Custom claims of one user or group (inventory §2.10), saved together (the server replaces the
 * whole set). Keys are suggested from the keys already in use; each value has a type and is
 * checked before saving: a list stays a JSON array in the token, a number a number. Reserved keys
 * (the standard claims the server sets itself) and duplicate keys are refused with a sentence
 * next to the key. The server's own refusals land next to the same fields.
 */
export function CustomClaimsEditor({
  idPrefix,
  ownerLabel,
  initialClaims,
  suggestions,
  reservedKeys,
  save,
}: {
  idPrefix: string;
  /** "user" or "group", for the sentences. */
  ownerLabel: string;
  initialClaims: StoredClaim[];
  suggestions: string[];
  reservedKeys: string[];
  save: (claims: StoredClaim[]) => Promise<ActionResult<unknown>>;
}) {
  const nextId = React.useRef(initialClaims.length + 1);
  const [rows, setRows] = React.useState<Row[]>(() => initialClaims.map((c, i) => ({ id: i + 1, ...decodeClaim(c.key, c.value) })));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [pending, setPending] = React.useState(false);
  const [dirty, setDirty] = React.useState(false);
  const reserved = React.useMemo(() => new Set(reservedKeys), [reservedKeys]);
  const listId = `${idPrefix}-claim-key-suggestions`;
  const focusRow = React.useRef<number | null>(null);

  React.useEffect(() => {
    if (focusRow.current !== null) {
      document.getElementById(`${idPrefix}-claim-${focusRow.current}-key`)?.focus();
      focusRow.current = null;
    }
  }, [rows, idPrefix]);

  function update(id: number, patch: Partial<ClaimDraft>) {
    setRows((rs) => rs.map((r) => (r.id === id ? { ...r, ...patch } : r)));
    setDirty(true);
    setErrors((e) => {
      const next = { ...e };
      delete next[`${id}.key`];
      delete next[`${id}.value`];
      return next;
    });
  }

  function validate(): { claims: StoredClaim[]; errors: Record<string, string> } {
    const errs: Record<string, string> = {};
    const claims: StoredClaim[] = [];
    const seen = new Map<string, number>();
    for (const r of rows) {
      const key = r.key.trim();
      if (!key) errs[`${r.id}.key`] = "Enter a key for this claim, or remove the claim.";
      else if (reserved.has(key)) errs[`${r.id}.key`] = `"${key}" is a standard claim that this server sets itself, so it cannot be a custom claim: choose another key.`;
      else if (/\s/.test(key)) errs[`${r.id}.key`] = "Remove the spaces: a claim key is one word, such as department or team_id.";
      else if (key.length > 100) errs[`${r.id}.key`] = "Use at most 100 characters for a key.";
      else if (seen.has(key)) errs[`${r.id}.key`] = `This ${ownerLabel} already has a claim "${key}": each key can appear once.`;
      seen.set(key, r.id);
      const value = encodeClaimValue(r);
      if (!value.ok) errs[`${r.id}.value`] = value.error;
      else claims.push({ key, value: value.value });
    }
    return { claims, errors: errs };
  }

  async function submit() {
    setFormError(null);
    const { claims, errors: errs } = validate();
    setErrors(errs);
    if (Object.keys(errs).length > 0) {
      const first = Object.keys(errs)[0];
      const [rowId, field] = first.split(".");
      document.getElementById(`${idPrefix}-claim-${rowId}-${field}`)?.focus();
      setFormError("Some claims need a correction before they can be saved: see the messages next to them.");
      return;
    }
    setPending(true);
    let result: ActionResult<unknown>;
    try {
      result = await save(claims);
    } catch {
      result = { ok: false, error: "The server could not be reached. Check your connection and try again." };
    }
    setPending(false);
    if (!result.ok) {
      // Server field errors name the claim by position ("2.key", "claims.2.value").
      const mapped: Record<string, string> = {};
      for (const [path, message] of Object.entries(result.fieldErrors ?? {})) {
        const m = /(\d+)\.(key|value)$/.exec(path);
        if (m && rows[Number(m[1])]) mapped[`${rows[Number(m[1])].id}.${m[2]}`] = message;
      }
      setErrors(mapped);
      setFormError(result.error);
      toast.error(result.error);
      return;
    }
    setDirty(false);
    toast.success(result.message ?? "Custom claims saved.");
  }

  return (
    <form
      className="flex flex-col gap-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid={`${idPrefix}-claims-editor`}
    >
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      {rows.length === 0 && <p className="text-sm text-muted-foreground">No custom claims yet.</p>}
      <ul className="flex flex-col gap-4">
        {rows.map((r, index) => {
          const keyId = `${idPrefix}-claim-${r.id}-key`;
          const typeId = `${idPrefix}-claim-${r.id}-type`;
          const valueId = `${idPrefix}-claim-${r.id}-value`;
          const keyErr = errors[`${r.id}.key`];
          const valueErr = errors[`${r.id}.value`];
          return (
            <li key={r.id} className="rounded-lg border p-3" role="group" aria-label={`Claim ${index + 1}${r.key ? `: ${r.key}` : ""}`} data-testid="claim-row">
              <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_11rem_auto] sm:items-start">
                <div className="flex min-w-0 flex-col gap-1.5">
                  <Label htmlFor={keyId}>Key</Label>
                  <Input
                    id={keyId}
                    list={listId}
                    value={r.key}
                    autoComplete="off"
                    spellCheck={false}
                    placeholder="e.g. department"
                    aria-invalid={keyErr ? true : undefined}
                    aria-describedby={keyErr ? `${keyId}-error` : undefined}
                    onChange={(e) => update(r.id, { key: e.target.value })}
                  />
                  {keyErr && <FieldError id={`${keyId}-error`}>{keyErr}</FieldError>}
                </div>
                <div className="flex flex-col gap-1.5">
                  <Label htmlFor={typeId}>Type</Label>
                  <Select value={r.type} onValueChange={(t) => update(r.id, { type: t as ClaimType, text: convertText(r.text, t as ClaimType) })}>
                    <SelectTrigger id={typeId}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {CLAIM_TYPES.map((t) => (
                        <SelectItem key={t.value} value={t.value}>
                          {t.label}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                </div>
                <Button
                  type="button"
                  variant="ghost"
                  size="icon"
                  className="self-end justify-self-end"
                  aria-label={`Remove claim ${r.key || index + 1}`}
                  onClick={() => {
                    setRows((rs) => rs.filter((x) => x.id !== r.id));
                    setDirty(true);
                  }}
                >
                  <Trash2 />
                </Button>
              </div>
              <div className="mt-3 flex flex-col gap-1.5">
                <Label htmlFor={valueId}>Value</Label>
                {r.type === "boolean" ? (
                  <Select value={r.text} onValueChange={(v) => update(r.id, { text: v })}>
                    <SelectTrigger id={valueId} className="sm:w-44" aria-invalid={valueErr ? true : undefined} aria-describedby={valueErr ? `${valueId}-error` : undefined}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value="true">true</SelectItem>
                      <SelectItem value="false">false</SelectItem>
                    </SelectContent>
                  </Select>
                ) : r.type === "array" || r.type === "object" ? (
                  <Textarea
                    id={valueId}
                    value={r.text}
                    spellCheck={false}
                    className="min-h-24 font-mono text-xs"
                    aria-invalid={valueErr ? true : undefined}
                    aria-describedby={valueErr ? `${valueId}-error` : `${valueId}-hint`}
                    onChange={(e) => update(r.id, { text: e.target.value })}
                  />
                ) : (
                  <Input
                    id={valueId}
                    value={r.text}
                    inputMode={r.type === "number" ? "decimal" : undefined}
                    spellCheck={false}
                    aria-invalid={valueErr ? true : undefined}
                    aria-describedby={valueErr ? `${valueId}-error` : undefined}
                    onChange={(e) => update(r.id, { text: e.target.value })}
                  />
                )}
                {(r.type === "array" || r.type === "object") && !valueErr && (
                  <p id={`${valueId}-hint`} className="text-xs text-muted-foreground">
                    {r.type === "array" ? 'JSON, such as ["admins", "dev"]: the token carries it as a list.' : 'JSON, such as {"team": "ops"}: the token carries it as an object.'}
                  </p>
                )}
                {valueErr && <FieldError id={`${valueId}-error`}>{valueErr}</FieldError>}
              </div>
            </li>
          );
        })}
      </ul>
      {formError && (
        <p role="alert" className="text-sm text-destructive">
          {formError}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant="outline"
          onClick={() => {
            const id = nextId.current++;
            focusRow.current = id;
            setRows((rs) => [...rs, { id, key: "", type: "string", text: "" }]);
            setDirty(true);
          }}
        >
          <Plus /> Add claim
        </Button>
        <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
          {pending ? "Saving…" : "Save claims"}
        </Button>
        {dirty && !pending && <span className="self-center text-xs text-muted-foreground">Unsaved changes</span>}
      </div>
    </form>
  );
}
