"use client";
import * as React from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ChevronDown, Menu } from "lucide-react";
import { cn } from "@/lib/utils";

export interface NavLink {
  href: string;
  label: string;
  icon?: React.ReactNode;
}
export interface NavSection {
  title?: string;
  links: NavLink[];
}

function isCurrent(pathname: string, href: string) {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * The settings navigation: a sidebar from 768 px up; below that, one "Menu" button showing the
 * current page that opens the same list (at 375 px a row of links would not fit). The current
 * page is marked with aria-current, and following a link keeps the keyboard focus on it.
 */
export function SettingsNav({ sections }: { sections: NavSection[] }) {
  const pathname = usePathname();
  // Open "at" a path: following a link closes the menu because the path changes.
  const [openAt, setOpenAt] = React.useState<string | null>(null);
  const open = openAt === pathname;
  const current = sections.flatMap((s) => s.links).find((l) => isCurrent(pathname, l.href));

  return (
    <nav aria-label="Settings" className="md:w-52 md:shrink-0">
      <button
        type="button"
        className="flex w-full items-center justify-between gap-2 rounded-md border px-3 py-2 text-sm font-medium focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring md:hidden"
        aria-expanded={open}
        aria-controls="settings-nav-list"
        onClick={() => setOpenAt(open ? null : pathname)}
      >
        <span className="flex items-center gap-2">
          <Menu className="size-4" aria-hidden />
          {current?.label ?? "Menu"}
        </span>
        <ChevronDown className={cn("size-4 transition-transform", open && "rotate-180")} aria-hidden />
      </button>
      <div id="settings-nav-list" className={cn("mt-2 flex-col gap-4 rounded-md border p-2 md:mt-0 md:flex md:border-0 md:p-0", open ? "flex" : "hidden")}>
        {sections.map((section, i) => (
          <div key={section.title ?? i} className="flex flex-col gap-1">
            {section.title && <h2 className="px-3 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-muted-foreground">{section.title}</h2>}
            <ul className="flex flex-col gap-0.5">
              {section.links.map((l) => {
                const active = isCurrent(pathname, l.href);
                return (
                  <li key={l.href}>
                    <Link
                      href={l.href}
                      aria-current={active ? "page" : undefined}
                      className={cn(
                        "flex items-center gap-2 rounded-md px-3 py-2 text-sm hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring [&_svg]:size-4 [&_svg]:shrink-0",
                        active && "bg-accent font-medium text-accent-foreground",
                      )}
                    >
                      {l.icon}
                      {l.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
    </nav>
  );
}
