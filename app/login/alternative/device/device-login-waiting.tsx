"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { LoaderCircle, RefreshCw, ShieldX, TimerOff } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { QrCode } from "@/components/qr-code";
import { RateLimitNotice, useRetryWait } from "@/components/rate-limit-notice";
import { api, ApiError } from "@/components/api-client";
import { qrPath } from "@/lib/services/login-codes/qr-code";

interface Created {
  id: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresAt: string;
  interval: number;
}

type State =
  | { kind: "starting" }
  | { kind: "waiting"; request: Created }
  | { kind: "signed-in" }
  | { kind: "denied" }
  | { kind: "expired" }
  | { kind: "error"; message: string };

/** "PABC - DEFG", as Pocket ID shows it (inventory §5.4). */
function formatCode(code: string): string {
  return `${code.slice(0, 4)} - ${code.slice(4)}`;
}

async function exchange(id: string, signal: AbortSignal): Promise<Response> {
  return fetch(`/api/device-login/requests/${encodeURIComponent(id)}/exchange`, { method: "POST", credentials: "same-origin", signal });
}

/**
 * Starts the request, shows the QR code and the code, and long-polls (each poll waits up to 25 s
 * on the server) until the other device decides or the request expires. Network trouble is
 * retried after the server's poll interval; a 429 waits its Retry-After.
 */
export function DeviceLoginWaiting({ next }: { next: string }) {
  const [state, setState] = useState<State>({ kind: "starting" });
  const [now, setNow] = useState(() => Date.now());
  const { secondsLeft, startWait } = useRetryWait();
  const current = useRef<{ live: boolean } | null>(null);

  const start = useCallback(
    (token: { live: boolean }) =>
      api<Created>("/api/device-login/requests", { body: {} }).then(
        (request) => {
          if (token.live) setState({ kind: "waiting", request });
        },
        (e: unknown) => {
          if (!token.live) return;
          if (e instanceof ApiError && e.code === "rate_limited") {
            startWait(e.retryAfter);
            setState({ kind: "error", message: "Too many sign-in requests were started from this network." });
            return;
          }
          setState({ kind: "error", message: e instanceof Error ? e.message : "The sign-in request could not be started. Try again." });
        },
      ),
    [startWait],
  );

  useEffect(() => {
    const token = { live: true };
    current.current = token;
    void start(token);
    return () => {
      token.live = false;
    };
  }, [start]);

  function restart() {
    if (current.current) current.current.live = false;
    const token = { live: true };
    current.current = token;
    setState({ kind: "starting" });
    void start(token);
  }

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const waitingId = state.kind === "waiting" ? state.request.id : null;
  const interval = state.kind === "waiting" ? state.request.interval : 3;
  useEffect(() => {
    if (!waitingId) return;
    const controller = new AbortController();
    let stopped = false;
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    (async () => {
      while (!stopped) {
        let res: Response;
        try {
          res = await exchange(waitingId, controller.signal);
        } catch {
          if (stopped) return;
          await pause(interval * 1000);
          continue;
        }
        if (stopped) return;
        if (res.status === 202) continue;
        if (res.ok) {
          setState({ kind: "signed-in" });
          // Full navigation: the new session cookie must reach every server component.
          window.location.assign(next);
          return;
        }
        if (res.status === 429) {
          await pause((Number(res.headers.get("retry-after")) || interval) * 1000);
          continue;
        }
        const body = await res.json().catch(() => ({}));
        if (body.code === "device_login_denied") setState({ kind: "denied" });
        else if (body.code === "device_login_expired") setState({ kind: "expired" });
        else setState({ kind: "error", message: typeof body.error === "string" ? body.error : "Waiting for the other device did not work. Start again." });
        return;
      }
    })();
    return () => {
      stopped = true;
      controller.abort();
    };
  }, [waitingId, interval, next]);

  const expiresIn = state.kind === "waiting" ? Math.max(0, Math.ceil((new Date(state.request.expiresAt).getTime() - now) / 1000)) : 0;
  // The clock ran out before the server said so: the code can no longer be used.
  const shown: State = state.kind === "waiting" && expiresIn === 0 ? { kind: "expired" } : state;

  const again = (
    <Button onClick={restart} disabled={secondsLeft > 0} className="self-start">
      <RefreshCw aria-hidden /> Start again
    </Button>
  );

  if (shown.kind === "starting") {
    return (
      <p className="flex items-center gap-2 text-sm text-muted-foreground" role="status">
        <LoaderCircle className="size-4 animate-spin" aria-hidden /> Preparing a sign-in code…
      </p>
    );
  }
  if (shown.kind === "signed-in") {
    return (
      <p className="flex items-center gap-2 text-sm" role="status">
        <LoaderCircle className="size-4 animate-spin" aria-hidden /> Approved. Signing you in…
      </p>
    );
  }
  if (shown.kind === "denied" || shown.kind === "expired" || shown.kind === "error") {
    const [Icon, title, text] =
      shown.kind === "denied"
        ? [ShieldX, "Sign-in denied", "The sign-in was denied on the other device. If that was a mistake, start again and approve it there."]
        : shown.kind === "expired"
          ? [TimerOff, "This code has expired", "Codes work for 5 minutes and only once. Start again to get a new one."]
          : [ShieldX, "Could not start", shown.message];
    return (
      <div className="flex flex-col gap-4" data-testid="device-login-ended">
        <RateLimitNotice secondsLeft={secondsLeft} />
        <Alert variant={shown.kind === "expired" ? "default" : "destructive"}>
          <Icon />
          <AlertTitle>{title}</AlertTitle>
          <AlertDescription>{text}</AlertDescription>
        </Alert>
        {again}
      </div>
    );
  }

  const { request } = shown as Extract<State, { kind: "waiting" }>;
  const qr = qrPath(request.verificationUriComplete);
  const minutes = Math.floor(expiresIn / 60);
  const seconds = String(expiresIn % 60).padStart(2, "0");
  return (
    <div className="flex flex-col items-center gap-4 text-center">
      <a
        href={request.verificationUriComplete}
        className="rounded-lg bg-white p-2 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        aria-label="QR code: opens the approval page on a device where you are signed in"
      >
        <QrCode size={qr.size} path={qr.path} label="QR code for signing in with another device" className="size-52 sm:size-56" />
      </a>
      <div className="flex flex-col gap-1">
        <span className="text-sm text-muted-foreground">Or go to</span>
        <span className="break-all font-medium" data-testid="device-login-url">
          {request.verificationUri}
        </span>
        <span className="text-sm text-muted-foreground">and enter</span>
        <span className="font-mono text-2xl font-semibold tracking-widest" data-testid="device-login-code" aria-label={`Code ${request.userCode.split("").join(" ")}`}>
          {formatCode(request.userCode)}
        </span>
      </div>
      <div className="flex flex-col items-center gap-1 text-sm text-muted-foreground">
        <p className="flex items-center gap-2" role="status" data-testid="device-login-waiting">
          <LoaderCircle className="size-4 animate-spin" aria-hidden /> Waiting for approval on the other device…
        </p>
        <p>
          The code expires in <span className="tabular-nums">{minutes}:{seconds}</span>.
        </p>
      </div>
    </div>
  );
}
