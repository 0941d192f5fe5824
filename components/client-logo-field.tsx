"use client";
import { encodePathId } from "@/lib/utils";
import { ImageUploadField } from "@/components/image-upload-field";

/** The server's limit (inventory §2.18), said before the upload. */
export const CLIENT_LOGO_MAX_BYTES = 2 * 1024 * 1024;
export const CLIENT_LOGO_ACCEPT = "image/png,image/jpeg,image/svg+xml,image/webp,image/gif,image/avif,image/x-icon,.ico,.svg";

export function clientLogoUrl(clientId: string, light: boolean): string {
  return `/api/oidc/clients/${encodePathId(clientId)}/logo?light=${light}`;
}

/**
 * A client's light or dark logo (inventory §2.18, §6.3): preview, upload (≤ 2 MB), download from
 * a URL (the server fetches it from public addresses only) and remove. Changes are saved at
 * once through /api/oidc/clients/:id/logo, independently of the client form around it.
 *
 * Use: `<ClientLogoField clientId={client.id} light hasLogo={client.hasLogo} />` and
 * `<ClientLogoField clientId={client.id} light={false} hasLogo={client.hasDarkLogo} />`.
 * For a client not created yet, send `logoUrl`/`darkLogoUrl` with the create request, or
 * upload with `uploadClientLogo` once the id is known.
 */
export function ClientLogoField({ clientId, light, hasLogo, onChanged, disabled }: { clientId: string; light: boolean; hasLogo: boolean; onChanged?: (hasLogo: boolean) => void; disabled?: boolean }) {
  const url = clientLogoUrl(clientId, light);
  return (
    <ImageUploadField
      id={light ? "client-logo-light" : "client-logo-dark"}
      label={light ? "Logo (light theme)" : "Logo (dark theme)"}
      imageUrl={url}
      uploadUrl={url}
      uploadMethod="POST"
      deleteUrl={url}
      deleteLabel="Remove logo"
      allowUrl
      accept={CLIENT_LOGO_ACCEPT}
      maxBytes={CLIENT_LOGO_MAX_BYTES}
      hint={
        light
          ? "PNG, JPEG, SVG, WebP, GIF, AVIF or ICO, at most 2 MB. Shown on the consent page and in My Apps."
          : "Optional: used with the dark theme. Without it, the light logo is used."
      }
      hasCustom={hasLogo}
      backdrop={light ? "light" : "dark"}
      onChanged={onChanged}
      disabled={disabled}
    />
  );
}

/** Uploads a logo file for a client that was just created (multipart `file`); returns the server's sentence on failure. */
export async function uploadClientLogo(clientId: string, light: boolean, file: File): Promise<{ ok: true } | { ok: false; error: string }> {
  const form = new FormData();
  form.append("file", file);
  try {
    const res = await fetch(clientLogoUrl(clientId, light), { method: "POST", body: form, credentials: "same-origin" });
    if (res.ok) return { ok: true };
    const body = await res.json().catch(() => ({}));
    return { ok: false, error: typeof body.error === "string" ? body.error : `The logo could not be uploaded (error ${res.status}). Try again.` };
  } catch {
    return { ok: false, error: "The server could not be reached. Check your connection and try again." };
  }
}
