/** How well scores separate positive from negative examples. */
export interface ClassifierMetrics {
  readonly positives: number;
  readonly negatives: number;
  /** Area under the ROC curve (ties count half); null without both classes. */
  readonly rocAuc: number | null;
  readonly threshold: number;
  /** At the threshold (score ≥ threshold is positive); null when nothing is predicted positive. */
  readonly precision: number | null;
  readonly recall: number | null;
  readonly falsePositiveRate: number | null;
}

/** ROC-AUC by ranks (Mann–Whitney U), exact with ties; precision and recall at a threshold. */
export function classifierMetrics(
  examples: ReadonlyArray<{ readonly score: number; readonly positive: boolean }>,
  threshold: number,
): ClassifierMetrics {
  const positives = examples.filter((e) => e.positive).length;
  const negatives = examples.length - positives;
  const sorted = [...examples].sort((a, b) => a.score - b.score);
  // Average ranks over ties, then U = (sum of positive ranks) − P(P+1)/2.
  let rankSum = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j]?.score === sorted[i]?.score) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (sorted[k]?.positive) rankSum += averageRank;
    i = j;
  }
  const rocAuc =
    positives === 0 || negatives === 0
      ? null
      : (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
  const predicted = examples.filter((e) => e.score >= threshold);
  const truePositives = predicted.filter((e) => e.positive).length;
  return {
    positives,
    negatives,
    rocAuc,
    threshold,
    precision: predicted.length === 0 ? null : truePositives / predicted.length,
    recall: positives === 0 ? null : truePositives / positives,
    falsePositiveRate: negatives === 0 ? null : (predicted.length - truePositives) / negatives,
  };
}
