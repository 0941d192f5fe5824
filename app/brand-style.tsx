import { appConfig } from "@/lib/config/app-config";
import { accentForeground, isAccentColor } from "@/lib/config/accent-color";

/**
 * Inventory §4.1/§6.7 branding on every page: the accent colour becomes the primary colour (buttons,
 * switches, focus rings) in light and dark mode, and `disableAnimations` turns transitions off.
 * The colour was checked against strict shapes when saved and when read (lib/config/accent-color),
 * and is checked again here: nothing else can reach this <style>.
 */
export async function BrandStyle({ nonce }: { nonce?: string }) {
  const { accentColor, disableAnimations } = await appConfig();
  let css = "";
  if (accentColor !== "default" && isAccentColor(accentColor)) {
    css += `:root,.dark{--primary:${accentColor};--primary-foreground:${accentForeground(accentColor)};--ring:${accentColor};}`;
  }
  if (disableAnimations) css += "*,*::before,*::after{animation:none!important;transition:none!important;scroll-behavior:auto!important}";
  if (!css) return null;
  return <style nonce={nonce} data-testid="brand-style" dangerouslySetInnerHTML={{ __html: css }} />;
}
