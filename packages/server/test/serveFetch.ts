import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { TestApp } from "./adapterSuite.js";

/** Serves a fetch-API handler on a loopback port with @hono/node-server (request signals abort on disconnect). */
export function serveFetch(fetch: (request: Request) => Response | Promise<Response>): Promise<TestApp> {
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
