"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { Bot, HelpCircle, LogOut, Monitor, Smartphone, Tablet, Tv } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { api, ApiError } from "@/components/api-client";
import type { ActionResult } from "@/components/action-result";
import type { SessionDto } from "@/lib/services/sessions/session-dto";

/** A session with the times already put in words on the server (the same text on both renders). */
export interface SessionView extends SessionDto {
  signedInText: string;
  lastSeenText: string;
}

const ICONS = { desktop: Monitor, mobile: Smartphone, tablet: Tablet, tv: Tv, bot: Bot, unknown: HelpCircle } as const;

async function call(path: string): Promise<ActionResult<unknown>> {
  try {
    return { ok: true, data: await api(path, { method: "DELETE" }) };
  } catch (e) {
    return { ok: false, error: e instanceof ApiError ? e.message : "The session could not be ended. Try again." };
  }
}

/**
 * Browser sessions with device, browser, address, location, sign-in and last-seen times (issue 9
 * item 3), each with "End session", and "End all other sessions" (nothing here is named "Sign out",
 * which is the header's button for this browser). Used on the account page for
 * one's own sessions and on an admin's user page; `basePath` is the REST collection to call.
 */
export function SessionList({ sessions, basePath, subject }: { sessions: SessionView[]; basePath: string; subject: "own" | { username: string } }) {
  const router = useRouter();
  const [ending, setEnding] = React.useState<string | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const own = subject === "own";
  const others = sessions.filter((s) => !s.current);

  async function endOne(s: SessionView) {
    setEnding(s.id);
    setError(null);
    const r = await call(`${basePath}/${encodeURIComponent(s.id)}`);
    setEnding(null);
    if (!r.ok) setError(r.error);
    router.refresh();
  }

  if (sessions.length === 0) {
    return <p className="py-3 text-sm text-muted-foreground">{own ? "No active sessions." : `${subject.username} is not signed in anywhere.`}</p>;
  }
  return (
    <div className="flex flex-col gap-4">
      <ul className="divide-y" data-testid="session-list">
        {sessions.map((s) => {
          const Icon = ICONS[s.deviceType];
          const where = [s.ipAddress, s.location ? `${s.location.city}, ${s.location.country}` : null].filter(Boolean).join(" · ");
          return (
            <li key={s.id} className="flex flex-col gap-3 py-4 sm:flex-row sm:items-start" data-testid="session-item" data-current={s.current || undefined}>
              <div className="flex min-w-0 flex-1 gap-3">
                <Icon className="mt-0.5 size-6 shrink-0 text-muted-foreground" aria-hidden />
                <div className="flex min-w-0 flex-col gap-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="break-words text-sm font-medium" data-testid="session-device">
                      {s.device}
                    </span>
                    {s.current && <Badge className="border-emerald-600/40 text-emerald-700 dark:text-emerald-400">This device</Badge>}
                  </div>
                  <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-muted-foreground">
                    {where && (
                      <>
                        <dt>Address</dt>
                        <dd className="[overflow-wrap:anywhere]">{where}</dd>
                      </>
                    )}
                    <dt>Signed in</dt>
                    <dd>
                      {s.signedInText} with {s.signInMethod}
                    </dd>
                    <dt>Last seen</dt>
                    <dd data-testid="session-last-seen">{s.current && own ? "Now (this session)" : s.lastSeenText}</dd>
                  </dl>
                </div>
              </div>
              {!(s.current && own) && (
                <Button
                  variant="outline"
                  size="sm"
                  className="self-start sm:shrink-0"
                  onClick={() => endOne(s)}
                  disabled={ending !== null}
                  aria-busy={ending === s.id || undefined}
                  aria-label={`End session: ${s.device}${s.ipAddress ? ` (${s.ipAddress})` : ""}`}
                >
                  <LogOut /> {ending === s.id ? "Ending…" : "End session"}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      {(own ? others.length > 0 : sessions.length > 0) && (
        <div className="flex sm:justify-end">
          <ConfirmDialog
            trigger={
              <Button variant="outline" size="sm" data-testid="end-all-sessions">
                <LogOut /> {own ? "End all other sessions" : "End all sessions"}
              </Button>
            }
            title={own ? "End all other sessions?" : `End all of ${subject.username}'s sessions?`}
            description={
              own
                ? `This ends ${others.length === 1 ? "your other session" : `your ${others.length} other sessions`}. This device stays signed in.`
                : `This ends all ${sessions.length === 1 ? "" : `${sessions.length} `}of ${subject.username}'s sessions. They will need a passkey or a login code to sign in again.`
            }
            confirmLabel={own ? "End other sessions" : "End all sessions"}
            pendingLabel="Ending…"
            successMessage={own ? "Your other sessions have ended: those devices are signed out." : `${subject.username} is signed out everywhere.`}
            action={() => call(basePath)}
            onDone={() => router.refresh()}
          />
        </div>
      )}
    </div>
  );
}
