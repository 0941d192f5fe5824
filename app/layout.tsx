import type { Metadata } from "next";
import { headers } from "next/headers";
import { ThemeProvider } from "@/components/theme-provider";
import { AppNameProvider } from "@/components/app-name";
import { BrandStyle } from "./brand-style";
import { appConfig } from "@/lib/config/app-config";
import { pageImages } from "@/lib/services/application-images/page-images";
import "./globals.css";

/** Page titles carry the configured application name (inventory §4.1 appName), live. */
export async function generateMetadata(): Promise<Metadata> {
  // Inventory §6.7: the uploaded favicon (versioned URL, so a new one shows at once).
  const [{ appName }, { favicon }] = await Promise.all([appConfig(), pageImages()]);
  return {
    title: { default: appName, template: `%s | ${appName}` },
    description: "Sign in with your passkey",
    robots: { index: false, follow: false },
    icons: { icon: favicon },
  };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The CSP nonce from proxy.ts: reading headers also makes every page dynamic, as nonces need.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const { appName } = await appConfig();
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <BrandStyle nonce={nonce} />
      </head>
      <body className="min-h-screen antialiased font-sans">
        <ThemeProvider nonce={nonce}>
          <AppNameProvider name={appName}>{children}</AppNameProvider>
        </ThemeProvider>
      </body>
    </html>
  );
}
