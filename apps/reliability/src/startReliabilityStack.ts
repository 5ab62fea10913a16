import { createFacilitatorClient, type FacilitatorLike } from "@x402kit/core";
import { type StartTestChainParameters, startTestChain, type TestChain } from "@x402kit/testchain";
import {
  type FacilitatorService,
  type StartFacilitatorServiceParameters,
  startFacilitatorService,
} from "./startFacilitatorService.js";
import { type FaultProxy, startFaultProxy } from "./startFaultProxy.js";

export type StartReliabilityStackParameters = {
  chain?: StartTestChainParameters | undefined;
  /** The facilitator's options (its RPC goes through `rpcProxy`). */
  facilitator?: Omit<StartFacilitatorServiceParameters, "chain" | "rpcUrl"> | undefined;
  /** The resource servers' facilitator client (core's `createFacilitatorClient`). Defaults: 3 s, 15 s, 0 retries. */
  client?: { timeoutMs?: number; settleTimeoutMs?: number; retries?: number } | undefined;
};

export type ReliabilityStack = {
  chain: TestChain;
  /** A fault proxy between the facilitator and the chain's JSON-RPC (passes everything until told otherwise). */
  rpcProxy: FaultProxy;
  facilitatorService: FacilitatorService;
  /** A fault proxy between the resource servers and the facilitator. */
  facilitatorProxy: FaultProxy;
  /** An HTTP client of the facilitator, through `facilitatorProxy`, for the resource servers. */
  facilitator: FacilitatorLike;
  /** Registers something to close at `stop()`; closed in reverse order. */
  defer<value extends { close(): Promise<unknown> }>(resource: value): value;
  /** Closes everything deferred, the facilitator, the proxies and the chain; never throws. */
  stop(): Promise<void>;
};

/**
 * One test file's world: a local chain, a fault proxy in front of its RPC, x402kit's facilitator over HTTP behind
 * it, and a fault proxy in front of the facilitator. Resource servers are added by the tests.
 */
export async function startReliabilityStack(
  parameters: StartReliabilityStackParameters = {},
): Promise<ReliabilityStack> {
  const closers: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  };
  try {
    const chain = await startTestChain(parameters.chain ?? {});
    closers.push(() => chain.stop());
    const rpcProxy = await startFaultProxy({ target: chain.rpcUrl });
    closers.push(() => rpcProxy.close());
    const facilitatorService = await startFacilitatorService({
      chain,
      rpcUrl: rpcProxy.url,
      ...parameters.facilitator,
    });
    closers.push(() => facilitatorService.close());
    const facilitatorProxy = await startFaultProxy({ target: facilitatorService.url });
    closers.push(() => facilitatorProxy.close());
    const facilitator = createFacilitatorClient({
      url: facilitatorProxy.url,
      timeoutMs: parameters.client?.timeoutMs ?? 3_000,
      settleTimeoutMs: parameters.client?.settleTimeoutMs ?? 15_000,
      retries: parameters.client?.retries ?? 0,
    });
    return {
      chain,
      rpcProxy,
      facilitatorService,
      facilitatorProxy,
      facilitator,
      defer(resource) {
        closers.push(() => resource.close());
        return resource;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
