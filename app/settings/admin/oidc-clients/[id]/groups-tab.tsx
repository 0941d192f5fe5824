import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { ClientTabContext } from "./tabs";
import { GroupRestriction } from "./group-restriction";

/** Allowed user groups (inventory §2.18 isGroupRestricted, §6.3): who may sign in to this app. */
export function GroupsTab({ client }: ClientTabContext) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Allowed user groups</CardTitle>
        <CardDescription>An unrestricted app admits every user; a restricted one only members of the groups chosen here.</CardDescription>
      </CardHeader>
      <CardContent>
        <GroupRestriction
          client={{ id: client.id, name: client.name, isGroupRestricted: client.isGroupRestricted }}
          groups={client.allowedUserGroups.map((g) => ({ id: g.id, label: g.friendlyName, description: g.name }))}
        />
      </CardContent>
    </Card>
  );
}
