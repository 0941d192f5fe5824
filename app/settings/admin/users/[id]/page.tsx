import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { getUser } from "@/lib/services/users/get-user";
import { listClaimSuggestions } from "@/lib/services/custom-claims/list-claim-suggestions";
import { appConfig } from "@/lib/config/app-config";
import { RESERVED_CLAIMS } from "@/lib/oidc/claims";
import { AppError } from "@/lib/errors";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { MembershipEditor } from "@/components/pickers/membership-editor";
import { CustomClaimsEditor } from "@/components/custom-claims/custom-claims-editor";
import { searchGroupsAction } from "../../picker-actions";
import { setUserGroupsAction } from "../actions";
import { EditUserForm } from "./edit-user-form";
import { UserActions } from "./user-actions";
import { PasskeyList } from "./passkey-list";
import { LoginCodeDialog } from "@/components/login-code-dialog";
import { listPasskeys } from "@/lib/services/passkeys/list-passkeys";
import { setUserClaimsAction } from "./claims-actions";
import { ProfilePictureEditor } from "@/components/profile-picture-editor";
import { profilePictureVersion } from "@/lib/services/profile-pictures/load-profile-picture";
import { listSessions } from "@/lib/services/sessions/list-sessions";
import { SessionList } from "../../../session-list";
import { pictureSrc, sessionViews } from "../../../sessions-view";

export const metadata: Metadata = { title: "User" };

async function load(id: string) {
  try {
    return await getUser(id);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  }
}

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await requirePageAdmin(`/settings/admin/users/${encodeURIComponent(id)}`);
  const [user, suggestions, config] = await Promise.all([load(id), listClaimSuggestions(), appConfig()]);
  const [passkeys, picture, sessions] = await Promise.all([listPasskeys(user.id), profilePictureVersion(user.id), listSessions(user.id, session.id)]);
  const isSelf = user.id === session.userId;
  const name = user.displayName || user.username;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3">
        <Link href="/settings/admin/users" className="inline-flex w-fit items-center gap-1 rounded text-sm text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
          <ArrowLeft className="size-4" aria-hidden /> Users
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="flex min-w-0 flex-col gap-1">
            <h1 className="break-words text-2xl font-semibold" data-testid="user-title">
              {name}
            </h1>
            <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
              <span className="break-all">{user.username}</span>
              {user.isAdmin && <Badge className="text-foreground">Admin</Badge>}
              {user.disabled && <Badge className="border-destructive/50 text-destructive">Disabled</Badge>}
              {isSelf && <Badge>You</Badge>}
            </div>
          </div>
          <UserActions user={{ id: user.id, username: user.username, disabled: user.disabled }} isSelf={isSelf}>
            <LoginCodeDialog userId={user.id} username={user.username} disabled={user.disabled} />
          </UserActions>
        </div>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Account details</CardTitle>
          <CardDescription>What apps receive in the profile and email claims.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-6">
          <ProfilePictureEditor
            imageUrl={pictureSrc(user.id, picture.tag)}
            uploadUrl={`/api/users/${encodeURIComponent(user.id)}/profile-picture`}
            custom={picture.custom}
            name={name}
            idPrefix="admin-picture"
          />
          <EditUserForm
            id={user.id}
            isSelf={isSelf}
            requireEmail={config.requireUserEmail}
            initial={{
              username: user.username,
              email: user.email ?? "",
              emailVerified: user.emailVerified,
              firstName: user.firstName,
              lastName: user.lastName,
              displayName: user.displayName,
              locale: user.locale ?? "",
              isAdmin: user.isAdmin,
              disabled: user.disabled,
            }}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Groups</CardTitle>
          <CardDescription>Apps receive the group names in the groups claim; group-restricted apps admit members only.</CardDescription>
        </CardHeader>
        <CardContent>
          <MembershipEditor
            id="user-groups"
            label="Groups of this user"
            noun="group"
            placeholder="Search groups to add"
            initial={user.userGroups.map((g) => ({ id: g.id, label: g.friendlyName, description: g.name }))}
            search={searchGroupsAction}
            save={setUserGroupsAction.bind(null, user.id)}
            saveLabel="Save groups"
            successMessage="Group memberships saved."
            emptyText="Not in any group."
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Custom claims</CardTitle>
          <CardDescription>Extra claims in this user&apos;s ID token and userinfo (with the profile scope). They win over a group&apos;s claim with the same key.</CardDescription>
        </CardHeader>
        <CardContent>
          <CustomClaimsEditor
            idPrefix="user"
            ownerLabel="user"
            initialClaims={user.customClaims}
            suggestions={suggestions}
            reservedKeys={[...RESERVED_CLAIMS]}
            save={setUserClaimsAction.bind(null, user.id)}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Passkeys</CardTitle>
          <CardDescription>The passkeys {user.username} signs in with. Revoking one is recorded in the audit log with your name.</CardDescription>
        </CardHeader>
        <CardContent>
          <PasskeyList userId={user.id} username={user.username} passkeys={passkeys} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Sessions</CardTitle>
          <CardDescription>
            Where {user.username} is signed in to this site. Signing a session out ends it at once; it is recorded in {user.username}&apos;s audit log with your name.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SessionList sessions={sessionViews(sessions)} basePath={`/api/users/${encodeURIComponent(user.id)}/sessions`} subject={{ username: user.username }} />
        </CardContent>
      </Card>
    </div>
  );
}
