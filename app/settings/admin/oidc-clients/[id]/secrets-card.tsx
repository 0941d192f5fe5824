"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { KeyRound, Plus, Trash2, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import { CopyField } from "@/components/copy-field";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/data-table/data-table";
import { addSecretAction, deleteSecretAction } from "../actions";

interface Secret {
  id: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  active: boolean;
}

const day = (iso: string) => iso.slice(0, 10);

/** Secrets: prefix, created, expires, active; a new one is shown once in the dialog that made it. */
export function SecretsCard({ clientId, secrets, max, tomorrow }: { clientId: string; secrets: Secret[]; max: number; tomorrow: string }) {
  return (
    <div className="flex flex-col gap-4">
      {secrets.length === 0 ? (
        <EmptyState icon={<KeyRound />} title="No secret yet." description="The app cannot authenticate with a secret until you create one." />
      ) : (
        <ul className="divide-y rounded-md border" data-testid="secret-list">
          {secrets.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3" data-testid="secret-row" data-secret-prefix={s.prefix}>
              <div className="flex min-w-0 flex-col gap-1">
                <div className="flex flex-wrap items-center gap-2">
                  <code className="font-mono text-sm">{s.prefix ? `${s.prefix}••••••••` : "(imported secret)"}</code>
                  {s.active ? <Badge className="font-normal">Active</Badge> : <Badge className="border-destructive/50 font-normal text-destructive">Expired</Badge>}
                </div>
                <span className="text-xs text-muted-foreground">
                  Created {day(s.createdAt)} · {s.expiresAt ? `${s.active ? "expires" : "expired"} ${day(s.expiresAt)}` : "never expires"}
                </span>
              </div>
              <ConfirmDialog
                trigger={
                  <Button variant="ghost" size="icon" aria-label={`Delete secret ${s.prefix}`}>
                    <Trash2 aria-hidden />
                  </Button>
                }
                title={`Delete secret ${s.prefix}…?`}
                description="An app still using it can no longer get tokens. Make sure it uses another secret first."
                confirmLabel="Delete secret"
                pendingLabel="Deleting…"
                action={() => deleteSecretAction(clientId, s.id)}
              />
            </li>
          ))}
        </ul>
      )}
      {secrets.length >= max ? (
        <p className="text-sm text-muted-foreground">This client has {max} secrets, the most it can have: delete an old one to add another.</p>
      ) : (
        <NewSecretDialog clientId={clientId} tomorrow={tomorrow} />
      )}
    </div>
  );
}

function NewSecretDialog({ clientId, tomorrow }: { clientId: string; tomorrow: string }) {
  const router = useRouter();
  const [open, setOpen] = React.useState(false);
  const [expires, setExpires] = React.useState("");
  const [pending, setPending] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const [secret, setSecret] = React.useState<string | null>(null);

  function close() {
    setOpen(false);
    // The list shows the new secret once the value is out of sight.
    if (secret) router.refresh();
    setSecret(null);
    setExpires("");
    setError(null);
  }

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    let r: Awaited<ReturnType<typeof addSecretAction>>;
    try {
      // End of the chosen day, UTC: "expires 2026-12-31" works all of that day.
      r = await addSecretAction(clientId, { expiresAt: expires ? new Date(`${expires}T23:59:59Z`).toISOString() : null });
    } catch {
      r = { ok: false, error: "The server could not be reached. Check your connection and try again." };
    }
    setPending(false);
    if (!r.ok) {
      setError(r.fieldErrors?.expiresAt ?? r.error);
      toast.error(r.error);
      return;
    }
    setSecret(r.data.secret);
    toast.success("Secret created. Copy it now.");
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (pending) return;
        if (o) setOpen(true);
        else close();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" className="self-start">
          <Plus aria-hidden /> New secret
        </Button>
      </DialogTrigger>
      <DialogContent>
        {secret ? (
          <>
            <DialogHeader>
              <DialogTitle>Copy the new secret</DialogTitle>
              <DialogDescription>It is stored hashed: once this dialog is closed, nobody can see it again.</DialogDescription>
            </DialogHeader>
            <CopyField label="Client secret" value={secret} testId="new-client-secret" />
            <p className="flex items-center gap-2 text-sm text-amber-700 dark:text-amber-400">
              <TriangleAlert className="size-4 shrink-0" aria-hidden /> Put it into the app, then delete the secret it used before.
            </p>
            <DialogFooter>
              <Button onClick={close}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={create} className="flex flex-col gap-4" noValidate>
            <DialogHeader>
              <DialogTitle>New client secret</DialogTitle>
              <DialogDescription>A random 32-character secret. The value is shown once, right after you create it.</DialogDescription>
            </DialogHeader>
            <Field id="secret-expires" label="Expires on (optional)" error={error} hint="Leave empty for a secret that never expires.">
              {(props) => <Input {...props} type="date" min={tomorrow} value={expires} onChange={(e) => setExpires(e.target.value)} />}
            </Field>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={close} disabled={pending}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
                {pending ? "Creating…" : "Create secret"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
