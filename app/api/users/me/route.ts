import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { userDtoSchema } from "@/lib/services/users/user-dto";
import { getUser } from "@/lib/services/users/get-user";
import { transaction } from "@/lib/services/transaction";
import { ownAccountUpdateSchema, updateOwnAccount } from "@/lib/services/account/update-own-account";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  { id: "users.me", method: "GET", path: "/api/users/me", tag: "Users", auth: "user", summary: "The signed-in user (or the API key's owner)", response: userDtoSchema },
  async ({ caller }) => getUser(caller.userId),
);

/** inventory §1.5, §5.6: own profile; refused (403) when account editing is off or LDAP manages the user, except the locale. */
export const PUT = apiOperation(
  {
    id: "users.me.update",
    method: "PUT",
    path: "/api/users/me",
    tag: "Users",
    auth: "user",
    summary: "Update your own profile",
    description:
      "Username, email, first, last and display name, locale. Only the locale may change when the application configuration's allowOwnAccountEdit is off (403 forbidden, details.reason account_edit_not_allowed) or when LDAP manages the user (403 ldap_user_update). isAdmin, emailVerified and disabled may be sent only unchanged.",
    body: ownAccountUpdateSchema,
    response: userDtoSchema,
  },
  async ({ caller, meta, body }) => transaction((tx) => updateOwnAccount(tx, { userId: caller.userId, meta }, body)),
);

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { POST, PATCH, DELETE } = methodNotAllowed(["GET", "PUT"]);
