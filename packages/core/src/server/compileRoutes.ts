export type CompiledRoute<route> = {
  readonly pattern: string;
  readonly method: string | undefined;
  readonly regex: RegExp;
  readonly route: route;
};

/**
 * Compiles route keys like `"GET /weather"`, `"/premium/*"` or `"POST /items/:id"` into matchers.
 * `*` matches any rest of the path, `:name` one path segment. A key without a method matches every method.
 */
export function compileRoutes<route>(routes: Record<string, route>): CompiledRoute<route>[] {
  return Object.entries(routes).map(([pattern, route]) => {
    const match = /^(?:([A-Za-z]+)\s+)?(\/.*)$/.exec(pattern.trim());
    if (!match) throw new TypeError(`Route "${pattern}" must look like "GET /path" or "/path".`);
    const path = match[2]!;
    const source = path
      .split("/")
      .map((segment) => {
        if (segment === "*") return ".*";
        if (segment.startsWith(":")) return "[^/]+";
        return segment.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*");
      })
      .join("/");
    return { pattern, method: match[1]?.toUpperCase(), regex: new RegExp(`^${source}/?$`), route };
  });
}

/** The first compiled route that matches the method and path. */
export function findRoute<route>(
  compiled: readonly CompiledRoute<route>[],
  method: string,
  path: string,
): CompiledRoute<route> | undefined {
  const upper = method.toUpperCase();
  for (const entry of compiled) {
    if (entry.method !== undefined && entry.method !== upper && !(upper === "HEAD" && entry.method === "GET"))
      continue;
    if (entry.regex.test(path)) return entry;
  }
  return undefined;
}
