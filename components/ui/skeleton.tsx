import * as React from "react";
import { cn } from "@/lib/utils";

/** A grey placeholder block while content loads (motion only when the reader allows it). */
export function Skeleton({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div aria-hidden className={cn("rounded-md bg-muted motion-safe:animate-pulse", className)} {...props} />;
}
