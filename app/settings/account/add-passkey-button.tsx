"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { PasskeyButton } from "@/components/passkey-button";
import { registerPasskey } from "@/components/api-client";

export function AddPasskeyButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <PasskeyButton
        variant="outline"
        size="sm"
        busy={busy}
        label="Add passkey"
        icon={<Plus />}
        onClick={async () => {
          setBusy(true);
          setError(null);
          const r = await registerPasskey();
          setBusy(false);
          if (!r.ok) setError(r.error);
          else router.refresh();
        }}
      />
      {error && (
        <p role="alert" className="max-w-sm text-sm text-destructive sm:text-right" data-testid="passkey-error">
          {error}
        </p>
      )}
    </div>
  );
}
