import type { IncomingHttpHeaders } from "node:http";
import type { HttpRequest } from "@x402kit/core";

export type FromNodeRequestParameters = {
  method: string;
  /** `http` or `https`, as the framework sees it (trust proxy settings apply). */
  protocol: string;
  host: string | undefined;
  /** The path with its query, as received (before any mount point is stripped). */
  path: string;
  headers: IncomingHttpHeaders;
};

/** The engine's plain request, from what Node-based frameworks (express, fastify) know of a request. */
export function fromNodeRequest(parameters: FromNodeRequestParameters): HttpRequest {
  const { headers } = parameters;
  return {
    method: parameters.method,
    url: `${parameters.protocol}://${parameters.host ?? "localhost"}${parameters.path}`,
    header(name) {
      const value = headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}
