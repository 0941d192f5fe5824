import { authorizationCodeGrant } from "./grants/authorization-code";
import { clientCredentialsGrant } from "./grants/client-credentials";
import { DEVICE_CODE_GRANT_TYPE, deviceCodeGrant } from "./grants/device-code";
import { refreshTokenGrant } from "./grants/refresh-token";
import type { GrantHandler } from "./types";

/**
 * The grant types of the token endpoint (inventory §2.7), by `grant_type` value. Adding a grant
 * is one module in grants/ and one line here; discovery's grant_types_supported can read the keys.
 */
export const GRANTS: Readonly<Record<string, GrantHandler>> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  [DEVICE_CODE_GRANT_TYPE]: deviceCodeGrant,
  client_credentials: clientCredentialsGrant,
};
