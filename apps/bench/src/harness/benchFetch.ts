import { getNodeHttpFetch } from "@x402kit/core";

/**
 * The HTTP client under every channel-scenario client, paid or unpaid, of both implementations: core's `fetch` over
 * `node:http` (keep-alive), else the global one. At C = 32 the global `fetch` (undici) was about a quarter of the
 * client thread's CPU, and that thread shares the two cores with the server being measured (issue 16).
 */
export const benchFetch: typeof globalThis.fetch = getNodeHttpFetch() ?? globalThis.fetch;
