// A software passkey for the benchmark: an ES256 (P-256) key pair that answers the real
// registration and sign-in ceremonies the way a platform authenticator would (attestation "none",
// user present and verified, a discoverable credential whose user handle is the user's id).
// Same wire format as tests/helpers/soft-authenticator.ts, in plain JavaScript so `npm run bench`
// needs no TypeScript runtime.
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";

function cborHead(major, n) {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 256) return Buffer.from([(major << 5) | 24, n]);
  const b = Buffer.alloc(3);
  b[0] = (major << 5) | 25;
  b.writeUInt16BE(n, 1);
  return b;
}

/** The CBOR subset a "none" attestation object needs: small ints, text, bytes, maps. */
function cbor(value) {
  if (typeof value === "number") return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (typeof value === "string") return Buffer.concat([cborHead(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (Buffer.isBuffer(value)) return Buffer.concat([cborHead(2, value.length), value]);
  if (value instanceof Map) return Buffer.concat([cborHead(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
  throw new Error("unsupported CBOR value");
}

const sha256 = (data) => createHash("sha256").update(data).digest();
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export class SoftAuthenticator {
  /** @param {{ origin: string, rpId?: string }} opts the relying party's origin (APP_URL) and RP ID (its host name by default) */
  constructor({ origin, rpId }) {
    this.origin = origin;
    this.rpId = rpId ?? new URL(origin).hostname;
    this.keys = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.credentialId = randomBytes(16);
    /** Set by register(): the user handle (options.user.id, base64url) the server gave the credential. */
    this.userHandle = null;
  }

  /** navigator.credentials.create() JSON for registration options from the server. */
  register(options) {
    if (options.rp?.id && options.rp.id !== this.rpId) throw new Error(`registration options name RP ID ${options.rp.id}, expected ${this.rpId}`);
    if (!options.pubKeyCredParams?.some((p) => p.alg === -7)) throw new Error("the server does not accept ES256 credentials");
    this.userHandle = options.user.id;
    const jwk = this.keys.publicKey.export({ format: "jwk" });
    const cose = cbor(new Map([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x, "base64url")], [-3, Buffer.from(jwk.y, "base64url")]]));
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      sha256(this.rpId),
      Buffer.from([FLAG_UP | FLAG_UV | FLAG_AT]),
      Buffer.alloc(4), // sign count 0: a synced passkey never counts
      Buffer.alloc(16), // AAGUID of attestation "none"
      idLength,
      this.credentialId,
      cose,
    ]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.create", challenge: options.challenge, origin: this.origin, crossOrigin: false }));
    const attestationObject = cbor(new Map([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]));
    const id = this.credentialId.toString("base64url");
    return {
      id,
      rawId: id,
      type: "public-key",
      response: { clientDataJSON: clientDataJSON.toString("base64url"), attestationObject: attestationObject.toString("base64url"), transports: ["internal"] },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }

  /** navigator.credentials.get() JSON (a discoverable sign-in) for authentication options from the server. */
  assert(options) {
    if (!this.userHandle) throw new Error("register the passkey first");
    if (options.rpId && options.rpId !== this.rpId) throw new Error(`sign-in options name RP ID ${options.rpId}, expected ${this.rpId}`);
    const authData = Buffer.concat([sha256(this.rpId), Buffer.from([FLAG_UP | FLAG_UV]), Buffer.alloc(4)]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge: options.challenge, origin: this.origin, crossOrigin: false }));
    // ES256 signatures are DER-encoded in WebAuthn (node:crypto's default encoding for EC keys).
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), this.keys.privateKey);
    const id = this.credentialId.toString("base64url");
    return {
      id,
      rawId: id,
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
