"use client";
import { useState } from "react";
import { KeyRound } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Alert, AlertDescription } from "@/components/ui/alert";
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
        <Alert variant="destructive">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      )}
      <Button size="lg" onClick={run} disabled={busy}>
        <KeyRound /> {busy ? "Waiting for your passkey..." : label}
      </Button>
    </div>
  );
}
