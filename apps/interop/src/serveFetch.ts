import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ListenReturnType } from "./listen.js";

/** Serves a fetch-API handler (a hono app, Next.js route handlers) on a free loopback port. */
export function serveFetch(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<ListenReturnType> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            if ("closeAllConnections" in server) server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}
