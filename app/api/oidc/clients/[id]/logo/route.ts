import { z } from "zod";
import { apiOperation, actorOf, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { readUploadedFile } from "@/lib/http/upload";
import { readBodyText } from "@/lib/http/body";
import { imageResponse } from "@/lib/http/image-response";
import { AppError } from "@/lib/errors";
import { transaction } from "@/lib/services/transaction";
import { ANY_IMAGE, checkImage } from "@/lib/services/images/check-image";
import { MAX_CLIENT_LOGO_BYTES } from "@/lib/services/client-logos/client-logo-path";
import { loadClientLogo } from "@/lib/services/client-logos/load-client-logo";
import { setClientLogo } from "@/lib/services/client-logos/set-client-logo";
import { deleteClientLogo } from "@/lib/services/client-logos/delete-client-logo";
import { fetchClientLogo } from "@/lib/services/client-logos/fetch-client-logo";

export const dynamic = "force-dynamic";

const lightQuery = z.object({
  light: z.enum(["true", "false"], { error: "Send light=true or light=false" }).default("true"),
  v: z.string().max(64).optional(),
});

/** Inventory §1.5: public (apps' login pages and My Apps show it); dark falls back to light. */
export const GET = apiOperation(
  {
    id: "oidcClients.logo.get", method: "GET", path: "/api/oidc/clients/{id}/logo", tag: "OIDC clients", auth: "public",
    summary: "A client's logo",
    description: "light=false asks for the dark logo and falls back to the light one. 404 image_not_found when there is none. ETag/If-None-Match; cached 15 minutes (stale for 12 hours), a year when ?v= names the current version.",
    params: idParams, query: lightQuery,
  },
  async ({ params, query, request }) => {
    const logo = await loadClientLogo(params.id, query.light === "true");
    return imageResponse({ ...logo }, { request, maxAge: 900, staleWhileRevalidate: 43_200, requestedVersion: query.v, filename: `logo.${logo.ext}` });
  },
);

const urlBody = z.object({ url: z.url({ protocol: /^https?$/, error: "Enter the logo's address, starting with https:// or http://" }).max(2000) }).strict();

/** Inventory §1.5: multipart `file` ≤ 2 MiB; also (beyond Pocket ID) JSON `{ "url": … }` to download one. */
export const POST = apiOperation(
  {
    id: "oidcClients.logo.set", method: "POST", path: "/api/oidc/clients/{id}/logo", tag: "OIDC clients", auth: "admin",
    summary: "Upload or download a client's logo",
    description:
      "multipart/form-data with the image in the field `file` (PNG, JPEG, SVG, WebP, GIF, AVIF or ICO; at most 2 MB; metadata stripped; SVG with script refused), or application/json `{\"url\": \"https://…\"}` to download it (public addresses only, 15 s, 2 MB). light=false sets the dark logo. 413 file_too_large / logo_too_large, 415 file_type_not_supported / logo_type_not_supported, 400 invalid_image / logo_download_failed.",
    params: idParams, query: lightQuery,
  },
  async (ctx) => {
    const light = ctx.query.light === "true";
    const type = (ctx.request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    let image;
    let source: "upload" | "url" = "upload";
    if (type === "application/json") {
      const text = await readBodyText(ctx.request, 8 * 1024);
      let parsed: unknown;
      try {
        parsed = text.ok ? JSON.parse(text.text) : undefined;
      } catch {
        parsed = undefined;
      }
      const body = urlBody.safeParse(parsed);
      if (!body.success) throw new AppError("validation_failed", "Send {\"url\": \"https://…\"} with the logo's address.", { url: body.error.issues[0]?.message ?? "Enter the logo's address" });
      image = await fetchClientLogo(body.data.url);
      source = "url";
    } else {
      const file = await readUploadedFile(ctx.request, MAX_CLIENT_LOGO_BYTES);
      image = await checkImage(file.bytes, ANY_IMAGE);
    }
    await transaction((tx) => setClientLogo(tx, actorOf(ctx), ctx.params.id, light, image, source));
  },
);

export const DELETE = apiOperation(
  { id: "oidcClients.logo.delete", method: "DELETE", path: "/api/oidc/clients/{id}/logo", tag: "OIDC clients", auth: "admin", summary: "Remove a client's light or dark logo", params: idParams, query: lightQuery },
  async (ctx) => transaction((tx) => deleteClientLogo(tx, actorOf(ctx), ctx.params.id, ctx.query.light === "true")),
);

export const { PUT, PATCH } = methodNotAllowed(["GET", "POST", "DELETE"]);
