import type { Metadata } from "next";
import { KeyRound, Lock, TriangleAlert } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { ProfilePictureEditor } from "@/components/profile-picture-editor";
import { requirePageUser } from "@/lib/auth/page-session";
import { appConfig } from "@/lib/config/app-config";
import { listPasskeys } from "@/lib/services/passkeys/list-passkeys";
import { getUser } from "@/lib/services/users/get-user";
import { ownAccountPolicy } from "@/lib/services/account/own-account-policy";
import { profilePictureVersion } from "@/lib/services/profile-pictures/load-profile-picture";
import { listSessions } from "@/lib/services/sessions/list-sessions";
import { SessionList } from "../session-list";
import { pictureSrc, sessionViews } from "../sessions-view";
import { AddPasskeyButton } from "./add-passkey-button";
import { PasskeyList } from "./passkey-list";
import { ProfileForm } from "./profile-form";

export const metadata: Metadata = { title: "My account" };

export default async function AccountPage() {
  const session = await requirePageUser("/settings/account");
  const [user, passkeys, picture, sessions, config] = await Promise.all([
    getUser(session.userId),
    listPasskeys(session.userId),
    profilePictureVersion(session.userId),
    listSessions(session.userId, session.id),
    appConfig(),
  ]);
  const policy = await ownAccountPolicy(user);
  const initial = { username: user.username, email: user.email ?? "", firstName: user.firstName, lastName: user.lastName, displayName: user.displayName, locale: user.locale ?? "" };
  const name = user.displayName || `${user.firstName} ${user.lastName}`.trim() || user.username;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">My account</h1>
      {passkeys.length === 0 && (
        <Alert variant="warning">
          <TriangleAlert />
          <AlertTitle>Passkey missing</AlertTitle>
          <AlertDescription>Add a passkey, or you will not be able to sign in again after this session ends.</AlertDescription>
        </Alert>
      )}
      {passkeys.length === 1 && (
        <Alert>
          <KeyRound />
          <AlertTitle>Single passkey configured</AlertTitle>
          <AlertDescription>Add a second passkey on another device so that losing one does not lock you out.</AlertDescription>
        </Alert>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Account details</CardTitle>
          <CardDescription>What apps you sign in to receive about you{user.isAdmin ? ". You are an administrator." : "."}</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-6">
          {policy.reason && (
            <Alert data-testid="profile-locked">
              <Lock />
              <AlertTitle>Your details can&apos;t be changed here</AlertTitle>
              <AlertDescription>{policy.reason} You can still choose your language.</AlertDescription>
            </Alert>
          )}
          <ProfilePictureEditor
            imageUrl={pictureSrc(user.id, picture.tag)}
            uploadUrl="/api/users/me/profile-picture"
            custom={picture.custom}
            name={name}
            locked={policy.editable ? null : "Your picture is managed with the rest of your details."}
          />
          <ProfileForm key={JSON.stringify(initial)} initial={initial} locked={policy.reason} requireEmail={config.requireUserEmail} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
          <div className="flex flex-col gap-1.5">
            <CardTitle>Passkeys</CardTitle>
            <CardDescription>The passkeys you can sign in with.</CardDescription>
          </div>
          <AddPasskeyButton />
        </CardHeader>
        <CardContent>
          <PasskeyList passkeys={passkeys} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Sessions</CardTitle>
          <CardDescription>Where you are signed in to this account. End any session you don&apos;t recognise, then check your passkeys.</CardDescription>
        </CardHeader>
        <CardContent>
          <SessionList sessions={sessionViews(sessions)} basePath="/api/users/me/sessions" subject="own" />
        </CardContent>
      </Card>
    </div>
  );
}
