import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/**
 * The user-code field (RFC 8628 §3.3): a plain GET form to /device, so it works without
 * JavaScript and the address can be bookmarked or shared like verification_uri_complete.
 */
export function CodeEntryForm({ initial = "", error }: { initial?: string; error?: string | null }) {
  return (
    <form method="get" action="/device" className="flex flex-col gap-4" noValidate>
      <div className="flex flex-col gap-2">
        <Label htmlFor="user-code">Code shown on your device</Label>
        <Input
          id="user-code"
          name="user_code"
          defaultValue={initial}
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          inputMode="text"
          maxLength={64}
          placeholder="EXXX-XXXX"
          className="font-mono text-base tracking-widest uppercase"
          aria-invalid={!!error}
          aria-describedby={error ? "user-code-error" : "user-code-hint"}
          autoFocus
          required
        />
        {error ? (
          <p id="user-code-error" className="text-sm text-destructive" role="alert">
            {error}
          </p>
        ) : (
          <p id="user-code-hint" className="text-xs text-muted-foreground">
            8 characters. Dashes, spaces and lower case are fine.
          </p>
        )}
      </div>
      <Button type="submit" size="lg">
        Continue
      </Button>
    </form>
  );
}
