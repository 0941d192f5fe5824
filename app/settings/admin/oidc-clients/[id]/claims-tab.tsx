import type { ClaimMapping } from "@/lib/oidc/claim-mapping";
import { listClaimSuggestions } from "@/lib/services/custom-claims/list-claim-suggestions";
import { ClaimMappingEditor } from "./claim-mapping-editor";

/** The client page's "Claims" tab: the claim mapping editor, with custom claim keys as suggestions. */
export async function ClaimsTab({ client }: { client: { id: string; claimMapping: ClaimMapping } }) {
  const suggestions = await listClaimSuggestions();
  return <ClaimMappingEditor key={JSON.stringify(client.claimMapping)} clientId={client.id} initial={client.claimMapping} suggestions={suggestions} />;
}
