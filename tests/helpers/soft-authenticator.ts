import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";

/**
 * A minimal software passkey (ES256, attestation "none") producing the JSON a browser sends for
 * a registration, so route handlers can be driven through a real, verifiable ceremony.
 */
function cborHead(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 256) return Buffer.from([(major << 5) | 24, n]);
  const b = Buffer.alloc(3);
  b[0] = (major << 5) | 25;
  b.writeUInt16BE(n, 1);
  return b;
}
function cbor(value: unknown): Buffer {
  if (typeof value === "number") return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (typeof value === "string") return Buffer.concat([cborHead(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (Buffer.isBuffer(value)) return Buffer.concat([cborHead(2, value.length), value]);
  if (value instanceof Map) {
    return Buffer.concat([cborHead(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
  }
  throw new Error("unsupported CBOR value");
}

export function softRegistration(opts: {
  challenge: string;
  origin: string;
  rpId: string;
  credentialId?: Buffer;
  /** The authenticator's AAGUID (default all zero, as with attestation "none"). */
  aaguid?: string;
  /** User verified (default true), backup eligible and backed up (default false). */
  uv?: boolean;
  be?: boolean;
  bs?: boolean;
  /** Its key pair: pass one to sign in with the passkey later (softAssertion). */
  keys?: { publicKey: KeyObject; privateKey: KeyObject };
}) {
  const credentialId = opts.credentialId ?? randomBytes(16);
  const { publicKey } = opts.keys ?? generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const cose = cbor(new Map<number, unknown>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, "base64url")], [-3, Buffer.from(jwk.y!, "base64url")]]));
  // user present, user verified, backup eligible, backed up, attested credential data
  const flags = 0x01 | (opts.uv === false ? 0 : 0x04) | (opts.be ? 0x08 : 0) | (opts.bs ? 0x10 : 0) | 0x40;
  const aaguid = opts.aaguid ? Buffer.from(opts.aaguid.replace(/-/g, ""), "hex") : Buffer.alloc(16);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(credentialId.length);
  const authData = Buffer.concat([createHash("sha256").update(opts.rpId).digest(), Buffer.from([flags]), Buffer.alloc(4), aaguid, len, credentialId, cose]);
  const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.create", challenge: opts.challenge, origin: opts.origin, crossOrigin: false }));
  const attestationObject = cbor(new Map<string, unknown>([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]));
  const id = credentialId.toString("base64url");
  return {
    id,
    rawId: id,
    type: "public-key",
    response: { clientDataJSON: clientDataJSON.toString("base64url"), attestationObject: attestationObject.toString("base64url"), transports: ["internal"] },
    clientExtensionResults: {},
    authenticatorAttachment: "platform",
  };
}

/** A passkey's key pair, for softRegistration and softAssertion. */
export function softKeys() {
  return generateKeyPairSync("ec", { namedCurve: "P-256" });
}

/** A discoverable sign-in answer (navigator.credentials.get JSON) signed with the passkey's key. */
export function softAssertion(opts: {
  challenge: string;
  origin: string;
  rpId: string;
  credentialId: string;
  userId: string;
  privateKey: KeyObject;
  counter?: number;
  uv?: boolean;
  be?: boolean;
  bs?: boolean;
}) {
  const flags = 0x01 | (opts.uv === false ? 0 : 0x04) | (opts.be ? 0x08 : 0) | (opts.bs ? 0x10 : 0);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(opts.counter ?? 0);
  const authData = Buffer.concat([createHash("sha256").update(opts.rpId).digest(), Buffer.from([flags]), count]);
  const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge: opts.challenge, origin: opts.origin, crossOrigin: false }));
  const signature = createSign("sha256")
    .update(Buffer.concat([authData, createHash("sha256").update(clientDataJSON).digest()]))
    .sign(opts.privateKey);
  return {
    id: opts.credentialId,
    rawId: opts.credentialId,
    type: "public-key",
    response: {
      clientDataJSON: clientDataJSON.toString("base64url"),
      authenticatorData: authData.toString("base64url"),
      signature: signature.toString("base64url"),
      userHandle: Buffer.from(opts.userId).toString("base64url"),
    },
    clientExtensionResults: {},
    authenticatorAttachment: "platform",
  };
}
