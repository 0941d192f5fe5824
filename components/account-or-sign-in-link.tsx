import { LogIn, UserRound } from "lucide-react";
import { Button } from "@/components/ui/button";

/** The way on from an error page: the account for someone signed in, sign-in for everyone else. */
export function AccountOrSignInLink({ signedIn, variant = "default" }: { signedIn: boolean; variant?: "default" | "outline" }) {
  return (
    <Button asChild variant={variant}>
      {signedIn ? (
        <a href="/settings">
          <UserRound aria-hidden /> Go to your account
        </a>
      ) : (
        <a href="/login">
          <LogIn aria-hidden /> Sign in
        </a>
      )}
    </Button>
  );
}
