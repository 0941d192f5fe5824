import type { Metadata } from "next";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { ImagesSection } from "../images-section";

export const metadata: Metadata = { title: "Images" };

/** The "Images" group of the application configuration (inventory §6.7) on a page of its own. */
export default async function ApplicationImagesPage() {
  await requirePageAdmin("/settings/admin/application-configuration/images");
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Images</h1>
        <p className="text-sm text-muted-foreground">The logo, favicon and pictures people see on the sign-in pages, in the header and in emails.</p>
      </div>
      <ImagesSection />
    </div>
  );
}
