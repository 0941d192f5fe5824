import { redirect } from "next/navigation";
import { auth, signIn, signOut, unstable_update, type AppSession } from "../auth";

export const dynamic = "force-dynamic";

/** Shows who is signed in (name and groups from Pocket ID), with sign-in, refresh and sign-out. */
export default async function Home() {
  const session = (await auth()) as AppSession | null;

  if (!session?.user) {
    return (
      <main>
        <h1>Example app</h1>
        <p>You are not signed in.</p>
        <form
          action={async () => {
            "use server";
            await signIn("pocket-id");
          }}
        >
          <button type="submit">Sign in with Pocket ID</button>
        </form>
      </main>
    );
  }

  return (
    <main>
      <h1>Example app</h1>
      {session.error === "RefreshTokenError" ? <p role="alert">Your sign-in has ended. Sign out and sign in again.</p> : null}
      <p>
        Signed in as <strong data-testid="user-name">{session.user.name}</strong>
        {session.user.username ? <> (<span data-testid="user-username">{session.user.username}</span>)</> : null}
      </p>
      <h2>Groups</h2>
      {session.user.groups.length ? (
        <ul data-testid="user-groups">
          {session.user.groups.map((g) => (
            <li key={g}>{g}</li>
          ))}
        </ul>
      ) : (
        <p data-testid="user-groups">You are in no groups.</p>
      )}
      <p>
        Access token refreshed <span data-testid="refresh-count">{session.refreshCount}</span> times
        {session.expiresAt ? <>; it expires at {new Date(session.expiresAt * 1000).toISOString()}</> : null}.
      </p>
      <form
        action={async () => {
          "use server";
          await unstable_update({});
          // auth() reads the request's cookies: load the page again so it shows the new session.
          redirect("/");
        }}
      >
        <button type="submit">Refresh now</button>
      </form>
      <form
        action={async () => {
          "use server";
          await signOut({ redirectTo: "/" });
        }}
      >
        <button type="submit">Sign out</button>
      </form>
    </main>
  );
}
