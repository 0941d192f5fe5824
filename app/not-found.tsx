import type { Metadata } from "next";
import { SearchX } from "lucide-react";
import { AuthShell } from "@/components/auth-shell";
import { AccountOrSignInLink } from "@/components/account-or-sign-in-link";
import { Card, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { pageSession } from "@/lib/auth/page-session";

export const metadata: Metadata = { title: "Page not found" };

/** Every unknown page (and every notFound()) lands here, with a way on for the signed-in and the signed-out. */
export default async function NotFound() {
  const session = await pageSession().catch(() => null);
  return (
    <AuthShell>
      <Card data-testid="not-found">
        <CardHeader>
          <CardTitle className="flex items-start gap-2 leading-tight">
            <SearchX className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden /> Page not found
          </CardTitle>
          <CardDescription>There is no page at this address. Check the link, or continue from here.</CardDescription>
        </CardHeader>
        <CardFooter>
          <AccountOrSignInLink signedIn={!!session} />
        </CardFooter>
      </Card>
    </AuthShell>
  );
}
