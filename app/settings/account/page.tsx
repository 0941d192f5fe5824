import type { Metadata } from "next";
import { KeyRound, TriangleAlert } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { requirePageUser } from "@/lib/auth/page-session";
import { listPasskeys } from "@/lib/services/passkeys/list-passkeys";
import { AddPasskeyButton } from "./add-passkey-button";
import { PasskeyList } from "./passkey-list";

export const metadata: Metadata = { title: "My account" };

export default async function AccountPage() {
  const { user } = await requirePageUser("/settings/account");
  const passkeys = await listPasskeys(user.id);
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
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
            <dt className="text-muted-foreground">Name</dt>
            <dd>{`${user.firstName} ${user.lastName}`.trim()}</dd>
            <dt className="text-muted-foreground">Username</dt>
            <dd>{user.username}</dd>
            <dt className="text-muted-foreground">Email</dt>
            <dd>{user.email ?? "-"}</dd>
            <dt className="text-muted-foreground">Role</dt>
            <dd>{user.isAdmin ? "Admin" : "User"}</dd>
          </dl>
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
    </div>
  );
}
