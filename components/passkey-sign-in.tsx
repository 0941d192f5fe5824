"use client";
import { useEffect, useRef, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PasskeyButton } from "@/components/passkey-button";
import { signInWithPasskey, signInWithPasskeyAutofill, supportsPasskeyAutofill } from "@/components/api-client";

/** A ceremony lives 60 s on the server: the autofill request is renewed before its row expires. */
const AUTOFILL_RENEW_MS = 50_000;

/**
 * The passkey button: a usernameless (discoverable credential) sign-in, then a full navigation.
 * Where the browser supports it, an optional username field also offers the passkeys in its
 * autofill (conditional mediation, beyond Pocket ID #1376); the button stays for everyone else.
 */
export function PasskeySignIn({ next, label = "Sign in with passkey", autofill = false }: { next: string; label?: string; autofill?: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [autofillReady, setAutofillReady] = useState(false);
  const [autofillRound, setAutofillRound] = useState(0);
  const busyRef = useRef(false);

  async function run() {
    busyRef.current = true;
    setBusy(true);
    setError(null);
    const result = await signInWithPasskey();
    if (result.ok) {
      window.location.assign(next);
      return;
    }
    busyRef.current = false;
    setBusy(false);
    setError(result.error);
    // The button's ceremony aborted the autofill request: offer autofill again.
    setAutofillRound((n) => n + 1);
  }

  useEffect(() => {
    if (!autofill) return;
    let cancelled = false;
    supportsPasskeyAutofill().then((ok) => {
      if (!cancelled && ok) setAutofillReady(true);
    });
    return () => {
      cancelled = true;
    };
  }, [autofill]);

  useEffect(() => {
    // Not while the button's ceremony runs: it would abort this one at once; the button's end re-arms it.
    if (!autofillReady || busyRef.current) return;
    let stopped = false;
    signInWithPasskeyAutofill().then((result) => {
      if (stopped || busyRef.current) return;
      if (result.ok) {
        window.location.assign(next);
        return;
      }
      if (!result.aborted) {
        setError(result.error);
        setAutofillRound((n) => n + 1);
      }
    });
    // Renew before the server's ceremony row expires, unless the button's ceremony is running.
    const timer = setTimeout(() => {
      if (!busyRef.current) setAutofillRound((n) => n + 1);
    }, AUTOFILL_RENEW_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [autofillReady, autofillRound, next]);

  return (
    <div className="flex flex-col gap-4">
      {error && (
        <Alert variant="destructive" data-testid="passkey-error">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      )}
      {autofillReady && (
        <form
          className="flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (!busyRef.current) run();
          }}
        >
          <Label htmlFor="passkey-username">Username</Label>
          <Input id="passkey-username" name="username" autoComplete="username webauthn" aria-describedby="passkey-username-hint" data-testid="passkey-autofill" />
          <p id="passkey-username-hint" className="text-xs text-muted-foreground">
            Optional: pick your passkey from the suggestions of this field, or use the button below.
          </p>
        </form>
      )}
      <PasskeyButton size="lg" busy={busy} label={label} onClick={run} className="h-auto min-h-11 whitespace-normal" />
    </div>
  );
}
