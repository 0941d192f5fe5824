import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";

/** What sets a client apart, at a glance: public, PKCE, PAR, group restriction, CIMD (inventory §6.3). */
export function ClientBadges({
  client: c,
  className,
}: {
  client: { isPublic: boolean; pkceEnabled: boolean; requiresPushedAuthorizationRequests: boolean; isGroupRestricted: boolean; allowedUserGroupsCount: number; clientType: string; requiresReauthentication: boolean; skipConsent: boolean };
  className?: string;
}) {
  return (
    <div className={cn("flex flex-wrap gap-1.5", className)} data-testid="client-badges">
      {c.clientType === "cimd" && <Badge title="Registered by its metadata document (CIMD)">CIMD</Badge>}
      <Badge className="font-normal">{c.isPublic ? "Public" : "Confidential"}</Badge>
      {c.pkceEnabled && <Badge className="font-normal">PKCE</Badge>}
      {c.requiresPushedAuthorizationRequests && <Badge className="font-normal">PAR</Badge>}
      {c.requiresReauthentication && <Badge className="font-normal">Re-auth</Badge>}
      {c.skipConsent && <Badge className="font-normal">No consent</Badge>}
      {c.isGroupRestricted && (
        <Badge className={cn("font-normal", c.allowedUserGroupsCount === 0 && "border-destructive/50 text-destructive")}>
          {c.allowedUserGroupsCount === 0 ? "Restricted: no group" : "Restricted"}
        </Badge>
      )}
    </div>
  );
}
