import type { Metadata } from "next";
import { KeyRound, TriangleAlert } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { requirePageUser } from "@/lib/auth/page-session";
import { listOwnPasskeys } from "@/lib/services/passkeys";
import { AddPasskeyButton } from "./add-passkey-button";

export const metadata: Metadata = { title: "My account" };

export default async function AccountPage() {
  const { user } = await requirePageUser("/settings/account");
  const passkeys = await listOwnPasskeys(user.id);
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
          <ul className="divide-y" data-testid="passkey-list">
            {passkeys.map((p) => (
              <li key={p.id} className="flex items-center gap-3 py-3">
                <KeyRound className="size-4 text-muted-foreground" />
                <div className="flex-1">
                  <div className="text-sm font-medium">{p.name}</div>
                  <div className="text-xs text-muted-foreground">
                    Added {p.createdAt.toISOString().slice(0, 10)}
                    {p.lastUsedAt ? ` · last used ${p.lastUsedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}
                  </div>
                </div>
              </li>
            ))}
            {passkeys.length === 0 && <li className="py-3 text-sm text-muted-foreground">No passkeys yet.</li>}
          </ul>
        </CardContent>
      </Card>
    </div>
  );
}
