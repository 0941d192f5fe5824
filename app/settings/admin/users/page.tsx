import type { Metadata } from "next";
import { Suspense } from "react";
import Link from "next/link";
import { Users } from "lucide-react";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { listUsers } from "@/lib/services/users/list-users";
import { appConfig } from "@/lib/config/app-config";
import { Badge } from "@/components/ui/badge";
import { DataTable, DataTableSkeleton, EmptyState, type Column } from "@/components/data-table/data-table";
import { DataTableToolbar } from "@/components/data-table/data-table-toolbar";
import { listKey, parseListParams, type ListParams } from "@/components/data-table/list-params";
import { USERS_LIST } from "./list-spec";
import { CreateUserButton } from "./create-user-button";
import { UserRowActions } from "./user-row-actions";

export const metadata: Metadata = { title: "Users" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const PATH = "/settings/admin/users";

export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requirePageAdmin(PATH);
  const params = parseListParams(await searchParams, USERS_LIST);
  const { requireUserEmail } = await appConfig();
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Users</h1>
          <p className="text-sm text-muted-foreground">People who can sign in with a passkey, and what apps learn about them.</p>
        </div>
        <CreateUserButton requireEmail={requireUserEmail} />
      </div>
      <DataTableToolbar
        params={params}
        searchLabel="Search users"
        searchPlaceholder="Search name, username or email"
        filters={[
          { key: "isAdmin", label: "Role", options: [{ value: "true", label: "Admins" }, { value: "false", label: "Non-admins" }] },
          { key: "disabled", label: "Status", options: [{ value: "false", label: "Enabled" }, { value: "true", label: "Disabled" }] },
          { key: "emailVerified", label: "Email", options: [{ value: "true", label: "Verified" }, { value: "false", label: "Not verified" }] },
        ]}
      />
      <Suspense key={listKey(params)} fallback={<DataTableSkeleton columns={5} />}>
        <UsersTable params={params} currentUserId={session.userId} />
      </Suspense>
    </div>
  );
}

const bool = (v: string | undefined) => (v === "true" ? [true] : v === "false" ? [false] : undefined);

async function UsersTable({ params, currentUserId }: { params: ListParams; currentUserId: string }) {
  const result = await listUsers({
    page: params.page,
    limit: params.limit,
    search: params.search,
    sort: { column: params.sort as "username", direction: params.direction },
    filters: { isAdmin: bool(params.filters.isAdmin), disabled: bool(params.filters.disabled), emailVerified: bool(params.filters.emailVerified) },
  });
  type Row = (typeof result.data)[number];
  const filtered = params.search !== "" || Object.keys(params.filters).length > 0;
  const columns: Column<Row>[] = [
    {
      key: "username",
      header: "User",
      sortable: true,
      cell: (u) => (
        <div className="flex min-w-0 flex-col">
          <Link href={`${PATH}/${u.id}`} className="truncate font-medium underline-offset-4 hover:underline focus-visible:rounded focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring" data-testid="user-link">
            {u.displayName || u.username}
          </Link>
          <span className="truncate text-xs text-muted-foreground">{u.username}</span>
          {u.disabled && <Badge className="mt-1 w-fit border-destructive/50 text-destructive sm:hidden">Disabled</Badge>}
        </div>
      ),
    },
    {
      key: "email",
      header: "Email",
      sortable: true,
      className: "hidden md:table-cell",
      cell: (u) =>
        u.email ? (
          <span className="flex flex-wrap items-center gap-1.5">
            <span className="break-all">{u.email}</span>
            {!u.emailVerified && <Badge className="font-normal text-muted-foreground">unverified</Badge>}
          </span>
        ) : (
          <span className="text-muted-foreground">No email</span>
        ),
    },
    {
      key: "isAdmin",
      header: "Role",
      sortable: true,
      cell: (u) => (u.isAdmin ? <Badge>Admin</Badge> : <span className="text-muted-foreground">User</span>),
    },
    {
      key: "disabled",
      header: "Status",
      sortable: true,
      className: "hidden sm:table-cell",
      cell: (u) => (u.disabled ? <Badge className="border-destructive/50 text-destructive">Disabled</Badge> : <span className="text-muted-foreground">Enabled</span>),
    },
    {
      key: "groups",
      header: "Groups",
      className: "hidden lg:table-cell",
      cell: (u) => (u.userGroups.length ? <span className="text-muted-foreground">{u.userGroups.map((g) => g.friendlyName).join(", ")}</span> : <span className="text-muted-foreground">None</span>),
    },
    {
      key: "actions",
      header: "Actions",
      className: "w-12 text-right",
      cell: (u) => <UserRowActions user={{ id: u.id, username: u.username, disabled: u.disabled }} isSelf={u.id === currentUserId} />,
    },
  ];
  return (
    <DataTable
      label="Users"
      testId="users-table"
      columns={columns}
      rows={result.data}
      rowKey={(u) => u.id}
      params={params}
      pathname={PATH}
      pagination={result.pagination}
      empty={
        <EmptyState
          icon={<Users />}
          title={filtered ? "No user matches this search." : "No users yet."}
          description={filtered ? "Try other words, or clear the search and filters." : "Add the first user with the Add user button."}
        />
      }
    />
  );
}
