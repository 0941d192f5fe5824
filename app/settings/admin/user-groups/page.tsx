import type { Metadata } from "next";
import { Suspense } from "react";
import Link from "next/link";
import { UsersRound } from "lucide-react";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { listUserGroups } from "@/lib/services/user-groups/list-user-groups";
import { DataTable, DataTableSkeleton, EmptyState, type Column } from "@/components/data-table/data-table";
import { DataTableToolbar } from "@/components/data-table/data-table-toolbar";
import { listKey, parseListParams, type ListParams, type ListSpec } from "@/components/data-table/list-params";
import { CreateGroupButton } from "./create-group-button";
import { DeleteGroupButton } from "./delete-group-button";

export const metadata: Metadata = { title: "User Groups" };

const PATH = "/settings/admin/user-groups";
const SPEC: ListSpec = { sortable: ["friendlyName", "name", "userCount", "createdAt"], defaultSort: "friendlyName" };

export default async function UserGroupsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageAdmin(PATH);
  const params = parseListParams(await searchParams, SPEC);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">User Groups</h1>
          <p className="text-sm text-muted-foreground">Groups go to apps in the groups claim and decide who may use a restricted app.</p>
        </div>
        <CreateGroupButton />
      </div>
      <DataTableToolbar params={params} searchLabel="Search groups" searchPlaceholder="Search groups" />
      <Suspense key={listKey(params)} fallback={<DataTableSkeleton columns={3} />}>
        <GroupsTable params={params} />
      </Suspense>
    </div>
  );
}

async function GroupsTable({ params }: { params: ListParams }) {
  const result = await listUserGroups({
    page: params.page,
    limit: params.limit,
    search: params.search,
    sort: { column: params.sort as "friendlyName", direction: params.direction },
    filters: {},
  });
  type Row = (typeof result.data)[number];
  const columns: Column<Row>[] = [
    {
      key: "friendlyName",
      header: "Display name",
      sortable: true,
      cell: (g) => (
        <Link href={`${PATH}/${g.id}`} className="font-medium underline-offset-4 hover:underline focus-visible:rounded focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring" data-testid="group-link">
          {g.friendlyName}
        </Link>
      ),
    },
    { key: "name", header: "Name", sortable: true, className: "hidden sm:table-cell", cell: (g) => <code className="break-all text-xs">{g.name}</code> },
    { key: "userCount", header: "Members", sortable: true, cell: (g) => <span data-testid="member-count">{g.userCount ?? 0}</span> },
    { key: "createdAt", header: "Created", sortable: true, className: "hidden md:table-cell", cell: (g) => <span className="text-muted-foreground">{g.createdAt.slice(0, 10)}</span> },
    {
      key: "actions",
      header: "Actions",
      className: "w-12 text-right",
      cell: (g) => (g.ldapId ? null : <DeleteGroupButton compact group={{ id: g.id, friendlyName: g.friendlyName, userCount: g.userCount ?? 0 }} />),
    },
  ];
  return (
    <DataTable
      label="User groups"
      testId="groups-table"
      columns={columns}
      rows={result.data}
      rowKey={(g) => g.id}
      params={params}
      pathname={PATH}
      pagination={result.pagination}
      empty={
        <EmptyState
          icon={<UsersRound />}
          title={params.search ? "No group matches this search." : "No groups yet."}
          description={params.search ? "Try other words, or clear the search." : "Add a group, put users in it, and restrict apps to it."}
        />
      }
    />
  );
}
