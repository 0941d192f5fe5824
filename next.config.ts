import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The Docker image builds with NEXT_OUTPUT=standalone and runs server.mjs on that output;
  // `npm start` runs server.mjs on the regular build.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  poweredByHeader: false,
  // No page uses next/image: the optimizer would only be an open fetch-and-resize endpoint
  // (/_next/image?url=...), which answered 500 for crafted URLs.
  images: { unoptimized: true },
  // Native and WebAssembly packages stay in node_modules instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "@prisma/client"],
  // Migrations are read from disk at boot; make sure standalone output carries them.
  outputFileTracingIncludes: {
    "*": ["./prisma/sqlite/migrations/**/*", "./prisma/postgresql/migrations/**/*"],
  },
  // Never ship local state (keys, databases, test output) inside a standalone build.
  outputFileTracingExcludes: {
    "*": ["./data/**/*", "./test-results/**/*", "./playwright-report/**/*", "./.git/**/*", "./e2e/**/*", "./tests/**/*"],
  },
  typescript: { ignoreBuildErrors: false },
  experimental: {
    // proxy.ts runs for pages, and Next.js buffers a copy of every request body for it (10 MB by
    // default): a flood of large POSTs to any page would hold that much memory each. Pages take
    // no bodies but the server-action posts of the admin forms (a client with 100 callback URLs of
    // 1,000 characters is about 100 KB).
    proxyClientMaxBodySize: "256kb",
  },
  // JSON and protocol responses: no scripts, no framing, no sniffing. Pages get their nonce CSP
  // from proxy.ts, which runs for pages only. HSTS depends on APP_URL, known at run time only:
  // lib/http/route-guard.ts and proxy.ts add it. server.mjs's fast path (lib/http/fast-path.mjs)
  // applies these same rules, read from the build's routes-manifest.json, to the endpoints it serves.
  async headers() {
    const fixed = [
      { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "no-referrer" },
      { key: "X-Frame-Options", value: "DENY" },
    ];
    // /authorize sets these itself (app/authorize/route.ts): its form_post page needs its own CSP,
    // and browsers enforce every CSP header they get, so a second, stricter one would block it.
    // Uploaded images (an SVG is a document): opened directly, they get an opaque origin and no
    // script whatever is in them (lib/http/image-response.ts). The later entry's value wins.
    const images = [{ key: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; sandbox" }];
    return [
      ...["/api", "/api/:path*", "/.well-known/:path*", "/healthz"].map((source) => ({ source, headers: fixed })),
      ...["/api/application-images/:path*", "/api/oidc/clients/:id/logo"].map((source) => ({ source, headers: images })),
      // Every path with a trailing slash (and /a//b, /a\b) is a 308 to its canonical form, which
      // Next.js sends without these rules: server.mjs answers it itself with this rule's headers
      // (lib/http/path-redirect.mjs). Kept as the last rule, so that no other one overrides it.
      { source: "/:path+/", headers: fixed },
    ];
  },
};

export default nextConfig;
