"use client";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";

/** Checkboxes for a subset of the API's permissions (a fieldset with its legend). */
export function PermissionChecks({
  id,
  legend,
  permissions,
  value,
  onChange,
  disabled,
}: {
  id: string;
  legend: string;
  permissions: { id: string; key: string; name: string }[];
  value: string[];
  onChange: (ids: string[]) => void;
  disabled?: boolean;
}) {
  if (!permissions.length) return <p className="text-sm text-muted-foreground">This API has no permissions yet: access gives tokens without any scope.</p>;
  return (
    <fieldset className="flex flex-col gap-2" disabled={disabled}>
      <legend className="sr-only">{legend}</legend>
      {permissions.map((p) => {
        const cid = `${id}-${p.id}`;
        return (
          <div key={p.id} className="flex items-center gap-2">
            <Checkbox
              id={cid}
              checked={value.includes(p.id)}
              disabled={disabled}
              onCheckedChange={(c) => onChange(c === true ? [...value, p.id] : value.filter((x) => x !== p.id))}
            />
            <Label htmlFor={cid} className="font-normal">
              {p.name} <code className="text-xs text-muted-foreground">{p.key}</code>
            </Label>
          </div>
        );
      })}
    </fieldset>
  );
}
