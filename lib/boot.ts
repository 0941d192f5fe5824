import { ConfigError, env } from "./config/env";
import { runMigrations } from "./db/migrate";
import { signingKey } from "./keys";
import { seedPreview } from "./services/preview-seed";
import { scheduleCleanup } from "./services/cleanup";
import { scheduleBackchannelLogout } from "./services/backchannel-logout/drain-outbox";
import { log } from "./log";
import { AppConfigEnvError, appConfig, isUiConfigDisabled, scheduleAppConfigRefresh } from "./config/app-config";
import { removeStaticApiUserWhenUnset } from "./auth/api-key-auth";

/**
 * Server start (from instrumentation.ts): parse the environment, migrate the database, load or
 * create the signing key, seed preview data when asked. Any failure stops the process with a
 * readable message instead of serving a half-configured provider.
 */
export async function boot(): Promise<void> {
  try {
    const config = env();
    const { applied } = await runMigrations(config.database);
    const where = config.database.provider === "sqlite" ? config.database.path : "PostgreSQL";
    log.info(`[boot] database ${where}: ${applied.length ? `applied ${applied.join(", ")}` : "schema up to date"}`);
    const key = await signingKey();
    log.info(`[boot] signing key ${key.kid} (${key.alg}); the key ring is kept in the database`);
    // Reads (and with UI_CONFIG_DISABLED=true validates) the settings before the first request.
    const settings = await appConfig();
    scheduleAppConfigRefresh();
    log.info(`[boot] application configuration for "${settings.appName}" from ${isUiConfigDisabled() ? "environment variables" : "the database"}`);
    await removeStaticApiUserWhenUnset();
    if (config.previewMode) await seedPreview();
    scheduleCleanup();
    scheduleBackchannelLogout();
    log.info(`[boot] issuer ${config.appUrl}`);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof AppConfigEnvError) {
      console.error(e.message);
    } else {
      console.error(`[boot] cannot start: ${(e as Error).message}`);
    }
    process.exit(1);
  }
}
