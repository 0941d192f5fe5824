"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { api } from "@/components/api-client";

/** Only rendered with PREVIEW_MODE=true: lets a reviewer in without a passkey. */
export function PreviewSignIn({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-2 rounded-md border border-dashed p-3">
      <p className="text-xs text-muted-foreground">Preview deployment: demo data, no real accounts.</p>
      <Button
        variant="outline"
        onClick={async () => {
          try {
            await api("/api/preview/sign-in", { body: {} });
            window.location.assign(next);
          } catch (e) {
            setError((e as Error).message);
          }
        }}
      >
        Sign in as the demo admin
      </Button>
      {error && <p className="text-sm text-destructive">{error}</p>}
    </div>
  );
}
