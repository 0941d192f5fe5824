/**
 * A list page's state lives in its URL (search, sort, filters, page), so it survives a reload,
 * can be shared and bookmarked, and Back undoes a change. This file reads and writes that state;
 * it runs on the server (pages) and in the browser (the toolbar) alike.
 */
export type SortDirection = "asc" | "desc";

export interface ListSpec {
  /** Columns the server can sort by; anything else in the URL falls back to `defaultSort`. */
  sortable: readonly string[];
  defaultSort: string;
  defaultDirection?: SortDirection;
  /** Filter keys read from the URL (each a single value, such as "true" or "false"). */
  filters?: readonly string[];
  defaultLimit?: number;
}

export interface ListParams {
  search: string;
  sort: string;
  direction: SortDirection;
  page: number;
  limit: number;
  filters: Record<string, string>;
}

export const PAGE_SIZES = [10, 20, 50, 100] as const;

type SearchParamsInput = Record<string, string | string[] | undefined> | URLSearchParams;

function get(sp: SearchParamsInput, key: string): string | undefined {
  if (sp instanceof URLSearchParams) return sp.get(key) ?? undefined;
  const v = sp[key];
  return Array.isArray(v) ? v[0] : v;
}

export function parseListParams(sp: SearchParamsInput, spec: ListSpec): ListParams {
  const sortRaw = get(sp, "sort");
  const sort = sortRaw && spec.sortable.includes(sortRaw) ? sortRaw : spec.defaultSort;
  const dirRaw = get(sp, "direction");
  const direction: SortDirection = dirRaw === "asc" || dirRaw === "desc" ? dirRaw : sortRaw === sort ? "asc" : (spec.defaultDirection ?? "asc");
  const page = Math.max(1, Math.min(100_000, Number.parseInt(get(sp, "page") ?? "1", 10) || 1));
  const limitRaw = Number.parseInt(get(sp, "limit") ?? "", 10);
  const limit = (PAGE_SIZES as readonly number[]).includes(limitRaw) ? limitRaw : (spec.defaultLimit ?? 20);
  const filters: Record<string, string> = {};
  for (const key of spec.filters ?? []) {
    const v = get(sp, key);
    if (v) filters[key] = v.slice(0, 100);
  }
  return { search: (get(sp, "search") ?? "").slice(0, 200), sort, direction, page, limit, filters };
}

/** The URL of the same list with some of its state changed; a changed search or filter goes back to page 1. */
export function listHref(pathname: string, current: ListParams, patch: Partial<ListParams>): string {
  const next = { ...current, ...patch, filters: { ...current.filters, ...patch.filters } };
  if (patch.search !== undefined || patch.filters !== undefined || patch.limit !== undefined) {
    if (patch.page === undefined) next.page = 1;
  }
  const q = new URLSearchParams();
  if (next.search) q.set("search", next.search);
  for (const [k, v] of Object.entries(next.filters)) if (v) q.set(k, v);
  q.set("sort", next.sort);
  q.set("direction", next.direction);
  if (next.page > 1) q.set("page", String(next.page));
  if (next.limit !== 20) q.set("limit", String(next.limit));
  return `${pathname}?${q.toString()}`;
}

/** A stable string of the state, to key a Suspense boundary so a change shows the loading state. */
export function listKey(p: ListParams): string {
  return JSON.stringify([p.search, p.sort, p.direction, p.page, p.limit, p.filters]);
}
