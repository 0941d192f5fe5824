import type * as React from "react";
import type { getClientAdmin } from "@/lib/services/oidc-clients/get-client-admin";
import { GeneralTab } from "./general-tab";
import { GroupsTab } from "./groups-tab";
import { CredentialsTab } from "./credentials-tab";
import { ApiAccessTab } from "./api-access-tab";
import { ClaimsTab } from "./claims-tab";
import { PreviewTab } from "./preview-tab";

export type ClientAdmin = Awaited<ReturnType<typeof getClientAdmin>>;

/** What every tab receives from the page: the client as GET /api/oidc/clients/:id returns it. */
export interface ClientTabContext {
  client: ClientAdmin;
  /** ALLOW_INSECURE_CALLBACK_URLS, for the callback URL checks while typing. */
  allowInsecure: boolean;
}

/**
 * The client page's tabs, in order (inventory §6.3). THE one place a tab is added: an entry here
 * (id = the ?tab= value, label, and the server component that renders its panel). Each panel is
 * rendered on the server only when its tab is open.
 */
export const CLIENT_TABS: ReadonlyArray<{ id: string; label: string; render: (ctx: ClientTabContext) => React.ReactNode }> = [
  { id: "general", label: "General", render: (ctx) => <GeneralTab {...ctx} /> },
  { id: "groups", label: "Allowed user groups", render: (ctx) => <GroupsTab {...ctx} /> },
  { id: "credentials", label: "Credentials", render: (ctx) => <CredentialsTab {...ctx} /> },
  { id: "api-access", label: "API access", render: (ctx) => <ApiAccessTab {...ctx} /> },
  { id: "claims", label: "Claims", render: (ctx) => <ClaimsTab client={ctx.client} /> },
  { id: "preview", label: "OIDC data preview", render: (ctx) => <PreviewTab client={ctx.client} /> },
];
