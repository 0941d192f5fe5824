"use client";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { revokeApiKeyAction } from "./actions";

export function RevokeApiKeyButton({ apiKey }: { apiKey: { id: string; name: string } }) {
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" aria-label={`Revoke API key ${apiKey.name}`}>
          <Trash2 /> <span className="hidden sm:inline">Revoke</span>
        </Button>
      }
      title={`Revoke the API key "${apiKey.name}"?`}
      description="Scripts using it are refused from now on. This cannot be undone."
      confirmLabel="Revoke key"
      pendingLabel="Revoking…"
      action={() => revokeApiKeyAction(apiKey.id)}
    />
  );
}
