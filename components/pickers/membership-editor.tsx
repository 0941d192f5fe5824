"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/components/action-result";
import { EntityPicker, type PickerOption } from "./entity-picker";

/**
 * A picker plus Save: the group's members, the user's groups, the clients a group may use. The
 * server replaces the whole set (as Pocket ID's PUT does), so what is shown is what is saved.
 */
export function MembershipEditor({
  id,
  label,
  initial,
  search,
  save,
  noun,
  placeholder,
  hint,
  saveLabel = "Save",
  successMessage = "Saved.",
  emptyText,
}: {
  id: string;
  label: string;
  initial: PickerOption[];
  search: (query: string) => Promise<PickerOption[]>;
  save: (ids: string[]) => Promise<ActionResult<unknown>>;
  noun: string;
  placeholder?: string;
  hint?: string;
  saveLabel?: string;
  successMessage?: string;
  emptyText?: string;
}) {
  const router = useRouter();
  const [value, setValue] = React.useState(initial);
  const [pending, setPending] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const initialIds = initial.map((o) => o.id).sort().join(",");
  const dirty = value.map((o) => o.id).sort().join(",") !== initialIds;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;

  async function submit() {
    setPending(true);
    setError(null);
    let result: ActionResult<unknown>;
    try {
      result = await save(value.map((v) => v.id));
    } catch {
      result = { ok: false, error: "The server could not be reached. Check your connection and try again." };
    }
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      toast.error(result.error);
      return;
    }
    toast.success(result.message ?? successMessage);
    router.refresh();
  }

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <EntityPicker
        id={id}
        label={label}
        value={value}
        onChange={(v) => {
          setValue(v);
          setError(null);
        }}
        search={search}
        noun={noun}
        placeholder={placeholder}
        describedBy={[errorId, hintId].filter(Boolean).join(" ") || undefined}
      />
      {value.length === 0 && emptyText && <p className="text-sm text-muted-foreground">{emptyText}</p>}
      {hint && (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={pending || !dirty} aria-busy={pending || undefined}>
          {pending ? "Saving…" : saveLabel}
        </Button>
        {dirty && !pending && (
          <Button type="button" variant="ghost" onClick={() => setValue(initial)}>
            Undo changes
          </Button>
        )}
      </div>
    </form>
  );
}
