"use client";
import * as React from "react";
import { LoaderCircle, RefreshCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { refreshMetadataAction } from "../actions";

/** Fetches a CIMD client's metadata document now; the refreshed page shows what it says. */
export function RefreshMetadataButton({ clientId }: { clientId: string }) {
  const [pending, setPending] = React.useState(false);
  async function run() {
    setPending(true);
    try {
      const r = await refreshMetadataAction(clientId);
      if (!r.ok) toast.error(r.error);
      else toast.success(r.data.consentsRevoked ? "Metadata refreshed. Its URLs or grants changed, so users will be asked to consent again." : "Metadata refreshed.");
    } catch {
      toast.error("The server could not be reached. Check your connection and try again.");
    }
    setPending(false);
  }
  return (
    <Button variant="outline" onClick={run} disabled={pending} aria-busy={pending || undefined} className="self-start">
      {pending ? <LoaderCircle className="animate-spin motion-reduce:animate-none" aria-hidden /> : <RefreshCw aria-hidden />}
      {pending ? "Refreshing…" : "Refresh metadata"}
    </Button>
  );
}
