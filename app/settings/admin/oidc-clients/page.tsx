import type { Metadata } from "next";
import { Suspense } from "react";
import Link from "next/link";
import { AppWindow } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { CLIENT_SORT_COLUMNS, listClientsPage, type ClientType } from "@/lib/services/oidc-clients/list-clients";
import { clientEndpoints } from "@/lib/services/oidc-clients/client-endpoints";
import { env } from "@/lib/config/env";
import { encodePathId } from "@/lib/http/path-id";
import { DataTable, DataTableSkeleton, EmptyState, type Column } from "@/components/data-table/data-table";
import { DataTableToolbar } from "@/components/data-table/data-table-toolbar";
import { listKey, parseListParams, type ListParams } from "@/components/data-table/list-params";
import { CopyField } from "@/components/copy-field";
import { CreateClientForm } from "./create-client-form";
import { ClientBadges } from "./client-badges";
import { ClientAvatar } from "./client-avatar";
import { CLIENTS_LIST } from "./list-spec";

export const metadata: Metadata = { title: "OIDC Clients" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const PATH = "/settings/admin/oidc-clients";

export default async function OidcClientsPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePageAdmin(PATH);
  const params = parseListParams(await searchParams, CLIENTS_LIST);
  const yesNo = (yes: string, no: string) => [
    { value: "true", label: yes },
    { value: "false", label: no },
  ];
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">OIDC Clients</h1>
        <p className="text-sm text-muted-foreground">Applications that may sign users in with this provider.</p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Clients</CardTitle>
          <CardDescription>Open a client to edit it, restrict it to groups, manage its secrets or delete it.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <DataTableToolbar
            params={params}
            searchLabel="Search clients"
            searchPlaceholder="Search by client name or ID"
            filters={[
              { key: "isGroupRestricted", label: "Access", options: yesNo("Restricted to groups", "Everyone") },
              { key: "isPublic", label: "Type", options: yesNo("Public", "Confidential") },
              { key: "pkceEnabled", label: "PKCE", options: yesNo("Required", "Not required") },
              { key: "requiresPushedAuthorizationRequests", label: "PAR", options: yesNo("Required", "Not required") },
              { key: "requiresReauthentication", label: "Re-authentication", options: yesNo("Required", "Not required") },
              { key: "skipConsent", label: "Consent", options: yesNo("Skipped", "Asked") },
              { key: "pkceSupported", label: "Seen using PKCE", options: yesNo("Yes", "No") },
              { key: "clientType", label: "Registration", options: [{ value: "standard", label: "Registered here" }, { value: "cimd", label: "Metadata document (CIMD)" }] },
            ]}
          />
          <Suspense key={listKey(params)} fallback={<DataTableSkeleton columns={4} />}>
            <ClientsTable params={params} />
          </Suspense>
        </CardContent>
      </Card>
      <CreateClientForm allowInsecure={env().allowInsecureCallbackUrls} />
      <Card>
        <CardHeader>
          <CardTitle>Endpoints</CardTitle>
          <CardDescription>What an application needs to talk to this provider. Most only need the issuer or discovery URL.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          {clientEndpoints().map(({ label, value }) => (
            <CopyField key={label} label={label} value={value} />
          ))}
        </CardContent>
      </Card>
    </div>
  );
}

const bool = (v: string | undefined) => (v === "true" ? [true] : v === "false" ? [false] : undefined);

async function ClientsTable({ params }: { params: ListParams }) {
  const f = params.filters;
  const types = (["standard", "cimd"] as const).filter((t) => t === f.clientType) as ClientType[];
  const result = await listClientsPage(
    {
      page: params.page,
      limit: params.limit,
      search: params.search,
      sort: { column: params.sort as (typeof CLIENT_SORT_COLUMNS)[number], direction: params.direction },
      filters: {
        isGroupRestricted: bool(f.isGroupRestricted),
        isPublic: bool(f.isPublic),
        pkceEnabled: bool(f.pkceEnabled),
        requiresPushedAuthorizationRequests: bool(f.requiresPushedAuthorizationRequests),
        requiresReauthentication: bool(f.requiresReauthentication),
        skipConsent: bool(f.skipConsent),
        pkceSupported: bool(f.pkceSupported),
      },
    },
    undefined,
    types,
  );
  type Row = (typeof result.data)[number];
  const filtered = params.search !== "" || Object.keys(params.filters).length > 0;
  const columns: Column<Row>[] = [
    {
      key: "name",
      header: "Client",
      sortable: true,
      cell: (c) => (
        <div className="flex min-w-0 items-start gap-3">
          <ClientAvatar client={c} />
          <div className="flex min-w-0 flex-col gap-1">
            <Link href={`${PATH}/${encodePathId(c.id)}`} className="break-words font-medium underline-offset-4 hover:underline focus-visible:rounded focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring" data-testid="client-link">
              {c.name}
            </Link>
            <span className="break-all font-mono text-xs text-muted-foreground">{c.id}</span>
            <ClientBadges client={c} className="md:hidden" />
          </div>
        </div>
      ),
    },
    {
      key: "badges",
      header: "Settings",
      className: "hidden md:table-cell",
      cell: (c) => <ClientBadges client={c} />,
    },
    {
      key: "allowedUserGroupsCount",
      header: "Allowed groups",
      sortable: true,
      className: "hidden sm:table-cell",
      cell: (c) =>
        !c.isGroupRestricted ? (
          <span className="text-muted-foreground">Everyone</span>
        ) : c.allowedUserGroupsCount === 0 ? (
          <span className="text-destructive">None: nobody can sign in</span>
        ) : (
          <span>{c.allowedUserGroupsCount}</span>
        ),
    },
    {
      key: "createdAt",
      header: "Created",
      sortable: true,
      className: "hidden lg:table-cell",
      cell: (c) => <time dateTime={c.createdAt} className="text-muted-foreground">{c.createdAt.slice(0, 10)}</time>,
    },
  ];
  return (
    <div data-testid="client-list">
      <DataTable
        label="OIDC clients"
        testId="clients-table"
        columns={columns}
        rows={result.data}
        rowKey={(c) => c.id}
        params={params}
        pathname={PATH}
        pagination={result.pagination}
        empty={
          <EmptyState
            icon={<AppWindow />}
            title={filtered ? "No client matches this search." : "No clients yet."}
            description={filtered ? "Try other words, or clear the search and filters." : "Add the first application with the form below."}
          />
        }
      />
    </div>
  );
}
