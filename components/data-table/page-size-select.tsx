"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { listHref, PAGE_SIZES, type ListParams } from "./list-params";

export function PageSizeSelect({ pathname, params }: { pathname: string; params: ListParams }) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  return (
    <div className="flex items-center gap-2">
      <span className="hidden sm:inline">
        Rows per page
      </span>
      <Select
        value={String(params.limit)}
        onValueChange={(v) => startTransition(() => router.push(listHref(pathname, params, { limit: Number(v) }), { scroll: false }))}
      >
        <SelectTrigger className="h-9 w-[4.5rem]" aria-label="Rows per page">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {PAGE_SIZES.map((n) => (
            <SelectItem key={n} value={String(n)}>
              {n}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}
