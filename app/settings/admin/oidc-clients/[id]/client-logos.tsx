"use client";
import { useRouter } from "next/navigation";
import { ClientLogoField } from "@/components/client-logo-field";

/** Light and dark logo (helper 8b's field: upload, by URL, remove); the header and list follow on refresh. */
export function ClientLogos({ clientId, hasLogo, hasDarkLogo }: { clientId: string; hasLogo: boolean; hasDarkLogo: boolean }) {
  const router = useRouter();
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <ClientLogoField clientId={clientId} light hasLogo={hasLogo} onChanged={() => router.refresh()} />
      <ClientLogoField clientId={clientId} light={false} hasLogo={hasDarkLogo} onChanged={() => router.refresh()} />
    </div>
  );
}
