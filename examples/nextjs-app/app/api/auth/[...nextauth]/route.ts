// next-auth's routes: /api/auth/signin, /api/auth/callback/pocket-id, /api/auth/signout, ...
import { handlers } from "../../../../auth";

export const { GET, POST } = handlers;
