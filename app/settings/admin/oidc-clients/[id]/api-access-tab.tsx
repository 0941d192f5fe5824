import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listClientApis } from "@/lib/services/apis/list-client-apis";
import type { ClientTabContext } from "./tabs";
import { ApiGrants } from "./api-grants";

/** API access (inventory §2.16, §6.3): which APIs this client may get tokens for, and with which permissions. */
export async function ApiAccessTab({ client }: ClientTabContext) {
  const grants = await listClientApis(client.id);
  return (
    <Card>
      <CardHeader>
        <CardTitle>API access</CardTitle>
        <CardDescription>
          User-delegated access: tokens on behalf of a signed-in user (authorization code). Client access: tokens for the app itself (client credentials).
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ApiGrants
          client={{ id: client.id, name: client.name, isPublic: client.isPublic, cimd: client.clientType === "cimd" }}
          grants={grants.map((g) => ({
            api: { id: g.api.id, name: g.api.name, resource: g.api.resource, permissions: g.api.permissions.map((p) => ({ id: p.id, key: p.key, name: p.name })) },
            userDelegatedAccess: g.userDelegatedAccess,
            clientAccess: g.clientAccess,
            userDelegatedPermissionIds: g.userDelegatedPermissionIds,
            clientPermissionIds: g.clientPermissionIds,
            cimdGrantedAccess: g.cimdGrantedAccess,
          }))}
        />
      </CardContent>
    </Card>
  );
}
