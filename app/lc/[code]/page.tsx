import { redirect } from "next/navigation";

/** APP_URL/lc/<code>, the link a login code comes with (inventory §5.4): opens the code page filled in. */
export default async function LcCode({
  params,
  searchParams,
}: {
  params: Promise<{ code: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { code } = await params;
  const query = new URLSearchParams({ code: code.slice(0, 64) });
  const target = (await searchParams).redirect;
  if (typeof target === "string") query.set("redirect", target);
  redirect(`/login/alternative/code?${query.toString()}`);
}
