"use client";
import { useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { PasskeyButton } from "@/components/passkey-button";
import { signInWithPasskey } from "@/components/api-client";

/** The passkey button: a usernameless (discoverable credential) sign-in, then a full navigation. */
export function PasskeySignIn({ next, label = "Sign in with passkey" }: { next: string; label?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    setError(null);
    const result = await signInWithPasskey();
    if (result.ok) {
      window.location.assign(next);
      return;
    }
    setBusy(false);
    setError(result.error);
  }
  return (
    <div className="flex flex-col gap-4">
      {error && (
        <Alert variant="destructive" data-testid="passkey-error">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      )}
      <PasskeyButton size="lg" busy={busy} label={label} onClick={run} className="h-auto min-h-11 whitespace-normal" />
    </div>
  );
}
