import type { Metadata } from "next";
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
  const next = safeRedirectPath((await searchParams).redirect);
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
          <PasskeySignIn next={next} />
          {env().previewMode && <PreviewSignIn next={next} />}
        </CardContent>
      </Card>
    </AuthShell>
  );
}
