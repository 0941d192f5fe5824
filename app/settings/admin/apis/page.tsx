import type { Metadata } from "next";
import { Suspense } from "react";
import Link from "next/link";
import { Waypoints } from "lucide-react";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { listApis } from "@/lib/services/apis/list-apis";
import { DataTable, DataTableSkeleton, EmptyState, type Column } from "@/components/data-table/data-table";
import { DataTableToolbar } from "@/components/data-table/data-table-toolbar";
import { listKey, parseListParams, type ListParams, type ListSpec } from "@/components/data-table/list-params";
import { CreateApiButton } from "./create-api-button";
import { DeleteApiButton } from "./delete-api-button";

export const metadata: Metadata = { title: "APIs" };

const PATH = "/settings/admin/apis";
const SPEC: ListSpec = { sortable: ["name", "resource", "createdAt"], defaultSort: "name" };

export default async function ApisPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageAdmin(PATH);
  const params = parseListParams(await searchParams, SPEC);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">APIs</h1>
          <p className="text-sm text-muted-foreground">Your own APIs (resource servers): apps ask for access tokens meant for them, with the permissions you grant.</p>
        </div>
        <CreateApiButton />
      </div>
      <DataTableToolbar params={params} searchLabel="Search APIs" searchPlaceholder="Search by name or identifier" />
      <Suspense key={listKey(params)} fallback={<DataTableSkeleton columns={3} />}>
        <ApisTable params={params} />
      </Suspense>
    </div>
  );
}

async function ApisTable({ params }: { params: ListParams }) {
  const result = await listApis({
    page: params.page,
    limit: params.limit,
    search: params.search,
    sort: { column: params.sort as "name", direction: params.direction },
    filters: {},
  });
  type Row = (typeof result.data)[number];
  const columns: Column<Row>[] = [
    {
      key: "name",
      header: "Name",
      sortable: true,
      cell: (a) => (
        <Link href={`${PATH}/${a.id}`} className="font-medium underline-offset-4 hover:underline focus-visible:rounded focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring" data-testid="api-link">
          {a.name}
        </Link>
      ),
    },
    { key: "resource", header: "Identifier", sortable: true, className: "hidden sm:table-cell", cell: (a) => <code className="break-all text-xs">{a.resource}</code> },
    { key: "permissionCount", header: "Permissions", cell: (a) => <span data-testid="permission-count">{a.permissionCount}</span> },
    { key: "createdAt", header: "Created", sortable: true, className: "hidden md:table-cell", cell: (a) => <span className="text-muted-foreground">{a.createdAt.slice(0, 10)}</span> },
    { key: "actions", header: "Actions", className: "w-12 text-right", cell: (a) => <DeleteApiButton compact api={{ id: a.id, name: a.name }} /> },
  ];
  return (
    <DataTable
      label="APIs"
      testId="apis-table"
      columns={columns}
      rows={result.data}
      rowKey={(a) => a.id}
      params={params}
      pathname={PATH}
      pagination={result.pagination}
      empty={
        <EmptyState
          icon={<Waypoints />}
          title={params.search ? "No API matches this search." : "No APIs yet."}
          description={params.search ? "Try other words, or clear the search." : "Add an API, give it permissions, and choose which apps may use it."}
        />
      }
    />
  );
}
