import { db, type Tx } from "../../db/client";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";
import { userDto, userInclude } from "./user-dto";

/** One user's DTO (GET /users/:id), or user_not_found. */
export async function getUser(id: string, tx: Tx = db()) {
  if (!isLookupId(id)) throw new AppError("user_not_found");
  const user = await tx.user.findUnique({ where: { id }, include: userInclude });
  if (!user) throw new AppError("user_not_found");
  return userDto(user);
}
