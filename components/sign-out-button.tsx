"use client";
import { LogOut } from "lucide-react";
import { Button, type ButtonProps } from "@/components/ui/button";
import { api } from "@/components/api-client";

/** Ends the session (the row is deleted server-side), then leaves for `next`. */
export function SignOutButton({ next = "/login", ...props }: { next?: string } & Pick<ButtonProps, "variant" | "size" | "className">) {
  return (
    <Button
      {...props}
      onClick={async () => {
        await api("/api/webauthn/logout", { method: "POST" }).catch(() => {});
        window.location.assign(next);
      }}
    >
      <LogOut /> Sign out
    </Button>
  );
}
