"use server";
import { runAction, runGuarded } from "@/app/settings/run-action";
import { setClientClaimMapping } from "@/lib/services/oidc-clients/set-client-claim-mapping";
import { previewClientTokens, type ClientTokenPreview } from "@/lib/services/oidc-clients/preview-client-tokens";
import type { ClaimMapping } from "@/lib/oidc/claim-mapping";
import { encodePathId } from "@/lib/http/path-id";
import type { ActionResult } from "@/components/action-result";

const pagePath = (clientId: string) => `/settings/admin/oidc-clients/${encodePathId(String(clientId))}`;

/** The Claims tab's Save: replaces the client's claim mapping (null = back to the default). */
export async function saveClaimMappingAction(clientId: string, mapping: unknown): Promise<ActionResult<ClaimMapping>> {
  return runAction({ path: pagePath(clientId), message: "Claim mapping saved: the next sign-in, refresh and userinfo use it." }, (tx, actor) =>
    setClientClaimMapping(tx, actor, String(clientId), mapping),
  );
}

/** The OIDC data preview tab: reads only (nothing signed, stored or audited). */
export async function previewTokensAction(clientId: string, userId: string, scopes: string): Promise<ActionResult<ClientTokenPreview>> {
  return runGuarded({ path: pagePath(clientId), refresh: false }, () => previewClientTokens(String(clientId), String(userId), String(scopes)));
}
