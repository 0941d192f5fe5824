import type { Metadata } from "next";
import { AuthShell } from "@/components/auth-shell";
import { Card } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/page-session";
import { ApproveDeviceLogin } from "./approve-device-login";

export const metadata: Metadata = { title: "Approve a sign-in" };

/**
 * The signed-in device's side of "sign in with another device" (inventory §1.5 /device with a
 * P-code, §5.4). Someone who is not signed in signs in first and comes back here with the code.
 * The code in the link only fills the field: nothing is decided without the person's click and,
 * to approve, their passkey.
 */
export default async function ApproveDeviceLoginPage({ searchParams }: { searchParams: Promise<{ user_code?: string | string[] }> }) {
  const raw = (await searchParams).user_code;
  const code = (typeof raw === "string" ? raw : "").slice(0, 64);
  const { user } = await requirePageUser(`/device/login${code ? `?user_code=${encodeURIComponent(code)}` : ""}`);
  return (
    <AuthShell>
      <Card>
        <ApproveDeviceLogin initialCode={code} username={user.username} />
      </Card>
    </AuthShell>
  );
}
