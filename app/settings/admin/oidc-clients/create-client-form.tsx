"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Plus, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Checkbox } from "@/components/ui/checkbox";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { createClientAction, type CreateClientInput } from "./actions";
import { CopyField } from "@/components/copy-field";
import { NativeSelect } from "@/components/ui/native-select";

/** id_token_signed_response_alg choices: RS256 stays the default (every OIDC library supports it). */
const ID_TOKEN_ALGS = [
  ["", "RS256 (default)"],
  ["ES256", "ES256 (ECDSA P-256)"],
  ["EdDSA", "EdDSA (Ed25519)"],
  ["RS384", "RS384"],
  ["RS512", "RS512"],
  ["ES384", "ES384"],
  ["ES512", "ES512"],
] as const;

export function CreateClientForm() {
  const router = useRouter();
  const [callbacks, setCallbacks] = useState<string[]>([""]);
  const [isPublic, setIsPublic] = useState(false);
  const [pkce, setPkce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ id: string; name: string; secret: string | null } | null>(null);

  async function submit(form: FormData): Promise<boolean> {
    setBusy(true);
    setError(null);
    setErrors({});
    const result = await createClientAction({
      name: String(form.get("name") ?? ""),
      callbackURLs: callbacks.map((c) => c.trim()).filter(Boolean),
      isPublic,
      pkceEnabled: isPublic || pkce,
      idTokenSignedResponseAlg: (String(form.get("idTokenSignedResponseAlg") ?? "") || null) as CreateClientInput["idTokenSignedResponseAlg"],
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      setErrors(result.fieldErrors ?? {});
      return false;
    }
    setCreated(result.data);
    setCallbacks([""]);
    setIsPublic(false);
    setPkce(false);
    router.refresh();
    return true;
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Add OIDC client</CardTitle>
        <CardDescription>Register an application. Its callback URL must match what the app sends exactly.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {created && (
          <Alert data-testid="client-created">
            <AlertTitle>{created.name} was created</AlertTitle>
            <AlertDescription className="flex flex-col gap-3 pt-2">
              <CopyField label="Client ID" value={created.id} testId="created-client-id" />
              {created.secret && (
                <>
                  <CopyField label="Client secret" value={created.secret} testId="created-client-secret" />
                  <p className="flex items-center gap-2 text-amber-700 dark:text-amber-400">
                    <TriangleAlert className="size-4" /> Copy the secret now: it is stored hashed and cannot be shown again.
                  </p>
                </>
              )}
            </AlertDescription>
          </Alert>
        )}
        {error && (
          <Alert variant="destructive">
            <AlertDescription>{error}</AlertDescription>
          </Alert>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            void submit(new FormData(form)).then((ok) => ok && form.reset());
          }}
          className="flex flex-col gap-4"
          noValidate
        >
          <div className="flex flex-col gap-2">
            <Label htmlFor="client-name">Name</Label>
            <Input id="client-name" name="name" placeholder="e.g. Grafana" aria-invalid={!!errors.name} aria-describedby={errors.name ? "client-name-error" : undefined} />
            {errors.name && <p id="client-name-error" className="text-sm text-destructive">{errors.name}</p>}
          </div>
          <div className="flex flex-col gap-2">
            <Label>Callback URLs</Label>
            {callbacks.map((value, i) => (
              <div key={i} className="flex flex-col gap-1">
                <Input
                  aria-label={`Callback URL ${i + 1}`}
                  value={value}
                  placeholder="https://app.example.com/oauth/callback"
                  aria-invalid={!!errors[`callbackURLs.${i}`]}
                  aria-describedby={errors[`callbackURLs.${i}`] ? `callback-${i}-error` : undefined}
                  onChange={(e) => setCallbacks(callbacks.map((c, j) => (j === i ? e.target.value : c)))}
                />
                {errors[`callbackURLs.${i}`] && <p id={`callback-${i}-error`} className="text-sm text-destructive">{errors[`callbackURLs.${i}`]}</p>}
              </div>
            ))}
            {errors.callbackURLs && <p className="text-sm text-destructive">{errors.callbackURLs}</p>}
            <Button type="button" variant="ghost" size="sm" className="self-start" onClick={() => setCallbacks([...callbacks, ""])}>
              <Plus /> Add another
            </Button>
          </div>
          <div className="flex items-start gap-3">
            <Checkbox id="client-public" checked={isPublic} onCheckedChange={(v) => setIsPublic(v === true)} />
            <div className="grid gap-1">
              <Label htmlFor="client-public">Public client</Label>
              <p className="text-xs text-muted-foreground">For apps that cannot keep a secret (single-page and mobile apps). Requires PKCE.</p>
            </div>
          </div>
          <div className="flex items-start gap-3">
            <Checkbox id="client-pkce" checked={isPublic || pkce} disabled={isPublic} onCheckedChange={(v) => setPkce(v === true)} />
            <div className="grid gap-1">
              <Label htmlFor="client-pkce">PKCE</Label>
              <p className="text-xs text-muted-foreground">Require a code challenge on every authorization request.</p>
            </div>
          </div>
          <div className="flex flex-col gap-2">
            <Label htmlFor="client-id-token-alg">ID token signature algorithm</Label>
            <NativeSelect
              id="client-id-token-alg"
              name="idTokenSignedResponseAlg"
              defaultValue=""
              aria-describedby={errors.idTokenSignedResponseAlg ? "client-id-token-alg-error" : "client-id-token-alg-hint"}
              aria-invalid={!!errors.idTokenSignedResponseAlg}
            >
              {ID_TOKEN_ALGS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </NativeSelect>
            <p id="client-id-token-alg-hint" className="text-xs text-muted-foreground">
              Keep RS256 unless the app asks for another algorithm: every OpenID Connect library supports it.
            </p>
            {errors.idTokenSignedResponseAlg && <p id="client-id-token-alg-error" className="text-sm text-destructive">{errors.idTokenSignedResponseAlg}</p>}
          </div>
          <Button type="submit" disabled={busy} className="self-start">
            {busy ? "Creating…" : "Create client"}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
