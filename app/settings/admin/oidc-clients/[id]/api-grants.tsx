"use client";
import * as React from "react";
import Link from "next/link";
import { Webhook } from "lucide-react";
import { toast } from "@/components/ui/toast";
import { EmptyState } from "@/components/data-table/data-table";
import { EntityPicker, type PickerOption } from "@/components/pickers/entity-picker";
import type { ActionResult } from "@/components/action-result";
import { GrantAccessEditor } from "../../apis/[id]/grant-access-editor";
import { removeApiGrantAction, searchAssignableApisAction, setApiGrantAction, type ApiGrantValues } from "../actions";

type Api = { id: string; name: string; resource: string; permissions: { id: string; key: string; name: string }[] };
type Grant = ApiGrantValues & { api: Api; cimdGrantedAccess: boolean };
type ClientInfo = { id: string; name: string; isPublic: boolean; cimd: boolean };

/** The reverse of the API page's client grants (same services): this client's APIs, each editable. */
export function ApiGrants({ client, grants }: { client: ClientInfo; grants: Grant[] }) {
  const [adding, setAdding] = React.useState<PickerOption[]>([]);
  const [pending, setPending] = React.useState(false);

  async function add(options: PickerOption[]) {
    const chosen = options.at(-1);
    setAdding(options);
    if (!chosen) return;
    setPending(true);
    let r: ActionResult;
    try {
      // Starts with user-delegated access and no permission; the admin then picks them.
      r = await setApiGrantAction(client.id, chosen.id, { userDelegatedAccess: true, clientAccess: false, userDelegatedPermissionIds: [], clientPermissionIds: [] });
    } catch {
      r = { ok: false, error: "The server could not be reached. Check your connection and try again." };
    }
    setPending(false);
    setAdding([]);
    if (r.ok) toast.success(`${client.name} may now use ${chosen.label}. Choose its permissions below.`);
    else toast.error(r.error);
  }

  const explicit = grants.filter((g) => g.userDelegatedAccess || g.clientAccess || !g.cimdGrantedAccess);
  return (
    <div className="flex flex-col gap-4">
      <EntityPicker id="client-add-api" label="Grant access to an API" noun="API" placeholder="Search APIs" value={adding} onChange={add} search={(q) => searchAssignableApisAction(client.id, q)} disabled={pending} />
      {grants.some((g) => g.cimdGrantedAccess) && (
        <p className="text-sm text-muted-foreground">
          Also reachable because the API admits every CIMD client: {grants.filter((g) => g.cimdGrantedAccess).map((g) => g.api.name).join(", ")}.
        </p>
      )}
      {explicit.length === 0 ? (
        <EmptyState
          icon={<Webhook />}
          title="This client may not use any API yet."
          description={
            <>
              Grant one above. APIs are defined on the{" "}
              <Link href="/settings/admin/apis" className="underline underline-offset-4">
                APIs page
              </Link>
              .
            </>
          }
        />
      ) : (
        <ul className="flex flex-col gap-3" data-testid="api-grants">
          {explicit.map((g) => (
            <GrantEditor key={`${g.api.id}:${JSON.stringify(g)}`} client={client} grant={g} />
          ))}
        </ul>
      )}
    </div>
  );
}

function GrantEditor({ client, grant }: { client: ClientInfo; grant: Grant }) {
  return (
    <GrantAccessEditor
      idPrefix={`api-${grant.api.id.replace(/[^A-Za-z0-9_-]/g, "_")}`}
      itemProps={{ "data-testid": "api-grant", "data-api-id": grant.api.id }}
      heading={
        <div className="flex min-w-0 flex-col">
          <Link href={`/settings/admin/apis/${encodeURIComponent(grant.api.id)}`} className="font-medium underline-offset-4 hover:underline">
            {grant.api.name}
          </Link>
          <code className="break-all text-xs text-muted-foreground">{grant.api.resource}</code>
        </div>
      }
      initial={{
        userDelegatedAccess: grant.userDelegatedAccess,
        clientAccess: grant.clientAccess,
        userDelegatedPermissionIds: grant.userDelegatedPermissionIds,
        clientPermissionIds: grant.clientPermissionIds,
      }}
      permissions={grant.api.permissions}
      isPublic={client.isPublic}
      legendSuffix={`on ${grant.api.name}`}
      remove={{
        label: `Remove access to ${grant.api.name}`,
        title: `Take ${grant.api.name} away from ${client.name}?`,
        description: "Tokens already issued for this API keep working until they expire; the app cannot get or refresh any more.",
        action: () => removeApiGrantAction(client.id, grant.api.id),
      }}
      save={(values) => setApiGrantAction(client.id, grant.api.id, values)}
    />
  );
}
