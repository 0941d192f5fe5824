import { KeyRound } from "lucide-react";
import { pageImages, type PageImages } from "@/lib/services/application-images/page-images";
import { cn } from "@/lib/utils";

/**
 * The application's logo (inventory §6.7) beside its name in page headers: the uploaded light
 * and dark logos, each shown with its theme at their own aspect ratio (`imageClassName`), or the
 * built-in key mark (`className`). Decorative (alt=""): the
 * application name is always next to it.
 */
export async function AppLogo({ className, imageClassName = "h-6 w-auto max-w-32", images }: { className?: string; imageClassName?: string; images?: PageImages }) {
  const { logoLight, logoDark } = images ?? (await pageImages());
  if (!logoLight && !logoDark) return <KeyRound className={className} aria-hidden data-testid="app-logo-default" />;
  return (
    <>
      {/* eslint-disable-next-line @next/next/no-img-element -- an uploaded logo served by our API, any type */}
      {logoLight ? <img src={logoLight} alt="" className={cn("object-contain dark:hidden", imageClassName)} data-testid="app-logo" /> : <KeyRound className={cn("dark:hidden", className)} aria-hidden />}
      {/* eslint-disable-next-line @next/next/no-img-element -- as above */}
      {logoDark ? <img src={logoDark} alt="" className={cn("hidden object-contain dark:block", imageClassName)} data-testid="app-logo-dark" /> : <KeyRound className={cn("hidden dark:block", className)} aria-hidden />}
    </>
  );
}

/**
 * The uploaded background image (inventory §6.7) behind the sign-in pages, on wide screens only
 * (on a phone it would only sit behind the card); nothing when none is uploaded.
 */
export async function AuthBackground() {
  const { background } = await pageImages();
  if (!background) return null;
  return (
    <div
      aria-hidden
      className="pointer-events-none fixed inset-0 -z-10 hidden bg-cover bg-center lg:block"
      style={{ backgroundImage: `url("${background}")` }}
      data-testid="auth-background"
    />
  );
}
