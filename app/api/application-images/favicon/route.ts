import { applicationImageRoutes } from "../image-routes";

export const dynamic = "force-dynamic";

/** Inventory §1.5 / §6.7: favicon. */
export const { GET, PUT, DELETE, POST, PATCH } = applicationImageRoutes("/api/application-images/favicon", { name: "favicon", isPublic: true, deletable: false });
