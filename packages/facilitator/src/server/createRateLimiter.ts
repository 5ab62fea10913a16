export type CreateRateLimiterParameters = {
  /** Requests refilled per minute, per client. */
  perMinute: number;
  /** Requests a client may make at once after being idle. Default `perMinute`. */
  burst?: number | undefined;
  /** Clients remembered at most; the least recently seen are forgotten (and start full again). Default 100 000. */
  maxClients?: number | undefined;
  /** Default `performance.now`. */
  now?: (() => number) | undefined;
};

export type RateLimitDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export type RateLimiter = {
  /** Takes one request from `client`'s bucket (at its own `perMinute`/`burst` when given). */
  take(client: string, own?: { perMinute: number; burst?: number | undefined }): RateLimitDecision;
};

export type CreateRateLimiterReturnType = RateLimiter;

/** A token bucket per client (an IP address, an API key's name), refilled continuously. */
export function createRateLimiter(parameters: CreateRateLimiterParameters): CreateRateLimiterReturnType {
  const now = parameters.now ?? (() => performance.now());
  const maxClients = parameters.maxClients ?? 100_000;
  // A Map iterates in insertion order: re-inserting on each take keeps the least recently seen first.
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(client, own) {
      const perMinute = own?.perMinute ?? parameters.perMinute;
      const burst = own?.burst ?? (own ? own.perMinute : (parameters.burst ?? parameters.perMinute));
      const perMs = perMinute / 60_000;
      const time = now();
      const bucket = buckets.get(client) ?? { tokens: burst, at: time };
      buckets.delete(client);
      bucket.tokens = Math.min(burst, bucket.tokens + (time - bucket.at) * perMs);
      bucket.at = time;
      buckets.set(client, bucket);
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}
