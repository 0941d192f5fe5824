import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ChevronRight, KeyRound, QrCode, RectangleEllipsis, type LucideIcon } from "lucide-react";
import { AuthShell } from "@/components/auth-shell";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { pageSession, safeRedirectPath } from "@/lib/auth/page-session";

export const metadata: Metadata = { title: "Other ways to sign in" };

interface Choice {
  href: string;
  icon: LucideIcon;
  title: string;
  description: string;
}

/** "Don't have access to your passkey?" (inventory §1.5 /login/alternative, §5.4). */
export default async function AlternativeSignInPage({ searchParams }: { searchParams: Promise<{ redirect?: string }> }) {
  const raw = (await searchParams).redirect;
  const next = safeRedirectPath(raw);
  if (await pageSession()) redirect(next);
  const query = raw ? `?redirect=${encodeURIComponent(next)}` : "";
  const choices: Choice[] = [
    {
      href: `/login/alternative/device${query}`,
      icon: QrCode,
      title: "Sign in with another device",
      description: "Scan a QR code with a phone or computer where you are signed in, and approve there.",
    },
    {
      href: `/login/alternative/code${query}`,
      icon: RectangleEllipsis,
      title: "Login code",
      description: "Enter a code your administrator gave you.",
    },
  ];
  return (
    <AuthShell>
      <Card>
        <CardHeader>
          <CardTitle>Other ways to sign in</CardTitle>
          <CardDescription>If your passkey is not at hand, choose another way in.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          <ul className="flex flex-col gap-3">
            {choices.map((c) => (
              <li key={c.href}>
                <Link
                  href={c.href}
                  className="flex items-center gap-3 rounded-lg border p-4 transition-colors hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                >
                  <c.icon className="size-5 shrink-0 text-muted-foreground" aria-hidden />
                  <span className="flex flex-1 flex-col">
                    <span className="font-medium">{c.title}</span>
                    <span className="text-sm text-muted-foreground">{c.description}</span>
                  </span>
                  <ChevronRight className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                </Link>
              </li>
            ))}
          </ul>
          <Link
            href={`/login${query}`}
            className="inline-flex items-center gap-2 self-start rounded-sm text-sm text-muted-foreground underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            <KeyRound className="size-4" aria-hidden /> Use your passkey instead
          </Link>
        </CardContent>
      </Card>
    </AuthShell>
  );
}
