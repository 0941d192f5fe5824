"use client";
import * as React from "react";
import { LoaderCircle, Search, X } from "lucide-react";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";

export interface PickerOption {
  id: string;
  label: string;
  /** A second line: an email, a group's claim name. */
  description?: string;
}

/**
 * Choose several users, groups or clients from a server-side search: a combobox (WAI-ARIA APG
 * "combobox with listbox popup") that is fully keyboard operable: type to search, Up/Down to move,
 * Enter to add, Escape to close; each chosen item is a chip with its own Remove button; Backspace
 * in the empty input removes the last chip. The search runs on the server (`search`), so it scales
 * to any number of users. Controlled: the parent decides what `value` is and when to save it.
 */
export function EntityPicker({
  id,
  label,
  value,
  onChange,
  search,
  placeholder = "Search…",
  noun = "item",
  describedBy,
  disabled,
}: {
  id: string;
  label: string;
  value: PickerOption[];
  onChange: (value: PickerOption[]) => void;
  search: (query: string) => Promise<PickerOption[]>;
  placeholder?: string;
  /** "user", "group": for "No user matches" and the chip buttons. */
  noun?: string;
  describedBy?: string;
  disabled?: boolean;
}) {
  const listboxId = `${id}-listbox`;
  const [query, setQuery] = React.useState("");
  const [open, setOpen] = React.useState(false);
  const [options, setOptions] = React.useState<PickerOption[]>([]);
  const [active, setActive] = React.useState(0);
  const [loading, setLoading] = React.useState(false);
  const [failed, setFailed] = React.useState(false);
  const request = React.useRef(0);
  const inputRef = React.useRef<HTMLInputElement>(null);
  const timer = React.useRef<ReturnType<typeof setTimeout> | null>(null);
  const selectedIds = React.useMemo(() => new Set(value.map((v) => v.id)), [value]);
  const visible = options.filter((o) => !selectedIds.has(o.id));

  const runSearch = React.useCallback(
    (q: string) => {
      const n = ++request.current;
      setLoading(true);
      setFailed(false);
      search(q)
        .then((found) => {
          if (n !== request.current) return;
          setOptions(found);
          setActive(0);
        })
        .catch(() => {
          if (n === request.current) setFailed(true);
        })
        .finally(() => {
          if (n === request.current) setLoading(false);
        });
    },
    [search],
  );

  React.useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  function openWith(q: string) {
    setOpen(true);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => runSearch(q.trim()), 200);
  }

  function pick(option: PickerOption) {
    onChange([...value, option]);
    setQuery("");
    setActive(0);
    // Closed after each choice so the list never covers what follows; Down arrow opens it again.
    setOpen(false);
    inputRef.current?.focus();
  }

  function removeChip(option: PickerOption) {
    onChange(value.filter((v) => v.id !== option.id));
    inputRef.current?.focus();
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (!open) openWith(query);
      else setActive((a) => Math.min(a + 1, Math.max(visible.length - 1, 0)));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Home" && open) {
      setActive(0);
    } else if (e.key === "End" && open) {
      setActive(Math.max(visible.length - 1, 0));
    } else if (e.key === "Enter") {
      if (open && visible[active]) {
        e.preventDefault();
        pick(visible[active]);
      } else if (open) {
        e.preventDefault();
      }
    } else if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
      } else if (query) {
        setQuery("");
      }
    } else if (e.key === "Backspace" && query === "" && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  }

  const activeId = open && visible[active] ? `${id}-option-${visible[active].id}` : undefined;
  const status = !open ? "" : loading ? "Searching…" : failed ? "The search failed. Try again." : visible.length === 0 ? `No ${noun} matches.` : `${visible.length} ${visible.length === 1 ? "result" : "results"}. Use the up and down arrows to choose.`;

  return (
    <div className="flex flex-col gap-2" data-testid={`${id}-picker`}>
      <label htmlFor={id} className="text-sm font-medium leading-none">
        {label}
      </label>
      {value.length > 0 && (
        <ul className="flex flex-wrap gap-2" aria-label={`Chosen: ${label}`}>
          {value.map((v) => (
            <li key={v.id} className="inline-flex max-w-full items-center gap-1 rounded-full border bg-secondary py-0.5 pl-3 pr-1 text-sm text-secondary-foreground" data-testid="picker-chip">
              <span className="truncate">{v.label}</span>
              <button
                type="button"
                className="rounded-full p-1 hover:bg-background focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-50"
                aria-label={`Remove ${v.label}`}
                onClick={() => removeChip(v)}
                disabled={disabled}
              >
                <X className="size-3.5" />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="relative">
        <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
        <Input
          ref={inputRef}
          id={id}
          role="combobox"
          aria-expanded={open}
          aria-controls={listboxId}
          aria-autocomplete="list"
          aria-activedescendant={activeId}
          aria-describedby={describedBy}
          autoComplete="off"
          placeholder={placeholder}
          className="pl-9"
          value={query}
          disabled={disabled}
          onChange={(e) => {
            setQuery(e.target.value);
            openWith(e.target.value);
          }}
          onClick={() => {
            if (!open) openWith(query);
          }}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={onKeyDown}
        />
        {loading && open && (
          <LoaderCircle className="absolute right-3 top-1/2 size-4 -translate-y-1/2 animate-spin text-muted-foreground motion-reduce:animate-none" aria-hidden />
        )}
        <ul
          id={listboxId}
          role="listbox"
          aria-label={label}
          className={cn(
            "absolute left-0 right-0 top-full z-40 mt-1 max-h-64 overflow-y-auto rounded-md border bg-popover p-1 text-popover-foreground shadow-md",
            !open && "hidden",
          )}
        >
          {visible.map((o, i) => (
            <li
              key={o.id}
              id={`${id}-option-${o.id}`}
              role="option"
              aria-selected={i === active}
              className={cn("flex cursor-pointer flex-col rounded-sm px-2 py-1.5 text-sm", i === active && "bg-accent text-accent-foreground")}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => pick(o)}
            >
              <span className="truncate">{o.label}</span>
              {o.description && <span className="truncate text-xs text-muted-foreground">{o.description}</span>}
            </li>
          ))}
          {open && !loading && visible.length === 0 && <li className="px-2 py-1.5 text-sm text-muted-foreground">{failed ? "The search failed. Try again." : `No ${noun} matches.`}</li>}
          {open && loading && visible.length === 0 && <li className="px-2 py-1.5 text-sm text-muted-foreground">Searching…</li>}
        </ul>
      </div>
      <span role="status" aria-live="polite" className="sr-only">
        {status}
      </span>
    </div>
  );
}
