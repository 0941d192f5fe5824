import { z } from "zod";
import { db, type Tx } from "../../db/client";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";
import { CLIENT_NOT_FOUND } from "./client-admin-dto";

export const clientMetaSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  hasLogo: z.boolean(),
  hasDarkLogo: z.boolean(),
  launchURL: z.string().nullable(),
  requiresReauthentication: z.boolean(),
  clientType: z.string(),
});

/**
 * GET /oidc/clients/:id/meta (inventory §1.5, public): what the sign-in and consent screens show
 * about an app before anyone is signed in. Nothing an attacker could use: no callback URLs, no
 * groups, no settings beyond whether sign-in will ask for the passkey again.
 */
export async function getClientMeta(id: string, tx: Tx = db()) {
  if (!isLookupId(id)) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const c = await tx.oidcClient.findUnique({
    where: { id },
    select: { id: true, name: true, description: true, imageType: true, darkImageType: true, launchUrl: true, requiresReauthentication: true, clientType: true },
  });
  if (!c) throw new AppError("not_found", CLIENT_NOT_FOUND);
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    hasLogo: !!c.imageType,
    hasDarkLogo: !!c.darkImageType,
    launchURL: c.launchUrl,
    requiresReauthentication: c.requiresReauthentication,
    clientType: c.clientType,
  };
}
