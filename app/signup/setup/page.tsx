import { redirect } from "next/navigation";

/** Pocket ID's path for the setup page. */
export default function SignupSetupAlias() {
  redirect("/setup");
}
