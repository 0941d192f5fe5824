import type { Metadata } from "next";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { listClients } from "@/lib/services/oidc-clients";
import { env } from "@/lib/config/env";
import { CreateClientForm } from "./create-client-form";
import { CopyField } from "@/components/copy-field";

export const metadata: Metadata = { title: "OIDC Clients" };

export default async function OidcClientsPage() {
  await requirePageAdmin("/settings/admin/oidc-clients");
  const clients = await listClients();
  const { appUrl, internalAppUrl } = env();
  const endpoints = [
    ["Issuer", appUrl],
    ["Discovery URL", `${appUrl}/.well-known/openid-configuration`],
    ["Authorization URL", `${appUrl}/authorize`],
    ["Token URL", `${internalAppUrl}/api/oidc/token`],
    ["Userinfo URL", `${internalAppUrl}/api/oidc/userinfo`],
    ["Certificate URL (JWKS)", `${internalAppUrl}/.well-known/jwks.json`],
    ["Logout URL", `${appUrl}/api/oidc/end-session`],
  ];
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">OIDC Clients</h1>
      <CreateClientForm />
      <Card>
        <CardHeader>
          <CardTitle>Clients</CardTitle>
          <CardDescription>Applications that may sign users in with this Pocket ID.</CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="divide-y" data-testid="client-list">
            {clients.map((c) => (
              <li key={c.id} className="flex flex-col gap-1 py-3">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="break-words font-medium">{c.name}</span>
                  {c.isPublic && <Badge>Public</Badge>}
                  {c.pkceEnabled && <Badge>PKCE</Badge>}
                  {c.idTokenSignedResponseAlg && <Badge>ID token {c.idTokenSignedResponseAlg}</Badge>}
                </div>
                <div className="break-all font-mono text-xs text-muted-foreground">{c.id}</div>
                <div className="break-all text-xs text-muted-foreground">{c.callbackURLs.join(", ") || "No callback URLs"}</div>
              </li>
            ))}
            {clients.length === 0 && <li className="py-3 text-sm text-muted-foreground">No clients yet.</li>}
          </ul>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Endpoints</CardTitle>
          <CardDescription>What an application needs to talk to this provider. Most only need the issuer or discovery URL.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          {endpoints.map(([label, value]) => (
            <CopyField key={label} label={label} value={value} />
          ))}
        </CardContent>
      </Card>
    </div>
  );
}
