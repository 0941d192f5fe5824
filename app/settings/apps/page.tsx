import type { Metadata } from "next";
import { AppWindow, ExternalLink, ShieldCheck } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { ClientLogo } from "@/components/client-logo";
import { requirePageUser } from "@/lib/auth/page-session";
import { listMyClients } from "@/lib/services/my-apps/list-my-clients";
import { listAuthorizedClients } from "@/lib/services/my-apps/list-authorized-clients";
import type { ClientMeta } from "@/lib/services/my-apps/my-app-dto";
import { formatWhen } from "../account/format";
import { RevokeAppButton } from "./revoke-app-button";
import { scopeLabel } from "./scope-label";

export const metadata: Metadata = { title: "My Apps" };

function AppLogo({ app }: { app: ClientMeta }) {
  return <ClientLogo client={app} />;
}

/**
 * "My Apps" (inventory §1.5 /settings/apps): the apps this user may use (group restrictions
 * applied), each opened from its launch URL, and the apps the user has authorized, with revoke.
 */
export default async function MyAppsPage() {
  const { user } = await requirePageUser("/settings/apps");
  const [apps, authorized] = await Promise.all([listMyClients(user.id), listAuthorizedClients(user.id)]);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">My Apps</h1>
        <p className="text-sm text-muted-foreground">The apps you can sign in to with this account.</p>
      </div>
      {apps.length === 0 ? (
        <Card>
          <CardContent className="flex flex-col items-center gap-2 py-10 text-center">
            <AppWindow className="size-8 text-muted-foreground" aria-hidden />
            <p className="font-medium">No apps yet</p>
            <p className="max-w-sm text-sm text-muted-foreground">When your administrator connects an app you may use, it appears here.</p>
          </CardContent>
        </Card>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" data-testid="my-apps">
          {apps.map((app) => (
            <li key={app.id}>
              <Card className="h-full">
                <CardContent className="flex h-full flex-col gap-3 p-4">
                  <div className="flex min-w-0 items-start gap-3">
                    <AppLogo app={app} />
                    <div className="flex min-w-0 flex-col">
                      <span className="break-words font-medium">{app.name}</span>
                      {app.description && <span className="line-clamp-2 break-words text-sm text-muted-foreground">{app.description}</span>}
                      <span className="text-xs text-muted-foreground">{app.lastUsedAt ? `Last used ${formatWhen(app.lastUsedAt)}` : "Not used yet"}</span>
                    </div>
                  </div>
                  <div className="mt-auto">
                    {app.launchURL ? (
                      <a
                        href={app.launchURL}
                        target="_blank"
                        rel="noopener noreferrer"
                        className="inline-flex h-9 items-center gap-2 rounded-md border px-3 text-sm font-medium hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                      >
                        Open <ExternalLink className="size-4" aria-hidden />
                        <span className="sr-only">{app.name} (opens in a new tab)</span>
                      </a>
                    ) : (
                      <span className="text-xs text-muted-foreground">This app has no start page: open it from its own address.</span>
                    )}
                  </div>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Authorized apps</CardTitle>
          <CardDescription>Apps you have allowed to use your account. Revoke one to sign it out and make it ask again.</CardDescription>
        </CardHeader>
        <CardContent>
          {authorized.length === 0 ? (
            <p className="flex items-center gap-2 text-sm text-muted-foreground" data-testid="authorized-apps-empty">
              <ShieldCheck className="size-4" aria-hidden /> You have not authorized any app yet.
            </p>
          ) : (
            <ul className="flex flex-col divide-y" data-testid="authorized-apps">
              {authorized.map((a) => (
                <li key={a.client.id} className="flex flex-col gap-3 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-center">
                  <div className="flex min-w-0 flex-1 items-start gap-3">
                    <AppLogo app={a.client} />
                    <div className="flex min-w-0 flex-col gap-1">
                      <span className="break-words font-medium">{a.client.name}</span>
                      <span className="flex flex-wrap gap-1">
                        {a.scope
                          .split(" ")
                          .filter(Boolean)
                          .map((s) => (
                            <Badge key={s} className="font-normal text-muted-foreground">
                              {scopeLabel(s)}
                            </Badge>
                          ))}
                      </span>
                      <span className="text-xs text-muted-foreground">Last used {formatWhen(a.lastUsedAt)}</span>
                    </div>
                  </div>
                  <RevokeAppButton app={{ id: a.client.id, name: a.client.name }} />
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
