import { z } from "zod";
import "./validation";
import { hasControlCharacter } from "../oidc/limits";

/**
 * Free text of a list query (search, filter values): no control characters. PostgreSQL cannot
 * even compare a text holding NUL (the query fails with a 500); nobody types one into a search box.
 */
export const queryText = (max: number) =>
  z.string().max(max).refine((v) => !hasControlCharacter(v), "Remove the control characters (such as NUL): search for text");

/**
 * Pocket ID's list query (inventory §1.5): `pagination[page]` (default 1), `pagination[limit]`
 * (default 20, at most 100), `sort[column]`, `sort[direction]`, `filters[<field>][<n>]` for the
 * whitelisted fields, `search`. The schema's keys are the query parameter names themselves, so
 * the OpenAPI document lists exactly these parameters.
 */
export function listQuerySchema<S extends string, F extends string>(opts: { sort: readonly [S, ...S[]]; filters?: readonly F[]; search?: boolean }) {
  const shape: Record<string, z.ZodType> = {
    "pagination[page]": z.coerce.number({ error: "Send a page number" }).int().min(1).max(1_000_000).optional(),
    "pagination[limit]": z.coerce.number({ error: "Send a page size" }).int().min(1).max(100).optional(),
    "sort[column]": z.enum(opts.sort).optional(),
    "sort[direction]": z.enum(["asc", "desc"]).optional(),
  };
  if (opts.search) shape.search = queryText(200).optional();
  for (const f of opts.filters ?? []) shape[`filters[${f}]`] = z.array(z.enum(["true", "false"])).max(2).optional();
  return z.object(shape);
}

export interface ListParams<S extends string = string, F extends string = string> {
  page: number;
  limit: number;
  sort: { column: S; direction: "asc" | "desc" } | null;
  search: string;
  /** A boolean filter holds when the field equals one of the listed values. */
  filters: Partial<Record<F, boolean[]>>;
}

/** The parsed query as the services take it. */
export function toListParams<S extends string, F extends string>(query: Record<string, unknown> | undefined): ListParams<S, F> {
  const q = query ?? {};
  const filters: Partial<Record<F, boolean[]>> = {};
  for (const [k, v] of Object.entries(q)) {
    const m = /^filters\[(.+)\]$/.exec(k);
    if (m && Array.isArray(v) && v.length) filters[m[1] as F] = v.map((x) => x === "true");
  }
  const column = q["sort[column]"] as S | undefined;
  return {
    page: (q["pagination[page]"] as number | undefined) ?? 1,
    limit: (q["pagination[limit]"] as number | undefined) ?? 20,
    sort: column ? { column, direction: (q["sort[direction]"] as "asc" | "desc" | undefined) ?? "asc" } : null,
    search: ((q.search as string | undefined) ?? "").trim(),
    filters,
  };
}

/** Pocket ID's list envelope. */
export interface Paginated<T> {
  data: T[];
  pagination: { totalPages: number; totalItems: number; currentPage: number; itemsPerPage: number };
}

export function paginated<T>(data: T[], totalItems: number, p: Pick<ListParams, "page" | "limit">): Paginated<T> {
  return { data, pagination: { totalPages: Math.ceil(totalItems / p.limit), totalItems, currentPage: p.page, itemsPerPage: p.limit } };
}

export const paginationSchema = z.object({
  totalPages: z.number().int(),
  totalItems: z.number().int(),
  currentPage: z.number().int(),
  itemsPerPage: z.number().int(),
});

/** Pagination envelope schema for the OpenAPI document. */
export const paginatedSchema = (item: z.ZodType) => z.object({ data: z.array(item), pagination: paginationSchema });
