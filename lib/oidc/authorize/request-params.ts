import { InvalidRequestError } from "../errors";
import { AUTHORIZE_LIMITS, hasControlCharacter } from "../limits";

/** Parameters that may appear more than once (RFC 8707 §2: `resource` is repeatable). */
const REPEATABLE = new Set(["resource"]);

/** One value of a parameter; repeated → invalid_request (RFC 6749 §3.1); empty counts as absent. */
export function single(query: URLSearchParams, name: string): string | undefined {
  const all = query.getAll(name);
  if (all.length > 1) throw new InvalidRequestError(`The '${name}' parameter must not be repeated.`);
  return all[0] === "" ? undefined : all[0];
}

/** The client_id and redirect_uri a request sent, for the error page; only single, bounded values. */
export function sentClientAndRedirectUri(query: URLSearchParams): { clientId?: string; redirectUri?: string } {
  const one = (name: string, max: number) => {
    const all = query.getAll(name);
    return all.length === 1 && all[0] !== "" && all[0].length <= max ? all[0] : undefined;
  };
  return { clientId: one("client_id", AUTHORIZE_LIMITS.client_id), redirectUri: one("redirect_uri", AUTHORIZE_LIMITS.redirect_uri) };
}

/** Limits (README, issue 5 item 8): the whole request is bounded before any value is looked at. */
export function checkRequestSize(query: URLSearchParams): void {
  let size = 0;
  for (const [k, v] of query) size += k.length + v.length;
  if (size > AUTHORIZE_LIMITS.request) {
    throw new InvalidRequestError(`The authorization request is too long (at most ${AUTHORIZE_LIMITS.request} characters).`);
  }
}

/** RFC 6749 Appendix A: parameter values are printable; refused before anything is stored or echoed. */
export function checkPrintable(query: URLSearchParams): void {
  for (const [name, value] of query) {
    if (hasControlCharacter(name) || hasControlCharacter(value)) {
      throw new InvalidRequestError("A parameter contains a control character.");
    }
  }
}

/** RFC 6749 §3.1: no parameter more than once, except the repeatable ones. */
export function checkNoRepeats(query: URLSearchParams): void {
  for (const name of new Set(query.keys())) if (!REPEATABLE.has(name)) single(query, name);
}

export function checkLength(name: keyof typeof AUTHORIZE_LIMITS, value: string | null | undefined): void {
  const max = AUTHORIZE_LIMITS[name];
  if (value && value.length > max) throw new InvalidRequestError(`The ${name} parameter is too long (at most ${max} characters).`);
}
