"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Mail, User, Users } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { api, ApiError } from "@/components/api-client";

const SCOPE_INFO: Record<string, { icon: typeof Mail; title: string; text: string }> = {
  email: { icon: Mail, title: "Email", text: "Your email address" },
  profile: { icon: User, title: "Profile", text: "Your name and username" },
  groups: { icon: Users, title: "Groups", text: "The groups you belong to" },
};

export function ConsentForm(props: { interactionId: string; clientName: string; scopes: string[]; user: { name: string; username: string } }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const listed = props.scopes.filter((s) => SCOPE_INFO[s]);

  async function answer(step: "consent" | "deny") {
    setBusy(true);
    setError(null);
    try {
      const { redirectUrl } = await api<{ redirectUrl: string }>(`/api/oidc/interactions/${encodeURIComponent(props.interactionId)}/complete`, {
        body: { step },
      });
      window.location.assign(redirectUrl);
    } catch (e) {
      // Already answered (double click, or Back then Allow): the request is gone, say so plainly.
      if (e instanceof ApiError && e.code === "interaction_not_found") {
        router.replace("/interaction/error?error=interaction_expired");
        return;
      }
      setBusy(false);
      setError((e as Error).message);
    }
  }

  return (
    <>
      <CardHeader>
        <CardTitle>Continue to {props.clientName}?</CardTitle>
        <CardDescription>
          Signed in as <strong>{props.user.name}</strong> ({props.user.username}).
          {listed.length ? ` ${props.clientName} will be able to see:` : ` ${props.clientName} only learns that it is you.`}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {error && (
          <Alert variant="destructive">
            <AlertDescription>{error}</AlertDescription>
          </Alert>
        )}
        {listed.map((s) => {
          const { icon: Icon, title, text } = SCOPE_INFO[s];
          return (
            <div key={s} className="flex items-center gap-3 rounded-md border p-3" data-scope={s}>
              <Icon className="size-5 text-muted-foreground" />
              <div>
                <div className="text-sm font-medium">{title}</div>
                <div className="text-sm text-muted-foreground">{text}</div>
              </div>
            </div>
          );
        })}
      </CardContent>
      <CardFooter className="gap-3">
        <Button variant="outline" className="flex-1" disabled={busy} onClick={() => answer("deny")}>
          Cancel
        </Button>
        <Button className="flex-1" disabled={busy} onClick={() => answer("consent")}>
          Allow
        </Button>
      </CardFooter>
    </>
  );
}
