"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useAppName } from "@/components/app-name";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { api, ApiError, registerPasskey } from "@/components/api-client";
import { PasskeyButton } from "@/components/passkey-button";

const FIELDS = [
  { name: "firstName", label: "First name", autoComplete: "given-name" },
  { name: "lastName", label: "Last name", autoComplete: "family-name" },
  { name: "username", label: "Username", autoComplete: "username" },
  { name: "email", label: "Email", autoComplete: "email", type: "email" },
] as const;

export function SetupForm({ initialStep }: { initialStep: "account" | "passkey" }) {
  const appName = useAppName();
  const router = useRouter();
  const [step, setStep] = useState(initialStep);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function createAdmin(form: FormData) {
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      await api("/api/signup/setup", { body: Object.fromEntries(FIELDS.map((f) => [f.name, String(form.get(f.name) ?? "")])) });
      setStep("passkey");
      router.replace("/setup?step=passkey");
    } catch (e) {
      if (e instanceof ApiError && e.details) {
        setErrors(e.details);
        setError("Check the highlighted fields.");
      } else {
        setError(e instanceof Error ? e.message : "Setup did not complete. Try again.");
      }
    } finally {
      setBusy(false);
    }
  }

  async function addPasskey() {
    setBusy(true);
    setError(null);
    const result = await registerPasskey();
    if (!result.ok) {
      setBusy(false);
      return setError(result.error);
    }
    // Stays "waiting" until the account page replaces this one.
    router.push("/settings/account");
    router.refresh();
  }

  if (step === "passkey") {
    return (
      <Card>
        <CardHeader>
          <CardTitle>Set up your passkey</CardTitle>
          <CardDescription>
            Your admin account is ready. Add a passkey now: it is how you will sign in from now on, and there is no password to fall back on.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {error && (
            <Alert variant="destructive" data-testid="passkey-error">
              <AlertDescription>{error}</AlertDescription>
            </Alert>
          )}
          <PasskeyButton size="lg" busy={busy} label="Add passkey" onClick={addPasskey} className="h-auto min-h-11 whitespace-normal" />
        </CardContent>
      </Card>
    );
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Welcome to {appName}</CardTitle>
        <CardDescription>Create the first administrator account. You will add a passkey in the next step.</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          // onSubmit, not action=: React resets an action form, which would wipe the fields on an error.
          onSubmit={(e) => {
            e.preventDefault();
            void createAdmin(new FormData(e.currentTarget));
          }}
          className="flex flex-col gap-4"
          noValidate
        >
          {error && (
            <Alert variant="destructive">
              <AlertDescription>{error}</AlertDescription>
            </Alert>
          )}
          {FIELDS.map((f) => (
            <div key={f.name} className="flex flex-col gap-2">
              <Label htmlFor={f.name}>{f.label}</Label>
              <Input
                id={f.name}
                name={f.name}
                type={"type" in f ? f.type : "text"}
                autoComplete={f.autoComplete}
                aria-invalid={!!errors[f.name]}
                aria-describedby={errors[f.name] ? `${f.name}-error` : undefined}
              />
              {errors[f.name] && (
                <p id={`${f.name}-error`} className="text-sm text-destructive">
                  {errors[f.name]}
                </p>
              )}
            </div>
          ))}
          <Button type="submit" disabled={busy} size="lg">
            {busy ? "Creating your account…" : "Create admin account"}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
