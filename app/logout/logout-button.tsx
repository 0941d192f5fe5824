"use client";
import { LogOut } from "lucide-react";
import { Button } from "@/components/ui/button";
import { api } from "@/components/api-client";

export function LogoutButton() {
  return (
    <Button
      className="w-full"
      onClick={async () => {
        await api("/api/webauthn/logout", { method: "POST" }).catch(() => {});
        window.location.assign("/login?redirect=%2F");
      }}
    >
      <LogOut /> Sign out
    </Button>
  );
}
