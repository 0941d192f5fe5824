/**
 * How a custom claim's stored text maps to the typed value an admin edits, and back. The server
 * emits a stored value as JSON when it parses and as a plain string otherwise (inventory §2.10),
 * so a string that happens to look like JSON ("42", "true", "[1]") is stored JSON-quoted to stay a
 * string in the token, and every other string is stored as typed (as Pocket ID stores it).
 */
export type ClaimType = "string" | "number" | "boolean" | "array" | "object";

export const CLAIM_TYPES: { value: ClaimType; label: string }[] = [
  { value: "string", label: "Text" },
  { value: "number", label: "Number" },
  { value: "boolean", label: "True / false" },
  { value: "array", label: "List (JSON array)" },
  { value: "object", label: "Object (JSON)" },
];

export interface ClaimDraft {
  key: string;
  type: ClaimType;
  /** What the input shows: the text, the number as typed, "true"/"false", or JSON text. */
  text: string;
}

function tryParse(value: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch {
    return { ok: false };
  }
}

/** The stored value as the editor shows it. */
export function decodeClaim(key: string, stored: string): ClaimDraft {
  const parsed = tryParse(stored);
  if (!parsed.ok || parsed.value === null) return { key, type: "string", text: stored };
  const v = parsed.value;
  if (typeof v === "string") return { key, type: "string", text: v };
  if (typeof v === "number") return { key, type: "number", text: stored.trim() };
  if (typeof v === "boolean") return { key, type: "boolean", text: String(v) };
  if (Array.isArray(v)) return { key, type: "array", text: JSON.stringify(v, null, 2) };
  return { key, type: "object", text: JSON.stringify(v, null, 2) };
}

/** The text to store for a draft value, or the sentence saying what is wrong with it. */
export function encodeClaimValue(draft: Pick<ClaimDraft, "type" | "text">): { ok: true; value: string } | { ok: false; error: string } {
  const text = draft.text;
  switch (draft.type) {
    case "string": {
      if (text === "") return { ok: false, error: "Enter a value for this claim." };
      return { ok: true, value: tryParse(text).ok ? JSON.stringify(text) : text };
    }
    case "number": {
      const t = text.trim();
      const parsed = tryParse(t);
      if (!t || !parsed.ok || typeof parsed.value !== "number") return { ok: false, error: "Enter a number, such as 42 or 3.5 (a dot for decimals, no spaces)." };
      return { ok: true, value: t };
    }
    case "boolean":
      return text === "true" || text === "false" ? { ok: true, value: text } : { ok: false, error: "Choose true or false." };
    case "array":
    case "object": {
      if (!text.trim()) {
        return { ok: false, error: draft.type === "array" ? 'Enter a list, such as ["admins", "dev"].' : 'Enter an object, such as {"team": "ops"}.' };
      }
      const parsed = tryParse(text);
      if (!parsed.ok) {
        return {
          ok: false,
          error:
            draft.type === "array"
              ? 'This is not valid JSON. Write a list in square brackets with text in double quotes, such as ["admins", "dev"].'
              : 'This is not valid JSON. Write an object in braces with keys in double quotes, such as {"team": "ops", "level": 2}.',
        };
      }
      const isArray = Array.isArray(parsed.value);
      const isObject = parsed.value !== null && typeof parsed.value === "object" && !isArray;
      if (draft.type === "array" && !isArray) return { ok: false, error: 'This is JSON but not a list: start with [ and end with ], or choose another type.' };
      if (draft.type === "object" && !isObject) return { ok: false, error: "This is JSON but not an object: start with { and end with }, or choose another type." };
      return { ok: true, value: JSON.stringify(parsed.value) };
    }
  }
}

/** The editor's default text when an admin switches a claim to another type. */
export function convertText(text: string, to: ClaimType): string {
  if (to === "boolean") return text === "false" ? "false" : "true";
  if (to === "array") return text.trim().startsWith("[") ? text : "[]";
  if (to === "object") return text.trim().startsWith("{") ? text : "{}";
  return text;
}
