"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { ImageUp, LoaderCircle, RotateCcw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { api, ApiError } from "@/components/api-client";
import { toast } from "@/components/ui/toast";

/** The same limits the server applies (lib/services/profile-pictures), said before the upload. */
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = "image/png,image/jpeg,image/webp,image/gif,image/avif";

/**
 * A profile picture with upload and reset (inventory §5.6). The image URL carries the picture's
 * version, so after a change the page's refresh shows the new one at once. Refusals (too large,
 * not an image, account locked) are shown under the buttons as the server words them.
 */
export function ProfilePictureEditor({
  imageUrl,
  uploadUrl,
  custom,
  name,
  locked,
  idPrefix = "picture",
}: {
  imageUrl: string;
  /** PUT (multipart `file`) to upload, DELETE to reset. */
  uploadUrl: string;
  custom: boolean;
  name: string;
  /** Why the picture cannot be changed here, or null. */
  locked?: string | null;
  idPrefix?: string;
}) {
  const router = useRouter();
  const input = React.useRef<HTMLInputElement>(null);
  const [busy, setBusy] = React.useState<"upload" | "reset" | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const errorId = `${idPrefix}-error`;

  async function upload(file: File) {
    setError(null);
    if (file.size > MAX_BYTES) return setError("The file is too large: upload one of at most 10 MB.");
    if (file.type === "image/svg+xml") return setError("SVG images are not accepted as profile pictures. Upload a JPEG, PNG, WebP, GIF or AVIF image.");
    setBusy("upload");
    const form = new FormData();
    form.append("file", file);
    try {
      const res = await fetch(uploadUrl, { method: "PUT", body: form, credentials: "same-origin" });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        setError(typeof body.error === "string" ? body.error : `The picture could not be uploaded (error ${res.status}). Try again.`);
        return;
      }
      toast.success("Profile picture updated.");
      router.refresh();
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    } finally {
      setBusy(null);
      if (input.current) input.current.value = "";
    }
  }

  async function reset() {
    setError(null);
    setBusy("reset");
    try {
      await api(uploadUrl, { method: "DELETE" });
      toast.success("Profile picture reset to your initials.");
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "The picture could not be reset. Try again.");
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:gap-5" data-testid={`${idPrefix}-editor`}>
      {/* eslint-disable-next-line @next/next/no-img-element -- our own PNG endpoint, versioned URL */}
      <img src={imageUrl} alt={`Profile picture of ${name}`} width={96} height={96} className="size-24 shrink-0 rounded-full border bg-muted object-cover" data-testid={`${idPrefix}-image`} />
      <div className="flex min-w-0 flex-col gap-2">
        {locked ? (
          <p className="text-sm text-muted-foreground">{locked}</p>
        ) : (
          <>
            <div className="flex flex-wrap gap-2">
              <input
                ref={input}
                id={`${idPrefix}-file`}
                type="file"
                accept={ACCEPT}
                className="sr-only"
                // The button below is the control people reach; an invisible second tab stop would not show focus.
                tabIndex={-1}
                aria-label="Profile picture file"
                aria-describedby={error ? errorId : `${idPrefix}-hint`}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) void upload(file);
                }}
                data-testid={`${idPrefix}-file`}
              />
              <Button type="button" variant="outline" size="sm" disabled={busy !== null} aria-busy={busy === "upload" || undefined} onClick={() => input.current?.click()}>
                {busy === "upload" ? <LoaderCircle className="animate-spin" /> : <ImageUp />}
                {busy === "upload" ? "Uploading…" : "Upload picture"}
              </Button>
              {custom && (
                <Button type="button" variant="ghost" size="sm" disabled={busy !== null} aria-busy={busy === "reset" || undefined} onClick={reset}>
                  {busy === "reset" ? <LoaderCircle className="animate-spin" /> : <RotateCcw />}
                  {busy === "reset" ? "Resetting…" : "Use initials instead"}
                </Button>
              )}
            </div>
            <p id={`${idPrefix}-hint`} className="text-xs text-muted-foreground">
              JPEG, PNG, WebP, GIF or AVIF, at most 10 MB. Cropped to a square from the centre; location and camera data are removed.
            </p>
          </>
        )}
        {error && (
          <p id={errorId} role="alert" className="text-sm text-destructive" data-testid={`${idPrefix}-error-text`}>
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
