"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { Plus, RefreshCw, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { Field } from "@/components/ui/field";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { CopyField } from "@/components/copy-field";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/components/action-result";
import { createApiKeyAction, renewApiKeyAction } from "./actions";
import { daysFromNow, endOfDayIso } from "./expiry";

type Issued = { id: string; name: string; token: string };

/** The key, once: after this dialog closes only its hash exists. */
function ShowToken({ issued, onClose }: { issued: Issued; onClose: () => void }) {
  return (
    <div className="flex flex-col gap-4" data-testid="api-key-issued">
      <CopyField label={`API key "${issued.name}"`} value={issued.token} testId="api-key-token" />
      <p className="flex items-start gap-2 text-sm text-amber-700 dark:text-amber-400">
        <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
        Copy the key now: it is stored hashed and cannot be shown again. Send it in the X-API-Key header; the REST API is described at{" "}
        <a href="/api/openapi.json" className="underline underline-offset-4">
          /api/openapi.json
        </a>
        .
      </p>
      <DialogFooter>
        <Button onClick={onClose}>Done</Button>
      </DialogFooter>
    </div>
  );
}

function useSubmit<T>(run: () => Promise<ActionResult<T>>) {
  const [pending, setPending] = React.useState(false);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  async function submit(): Promise<T | null> {
    setPending(true);
    setFormError(null);
    let r: ActionResult<T>;
    try {
      r = await run();
    } catch {
      r = { ok: false, error: "The server could not be reached. Check your connection and try again." };
    }
    setPending(false);
    if (!r.ok) {
      setErrors(r.fieldErrors ?? {});
      setFormError(r.error);
      toast.error(r.error);
      return null;
    }
    setErrors({});
    toast.success(r.message ?? "Saved.");
    return r.data;
  }
  return { pending, errors, setErrors, formError, submit };
}

export function CreateApiKeyButton() {
  const [open, setOpen] = React.useState(false);
  const [issued, setIssued] = React.useState<Issued | null>(null);
  const [name, setName] = React.useState("");
  const [description, setDescription] = React.useState("");
  const [expires, setExpires] = React.useState(() => daysFromNow(30));
  const { pending, errors, setErrors, formError, submit } = useSubmit(() => {
    const expiresAt = endOfDayIso(expires);
    if (!expiresAt) return Promise.resolve({ ok: false as const, error: "Choose an expiry date.", fieldErrors: { expiresAt: "Choose the day the key stops working" } });
    return createApiKeyAction({ name, description, expiresAt });
  });

  function reset() {
    setIssued(null);
    setName("");
    setDescription("");
    setExpires(daysFromNow(30));
    setErrors({});
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <Plus /> Create API key
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{issued ? "Your new API key" : "Create API key"}</DialogTitle>
          <DialogDescription>{issued ? "Scripts send it to act as you." : "A key acts as you in the REST API until it expires or you revoke it."}</DialogDescription>
        </DialogHeader>
        {issued ? (
          <ShowToken issued={issued} onClose={() => setOpen(false)} />
        ) : (
          <form
            className="flex flex-col gap-4"
            noValidate
            onSubmit={async (e) => {
              e.preventDefault();
              const data = await submit();
              if (data) setIssued(data);
            }}
          >
            <Field id="api-key-name" label="Name" error={errors.name} hint="3 to 50 characters, such as Terraform.">
              {(props) => <Input {...props} value={name} autoComplete="off" onChange={(e) => setName(e.target.value)} />}
            </Field>
            <Field id="api-key-description" label="Description (optional)" error={errors.description}>
              {(props) => <Textarea {...props} value={description} onChange={(e) => setDescription(e.target.value)} />}
            </Field>
            <Field id="api-key-expiresAt" label="Expires on" error={errors.expiresAt} hint="The key works until the end of this day.">
              {(props) => <Input {...props} type="date" min={daysFromNow(1)} value={expires} onChange={(e) => setExpires(e.target.value)} />}
            </Field>
            {formError && (
              <p role="alert" className="text-sm text-destructive">
                {formError}
              </p>
            )}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
                {pending ? "Creating…" : "Create"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

/** Pocket ID renews only expired keys: a new key (shown once) with a new expiry. */
export function RenewApiKeyButton({ apiKey }: { apiKey: { id: string; name: string } }) {
  const router = useRouter();
  const [open, setOpen] = React.useState(false);
  const [issued, setIssued] = React.useState<Issued | null>(null);
  const [expires, setExpires] = React.useState(() => daysFromNow(30));
  const { pending, errors, setErrors, formError, submit } = useSubmit(() => {
    const expiresAt = endOfDayIso(expires);
    if (!expiresAt) return Promise.resolve({ ok: false as const, error: "Choose an expiry date.", fieldErrors: { expiresAt: "Choose the day the key stops working" } });
    return renewApiKeyAction(apiKey.id, expiresAt);
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) {
          // The list is refreshed only now: the row (and this dialog with the new key) would go
          // away as soon as the key is no longer expired.
          if (issued) router.refresh();
          setIssued(null);
          setErrors({});
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Renew API key ${apiKey.name}`}>
          <RefreshCw /> <span className="hidden sm:inline">Renew</span>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{issued ? "Your renewed API key" : `Renew "${apiKey.name}"`}</DialogTitle>
          <DialogDescription>{issued ? "The old key stays invalid: scripts need this new one." : "Renewing issues a new key with a new expiry date."}</DialogDescription>
        </DialogHeader>
        {issued ? (
          <ShowToken issued={issued} onClose={() => setOpen(false)} />
        ) : (
          <form
            className="flex flex-col gap-4"
            noValidate
            onSubmit={async (e) => {
              e.preventDefault();
              const data = await submit();
              if (data) setIssued(data);
            }}
          >
            <Field id={`renew-${apiKey.id}-expiresAt`} label="Expires on" error={errors.expiresAt} hint="The new key works until the end of this day.">
              {(props) => <Input {...props} type="date" min={daysFromNow(1)} value={expires} onChange={(e) => setExpires(e.target.value)} />}
            </Field>
            {formError && (
              <p role="alert" className="text-sm text-destructive">
                {formError}
              </p>
            )}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
                {pending ? "Renewing…" : "Renew"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
