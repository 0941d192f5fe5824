"use client";
import { Lock, LockOpen, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { MembershipEditor } from "@/components/pickers/membership-editor";
import type { PickerOption } from "@/components/pickers/entity-picker";
import { searchGroupsAction } from "../../picker-actions";
import { setAllowedGroupsAction, setRestrictionAction } from "../actions";

/**
 * Restrict / Unrestrict with a confirmation (both change who can sign in at once), then the group
 * picker. Restricted to no group means nobody can sign in: said in words, not only an icon.
 */
export function GroupRestriction({ client, groups }: { client: { id: string; name: string; isGroupRestricted: boolean }; groups: PickerOption[] }) {
  if (!client.isGroupRestricted) {
    return (
      <div className="flex flex-col gap-4" data-testid="client-unrestricted">
        <p className="flex items-center gap-2 text-sm">
          <LockOpen className="size-4 shrink-0 text-muted-foreground" aria-hidden /> Every user can sign in to {client.name}.
        </p>
        <ConfirmDialog
          trigger={
            <Button variant="outline" className="self-start">
              <Lock aria-hidden /> Restrict to groups
            </Button>
          }
          destructive={false}
          title={`Restrict ${client.name} to groups?`}
          description="Only members of the groups you then choose can sign in. Until you choose a group, nobody can — people already signed in keep their tokens until they expire."
          confirmLabel="Restrict"
          pendingLabel="Restricting…"
          action={() => setRestrictionAction(client.id, true)}
        />
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4" data-testid="client-restricted">
      {groups.length === 0 && (
        <Alert variant="destructive" data-testid="no-group-warning">
          <TriangleAlert aria-hidden />
          <AlertTitle>Nobody can sign in to {client.name}</AlertTitle>
          <AlertDescription>It is restricted to groups, but no group is allowed yet. Add a group below, or unrestrict it.</AlertDescription>
        </Alert>
      )}
      <MembershipEditor
        id="client-groups"
        label="Allowed groups"
        noun="group"
        placeholder="Search groups to allow"
        hint="Members of any of these groups can sign in."
        initial={groups}
        search={searchGroupsAction}
        save={(ids) => setAllowedGroupsAction(client.id, ids)}
        saveLabel="Save groups"
        successMessage="Allowed groups saved."
        emptyText="No group is allowed yet."
      />
      <ConfirmDialog
        trigger={
          <Button variant="outline" className="self-start">
            <LockOpen aria-hidden /> Unrestrict
          </Button>
        }
        title={`Let every user sign in to ${client.name}?`}
        description="The allowed groups are removed and anyone with an account can sign in to this app."
        confirmLabel="Unrestrict"
        pendingLabel="Unrestricting…"
        action={() => setRestrictionAction(client.id, false)}
      />
    </div>
  );
}
