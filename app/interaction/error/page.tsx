import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft, Settings, TriangleAlert } from "lucide-react";
import { AuthShell } from "@/components/auth-shell";
import { AccountOrSignInLink } from "@/components/account-or-sign-in-link";
import { CopyField } from "@/components/copy-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { pageSession } from "@/lib/auth/page-session";
import { loadClientSummary } from "@/lib/services/client-summary";
import { loadClientCallbacks } from "@/lib/services/oidc-clients/get-client-callbacks";
import { verifiedErrorPageContext } from "@/lib/http/error-page-link";
import { encodePathId } from "@/lib/http/path-id";

export const metadata: Metadata = { title: "Sign-in error" };

type Query = Record<string, string | string[] | undefined>;

/** Long enough for any registrable callback URL (1000) with room; longer input is cut, not echoed whole. */
const MAX_SHOWN_URI = 2048;

/**
 * Fixed wording per error code. The only query values that reach the page are the code (looked up
 * here) and, from links this server signed (lib/http/error-page-link.ts), the client's stored name
 * (looked up by client_id) and, for a wrong redirect URI, the URI itself, labelled as what the app
 * sent and rendered as escaped text: nothing else a link's author writes can appear on a page that
 * carries this site's name.
 */
/** The app's name where it is known: `start` opens a sentence, `mid` sits inside one. */
type AppName = { start: React.ReactNode; mid: React.ReactNode };

const PAGES: Record<string, { title: string; text: (app: AppName) => React.ReactNode }> = {
  invalid_client: {
    title: "Unknown app",
    text: () => "The app that sent you here is not registered with this sign-in service, or it has been removed. Go back to the app and let its administrator know.",
  },
  invalid_redirect_uri: {
    title: "This app is not set up correctly",
    text: (app) => (
      <>
        {app.start} asked to send you back to an address that is not registered for it, so you were not sent there.
      </>
    ),
  },
  invalid_request: {
    title: "The sign-in request is invalid",
    text: (app) => <>{app.start} sent a sign-in request that cannot be processed. Go back and try again; if it happens again, let the app&apos;s administrator know.</>,
  },
  access_denied: {
    title: "No access",
    text: (app) => <>Your account is not allowed to use {app.mid}. If you need it, ask your administrator to give you access.</>,
  },
  interaction_expired: {
    title: "This sign-in request has expired",
    text: (app) => <>The request to sign in to {app.mid} timed out or was already completed. Go back to the app and sign in again.</>,
  },
  server_error: {
    title: "Something went wrong",
    text: (app) => <>Signing you in to {app.mid} did not work because of a problem on our side. Try again in a moment; if it keeps happening, let your administrator know.</>,
  },
};

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * The sent redirect URI, only when it reads as what it is: an absolute URL without whitespace or
 * invisible formatting characters (bidi overrides can show a URL reversed). Anything else is not
 * an address a person should be asked to register, and it could be a sentence written to be read
 * under the app's name, so it is not shown.
 */
function displayableUri(value: string | undefined): string | undefined {
  if (!value || /[\s\p{Cf}\p{Cc}\p{Zl}\p{Zp}]/u.test(value)) return undefined;
  try {
    new URL(value);
  } catch {
    return undefined;
  }
  return value;
}

export default async function InteractionErrorPage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const requested = first(query.error) ?? "";
  const code = Object.hasOwn(PAGES, requested) ? requested : "invalid_request";
  const page = PAGES[code];
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) params.append(k, one);
  // Only a link this server made may name the app and the URI (never attacker-chosen text).
  const verified = verifiedErrorPageContext(params);
  const [client, session] = await Promise.all([loadClientSummary(verified.clientId), pageSession().catch(() => null)]);
  const name = client && <strong className="font-semibold text-foreground">{client.name}</strong>;
  const app: AppName = { start: name ?? "The app", mid: name ?? "the app" };
  const sentUri = code === "invalid_redirect_uri" ? displayableUri(verified.redirectUri) : undefined;
  const shownUri = sentUri && sentUri.length > MAX_SHOWN_URI ? `${sentUri.slice(0, MAX_SHOWN_URI)}…` : sentUri;
  // Issue 8 item 3: a signed-in admin also sees what is registered, and where to change it.
  const adminView = code === "invalid_redirect_uri" && client && session?.user.isAdmin ? await loadClientCallbacks(verified.clientId) : null;

  return (
    <AuthShell>
      <Card data-error={code}>
        <CardHeader>
          <CardTitle className="flex items-start gap-2 leading-tight">
            <TriangleAlert className="mt-0.5 size-5 shrink-0 text-destructive" aria-hidden /> {page.title}
          </CardTitle>
          <CardDescription data-testid="error-message">{page.text(app)}</CardDescription>
        </CardHeader>
        {shownUri && (
          <CardContent className="flex flex-col gap-3">
            <CopyField label="Address the app sent (redirect_uri)" value={shownUri} testId="sent-redirect-uri" />
            <p className="text-sm text-muted-foreground">
              If you manage {app.mid} and this is the app&apos;s own address, add it to the app&apos;s callback URLs in the admin settings. If you don&apos;t recognise it, don&apos;t add it: let the app&apos;s administrator know.
            </p>
          </CardContent>
        )}
        {adminView && (
          <CardContent className="flex flex-col gap-3" data-testid="admin-callback-hint">
            <h2 className="text-sm font-medium">Registered callback URLs (shown to admins)</h2>
            {adminView.callbackURLs.length ? (
              <ul className="flex flex-col gap-1" data-testid="registered-callbacks">
                {adminView.callbackURLs.map((u) => (
                  <li key={u}>
                    <code className="block whitespace-pre-wrap break-all rounded-md bg-muted px-3 py-1.5 font-mono text-sm">{u}</code>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-muted-foreground">None: this client has no callback URL, so no sign-in can finish until you add one.</p>
            )}
            <p className="text-sm text-muted-foreground">Compare them character by character: the scheme, host, port, path and trailing slash must match (wildcards aside).</p>
            <Button asChild variant="outline" className="h-auto min-h-10 self-start whitespace-normal">
              <Link href={`/settings/admin/oidc-clients/${encodePathId(adminView.id)}`}>
                <Settings aria-hidden /> Edit {client!.name}&apos;s callback URLs
              </Link>
            </Button>
          </CardContent>
        )}
        <CardFooter className="flex flex-col items-stretch gap-2 sm:flex-row sm:flex-wrap">
          {client?.launchURL && (
            <Button asChild className="h-auto min-h-10 whitespace-normal">
              <a href={client.launchURL} rel="noreferrer">
                <ArrowLeft aria-hidden /> Back to {client.name}
              </a>
            </Button>
          )}
          <AccountOrSignInLink signedIn={!!session} variant={client?.launchURL ? "outline" : "default"} />
        </CardFooter>
      </Card>
    </AuthShell>
  );
}
