import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { getClientAdmin } from "@/lib/services/oidc-clients/get-client-admin";
import { AppError } from "@/lib/errors";
import { ClaimsTab } from "../claims-tab";
import { PreviewTab } from "../preview-tab";

export const metadata: Metadata = { title: "Claims and OIDC data preview" };

/** The claim mapping and the data preview of one client, on their own page. */
export default async function ClientClaimsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const path = `/settings/admin/oidc-clients/${encodeURIComponent(id)}/claims`;
  await requirePageAdmin(path);
  let client;
  try {
    client = await getClientAdmin(id);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  }
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <Link href="/settings/admin/oidc-clients" className="inline-flex w-fit items-center gap-1 rounded text-sm text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
          <ArrowLeft className="size-4" aria-hidden /> OIDC Clients
        </Link>
        <h1 className="break-words text-2xl font-semibold">{client.name}: claims</h1>
        <code className="break-all text-xs text-muted-foreground">{client.id}</code>
      </div>
      <section aria-labelledby="claims-heading" className="flex flex-col gap-4">
        <h2 id="claims-heading" className="text-xl font-semibold">Claims</h2>
        <ClaimsTab client={client} />
      </section>
      <section aria-labelledby="preview-heading" className="flex flex-col gap-4">
        <h2 id="preview-heading" className="text-xl font-semibold">OIDC data preview</h2>
        <PreviewTab client={client} />
      </section>
    </div>
  );
}
