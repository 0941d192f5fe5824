import { cn, encodePathId } from "@/lib/utils";

function logoUrl(id: string, light: boolean) {
  return `/api/oidc/clients/${encodePathId(id)}/logo?light=${light}`;
}

/**
 * The client's mark in lists and headers: its logo (the dark one with the dark theme; the server
 * falls back to the light one), or the first letter of its name on a tinted square, never an
 * empty box.
 */
export function ClientAvatar({ client, size = "md" }: { client: { id: string; name: string; hasLogo?: boolean }; size?: "md" | "lg" }) {
  const box = size === "lg" ? "size-12" : "size-9";
  if (client.hasLogo) {
    return (
      <span className={cn("flex shrink-0 items-center justify-center overflow-hidden rounded-md border bg-background p-1", box)} data-testid="client-logo">
        {/* eslint-disable-next-line @next/next/no-img-element -- served by our API with its own caching */}
        <img src={logoUrl(client.id, true)} alt="" className="size-full object-contain dark:hidden" />
        {/* eslint-disable-next-line @next/next/no-img-element -- as above */}
        <img src={logoUrl(client.id, false)} alt="" className="hidden size-full object-contain dark:block" />
      </span>
    );
  }
  const letter = (client.name.trim()[0] ?? "?").toUpperCase();
  return (
    <span aria-hidden className={cn("flex shrink-0 items-center justify-center rounded-md bg-primary/10 font-semibold text-primary", box, size === "lg" ? "text-xl" : "text-base")}>
      {letter}
    </span>
  );
}
