import { redirect } from "next/navigation";

/** Pocket ID's short alias of the code entry page (inventory §1.5). */
export default async function LcAlias({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) if (typeof v === "string" && (k === "code" || k === "redirect")) params.set(k, v);
  const query = params.toString();
  redirect(`/login/alternative/code${query ? `?${query}` : ""}`);
}
