import Link from "next/link";
import { cn } from "@/lib/utils";

/**
 * The tab strip as links (?tab=…): each tab has its own URL (reload, Back, sharing keep it), and
 * the server renders only the open panel. aria-current marks the open one for screen readers.
 */
export function TabStrip({ basePath, tabs, active }: { basePath: string; tabs: ReadonlyArray<{ id: string; label: string }>; active: string }) {
  return (
    // Tabs wrap onto a second row on a phone rather than scroll: the open one is never out of view.
    <nav aria-label="Client sections">
      <ul className="inline-flex flex-wrap items-center gap-1 rounded-md bg-muted p-1 text-muted-foreground">
        {tabs.map((t, i) => (
          <li key={t.id}>
            <Link
              href={i === 0 ? basePath : `${basePath}?tab=${t.id}`}
              scroll={false}
              aria-current={t.id === active ? "page" : undefined}
              data-testid={`client-tab-${t.id}`}
              className={cn(
                "inline-flex items-center whitespace-nowrap rounded-sm px-3 py-1.5 text-sm font-medium transition-colors hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                t.id === active && "bg-background text-foreground shadow-sm",
              )}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
