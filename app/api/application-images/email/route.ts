import { applicationImageRoutes } from "../image-routes";

export const dynamic = "force-dynamic";

/** Inventory §1.5 / §6.7: email logo. */
export const { GET, PUT, DELETE, POST, PATCH } = applicationImageRoutes("/api/application-images/email", { name: "email logo", isPublic: true, deletable: false });
