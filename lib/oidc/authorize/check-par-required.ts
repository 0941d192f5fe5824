import { InvalidRequestError } from "../errors";
import type { OidcClient } from "../types";

/**
 * RFC 9126 §6 / inventory §2.2: a client registered with requiresPushedAuthorizationRequests
 * may only start authorization through PAR; a direct request is an error sent to the client.
 */
export function checkParRequired(client: OidcClient, pushed: boolean): void {
  if (client.requiresPushedAuthorizationRequests && !pushed) {
    throw new InvalidRequestError("This client must use pushed authorization requests (PAR).");
  }
}
