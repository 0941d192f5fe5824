// The one software passkey of the project: an ES256 (P-256) key pair that answers the server's real
// WebAuthn ceremonies the way a platform authenticator would (attestation "none", a discoverable
// credential whose user handle is the one the server chose at registration). The integration tests,
// the conformance suite, the e2e specs and the benchmark (`npm run bench`) all use it; it is plain
// JavaScript (types in soft-passkey.d.mts) so that the benchmark runs under plain node.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign } from "node:crypto";

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

/** Authenticator data flags (WebAuthn §6.1): user present always, the others as the passkey is set up. */
function flagsByte({ userVerified, backupEligible, backedUp }, attested) {
  return 0x01 | (userVerified ? 0x04 : 0) | (backupEligible ? 0x08 : 0) | (backedUp ? 0x10 : 0) | (attested ? 0x40 : 0);
}

export class SoftPasskey {
  /** @param {import("./soft-passkey.d.mts").SoftPasskeyOptions} opts */
  constructor({ origin, rpId, privateKey, credentialId, userHandle, aaguid, userVerified = true, backupEligible = false, backedUp = false, counter = 0 }) {
    this.origin = origin;
    this.rpId = rpId ?? new URL(origin).hostname;
    this.privateKey =
      privateKey === undefined ? generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey : typeof privateKey === "string" ? createPrivateKey(privateKey) : privateKey;
    this.credentialId = Buffer.isBuffer(credentialId) ? credentialId.toString("base64url") : (credentialId ?? randomBytes(16).toString("base64url"));
    this.userHandle = userHandle ?? null;
    this.aaguid = aaguid ? Buffer.from(aaguid.replace(/-/g, ""), "hex") : Buffer.alloc(16);
    this.userVerified = userVerified;
    this.backupEligible = backupEligible;
    this.backedUp = backedUp;
    this.counter = counter;
  }

  /** A passkey kept between processes (see state()), e.g. the conformance suite's global setup. */
  static fromState(state) {
    return new SoftPasskey({ origin: state.origin, rpId: state.rpId, privateKey: state.privateKeyPem, credentialId: state.credentialId, userHandle: state.userHandle });
  }

  state() {
    if (!this.userHandle) throw new Error("register the passkey first");
    return {
      origin: this.origin,
      rpId: this.rpId,
      credentialId: this.credentialId,
      privateKeyPem: this.privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
      userHandle: this.userHandle,
    };
  }

  /** navigator.credentials.create() JSON for the server's registration options; remembers the user handle. */
  register(options) {
    if (options.rp?.id && options.rp.id !== this.rpId) throw new Error(`registration options name RP ID ${options.rp.id}, expected ${this.rpId}`);
    if (options.pubKeyCredParams && !options.pubKeyCredParams.some((p) => p.alg === -7)) throw new Error("the server does not accept ES256 credentials");
    if (options.user?.id) this.userHandle = options.user.id;
    const jwk = createPublicKey(this.privateKey).export({ format: "jwk" });
    const cose = cbor(new Map([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x, "base64url")], [-3, Buffer.from(jwk.y, "base64url")]]));
    const rawId = Buffer.from(this.credentialId, "base64url");
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(rawId.length);
    const authData = Buffer.concat([sha256(this.rpId), Buffer.from([flagsByte(this, true)]), Buffer.alloc(4), this.aaguid, idLength, rawId, cose]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.create", challenge: options.challenge, origin: this.origin, crossOrigin: false }));
    const attestationObject = cbor(new Map([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]));
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key",
      response: { clientDataJSON: clientDataJSON.toString("base64url"), attestationObject: attestationObject.toString("base64url"), transports: ["internal"] },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }

  /** navigator.credentials.get() JSON (a discoverable sign-in) for the server's authentication options. */
  assert(options) {
    if (!this.userHandle) throw new Error("register the passkey first");
    if (options.rpId && options.rpId !== this.rpId) throw new Error(`sign-in options name RP ID ${options.rpId}, expected ${this.rpId}`);
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.counter);
    const authData = Buffer.concat([sha256(this.rpId), Buffer.from([flagsByte(this, false)]), count]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge: options.challenge, origin: this.origin, crossOrigin: false }));
    // ES256 signatures are DER-encoded in WebAuthn (node:crypto's default encoding for EC keys).
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
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
