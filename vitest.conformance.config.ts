import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

/**
 * The conformance suite (tests/conformance/README.md): the OpenID conformance test plans' modules
 * and the RFC 9700 refusals, driven over HTTP against the standalone production build, which
 * global-setup.ts starts. Run after `npm run build:standalone`: `npm run test:conformance`.
 */
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["tests/conformance/**/*.test.ts"],
    globalSetup: ["tests/conformance/helpers/global-setup.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // One server, shared by all files: run them one after another so that a failure's log is readable.
    fileParallelism: false,
  },
});
