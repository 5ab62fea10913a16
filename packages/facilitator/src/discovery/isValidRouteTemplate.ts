/**
 * The `routeTemplate` rule of extensions/bazaar.md ("`routeTemplate` Validation Rules"): a path of safe characters
 * and `:name` parameters, starting with `/`, that contains neither `..` nor `://` once percent-decoded (at every
 * depth). An invalid template is discarded: the facilitator catalogs the concrete path instead.
 */
export function isValidRouteTemplate(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > 1024) return false;
  if (!/^\/[a-zA-Z0-9_/:.\-~%]+$/.test(value)) return false;
  let decoded = value;
  for (let depth = 0; depth < 8; depth++) {
    if (decoded.includes("..") || decoded.includes("://")) return false;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return false;
    }
    if (next === decoded) return true;
    decoded = next;
  }
  return false;
}
