import {
  type DiscoveryListQuery,
  type DiscoverySearchQuery,
  discoveryListQuerySchema,
  discoverySearchQuerySchema,
} from "@x402kit/types";

export type ParseDiscoveryQueryReturnType<query> =
  | { ok: true; query: query }
  | { ok: false; message: string };

/**
 * The query string of `GET /discovery/resources` (`"list"`) or `GET /discovery/search` (`"search"`), checked: an
 * unknown or repeated parameter, or a value out of range, is refused with a message that names it.
 */
export function parseDiscoveryQuery(
  search: string,
  route: "list",
): ParseDiscoveryQueryReturnType<DiscoveryListQuery>;
export function parseDiscoveryQuery(
  search: string,
  route: "search",
): ParseDiscoveryQueryReturnType<DiscoverySearchQuery>;
export function parseDiscoveryQuery(
  search: string,
  route: "list" | "search",
): ParseDiscoveryQueryReturnType<DiscoveryListQuery | DiscoverySearchQuery> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    if (Object.hasOwn(fields, name))
      return { ok: false, message: `\`${name.slice(0, 50)}\` is given twice.` };
    fields[name] = value;
  }
  const parsed = (route === "list" ? discoveryListQuerySchema : discoverySearchQuerySchema).safeParse(fields);
  if (parsed.success) return { ok: true, query: parsed.data };
  const issue = parsed.error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    const known = Object.keys(
      (route === "list" ? discoveryListQuerySchema : discoverySearchQuerySchema).shape,
    );
    return {
      ok: false,
      message: `Unknown parameter \`${issue.keys[0]?.slice(0, 50)}\`; this route takes ${known.join(", ")}.`,
    };
  }
  const name = issue.path.join(".");
  return {
    ok: false,
    message: name && !issue.message.includes(`\`${name}\``) ? `\`${name}\`: ${issue.message}` : issue.message,
  };
}
