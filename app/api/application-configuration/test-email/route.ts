import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { sendTestEmail } from "@/lib/services/app-config/send-test-email";

export const dynamic = "force-dynamic";

export const POST = apiOperation(
  {
    id: "appConfig.testEmail", method: "POST", path: "/api/application-configuration/test-email", tag: "Application configuration", auth: "admin",
    summary: "Send a test email to the calling admin",
    description: "This version cannot send email yet: the answer is always 501 with code email_not_available (stable, for scripts). The SMTP settings are stored and validated for when it can.",
    optionalBody: true,
  },
  async () => sendTestEmail(),
);

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
