import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";

export type ListenParameters =
  /** A `node:http` request listener (an express app). */
  | { listener: RequestListener; fetch?: undefined }
  /** A fetch-API handler (a hono app's `fetch`). */
  | { fetch: (request: Request) => Response | Promise<Response>; listener?: undefined };

export type ListenReturnType = {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  close(): Promise<void>;
};

/** Serves a request listener or a fetch handler on a free loopback port, on Node's HTTP server (its limits apply). */
export async function listen(parameters: ListenParameters): Promise<ListenReturnType> {
  const listener = parameters.listener ?? getRequestListener(parameters.fetch);
  const server = createServer(listener);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
