import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";

export type ListenReturnType = {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  close(): Promise<void>;
};

/** Serves a request listener (an express app) on a free loopback port, with keep-alive for benchmark clients. */
export async function listen(handler: RequestListener): Promise<ListenReturnType> {
  const server = createServer({ keepAliveTimeout: 30_000 }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
