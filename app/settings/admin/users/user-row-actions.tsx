"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { Ban, CircleCheck, Ellipsis, Pencil, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { deleteUserAction, setUserDisabledAction } from "./actions";

/** The row's menu: edit, enable/disable, delete (the last two confirmed). Not offered on one's own row. */
export function UserRowActions({ user, isSelf }: { user: { id: string; username: string; disabled: boolean }; isSelf: boolean }) {
  const router = useRouter();
  const [confirm, setConfirm] = React.useState<"disable" | "delete" | null>(null);
  return (
    <>
      <DropdownMenu modal={false}>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={`Actions for ${user.username}`}>
            <Ellipsis />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={() => router.push(`/settings/admin/users/${user.id}`)}>
            <Pencil /> Edit
          </DropdownMenuItem>
          {user.disabled ? (
            <DropdownMenuItem
              onSelect={async () => {
                const r = await setUserDisabledAction(user.id, false);
                if (r.ok) toast.success(r.message ?? "User enabled.");
                else toast.error(r.error);
              }}
            >
              <CircleCheck /> Enable
            </DropdownMenuItem>
          ) : (
            <DropdownMenuItem disabled={isSelf} onSelect={() => setConfirm("disable")}>
              <Ban /> Disable{isSelf ? " (not yourself)" : ""}
            </DropdownMenuItem>
          )}
          <DropdownMenuSeparator />
          <DropdownMenuItem disabled={isSelf} className="text-destructive focus:text-destructive" onSelect={() => setConfirm("delete")}>
            <Trash2 /> Delete{isSelf ? " (not yourself)" : ""}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <ConfirmDialog
        open={confirm === "disable"}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={`Disable ${user.username}?`}
        description="They are signed out everywhere at once and cannot sign in, nor use their API keys, until an admin enables them again."
        confirmLabel="Disable user"
        pendingLabel="Disabling…"
        action={() => setUserDisabledAction(user.id, true)}
      />
      <ConfirmDialog
        open={confirm === "delete"}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={`Delete ${user.username}?`}
        description="Their passkeys, sessions, API keys, group memberships and custom claims are deleted with them. This cannot be undone."
        confirmLabel="Delete user"
        pendingLabel="Deleting…"
        action={() => deleteUserAction(user.id)}
      />
    </>
  );
}
