"use client";
import { KeyRound, Mail, User, Users } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { UnverifiedAppNotice } from "@/components/unverified-app-notice";
import { ClientLogo, type ClientLogoInfo } from "@/components/client-logo";
import { useCompleteStep } from "./use-complete-step";

/** How a scope reads on consent screens (also the device approval page). */
export const SCOPE_INFO: Record<string, { icon: typeof Mail; title: string; text: string }> = {
  email: { icon: Mail, title: "Email", text: "Your email address" },
  profile: { icon: User, title: "Profile", text: "Your name and username" },
  groups: { icon: Users, title: "Groups", text: "The groups you belong to" },
};

export function ConsentForm(props: {
  interactionId: string;
  clientName: string;
  scopes: string[];
  /** API permissions asked for, with their friendly names (inventory §2.16). */
  scopeInfo?: { key: string; name: string; description: string }[];
  /** The app asks for an access token to an API on the user's behalf. */
  apiAccess?: boolean;
  /** A CIMD client (inventory §2.17): the host its metadata document came from. */
  unverifiedHost?: string | null;
  user: { name: string; username: string };
  /** The client's logo (inventory §2.18); initials when it has none. */
  logo?: ClientLogoInfo;
}) {
  const { busy, error, complete } = useCompleteStep(props.interactionId);
  const identity = props.scopes.filter((s) => SCOPE_INFO[s]).map((s) => ({ key: s, ...SCOPE_INFO[s] }));
  const permissions = (props.scopeInfo ?? []).map((p) => ({ key: p.key, icon: KeyRound, title: p.name, text: p.description || "Access an API on your behalf" }));
  // An API reached without any permission is still access on the user's behalf: say so.
  if (props.apiAccess && !permissions.length) permissions.push({ key: "", icon: KeyRound, title: "API access", text: "Access an API on your behalf" });
  const listed = [...identity, ...permissions];

  return (
    <>
      <CardHeader>
        <div className="flex items-center gap-3">
          {props.logo && <ClientLogo client={props.logo} size="lg" />}
          <CardTitle>Continue to {props.clientName}?</CardTitle>
        </div>
        <CardDescription>
          Signed in as <strong>{props.user.name}</strong> ({props.user.username}).
          {listed.length ? ` ${props.clientName} asks for:` : ` ${props.clientName} only learns that it is you.`}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {props.unverifiedHost && <UnverifiedAppNotice host={props.unverifiedHost} />}
        {error && (
          <Alert variant="destructive">
            <AlertDescription>{error}</AlertDescription>
          </Alert>
        )}
        {listed.map(({ key, icon: Icon, title, text }) => {
          return (
            <div key={key || "api"} className="flex items-center gap-3 rounded-md border p-3" data-scope={key}>
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
        <Button variant="outline" className="flex-1" disabled={busy} onClick={() => complete("deny")}>
          Cancel
        </Button>
        <Button className="flex-1" disabled={busy} onClick={() => complete("consent")}>
          Allow
        </Button>
      </CardFooter>
    </>
  );
}
