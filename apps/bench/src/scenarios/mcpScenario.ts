import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { createX402Client } from "@x402kit/client";
import { createFacilitatorClient } from "@x402kit/core";
import { exactEvmClient, exactEvmServer } from "@x402kit/evm";
import { createX402McpServer, listenStreamableHttp, wrapMcpClient } from "@x402kit/mcp";
import { erc20Abi, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount, privateKeyToAddress } from "viem/accounts";
import { checkBalances } from "../harness/checkBalances.js";
import { describeResponse } from "../harness/describeResponse.js";
import { measure } from "../harness/measure.js";
import type { SpawnedFacilitator } from "../harness/spawnFacilitator.js";
import type { FigureResult } from "../report/benchResultsSchema.js";
import { runSideBySide } from "./runSideBySide.js";
import { startParticipantFacilitator } from "./startParticipantFacilitator.js";
import type { FigureRow, ScenarioContext } from "./types.js";

const price = 1_000n; // 0.001 USDC
const requestTimeoutMs = 60_000;

type Session = { facilitator: SpawnedFacilitator; paidFetch: typeof globalThis.fetch } | undefined;

/**
 * Scenario: a paid MCP tool call over Streamable HTTP (x402kit's `@x402kit/mcp`: the agent's `wrapMcpClient` pays,
 * the tool's server verifies and settles through the facilitator child), beside the paid HTTP request on the same
 * chain, the same facilitator and the same buyer, at each concurrency of the plan. x402kit only: the reference's MCP
 * package is not on npm. Balances must move by exactly (successes x price) in each figure.
 */
export async function mcpScenario(context: ScenarioContext): Promise<FigureRow[]> {
  const { chain, benchChain, plan } = context;
  const figures = plan.mcp.flatMap(({ concurrency, count }) =>
    (["http", "mcp"] as const).map((transport) => ({
      scenario: "mcp" as const,
      name:
        transport === "mcp"
          ? `paid MCP tool (Streamable HTTP) c=${concurrency}`
          : `paid HTTP request (beside MCP) c=${concurrency}`,
      parameters: { transport, concurrency, count },
      only: "x402kit" as const,
    })),
  );
  const balance = (owner: Hex) =>
    chain.publicClient.readContract({
      address: benchChain.usdc.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [owner],
    });

  return runSideBySide<Session, (typeof figures)[number]>(context, {
    figures,
    async setup(participant) {
      if (participant.implementation.name !== "x402kit") return undefined;
      const paidFetch = participant.implementation.createPaidFetch({
        chain: benchChain,
        privateKey: participant.buyerKey,
      });
      return { facilitator: await startParticipantFacilitator(context, participant), paidFetch };
    },
    async run(session, figure, participant): Promise<FigureResult> {
      if (!session) throw new Error("x402kit only");
      const { transport, concurrency, count } = figure.parameters;
      const payTo = privateKeyToAddress(generatePrivateKey());
      const { pay, close } =
        transport === "mcp"
          ? await startMcp(session.facilitator.url, payTo, participant.buyerKey)
          : await startHttp(session, participant, payTo);
      try {
        // Warm-up, off the clock and before the balances are read (a new server initialises on its first call).
        await pay().catch(() => {});
        const before = { buyer: await balance(participant.buyerAddress), payTo: await balance(payTo) };
        const result = await measure({ name: figure.name, concurrency, count, run: pay });
        const after = { buyer: await balance(participant.buyerAddress), payTo: await balance(payTo) };
        const balances = checkBalances({ before, after, successes: result.successes, price });
        return { ...result, balances };
      } finally {
        await close();
      }
    },
    teardown: async (session) => {
      await session?.facilitator.stop();
    },
  });

  async function startHttp(
    session: NonNullable<Session>,
    participant: ScenarioContext["participants"][number],
    payTo: Hex,
  ) {
    const server = await participant.implementation.startServer({
      chain: benchChain,
      facilitatorUrl: session.facilitator.url,
      payTo,
      amount: price,
      payment: true,
    });
    const pay = async () => {
      const response = await session.paidFetch(`${server.url}/paid`, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      const body = await response.text();
      if (response.status !== 200) throw new Error(describeResponse(response, body));
    };
    return { pay, close: () => server.close() };
  }

  async function startMcp(facilitatorUrl: string, payTo: Hex, buyerKey: Hex) {
    const x402 = createX402McpServer({
      schemes: [exactEvmServer({ assets: { [benchChain.network]: benchChain.usdc } })],
      facilitator: createFacilitatorClient({ url: facilitatorUrl }),
    });
    const http = await listenStreamableHttp({
      server: async () => {
        const server = new McpServer({ name: "bench-tools", version: "1.0.0" });
        await x402.paidTool(
          server,
          "quote",
          {
            accepts: {
              scheme: "exact",
              network: benchChain.network,
              price: { amount: price.toString(), asset: benchChain.usdc.address },
              payTo,
            },
          },
          async () => ({ content: [{ type: "text", text: '{"quote":42}' }] }),
        );
        return server;
      },
    });
    const client = new Client({ name: "bench-agent", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
    const paying = wrapMcpClient(
      client,
      createX402Client({ schemes: [exactEvmClient({ account: privateKeyToAccount(buyerKey) })] }),
    );
    const pay = async () => {
      const { result, payment } = await paying.callTool({ name: "quote" }, { timeout: requestTimeoutMs });
      if (result.isError || payment?.outcome !== "settled")
        throw new Error(`tool call not settled: ${JSON.stringify(result.content).slice(0, 200)}`);
    };
    return {
      pay,
      close: async () => {
        await client.close().catch(() => {});
        await http.close();
      },
    };
  }
}
