// The Hardhat config that `startTestChain` runs `hardhat node` with. Plain JS so that it loads from node_modules.
import os from "node:os";
import path from "node:path";

const scratch = path.join(os.tmpdir(), "x402kit-testchain");

export default {
  networks: {
    node: {
      type: "edr-simulated",
      // startTestChain({ chainId }) passes another id, e.g. 84532 for v1 clients that only know named networks.
      chainId: Number(process.env.X402KIT_TESTCHAIN_CHAIN_ID ?? 31337),
      // Automine at more than one tx per second must not push the chain clock ahead of the wall clock.
      allowBlocksWithSameTimestamp: true,
      // Like a real node: a reverting transaction is mined and gets a receipt instead of a JSON-RPC error.
      throwOnTransactionFailures: false,
      loggingEnabled: false,
    },
  },
  // `hardhat node` watches <artifacts>/build-info; keep that out of the package.
  paths: { artifacts: path.join(scratch, "artifacts"), cache: path.join(scratch, "cache") },
};
