"use client";
import { browserSupportsWebAuthn, browserSupportsWebAuthnAutofill, startAuthentication, startRegistration } from "@simplewebauthn/browser";
import { ApiError, passkeyErrorMessage, PASSKEY_MESSAGES, type Ceremony } from "@/components/passkey-messages";

export { ApiError };

/** JSON fetch against our own REST API; errors carry Pocket ID's { error, code, details }. */
export async function api<T = unknown>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init?.method ?? (init?.body === undefined ? "GET" : "POST"),
      headers: init?.body === undefined ? {} : { "Content-Type": "application/json" },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError("The server could not be reached. Check your connection and try again.", "network_error");
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const message = typeof data.error === "string" ? data.error : `The server did not answer as expected (error ${res.status}). Try again in a moment.`;
    const retryAfter = res.status === 429 ? Number(res.headers.get("retry-after")) || undefined : undefined;
    throw new ApiError(message, typeof data.code === "string" ? data.code : "internal_error", data.details, retryAfter);
  }
  return data as T;
}

/** Problems that make a ceremony impossible before it starts, said plainly instead of a library's text. */
function unsupported(): string | null {
  if (typeof window !== "undefined" && !window.isSecureContext) return PASSKEY_MESSAGES.insecureContext;
  if (!browserSupportsWebAuthn()) return PASSKEY_MESSAGES.noWebAuthn;
  return null;
}

async function ceremony(kind: Ceremony, run: () => Promise<void>): Promise<{ ok: true } | { ok: false; error: string }> {
  const blocked = unsupported();
  if (blocked) return { ok: false, error: blocked };
  try {
    await run();
    return { ok: true };
  } catch (e) {
    return { ok: false, error: passkeyErrorMessage(e, kind) };
  }
}

/**
 * The browser runs one WebAuthn prompt at a time: a new one aborts the one before. The button's
 * prompt must be the last to start, or the autofill's would abort it ("interrupted by another
 * one"). So the button waits for an autofill whose options are still on their way, and an
 * autofill that gets its options while the button's ceremony runs never opens its prompt.
 */
let autofillStart: Promise<unknown> | null = null;
let buttonCeremonyRunning = false;

export function signInWithPasskey() {
  return ceremony("sign-in", async () => {
    buttonCeremonyRunning = true;
    try {
      await autofillStart?.catch(() => undefined);
      const options = await api<Parameters<typeof startAuthentication>[0]["optionsJSON"]>("/api/webauthn/login/start");
      const response = await startAuthentication({ optionsJSON: options });
      await api("/api/webauthn/login/finish", { body: response });
    } finally {
      buttonCeremonyRunning = false;
    }
  });
}

/**
 * A fresh passkey assertion that the caller sends with its own request (step-up: approving another
 * device's sign-in). The server consumes the ceremony and checks the passkey belongs to the
 * signed-in account; no session is created.
 */
export async function passkeyAssertion(): Promise<{ ok: true; response: unknown } | { ok: false; error: string }> {
  let response: unknown;
  const result = await ceremony("sign-in", async () => {
    const options = await api<Parameters<typeof startAuthentication>[0]["optionsJSON"]>("/api/webauthn/login/start");
    response = await startAuthentication({ optionsJSON: options });
  });
  return result.ok ? { ok: true, response } : result;
}

export function registerPasskey() {
  return ceremony("registration", async () => {
    const options = await api<Parameters<typeof startRegistration>[0]["optionsJSON"]>("/api/webauthn/register/start");
    const response = await startRegistration({ optionsJSON: options });
    await api("/api/webauthn/register/finish", { body: response });
  });
}

/** Whether this browser offers passkeys in an input's autofill (WebAuthn conditional mediation). */
export async function supportsPasskeyAutofill(): Promise<boolean> {
  if (typeof window === "undefined" || !window.isSecureContext || !browserSupportsWebAuthn()) return false;
  try {
    return await browserSupportsWebAuthnAutofill();
  } catch {
    return false;
  }
}

/**
 * Passkey autofill (peer-anchors §4a, `mediation: "conditional"`): the browser offers the site's
 * passkeys in the autofill of an `autocomplete="username webauthn"` input and the promise settles
 * only when the person picks one. Starting any other ceremony (the button) aborts it; then it
 * resolves `{ ok: false, aborted: true }`, which is not an error to show.
 */
export async function signInWithPasskeyAutofill(): Promise<{ ok: true } | { ok: false; aborted: boolean; error: string }> {
  try {
    const start = api<Parameters<typeof startAuthentication>[0]["optionsJSON"]>("/api/webauthn/login/start");
    autofillStart = start;
    const options = await start;
    if (buttonCeremonyRunning) return { ok: false, aborted: true, error: "" };
    const response = await startAuthentication({ optionsJSON: options, useBrowserAutofill: true });
    await api("/api/webauthn/login/finish", { body: response });
    return { ok: true };
  } catch (e) {
    const name = (e as { name?: string } | null)?.name;
    const aborted = name === "AbortError" || (e as { code?: string } | null)?.code === "ERROR_CEREMONY_ABORTED";
    return { ok: false, aborted, error: passkeyErrorMessage(e, "sign-in") };
  }
}
