/** The suite's version, written into every report. */
export const suiteVersion = "0.1.0";
