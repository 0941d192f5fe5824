"use client";
import { KeyRound, LoaderCircle } from "lucide-react";
import { Button, type ButtonProps } from "@/components/ui/button";
import { cn } from "@/lib/utils";

export const WAITING_FOR_PASSKEY = "Waiting for your passkey…";

/**
 * A button that starts a passkey ceremony and, while the browser's prompt is open, says that it is
 * waiting. It stays focusable while busy (aria-disabled, not disabled), so a keyboard user keeps
 * their place, and the waiting text is also announced through a status region.
 */
export function PasskeyButton({
  busy,
  label,
  icon = <KeyRound />,
  onClick,
  className,
  ...props
}: { busy: boolean; label: string; icon?: React.ReactNode; onClick: () => void } & Pick<ButtonProps, "variant" | "size" | "className">) {
  return (
    <>
      <Button
        {...props}
        className={cn(busy && "cursor-progress opacity-70", className)}
        aria-disabled={busy || undefined}
        aria-busy={busy || undefined}
        onClick={() => {
          if (!busy) onClick();
        }}
      >
        {busy ? <LoaderCircle className="animate-spin motion-reduce:animate-none" aria-hidden /> : icon}
        {busy ? WAITING_FOR_PASSKEY : label}
      </Button>
      <span role="status" className="sr-only">
        {busy ? WAITING_FOR_PASSKEY : ""}
      </span>
    </>
  );
}
