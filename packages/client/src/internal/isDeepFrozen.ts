/** Whether plain data is frozen all the way down (`deepFreeze`'s work): then it cannot have changed since. */
export function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  if (!Object.isFrozen(value)) return false;
  for (const key of Object.keys(value))
    if (!isDeepFrozen((value as Record<string, unknown>)[key])) return false;
  return true;
}
