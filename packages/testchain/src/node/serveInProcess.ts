import { fileURLToPath } from "node:url";

export type ServeInProcessReturnType = { rpcUrl: string; stop: () => Promise<void> };

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const configUrl = new URL("../../hardhat/hardhat.config.js", import.meta.url).href;

/** Runs the chain (EDR) inside this process behind Hardhat's JSON-RPC server on a free 127.0.0.1 port. */
export async function serveInProcess(): Promise<ServeInProcessReturnType> {
  const [{ createHardhatRuntimeEnvironment }, { default: config }] = await Promise.all([
    import("hardhat/hre"),
    import(configUrl) as Promise<{ default: import("hardhat/config").HardhatUserConfig }>,
  ]);
  const hre = await createHardhatRuntimeEnvironment(config, {}, packageDir);
  const server = await hre.network.createServer("node", "127.0.0.1");
  const { address, port } = await server.listen();
  let stopping: Promise<void> | undefined;
  return { rpcUrl: `http://${address}:${port}`, stop: () => (stopping ??= server.close()) };
}
