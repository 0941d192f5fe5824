import { AppLogo, AuthBackground } from "@/app/branding";
import { ThemeToggle } from "@/components/theme-toggle";
import { AppName } from "@/components/app-name";

/** Centered card layout for setup, sign-in, consent and error pages. */
export function AuthShell({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <AuthBackground />
      <header className="flex items-center justify-between px-6 py-4">
        <div className="flex items-center gap-2 font-semibold" data-testid="app-name">
          <AppLogo className="size-5" /> <AppName />
        </div>
        <ThemeToggle />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pb-16 pt-8 sm:pt-16">
        <div className="w-full max-w-md">{children}</div>
      </main>
    </div>
  );
}
