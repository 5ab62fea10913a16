import { createRequire } from "node:module";
import type { HardhatUserConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

// solc comes from the `solc` npm package (wasm); Hardhat must never download a compiler.
const config: HardhatUserConfig = {
  solidity: {
    version: "0.8.30",
    path: require.resolve("solc/soljson.js"),
    settings: { optimizer: { enabled: true, runs: 200 } },
  },
};

export default config;
