import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { AuthShell } from "@/components/auth-shell";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { pageSession, safeRedirectPath } from "@/lib/auth/page-session";
import { LoginCodeForm } from "./login-code-form";

export const metadata: Metadata = { title: "Sign in with a login code" };

/**
 * Login code entry (inventory §1.5 /login/alternative/code, aliases /lc and /lc/<code>). A code in
 * the link only fills the field: signing in takes a click, so a mail scanner or link preview that
 * opens the link cannot use the code up, and a link sent by someone else cannot sign a visitor
 * into an account without them seeing it first.
 */
export default async function LoginCodePage({ searchParams }: { searchParams: Promise<{ code?: string; redirect?: string }> }) {
  const params = await searchParams;
  const next = safeRedirectPath(params.redirect);
  const session = await pageSession();
  const code = typeof params.code === "string" ? params.code.slice(0, 64) : "";
  return (
    <AuthShell>
      <Card>
        <CardHeader>
          <CardTitle>Sign in with a login code</CardTitle>
          <CardDescription>
            {code ? "Check the code below, then sign in. " : "Enter the code your administrator gave you. "}
            Afterwards, add a passkey on your account page so that you can sign in without a code next time.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <LoginCodeForm initialCode={code} next={next} signedInAs={session?.user.username ?? null} />
          <Link
            href={`/login/alternative${params.redirect ? `?redirect=${encodeURIComponent(next)}` : ""}`}
            className="inline-flex items-center gap-1 self-start rounded-sm text-sm text-muted-foreground underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            <ArrowLeft className="size-4" aria-hidden /> Other ways to sign in
          </Link>
        </CardContent>
      </Card>
    </AuthShell>
  );
}
