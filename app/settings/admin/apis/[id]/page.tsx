import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { getApi } from "@/lib/services/apis/get-api";
import { listApiClients } from "@/lib/services/apis/list-api-clients";
import { AppError } from "@/lib/errors";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DeleteApiButton } from "../delete-api-button";
import { RenameApiForm } from "./rename-api-form";
import { PermissionsEditor } from "./permissions-editor";
import { ClientGrants } from "./client-grants";
import { CimdAccessForm } from "./cimd-access-form";

export const metadata: Metadata = { title: "API" };

async function load(id: string) {
  try {
    return await Promise.all([getApi(id), listApiClients(id)]);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  }
}

export default async function ApiPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageAdmin(`/settings/admin/apis/${encodeURIComponent(id)}`);
  const [api, grants] = await load(id);
  const permissions = api.permissions.map((p) => ({ id: p.id, key: p.key, name: p.name, description: p.description ?? "" }));
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3">
        <Link href="/settings/admin/apis" className="inline-flex w-fit items-center gap-1 rounded text-sm text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
          <ArrowLeft className="size-4" aria-hidden /> APIs
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="flex min-w-0 flex-col gap-1">
            <h1 className="break-words text-2xl font-semibold" data-testid="api-title">
              {api.name}
            </h1>
            <code className="break-all text-sm text-muted-foreground">{api.resource}</code>
          </div>
          <DeleteApiButton goToList api={{ id: api.id, name: api.name }} />
        </div>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>General</CardTitle>
          <CardDescription>Apps name this API with the identifier as their resource parameter; its access tokens carry it as their audience.</CardDescription>
        </CardHeader>
        <CardContent>
          <RenameApiForm id={api.id} initial={{ name: api.name, resource: api.resource }} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Permissions</CardTitle>
          <CardDescription>Each key is a scope apps may request for this API; users see the name and description on the consent screen.</CardDescription>
        </CardHeader>
        <CardContent>
          <PermissionsEditor key={JSON.stringify(permissions)} apiId={api.id} initial={permissions} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Apps that may use this API</CardTitle>
          <CardDescription>
            User-delegated access: the app acts for a signed-in user. Client access: the app acts as itself (client credentials; confidential apps only).
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ClientGrants apiId={api.id} permissions={permissions} grants={grants} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Metadata-document clients</CardTitle>
          <CardDescription>Apps identified by a Client ID Metadata Document URL are not listed above; allow them all here, with the permissions you choose.</CardDescription>
        </CardHeader>
        <CardContent>
          <CimdAccessForm
            key={`${api.allowCimdClients}:${api.permissions.map((p) => `${p.id}${p.allowedForCimdClients}`).join()}`}
            apiId={api.id}
            permissions={permissions}
            initial={{ enabled: api.allowCimdClients, permissionIds: api.permissions.filter((p) => p.allowedForCimdClients).map((p) => p.id) }}
          />
        </CardContent>
      </Card>
    </div>
  );
}
