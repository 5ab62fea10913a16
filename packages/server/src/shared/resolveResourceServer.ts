import {
  type CreateResourceServerParameters,
  createResourceServer,
  type ResourceServer,
} from "@x402kit/core";

/** What every adapter takes: the engine's parameters, or an engine already made (to share it between apps). */
export type PaymentMiddlewareConfig = CreateResourceServerParameters | ResourceServer;

/** The engine for an adapter's config: made once, when the adapter is made, so its replay memory is shared. */
export function resolveResourceServer(config: PaymentMiddlewareConfig): ResourceServer {
  return typeof (config as Partial<ResourceServer>).processRequest === "function"
    ? (config as ResourceServer)
    : createResourceServer(config as CreateResourceServerParameters);
}
