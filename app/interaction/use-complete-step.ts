"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { api, ApiError } from "@/components/api-client";

/** Sends the answer to one interaction step and follows the server's next address. */
export function useCompleteStep(interactionId: string) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function complete(step: "select_account" | "consent" | "deny") {
    setBusy(true);
    setError(null);
    try {
      const { redirectUrl } = await api<{ redirectUrl: string }>(`/api/oidc/interactions/${encodeURIComponent(interactionId)}/complete`, { body: { step } });
      window.location.assign(redirectUrl);
    } catch (e) {
      // Already answered (double click, or Back then Allow): the request is gone, say so plainly.
      if (e instanceof ApiError && e.code === "interaction_not_found") {
        router.replace("/interaction/error?error=interaction_expired");
        return;
      }
      // Another tab moved the request on: reload to show where it stands now.
      if (e instanceof ApiError && e.code === "interaction_step_mismatch") {
        router.refresh();
      }
      setBusy(false);
      setError((e as Error).message);
    }
  }
  return { busy, error, complete };
}
