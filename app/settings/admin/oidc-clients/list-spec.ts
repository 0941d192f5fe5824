import type { ListSpec } from "@/components/data-table/list-params";

export const CLIENTS_LIST: ListSpec = {
  sortable: ["name", "createdAt", "allowedUserGroupsCount", "isPublic", "pkceEnabled", "isGroupRestricted"],
  defaultSort: "name",
  filters: ["isGroupRestricted", "isPublic", "pkceEnabled", "requiresPushedAuthorizationRequests", "requiresReauthentication", "skipConsent", "pkceSupported", "clientType"],
};
