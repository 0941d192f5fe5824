import Link from "next/link";
import { headers } from "next/headers";
import { AppWindow, KeySquare, ScrollText, ShieldCheck, SlidersHorizontal, UserRound, Users, UsersRound, Waypoints } from "lucide-react";
import { ThemeToggle } from "@/components/theme-toggle";
import { requirePageUser } from "@/lib/auth/page-session";
import { SignOutButton } from "@/components/sign-out-button";
import { AppLogo } from "@/app/branding";
import { SettingsNav, type NavSection } from "@/components/settings-nav";
import { Toaster } from "@/components/ui/toast";
import { profilePictureVersion } from "@/lib/services/profile-pictures/load-profile-picture";
import { pictureSrc } from "./sessions-view";
import { appConfig } from "@/lib/config/app-config";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const session = await requirePageUser((await headers()).get("x-pathname") ?? "/settings");
  const [picture, { appName }] = await Promise.all([profilePictureVersion(session.userId), appConfig()]);
  // One line per page: helpers add theirs to the section it belongs to.
  const account: NavSection = {
    links: [
      { href: "/settings/account", label: "My account", icon: <UserRound /> },
      { href: "/settings/apps", label: "My Apps", icon: <AppWindow /> },
      { href: "/settings/audit-log", label: "My audit log", icon: <ScrollText /> },
    ],
  };
  const admin: NavSection = {
    title: "Administration",
    links: [
      { href: "/settings/admin/users", label: "Users", icon: <Users /> },
      { href: "/settings/admin/user-groups", label: "User Groups", icon: <UsersRound /> },
      { href: "/settings/admin/oidc-clients", label: "OIDC Clients", icon: <ShieldCheck /> },
      { href: "/settings/admin/apis", label: "APIs", icon: <Waypoints /> },
      { href: "/settings/admin/api-keys", label: "API Keys", icon: <KeySquare /> },
      { href: "/settings/admin/audit-log", label: "Audit Log", icon: <ScrollText /> },
      { href: "/settings/admin/application-configuration", label: "Application Configuration", icon: <SlidersHorizontal /> },
    ],
  };
  // API keys belong to every signed-in user (inventory §1.5): non-admins find theirs in their own section.
  if (!session.user.isAdmin) account.links.push({ href: "/settings/admin/api-keys", label: "API Keys", icon: <KeySquare /> });
  const sections = session.user.isAdmin ? [account, admin] : [account];
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-background focus:px-3 focus:py-2 focus:ring-2 focus:ring-ring">
        Skip to content
      </a>
      <header className="border-b">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-2 px-4 py-3 sm:px-6">
          <Link href="/settings" className="flex items-center gap-2 rounded-md font-semibold focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
            <AppLogo className="size-5" /> <span data-testid="app-name">{appName}</span>
          </Link>
          <div className="flex items-center gap-1 sm:gap-2">
            <Link href="/settings/account" className="flex items-center gap-2 rounded-full focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring" aria-label={`My account (${session.user.username})`}>
              {/* eslint-disable-next-line @next/next/no-img-element -- our own PNG endpoint, versioned URL */}
              <img src={pictureSrc(session.userId, picture.tag)} alt="" width={28} height={28} className="size-7 rounded-full border bg-muted" data-testid="header-avatar" />
              <span className="hidden text-sm text-muted-foreground sm:inline" data-testid="signed-in-user">
                {session.user.username}
              </span>
            </Link>
            <ThemeToggle />
            <SignOutButton variant="ghost" size="sm" />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 sm:px-6 sm:py-8 md:flex-row">
        <SettingsNav sections={sections} />
        <main id="main" className="min-w-0 flex-1" tabIndex={-1}>
          {children}
        </main>
      </div>
      <Toaster />
    </div>
  );
}
