// Output layer: the naive full softmax over all VOCAB output rows, trained with cross-entropy.
// Exact but O(VOCAB * DIM) per example: two passes, the first for the log-partition function
// (online max and sum), the second for the updates. Twin: `fullSoftmax` in src/cpu/kernels.ts.

fn outputLayer(centre: u32, key: u32, slot: u32, alpha: f32) {
  var maxLogit = -3.0e38;
  var sum = 0.0;
  var targetLogit = 0.0;
  for (var j = 0u; j < VOCAB; j++) {
    let f = dotHidden(j);
    if (j == centre) { targetLogit = f; }
    if (f > maxLogit) {
      sum = sum * exp(maxLogit - f) + 1.0;
      maxLogit = f;
    } else {
      sum += exp(f - maxLogit);
    }
  }
  let logPartition = maxLogit + log(sum);
  lossSum += logPartition - targetLogit;
  for (var j = 0u; j < VOCAB; j++) {
    let p = exp(dotHidden(j) - logPartition);
    let label = select(0.0, 1.0, j == centre);
    updateOutput(j, (label - p) * alpha);
  }
  examples += 1.0;
}
