// My Apps lists the scopes a user granted an app; API consents are stored with a separator.
import { describe, expect, it } from "vitest";
import { scopeLabel } from "@/app/settings/apps/scope-label";

describe("My Apps scope labels", () => {
  it("names the standard scopes", () => {
    expect(scopeLabel("openid")).toBe("Sign-in");
    expect(scopeLabel("offline_access")).toBe("Stay signed in");
    expect(scopeLabel("custom")).toBe("custom");
  });
  it("shows an API permission with its API, never the stored separator", () => {
    expect(scopeLabel("https://api.example.com\x1fread:items")).toBe("read:items (https://api.example.com)");
    expect(scopeLabel("https://api.example.com\x1f")).toBe("Access to https://api.example.com");
  });
});
