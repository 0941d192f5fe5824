import type { Metadata } from "next";
import { TriangleAlert } from "lucide-react";
import { AuthShell } from "@/components/auth-shell";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata: Metadata = { title: "Sign-in error" };

/** Fixed messages only: the query names an error code, never text an attacker could plant. */
const MESSAGES: Record<string, string> = {
  invalid_client: "This application is not registered with this Pocket ID.",
  invalid_redirect_uri: "The application sent you back to an address that is not registered for it. Its callback URL must be added in the admin settings.",
  invalid_request: "The application sent an invalid sign-in request.",
  access_denied: "You are not allowed to access this service.",
  interaction_expired: "This sign-in request has expired. Go back to the application and try again.",
  server_error: "Something went wrong. Try again.",
};

export default async function InteractionErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const code = (await searchParams).error ?? "";
  const message = MESSAGES[code] ?? MESSAGES.invalid_request;
  return (
    <AuthShell>
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <TriangleAlert className="size-5 text-destructive" /> Cannot continue
          </CardTitle>
          <CardDescription data-error={code}>{message}</CardDescription>
        </CardHeader>
      </Card>
    </AuthShell>
  );
}
