import { authenticatorFor } from "../../auth/authenticator-names";

/** The stored fields a passkey DTO is made from (never the public key). */
export const PASSKEY_SELECT = {
  id: true,
  name: true,
  credentialId: true,
  aaguid: true,
  attestationType: true,
  transports: true,
  backupEligible: true,
  backupState: true,
  signCount: true,
  createdAt: true,
  lastUsedAt: true,
} as const;

export interface PasskeyRow {
  id: string;
  name: string;
  credentialId: string;
  aaguid: string;
  attestationType: string;
  transports: string;
  backupEligible: boolean;
  backupState: boolean;
  signCount: number;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/**
 * A passkey as the REST API and the account page show it: Pocket ID's credential DTO (id, name,
 * credentialID, aaguid, attestationType, transports, backupEligible, backupState, createdAt), plus
 * the sign counter, the last use and the provider named by the AAGUID list (peer-anchors §4b).
 */
export function toPasskeyDto(row: PasskeyRow) {
  const provider = authenticatorFor(row.aaguid);
  let transports: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.transports);
    if (Array.isArray(parsed)) transports = parsed.filter((t): t is string => typeof t === "string");
  } catch {}
  return {
    id: row.id,
    name: row.name,
    credentialID: row.credentialId,
    aaguid: row.aaguid,
    attestationType: row.attestationType,
    transports,
    backupEligible: row.backupEligible,
    backupState: row.backupState,
    signCount: row.signCount,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    provider: provider ? { name: provider.name, iconLight: provider.iconLight, iconDark: provider.iconDark } : null,
  };
}

export type PasskeyDto = ReturnType<typeof toPasskeyDto>;
