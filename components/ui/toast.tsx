"use client";
import * as React from "react";
import { Toast as T } from "radix-ui";
import { CircleAlert, CircleCheck, X } from "lucide-react";
import { cn } from "@/lib/utils";

/**
 * Success and failure notices that outlive the component that raised them (a dialog that closed,
 * a page that navigated): `toast.success("User created.")` from anywhere in the browser, one
 * <Toaster /> in the layout renders them. Radix announces each in a live region (failures
 * assertively), F8 moves focus to them, and they stay while hovered or focused.
 */
type Kind = "success" | "error";
interface Item {
  id: number;
  kind: Kind;
  message: string;
}

let items: Item[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

function push(kind: Kind, message: string) {
  items = [...items.slice(-4), { id: nextId++, kind, message }];
  emit();
}
function remove(id: number) {
  items = items.filter((i) => i.id !== id);
  emit();
}

export const toast = {
  success: (message: string) => push("success", message),
  error: (message: string) => push("error", message),
};

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const EMPTY: Item[] = [];

export function Toaster() {
  const list = React.useSyncExternalStore(subscribe, () => items, () => EMPTY);
  return (
    <T.Provider swipeDirection="right" duration={6000} label="Notification">
      {list.map((item) => (
        <T.Root
          key={item.id}
          type={item.kind === "error" ? "foreground" : "background"}
          // Failures stay until dismissed: someone may need to read them twice.
          duration={item.kind === "error" ? Infinity : 6000}
          onOpenChange={(open) => {
            if (!open) remove(item.id);
          }}
          data-testid={`toast-${item.kind}`}
          className={cn(
            "pointer-events-auto flex w-full items-start gap-3 rounded-lg border bg-background p-4 pr-10 text-sm shadow-lg",
            "relative data-[swipe=move]:translate-x-[var(--radix-toast-swipe-move-x)] data-[swipe=end]:translate-x-[var(--radix-toast-swipe-end-x)]",
            item.kind === "error" && "border-destructive/60",
          )}
        >
          {item.kind === "success" ? (
            <CircleCheck className="mt-0.5 size-4 shrink-0 text-emerald-600 dark:text-emerald-400" aria-hidden />
          ) : (
            <CircleAlert className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
          )}
          <T.Description className="min-w-0 break-words">{item.message}</T.Description>
          <T.Close
            aria-label="Dismiss notification"
            className="absolute right-2 top-2 rounded-sm p-1 opacity-70 hover:opacity-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            <X className="size-4" />
          </T.Close>
        </T.Root>
      ))}
      <T.Viewport className="fixed bottom-0 right-0 z-[100] flex max-h-screen w-full flex-col gap-2 p-3 outline-none sm:max-w-sm sm:p-4" />
    </T.Provider>
  );
}
