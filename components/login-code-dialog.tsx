"use client";
import { useState } from "react";
import { RectangleEllipsis } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { CopyField } from "@/components/copy-field";
import { QrCode } from "@/components/qr-code";
import { createLoginCodeAction, type CreateLoginCodeResult } from "@/app/settings/admin/users/login-code-action";

// inventory §5.4: the admin chooses 1 h / 12 h / 1 day / 1 week.
const PRESETS = [
  { label: "1 hour", seconds: 3600 },
  { label: "12 hours", seconds: 12 * 3600 },
  { label: "1 day", seconds: 24 * 3600 },
  { label: "1 week", seconds: 7 * 24 * 3600 },
] as const;

type Issued = Extract<CreateLoginCodeResult, { ok: true }>["data"];

/**
 * "Login code" for a user's admin page: pick a validity, get the code, its link and a QR code,
 * shown once. For 7b's /settings/admin/users/[id]: `<LoginCodeDialog userId={user.id} username={user.username} />`.
 */
export function LoginCodeDialog({ userId, username, disabled }: { userId: string; username: string; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const [ttl, setTtl] = useState<number>(PRESETS[0].seconds);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function create() {
    setBusy(true);
    setError(null);
    const result = await createLoginCodeAction(userId, ttl).catch(() => ({ ok: false as const, error: "The server could not be reached. Try again." }));
    setBusy(false);
    if (result.ok) setIssued(result.data);
    else setError(result.error);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setIssued(null);
          setError(null);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" disabled={disabled}>
          <RectangleEllipsis aria-hidden /> Login code
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Login code for {username}</DialogTitle>
          <DialogDescription>
            {issued
              ? "Give this code or link to the user privately: whoever has it can sign in as them, once. It is shown only now."
              : "A single-use code that signs the user in without a passkey, so they can add a new one. It is recorded in their audit log."}
          </DialogDescription>
        </DialogHeader>
        {error && (
          <Alert variant="destructive">
            <AlertDescription>{error}</AlertDescription>
          </Alert>
        )}
        {issued ? (
          <div className="flex flex-col items-center gap-4" data-testid="login-code-result">
            <QrCode size={issued.qr.size} path={issued.qr.path} label={`QR code of the sign-in link for ${username}`} className="size-48 rounded-md border" />
            <div className="flex w-full min-w-0 flex-col gap-3">
              <CopyField label="Code" value={issued.code} testId="login-code" />
              <CopyField label="Link" value={issued.url} testId="login-code-url" />
              <p className="text-xs text-muted-foreground">Valid until {new Date(issued.expiresAt).toLocaleString()}.</p>
            </div>
          </div>
        ) : (
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-2 text-sm font-medium">Valid for</legend>
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
              {PRESETS.map((p) => (
                <label
                  key={p.seconds}
                  className="flex cursor-pointer items-center justify-center rounded-md border px-3 py-2 text-sm has-[:checked]:border-primary has-[:checked]:bg-accent has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring"
                >
                  <input type="radio" name="ttl" value={p.seconds} checked={ttl === p.seconds} onChange={() => setTtl(p.seconds)} className="sr-only" />
                  {p.label}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <DialogFooter>
          {issued ? (
            <Button onClick={() => setOpen(false)}>Done</Button>
          ) : (
            <Button onClick={() => void create()} disabled={busy}>
              {busy ? "Creating…" : "Create login code"}
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
