import { applicationImageRoutes } from "../image-routes";

export const dynamic = "force-dynamic";

/** Inventory §1.5 / §6.7: background image. */
export const { GET, PUT, DELETE, POST, PATCH } = applicationImageRoutes("/api/application-images/background", { name: "background image", isPublic: true, deletable: true });
