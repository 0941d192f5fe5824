import { AppError } from "../errors";
import { readBodyBytes } from "./body";

export interface UploadedFile {
  bytes: Uint8Array;
  /** The type the browser declared: informative only, the content decides. */
  declaredType: string;
  name: string;
}

/** Room for the multipart boundaries and part headers around the file itself. */
const MULTIPART_OVERHEAD = 16 * 1024;

/**
 * The file of a `multipart/form-data` upload (Pocket ID's `file` field). The body is read as a
 * stream that stops at `maxBytes` plus the multipart framing, so an oversized upload is refused
 * (`file_too_large`) without being held in memory; then the file part itself is measured.
 */
export async function readUploadedFile(request: Request, maxBytes: number, field = "file"): Promise<UploadedFile> {
  const contentType = request.headers.get("content-type") ?? "";
  if (contentType.split(";")[0].trim().toLowerCase() !== "multipart/form-data") {
    throw new AppError("invalid_request_body", `Send the file as multipart/form-data in a field named "${field}".`);
  }
  const tooLarge = () => new AppError("file_too_large", `The file is too large: upload one of at most ${Math.floor(maxBytes / (1024 * 1024))} MB.`);
  const body = await readBodyBytes(request, maxBytes + MULTIPART_OVERHEAD);
  if (!body.ok) throw tooLarge();
  let form: FormData;
  try {
    form = await new Response(body.bytes as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new AppError("invalid_request_body", `The upload could not be read: send multipart/form-data with the file in a field named "${field}".`);
  }
  const file = form.get(field);
  if (!file || typeof file === "string") {
    throw new AppError("validation_failed", "Choose a file to upload.", { [field]: "Choose an image file" });
  }
  if (file.size > maxBytes) throw tooLarge();
  if (file.size === 0) throw new AppError("invalid_image", "The file is empty: choose an image file.");
  return { bytes: new Uint8Array(await file.arrayBuffer()), declaredType: file.type, name: file.name };
}
