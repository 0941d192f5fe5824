"use client";
import { useState } from "react";
import Link from "next/link";
import { CircleCheck, Fingerprint, Globe, Laptop, ShieldAlert, ShieldX, Timer } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { RateLimitNotice, useRetryWait } from "@/components/rate-limit-notice";
import { api, ApiError, passkeyAssertion } from "@/components/api-client";

interface Verification {
  userCode: string;
  device: string;
  ipAddress: string | null;
  country: string | null;
  city: string | null;
  expiresAt: string;
}

type Step = { kind: "enter" } | { kind: "review"; info: Verification } | { kind: "done"; approved: boolean };

const linkClass = "rounded-sm text-sm underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

export function ApproveDeviceLogin({ initialCode, username }: { initialCode: string; username: string }) {
  const [step, setStep] = useState<Step>({ kind: "enter" });
  const [code, setCode] = useState(initialCode);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<null | "check" | "approve" | "deny">(null);
  const { secondsLeft, startWait } = useRetryWait();

  function fail(e: unknown, fallback: string) {
    if (e instanceof ApiError && e.code === "rate_limited") {
      startWait(e.retryAfter);
      setError(null);
      return;
    }
    if (e instanceof ApiError && e.code === "device_login_expired" && step.kind === "review") {
      setStep({ kind: "enter" });
    }
    setError(e instanceof Error ? e.message : fallback);
  }

  async function check() {
    if (!code.replace(/[\s-]/g, "")) return setError("Enter the code shown on the other device.");
    setBusy("check");
    setError(null);
    try {
      const info = await api<Verification>("/api/device-login/verification", { body: { code } });
      setStep({ kind: "review", info });
    } catch (e) {
      fail(e, "The code could not be checked. Try again.");
    } finally {
      setBusy(null);
    }
  }

  async function decide(decision: "approve" | "deny") {
    if (step.kind !== "review") return;
    setBusy(decision);
    setError(null);
    try {
      let assertion: unknown;
      if (decision === "approve") {
        const result = await passkeyAssertion();
        if (!result.ok) {
          setError(result.error);
          return;
        }
        assertion = result.response;
      }
      await api("/api/device-login/verification/decision", { body: { code: step.info.userCode, decision, ...(assertion ? { assertion } : {}) } });
      setStep({ kind: "done", approved: decision === "approve" });
    } catch (e) {
      fail(e, "The decision could not be saved. Try again.");
    } finally {
      setBusy(null);
    }
  }

  if (step.kind === "done") {
    return (
      <>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            {step.approved ? <CircleCheck className="size-5 text-green-600 dark:text-green-500" aria-hidden /> : <ShieldX className="size-5 text-destructive" aria-hidden />}
            {step.approved ? "Sign-in approved" : "Sign-in denied"}
          </CardTitle>
          <CardDescription data-testid="device-login-result">
            {step.approved
              ? `The other device is being signed in as ${username}. You can close this page.`
              : "The other device was not signed in. If you did not start that sign-in yourself, nothing else is needed."}
          </CardDescription>
        </CardHeader>
        <CardFooter>
          <Link href="/settings" className={linkClass}>
            Go to your account
          </Link>
        </CardFooter>
      </>
    );
  }

  if (step.kind === "review") {
    const { info } = step;
    const place = [info.city, info.country].filter(Boolean).join(", ");
    return (
      <>
        <CardHeader>
          <CardTitle>Sign in on another device?</CardTitle>
          <CardDescription>
            A device asks to be signed in as <strong>{username}</strong>. Approve only if you started this sign-in yourself, on a device in front of you.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <dl className="grid grid-cols-[auto_1fr] items-center gap-x-3 gap-y-2 rounded-lg border p-4 text-sm" data-testid="device-login-details">
            <dt className="flex items-center gap-2 text-muted-foreground">
              <Laptop className="size-4" aria-hidden /> Device
            </dt>
            <dd className="font-medium">{info.device}</dd>
            <dt className="flex items-center gap-2 text-muted-foreground">
              <Globe className="size-4" aria-hidden /> IP address
            </dt>
            <dd className="break-all font-medium">
              {info.ipAddress ?? "Unknown"}
              {place ? ` (${place})` : ""}
            </dd>
            <dt className="flex items-center gap-2 text-muted-foreground">
              <Timer className="size-4" aria-hidden /> Code
            </dt>
            <dd className="font-mono font-medium">{`${info.userCode.slice(0, 4)} - ${info.userCode.slice(4)}`}</dd>
          </dl>
          <Alert variant="warning">
            <ShieldAlert />
            <AlertTitle>Did someone send you this code?</AlertTitle>
            <AlertDescription>Then deny it: approving gives that device full access to your account.</AlertDescription>
          </Alert>
          <RateLimitNotice secondsLeft={secondsLeft} />
          {error && (
            <Alert variant="destructive" data-testid="device-login-error">
              <AlertDescription>{error}</AlertDescription>
            </Alert>
          )}
        </CardContent>
        <CardFooter className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="outline" onClick={() => void decide("deny")} disabled={!!busy || secondsLeft > 0} className="w-full sm:w-auto">
            {busy === "deny" ? "Denying…" : "Deny"}
          </Button>
          <Button onClick={() => void decide("approve")} disabled={!!busy || secondsLeft > 0} className="w-full sm:w-auto">
            <Fingerprint aria-hidden /> {busy === "approve" ? "Waiting for your passkey…" : "Approve with passkey"}
          </Button>
        </CardFooter>
      </>
    );
  }

  return (
    <>
      <CardHeader>
        <CardTitle>Approve a sign-in</CardTitle>
        <CardDescription>Enter the code shown on the device you want to sign in on. You are signed in here as {username}.</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void check();
          }}
          className="flex flex-col gap-4"
          noValidate
        >
          <RateLimitNotice secondsLeft={secondsLeft} />
          <div className="flex flex-col gap-2">
            <Label htmlFor="device-code">Code</Label>
            <Input
              id="device-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="one-time-code"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={64}
              placeholder="PXXX - XXXX"
              className="font-mono text-base tracking-widest uppercase"
              aria-invalid={!!error}
              aria-describedby={error ? "device-code-error" : "device-code-hint"}
              autoFocus={!initialCode}
            />
            {error ? (
              <p id="device-code-error" className="text-sm text-destructive" role="alert">
                {error}
              </p>
            ) : (
              <p id="device-code-hint" className="text-xs text-muted-foreground">
                8 characters starting with P; spaces and dashes do not matter.
              </p>
            )}
          </div>
          <Button type="submit" size="lg" disabled={!!busy || secondsLeft > 0} autoFocus={!!initialCode}>
            {busy === "check" ? "Checking…" : "Continue"}
          </Button>
          <Link href="/settings" className={`${linkClass} self-start text-muted-foreground`}>
            Cancel
          </Link>
        </form>
      </CardContent>
    </>
  );
}
