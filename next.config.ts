import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The Docker image runs the standalone server (node server.js).
  output: "standalone",
  poweredByHeader: false,
  // Native and WebAssembly packages stay in node_modules instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "@prisma/client"],
  // Migrations are read from disk at boot; make sure standalone output carries them.
  outputFileTracingIncludes: {
    "/*": ["./prisma/sqlite/migrations/**/*", "./prisma/postgresql/migrations/**/*"],
  },
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
