"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { api, ApiError } from "@/components/api-client";
import { RateLimitNotice, useRetryWait } from "@/components/rate-limit-notice";

export function LoginCodeForm({ initialCode, next, signedInAs }: { initialCode: string; next: string; signedInAs: string | null }) {
  const [code, setCode] = useState(initialCode);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { secondsLeft, startWait } = useRetryWait();

  async function submit() {
    const typed = code.replace(/[\s-]/g, "");
    if (!typed) {
      setError("Enter the login code.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api(`/api/one-time-access-token/${encodeURIComponent(typed)}`, { body: {} });
      // Full navigation: the new session cookie must reach every server component.
      window.location.assign(next);
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.code === "rate_limited") {
        startWait(e.retryAfter);
        setError(null);
        return;
      }
      setError(e instanceof Error ? e.message : "Signing in did not work. Try again.");
    }
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      className="flex flex-col gap-4"
      noValidate
    >
      {signedInAs && (
        <Alert>
          <AlertDescription>
            You are signed in as <strong>{signedInAs}</strong> in this browser. Signing in with a code ends that session and signs you in as
            the code&apos;s user.
          </AlertDescription>
        </Alert>
      )}
      <RateLimitNotice secondsLeft={secondsLeft} />
      <div className="flex flex-col gap-2">
        <Label htmlFor="login-code">Login code</Label>
        <Input
          id="login-code"
          name="code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode="text"
          maxLength={64}
          className="font-mono text-base tracking-widest uppercase"
          aria-invalid={!!error}
          aria-describedby={error ? "login-code-error" : "login-code-hint"}
          autoFocus={!initialCode}
        />
        {error ? (
          <p id="login-code-error" className="text-sm text-destructive" role="alert">
            {error}
          </p>
        ) : (
          <p id="login-code-hint" className="text-xs text-muted-foreground">
            6 or 12 characters; upper or lower case both work.
          </p>
        )}
      </div>
      <Button type="submit" size="lg" disabled={busy || secondsLeft > 0} autoFocus={!!initialCode}>
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
