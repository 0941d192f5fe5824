"use client";
import { ArrowRight, UserRound } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { PasskeySignIn } from "@/components/passkey-sign-in";
import { useCompleteStep } from "./use-complete-step";

/**
 * prompt=select_account (inventory §2.3): continue as the signed-in account, or sign in with
 * another account's passkey (a sign-in during the request counts as choosing that account).
 */
export function SelectAccountForm(props: { interactionId: string; clientName: string; user: { name: string; username: string }; resume: string }) {
  const { busy, error, complete } = useCompleteStep(props.interactionId);
  return (
    <>
      <CardHeader>
        <CardTitle>Choose an account</CardTitle>
        <CardDescription>
          Which account do you want to use for <strong>{props.clientName}</strong>?
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {error && (
          <Alert variant="destructive">
            <AlertDescription>{error}</AlertDescription>
          </Alert>
        )}
        <Button
          variant="outline"
          className="h-auto min-h-14 justify-start gap-3 whitespace-normal py-3 text-left"
          disabled={busy}
          onClick={() => complete("select_account")}
          data-testid="continue-as"
        >
          <UserRound className="size-5 shrink-0" aria-hidden />
          <span className="flex flex-1 flex-col">
            <span className="font-medium">Continue as {props.user.name}</span>
            <span className="text-sm text-muted-foreground">{props.user.username}</span>
          </span>
          <ArrowRight className="size-4 shrink-0" aria-hidden />
        </Button>
        <div className="flex items-center gap-3 text-xs uppercase text-muted-foreground" aria-hidden>
          <span className="h-px flex-1 bg-border" /> or <span className="h-px flex-1 bg-border" />
        </div>
      </CardContent>
      <CardFooter className="flex-col items-stretch">
        <PasskeySignIn next={props.resume} label="Use a different account" />
      </CardFooter>
    </>
  );
}
