"use server";
import { headers } from "next/headers";
import { ZodError } from "zod";
import { checkActionOrigin, requirePageAdmin } from "@/lib/auth/page-session";
import { createClient } from "@/lib/services/oidc-clients";
import { requestMeta } from "@/lib/http/request-meta";
import { AppError, fieldErrors } from "@/lib/errors";
import { logError } from "@/lib/log";

export type CreateClientResult =
  | { ok: true; data: { id: string; name: string; secret: string | null } }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

/** Creates a client and, for confidential clients, its first secret, in one transaction. */
export interface CreateClientInput {
  name: string;
  callbackURLs: string[];
  isPublic: boolean;
  pkceEnabled: boolean;
  idTokenSignedResponseAlg?: "RS256" | "RS384" | "RS512" | "ES256" | "ES384" | "ES512" | "EdDSA" | null;
}

export async function createClientAction(input: CreateClientInput): Promise<CreateClientResult> {
  try {
    await checkActionOrigin();
    const session = await requirePageAdmin("/settings/admin/oidc-clients");
    const { client, secret } = await createClient(input, session.userId, requestMeta(await headers()), { withSecret: true });
    return { ok: true, data: { id: client.id, name: client.name, secret } };
  } catch (e) {
    if (e instanceof ZodError) return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrors(e) };
    if (e instanceof AppError) return { ok: false, error: e.message };
    if ((e as { digest?: string })?.digest?.startsWith("NEXT_REDIRECT")) throw e;
    logError("createClientAction", e);
    return { ok: false, error: "Something went wrong." };
  }
}
