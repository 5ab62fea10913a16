import type { FacilitatorLike, ResourceServer, VerifiedPayment } from "@x402kit/core";
import { paymentMiddleware as expressPaymentMiddleware } from "@x402kit/server/express";
import { paymentMiddleware as honoPaymentMiddleware } from "@x402kit/server/hono";
import type { TestChain, TestChainToken } from "@x402kit/testchain";
import { headerNames } from "@x402kit/types";
import express, { type ErrorRequestHandler } from "express";
import { Hono } from "hono";
import { createPaidResourceServer } from "./createPaidResourceServer.js";
import type { ServedLog } from "./createServedLog.js";
import { type ListenReturnType, listen } from "./listen.js";
import { type PaidPath, paidContentMarker, paidRoutes } from "./paidRoutes.js";

/** The server adapters the battery drives over real HTTP. */
export const appAdapters = ["hono", "express"] as const;
export type AppAdapter = (typeof appAdapters)[number];

export type StartPaidAppParameters = {
  adapter: AppAdapter;
  chain: TestChain;
  /** The facilitator(s) the engine verifies and settles with; ignored when `server` is given. */
  facilitator?: FacilitatorLike | readonly FacilitatorLike[] | undefined;
  /** An engine made with `createPaidResourceServer`, to share one between apps. */
  server?: ResourceServer | undefined;
  /** A second EIP-3009 token, priced on `/token-b`. */
  tokenB?: TestChainToken | undefined;
  /** Where the app records every paid request it served. */
  servedLog: ServedLog;
  /** Runs inside every paid handler before it answers (a race or a fault can be injected here). */
  onPaid?: ((path: PaidPath, payment: VerifiedPayment | undefined) => Promise<void>) | undefined;
};

/**
 * A paid API behind x402kit's hono or express adapter, on a free loopback port. Every paid route answers 200 with
 * `paidContentMarker` (except `/fail`, which answers 500), and a middleware in front of the payment middleware
 * records every response that delivered paid content in `servedLog`, as a seller's request log would.
 */
export async function startPaidApp(parameters: StartPaidAppParameters): Promise<ListenReturnType> {
  const { servedLog, onPaid } = parameters;
  const server =
    parameters.server ??
    createPaidResourceServer({
      chain: parameters.chain,
      facilitator: parameters.facilitator ?? [],
      tokenB: parameters.tokenB,
    });
  // `/token-b` is priced only when there is a second token; unpriced, it must not exist at all.
  const paths = (Object.keys(paidRoutes) as PaidPath[]).filter(
    (path) => path !== "/token-b" || parameters.tokenB,
  );
  const reply = async (path: PaidPath, payment: VerifiedPayment | undefined) => {
    await onPaid?.(path, payment);
    return path === "/fail"
      ? { status: 500 as const, body: { error: "the handler failed" } }
      : { status: 200 as const, body: { content: `${paidContentMarker} ${path}`, payer: payment?.payer } };
  };
  const priceOf = (path: string) => paidRoutes[path as PaidPath] ?? 0n;

  if (parameters.adapter === "hono") {
    const app = new Hono();
    app.use(async (c, next) => {
      await next();
      servedLog.record(
        c.req.path,
        priceOf(c.req.path),
        c.res.status,
        c.res.headers.get(headerNames.paymentResponse) ?? undefined,
        c.res.headers.get(headerNames.xPaymentResponse) ?? undefined,
      );
    });
    app.use(honoPaymentMiddleware(server));
    for (const path of paths)
      app.get(path, async (c) => {
        const { status, body } = await reply(path, c.get("x402"));
        return c.json(body, status);
      });
    app.get("/free", (c) => c.json({ free: true }));
    app.onError((_error, c) => c.json({ error: "internal_error" }, 500));
    return listen({ fetch: app.fetch });
  }

  const app = express();
  app.use((req, res, next) => {
    res.once("finish", () => {
      const header = (name: string) => {
        const value = res.getHeader(name);
        return typeof value === "string" ? value : undefined;
      };
      servedLog.record(
        req.path,
        priceOf(req.path),
        res.statusCode,
        header(headerNames.paymentResponse),
        header(headerNames.xPaymentResponse),
      );
    });
    next();
  });
  app.use(expressPaymentMiddleware(server));
  for (const path of paths)
    app.get(path, async (_req, res) => {
      const { status, body } = await reply(path, res.locals.x402);
      res.status(status).json(body);
    });
  app.get("/free", (_req, res) => {
    res.json({ free: true });
  });
  const quiet: ErrorRequestHandler = (_error, _req, res, _next) => {
    res.status(500).json({ error: "internal_error" });
  };
  app.use(quiet);
  return listen({ listener: app });
}
