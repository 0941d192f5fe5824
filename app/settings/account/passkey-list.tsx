"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { KeyRound, Pencil, Trash2, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Badge } from "@/components/ui/badge";
import { api, ApiError } from "@/components/api-client";
import type { PasskeyDto } from "@/lib/services/passkeys/passkey-dto";
import { Modal } from "./modal";
import { formatWhen } from "./format";

const TRANSPORT_NAMES: Record<string, string> = {
  internal: "this device",
  hybrid: "phone (QR)",
  usb: "USB",
  nfc: "NFC",
  ble: "Bluetooth",
  "smart-card": "smart card",
  cable: "phone (QR)",
};

/** The provider's icon from the AAGUID list, light and dark variants; a key icon otherwise. */
function ProviderIcon({ passkey }: { passkey: PasskeyDto }) {
  const p = passkey.provider;
  if (!p?.iconLight) return <KeyRound className="size-6 shrink-0 text-muted-foreground" aria-hidden />;
  return (
    <span className="size-6 shrink-0" aria-hidden>
      {/* eslint-disable-next-line @next/next/no-img-element -- data: URI from the bundled list */}
      <img src={p.iconLight} alt="" width={24} height={24} className="size-6 object-contain dark:hidden" />
      {/* eslint-disable-next-line @next/next/no-img-element -- data: URI from the bundled list */}
      <img src={p.iconDark ?? p.iconLight} alt="" width={24} height={24} className="hidden size-6 object-contain dark:block" />
    </span>
  );
}

/** Synced or device-bound (peer-anchors §4a: BE is fixed at registration, BS can change). */
function SyncBadge({ passkey }: { passkey: PasskeyDto }) {
  if (passkey.backupState) return <Badge className="border-emerald-600/40 text-emerald-700 dark:text-emerald-400">Synced</Badge>;
  if (passkey.backupEligible) return <Badge>Can sync, not backed up yet</Badge>;
  return <Badge>This device only</Badge>;
}

export function PasskeyList({ passkeys }: { passkeys: PasskeyDto[] }) {
  const [renaming, setRenaming] = useState<PasskeyDto | null>(null);
  const [deleting, setDeleting] = useState<PasskeyDto | null>(null);
  if (passkeys.length === 0) return <p className="py-3 text-sm text-muted-foreground">No passkeys yet.</p>;
  return (
    <>
      <ul className="divide-y" data-testid="passkey-list">
        {passkeys.map((p) => {
          const transports = p.transports.map((t) => TRANSPORT_NAMES[t] ?? t);
          return (
            <li key={p.id} className="flex flex-col gap-3 py-4 sm:flex-row sm:items-start" data-testid="passkey-item">
              <div className="flex min-w-0 flex-1 gap-3">
                <ProviderIcon passkey={p} />
                <div className="flex min-w-0 flex-col gap-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="break-words text-sm font-medium" data-testid="passkey-name">
                      {p.name}
                    </span>
                    <SyncBadge passkey={p} />
                  </div>
                  {p.provider && p.provider.name !== p.name && <span className="text-xs text-muted-foreground">{p.provider.name}</span>}
                  <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-muted-foreground">
                    <dt>Added</dt>
                    <dd>{formatWhen(p.createdAt)}</dd>
                    <dt>Last used</dt>
                    <dd data-testid="passkey-last-used">{p.lastUsedAt ? formatWhen(p.lastUsedAt) : "Not used to sign in yet"}</dd>
                    {transports.length > 0 && (
                      <>
                        <dt>Connects via</dt>
                        <dd>{Array.from(new Set(transports)).join(", ")}</dd>
                      </>
                    )}
                    <dt>Sign counter</dt>
                    <dd data-testid="passkey-sign-count">{p.signCount === 0 ? "0 (this passkey does not count its uses)" : p.signCount}</dd>
                  </dl>
                </div>
              </div>
              <div className="flex gap-2 sm:shrink-0">
                <Button variant="outline" size="sm" onClick={() => setRenaming(p)} aria-label={`Rename ${p.name}`}>
                  <Pencil /> Rename
                </Button>
                <Button variant="outline" size="sm" onClick={() => setDeleting(p)} aria-label={`Delete ${p.name}`}>
                  <Trash2 /> Delete
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
      {renaming && <RenameDialog passkey={renaming} onClose={() => setRenaming(null)} />}
      {deleting && <DeleteDialog passkey={deleting} last={passkeys.length === 1} onClose={() => setDeleting(null)} />}
    </>
  );
}

function RenameDialog({ passkey, onClose }: { passkey: PasskeyDto; onClose: () => void }) {
  const router = useRouter();
  const [name, setName] = useState(passkey.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    // The same rule the server applies (1-50 characters), said before the round trip.
    if (!trimmed) return setError("Enter a name for the passkey");
    if (trimmed.length > 50) return setError("Use at most 50 characters");
    setBusy(true);
    setError(null);
    try {
      await api(`/api/webauthn/credentials/${encodeURIComponent(passkey.id)}`, { method: "PATCH", body: { name: trimmed } });
      onClose();
      router.refresh();
    } catch (err) {
      setBusy(false);
      setError(err instanceof ApiError ? (err.details?.name ?? err.message) : "The passkey could not be renamed. Try again.");
    }
  }
  return (
    <Modal open onOpenChange={(o) => !o && onClose()} title="Rename passkey" description="Choose a name that tells you which device or app holds this passkey.">
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <div className="flex flex-col gap-2">
          <Label htmlFor="passkey-name">Name</Label>
          <Input
            id="passkey-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={60}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "passkey-name-error" : "passkey-name-hint"}
          />
          {error ? (
            <p id="passkey-name-error" className="text-sm text-destructive" role="alert">
              {error}
            </p>
          ) : (
            <p id="passkey-name-hint" className="text-xs text-muted-foreground">
              1 to 50 characters.
            </p>
          )}
        </div>
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button type="button" variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" aria-busy={busy || undefined} disabled={busy}>
            {busy ? "Saving…" : "Save"}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

function DeleteDialog({ passkey, last, onClose }: { passkey: PasskeyDto; last: boolean; onClose: () => void }) {
  const router = useRouter();
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/webauthn/credentials/${encodeURIComponent(passkey.id)}`, { method: "DELETE" });
      onClose();
      router.refresh();
    } catch (err) {
      setBusy(false);
      setError(err instanceof ApiError ? err.message : "The passkey could not be deleted. Try again.");
    }
  }
  return (
    <Modal
      open
      onOpenChange={(o) => !o && onClose()}
      title={last ? "Delete your only passkey?" : `Delete “${passkey.name}”?`}
      description={
        last
          ? "This is the only passkey on your account. Without a passkey you cannot sign in again once this session ends, unless an administrator gives you a login code."
          : "You will no longer be able to sign in with this passkey. The passkey may stay saved on your device; you can remove it there too."
      }
    >
      {last && (
        <label className="flex items-start gap-2 rounded-md border border-amber-500/50 p-3 text-sm text-amber-800 dark:text-amber-300">
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          <input type="checkbox" className="mt-1 size-4 shrink-0" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="confirm-last-passkey" />
          <span>I understand that I may be locked out of my account.</span>
        </label>
      )}
      {error && (
        <p className="text-sm text-destructive" role="alert">
          {error}
        </p>
      )}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button type="button" variant="outline" onClick={onClose}>
          Cancel
        </Button>
        <Button type="button" variant="destructive" onClick={remove} disabled={busy || (last && !confirmed)} aria-busy={busy || undefined}>
          {busy ? "Deleting…" : "Delete passkey"}
        </Button>
      </div>
    </Modal>
  );
}
