import { TriangleAlert } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

/**
 * Consent and device approval for a Client ID Metadata Document client (inventory §2.17): nobody
 * here registered the app; its name is what its own document says. The host is the part the user
 * can check against the app they meant to use.
 */
export function UnverifiedAppNotice({ host }: { host: string }) {
  return (
    <Alert variant="warning" data-testid="unverified-app">
      <TriangleAlert className="size-4" aria-hidden />
      <AlertTitle>Unverified app</AlertTitle>
      <AlertDescription>
        This app was not registered by your administrator: it describes itself from <strong className="break-all">{host}</strong>. Continue only if you
        started this sign-in and trust that site.
      </AlertDescription>
    </Alert>
  );
}
