import { db } from "../db/client";
import { prismaOidcStore } from "../db/oidc-store";
import { env } from "../config/env";
import { requestMeta } from "./request-meta";

export function oidcContext(request: Request) {
  return { store: prismaOidcStore(db()), issuer: env().appUrl, now: new Date(), meta: requestMeta(request.headers) };
}
