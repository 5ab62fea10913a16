import { z } from "zod";
import { deliveryTokenExtension, deliveryTokenPattern } from "./withDeliveryToken.js";

const bodySchema = z.object({
  extensions: z.object({
    [deliveryTokenExtension]: z.object({ deliveryToken: z.string().regex(deliveryTokenPattern) }),
  }),
});

/**
 * The resource server's delivery token in a settle request body (`withDeliveryToken`), or `undefined` when there is
 * none or it is malformed: the settle then goes on as without the extension. Never throws.
 */
export function readDeliveryToken(body: unknown): string | undefined {
  return bodySchema.safeParse(body).data?.extensions[deliveryTokenExtension].deliveryToken;
}
