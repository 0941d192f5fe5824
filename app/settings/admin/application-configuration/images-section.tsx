import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { applicationImageVersions } from "@/lib/services/application-images/load-application-image";
import { ImagesFields } from "./images-fields";

/**
 * The "Images" group of the application configuration page (inventory §6.7): light and dark
 * logo, email logo, favicon, background image and default profile picture, each with a preview,
 * upload and (where Pocket ID allows) reset. A server component: it reads which images are
 * uploaded; the page it sits on checks that the visitor is an admin. Images are files, not
 * settings: they stay editable with UI_CONFIG_DISABLED=true, as in Pocket ID.
 */
export async function ImagesSection() {
  const v = await applicationImageVersions();
  return (
    <Card id="images" aria-labelledby="section-images" data-testid="section-images">
      <CardHeader>
        <CardTitle id="section-images" className="text-lg">
          Images
        </CardTitle>
        <CardDescription>Your logo, favicon and background. Images are saved as soon as you choose them; location and camera data are removed.</CardDescription>
      </CardHeader>
      <CardContent>
        <ImagesFields
          state={{
            logoLight: !!v.logoLight,
            logoDark: !!v.logoDark,
            logoEmail: !!v.logoEmail,
            favicon: !!v.favicon,
            background: !!v.background,
            defaultProfilePicture: !!v.defaultProfilePicture,
          }}
        />
      </CardContent>
    </Card>
  );
}
