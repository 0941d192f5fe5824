"use server";
import { runGuarded } from "@/app/settings/run-action";
import { updateAppConfig } from "@/lib/services/app-config/update-app-config";
import { sendTestEmail } from "@/lib/services/app-config/send-test-email";
import { appConfigUpdateSchema } from "@/lib/services/app-config/app-config-dto";

const PATH = "/settings/admin/application-configuration";

/** Saves the whole configuration, as PUT /api/application-configuration does. */
export async function saveAppConfigAction(values: Record<string, string>) {
  return runGuarded({ path: PATH, message: "Settings saved. Every page uses them now." }, async (actor) => {
    await updateAppConfig(actor, appConfigUpdateSchema.parse(values));
  });
}

export async function sendTestEmailAction() {
  return runGuarded({ path: PATH, refresh: false }, async () => sendTestEmail());
}
