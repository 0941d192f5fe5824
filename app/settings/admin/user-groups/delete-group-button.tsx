"use client";
import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { deleteGroupAction } from "./actions";

export function DeleteGroupButton({ group, compact = false, goToList = false }: { group: { id: string; friendlyName: string; userCount: number }; compact?: boolean; goToList?: boolean }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={
        compact ? (
          <Button variant="ghost" size="icon" aria-label={`Delete group ${group.friendlyName}`}>
            <Trash2 />
          </Button>
        ) : (
          <Button variant="destructive">
            <Trash2 /> Delete
          </Button>
        )
      }
      title={`Delete the group ${group.friendlyName}?`}
      description={`Its ${group.userCount} ${group.userCount === 1 ? "member stays" : "members stay"} but lose the group, its custom claims and access to apps restricted to it. This cannot be undone.`}
      confirmLabel="Delete group"
      pendingLabel="Deleting…"
      action={() => deleteGroupAction(group.id, !goToList)}
      onDone={goToList ? () => router.push("/settings/admin/user-groups") : undefined}
    />
  );
}
