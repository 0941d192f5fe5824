// Sign-in with Pocket ID through next-auth (Auth.js v5) and its generic OIDC provider: the provider's
// settings come from discovery (POCKET_ID_ISSUER/.well-known/openid-configuration); the code flow uses
// PKCE, state and nonce; refresh tokens keep the session alive past the access token's hour.
import NextAuth, { type Session } from "next-auth";
import type { JWT } from "next-auth/jwt";

const issuer = process.env.POCKET_ID_ISSUER;

/** What this app keeps in its encrypted session cookie (next-auth's JWT session strategy). */
interface AppToken extends JWT {
  name?: string | null;
  email?: string | null;
  username?: string;
  groups?: string[];
  accessToken?: string;
  refreshToken?: string;
  /** Access-token expiry, seconds since the epoch. */
  expiresAt?: number;
  refreshCount?: number;
  error?: "RefreshTokenError";
}

export interface AppSession extends Session {
  user: Session["user"] & { username?: string; groups: string[] };
  expiresAt?: number;
  refreshCount: number;
  error?: "RefreshTokenError";
}

/** The ID token's claims. The token endpoint sent it over TLS to us directly, so no signature check is needed here (OIDC Core §3.1.3.7). */
function idTokenClaims(idToken: string | undefined): Record<string, unknown> {
  if (!idToken) return {};
  return JSON.parse(Buffer.from(idToken.split(".")[1], "base64url").toString("utf8"));
}

let tokenEndpoint: string | undefined;

/** The refresh_token grant (RFC 6749 §6). Pocket ID rotates the refresh token on every use. */
async function refresh(token: AppToken): Promise<AppToken> {
  try {
    tokenEndpoint ??= (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()).token_endpoint as string;
    const response = await fetch(tokenEndpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(process.env.POCKET_ID_CLIENT_ID!)}:${encodeURIComponent(process.env.POCKET_ID_CLIENT_SECRET!)}`).toString("base64")}`,
      },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: token.refreshToken! }),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(`${body.error}: ${body.error_description}`);
    // A fresh ID token carries the user's current name and groups.
    const claims = idTokenClaims(body.id_token);
    return {
      ...token,
      name: (claims.name as string | undefined) ?? token.name,
      groups: (claims.groups as string[] | undefined) ?? token.groups,
      accessToken: body.access_token,
      refreshToken: body.refresh_token ?? token.refreshToken,
      expiresAt: Math.floor(Date.now() / 1000) + Number(body.expires_in ?? 3600),
      refreshCount: (token.refreshCount ?? 0) + 1,
      error: undefined,
    };
  } catch (e) {
    console.error("refreshing the access token failed", e);
    // The session page asks the user to sign in again.
    return { ...token, error: "RefreshTokenError" };
  }
}

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth({
  providers: [
    {
      id: "pocket-id",
      name: "Pocket ID",
      type: "oidc",
      issuer,
      clientId: process.env.POCKET_ID_CLIENT_ID,
      clientSecret: process.env.POCKET_ID_CLIENT_SECRET,
      // `groups` makes Pocket ID add the user's group names to the ID token.
      authorization: { params: { scope: "openid profile email groups" } },
      checks: ["pkce", "state", "nonce"],
    },
  ],
  callbacks: {
    async jwt({ token, account, profile, trigger }) {
      const t = token as typeof token & AppToken;
      if (account && profile) {
        // First sign-in: keep what the app shows and the tokens it needs to stay signed in.
        return {
          ...t,
          name: profile.name,
          email: profile.email,
          username: profile.preferred_username as string | undefined,
          groups: (profile.groups as string[] | undefined) ?? [],
          accessToken: account.access_token,
          refreshToken: account.refresh_token,
          expiresAt: account.expires_at,
          refreshCount: 0,
        };
      }
      // The "Refresh now" button (trigger "update"), or an access token within a minute of expiring.
      const expiring = t.expiresAt !== undefined && Date.now() > (t.expiresAt - 60) * 1000;
      if (t.refreshToken && (trigger === "update" || expiring)) return refresh(t);
      return t;
    },
    session({ session, token }) {
      const t = token as AppToken;
      const s = session as unknown as AppSession;
      s.user = { ...s.user, name: t.name, username: t.username, groups: t.groups ?? [] };
      s.expiresAt = t.expiresAt;
      s.refreshCount = t.refreshCount ?? 0;
      s.error = t.error;
      return s as unknown as typeof session;
    },
  },
});
