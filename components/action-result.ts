/**
 * What a server action answers (DESIGN rule 8): data, or a sentence to show plus the sentence for
 * each field that was refused ({ "username": "Use at most 50 characters" }, { "claims.2.key": ... }).
 */
export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };
