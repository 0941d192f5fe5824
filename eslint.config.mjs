// ESLint (flat config): Next's core-web-vitals and TypeScript rules, plus the layering rules of
// ../shared/DESIGN.md, enforced so that a lower layer importing a higher one fails `npm test`:
//   app, components  →  lib/services  →  lib/auth, lib/http, lib/keys  →  lib/oidc, lib/db  →  lib/config, lib/crypto, lib/errors, lib/log
// lib/oidc is pure protocol code: no Next, no Prisma, no database, no process.env.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/** Import patterns (gitignore syntax) for a lib folder, reached by alias or by a relative path. */
const lib = (...names) => names.flatMap((n) => [`@/lib/${n}`, `@/lib/${n}/**`, `**/lib/${n}`, `**/lib/${n}/**`, `../${n}`, `../${n}/**`, `../../${n}`, `../../${n}/**`, `./${n}`, `./${n}/**`]);

const restrict = (message, ...groups) => ({
  "no-restricted-imports": ["error", { patterns: [{ group: groups.flat(), message }] }],
});
/** The same, letting `import type` through (a shape, not a dependency at run time). */
const restrictValues = (message, ...groups) => ({
  "no-restricted-imports": ["error", { patterns: [{ group: groups.flat(), message, allowTypeImports: true }] }],
});

const noProcessEnv = {
  "no-restricted-properties": [
    "error",
    { object: "process", property: "env", message: "Read configuration through lib/config (env() or lib/config/runtime), never process.env directly." },
  ],
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "lib/db/generated/**", "test-results/**", "playwright-report/**", "data/**", "next-env.d.ts", "examples/*/.next/**", "examples/*/next-env.d.ts"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  // process.env only in lib/config; Next's own entry files, scripts, tests and tool configs excepted.
  {
    files: ["app/**", "components/**", "lib/**", "proxy.ts"],
    ignores: ["lib/config/**"],
    rules: noProcessEnv,
  },
  // Bottom layer: configuration, primitives, errors, logging.
  {
    files: ["lib/config/**", "lib/crypto/**", "lib/errors.ts", "lib/log.ts", "lib/utils.ts"],
    rules: restrictValues(
      "lib/config, lib/crypto, lib/errors and lib/log are the bottom layer: they import nothing above them.",
      lib("oidc", "db", "auth", "http", "services", "keys", "boot"),
      ["next", "next/**", "@prisma/**"],
    ),
  },
  // Protocol logic: pure.
  {
    files: ["lib/oidc/**"],
    rules: {
      ...restrict(
        "lib/oidc is pure protocol logic: no Next.js, no Prisma, no database, no environment; storage comes in through lib/oidc/store.ts.",
        lib("db", "auth", "http", "services", "keys", "boot", "config/env", "config/runtime", "config/app-config"),
        ["next", "next/**", "@prisma/**", "better-sqlite3", "pg"],
      ),
      ...noProcessEnv,
    },
  },
  // Storage.
  {
    files: ["lib/db/**"],
    rules: restrict("lib/db sits below auth, http and services: it must not import them.", lib("auth", "http", "services", "keys", "boot"), ["next", "next/**"]),
  },
  // Sessions, passkeys, HTTP wrappers, key ring.
  {
    files: ["lib/auth/**", "lib/http/**", "lib/keys.ts"],
    rules: restrict("lib/auth, lib/http and lib/keys sit below lib/services: they must not import it.", lib("services", "boot")),
  },
  // Use cases.
  {
    files: ["lib/services/**"],
    rules: restrict("lib/services must not import pages, components or the boot sequence.", lib("boot"), ["@/app/**", "@/components/**"]),
  },
  // Pages and route handlers go through services, never straight to Prisma.
  {
    files: ["app/**", "proxy.ts"],
    rules: restrict(
      "Pages and route handlers call lib/services (or lib/auth, lib/http) instead of Prisma.",
      ["@/lib/db/client", "@/lib/db/generated/**", "@prisma/**", "@/lib/boot"],
    ),
  },
  // The CLI (cli/): an entry point like the server's boot; it calls services, never pages or components.
  {
    files: ["cli/**"],
    rules: restrict("The CLI calls lib/services (and lib/db for migrations); it must not import pages or components.", ["@/app/**", "@/components/**", "**/app/**", "**/components/**"]),
  },
  // Browser code never reaches server modules.
  {
    files: ["components/**"],
    rules: restrict("Components run in the browser: they use the REST API, not server modules.", lib("db", "services", "auth", "http", "oidc", "keys", "boot", "config"), ["@prisma/**"]),
  },
]);
