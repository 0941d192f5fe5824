import type { ListSpec } from "@/components/data-table/list-params";

export const USERS_LIST: ListSpec = {
  sortable: ["username", "displayName", "email", "emailVerified", "isAdmin", "disabled", "createdAt"],
  defaultSort: "username",
  filters: ["isAdmin", "disabled", "emailVerified"],
};
