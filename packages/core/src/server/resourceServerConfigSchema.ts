import { z } from "zod";
import { engineDependenciesSchema, resourceConfigSchema } from "../engine/paymentEngineConfigSchema.js";

/**
 * The HTTP resource server's configuration: the engine's, with routes for resources, and the HTTP options.
 */
export const resourceServerConfigSchema = z.object({
  routes: z.record(z.string().min(1), resourceConfigSchema),
  ...engineDependenciesSchema,
  paywall: z.union([z.literal(false), z.looseObject({ appName: z.string().optional() })]).optional(),
  acceptV1: z.boolean().optional(),
});
