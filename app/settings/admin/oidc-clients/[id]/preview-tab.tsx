import { TokenPreview } from "./token-preview";

/** The client page's "OIDC data preview" tab (inventory §6.3). */
export function PreviewTab({ client }: { client: { id: string } }) {
  return <TokenPreview clientId={client.id} />;
}
