import { redirect } from "next/navigation";

/** Issue 7 names /settings/api-keys; Pocket ID's path /settings/admin/api-keys is the page (DESIGN, compatibility). */
export default function ApiKeysRedirect() {
  redirect("/settings/admin/api-keys");
}
