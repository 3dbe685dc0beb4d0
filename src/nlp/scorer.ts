// The one scorer interface every NLP backend implements (SPEC §4).

export interface Scorer {
  /** Stored with every score, so a change of model re-scores and a re-run does not. */
  readonly modelName: string;
  /** Probability in [0,1] that each text is negative, in input order. */
  scoreBatch(texts: readonly string[]): Promise<Float64Array>;
  /**
   * Scores and per-text crisis flags (1 = crisis language) in one pass. Backends without it get their
   * flags from the lexicon's phrase layer (score-texts.ts).
   */
  scoreBatchWithCrisis?(texts: readonly string[]): Promise<{ scores: Float64Array; crisis: Uint8Array }>;
  close?(): Promise<void>;
}

/** Texts under this many characters (after trimming) are not scored (SPEC §4). */
export const MIN_SCORABLE_LENGTH = 3;

export function isScorable(text: string | null | undefined): text is string {
  return text != null && text.trim().length >= MIN_SCORABLE_LENGTH;
}
