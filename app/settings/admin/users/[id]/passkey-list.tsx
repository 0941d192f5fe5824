"use client";
import { KeyRound, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { revokeUserPasskeyAction } from "./claims-actions";

function when(d: Date | string | null) {
  if (!d) return null;
  return new Date(d).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

/** Another user's passkeys, each revocable after a confirmation (audited with the acting admin). */
export function PasskeyList({ userId, username, passkeys }: { userId: string; username: string; passkeys: { id: string; name: string; createdAt: Date | string; lastUsedAt: Date | string | null }[] }) {
  if (passkeys.length === 0) {
    return <p className="text-sm text-muted-foreground">This user has no passkey yet: give them a login code so they can add one.</p>;
  }
  return (
    <ul className="divide-y" data-testid="user-passkeys">
      {passkeys.map((p) => (
        <li key={p.id} className="flex items-center gap-3 py-3">
          <KeyRound className="size-4 shrink-0 text-muted-foreground" aria-hidden />
          <div className="min-w-0 flex-1">
            <div className="break-words text-sm font-medium">{p.name}</div>
            <div className="text-xs text-muted-foreground">
              Added {when(p.createdAt)}
              {p.lastUsedAt ? ` · last used ${when(p.lastUsedAt)}` : " · never used"}
            </div>
          </div>
          <ConfirmDialog
            trigger={
              <Button variant="ghost" size="sm" aria-label={`Revoke passkey ${p.name}`}>
                <Trash2 /> <span className="hidden sm:inline">Revoke</span>
              </Button>
            }
            title={`Revoke the passkey "${p.name}"?`}
            description={
              passkeys.length === 1
                ? `This is ${username}'s only passkey: they cannot sign in again until they add a new one with a login code.`
                : `${username} can no longer sign in with it. Their other passkeys keep working.`
            }
            confirmLabel="Revoke passkey"
            pendingLabel="Revoking…"
            action={() => revokeUserPasskeyAction(userId, p.id)}
          />
        </li>
      ))}
    </ul>
  );
}
