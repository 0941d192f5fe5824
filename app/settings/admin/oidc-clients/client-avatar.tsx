import { cn } from "@/lib/utils";

/**
 * The client's mark in lists and headers. Until client logos land (helper 8b's logo component),
 * the first letter of its name on a tinted square, never an empty box.
 */
export function ClientAvatar({ client, size = "md" }: { client: { id: string; name: string }; size?: "md" | "lg" }) {
  const letter = (client.name.trim()[0] ?? "?").toUpperCase();
  return (
    <span
      aria-hidden
      className={cn(
        "flex shrink-0 items-center justify-center rounded-md bg-primary/10 font-semibold text-primary",
        size === "lg" ? "size-12 text-xl" : "size-9 text-base",
      )}
    >
      {letter}
    </span>
  );
}
