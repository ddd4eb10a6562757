/**
 * Detection metrics, matching scikit-learn's definitions. The positive class is "anomalous" (label 1).
 *
 * The ranking metrics run over every cell of every anomalous case in the nested evaluation
 * (hundreds of thousands to tens of millions of points), so they allocate only flat typed arrays:
 * the scores of each class are copied into their own Float64Array and sorted natively (no comparator,
 * no per-element objects), then the two sorted arrays are walked together from the top, one group of
 * tied scores at a time. Tied scores therefore always move together, which is what sklearn does.
 */

/** Counts of a binary confusion matrix. */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Called once per distinct score, with how many positives and negatives have exactly that score. */
type GroupVisitor = (positivesInGroup: number, negativesInGroup: number) => void;

function checkLengths(labels: ArrayLike<number>, other: ArrayLike<number>, otherName: string): void {
  if (labels.length !== other.length) {
    throw new RangeError(`metrics: ${labels.length} labels but ${other.length} ${otherName}`);
  }
}

function checkLabel(label: number, index: number): void {
  if (label !== 0 && label !== 1) throw new RangeError(`metrics: label ${index} is ${label}, expected 0 or 1`);
}

/** Scores of positives and of negatives, each sorted ascending. NaN has no rank, so it is refused (sklearn raises too). */
function sortedScoresByClass(labels: ArrayLike<number>, scores: ArrayLike<number>): [Float64Array, Float64Array] {
  checkLengths(labels, scores, 'scores');
  let positives = 0;
  for (let k = 0; k < labels.length; k++) {
    checkLabel(labels[k], k);
    if (Number.isNaN(scores[k])) throw new RangeError(`metrics: score ${k} is NaN`);
    positives += labels[k];
  }
  const pos = new Float64Array(positives);
  const neg = new Float64Array(labels.length - positives);
  let p = 0;
  let n = 0;
  for (let k = 0; k < labels.length; k++) {
    if (labels[k] === 1) pos[p++] = scores[k];
    else neg[n++] = scores[k];
  }
  // Typed-array sort without a comparator is numeric and runs natively; -0 and +0 end up adjacent,
  // and the walk below compares with ===, so they form one tie group, as they do in sklearn.
  pos.sort();
  neg.sort();
  return [pos, neg];
}

/** Visits the distinct score thresholds from the highest to the lowest. */
function walkTieGroups(pos: Float64Array, neg: Float64Array, visit: GroupVisitor): void {
  let p = pos.length - 1;
  let n = neg.length - 1;
  while (p >= 0 || n >= 0) {
    const threshold = p < 0 ? neg[n] : n < 0 ? pos[p] : Math.max(pos[p], neg[n]);
    const pTop = p;
    const nTop = n;
    while (p >= 0 && pos[p] === threshold) p--;
    while (n >= 0 && neg[n] === threshold) n--;
    visit(pTop - p, nTop - n);
  }
}

/**
 * Area under the ROC curve, exactly as sklearn's `roc_auc_score` (trapezoids between distinct
 * thresholds, i.e. ties count one half). null when only one class is present (sklearn raises).
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number | null {
  const [pos, neg] = sortedScoresByClass(labels, scores);
  if (pos.length === 0 || neg.length === 0) return null;
  // Twice the Mann-Whitney U statistic, an integer below 2^53 for up to ~1.3e8 points, so it is
  // accumulated exactly and the only rounding is the final division.
  let twiceU = 0;
  let positivesAbove = 0;
  walkTieGroups(pos, neg, (positivesInGroup, negativesInGroup) => {
    twiceU += negativesInGroup * (2 * positivesAbove + positivesInGroup);
    positivesAbove += positivesInGroup;
  });
  // Each negative is outranked by `positivesAbove` positives (ties half), so U counts correctly
  // ordered (positive, negative) pairs; AUC is their fraction.
  return twiceU / (2 * pos.length * neg.length);
}

/**
 * Average precision, as sklearn's `average_precision_score`: sum over distinct thresholds of
 * (recall gained) x (precision at that threshold), with no interpolation. null when there are no
 * positives (recall is undefined); all-positive input gives 1, as in sklearn.
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number | null {
  const [pos, neg] = sortedScoresByClass(labels, scores);
  if (pos.length === 0) return null;
  let sum = 0;
  let truePositives = 0;
  let falsePositives = 0;
  walkTieGroups(pos, neg, (positivesInGroup, negativesInGroup) => {
    truePositives += positivesInGroup;
    falsePositives += negativesInGroup;
    if (positivesInGroup > 0) sum += positivesInGroup * (truePositives / (truePositives + falsePositives));
  });
  return sum / pos.length;
}

/** Confusion counts of hard 0/1 predictions against 0/1 labels. */
export function confusion(labels: ArrayLike<number>, predicted: ArrayLike<number>): Confusion {
  checkLengths(labels, predicted, 'predictions');
  const counts: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let k = 0; k < labels.length; k++) {
    checkLabel(labels[k], k);
    const guess = predicted[k];
    if (guess !== 0 && guess !== 1) throw new RangeError(`metrics: prediction ${k} is ${guess}, expected 0 or 1`);
    if (labels[k] === 1) {
      if (guess === 1) counts.tp++;
      else counts.fn++;
    } else if (guess === 1) counts.fp++;
    else counts.tn++;
  }
  return counts;
}

/**
 * Accuracy, precision, recall and F1 of the anomalous class. A ratio whose denominator is zero
 * (nothing predicted anomalous, or nothing anomalous) is 0, like sklearn with zero_division=0.
 */
export function classificationMetrics(labels: ArrayLike<number>, predicted: ArrayLike<number>): ClassificationMetrics {
  const { tp, fp, tn, fn } = confusion(labels, predicted);
  const total = tp + fp + tn + fn;
  if (total === 0) throw new RangeError('metrics: no samples');
  const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);
  return {
    accuracy: (tp + tn) / total,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    // 2PR/(P+R) written in counts: same value, no 0/0 when P = R = 0.
    f1: ratio(2 * tp, 2 * tp + fp + fn),
  };
}
