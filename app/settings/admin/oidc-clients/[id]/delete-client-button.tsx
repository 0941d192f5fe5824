"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { deleteClientAction } from "../actions";

/**
 * Deleting a client ends every sign-in through it (tokens, consents, secrets go with it), so the
 * admin types its name first; then back to the list, where the toast confirms it.
 */
export function DeleteClientButton({ client }: { client: { id: string; name: string } }) {
  const router = useRouter();
  const [typed, setTyped] = React.useState("");
  const matches = typed.trim() === client.name.trim();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" className="text-destructive" onClick={() => setTyped("")}>
          <Trash2 aria-hidden /> Delete client
        </Button>
      }
      title={`Delete ${client.name}?`}
      description={
        <div className="flex flex-col gap-3">
          <p>Users can no longer sign in to this app. Its secrets, tokens, consents and group links are deleted; this cannot be undone.</p>
          <div className="flex flex-col gap-2">
            <Label htmlFor="delete-client-confirm">Type the client&apos;s name to confirm</Label>
            <Input id="delete-client-confirm" value={typed} autoComplete="off" onChange={(e) => setTyped(e.target.value)} placeholder={client.name} />
          </div>
        </div>
      }
      confirmLabel="Delete client"
      pendingLabel="Deleting…"
      successMessage="Client deleted."
      action={async () => (matches ? deleteClientAction(client.id) : { ok: false, error: `Type “${client.name}” exactly to delete this client.` })}
      onDone={() => router.push("/settings/admin/oidc-clients")}
    />
  );
}
