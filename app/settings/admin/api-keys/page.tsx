import type { Metadata } from "next";
import { Suspense } from "react";
import { KeySquare } from "lucide-react";
import { requirePageUser } from "@/lib/auth/page-session";
import { listApiKeys } from "@/lib/services/api-keys/list-api-keys";
import { Badge } from "@/components/ui/badge";
import { DataTable, DataTableSkeleton, EmptyState, type Column } from "@/components/data-table/data-table";
import { listKey, parseListParams, type ListParams, type ListSpec } from "@/components/data-table/list-params";
import { CreateApiKeyButton, RenewApiKeyButton } from "./api-key-dialogs";
import { RevokeApiKeyButton } from "./revoke-api-key-button";

export const metadata: Metadata = { title: "API Keys" };

const PATH = "/settings/admin/api-keys";
const SPEC: ListSpec = { sortable: ["name", "expiresAt", "lastUsedAt", "createdAt"], defaultSort: "createdAt", defaultDirection: "desc" };

/** Every signed-in user's own keys (inventory §1.5, §6.5); Pocket ID's path, /settings/api-keys redirects here. */
export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requirePageUser(PATH);
  const params = parseListParams(await searchParams, SPEC);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">API Keys</h1>
          <p className="text-sm text-muted-foreground">
            Keys let scripts use the REST API as you{session.user.isAdmin ? ", with your admin rights" : ""}. Each key is shown once, when it is created.
          </p>
        </div>
        <CreateApiKeyButton />
      </div>
      <Suspense key={listKey(params)} fallback={<DataTableSkeleton columns={4} />}>
        <ApiKeysTable params={params} userId={session.userId} />
      </Suspense>
    </div>
  );
}

/** The time this request is rendered at (a server component renders once per request). */
function requestTime() {
  return Date.now();
}

/** The day always; the time from 640 px up, so the table fits at 375 px. */
function DateTime({ value }: { value: string }) {
  const [day, time] = formatDate(value)!.split(" ");
  return (
    <span className="whitespace-nowrap">
      {day}
      <span className="hidden sm:inline"> {time} UTC</span>
    </span>
  );
}

function formatDate(value: string | Date | null) {
  if (!value) return null;
  return new Date(value).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

async function ApiKeysTable({ params, userId }: { params: ListParams; userId: string }) {
  const result = await listApiKeys(userId, {
    page: params.page,
    limit: params.limit,
    search: "",
    sort: { column: params.sort as "name", direction: params.direction },
    filters: {},
  });
  type Row = (typeof result.data)[number];
  const now = requestTime();
  const expired = (k: Row) => new Date(k.expiresAt).getTime() <= now;
  const columns: Column<Row>[] = [
    {
      key: "name",
      header: "Name",
      sortable: true,
      cell: (k) => (
        <div className="flex min-w-0 flex-col">
          <span className="break-words font-medium">{k.name}</span>
          {k.description && <span className="break-words text-xs text-muted-foreground">{k.description}</span>}
        </div>
      ),
    },
    {
      key: "expiresAt",
      header: "Expires",
      sortable: true,
      cell: (k) => (
        <span className="flex flex-wrap items-center gap-1.5">
          <DateTime value={k.expiresAt} />
          {expired(k) && <Badge className="border-destructive/50 text-destructive">Expired</Badge>}
        </span>
      ),
    },
    {
      key: "lastUsedAt",
      header: "Last used",
      sortable: true,
      className: "hidden sm:table-cell",
      cell: (k) => <span className="whitespace-nowrap text-muted-foreground">{formatDate(k.lastUsedAt) ?? "Never"}</span>,
    },
    { key: "createdAt", header: "Created", sortable: true, className: "hidden md:table-cell", cell: (k) => <span className="whitespace-nowrap text-muted-foreground">{formatDate(k.createdAt)}</span> },
    {
      key: "actions",
      header: "Actions",
      className: "text-right",
      cell: (k) => (
        <div className="flex justify-end gap-1">
          {expired(k) && <RenewApiKeyButton apiKey={{ id: k.id, name: k.name }} />}
          <RevokeApiKeyButton apiKey={{ id: k.id, name: k.name }} />
        </div>
      ),
    },
  ];
  return (
    <DataTable
      label="API keys"
      testId="api-keys-table"
      columns={columns}
      rows={result.data}
      rowKey={(k) => k.id}
      params={params}
      pathname={PATH}
      pagination={result.pagination}
      empty={<EmptyState icon={<KeySquare />} title="No API keys yet." description="Create one for a script or a tool such as the Terraform provider." />}
    />
  );
}
