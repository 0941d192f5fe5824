"use client";
import { ClientLogo, type ClientLogoInfo } from "@/components/client-logo";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { CheckCircle2, KeyRound, XCircle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { api, ApiError } from "@/components/api-client";
import { SCOPE_INFO } from "@/app/interaction/consent-form";
import { UnverifiedAppNotice } from "@/components/unverified-app-notice";

/**
 * The decision on a pending device code (inventory §2.14). Always asked, even when the app was
 * approved before: RFC 8628 §5.4 (remote phishing) wants the person to confirm that the code on
 * their own device is the one asking, so the code is shown again here.
 */
export function DeviceApproval(props: {
  code: string;
  userCode: string;
  clientName: string;
  scopes: string[];
  /** API permissions asked for (inventory §2.16), described as on the consent screen. */
  scopeInfo?: { key: string; name: string; description: string }[];
  apiAccess?: boolean;
  /** A CIMD client (inventory §2.17): the host its metadata document came from. */
  unverifiedHost?: string | null;
  user: { name: string; username: string };
  rememberedConsent: boolean;
  /** The client's logo (inventory §2.18); initials when it has none. */
  logo?: ClientLogoInfo;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<"approve" | "deny" | null>(null);
  const [done, setDone] = useState<"approved" | "denied" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const identity = props.scopes.filter((s) => SCOPE_INFO[s]).map((s) => ({ key: s, ...SCOPE_INFO[s] }));
  const permissions = (props.scopeInfo ?? []).map((p) => ({ key: p.key, icon: KeyRound, title: p.name, text: p.description || "Access an API on your behalf" }));
  // An API reached without any permission is still access on the user's behalf: say so.
  if (props.apiAccess && !permissions.length) permissions.push({ key: "", icon: KeyRound, title: "API access", text: "Access an API on your behalf" });
  const listed = [...identity, ...permissions];

  async function decide(decision: "approve" | "deny") {
    setBusy(decision);
    setError(null);
    try {
      await api(`/api/oidc/device/${decision === "approve" ? "verify" : "deny"}?code=${encodeURIComponent(props.code)}`, { method: "POST" });
      setDone(decision === "approve" ? "approved" : "denied");
    } catch (e) {
      // Decided elsewhere, expired, or a fresh passkey is now needed: the page says where it stands.
      if (e instanceof ApiError && ["reauthentication_required", "oidc_device_code_used", "oidc_device_code_expired", "access_denied"].includes(e.code)) {
        router.refresh();
      }
      setError((e as Error).message);
      setBusy(null);
    }
  }

  if (done) {
    const approved = done === "approved";
    const Icon = approved ? CheckCircle2 : XCircle;
    return (
      <CardHeader data-testid="device-result" data-result={done}>
        <CardTitle className="flex items-start gap-2 leading-tight">
          <Icon className={`mt-0.5 size-5 shrink-0 ${approved ? "text-green-600 dark:text-green-500" : "text-destructive"}`} aria-hidden />
          {approved ? "Device connected" : "Request denied"}
        </CardTitle>
        <CardDescription role="status">
          {approved ? (
            <>
              Your device is now signed in to <strong>{props.clientName}</strong> as {props.user.username}. You can close this page and continue on the
              device.
            </>
          ) : (
            <>
              The device was not signed in to <strong>{props.clientName}</strong>. If you did not start this, nothing else needs doing; you can close this
              page.
            </>
          )}
        </CardDescription>
      </CardHeader>
    );
  }

  return (
    <>
      <CardHeader>
        <div className="flex items-center gap-3">
          {props.logo && <ClientLogo client={props.logo} size="lg" />}
          <CardTitle>Connect {props.clientName}?</CardTitle>
        </div>
        <CardDescription>
          A device asks to sign in to <strong>{props.clientName}</strong> as <strong>{props.user.name}</strong> ({props.user.username}). Continue only if
          you started this yourself and your device shows this code:
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <p className="rounded-md border bg-muted/50 py-3 text-center font-mono text-2xl font-semibold tracking-widest" data-testid="device-user-code">
          {props.userCode}
        </p>
        {props.unverifiedHost && <UnverifiedAppNotice host={props.unverifiedHost} />}
        {error && (
          <Alert variant="destructive">
            <AlertDescription>{error}</AlertDescription>
          </Alert>
        )}
        <p className="text-sm text-muted-foreground">
          {listed.length ? `${props.clientName} asks for:` : `${props.clientName} only learns that it is you.`}
          {props.rememberedConsent ? " You allowed this before." : ""}
        </p>
        {listed.map(({ key, icon: Icon, title, text }) => {
          return (
            <div key={key || "api"} className="flex items-center gap-3 rounded-md border p-3" data-scope={key}>
              <Icon className="size-5 shrink-0 text-muted-foreground" aria-hidden />
              <div>
                <div className="text-sm font-medium">{title}</div>
                <div className="text-sm text-muted-foreground">{text}</div>
              </div>
            </div>
          );
        })}
      </CardContent>
      <CardFooter className="gap-3">
        <Button variant="outline" className="flex-1" disabled={!!busy} onClick={() => decide("deny")}>
          {busy === "deny" ? "Denying…" : "Deny"}
        </Button>
        <Button className="flex-1" disabled={!!busy} onClick={() => decide("approve")}>
          {busy === "approve" ? "Approving…" : "Approve"}
        </Button>
      </CardFooter>
    </>
  );
}
