import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { Clock, ShieldX, CircleSlash, CheckCircle2 } from "lucide-react";
import { AuthShell } from "@/components/auth-shell";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { PasskeySignIn } from "@/components/passkey-sign-in";
import { AccountOrSignInLink } from "@/components/account-or-sign-in-link";
import { pageSession } from "@/lib/auth/page-session";
import { requestMeta } from "@/lib/http/request-meta";
import { AppError } from "@/lib/errors";
import { describeDeviceCode, type DeviceCodeView } from "@/lib/services/device-codes/describe-device-code";
import { CodeEntryForm } from "./code-entry-form";
import { DeviceApproval } from "./device-approval";

export const metadata: Metadata = { title: "Connect a device" };
export const dynamic = "force-dynamic";

/** "Sign in with another device" codes (P + 7) have their own page (inventory §1.5 /device). */
const QR_LOGIN_CODE = /^\s*p[\s-]*[a-z0-9][\s-]*([a-z0-9][\s-]*){6}$/i;

function Title({ icon: Icon, children, tone = "muted" }: { icon: typeof Clock; children: React.ReactNode; tone?: "muted" | "destructive" | "ok" }) {
  const color = tone === "destructive" ? "text-destructive" : tone === "ok" ? "text-green-600 dark:text-green-500" : "text-muted-foreground";
  return (
    <CardTitle className="flex items-start gap-2 leading-tight">
      <Icon className={`mt-0.5 size-5 shrink-0 ${color}`} aria-hidden /> {children}
    </CardTitle>
  );
}

/**
 * /device (inventory §1.5, §2.14; RFC 8628 §3.3): where a person enters the code a TV or CLI shows,
 * or arrives with it in `?user_code=` (verification_uri_complete), signs in with a passkey if
 * needed, sees which app asks for what, and approves or denies. Every state of a code has its own
 * sentence saying what to do next; nothing here is a dead end.
 */
export default async function DevicePage({ searchParams }: { searchParams: Promise<{ user_code?: string | string[]; code?: string | string[] }> }) {
  const sp = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
  const code = first(sp.user_code) || first(sp.code);
  if (code && QR_LOGIN_CODE.test(code)) redirect(`/device/login?user_code=${encodeURIComponent(code)}`);
  const here = code ? `/device?user_code=${encodeURIComponent(code)}` : "/device";
  const session = await pageSession();

  if (!session) {
    return (
      <AuthShell>
        <Card data-state="sign-in">
          <CardHeader>
            <CardTitle>Connect a device</CardTitle>
            <CardDescription>Sign in with your passkey to connect the device that shows you a code. You come back here afterwards.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-3">
            <PasskeySignIn next={here} />
            <a href={`/login?redirect=${encodeURIComponent(here)}`} className="text-center text-sm text-muted-foreground underline-offset-4 hover:underline focus-visible:underline">
              Other ways to sign in
            </a>
          </CardContent>
        </Card>
      </AuthShell>
    );
  }

  let view: DeviceCodeView | null = null;
  let limited: string | null = null;
  if (code) {
    try {
      view = await describeDeviceCode(code, session, requestMeta(await headers()));
    } catch (e) {
      if (!(e instanceof AppError && e.code === "rate_limited")) throw e;
      limited = e.message;
    }
  }
  const user = { name: `${session.user.firstName} ${session.user.lastName}`.trim() || session.user.username, username: session.user.username };
  const enterAnother = (
    <CardFooter className="flex-col items-stretch gap-3">
      <p className="text-sm text-muted-foreground">Have a new code? Enter it here.</p>
      <CodeEntryForm />
    </CardFooter>
  );

  let body: React.ReactNode;
  if (!view || view.state === "unknown") {
    body = (
      <>
        <CardHeader>
          <CardTitle>Connect a device</CardTitle>
          <CardDescription>
            Enter the code your TV, console or command-line tool shows. You are signed in as <strong>{user.name}</strong> ({user.username}).
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {limited && (
            <Alert variant="destructive">
              <AlertDescription>{limited}</AlertDescription>
            </Alert>
          )}
          <CodeEntryForm initial={code} error={view?.state === "unknown" ? "This code is not valid. Check the code shown on your device and try again." : null} />
        </CardContent>
      </>
    );
  } else if (view.state === "expired") {
    body = (
      <>
        <CardHeader>
          <Title icon={Clock}>This code has expired</Title>
          <CardDescription data-testid="device-message">Codes work for 15 minutes. Start the sign-in on your device again to get a new code.</CardDescription>
        </CardHeader>
        {enterAnother}
      </>
    );
  } else if (view.state === "used") {
    body = (
      <>
        <CardHeader>
          <Title icon={CheckCircle2} tone="ok">
            This code has already been used
          </Title>
          <CardDescription data-testid="device-message">
            The device it belongs to was already approved. If the device still asks, start the sign-in there again to get a new code.
          </CardDescription>
        </CardHeader>
        {enterAnother}
      </>
    );
  } else if (view.state === "denied") {
    body = (
      <>
        <CardHeader>
          <Title icon={CircleSlash} tone="destructive">
            This request was denied
          </Title>
          <CardDescription data-testid="device-message">To connect the device after all, start the sign-in on it again and enter the new code.</CardDescription>
        </CardHeader>
        {enterAnother}
      </>
    );
  } else if (!view.allowed) {
    body = (
      <>
        <CardHeader>
          <Title icon={ShieldX} tone="destructive">
            No access
          </Title>
          <CardDescription data-testid="device-message">
            You&apos;re not allowed to access this service. You are signed in as <strong>{user.name}</strong> ({user.username}), and this account may not
            use <strong>{view.client.name}</strong>. Ask your administrator for access, or sign in with another account.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <PasskeySignIn next={here} label="Use a different account" />
        </CardContent>
        <CardFooter>
          <AccountOrSignInLink signedIn variant="outline" />
        </CardFooter>
      </>
    );
  } else if (view.reauthenticationRequired) {
    body = (
      <>
        <CardHeader>
          <CardTitle>Confirm it&apos;s you</CardTitle>
          <CardDescription data-testid="device-message">
            <strong>{view.client.name}</strong> asks you to verify with your passkey before a device is connected.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <PasskeySignIn next={here} label="Verify with passkey" />
        </CardContent>
      </>
    );
  } else {
    body = (
      <DeviceApproval
        code={code}
        userCode={view.userCode}
        clientName={view.client.name}
        logo={view.client}
        scopes={view.scopes}
        scopeInfo={view.scopeInfo}
        apiAccess={view.apiAccess}
        unverifiedHost={view.client.unverifiedHost}
        user={user}
        rememberedConsent={!view.authorizationRequired}
      />
    );
  }

  return (
    <AuthShell>
      <Card data-state={view ? (view.state === "pending" ? (view.allowed ? (view.reauthenticationRequired ? "reauthenticate" : "confirm") : "no-access") : view.state) : "enter"}>{body}</Card>
    </AuthShell>
  );
}
