"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { registerPasskey } from "@/components/api-client";

export function AddPasskeyButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant="outline"
        size="sm"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          const r = await registerPasskey();
          setBusy(false);
          if (!r.ok) setError(r.error);
          else router.refresh();
        }}
      >
        <Plus /> Add passkey
      </Button>
      {error && <p className="text-xs text-destructive">{error}</p>}
    </div>
  );
}
