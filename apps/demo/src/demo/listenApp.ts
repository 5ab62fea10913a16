import { serve } from "@hono/node-server";
import type { Hono } from "hono";

export type ListenAppReturnType = { url: string; close: () => Promise<void> };

/** Serves a Hono app on a free loopback port; its URL and how to close it. */
export function listenApp(app: Pick<Hono, "fetch">): Promise<ListenAppReturnType> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}
