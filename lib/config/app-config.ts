import { z } from "zod";

/**
 * Application configuration (inventory §4.1): the UI-editable settings. This slice uses a few
 * keys with their defaults; the admin page that edits them (stored in the kv table, or read
 * from env with UI_CONFIG_DISABLED=true) comes with the admin issue and plugs in here.
 */
const appConfigSchema = z.object({
  appName: z.string().min(1).max(30).default("Pocket ID"),
  sessionDuration: z.coerce.number().int().min(1).max(525600).default(60),
  emailsVerified: z.coerce.boolean().default(false),
  homePageUrl: z.string().default("/settings/account"),
  /** Inventory §4.1/§5.6: users must have an email address (optional since Pocket ID v1.12). */
  requireUserEmail: z.coerce.boolean().default(true),
});

export type AppConfig = z.output<typeof appConfigSchema>;

export async function appConfig(): Promise<AppConfig> {
  const fromEnv = process.env.UI_CONFIG_DISABLED === "true";
  return appConfigSchema.parse(
    fromEnv
      ? {
          appName: process.env.APP_NAME || undefined,
          sessionDuration: process.env.SESSION_DURATION || undefined,
          emailsVerified: process.env.EMAILS_VERIFIED === "true",
          homePageUrl: process.env.HOME_PAGE_URL || undefined,
          requireUserEmail: process.env.REQUIRE_USER_EMAIL ? process.env.REQUIRE_USER_EMAIL === "true" : undefined,
        }
      : {},
  );
}
