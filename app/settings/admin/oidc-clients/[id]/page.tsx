import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { getClientAdmin } from "@/lib/services/oidc-clients/get-client-admin";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/config/env";
import { decodePathId, encodePathId } from "@/lib/http/path-id";
import { ClientBadges } from "../client-badges";
import { ClientAvatar } from "../client-avatar";
import { DeleteClientButton } from "./delete-client-button";
import { TabStrip } from "./tab-strip";
import { CLIENT_TABS } from "./tabs";

export const metadata: Metadata = { title: "OIDC Client" };

async function load(id: string) {
  try {
    return await getClientAdmin(id);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  }
}

/** Next may hand the segment over still percent-encoded; a malformed escape is kept as sent (and finds nothing). */
function safeDecode(v: string) {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

export default async function OidcClientPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ tab?: string | string[] }> }) {
  // Inventory §1.5: URL-shaped (CIMD) client ids travel as `~base64url` in one path segment.
  const id = decodePathId(safeDecode((await params).id));
  const basePath = `/settings/admin/oidc-clients/${encodePathId(id)}`;
  await requirePageAdmin(basePath);
  const client = await load(id);
  const { tab } = await searchParams;
  const active = CLIENT_TABS.find((t) => t.id === tab) ?? CLIENT_TABS[0];
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3">
        <Link href="/settings/admin/oidc-clients" className="inline-flex w-fit items-center gap-1 rounded text-sm text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
          <ArrowLeft className="size-4" aria-hidden /> OIDC Clients
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="flex min-w-0 items-start gap-3">
            <ClientAvatar client={client} size="lg" />
            <div className="flex min-w-0 flex-col gap-1.5">
              <h1 className="break-words text-2xl font-semibold" data-testid="client-title">
                {client.name}
              </h1>
              <code className="break-all text-xs text-muted-foreground">{client.id}</code>
              <ClientBadges client={client} />
            </div>
          </div>
          <DeleteClientButton client={{ id: client.id, name: client.name }} />
        </div>
      </div>
      <TabStrip basePath={basePath} tabs={CLIENT_TABS} active={active.id} />
      <div data-testid={`client-panel-${active.id}`}>{active.render({ client, allowInsecure: env().allowInsecureCallbackUrls })}</div>
    </div>
  );
}
