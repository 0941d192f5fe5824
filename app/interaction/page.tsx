import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth-shell";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PasskeySignIn } from "@/components/passkey-sign-in";
import { pageSession } from "@/lib/auth/page-session";
import { describeInteraction } from "@/lib/services/interactions";
import { ConsentForm } from "./consent-form";

export const metadata: Metadata = { title: "Sign in" };

/** Sign-in, re-authentication and consent for a parked authorization request (inventory §2.3). */
export default async function InteractionPage({ searchParams }: { searchParams: Promise<{ interaction?: string }> }) {
  const id = (await searchParams).interaction ?? "";
  const session = await pageSession();
  const interaction = id ? await describeInteraction(id, session) : null;
  if (!interaction) redirect("/interaction/error?error=interaction_expired");
  const resume = `/authorize?interaction=${encodeURIComponent(interaction.id)}`;
  // Nothing left to do, or the client's settings changed meanwhile: /authorize finishes or says why.
  if (interaction.stale || (!interaction.needsAuthentication && !interaction.needsConfirmation)) redirect(resume);

  return (
    <AuthShell>
      <Card>
        {interaction.needsAuthentication ? (
          <>
            <CardHeader>
              <CardTitle>{interaction.otherAccount ? "Use another account" : interaction.reauthentication ? "Confirm it's you" : "Sign in"}</CardTitle>
              <CardDescription data-testid="interaction-message">
                {interaction.otherAccount ? (
                  <>
                    <strong>{interaction.client.name}</strong> asks for a different account than the one you are signed in with
                    {interaction.signedInAs ? <> ({interaction.signedInAs})</> : null}. Sign in with the passkey of the account the app expects.
                  </>
                ) : interaction.reauthentication ? (
                  <>
                    <strong>{interaction.client.name}</strong> asks you to verify with your passkey again.
                  </>
                ) : (
                  <>
                    Sign in with your passkey to continue to <strong>{interaction.client.name}</strong>.
                  </>
                )}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <PasskeySignIn next={resume} label={interaction.reauthentication ? "Verify with passkey" : interaction.otherAccount ? "Sign in with another passkey" : "Sign in with passkey"} />
            </CardContent>
          </>
        ) : (
          <ConsentForm
            interactionId={interaction.id}
            clientName={interaction.client.name}
            scopes={interaction.scopes}
            user={{ name: `${session!.user.firstName} ${session!.user.lastName}`.trim() || session!.user.username, username: session!.user.username }}
          />
        )}
      </Card>
    </AuthShell>
  );
}
