"use client";
import * as React from "react";
import { ImageOff, ImageUp, Link2, LoaderCircle, RotateCcw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { cn } from "@/lib/utils";

export interface ImageUploadFieldProps {
  /** Stable id prefix for inputs, hints and errors (also the data-testid prefix). */
  id: string;
  label: string;
  /** Where the current image is served. */
  imageUrl: string;
  /** The URL serves a bundled default when nothing is uploaded (app logos, favicon): preview it too. */
  hasDefault?: boolean;
  /** The upload target: multipart `file` sent with `uploadMethod`. */
  uploadUrl: string;
  uploadMethod: "POST" | "PUT";
  /** DELETE target for "remove"/"reset"; omit when the image cannot be removed. */
  deleteUrl?: string;
  /** Accept JSON `{ url }` at uploadUrl (client logos): shows an "or from a URL" input. */
  allowUrl?: boolean;
  accept: string;
  maxBytes: number;
  hint: string;
  /** "Remove logo", "Reset to default", … */
  deleteLabel?: string;
  /** Whether there is something to delete (an uploaded image, not the bundled default). */
  hasCustom: boolean;
  /** The preview's backdrop: a dark logo is shown on dark. */
  backdrop?: "light" | "dark" | "auto";
  /** Called after a successful change, with whether a custom image is now set. */
  onChanged?: (hasCustom: boolean) => void;
  disabled?: boolean;
}

async function errorText(res: Response, fallback: string): Promise<string> {
  const body = await res.json().catch(() => ({}));
  return typeof body.error === "string" ? body.error : `${fallback} (error ${res.status}). Try again.`;
}

/**
 * One image with a preview, upload (and optionally "from a URL"), and remove/reset: used for
 * client logos (components/client-logo-field.tsx) and the application images section. The
 * server decides (type from the bytes, size, no SVG script); its sentence is shown under the field.
 */
export function ImageUploadField(props: ImageUploadFieldProps) {
  const input = React.useRef<HTMLInputElement>(null);
  const [busy, setBusy] = React.useState<"upload" | "url" | "delete" | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [url, setUrl] = React.useState("");
  const [custom, setCustom] = React.useState(props.hasCustom);
  // Cache-buster: the preview is fetched after mount and again after each change.
  const [revision, setRevision] = React.useState<number | null>(null);
  const [broken, setBroken] = React.useState(false);
  React.useEffect(() => {
    // After hydration (a time in the server's HTML would not match the browser's).
    const t = setTimeout(() => setRevision(Date.now()));
    return () => clearTimeout(t);
  }, []);
  const errorId = `${props.id}-error`;
  const hintId = `${props.id}-hint`;
  const described = error ? `${hintId} ${errorId}` : hintId;

  function changed(nowCustom: boolean, message: string) {
    setCustom(nowCustom);
    setBroken(false);
    setRevision(Date.now());
    toast.success(message);
    props.onChanged?.(nowCustom);
  }

  async function upload(file: File) {
    setError(null);
    if (file.size > props.maxBytes) return setError(`The file is too large: upload one of at most ${Math.floor(props.maxBytes / (1024 * 1024))} MB.`);
    setBusy("upload");
    const form = new FormData();
    form.append("file", file);
    try {
      const res = await fetch(props.uploadUrl, { method: props.uploadMethod, body: form, credentials: "same-origin" });
      if (!res.ok) return setError(await errorText(res, "The image could not be uploaded"));
      changed(true, `${props.label} updated.`);
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    } finally {
      setBusy(null);
      if (input.current) input.current.value = "";
    }
  }

  async function fromUrl(e: React.FormEvent | React.MouseEvent) {
    e.preventDefault();
    setError(null);
    if (!/^https?:\/\/\S+$/i.test(url.trim())) return setError("Enter the image's address, starting with https:// or http://.");
    setBusy("url");
    try {
      const res = await fetch(props.uploadUrl, {
        method: props.uploadMethod,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ url: url.trim() }),
        credentials: "same-origin",
      });
      if (!res.ok) return setError(await errorText(res, "The image could not be downloaded"));
      setUrl("");
      changed(true, `${props.label} downloaded and saved.`);
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    } finally {
      setBusy(null);
    }
  }

  async function remove() {
    if (!props.deleteUrl) return;
    setError(null);
    setBusy("delete");
    try {
      const res = await fetch(props.deleteUrl, { method: "DELETE", credentials: "same-origin" });
      if (!res.ok) return setError(await errorText(res, "The image could not be removed"));
      changed(false, `${props.label}: ${props.deleteLabel ?? "removed"}.`);
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    } finally {
      setBusy(null);
    }
  }

  const src = (custom || props.hasDefault) && revision !== null ? `${props.imageUrl}${props.imageUrl.includes("?") ? "&" : "?"}r=${revision}` : null;
  const backdrop = props.backdrop ?? "auto";
  const disabled = props.disabled || busy !== null;
  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:gap-4" data-testid={`${props.id}-field`}>
      <div
        className={cn(
          "flex size-24 shrink-0 items-center justify-center overflow-hidden rounded-md border p-2",
          backdrop === "dark" ? "bg-neutral-900" : backdrop === "light" ? "bg-white" : "bg-muted",
        )}
      >
        {src && !broken ? (
          // eslint-disable-next-line @next/next/no-img-element -- an uploaded image served by our API, any size
          <img src={src} alt={`${props.label} preview`} className="max-h-full max-w-full object-contain" onError={() => setBroken(true)} data-testid={`${props.id}-preview`} />
        ) : (
          <ImageOff className="size-6 text-muted-foreground" role="img" aria-label={`No ${props.label.toLowerCase()}`} data-testid={`${props.id}-none`} />
        )}
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-2">
        <span className="text-sm font-medium" id={`${props.id}-label`}>
          {props.label}
        </span>
        <div className="flex flex-wrap gap-2">
          <input
            ref={input}
            id={`${props.id}-file`}
            type="file"
            accept={props.accept}
            className="sr-only"
            tabIndex={-1}
            aria-labelledby={`${props.id}-label`}
            aria-describedby={described}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void upload(file);
            }}
            data-testid={`${props.id}-file`}
          />
          <Button type="button" variant="outline" size="sm" disabled={disabled} aria-busy={busy === "upload" || undefined} aria-describedby={described} onClick={() => input.current?.click()}>
            {busy === "upload" ? <LoaderCircle className="animate-spin" /> : <ImageUp />}
            {busy === "upload" ? "Uploading…" : "Upload"}
          </Button>
          {props.deleteUrl && custom && (
            <Button type="button" variant="ghost" size="sm" disabled={disabled} aria-busy={busy === "delete" || undefined} onClick={remove} data-testid={`${props.id}-delete`}>
              {busy === "delete" ? <LoaderCircle className="animate-spin" /> : <RotateCcw />}
              {props.deleteLabel ?? "Remove"}
            </Button>
          )}
        </div>
        {props.allowUrl && (
          <div className="flex flex-col gap-1 sm:flex-row sm:items-center sm:gap-2">
            <label htmlFor={`${props.id}-url`} className="sr-only">
              {props.label} from a URL
            </label>
            <Input
              id={`${props.id}-url`}
              type="url"
              inputMode="url"
              placeholder="or from a URL: https://…"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") void fromUrl(e as unknown as React.FormEvent);
              }}
              disabled={disabled}
              aria-describedby={described}
              aria-invalid={error ? true : undefined}
              className="h-8 text-sm"
              data-testid={`${props.id}-url`}
            />
            <Button type="button" variant="outline" size="sm" disabled={disabled || !url.trim()} aria-busy={busy === "url" || undefined} onClick={fromUrl}>
              {busy === "url" ? <LoaderCircle className="animate-spin" /> : <Link2 />}
              {busy === "url" ? "Downloading…" : "Use URL"}
            </Button>
          </div>
        )}
        <p id={hintId} className="text-xs text-muted-foreground">
          {props.hint}
        </p>
        {error && (
          <p id={errorId} role="alert" className="text-sm text-destructive" data-testid={`${props.id}-error`}>
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
