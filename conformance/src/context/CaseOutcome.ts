/** Thrown by an assertion: the case fails with this one-line message. */
export class CaseFailure extends Error {
  override name = "CaseFailure";
}

/** Thrown by `skip()`: the case does not apply to this implementation or environment. */
export class CaseSkipped extends Error {
  override name = "CaseSkipped";
}
