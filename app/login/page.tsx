import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth-shell";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PasskeySignIn } from "@/components/passkey-sign-in";
import { pageSession, safeRedirectPath } from "@/lib/auth/page-session";
import { isSetupAvailable } from "@/lib/services/setup";
import { env } from "@/lib/config/env";
import { PreviewSignIn } from "./preview-sign-in";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ redirect?: string }> }) {
  const raw = (await searchParams).redirect;
  const next = safeRedirectPath(raw);
  if (await pageSession()) redirect(next);
  if (await isSetupAvailable()) redirect("/setup");
  return (
    <AuthShell>
      <Card>
        <CardHeader>
          <CardTitle>Sign in</CardTitle>
          <CardDescription>Use the passkey saved on this device or on your phone or security key.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <PasskeySignIn next={next} autofill />
          {env().previewMode && <PreviewSignIn next={next} />}
          <Link
            href={`/login/alternative${raw ? `?redirect=${encodeURIComponent(next)}` : ""}`}
            className="self-center rounded-sm text-sm text-muted-foreground underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            Don&apos;t have access to your passkey?
          </Link>
        </CardContent>
      </Card>
    </AuthShell>
  );
}
