import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listClientSecrets } from "@/lib/services/oidc-clients/list-client-secrets";
import { MAX_SECRETS } from "@/lib/services/oidc-clients/client-secrets";
import type { ClientTabContext } from "./tabs";
import { SecretsCard } from "./secrets-card";
import { FederatedIdentitiesEditor } from "./federated-identities-editor";

/** The earliest expiry the date input offers (the server refuses a past one anyway). */
function tomorrowIso() {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
}

/** Credentials (inventory §2.8, §6.3): client secrets, and federated identities (JWT assertions). */
export async function CredentialsTab({ client }: ClientTabContext) {
  const secrets = client.isPublic ? [] : await listClientSecrets(client.id);
  const tomorrow = tomorrowIso();
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Client secrets</CardTitle>
          <CardDescription>
            {client.isPublic
              ? "A public client has no secrets: it proves itself with PKCE."
              : `Any active secret authenticates the app, so you can add a new one, update the app, then delete the old one. At most ${MAX_SECRETS}.`}
          </CardDescription>
        </CardHeader>
        {!client.isPublic && (
          <CardContent>
            <SecretsCard clientId={client.id} secrets={secrets} max={MAX_SECRETS} tomorrow={tomorrow} />
          </CardContent>
        )}
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Federated identities</CardTitle>
          <CardDescription>
            Let a workload (a CI job, a Kubernetes service account) authenticate as this client with a token its own issuer signed, instead of a secret
            (client_assertion, RFC 7523).
          </CardDescription>
        </CardHeader>
        <CardContent>
          <FederatedIdentitiesEditor clientId={client.id} initial={client.credentials.federatedIdentities} />
        </CardContent>
      </Card>
    </div>
  );
}
