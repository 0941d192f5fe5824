"use client";
import { LogOut } from "lucide-react";
import { Button } from "@/components/ui/button";
import { api } from "@/components/api-client";

export function SignOutButton() {
  return (
    <Button
      variant="ghost"
      size="sm"
      onClick={async () => {
        await api("/api/webauthn/logout", { method: "POST" }).catch(() => {});
        window.location.assign("/login");
      }}
    >
      <LogOut /> Sign out
    </Button>
  );
}
