import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LogIn } from "lucide-react";
import { AuthShell } from "@/components/auth-shell";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { isSetupAvailable } from "@/lib/services/setup";
import { pageSession } from "@/lib/auth/page-session";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Setup" };

/** First-run setup (inventory §5.1): only while no user exists; afterwards it is gone. */
export default async function SetupPage({ searchParams }: { searchParams: Promise<{ step?: string }> }) {
  const { step } = await searchParams;
  const available = await isSetupAvailable();
  const session = await pageSession();
  if (!available && !(step === "passkey" && session)) {
    if (session) redirect("/settings");
    return (
      <AuthShell>
        <Card>
          <CardHeader>
            <CardTitle>Not found</CardTitle>
            <CardDescription>Setup has already been completed. Sign in with your passkey instead.</CardDescription>
          </CardHeader>
          <CardContent>
            <Button asChild className="w-full">
              <a href="/login">
                <LogIn aria-hidden /> Go to sign-in
              </a>
            </Button>
          </CardContent>
        </Card>
      </AuthShell>
    );
  }
  return (
    <AuthShell>
      <SetupForm initialStep={step === "passkey" && session ? "passkey" : "account"} />
    </AuthShell>
  );
}
