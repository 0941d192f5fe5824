import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

/**
 * A software passkey (ES256, attestation "none", user verification on, counter 0 like a synced
 * passkey) that answers the server's real WebAuthn ceremonies over HTTP: registration through
 * /api/webauthn/register/*, sign-in and re-authentication through /api/webauthn/login/*.
 */
export interface PasskeyState {
  credentialId: string;
  privateKeyPem: string;
  /** The WebAuthn user handle the server chose at registration (base64url). */
  userHandle: string;
}

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
  if (value instanceof Map) return Buffer.concat([cborHead(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
  throw new Error("unsupported CBOR value");
}

const rpIdHash = (rpId: string) => createHash("sha256").update(rpId).digest();
// user present | user verified (WebAuthn §6.1 flags)
const UP_UV = 0x01 | 0x04;

export class SoftPasskey {
  private constructor(
    private readonly key: KeyObject,
    readonly credentialId: string,
    readonly userHandle: string,
  ) {}

  static fromState(state: PasskeyState): SoftPasskey {
    return new SoftPasskey(createPrivateKey(state.privateKeyPem), state.credentialId, state.userHandle);
  }

  state(): PasskeyState {
    return { credentialId: this.credentialId, privateKeyPem: this.key.export({ format: "pem", type: "pkcs8" }).toString(), userHandle: this.userHandle };
  }

  /** Answers registration options (PublicKeyCredentialCreationOptionsJSON) with a new credential. */
  static register(options: { challenge: string; user: { id: string }; rp: { id?: string } }, origin: string) {
    const rpId = options.rp.id ?? new URL(origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const credentialId = randomBytes(16);
    const cose = cbor(new Map<number, unknown>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, "base64url")], [-3, Buffer.from(jwk.y!, "base64url")]]));
    const len = Buffer.alloc(2);
    len.writeUInt16BE(credentialId.length);
    const authData = Buffer.concat([rpIdHash(rpId), Buffer.from([UP_UV | 0x40]), Buffer.alloc(4), Buffer.alloc(16), len, credentialId, cose]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.create", challenge: options.challenge, origin, crossOrigin: false }));
    const attestationObject = cbor(new Map<string, unknown>([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]));
    const id = credentialId.toString("base64url");
    const passkey = new SoftPasskey(privateKey, id, options.user.id);
    const response = {
      id,
      rawId: id,
      type: "public-key",
      response: { clientDataJSON: clientDataJSON.toString("base64url"), attestationObject: attestationObject.toString("base64url"), transports: ["internal"] },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
    return { passkey, response };
  }

  /** Answers authentication options with a discoverable-credential assertion. */
  assert(options: { challenge: string; rpId?: string }, origin: string) {
    const rpId = options.rpId ?? new URL(origin).hostname;
    const authData = Buffer.concat([rpIdHash(rpId), Buffer.from([UP_UV]), Buffer.alloc(4)]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge: options.challenge, origin, crossOrigin: false }));
    const signature = sign("sha256", Buffer.concat([authData, createHash("sha256").update(clientDataJSON).digest()]), this.key);
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key",
      response: {
        clientDataJSON: clientDataJSON.toString("base64url"),
        authenticatorData: authData.toString("base64url"),
        signature: signature.toString("base64url"),
        userHandle: this.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }
}
