import Bowser from "bowser";

export type DeviceType = "desktop" | "mobile" | "tablet" | "tv" | "bot" | "unknown";

/** What a User-Agent header says about the device behind a session or an audit event. */
export interface UserAgentInfo {
  /** "Chrome 140", "Safari 18.5"; null when the header names no known browser (curl, scripts). */
  browser: string | null;
  /** "macOS 10.15", "iOS 18.5", "Windows 10", "Android 14", "Linux". */
  os: string | null;
  deviceType: DeviceType;
  /** One line for people, as Pocket ID's audit log shows it: "Chrome 140 on macOS 10.15". */
  label: string;
}

const MAX_UA = 512;

function majorMinor(version: string | undefined, parts: number): string {
  if (!version) return "";
  return version.split(".").slice(0, parts).join(".");
}

/**
 * Parses a User-Agent with bowser (MIT, maintained; ua-parser-js 2 is AGPL). Versions are cut to
 * what people recognise (Chrome 140, not 140.0.0.0). The header is client-controlled text: it is
 * capped before parsing, and an empty or unknown one reads as "Unknown device" rather than failing.
 */
export function describeUserAgent(raw: string | null | undefined): UserAgentInfo {
  const ua = (raw ?? "").slice(0, MAX_UA).trim();
  if (!ua) return { browser: null, os: null, deviceType: "unknown", label: "Unknown device" };
  let parsed: Bowser.Parser.ParsedResult;
  try {
    parsed = Bowser.parse(ua);
  } catch {
    return { browser: null, os: null, deviceType: "unknown", label: ua.slice(0, 60) };
  }
  const browserName = parsed.browser.name?.replace(/^Samsung Internet for Android$/, "Samsung Internet") || "";
  const browser = browserName ? `${browserName} ${majorMinor(parsed.browser.version, browserName === "Safari" ? 2 : 1)}`.trim() : null;
  const osName = parsed.os.name ?? "";
  const osVersion = osName === "Windows" ? (parsed.os.versionName ?? "") : majorMinor(parsed.os.version, osName === "Android" ? 1 : 2);
  const os = osName ? `${osName} ${osVersion}`.trim() : null;
  const type = parsed.platform.type;
  const deviceType: DeviceType = type === "desktop" || type === "mobile" || type === "tablet" || type === "tv" || type === "bot" ? type : "unknown";
  const label = browser && os ? `${browser} on ${os}` : (browser ?? os ?? ua.split(/[\s(]/)[0].slice(0, 60));
  return { browser, os, deviceType, label };
}
