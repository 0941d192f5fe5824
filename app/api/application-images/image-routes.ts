import { z } from "zod";
import { apiOperation, actorOf } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { readUploadedFile } from "@/lib/http/upload";
import { imageResponse } from "@/lib/http/image-response";
import { APPLICATION_IMAGES, type ApplicationImageKind } from "@/lib/services/application-images/application-image-kinds";
import { loadApplicationImage } from "@/lib/services/application-images/load-application-image";
import { setApplicationImage } from "@/lib/services/application-images/set-application-image";
import { resetApplicationImage } from "@/lib/services/application-images/reset-application-image";
import { acceptedTypesSentence } from "@/lib/services/images/check-image";

const lightQuery = z.object({
  light: z.enum(["true", "false"], { error: "Send light=true or light=false" }).default("true"),
  v: z.string().max(64).optional(),
});
const versionQuery = z.object({ v: z.string().max(64).optional() });

/** Inventory §1.5: application images are cached 15 minutes, then served stale for up to a day while revalidated. */
const MAX_AGE = 900;
const STALE = 86_400;

const kindOf = (path: string, light: boolean): ApplicationImageKind =>
  path === "/api/application-images/logo" ? (light ? "logoLight" : "logoDark") : (({
    "/api/application-images/email": "logoEmail",
    "/api/application-images/background": "background",
    "/api/application-images/favicon": "favicon",
    "/api/application-images/default-profile-picture": "defaultProfilePicture",
  }) as Record<string, ApplicationImageKind>)[path];

/**
 * GET/PUT(/DELETE) for one application image path (inventory §1.5). The logo path takes
 * `light=true|false` (light and dark logos); the others name one image each.
 */
export function applicationImageRoutes(path: string, opts: { name: string; isPublic: boolean; deletable: boolean; lightParam?: boolean }) {
  const id = path.split("/").pop()!;
  const spec = APPLICATION_IMAGES[kindOf(path, true)];
  const query = opts.lightParam ? lightQuery : versionQuery;
  const kindFor = (q: { light?: string }) => kindOf(path, q.light !== "false");
  const limit = `${Math.floor(spec.maxBytes / (1024 * 1024))} MB`;

  const GET = apiOperation(
    {
      id: `applicationImages.${id}.get`, method: "GET", path, tag: "Application images", auth: opts.isPublic ? "public" : "admin",
      summary: `The ${opts.name}`,
      description: `${opts.lightParam ? "light=false asks for the dark logo. " : ""}The uploaded image, ${spec.deletable && id !== "logo" ? "404 image_not_found when none is uploaded" : "else the bundled default"}. ETag/If-None-Match; cached 15 minutes (stale for a day), a year when ?v= names the current version.`,
      query,
    },
    async (ctx) => {
      const image = await loadApplicationImage(kindFor(ctx.query as { light?: string }));
      return imageResponse(image, { request: ctx.request, maxAge: MAX_AGE, staleWhileRevalidate: STALE, requestedVersion: ctx.query.v, isPrivate: !opts.isPublic, filename: `${id}.${image.ext}` });
    },
  );

  const PUT = apiOperation(
    {
      id: `applicationImages.${id}.update`, method: "PUT", path, tag: "Application images", auth: "admin",
      summary: `Upload the ${opts.name}`,
      description: `multipart/form-data with the image in the field \`file\`: ${acceptedTypesSentence(spec.allowed).replace(/^Upload a /, "").replace(/ image\.$/, "")}, at most ${limit}; the type is read from the bytes; EXIF/XMP metadata stripped; SVG with script refused.${id === "default-profile-picture" ? " Cropped and scaled to a 300×300 PNG." : ""} 413 file_too_large, 415 file_type_not_supported, 400 invalid_image.`,
      query: opts.lightParam ? lightQuery : undefined,
    },
    async (ctx) => {
      const kind = kindFor((ctx.query ?? {}) as { light?: string });
      const file = await readUploadedFile(ctx.request, APPLICATION_IMAGES[kind].maxBytes);
      await setApplicationImage(actorOf(ctx), kind, file.bytes);
    },
  );

  if (!opts.deletable) {
    const { POST, PATCH, DELETE } = methodNotAllowed(["GET", "PUT"]);
    return { GET, PUT, POST, PATCH, DELETE };
  }
  const DELETE = apiOperation(
    {
      id: `applicationImages.${id}.delete`, method: "DELETE", path, tag: "Application images", auth: "admin",
      summary: id === "logo" ? "Reset the light or dark logo to the bundled default" : `Remove the ${opts.name}`,
      query: opts.lightParam ? lightQuery : undefined,
    },
    async (ctx) => resetApplicationImage(actorOf(ctx), kindFor((ctx.query ?? {}) as { light?: string })),
  );
  const { POST, PATCH } = methodNotAllowed(["GET", "PUT", "DELETE"]);
  return { GET, PUT, DELETE, POST, PATCH };
}
