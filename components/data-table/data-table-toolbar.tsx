"use client";
import * as React from "react";
import { usePathname, useRouter } from "next/navigation";
import { LoaderCircle, Search, X } from "lucide-react";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { listHref, type ListParams } from "./list-params";

export interface FilterSpec {
  key: string;
  label: string;
  options: { value: string; label: string }[];
}

const ALL = "__all";

/**
 * Search and filters of a server-driven list. Typing updates the URL after a short pause (the
 * input keeps focus and its text while the server answers); each change replaces the history
 * entry for search and pushes one for filters. While the server works, a spinner says so.
 */
export function DataTableToolbar({
  params,
  searchLabel,
  searchPlaceholder,
  filters = [],
  children,
}: {
  params: ListParams;
  searchLabel: string;
  searchPlaceholder?: string;
  filters?: FilterSpec[];
  children?: React.ReactNode;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = React.useTransition();
  const [search, setSearch] = React.useState(params.search);
  const timer = React.useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = React.useRef(params);
  React.useEffect(() => {
    latest.current = params;
  }, [params]);
  React.useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  function go(patch: Partial<ListParams>, mode: "push" | "replace") {
    const href = listHref(pathname, latest.current, patch);
    startTransition(() => (mode === "push" ? router.push(href, { scroll: false }) : router.replace(href, { scroll: false })));
  }

  function onSearch(value: string) {
    setSearch(value);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => go({ search: value.trim() }, "replace"), 300);
  }

  const activeFilters = Object.values(params.filters).filter(Boolean).length;

  return (
    <div className="flex flex-col gap-3" role="search" aria-label={searchLabel}>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div className="relative w-full sm:max-w-xs">
          <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input
            type="search"
            aria-label={searchLabel}
            placeholder={searchPlaceholder ?? "Search…"}
            className="pl-9 pr-9"
            value={search}
            onChange={(e) => onSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                if (timer.current) clearTimeout(timer.current);
                go({ search: search.trim() }, "replace");
              }
            }}
            data-testid="table-search"
          />
          {pending && (
            <LoaderCircle className="absolute right-3 top-1/2 size-4 -translate-y-1/2 animate-spin text-muted-foreground motion-reduce:animate-none" aria-hidden />
          )}
        </div>
        {children}
      </div>
      {filters.length > 0 && (
        // Two filters a row on a phone (eight would otherwise stack into a screen of their own).
        <div className="grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap">
          {filters.map((f) => (
            <div key={f.key} className="flex min-w-0 flex-col gap-1 sm:min-w-[9rem] sm:flex-none">
              <span id={`filter-${f.key}-label`} className="text-xs font-medium text-muted-foreground">
                {f.label}
              </span>
              <Select value={params.filters[f.key] ?? ALL} onValueChange={(v) => go({ filters: { [f.key]: v === ALL ? "" : v } }, "push")}>
                <SelectTrigger className="h-9" aria-labelledby={`filter-${f.key}-label`} data-testid={`filter-${f.key}`}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value={ALL}>All</SelectItem>
                  {f.options.map((o) => (
                    <SelectItem key={o.value} value={o.value}>
                      {o.label}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
          ))}
          {(activeFilters > 0 || params.search) && (
            <Button
              variant="ghost"
              size="sm"
              className="col-span-2 justify-self-start"
              onClick={() => {
                setSearch("");
                go({ search: "", filters: Object.fromEntries(filters.map((f) => [f.key, ""])) }, "push");
              }}
            >
              <X /> Clear search and filters
            </Button>
          )}
        </div>
      )}
      <span role="status" className="sr-only">
        {pending ? "Loading results…" : ""}
      </span>
    </div>
  );
}
