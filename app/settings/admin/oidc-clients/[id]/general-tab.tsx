import { Info } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { CopyField } from "@/components/copy-field";
import { clientEndpoints } from "@/lib/services/oidc-clients/client-endpoints";
import type { ClientTabContext } from "./tabs";
import { EditClientForm } from "./edit-client-form";
import { RefreshMetadataButton } from "./refresh-metadata-button";
import { ClientLogos } from "./client-logos";

/** General (inventory §6.3): every field of §2.18, the client ID, and the endpoints to copy. */
export function GeneralTab({ client, allowInsecure }: ClientTabContext) {
  const cimd = client.clientType === "cimd";
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Client</CardTitle>
          <CardDescription>What the app needs to identify itself. The client ID never changes.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <CopyField label="Client ID" value={client.id} testId="client-id" />
          {client.pkceSupported && !client.pkceEnabled && (
            <Alert data-testid="pkce-supported-hint">
              <Info aria-hidden />
              <AlertDescription>This app already sends PKCE with its requests: you can turn on PKCE below to require it.</AlertDescription>
            </Alert>
          )}
          {cimd && (
            <>
              <Alert data-testid="cimd-notice">
                <Info aria-hidden />
                <AlertDescription>
                  This client registered itself with its metadata document (CIMD): its name, callback URLs, logout URLs and type come from that document
                  {client.metadataExpiresAt ? ` and are fetched again after ${client.metadataExpiresAt.replace("T", " ").slice(0, 16)} UTC` : ""}. The other settings are yours.
                </AlertDescription>
              </Alert>
              <RefreshMetadataButton clientId={client.id} />
            </>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Logo</CardTitle>
          <CardDescription>Shown on the consent page, in My Apps and in this list. Each change is saved at once.</CardDescription>
        </CardHeader>
        <CardContent>
          <ClientLogos clientId={client.id} hasLogo={client.hasLogo} hasDarkLogo={client.hasDarkLogo} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Settings</CardTitle>
          <CardDescription>Changes apply to the next sign-in; tokens already issued keep their lifetime.</CardDescription>
        </CardHeader>
        <CardContent>
          <EditClientForm client={client} allowInsecure={allowInsecure} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Endpoints</CardTitle>
          <CardDescription>From this provider&apos;s discovery document. Most apps only need the issuer or the discovery URL.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3" data-testid="client-endpoints">
          {clientEndpoints().map(({ label, value }) => (
            <CopyField key={label} label={label} value={value} />
          ))}
        </CardContent>
      </Card>
    </div>
  );
}
