/**
 * Every route file made with apiOperation, imported so its operations are registered before the
 * OpenAPI document is built. A new /api route file goes here (or, if it is a protocol or browser
 * endpoint outside the JSON API, into OTHER_ENDPOINTS in lib/http/openapi.ts):
 * tests/integration/openapi.test.ts fails until it does.
 */
import "@/app/api/users/route";
import "@/app/api/users/me/route";
import "@/app/api/users/[id]/route";
import "@/app/api/users/[id]/groups/route";
import "@/app/api/users/[id]/user-groups/route";
import "@/app/api/user-groups/route";
import "@/app/api/user-groups/[id]/route";
import "@/app/api/user-groups/[id]/users/route";
import "@/app/api/user-groups/[id]/allowed-oidc-clients/route";
import "@/app/api/custom-claims/suggestions/route";
import "@/app/api/custom-claims/user/[userId]/route";
import "@/app/api/custom-claims/user-group/[userGroupId]/route";
import "@/app/api/api-keys/route";
import "@/app/api/api-keys/[id]/route";
import "@/app/api/api-keys/[id]/renew/route";
import "@/app/api/apis/route";
import "@/app/api/apis/[id]/route";
import "@/app/api/apis/[id]/permissions/route";
import "@/app/api/apis/[id]/cimd-access/route";
import "@/app/api/apis/[id]/clients/route";
import "@/app/api/apis/[id]/clients/[clientId]/route";
import "@/app/api/apis/[id]/assignable-clients/route";
import "@/app/api/api-access/[clientId]/apis/route";
import "@/app/api/api-access/[clientId]/assignable-apis/route";
import "@/app/api/oidc/clients/route";
import "@/app/api/oidc/clients/[id]/route";
import "@/app/api/oidc/clients/[id]/meta/route";
import "@/app/api/oidc/clients/[id]/allowed-user-groups/route";
import "@/app/api/oidc/clients/[id]/refresh/route";
import "@/app/api/oidc/clients/[id]/secrets/route";
import "@/app/api/oidc/clients/[id]/secrets/[secretId]/route";
import "@/app/api/oidc/clients/[id]/logo/route";
import "@/app/api/application-images/default-profile-picture/route";
import "@/app/api/application-images/favicon/route";
import "@/app/api/application-images/background/route";
import "@/app/api/application-images/email/route";
import "@/app/api/application-images/logo/route";
import "@/app/api/webauthn/credentials/route";
import "@/app/api/webauthn/credentials/[id]/route";
import "@/app/api/users/[id]/webauthn-credentials/route";
import "@/app/api/users/[id]/webauthn-credentials/[credentialId]/route";
import "@/app/api/users/[id]/one-time-access-token/route";
import "@/app/api/users/me/profile-picture/route";
import "@/app/api/users/me/profile-picture.png/route";
import "@/app/api/users/[id]/profile-picture/route";
import "@/app/api/users/[id]/profile-picture.png/route";
import "@/app/api/users/me/sessions/route";
import "@/app/api/users/me/sessions/[id]/route";
import "@/app/api/users/[id]/sessions/route";
import "@/app/api/users/[id]/sessions/[sessionId]/route";
import "@/app/api/device-login/requests/route";
import "@/app/api/device-login/requests/[id]/exchange/route";
import "@/app/api/device-login/verification/route";
import "@/app/api/device-login/verification/decision/route";
import "@/app/api/oidc/users/me/clients/route";
import "@/app/api/oidc/users/me/authorized-clients/route";
import "@/app/api/oidc/users/me/authorized-clients/[clientId]/route";
import "@/app/api/oidc/users/[id]/authorized-clients/route";
import "@/app/api/audit-logs/route";
import "@/app/api/application-configuration/route";
import "@/app/api/application-configuration/all/route";
import "@/app/api/application-configuration/test-email/route";
