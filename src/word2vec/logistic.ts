import { TARGET_LABEL, TARGET_TREE } from './kernel-contract';

/** The logistic pieces every kernel and twin shares (WGSL: `clippedSigmoid`, `softplus` in the training shaders). */

/** The C tool's logistic, exactly 0 or 1 beyond |f| > 6. */
export function clippedSigmoid(f: number): number {
  if (f > 6) return 1;
  if (f < -6) return 0;
  return 1 / (1 + Math.exp(-f));
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * log(sum of e^logit(j) for j < count) in one pass, with an online maximum so that nothing
 * overflows: the order the softmax kernels use.
 */
export function logSumExp(count: number, logit: (j: number) => number): number {
  let maxLogit = -3e38;
  let sum = 0;
  for (let j = 0; j < count; j++) {
    const f = logit(j);
    if (f > maxLogit) {
      sum = sum * Math.exp(maxLogit - f) + 1;
      maxLogit = f;
    } else {
      sum += Math.exp(f - maxLogit);
    }
  }
  return maxLogit + Math.log(sum);
}

/**
 * The coefficient of a logistic target's update for the dot product f: (label - sigmoid(f)) * alpha,
 * where a tree node (hierarchical softmax) is left alone beyond |f| >= 6, as in the C tool.
 */
export function logisticCoefficient(f: number, flags: number, alpha: number): number {
  if (flags & TARGET_TREE && (f <= -6 || f >= 6)) return 0;
  return Math.fround(((flags & TARGET_LABEL) - clippedSigmoid(f)) * alpha);
}

/** A logistic target's loss: -log sigmoid(f) for label 1, -log(1 - sigmoid(f)) for label 0. */
export function logisticLoss(f: number, flags: number): number {
  return softplus(flags & TARGET_LABEL ? -f : f);
}
