// Reads a labelled text set (test/fixtures/nlp-*.tsv) and measures a scorer on it: AUC, F1, crisis recall; pure.
import { readFileSync } from 'node:fs';

export type Polarity = 'neg' | 'neu' | 'pos';

export interface LabelledText {
  label: Polarity;
  crisis: boolean;
  category: string;
  hard: boolean;
  text: string;
}

/** TSV with the header `label crisis category hard text`. */
export function readLabelledTexts(path: string): LabelledText[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim().length > 0);
  return lines.slice(1).map((line, i) => {
    const [label, crisis, category, hard, ...text] = line.split('\t');
    if (label !== 'neg' && label !== 'neu' && label !== 'pos') throw new Error(`${path}:${i + 2}: bad label ${label}`);
    return { label, crisis: crisis === '1', category, hard: hard === '1', text: text.join('\t') };
  });
}

/** ROC AUC of `scores` for positives = `isPositive` (ties count half); NaN when one class is empty. */
export function rocAuc(scores: ArrayLike<number>, isPositive: readonly boolean[]): number {
  const order = Array.from({ length: isPositive.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (isPositive[order[k]]) {
      rankSum += rank;
      positives++;
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface QualityFigures {
  texts: number;
  /** Negative texts against the rest, by P(negative). */
  auc: number;
  /** F1 of "negative" at P(negative) > 0.5. */
  negativeF1: number;
  crisisTexts: number;
  crisisRecall: number;
  /** Share of non-crisis texts flagged as crisis. */
  falseCrisisShare: number;
}

export function measureQuality(items: readonly LabelledText[], scores: ArrayLike<number>, crisis: ArrayLike<number>): QualityFigures {
  const isNeg = items.map((t) => t.label === 'neg');
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let crisisTexts = 0;
  let caught = 0;
  let falseFlags = 0;
  items.forEach((t, i) => {
    const predicted = scores[i] > 0.5;
    if (predicted && isNeg[i]) tp++;
    else if (predicted) fp++;
    else if (isNeg[i]) fn++;
    if (t.crisis) {
      crisisTexts++;
      if (crisis[i]) caught++;
    } else if (crisis[i]) falseFlags++;
  });
  const nonCrisis = items.length - crisisTexts;
  return {
    texts: items.length,
    auc: round(rocAuc(scores, isNeg)),
    negativeF1: round(tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn)),
    crisisTexts,
    crisisRecall: crisisTexts ? round(caught / crisisTexts) : NaN,
    falseCrisisShare: nonCrisis ? round(falseFlags / nonCrisis) : NaN,
  };
}

function round(x: number): number {
  return Number.isNaN(x) ? x : Math.round(x * 10000) / 10000;
}
