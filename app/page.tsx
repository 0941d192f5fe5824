import { redirect } from "next/navigation";
import { isSetupAvailable } from "@/lib/services/setup";
import { pageSession } from "@/lib/auth/page-session";

export default async function Home() {
  if (await isSetupAvailable()) redirect("/setup");
  redirect((await pageSession()) ? "/settings" : "/login");
}
