"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { Ban, CircleCheck, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { deleteUserAction, setUserDisabledAction } from "../actions";

/**
 * Enable/disable and delete, both confirmed. On one's own page they are shown but unavailable, with
 * the reason beside them: the server refuses them too (and guards the last admin).
 */
export function UserActions({ user, isSelf, children }: { user: { id: string; username: string; disabled: boolean }; isSelf: boolean; children?: React.ReactNode }) {
  const router = useRouter();
  return (
    <div className="flex flex-col items-start gap-1 sm:items-end">
      <div className="flex flex-wrap gap-2">
        {children}
        {user.disabled ? (
          <ConfirmDialog
            trigger={
              <Button variant="outline">
                <CircleCheck /> Enable
              </Button>
            }
            destructive={false}
            title={`Enable ${user.username}?`}
            description="They can sign in again with their passkeys and use their API keys."
            confirmLabel="Enable user"
            pendingLabel="Enabling…"
            action={() => setUserDisabledAction(user.id, false)}
          />
        ) : (
          <ConfirmDialog
            trigger={
              <Button variant="outline" disabled={isSelf}>
                <Ban /> Disable
              </Button>
            }
            title={`Disable ${user.username}?`}
            description="They are signed out everywhere at once and cannot sign in, nor use their API keys, until an admin enables them again."
            confirmLabel="Disable user"
            pendingLabel="Disabling…"
            action={() => setUserDisabledAction(user.id, true)}
          />
        )}
        <ConfirmDialog
          trigger={
            <Button variant="destructive" disabled={isSelf}>
              <Trash2 /> Delete
            </Button>
          }
          title={`Delete ${user.username}?`}
          description="Their passkeys, sessions, API keys, group memberships and custom claims are deleted with them. This cannot be undone."
          confirmLabel="Delete user"
          pendingLabel="Deleting…"
          action={() => deleteUserAction(user.id, false)}
          onDone={() => router.push("/settings/admin/users")}
        />
      </div>
      {isSelf && <p className="text-xs text-muted-foreground">You cannot disable or delete your own account.</p>}
    </div>
  );
}
