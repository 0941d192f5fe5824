export async function register() {
  // Runs once per server process before it serves requests; never during `next build`.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { boot } = await import("./lib/boot");
    await boot();
  }
}
