import { serve } from "@hono/node-server";
import type { Hono } from "hono";

export type ListenHonoReturnType = { url: string; close: () => Promise<void> };

/** Serves a hono app on a free 127.0.0.1 port. */
export function listenHono(app: Hono): Promise<ListenHonoReturnType> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}
