import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The Docker image builds with NEXT_OUTPUT=standalone and runs server.mjs on that output;
  // `npm start` runs server.mjs on the regular build.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  poweredByHeader: false,
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
};

export default nextConfig;
