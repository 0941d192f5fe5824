"use client";
import { useRouter } from "next/navigation";
import { ImageUploadField } from "@/components/image-upload-field";

export interface ImageState {
  logoLight: boolean;
  logoDark: boolean;
  logoEmail: boolean;
  favicon: boolean;
  background: boolean;
  defaultProfilePicture: boolean;
}

const MiB = 1024 * 1024;
const ANY = "image/png,image/jpeg,image/svg+xml,image/webp,image/gif,image/avif,image/x-icon,.svg,.ico";
const RASTER = "image/png,image/jpeg,image/webp,image/gif,image/avif";

/**
 * The images of the "Images" group (inventory §6.7): each saved on its own as soon as it is
 * chosen, through /api/application-images (type read from the bytes, metadata removed, SVG with
 * script refused by the server). The page is refreshed after a change so the header and
 * favicon show the new image.
 */
export function ImagesFields({ state }: { state: ImageState }) {
  const router = useRouter();
  const refresh = () => router.refresh();
  return (
    <div className="grid gap-6 lg:grid-cols-2" data-testid="images-section">
      <ImageUploadField
        id="image-logo-light"
        label="Logo (light theme)"
        imageUrl="/api/application-images/logo?light=true"
        hasDefault
        uploadUrl="/api/application-images/logo?light=true"
        uploadMethod="PUT"
        deleteUrl="/api/application-images/logo?light=true"
        deleteLabel="Reset to default"
        accept={ANY}
        maxBytes={2 * MiB}
        hint="PNG, JPEG, SVG, WebP, GIF, AVIF or ICO, at most 2 MB. Shown on the sign-in pages and in the header."
        hasCustom={state.logoLight}
        backdrop="light"
        onChanged={refresh}
      />
      <ImageUploadField
        id="image-logo-dark"
        label="Logo (dark theme)"
        imageUrl="/api/application-images/logo?light=false"
        hasDefault
        uploadUrl="/api/application-images/logo?light=false"
        uploadMethod="PUT"
        deleteUrl="/api/application-images/logo?light=false"
        deleteLabel="Reset to default"
        accept={ANY}
        maxBytes={2 * MiB}
        hint="Used with the dark theme. Without it, an uploaded light logo is used in both themes."
        hasCustom={state.logoDark}
        backdrop="dark"
        onChanged={refresh}
      />
      <ImageUploadField
        id="image-email"
        label="Email logo"
        imageUrl="/api/application-images/email"
        hasDefault
        uploadUrl="/api/application-images/email"
        uploadMethod="PUT"
        accept="image/png,image/jpeg"
        maxBytes={2 * MiB}
        hint="PNG or JPEG, at most 2 MB: email programs do not show SVG."
        hasCustom={state.logoEmail}
        backdrop="light"
        onChanged={refresh}
      />
      <ImageUploadField
        id="image-favicon"
        label="Favicon"
        imageUrl="/api/application-images/favicon"
        hasDefault
        uploadUrl="/api/application-images/favicon"
        uploadMethod="PUT"
        accept="image/svg+xml,image/png,image/x-icon,.svg,.ico"
        maxBytes={1 * MiB}
        hint="SVG, PNG or ICO, at most 1 MB. Browsers may keep showing the old icon until the tab is reloaded."
        hasCustom={state.favicon}
        onChanged={refresh}
      />
      <ImageUploadField
        id="image-background"
        label="Background image"
        imageUrl="/api/application-images/background"
        uploadUrl="/api/application-images/background"
        uploadMethod="PUT"
        deleteUrl="/api/application-images/background"
        deleteLabel="Remove"
        accept={`${RASTER},image/svg+xml,.svg`}
        maxBytes={10 * MiB}
        hint="Shown behind the sign-in pages on wide screens. JPEG, PNG, WebP, GIF, AVIF or SVG, at most 10 MB."
        hasCustom={state.background}
        onChanged={refresh}
      />
      <ImageUploadField
        id="image-default-profile-picture"
        label="Default profile picture"
        imageUrl="/api/application-images/default-profile-picture"
        uploadUrl="/api/application-images/default-profile-picture"
        uploadMethod="PUT"
        deleteUrl="/api/application-images/default-profile-picture"
        deleteLabel="Use initials"
        accept={RASTER}
        maxBytes={10 * MiB}
        hint="For users without their own picture, instead of their initials. Cropped to a 300×300 square."
        hasCustom={state.defaultProfilePicture}
        onChanged={refresh}
      />
    </div>
  );
}
