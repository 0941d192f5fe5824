import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { getUserGroup } from "@/lib/services/user-groups/get-user-group";
import { listClaimSuggestions } from "@/lib/services/custom-claims/list-claim-suggestions";
import { RESERVED_CLAIMS } from "@/lib/oidc/claims";
import { AppError } from "@/lib/errors";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { MembershipEditor } from "@/components/pickers/membership-editor";
import { CustomClaimsEditor } from "@/components/custom-claims/custom-claims-editor";
import { searchClientsAction, searchUsersAction } from "../../picker-actions";
import { setGroupClaimsAction, setGroupClientsAction, setGroupMembersAction } from "../actions";
import { EditGroupForm } from "./edit-group-form";
import { DeleteGroupButton } from "../delete-group-button";

export const metadata: Metadata = { title: "User Group" };

async function load(id: string) {
  try {
    return await getUserGroup(id);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  }
}

export default async function UserGroupPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageAdmin(`/settings/admin/user-groups/${encodeURIComponent(id)}`);
  const [group, suggestions] = await Promise.all([load(id), listClaimSuggestions()]);
  const ldap = !!group.ldapId;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3">
        <Link href="/settings/admin/user-groups" className="inline-flex w-fit items-center gap-1 rounded text-sm text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
          <ArrowLeft className="size-4" aria-hidden /> User Groups
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="flex min-w-0 flex-col gap-1">
            <h1 className="break-words text-2xl font-semibold" data-testid="group-title">
              {group.friendlyName}
            </h1>
            <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
              <code className="break-all">{group.name}</code>
              <span>
                · {group.userCount} {group.userCount === 1 ? "member" : "members"}
              </span>
              {ldap && <Badge>LDAP</Badge>}
            </div>
          </div>
          {!ldap && <DeleteGroupButton goToList group={{ id: group.id, friendlyName: group.friendlyName, userCount: group.userCount ?? 0 }} />}
        </div>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>General</CardTitle>
          <CardDescription>{ldap ? "This group is managed by LDAP: change it in the directory." : "Renaming changes what apps receive in the groups claim from the next sign-in."}</CardDescription>
        </CardHeader>
        <CardContent>
          <EditGroupForm id={group.id} initial={{ friendlyName: group.friendlyName, name: group.name }} readOnly={ldap} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Members</CardTitle>
          <CardDescription>Search by name, username or email to add someone; remove a member with the × beside their name.</CardDescription>
        </CardHeader>
        <CardContent>
          <MembershipEditor
            id="group-members"
            label="Members"
            noun="user"
            placeholder="Search users to add"
            initial={group.users.map((u) => ({ id: u.id, label: u.displayName || u.username, description: [u.username, u.email].filter(Boolean).join(" · ") }))}
            search={searchUsersAction}
            save={setGroupMembersAction.bind(null, group.id)}
            saveLabel="Save members"
            successMessage="Members saved."
            emptyText="This group has no members."
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Custom claims</CardTitle>
          <CardDescription>Every member receives these claims (with the profile scope), unless the member has their own claim with the same key.</CardDescription>
        </CardHeader>
        <CardContent>
          <CustomClaimsEditor
            idPrefix="group"
            ownerLabel="group"
            initialClaims={group.customClaims}
            suggestions={suggestions}
            reservedKeys={[...RESERVED_CLAIMS]}
            save={setGroupClaimsAction.bind(null, group.id)}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Allowed OIDC clients</CardTitle>
          <CardDescription>
            The apps this group may use. It matters for apps restricted to their allowed groups; an unrestricted app admits everyone.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <MembershipEditor
            id="group-clients"
            label="Allowed clients"
            noun="client"
            placeholder="Search clients to allow"
            initial={group.allowedOidcClients.map((c) => ({ id: c.id, label: c.name, description: c.isGroupRestricted ? "Restricted to its groups" : "Not restricted: admits everyone" }))}
            search={searchClientsAction}
            save={setGroupClientsAction.bind(null, group.id)}
            saveLabel="Save clients"
            successMessage="Allowed clients saved."
            emptyText="No client is allowed for this group yet."
          />
        </CardContent>
      </Card>
    </div>
  );
}
