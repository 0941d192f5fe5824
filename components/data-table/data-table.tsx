import * as React from "react";
import Link from "next/link";
import { ArrowDown, ArrowUp, ArrowUpDown, ChevronLeft, ChevronRight } from "lucide-react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { buttonVariants } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";
import { listHref, type ListParams } from "./list-params";
import { PageSizeSelect } from "./page-size-select";

export interface Column<T> {
  key: string;
  header: string;
  /** True when the server can sort by `key`. */
  sortable?: boolean;
  cell: (row: T) => React.ReactNode;
  /** e.g. "hidden md:table-cell" for a column that is left out at 375 px. */
  className?: string;
}

export interface Pagination {
  totalItems: number;
  totalPages: number;
}

/**
 * A server-rendered table whose sorting and paging are plain links (they work before scripts load,
 * are keyboard operable, and open in a new tab); the search and filters above it are the
 * client-side <DataTableToolbar>. Column headers say how the table is sorted (aria-sort).
 */
export function DataTable<T>({
  label,
  columns,
  rows,
  rowKey,
  params,
  pathname,
  pagination,
  empty,
  testId,
}: {
  label: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  params: ListParams;
  pathname: string;
  pagination: Pagination;
  empty: React.ReactNode;
  testId?: string;
}) {
  if (rows.length === 0 && pagination.totalItems === 0) {
    return <div data-testid={testId ? `${testId}-empty` : undefined}>{empty}</div>;
  }
  return (
    <div className="flex flex-col gap-3" data-testid={testId}>
      <Table aria-label={label}>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            {columns.map((c) => {
              const active = params.sort === c.key;
              const ariaSort = active ? (params.direction === "asc" ? "ascending" : "descending") : c.sortable ? "none" : undefined;
              return (
                <TableHead key={c.key} aria-sort={ariaSort} className={c.className}>
                  {c.sortable ? (
                    <Link
                      href={listHref(pathname, params, { sort: c.key, direction: active && params.direction === "asc" ? "desc" : "asc", page: 1 })}
                      className="-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                      scroll={false}
                    >
                      {c.header}
                      {active ? (
                        params.direction === "asc" ? <ArrowUp className="size-3.5" aria-hidden /> : <ArrowDown className="size-3.5" aria-hidden />
                      ) : (
                        <ArrowUpDown className="size-3.5 opacity-40" aria-hidden />
                      )}
                      <span className="sr-only">
                        {active ? `, sorted ${params.direction === "asc" ? "ascending" : "descending"}; activate to sort ${params.direction === "asc" ? "descending" : "ascending"}` : ", activate to sort"}
                      </span>
                    </Link>
                  ) : (
                    c.header
                  )}
                </TableHead>
              );
            })}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={rowKey(row)}>
              {columns.map((c) => (
                <TableCell key={c.key} className={c.className}>
                  {c.cell(row)}
                </TableCell>
              ))}
            </TableRow>
          ))}
          {rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={columns.length} className="py-6 text-center text-muted-foreground">
                This page is empty.{" "}
                <Link href={listHref(pathname, params, { page: 1 })} className="underline underline-offset-4">
                  Go to the first page
                </Link>
                .
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <DataTablePagination params={params} pathname={pathname} pagination={pagination} />
    </div>
  );
}

function DataTablePagination({ params, pathname, pagination }: { params: ListParams; pathname: string; pagination: Pagination }) {
  const { totalItems, totalPages } = pagination;
  const page = Math.min(params.page, Math.max(totalPages, 1));
  const first = totalItems === 0 ? 0 : (page - 1) * params.limit + 1;
  const last = Math.min(totalItems, page * params.limit);
  const pageLink = (target: number, label: string, icon: React.ReactNode, disabled: boolean) =>
    disabled ? (
      <span className={cn(buttonVariants({ variant: "outline", size: "sm" }), "pointer-events-none opacity-50")} aria-disabled="true">
        {icon}
        <span className="sr-only sm:not-sr-only">{label}</span>
      </span>
    ) : (
      <Link href={listHref(pathname, params, { page: target })} className={buttonVariants({ variant: "outline", size: "sm" })} scroll={false} aria-label={`${label} page`}>
        {icon}
        <span className="hidden sm:inline">{label}</span>
      </Link>
    );
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm text-muted-foreground">
      <p data-testid="pagination-summary">
        {first}–{last} of {totalItems}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <PageSizeSelect pathname={pathname} params={params} />
        <span className="px-1" aria-current="page">
          Page {page} of {Math.max(totalPages, 1)}
        </span>
        {pageLink(page - 1, "Previous", <ChevronLeft />, page <= 1)}
        {pageLink(page + 1, "Next", <ChevronRight />, page >= totalPages)}
      </div>
    </nav>
  );
}

/** What a table looks like while its rows load: the same shape, so nothing jumps when they arrive. */
export function DataTableSkeleton({ rows = 5, columns = 4 }: { rows?: number; columns?: number }) {
  return (
    <div className="flex flex-col gap-3" aria-busy="true" data-testid="table-loading">
      <span className="sr-only" role="status">
        Loading…
      </span>
      <div className="flex flex-col divide-y rounded-md border">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="flex gap-4 p-3">
            {Array.from({ length: columns }, (_, j) => (
              <Skeleton key={j} className={cn("h-5", j === 0 ? "w-1/3" : "hidden flex-1 sm:block")} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

/** The empty state of a list: what is missing and, when there is one, the way to add the first. */
export function EmptyState({ icon, title, description, action }: { icon?: React.ReactNode; title: string; description?: React.ReactNode; action?: React.ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed px-6 py-10 text-center">
      {icon && <div className="text-muted-foreground [&_svg]:size-8">{icon}</div>}
      <p className="font-medium">{title}</p>
      {description && <p className="max-w-sm text-sm text-muted-foreground">{description}</p>}
      {action && <div className="pt-2">{action}</div>}
    </div>
  );
}
