/** The first issue of a failed schema check, as `path message` (or `payload message` at the root), for a reason. */
export function describeSchemaIssue(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): string {
  const issue = issues[0];
  return `${issue?.path.map(String).join(".") || "payload"} ${issue?.message ?? ""}`.trim();
}
