import { AppError } from "../../errors";

/**
 * POST /api/application-configuration/test-email (inventory §1.5). Pocket ID sends a test message
 * to the calling admin; this version has no mailer yet, so it answers 501 email_not_available
 * (a stable code a script can test for) instead of pretending to send. The SMTP settings are
 * stored and validated already, for the mailer to use.
 */
export async function sendTestEmail(): Promise<never> {
  throw new AppError("email_not_available");
}
