"use client";
import { startAuthentication, startRegistration } from "@simplewebauthn/browser";

export class ApiError extends Error {
  constructor(message: string, public code: string, public details?: Record<string, string>) {
    super(message);
  }
}

/** JSON fetch against our own REST API; errors carry Pocket ID's { error, code, details }. */
export async function api<T = unknown>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const res = await fetch(path, {
    method: init?.method ?? (init?.body === undefined ? "GET" : "POST"),
    headers: init?.body === undefined ? {} : { "Content-Type": "application/json" },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(data.error ?? `Request failed (${res.status})`, data.code ?? "internal_error", data.details);
  return data as T;
}

function passkeyMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  const name = (e as Error)?.name;
  if (name === "NotAllowedError") return "The passkey prompt was cancelled or timed out.";
  if (name === "InvalidStateError") return "This authenticator already holds a passkey for your account.";
  return (e as Error)?.message || "The passkey operation failed.";
}

export async function signInWithPasskey(): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    const options = await api<Parameters<typeof startAuthentication>[0]["optionsJSON"]>("/api/webauthn/login/start");
    const response = await startAuthentication({ optionsJSON: options });
    await api("/api/webauthn/login/finish", { body: response });
    return { ok: true };
  } catch (e) {
    return { ok: false, error: passkeyMessage(e) };
  }
}

export async function registerPasskey(): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    const options = await api<Parameters<typeof startRegistration>[0]["optionsJSON"]>("/api/webauthn/register/start");
    const response = await startRegistration({ optionsJSON: options });
    await api("/api/webauthn/register/finish", { body: response });
    return { ok: true };
  } catch (e) {
    return { ok: false, error: passkeyMessage(e) };
  }
}
