import { redirect } from "next/navigation";

/** The Images group lives on the application configuration page (inventory §1.5); this path leads there. */
export default function ApplicationImagesPage() {
  redirect("/settings/admin/application-configuration#images");
}
