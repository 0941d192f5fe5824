import type { Metadata } from "next";
import { Suspense } from "react";
import { Download, ScrollText } from "lucide-react";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { listAllAuditLogs, type AllAuditLogsQuery } from "@/lib/services/audit-logs/list-all-audit-logs";
import { listAuditClientNames, listAuditUsers } from "@/lib/services/audit-logs/audit-log-filters";
import { AUDIT_EVENT_LABELS, auditEventLabel } from "@/lib/services/audit-logs/audit-log-dto";
import { buttonVariants } from "@/components/ui/button";
import { DataTable, DataTableSkeleton, EmptyState, type Column } from "@/components/data-table/data-table";
import { DataTableToolbar } from "@/components/data-table/data-table-toolbar";
import { listKey, parseListParams, type ListParams, type ListSpec } from "@/components/data-table/list-params";

export const metadata: Metadata = { title: "Audit log" };

const PATH = "/settings/admin/audit-log";
const SPEC: ListSpec = {
  sortable: ["event", "username", "ipAddress", "createdAt"],
  defaultSort: "createdAt",
  defaultDirection: "desc",
  filters: ["event", "userId", "clientName", "location"],
};

function formatDate(value: string) {
  return new Date(value).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

/** The page's URL state as the REST query (GET /api/audit-logs/all and the CSV export take the same). */
function toQuery(params: ListParams): AllAuditLogsQuery {
  const f = params.filters;
  return {
    "pagination[page]": params.page,
    "pagination[limit]": params.limit,
    "sort[column]": params.sort as AllAuditLogsQuery["sort[column]"],
    "sort[direction]": params.direction,
    search: params.search || undefined,
    "filters[event]": f.event ? [f.event] : undefined,
    "filters[userId]": f.userId ? [f.userId] : undefined,
    "filters[clientName]": f.clientName ? [f.clientName] : undefined,
    "filters[location]": f.location === "internal" || f.location === "external" ? [f.location] : undefined,
  } as AllAuditLogsQuery;
}

/** The export link of what is on screen: same filters, search and sort, every page. */
function exportHref(params: ListParams): string {
  const q = new URLSearchParams();
  if (params.search) q.set("search", params.search);
  for (const [key, value] of Object.entries(params.filters)) if (value) q.set(`filters[${key}]`, value);
  q.set("sort[column]", params.sort);
  q.set("sort[direction]", params.direction);
  return `/api/audit-logs/export?${q.toString()}`;
}

/**
 * The global audit log (issue 8 item 6; inventory §1.5 /settings/admin/audit-log, §6.6): every
 * user's events with filters for event, user, client and internal/external location, sortable
 * and paginated, and a CSV export of exactly the filtered view.
 */
export default async function GlobalAuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageAdmin(PATH);
  const params = parseListParams(await searchParams, SPEC);
  const [users, clientNames] = await Promise.all([listAuditUsers(), listAuditClientNames()]);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Audit log</h1>
          <p className="text-sm text-muted-foreground">Sign-ins, app authorizations and changes by every user, with where they came from.</p>
        </div>
        <a href={exportHref(params)} download className={buttonVariants({ variant: "outline" })} data-testid="audit-export">
          <Download aria-hidden /> Export CSV
        </a>
      </div>
      <DataTableToolbar
        params={params}
        searchLabel="Search the audit log"
        searchPlaceholder="Search address, city, user or details"
        filters={[
          { key: "event", label: "Event", options: Object.entries(AUDIT_EVENT_LABELS).map(([value, label]) => ({ value, label })) },
          { key: "userId", label: "User", options: Object.entries(users).map(([value, label]) => ({ value, label })) },
          { key: "clientName", label: "Client", options: clientNames.map((name) => ({ value: name, label: name })) },
          { key: "location", label: "Location", options: [{ value: "internal", label: "Internal network" }, { value: "external", label: "External" }] },
        ]}
      />
      <Suspense key={listKey(params)} fallback={<DataTableSkeleton columns={5} />}>
        <GlobalAuditLogTable params={params} />
      </Suspense>
    </div>
  );
}

async function GlobalAuditLogTable({ params }: { params: ListParams }) {
  const result = await listAllAuditLogs(toQuery(params));
  type Row = (typeof result.data)[number];
  const filtered = params.search !== "" || Object.keys(params.filters).length > 0;
  const where = (e: Row) => (e.city || e.country ? [e.city, e.country].filter(Boolean).join(", ") : null);
  const columns: Column<Row>[] = [
    {
      key: "event",
      header: "Event",
      sortable: true,
      cell: (e) => (
        <div className="flex min-w-0 flex-col" data-event={e.event}>
          <span className="break-words font-medium">{auditEventLabel(e.event)}</span>
          {e.data.clientName && <span className="break-words text-xs text-muted-foreground">{e.data.clientName}</span>}
          {e.data.passkeyName && <span className="break-words text-xs text-muted-foreground">{e.data.passkeyName}</span>}
          {/* At 375 px the user, device and address columns are hidden: shown under the event instead. */}
          <span className="break-words text-xs text-muted-foreground sm:hidden">
            {e.username ?? "System"} · {e.device}
            {e.ipAddress ? ` · ${e.ipAddress}` : ""}
            {where(e) ? ` (${where(e)})` : ""}
          </span>
        </div>
      ),
    },
    {
      key: "username",
      header: "User",
      sortable: true,
      className: "hidden sm:table-cell",
      cell: (e) => <span className="break-all">{e.username ?? <span className="text-muted-foreground">System</span>}</span>,
    },
    { key: "device", header: "Device", className: "hidden lg:table-cell", cell: (e) => <span className="text-muted-foreground">{e.device}</span> },
    {
      key: "ipAddress",
      header: "IP address",
      sortable: true,
      className: "hidden md:table-cell",
      cell: (e) => (
        <div className="flex flex-col">
          <span className="break-all text-muted-foreground">{e.ipAddress ?? "Unknown"}</span>
          {where(e) && <span className="text-xs text-muted-foreground">{where(e)}</span>}
        </div>
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
      label="Audit log"
      testId="global-audit-log-table"
      columns={columns}
      rows={result.data}
      rowKey={(e) => e.id}
      params={params}
      pathname={PATH}
      pagination={result.pagination}
      empty={
        filtered ? (
          <EmptyState icon={<ScrollText />} title="No entries match." description="Change or clear the search and filters to see more." />
        ) : (
          <EmptyState icon={<ScrollText />} title="Nothing recorded yet." description="Sign-ins and changes will be listed here." />
        )
      }
    />
  );
}
