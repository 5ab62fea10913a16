import type { ResourceServer, VerifiedPayment } from "@x402kit/core";
import { paymentMiddleware as expressPaymentMiddleware } from "@x402kit/server/express";
import { x402Fastify } from "@x402kit/server/fastify";
import { paymentMiddleware as honoPaymentMiddleware } from "@x402kit/server/hono";
import { withX402 } from "@x402kit/server/next";
import express, { type ErrorRequestHandler } from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type ListenReturnType, listen } from "./listen.js";
import { serveFetch } from "./serveFetch.js";

/** The four framework adapters of `@x402kit/server`. */
export const adapterNames = ["express", "hono", "fastify", "next"] as const;

export type AdapterName = (typeof adapterNames)[number];

/** What a route handler answers: a JSON body and a status (default 200). */
export type HandlerReply = { status?: number; body: unknown };

/** A framework-neutral route handler; `payment` is the verified payment on a priced route. Throwing is allowed. */
export type RouteHandler = (payment: VerifiedPayment | undefined) => HandlerReply | Promise<HandlerReply>;

export type StartAdapterAppParameters = {
  adapter: AdapterName;
  /** The x402kit engine, shared by every route of the app. */
  server: ResourceServer;
  /** GET routes by path, e.g. `{ "/paid/ok": () => ({ body: { ok: true } }) }`. */
  handlers: Record<string, RouteHandler>;
};

/**
 * Serves `handlers` as GET routes behind x402kit's adapter for one framework, on a free loopback port, wired as the
 * adapter's README shows. A handler that throws gets the framework's own 500.
 */
export async function startAdapterApp(parameters: StartAdapterAppParameters): Promise<ListenReturnType> {
  const { server, handlers } = parameters;
  const routes = Object.entries(handlers);
  switch (parameters.adapter) {
    case "express": {
      const app = express();
      app.use(expressPaymentMiddleware(server));
      for (const [path, handler] of routes)
        app.get(path, async (_req, res) => {
          const reply = await handler(res.locals.x402);
          res.status(reply.status ?? 200).json(reply.body);
        });
      const quiet: ErrorRequestHandler = (_error, _req, res, _next) => {
        res.status(500).send("Internal Server Error");
      };
      app.use(quiet);
      return listen(app);
    }
    case "hono": {
      const app = new Hono();
      app.use(honoPaymentMiddleware(server));
      for (const [path, handler] of routes)
        app.get(path, async (c) => {
          const reply = await handler(c.get("x402"));
          return c.json(reply.body, (reply.status ?? 200) as ContentfulStatusCode);
        });
      app.onError((_error, c) => c.text("Internal Server Error", 500));
      return serveFetch(app.fetch);
    }
    case "fastify": {
      const app = Fastify();
      await app.register(x402Fastify, server);
      for (const [path, handler] of routes)
        app.get(path, async (request, reply) => {
          const answer = await handler(request.x402);
          return reply.code(answer.status ?? 200).send(answer.body);
        });
      const url = await app.listen({ host: "127.0.0.1", port: 0 });
      return {
        url,
        close: async () => {
          app.server.closeAllConnections();
          await app.close();
        },
      };
    }
    case "next": {
      // Each entry plays one App Router route file: `export const GET = withX402(handler, server)`.
      const byPath = new Map(
        routes.map(([path, handler]) => [
          path,
          withX402(async (_request: Request, { x402 }) => {
            const reply = await handler(x402);
            return Response.json(reply.body, { status: reply.status ?? 200 });
          }, server),
        ]),
      );
      return serveFetch(async (request) => {
        const route = request.method === "GET" ? byPath.get(new URL(request.url).pathname) : undefined;
        if (!route) return new Response("not found", { status: 404 });
        try {
          return await route(request, { params: Promise.resolve({}) });
        } catch {
          // What Next.js answers for a route handler that throws.
          return new Response("Internal Server Error", { status: 500 });
        }
      });
    }
  }
}
