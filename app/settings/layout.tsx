import Link from "next/link";
import { headers } from "next/headers";
import { KeyRound } from "lucide-react";
import { ThemeToggle } from "@/components/theme-toggle";
import { requirePageUser } from "@/lib/auth/page-session";
import { SignOutButton } from "@/components/sign-out-button";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const session = await requirePageUser((await headers()).get("x-pathname") ?? "/settings");
  const links = [{ href: "/settings/account", label: "My account" }];
  if (session.user.isAdmin) links.push({ href: "/settings/admin/oidc-clients", label: "OIDC Clients" });
  return (
    <div className="min-h-screen">
      <header className="border-b">
        <div className="mx-auto flex max-w-5xl items-center justify-between px-6 py-3">
          <Link href="/settings" className="flex items-center gap-2 font-semibold">
            <KeyRound className="size-5" /> Pocket ID
          </Link>
          <div className="flex items-center gap-2">
            <span className="hidden text-sm text-muted-foreground sm:inline" data-testid="signed-in-user">
              {session.user.username}
            </span>
            <ThemeToggle />
            <SignOutButton variant="ghost" size="sm" />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-5xl flex-col gap-6 px-6 py-8 md:flex-row">
        <nav className="flex gap-1 md:w-48 md:flex-col" aria-label="Settings">
          {links.map((l) => (
            <Link key={l.href} href={l.href} className="rounded-md px-3 py-2 text-sm hover:bg-accent">
              {l.label}
            </Link>
          ))}
        </nav>
        <main className="min-w-0 flex-1">{children}</main>
      </div>
    </div>
  );
}
