import type { Metadata } from "next";
import { AuthShell } from "@/components/auth-shell";
import { Card, CardDescription, CardHeader, CardTitle, CardContent } from "@/components/ui/card";
import { pageSession } from "@/lib/auth/page-session";
import { SignOutButton } from "@/components/sign-out-button";
import { Button } from "@/components/ui/button";
import { LogIn } from "lucide-react";
import { appConfig } from "@/lib/config/app-config";

export const metadata: Metadata = { title: "Sign out" };

/** Where logouts without a verifiable request end: the user decides. */
export default async function LogoutPage() {
  const [session, { appName }] = await Promise.all([pageSession(), appConfig()]);
  return (
    <AuthShell>
      <Card>
        <CardHeader>
          <CardTitle>Sign out</CardTitle>
          <CardDescription>
            {session ? `Do you want to sign out of ${appName} as ${session.user.username}?` : `You are signed out of ${appName}.`}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {session ? (
            <SignOutButton className="w-full" next="/login?redirect=%2F" />
          ) : (
            <Button asChild className="w-full">
              <a href="/login">
                <LogIn aria-hidden /> Sign in again
              </a>
            </Button>
          )}
        </CardContent>
      </Card>
    </AuthShell>
  );
}
