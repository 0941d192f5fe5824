// User codes of the device flow (RFC 8628 §6.1; inventory §2.1/§2.14): Pocket ID's shape, an alphabet
// without look-alikes, and the forgiving reading of what a person types (case, dashes, spaces, I/L/O).
import { describe, expect, it } from "vitest";
import { formatUserCode, newUserCode, normaliseUserCode, USER_CODE_ALPHABET } from "@/lib/oidc/device";

describe("device user codes", () => {
  it("are E + 7 characters from an alphabet without I, L and O", () => {
    for (let i = 0; i < 200; i++) expect(newUserCode()).toMatch(/^E[ABCDEFGHJKMNPQRSTUVWXYZ0-9]{7}$/);
    expect(USER_CODE_ALPHABET).not.toMatch(/[ILO]/);
    expect(new Set(Array.from({ length: 50 }, newUserCode)).size).toBe(50);
  });

  it("read what a person types: lower case, dashes, spaces, I/L as 1 and O as 0", () => {
    expect(normaliseUserCode("eabc-d1f0")).toBe("EABCD1F0");
    expect(normaliseUserCode("  EABC - DIFO ")).toBe("EABCD1F0");
    expect(normaliseUserCode("EABCDLFO")).toBe("EABCD1F0");
    expect(normaliseUserCode("EABC–DEFG")).toBe("EABCDEFG");
  });

  it("refuse text that cannot be a code, so nothing is looked up for it", () => {
    expect(normaliseUserCode("")).toBeNull();
    expect(normaliseUserCode("EABCDEF")).toBeNull();
    expect(normaliseUserCode("EABCDEFGH")).toBeNull();
    expect(normaliseUserCode("EABC_DEF")).toBeNull();
    expect(normaliseUserCode("EABCDEF\u0000")).toBeNull();
  });

  it("show as two groups of four, like the device shows them", () => {
    expect(formatUserCode("EABCDEFG")).toBe("EABC-DEFG");
  });
});
