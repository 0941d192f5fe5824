import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM helper shared with the migration script
import { startTempPostgres } from "../../scripts/pg-temp.mjs";

/**
 * Integration tests run against SQLite and a real PostgreSQL. PG_TEST_URL names an existing
 * server (superuser URL); otherwise a private server is started from the installed binaries.
 */
export default async function setup(project: TestProject) {
  let stop: (() => void) | undefined;
  let url: string | undefined = process.env.PG_TEST_URL;
  if (!url) {
    const pg = await startTempPostgres();
    url = pg.url;
    stop = pg.stop;
  }
  project.provide("pgUrl", url as string);
  return () => stop?.();
}

declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
