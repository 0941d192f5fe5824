"use client";
import { useState } from "react";
import { Check, Copy } from "lucide-react";
import { Button } from "@/components/ui/button";

/**
 * A value someone must read or copy in full (a one-time secret, an endpoint URL): it wraps at any
 * character instead of being cut off, one tap selects all of it, and the copy button keeps its
 * place beside it at any width. Where the clipboard is unavailable (plain http), the button says
 * so instead of pretending.
 */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2000);
  }
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <div className="text-xs font-medium text-muted-foreground">{label}</div>
      <div className="flex min-w-0 items-start gap-2">
        <code
          className="min-w-0 flex-1 select-all whitespace-pre-wrap break-all rounded-md bg-muted px-3 py-2 font-mono text-sm text-foreground"
          data-testid={testId}
        >
          {value}
        </code>
        <Button variant="ghost" size="icon" className="shrink-0" aria-label={`Copy ${label}`} onClick={copy}>
          {state === "copied" ? <Check /> : <Copy />}
        </Button>
      </div>
      <span role="status" className={state === "failed" ? "text-xs text-muted-foreground" : "sr-only"}>
        {state === "copied" ? `${label} copied` : state === "failed" ? "Copying is not available here: select the text and copy it." : ""}
      </span>
    </div>
  );
}
