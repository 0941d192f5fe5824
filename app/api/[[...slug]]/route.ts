import { apiRoute } from "@/lib/http/api";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * Any /api path no route serves: the admin API's JSON 404 `{error, code: "not_found"}` instead of
 * the HTML not-found page, for every method a client may try.
 */
const notFound = apiRoute("api.not_found", async () => {
  throw new AppError("not_found", "There is no API endpoint at this path.");
});
export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
