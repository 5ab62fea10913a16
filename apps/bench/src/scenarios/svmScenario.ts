import { generateKeyPairSigner } from "@solana/kit";
import {
  deriveSolanaTestAccounts,
  type SolanaTestAccount,
  startSolanaTestChain,
} from "@x402kit/testchain/solana";
import { maxTimeoutSeconds } from "../adapters/settings.js";
import { svmSides } from "../adapters/svm/svmSides.js";
import type { SvmBenchChain } from "../adapters/svm/types.js";
import type { ImplementationName, PayloadSigner, PaymentRequiredMessage } from "../adapters/types.js";
import { measure } from "../harness/measure.js";
import { postVerify } from "../harness/postVerify.js";
import { type SpawnedFacilitator, spawnSvmFacilitator } from "../harness/spawnFacilitator.js";
import type { FigureResult } from "../report/benchResultsSchema.js";
import { paidPrice, runPaidFigure } from "./runPaidFigure.js";
import { runSideBySide } from "./runSideBySide.js";
import type { BaseScenarioContext, FigureRow, SideBySideParticipant } from "./types.js";

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

type Session = {
  facilitator: SpawnedFacilitator;
  signer: PayloadSigner;
  paidFetch: typeof globalThis.fetch;
  buyer: SolanaTestAccount;
};

type Figure = {
  scenario: "svm";
  name: string;
  parameters: { kind: "verify" | "paid"; concurrency: number; count: number };
};

/**
 * Scenario 10: exact on Solana (issue 15), x402kit (`@x402kit/svm`) beside the reference (`@x402/svm` 2.27), on a
 * local Solana chain (`@x402kit/testchain/solana`: litesvm behind a loopback JSON-RPC, in this process, with 400 ms
 * slots; a sent transaction executes at once). Each facilitator runs in a child of its own and pays fees from its
 * own account; each side has its own buyer.
 * - `svm verify c=C`: `POST /verify` over HTTP, each request with its own payload, signed by the implementation's
 *   own client before the clock starts (a success: 200 and `isValid: true`);
 * - `svm paid c=C`: paid requests, client → express server → facilitator → chain, closed loop, a fresh payee per
 *   figure; afterwards the buyer must have paid, and the payee received, exactly successes × price.
 */
export async function svmScenario(context: BaseScenarioContext): Promise<FigureRow[]> {
  const { plan } = context;
  const chain = await startSolanaTestChain({ buyers: 2 });
  try {
    const benchChain: SvmBenchChain = {
      rpcUrl: chain.rpcUrl,
      network: chain.network,
      usdc: { address: chain.usdc.address, decimals: chain.usdc.decimals },
    };
    // Separate fee payers: x402kit uses the chain's facilitator account, the reference a derived one (funded here).
    const [referenceFeePayer] = (await deriveSolanaTestAccounts({ from: 60, count: 1 })) as [
      SolanaTestAccount,
    ];
    await chain.airdrop(referenceFeePayer.address, 1_000_000_000_000n);
    const accounts: Record<ImplementationName, { feePayer: SolanaTestAccount; buyer: SolanaTestAccount }> = {
      x402kit: { feePayer: chain.accounts.facilitator, buyer: chain.accounts.buyers[0]! },
      reference: { feePayer: referenceFeePayer, buyer: chain.accounts.buyers[1]! },
    };
    const newPayee = async () => {
      const { address } = await generateKeyPairSigner();
      await chain.createTokenAccount(address);
      return address;
    };

    /** A 402 for `payTo` with the facilitator's fee payer, as a server would send it. */
    const paymentRequired = async (facilitator: SpawnedFacilitator): Promise<PaymentRequiredMessage> => {
      const supported = (await (await fetch(`${facilitator.url}/supported`)).json()) as {
        kinds: { x402Version: number; scheme: string; network: string; extra?: { feePayer?: string } }[];
      };
      const kind = supported.kinds.find(
        (k) => k.x402Version === 2 && k.scheme === "exact" && k.network === chain.network,
      );
      if (!kind?.extra?.feePayer) throw new Error("the facilitator announces no fee payer");
      return {
        x402Version: 2,
        resource: { url: "http://127.0.0.1/bench", description: "bench", mimeType: "application/json" },
        accepts: [
          {
            scheme: "exact",
            network: chain.network,
            amount: paidPrice.toString(),
            asset: chain.usdc.address,
            payTo: await newPayee(),
            maxTimeoutSeconds,
            extra: { feePayer: kind.extra.feePayer },
          },
        ],
      };
    };
    const signBodies = async (session: Session, count: number) => {
      const required = await paymentRequired(session.facilitator);
      const bodies: string[] = [];
      for (let i = 0; i < count; i++) {
        const { paymentPayload } = await session.signer.signPayload(required);
        bodies.push(
          JSON.stringify({ x402Version: 2, paymentPayload, paymentRequirements: required.accepts[0] }),
        );
      }
      return bodies;
    };

    const figures: Figure[] = [
      ...plan.svm.verify.map(({ concurrency, count }) => ({
        scenario: "svm" as const,
        name: `svm verify c=${concurrency}`,
        parameters: { kind: "verify" as const, concurrency, count },
      })),
      ...plan.svm.paid.map(({ concurrency, count }) => ({
        scenario: "svm" as const,
        name: `svm paid c=${concurrency}`,
        parameters: { kind: "paid" as const, concurrency, count },
      })),
    ];
    return await runSideBySide<Session, Figure, SideBySideParticipant>(context, {
      figures,
      async setup(participant) {
        const name = participant.implementation.name;
        const { feePayer, buyer } = accounts[name];
        const facilitator = await spawnSvmFacilitator({
          implementation: name,
          chain: benchChain,
          feePayerSecretKey: Buffer.from(feePayer.secretKey).toString("base64"),
        });
        const client = { chain: benchChain, buyer: buyer.signer };
        const session: Session = {
          facilitator,
          signer: svmSides[name].createPayloadSigner(client),
          paidFetch: svmSides[name].createPaidFetch(client),
          buyer,
        };
        try {
          // Warm-up, off the clock: the first requests pay for lazy initialisation (JIT, connections, caches).
          for (const body of await signBodies(session, plan.warmup)) await postVerify(facilitator.url, body);
          return session;
        } catch (error) {
          await facilitator.stop();
          throw error;
        }
      },
      async run(session, figure, participant): Promise<FigureResult> {
        const { kind, concurrency, count } = figure.parameters;
        const { facilitator } = session;
        if (kind === "paid")
          return runPaidFigure({
            context,
            participant,
            facilitator,
            clients: { paidFetch: session.paidFetch },
            name: figure.name,
            concurrency,
            count,
            warmup: plan.warmup,
            settleDown: async () => {}, // a sent transaction executes at once on this chain
            recordsMemory: false, // the memory table is the EVM facilitators'; the figure keeps its own peak
            ledger: {
              newPayee,
              startServer: (payTo) =>
                svmSides[participant.implementation.name].startServer({
                  chain: benchChain,
                  facilitatorUrl: facilitator.url,
                  payTo,
                  amount: paidPrice,
                }),
              balanceOf: (owner) => chain.balanceOf(chain.usdc.address, owner as never),
              buyer: session.buyer.address,
            },
          });
        const bodies = await signBodies(session, count);
        await facilitator.resetPeak();
        const result = await measure({
          name: figure.name,
          concurrency,
          count,
          run: (index) => postVerify(facilitator.url, bodies[index]!),
        });
        const { peakRss } = await facilitator.memory();
        return { ...result, facilitatorPeakRssMb: mb(peakRss) };
      },
      teardown: async ({ facilitator }) => {
        await facilitator.stop();
      },
    });
  } finally {
    await chain.stop();
  }
}
