import type { Metadata } from "next";
import { Suspense } from "react";
import { ScrollText } from "lucide-react";
import { requirePageUser } from "@/lib/auth/page-session";
import { listOwnAuditLogs } from "@/lib/services/audit-logs/list-own-audit-logs";
import { auditEventLabel } from "@/lib/services/audit-logs/audit-log-dto";
import { DataTable, DataTableSkeleton, EmptyState, type Column } from "@/components/data-table/data-table";
import { listKey, parseListParams, type ListParams, type ListSpec } from "@/components/data-table/list-params";

export const metadata: Metadata = { title: "My audit log" };

const PATH = "/settings/audit-log";
const SPEC: ListSpec = { sortable: ["event", "ipAddress", "createdAt"], defaultSort: "createdAt", defaultDirection: "desc" };

function formatDate(value: string) {
  return new Date(value).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

/** "My audit log" (inventory §1.5 /settings/audit-log, §6.6): what happened with this account, newest first. */
export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requirePageUser(PATH);
  const params = parseListParams(await searchParams, SPEC);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">My audit log</h1>
        <p className="text-sm text-muted-foreground">Sign-ins and changes to your account, with the device and address they came from.</p>
      </div>
      <Suspense key={listKey(params)} fallback={<DataTableSkeleton columns={4} />}>
        <AuditLogTable params={params} userId={session.userId} />
      </Suspense>
    </div>
  );
}

async function AuditLogTable({ params, userId }: { params: ListParams; userId: string }) {
  const result = await listOwnAuditLogs(userId, {
    "pagination[page]": params.page,
    "pagination[limit]": params.limit,
    "sort[column]": params.sort,
    "sort[direction]": params.direction,
  });
  type Row = (typeof result.data)[number];
  const columns: Column<Row>[] = [
    {
      key: "event",
      header: "Event",
      sortable: true,
      cell: (e) => (
        <div className="flex min-w-0 flex-col">
          <span className="break-words font-medium">{auditEventLabel(e.event)}</span>
          {e.data.clientName && <span className="break-words text-xs text-muted-foreground">{e.data.clientName}</span>}
          {e.data.passkeyName && <span className="break-words text-xs text-muted-foreground">{e.data.passkeyName}</span>}
          {/* At 375 px the device and address columns are hidden: shown under the event instead. */}
          <span className="text-xs text-muted-foreground sm:hidden">
            {e.device}
            {e.ipAddress ? ` · ${e.ipAddress}` : ""}
          </span>
        </div>
      ),
    },
    { key: "device", header: "Device", className: "hidden sm:table-cell", cell: (e) => <span className="text-muted-foreground">{e.device}</span> },
    {
      key: "ipAddress",
      header: "IP address",
      sortable: true,
      className: "hidden md:table-cell",
      cell: (e) => (
        <span className="break-all text-muted-foreground">
          {e.ipAddress ?? "Unknown"}
          {e.city || e.country ? ` (${[e.city, e.country].filter(Boolean).join(", ")})` : ""}
        </span>
      ),
    },
    {
      key: "createdAt",
      header: "Date",
      sortable: true,
      cell: (e) => (
        <time dateTime={e.createdAt} className="whitespace-nowrap text-muted-foreground">
          {formatDate(e.createdAt)}
        </time>
      ),
    },
  ];
  return (
    <DataTable
      label="My audit log"
      testId="audit-log-table"
      columns={columns}
      rows={result.data}
      rowKey={(e) => e.id}
      params={params}
      pathname={PATH}
      pagination={result.pagination}
      empty={<EmptyState icon={<ScrollText />} title="Nothing recorded yet." description="Sign-ins and changes to your account will be listed here." />}
    />
  );
}
