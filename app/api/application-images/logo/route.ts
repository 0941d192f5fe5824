import { applicationImageRoutes } from "../image-routes";

export const dynamic = "force-dynamic";

/** Inventory §1.5 / §6.7: light or dark logo. */
export const { GET, PUT, DELETE, POST, PATCH } = applicationImageRoutes("/api/application-images/logo", { name: "light or dark logo", isPublic: true, deletable: true, lightParam: true });
