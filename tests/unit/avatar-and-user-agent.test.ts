// Generated avatars (initials rule, deterministic colour, every accepted letter drawn by the
// bundled font without any download) and the User-Agent descriptions sessions and audit rows show.
import { afterEach, describe, expect, it, vi } from "vitest";
import sharp from "sharp";
import { DRAWABLE, avatarColour, avatarInitials, avatarTag, renderInitialsAvatar } from "@/lib/services/profile-pictures/initials-avatar";
import { describeUserAgent } from "@/lib/http/user-agent";
import { ipLocation } from "@/lib/http/ip-location";

describe("initials avatar", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("takes first and last initials, else the username's first two characters", () => {
    expect(avatarInitials({ firstName: "alice", lastName: "liddell", username: "al" })).toBe("AL");
    expect(avatarInitials({ firstName: "Émile", lastName: "Żak", username: "ez" })).toBe("ÉŻ");
    expect(avatarInitials({ firstName: "Пётр", lastName: "Иванов", username: "piotr" })).toBe("ПИ");
    expect(avatarInitials({ firstName: "Cher", lastName: "", username: "cher" })).toBe("C");
    expect(avatarInitials({ firstName: "", lastName: "", username: "j.doe" })).toBe("JD");
    // Letters the bundled font lacks (CJK, Greek) fall back to the ASCII username.
    expect(avatarInitials({ firstName: "太郎", lastName: "山田", username: "taro" })).toBe("TA");
    expect(avatarInitials({ firstName: "Σοφία", lastName: "Παππά", username: "sofia" })).toBe("SO");
    expect(avatarInitials({ firstName: "ßen", lastName: "x", username: "s" })).toBe("SX");
  });

  it("gives each user a stable colour and the same tag for the same drawing", () => {
    expect(avatarColour("u1")).toBe(avatarColour("u1"));
    const colours = new Set(Array.from({ length: 50 }, (_, i) => avatarColour(`user-${i}`)));
    expect(colours.size).toBeGreaterThan(5);
    expect(avatarTag("AB", "#1d4ed8")).toBe(avatarTag("AB", "#1d4ed8"));
    expect(avatarTag("AB", "#1d4ed8")).not.toBe(avatarTag("AC", "#1d4ed8"));
  });

  it("draws every letter it accepts with the bundled font, without fetching a font from the internet", async () => {
    const fetched: string[] = [];
    const realFetch = globalThis.fetch;
    vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (/^https?:/.test(url)) {
        fetched.push(url);
        return Promise.reject(new Error("offline"));
      }
      return realFetch(input, init);
    });
    const letters: string[] = [];
    for (let c = 0x20; c < 0x500; c++) if (DRAWABLE.test(String.fromCodePoint(c))) letters.push(String.fromCodePoint(c));
    expect(letters.length).toBeGreaterThan(250);
    // Two letters per drawing, as avatars have; a fresh colour each time avoids the render cache.
    for (let i = 0; i < letters.length; i += 40) {
      await renderInitialsAvatar(letters.slice(i, i + 40).join(""), `#0000${(i % 200).toString(16).padStart(2, "0")}`);
    }
    expect(fetched).toEqual([]);
  });

  it("renders a 300×300 PNG whose centre shows the letters over the user's colour", async () => {
    const png = await renderInitialsAvatar("AL", "#1d4ed8");
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([300, 300]);
    const at = (x: number, y: number) => Array.from(data.subarray((y * 300 + x) * info.channels, (y * 300 + x) * info.channels + 3));
    expect(at(5, 5)).toEqual([0x1d, 0x4e, 0xd8]);
    // Some white pixels (the letters) along the middle row.
    const row = Array.from({ length: 300 }, (_, x) => at(x, 150));
    expect(row.some(([r, g, b]) => r > 240 && g > 240 && b > 240)).toBe(true);
  });
});

describe("describeUserAgent", () => {
  it("names browser, OS and device type in a line people recognise", () => {
    expect(describeUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0")).toEqual({
      browser: "Microsoft Edge 140", os: "Windows 10", deviceType: "desktop", label: "Microsoft Edge 140 on Windows 10",
    });
    expect(describeUserAgent("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36").label).toBe("Chrome 140 on Android 14");
    expect(describeUserAgent("Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1").deviceType).toBe("tablet");
    expect(describeUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0").label).toBe("Firefox 133 on Linux");
  });
  it("reads scripts and empty or hostile headers without failing", () => {
    expect(describeUserAgent("curl/8.5.0").label).toBe("curl/8.5.0");
    expect(describeUserAgent("")).toMatchObject({ label: "Unknown device", deviceType: "unknown" });
    expect(describeUserAgent(null).label).toBe("Unknown device");
    expect(describeUserAgent("x".repeat(100_000)).label.length).toBeLessThanOrEqual(60);
  });
});

describe("ipLocation", () => {
  it("labels internal addresses as Pocket ID does and leaves public ones to a geo database", () => {
    expect(ipLocation("127.0.0.1")).toEqual({ country: "Internal Network", city: "localhost" });
    expect(ipLocation("::1")).toEqual({ country: "Internal Network", city: "localhost" });
    expect(ipLocation("10.1.2.3")).toEqual({ country: "Internal Network", city: "LAN" });
    expect(ipLocation("fd12:3456::1")).toEqual({ country: "Internal Network", city: "LAN" });
    expect(ipLocation("100.100.1.1")).toEqual({ country: "Internal Network", city: "Tailscale" });
    expect(ipLocation("203.0.113.7")).toBeNull();
    expect(ipLocation(null)).toBeNull();
  });
});
