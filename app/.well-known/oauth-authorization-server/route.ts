import { discoveryResponse } from "@/lib/http/discovery-route";
import { corsPreflight } from "@/lib/http/oauth-response";

export const dynamic = "force-dynamic";
export const GET = discoveryResponse;
export const OPTIONS = corsPreflight;
