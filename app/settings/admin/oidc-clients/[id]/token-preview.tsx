"use client";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { EntityPicker, type PickerOption } from "@/components/pickers/entity-picker";
import { searchUsersAction } from "@/app/settings/admin/picker-actions";
import type { ClientTokenPreview } from "@/lib/services/oidc-clients/preview-client-tokens";
import { previewTokensAction } from "./claims-actions";

const SCOPES = ["openid", "profile", "email", "groups", "offline_access"] as const;

function JsonDocument({ id, title, description, value }: { id: string; title: string; description: string; value: Record<string, unknown> | null }) {
  return (
    <Card className="min-w-0">
      <CardHeader>
        <CardTitle id={`${id}-title`}>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>
        {value ? (
          <pre aria-labelledby={`${id}-title`} data-testid={id} tabIndex={0} className="max-h-[32rem] overflow-auto whitespace-pre-wrap rounded-md bg-muted p-3 font-mono text-xs leading-relaxed [overflow-wrap:anywhere] focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
            {JSON.stringify(value, null, 2)}
          </pre>
        ) : (
          <p data-testid={id} className="text-sm text-muted-foreground">
            Not issued: add the openid scope.
          </p>
        )}
      </CardContent>
    </Card>
  );
}

/**
 * The "OIDC data preview" tab (inventory §6.3): pick a user and scopes, see the decoded ID token,
 * access token and userinfo this client would get, with its claim mapping applied. Reads only.
 */
export function TokenPreview({ clientId }: { clientId: string }) {
  const [user, setUser] = React.useState<PickerOption[]>([]);
  const [scopes, setScopes] = React.useState<string[]>(["openid", "profile", "email", "groups"]);
  const [result, setResult] = React.useState<ClientTokenPreview | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [pending, startTransition] = React.useTransition();

  const run = () => {
    if (!user.length) {
      setError("Choose a user first.");
      return;
    }
    startTransition(async () => {
      const res = await previewTokensAction(clientId, user[0].id, scopes.join(" "));
      if (res.ok) {
        setResult(res.data);
        setError(null);
      } else {
        setResult(null);
        setError(res.error);
      }
    });
  };

  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader>
          <CardTitle>OIDC data preview</CardTitle>
          <CardDescription>
            What a user would receive from this client if they signed in now with a passkey, built by the same code as real tokens. Nothing is signed, stored or logged.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <EntityPicker id="preview-user" label="User" noun="user" value={user} onChange={(v) => setUser(v.slice(-1))} search={searchUsersAction} placeholder="Search users by name or email…" />
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-2 text-sm font-medium">Scopes</legend>
            <div className="flex flex-wrap gap-x-5 gap-y-2">
              {SCOPES.map((s) => (
                <label key={s} className="flex items-center gap-2 text-sm">
                  <Checkbox checked={scopes.includes(s)} onCheckedChange={(c) => setScopes(c ? [...scopes, s].sort((a, b) => SCOPES.indexOf(a as never) - SCOPES.indexOf(b as never)) : scopes.filter((x) => x !== s))} />
                  <code>{s}</code>
                </label>
              ))}
            </div>
          </fieldset>
          {error && (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          )}
          <Button type="button" className="self-start" onClick={run} disabled={pending}>
            {pending ? "Building the preview…" : "Show the tokens"}
          </Button>
        </CardContent>
      </Card>
      {result && (
        <section aria-label="Preview result" className="flex flex-col gap-4">
          {result.warnings.map((w) => (
            <p key={w} role="status" className="rounded-md border border-amber-500/50 bg-amber-500/10 p-3 text-sm">
              {w}
            </p>
          ))}
          <div className="grid gap-4 2xl:grid-cols-3">
            <JsonDocument id="preview-id-token" title="ID token" description="The decoded payload the app validates." value={result.idToken} />
            <JsonDocument id="preview-userinfo" title="Userinfo" description="What the userinfo endpoint answers for the access token." value={result.userInfo} />
            <JsonDocument id="preview-access-token" title="Access token" description="The decoded RFC 9068 access token payload." value={result.accessToken} />
          </div>
        </section>
      )}
    </div>
  );
}
