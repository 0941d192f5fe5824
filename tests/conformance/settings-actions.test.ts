// The settings pages' server actions, called as an outsider would: anyone can read their ids from
// the pages' JavaScript and POST any arguments with a Next-Action header. Found by the seventh
// outside attack: arguments were used before the session check (a success message built from
// `values.name.trim()`, a page path from `encodeURIComponent(id)`), so junk from an anonymous
// caller ended in a 500 and a TypeError or URIError in the log; and the API-key action, open to any
// signed-in user, failed with "Something went wrong" on input without a description.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Browser, adminBrowser, context } from "./helpers/op";

interface ActionEntry {
  workers: Record<string, unknown>;
  exportedName?: string;
}

/** Every server action of the build: its id, name and a page that hosts it. */
function actions(): { id: string; name: string; page: string }[] {
  const manifest = JSON.parse(readFileSync(join(context().serverDir, ".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, ActionEntry>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => ({
    id,
    name: entry.exportedName ?? id,
    page: `/${Object.keys(entry.workers)[0].replace(/^app\//, "").replace(/\/page$/, "").replace("[id]", "00000000-0000-4000-8000-000000000000")}`,
  }));
}

/** POSTs a server action call as React's client does: the arguments as JSON text. */
function callAction(browser: Browser, action: { id: string; page: string }, args: unknown[]): Promise<Response> {
  return browser.request(action.page, {
    method: "POST",
    headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    body: JSON.stringify(args),
  });
}

describe("settings server actions called with junk", () => {
  it("refuses an anonymous caller's junk arguments to every action without a server error", async () => {
    const all = actions();
    expect(all.map((a) => a.name)).toEqual(expect.arrayContaining(["createUserAction", "createGroupAction", "createApiAction", "renameApiAction"]));
    const anonymous = new Browser();
    // Browser.request fails the test on any 5xx (checkNoServerError).
    for (const action of all) {
      for (const args of [["x"], [], [null, null], ["\ud800", {}]]) {
        const res = await callAction(anonymous, action, args);
        expect(res.status, `${action.name}(${JSON.stringify(args)})`).toBeLessThan(500);
        await res.arrayBuffer();
      }
    }
  });

  it("refuses every action sent from another site with 403 invalid_origin and the security headers, before Next.js (which answered 500)", async () => {
    const admin = await adminBrowser();
    const all = actions();
    for (const action of all) {
      for (const origin of ["https://evil.example", "null", "not a url"]) {
        // The admin's own cookies, as a cross-site form or fetch in their browser would carry them.
        const res = await admin.request(action.page, {
          method: "POST",
          headers: { origin, "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
          body: JSON.stringify([{ name: "cross-site" }]),
        });
        expect(res.status, `${action.name} from ${origin}`).toBe(403);
        expect(await res.json()).toMatchObject({ code: "invalid_origin" });
        expect(res.headers.get("content-security-policy"), action.name).toContain("frame-ancestors 'none'");
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      }
    }
    // The same call from the site itself still reaches the action (its answer, not the refusal).
    const create = all.find((a) => a.name === "createApiKeyAction")!;
    const own = await callAction(admin, create, [{ name: "ci key" }]);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain("need a correction");
  });

  it("answers a signed-in user's API-key action with an incomplete input with what to correct, not a server failure", async () => {
    const admin = await adminBrowser();
    const create = actions().find((a) => a.name === "createApiKeyAction")!;
    for (const args of [[{ name: "ci key" }], ["x"], []]) {
      const text = await (await callAction(admin, create, args)).text();
      expect(text, JSON.stringify(args)).not.toContain("Something went wrong");
      expect(text, JSON.stringify(args)).toContain("need a correction");
    }
  });
});
