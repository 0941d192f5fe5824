"use client";
import { Ban } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { revokeAppAction } from "./actions";

export function RevokeAppButton({ app }: { app: { id: string; name: string } }) {
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" size="sm" aria-label={`Revoke access for ${app.name}`}>
          <Ban /> Revoke
        </Button>
      }
      title={`Revoke access for ${app.name}?`}
      description={`${app.name} is signed out of your account: its tokens stop working now, and it has to ask for your consent again the next time you sign in to it.`}
      confirmLabel="Revoke access"
      pendingLabel="Revoking…"
      action={() => revokeAppAction(app.id)}
    />
  );
}
