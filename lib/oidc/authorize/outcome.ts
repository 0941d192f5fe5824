import type { ResponseMode } from "../types";

/** What the authorization endpoint answers; the route handler turns it into HTTP. */
export type AuthorizeOutcome =
  | { type: "redirect"; url: string }
  | FormPostOutcome
  | { type: "interaction"; interactionId: string }
  | ErrorPageOutcome;

/**
 * OAuth 2.0 Form Post Response Mode §2: the response travels as a form the browser POSTs to the
 * verified redirect URI. `fields` are the response parameters, `iss` included.
 */
export interface FormPostOutcome {
  type: "form_post";
  action: string;
  fields: [string, string][];
}

/**
 * Shown on our own page (/interaction/error) because the client cannot be told. `clientId` and
 * `redirectUri` are the values the request sent (when it sent them and they are within limits), so
 * the page can name the application and the URI that was refused.
 */
export interface ErrorPageOutcome {
  type: "error_page";
  error: string;
  description: string;
  clientId?: string;
  redirectUri?: string;
}

/** Where a response goes: a redirect URI already verified for the client, and how. */
export interface ResponseTarget {
  redirect_uri: string;
  response_mode: ResponseMode;
  state?: string;
}

/** The error page link: `error` plus, when known, the client id and the redirect URI as sent. */
export function errorPagePath(outcome: Pick<ErrorPageOutcome, "error" | "clientId" | "redirectUri">): string {
  let path = `/interaction/error?error=${encodeURIComponent(outcome.error)}`;
  if (outcome.clientId) path += `&client_id=${encodeURIComponent(outcome.clientId)}`;
  if (outcome.redirectUri) path += `&redirect_uri=${encodeURIComponent(outcome.redirectUri)}`;
  return path;
}
