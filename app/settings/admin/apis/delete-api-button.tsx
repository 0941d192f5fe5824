"use client";
import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { deleteApiAction } from "./actions";

export function DeleteApiButton({ api, compact = false, goToList = false }: { api: { id: string; name: string }; compact?: boolean; goToList?: boolean }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={
        compact ? (
          <Button variant="ghost" size="icon" aria-label={`Delete API ${api.name}`}>
            <Trash2 />
          </Button>
        ) : (
          <Button variant="destructive">
            <Trash2 /> Delete
          </Button>
        )
      }
      title={`Delete the API ${api.name}?`}
      description="Its permissions and every app's access to it go with it. Tokens already issued for it keep working until they expire; apps cannot refresh them. This cannot be undone."
      confirmLabel="Delete API"
      pendingLabel="Deleting…"
      action={() => deleteApiAction(api.id, !goToList)}
      onDone={goToList ? () => router.push("/settings/admin/apis") : undefined}
    />
  );
}
