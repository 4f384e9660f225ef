// Output layer: negative sampling. One positive centre (the centre word, label 1) and NEGATIVE
// noise words (label 0) each get a logistic update; a noise word equal to the centre is skipped,
// as in the C tool. `slot` separates the negatives drawn for each context of one position.
// Twin: `negativeSampling` in src/cpu/kernels.ts.

fn outputLayer(centre: u32, key: u32, slot: u32, alpha: f32) {
  for (var k = 0u; k <= NEGATIVE; k++) {
    var word = centre;
    var label = 1.0;
    if (k > 0u) {
      word = noiseWord(key, 2u + slot * NEGATIVE + k - 1u);
      if (word == centre) { continue; }
      label = 0.0;
    }
    let f = dotHidden(word);
    let g = (label - clippedSigmoid(f)) * alpha;
    lossSum += softplus(select(f, -f, label > 0.5));
    updateOutput(word, g);
  }
  examples += 1.0;
}
