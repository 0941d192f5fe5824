// node-oidc-provider (the OpenID-certified Node.js library) for the side-by-side figures: a child
// process of `npm run bench`, its memory adapter, one RS256 key of the same size as ours, the same
// grants and clients as the bench seeds into our server. Authorization codes are minted through
// its own models (its /auth endpoint needs an interactive login the bench does not measure).
// The parent talks to it over IPC: { port, jwk, secrets } in, then { mintCodes: n } requests.
import http from "node:http";
import Provider from "oidc-provider";
// Its own memory adapter and store, with room for a benchmark: the built-in default keeps at most
// 1,000 entries (LRU) and would evict the codes and tokens minted for the run.
import MemoryAdapter from "oidc-provider/lib/adapters/memory_adapter.js";
import LRU from "oidc-provider/lib/helpers/lru.js";

const CALLBACK = "https://app.bench.example/callback";
const API = "urn:bench:api";

const { port, jwk, secrets } = JSON.parse(process.env.BENCH_OP_CONFIG);
const issuer = `http://127.0.0.1:${port}`;

const account = {
  accountId: "bench-user",
  claims: () => ({
    sub: "bench-user",
    email: "bench@example.com",
    email_verified: true,
    name: "Bench Admin",
    given_name: "Bench",
    family_name: "Admin",
    preferred_username: "bench",
    groups: [],
  }),
};

const store = new LRU({ maxSize: 10_000_000 });
const provider = new Provider(issuer, {
  adapter: (model) => new MemoryAdapter(model, store),
  clients: [
    { client_id: "bench-service", client_secret: secrets.service, grant_types: ["client_credentials"], response_types: [], redirect_uris: [] },
    { client_id: "bench-web", client_secret: secrets.web, grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], redirect_uris: [CALLBACK] },
  ],
  jwks: { keys: [jwk] },
  findAccount: async (_ctx, sub) => (sub === account.accountId ? account : undefined),
  claims: {
    openid: ["sub"],
    profile: ["name", "given_name", "family_name", "preferred_username"],
    email: ["email", "email_verified"],
    groups: ["groups"],
  },
  scopes: ["openid", "profile", "email", "groups", "offline_access"],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    userinfo: { enabled: true },
    // client_credentials tokens as RS256-signed JWTs for an API, as ours are (its default would be
    // an opaque token kept in memory, which does not sign anything).
    resourceIndicators: {
      enabled: true,
      defaultResource: async (ctx, _client, oneOf) => oneOf ?? (ctx.oidc.params?.grant_type === "client_credentials" ? API : undefined),
      getResourceServerInfo: async () => ({ scope: "api", audience: API, accessTokenFormat: "jwt", accessTokenTTL: 3600, jwt: { sign: { alg: "RS256" } } }),
      useGrantedResource: async () => false,
    },
  },
  // Ours rotates every refresh token (Pocket ID does): the same work here.
  rotateRefreshToken: true,
  pkce: { required: () => false },
  ttl: { AccessToken: 3600, AuthorizationCode: 900, ClientCredentials: 3600, IdToken: 3600, RefreshToken: 30 * 24 * 3600, Grant: 30 * 24 * 3600 },
});
provider.on("server_error", (_ctx, err) => console.error("[oidc-provider] server_error", err));

const server = http.createServer(provider.callback());
server.keepAliveTimeout = 65_000;
await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));

async function mintCodes(n) {
  const client = await provider.Client.find("bench-web");
  const scope = "openid profile email groups offline_access";
  const codes = [];
  for (let i = 0; i < n; i++) {
    const grant = new provider.Grant({ accountId: account.accountId, clientId: client.clientId });
    grant.addOIDCScope(scope);
    const grantId = await grant.save();
    const code = new provider.AuthorizationCode({
      accountId: account.accountId,
      authTime: Math.floor(Date.now() / 1000),
      client,
      grantId,
      redirectUri: CALLBACK,
      scope,
    });
    codes.push(await code.save());
  }
  return codes;
}

process.on("message", async (msg) => {
  try {
    if (msg.mintCodes) process.send({ id: msg.id, codes: await mintCodes(msg.mintCodes) });
  } catch (e) {
    process.send({ id: msg.id, error: String(e?.stack ?? e) });
  }
});
process.on("disconnect", () => process.exit(0));
for (const s of ["SIGINT", "SIGTERM"]) process.on(s, () => process.exit(0));
process.send({ ready: true, issuer });
