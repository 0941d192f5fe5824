import { applicationImageRoutes } from "../image-routes";

export const dynamic = "force-dynamic";

/** Inventory §1.5 / §6.7: default profile picture. */
export const { GET, PUT, DELETE, POST, PATCH } = applicationImageRoutes("/api/application-images/default-profile-picture", { name: "default profile picture", isPublic: false, deletable: true });
