import { AppWindow } from "lucide-react";
import { cn, encodePathId } from "@/lib/utils";

export interface ClientLogoInfo {
  id: string;
  name: string;
  hasLogo: boolean;
  hasDarkLogo?: boolean;
}

const SIZES = { sm: "size-8 text-xs", md: "size-10 text-sm", lg: "size-14 text-base" } as const;

/**
 * A client's logo wherever clients appear (consent, /device, My Apps, the admin list): the light
 * logo, and with the dark theme the dark one (the server falls back to the light logo when there
 * is none); without a logo, the name's initials on a tile. Decorative: the name is always next to it.
 */
export function ClientLogo({ client, size = "md", className }: { client: ClientLogoInfo; size?: keyof typeof SIZES; className?: string }) {
  const box = cn("shrink-0 rounded-md", SIZES[size], className);
  if (client.hasLogo) {
    const base = `/api/oidc/clients/${encodePathId(client.id)}/logo`;
    return (
      <>
        {/* eslint-disable-next-line @next/next/no-img-element -- an uploaded logo served by our API, any size and type */}
        <img src={`${base}?light=true`} alt="" className={cn(box, "object-contain", client.hasDarkLogo && "dark:hidden")} data-testid="client-logo" />
        {client.hasDarkLogo && (
          // eslint-disable-next-line @next/next/no-img-element -- as above
          <img src={`${base}?light=false`} alt="" className={cn(box, "hidden object-contain dark:block")} data-testid="client-logo-dark" />
        )}
      </>
    );
  }
  const initials = client.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => Array.from(w)[0]!.toUpperCase())
    .join("");
  return (
    <span aria-hidden className={cn(box, "flex items-center justify-center bg-muted font-semibold text-muted-foreground")} data-testid="client-logo-initials">
      {initials || <AppWindow className="size-1/2" />}
    </span>
  );
}
