// Inventory §1.5: `~<base64url(raw)>` path ids carry URL-shaped (CIMD) client ids in one segment.
import { describe, expect, it } from "vitest";
import { decodePathId, decodePathParams, encodePathId } from "@/lib/http/path-id";

describe("~base64url path ids", () => {
  it("round-trips a URL-shaped client id and leaves plain ids alone", () => {
    const url = "https://app.example/.well-known/client.json?x=1";
    const encoded = encodePathId(url);
    expect(encoded).toBe(`~${Buffer.from(url).toString("base64url")}`);
    expect(decodePathId(encoded)).toBe(url);
    expect(encodePathId("my-client_1.0")).toBe("my-client_1.0");
    expect(decodePathId("my-client")).toBe("my-client");
  });

  it.each(["https://bücher.example/c.json", "https://a.example/?q=>>>??~", "https://x.example/\u{1F511}"])("encodes %s as Node's base64url would, without Buffer (pages use it)", (id) => {
    expect(encodePathId(id)).toBe(`~${Buffer.from(id, "utf8").toString("base64url")}`);
    expect(decodePathId(encodePathId(id))).toBe(id);
  });

  it.each(["~", "~a*b", "~YQ=", "~YR", "~/w"])("keeps %s as sent (not canonical base64url of UTF-8)", (raw) => {
    expect(decodePathId(raw)).toBe(raw);
  });

  it("decodes only the id and clientId params", () => {
    const enc = encodePathId("https://a.example/c");
    expect(decodePathParams({ id: enc, clientId: enc, secretId: enc })).toEqual({ id: "https://a.example/c", clientId: "https://a.example/c", secretId: enc });
  });
});
