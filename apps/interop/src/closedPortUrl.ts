import { listen } from "./listen.js";

/** The URL of a loopback port that nothing listens on (it was free a moment ago): a facilitator that is down. */
export async function closedPortUrl(): Promise<string> {
  const server = await listen(() => {});
  await server.close();
  return server.url;
}
