import { createFacilitatorClient } from "@x402kit/core";
import { type StartTestChainParameters, startTestChain, type TestChain } from "@x402kit/testchain";
import { type RecordFacilitatorCallsReturnType, recordFacilitatorCalls } from "./recordFacilitatorCalls.js";
import { startX402kitFacilitator } from "./startX402kitFacilitator.js";

export type StartInteropStackParameters = {
  chain?: StartTestChainParameters | undefined;
  /** The facilitator's clock (default: the wall clock). */
  now?: (() => number) | undefined;
  /** The facilitator also settles the upto scheme (default false). */
  upto?: boolean | undefined;
  /** The facilitator also serves batch-settlement (default false). */
  batchSettlement?: boolean | undefined;
};

export type InteropStack = {
  chain: TestChain;
  /** x402kit's facilitator over HTTP: its base URL. */
  facilitatorUrl: string;
  /** An HTTP client of that facilitator (core's `createFacilitatorClient`) that records every call. */
  facilitator: RecordFacilitatorCallsReturnType;
  /** Registers something to close at `stop()`, closed in reverse order. */
  defer<value extends { close(): Promise<unknown> }>(resource: value): value;
  /** Closes everything deferred, then the facilitator, then the chain; never throws. */
  stop(): Promise<void>;
};

/** One test file's chain and x402kit facilitator (over HTTP), and the things to close after the file. */
export async function startInteropStack(parameters: StartInteropStackParameters = {}): Promise<InteropStack> {
  const closers: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => {});
  };
  const chain = await startTestChain(parameters.chain ?? {});
  closers.push(() => chain.stop());
  try {
    const running = await startX402kitFacilitator({
      chain,
      now: parameters.now,
      upto: parameters.upto,
      batchSettlement: parameters.batchSettlement,
    });
    closers.push(() => running.close());
    return {
      chain,
      facilitatorUrl: running.url,
      facilitator: recordFacilitatorCalls(createFacilitatorClient({ url: running.url })),
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
