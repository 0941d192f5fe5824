import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ShieldX } from "lucide-react";
import { AuthShell } from "@/components/auth-shell";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { PasskeySignIn } from "@/components/passkey-sign-in";
import { AccountOrSignInLink } from "@/components/account-or-sign-in-link";
import { pageSession } from "@/lib/auth/page-session";
import { describeInteraction } from "@/lib/services/interactions";
import { ConsentForm } from "./consent-form";
import { SelectAccountForm } from "./select-account-form";

export const metadata: Metadata = { title: "Sign in" };

/**
 * The steps of a parked authorization request, one screen each (inventory §2.3): sign in →
 * choose account → confirm with passkey → consent; and the group-restriction denial, which stays
 * here inside the provider (inventory §2.2). The state lives in the interaction row, so a reload
 * or a return later shows the step the request is at.
 */
export default async function InteractionPage({ searchParams }: { searchParams: Promise<{ interaction?: string }> }) {
  const id = (await searchParams).interaction ?? "";
  const session = await pageSession();
  const interaction = id ? await describeInteraction(id, session) : null;
  if (!interaction) redirect("/interaction/error?error=interaction_expired");
  const resume = `/authorize?interaction=${encodeURIComponent(interaction.id)}`;
  // Nothing left to do, or the client's settings changed meanwhile: /authorize finishes or says why.
  if (interaction.stale || (!interaction.currentStep && !interaction.denied)) redirect(resume);
  const app = <strong>{interaction.client.name}</strong>;
  const user = interaction.signedInAs;

  return (
    <AuthShell>
      <Card data-step={interaction.denied ? "denied" : interaction.currentStep}>
        {interaction.currentStep === "authenticate" ? (
          <>
            <CardHeader>
              <CardTitle>{interaction.otherAccount ? "Use another account" : "Sign in"}</CardTitle>
              <CardDescription data-testid="interaction-message">
                {interaction.otherAccount ? (
                  <>
                    {app} asks for a different account than the one you are signed in with{user ? <> ({user.username})</> : null}. Sign in with the passkey of the
                    account the app expects.
                  </>
                ) : (
                  <>Sign in with your passkey to continue to {app}.</>
                )}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <PasskeySignIn next={resume} label={interaction.otherAccount ? "Sign in with another passkey" : "Sign in with passkey"} />
            </CardContent>
          </>
        ) : interaction.currentStep === "select_account" && user ? (
          <SelectAccountForm interactionId={interaction.id} clientName={interaction.client.name} user={user} resume={resume} />
        ) : interaction.denied && user ? (
          <>
            <CardHeader>
              <CardTitle className="flex items-start gap-2 leading-tight">
                <ShieldX className="mt-0.5 size-5 shrink-0 text-destructive" aria-hidden /> No access
              </CardTitle>
              <CardDescription data-testid="interaction-message">
                You are signed in as <strong>{user.name}</strong> ({user.username}), and this account is not allowed to use {app}. If you need it, ask your
                administrator to give you access, or sign in with another account.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <PasskeySignIn next={resume} label="Use a different account" />
            </CardContent>
            <CardFooter>
              <AccountOrSignInLink signedIn variant="outline" />
            </CardFooter>
          </>
        ) : interaction.currentStep === "reauthenticate" ? (
          <>
            <CardHeader>
              <CardTitle>Confirm it&apos;s you</CardTitle>
              <CardDescription data-testid="interaction-message">{app} asks you to verify with your passkey again.</CardDescription>
            </CardHeader>
            <CardContent>
              <PasskeySignIn next={resume} label="Verify with passkey" />
            </CardContent>
          </>
        ) : (
          <ConsentForm
            interactionId={interaction.id}
            clientName={interaction.client.name}
            logo={interaction.client}
            scopes={interaction.scopes}
            scopeInfo={interaction.scopeInfo}
            apiAccess={interaction.apiAccess}
            unverifiedHost={interaction.client.unverifiedHost}
            user={user ?? { name: "", username: "" }}
          />
        )}
      </Card>
    </AuthShell>
  );
}
