"use client";
import { useCallback, useEffect, useState } from "react";
import { Clock } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

/**
 * Seconds left of a rate-limit wait (Retry-After of a 429 answer), counting down to 0; forms
 * disable their submit button while it runs, so nobody is refused twice for trying too early.
 */
export function useRetryWait(): { secondsLeft: number; startWait: (seconds: number | undefined) => void } {
  const [until, setUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= until) setUntil(null);
    }, 250);
    return () => clearInterval(timer);
  }, [until]);
  // Stable across renders, so effects that depend on it do not run again at every tick.
  const startWait = useCallback((seconds: number | undefined) => {
    const t = Date.now();
    setNow(t);
    setUntil(t + Math.max(1, seconds ?? 10) * 1000);
  }, []);
  return { secondsLeft: until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000)), startWait };
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s ? `${m} min ${s} s` : `${m} minute${m === 1 ? "" : "s"}`;
}

/** "Too many attempts" with the time left, live; screen readers hear it once, not every second. */
export function RateLimitNotice({ secondsLeft }: { secondsLeft: number }) {
  const [announced] = useState(() => formatWait(secondsLeft));
  if (secondsLeft <= 0) return null;
  return (
    <Alert variant="warning" data-testid="rate-limit-notice">
      <Clock />
      <AlertTitle>Too many attempts</AlertTitle>
      <AlertDescription>
        <span aria-hidden>You can try again in {formatWait(secondsLeft)}.</span>
        <span className="sr-only" role="status">
          You can try again in {announced}.
        </span>
      </AlertDescription>
    </Alert>
  );
}
