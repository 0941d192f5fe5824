import type { Metadata } from "next";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { isUiConfigDisabled } from "@/lib/config/app-config";
import { listAppConfig } from "@/lib/services/app-config/list-app-config";
import { listUserGroups } from "@/lib/services/user-groups/list-user-groups";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { AppConfigForm } from "./app-config-form";
import { ImagesSection } from "./images-section";

export const metadata: Metadata = { title: "Application Configuration" };

const PATH = "/settings/admin/application-configuration";

/**
 * Inventory §4.1 / §6.7: every application setting, grouped as Pocket ID groups them. With
 * UI_CONFIG_DISABLED=true the values come from env vars: shown read-only, secrets as set / not set.
 */
export default async function ApplicationConfigurationPage() {
  await requirePageAdmin(PATH);
  const [entries, groups] = await Promise.all([listAppConfig(), listUserGroups({ page: 1, limit: 100, sort: null, search: "", filters: {} })]);
  const readOnly = isUiConfigDisabled();
  const values = Object.fromEntries(entries.map((e) => [e.key, e.value]));
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Application Configuration</h1>
        <p className="text-sm text-muted-foreground">How this sign-in service looks and behaves for everyone. Changes apply on every server within a few seconds.</p>
      </div>
      {readOnly && (
        <Alert data-testid="ui-config-disabled-banner">
          <AlertTitle>Managed by environment variables</AlertTitle>
          <AlertDescription>
            UI_CONFIG_DISABLED=true is set, so these settings come from the server&apos;s environment variables (such as APP_NAME or SMTP_HOST) and cannot be changed here.
            Change the variables and restart the server instead. Passwords are not shown.
          </AlertDescription>
        </Alert>
      )}
      <AppConfigForm
        initial={values}
        readOnly={readOnly}
        groups={groups.data.map((g) => ({ id: g.id, name: g.friendlyName || g.name }))}
        images={<ImagesSection />}
      />
    </div>
  );
}
