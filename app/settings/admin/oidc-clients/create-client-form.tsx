"use client";
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { TriangleAlert } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyField } from "@/components/copy-field";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import { CLIENT_LOGO_ACCEPT, CLIENT_LOGO_MAX_BYTES, uploadClientLogo } from "@/components/client-logo-field";
import { createClientAction } from "./actions";
import { ClientForm, clientPayload, EMPTY_CLIENT } from "./client-form";

/** Every field of inventory §2.18; a confidential client gets its first secret, shown once here. */
export function CreateClientForm({ allowInsecure }: { allowInsecure: boolean }) {
  const router = useRouter();
  const [created, setCreated] = useState<{ id: string; name: string; secret: string | null; href: string } | null>(null);
  // A new key remounts the form empty after each creation.
  const [formKey, setFormKey] = useState(0);
  const [logo, setLogo] = useState<File | null>(null);
  const [logoError, setLogoError] = useState<string | null>(null);

  return (
    <Card>
      <CardHeader>
        <CardTitle>Add OIDC client</CardTitle>
        <CardDescription>Register an application. Its callback URL must match what the app sends exactly (or one of your wildcard patterns).</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {created && (
          <Alert data-testid="client-created">
            <AlertTitle>{created.name} was created</AlertTitle>
            <AlertDescription className="flex flex-col gap-3 pt-2">
              <CopyField label="Client ID" value={created.id} testId="created-client-id" />
              {created.secret && (
                <>
                  <CopyField label="Client secret" value={created.secret} testId="created-client-secret" />
                  <p className="flex items-center gap-2 text-amber-700 dark:text-amber-400">
                    <TriangleAlert className="size-4 shrink-0" aria-hidden /> Copy the secret now: it is stored hashed and cannot be shown again.
                  </p>
                </>
              )}
              <Link href={created.href} className="w-fit text-sm font-medium underline underline-offset-4 focus-visible:rounded focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
                Open {created.name}: groups, secrets, API access
              </Link>
            </AlertDescription>
          </Alert>
        )}
        <Field
          key={`logo-${formKey}`}
          id="client-logo-file"
          label="Logo (optional)"
          error={logoError}
          hint="PNG, JPEG, SVG, WebP, GIF, AVIF or ICO, at most 2 MB. A dark-theme logo and logos by URL can be set on the client's page."
        >
          {(props) => (
            <Input
              {...props}
              type="file"
              accept={CLIENT_LOGO_ACCEPT}
              onChange={(e) => {
                const f = e.target.files?.[0] ?? null;
                setLogoError(f && f.size > CLIENT_LOGO_MAX_BYTES ? "This file is larger than 2 MB: choose a smaller image." : null);
                setLogo(f);
              }}
            />
          )}
        </Field>
        <ClientForm
          key={formKey}
          mode="create"
          initial={EMPTY_CLIENT}
          allowInsecure={allowInsecure}
          submitLabel="Create client"
          pendingLabel="Creating…"
          onSubmit={async (v) => {
            if (logoError) return { ok: false, error: logoError };
            const r = await createClientAction(clientPayload(v));
            if (r.ok && logo) {
              // The client exists now: its logo goes to /api/oidc/clients/:id/logo (helper 8b's route).
              const up = await uploadClientLogo(r.data.id, true, logo);
              if (!up.ok) toast.error(`${r.data.name} was created, but its logo was not saved: ${up.error} Add it on the client's page.`);
              setLogo(null);
            }
            if (r.ok) {
              setCreated(r.data);
              setFormKey((k) => k + 1);
              router.refresh();
            }
            return r;
          }}
        />
      </CardContent>
    </Card>
  );
}
