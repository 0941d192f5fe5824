import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { AuthShell } from "@/components/auth-shell";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { pageSession, safeRedirectPath } from "@/lib/auth/page-session";
import { DeviceLoginWaiting } from "./device-login-waiting";

export const metadata: Metadata = { title: "Sign in with another device" };

/**
 * The device without a passkey at hand (inventory §1.5 /login/alternative/device, §5.4): it starts
 * a request, shows the QR code and the code, and waits for the signed-in device to approve.
 */
export default async function DeviceLoginPage({ searchParams }: { searchParams: Promise<{ redirect?: string }> }) {
  const raw = (await searchParams).redirect;
  const next = safeRedirectPath(raw);
  if (await pageSession()) redirect(next);
  return (
    <AuthShell>
      <Card>
        <CardHeader>
          <CardTitle>Sign in with another device</CardTitle>
          <CardDescription>
            Scan the QR code with a phone or computer where you are already signed in, or open the address below there and enter the code. Then
            approve the sign-in with your passkey on that device.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <DeviceLoginWaiting next={next} />
          <Link
            href={`/login/alternative${raw ? `?redirect=${encodeURIComponent(next)}` : ""}`}
            className="inline-flex items-center gap-1 self-start rounded-sm text-sm text-muted-foreground underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            <ArrowLeft className="size-4" aria-hidden /> Other ways to sign in
          </Link>
        </CardContent>
      </Card>
    </AuthShell>
  );
}
