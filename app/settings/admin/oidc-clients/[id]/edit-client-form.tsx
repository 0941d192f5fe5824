"use client";
import { updateClientAction } from "../actions";
import { ClientForm, clientPayload, type ClientFormValues } from "../client-form";
import type { ClientAdmin } from "./tabs";

const minutes = (n: number, fallback: number) => (n === fallback ? "" : String(n));

/** The General tab's form: the stored client in, PUT semantics out (group restriction has its own tab). */
export function EditClientForm({ client: c, allowInsecure }: { client: ClientAdmin; allowInsecure: boolean }) {
  const initial: ClientFormValues = {
    id: "",
    name: c.name,
    description: c.description,
    callbackURLs: c.callbackURLs.length ? c.callbackURLs : [""],
    logoutCallbackURLs: c.logoutCallbackURLs,
    launchURL: c.launchURL ?? "",
    isPublic: c.isPublic,
    pkceEnabled: c.pkceEnabled,
    requiresReauthentication: c.requiresReauthentication,
    requiresPushedAuthorizationRequests: c.requiresPushedAuthorizationRequests,
    skipConsent: c.skipConsent,
    isGroupRestricted: c.isGroupRestricted,
    accessTokenDurationMinutes: minutes(c.accessTokenDurationMinutes, 60),
    refreshTokenDurationMinutes: minutes(c.refreshTokenDurationMinutes, 43_200),
    idTokenSignedResponseAlg: c.idTokenSignedResponseAlg ?? "",
    backchannelLogoutURL: c.backchannelLogoutURL ?? "",
    backchannelLogoutSessionRequired: c.backchannelLogoutSessionRequired,
  };
  return (
    <ClientForm
      // Saved values come back through the refreshed page: a new key starts the form from them.
      key={JSON.stringify(initial)}
      mode="edit"
      initial={initial}
      cimd={c.clientType === "cimd"}
      allowInsecure={allowInsecure}
      submitLabel="Save"
      pendingLabel="Saving…"
      onSubmit={(v) => {
        const { id: _id, ...body } = clientPayload(v);
        void _id;
        return updateClientAction(c.id, body);
      }}
    />
  );
}
