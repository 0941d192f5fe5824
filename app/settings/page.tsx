import { redirect } from "next/navigation";
import { appConfig } from "@/lib/config/app-config";

export default async function SettingsIndex() {
  redirect((await appConfig()).homePageUrl);
}
