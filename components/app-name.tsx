"use client";
import * as React from "react";

/**
 * The configured application name (inventory §4.1 appName), provided once by the root layout so
 * shared components (the sign-in shell, headers) show it without reading server configuration.
 */
const AppNameContext = React.createContext("Pocket ID");

export function AppNameProvider({ name, children }: { name: string; children: React.ReactNode }) {
  return <AppNameContext.Provider value={name}>{children}</AppNameContext.Provider>;
}

export function useAppName(): string {
  return React.useContext(AppNameContext);
}

/** The name as text, for server components' markup. */
export function AppName() {
  return <>{useAppName()}</>;
}
