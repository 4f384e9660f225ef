// Output layer: negative sampling, with the centre's negatives drawn once and shared by its whole
// window (as in FULL-W2V), so a centre is a small (contexts x targets) matrix of dot products;
// each target row's change is summed on chip and added once. A negative equal to the centre is
// skipped, as in the C tool.
//
// Two ways to sum a dot product's shares: with SUBGROUPS the workgroup is one subgroup, and
// subgroupAdd gives every invocation the sums (no workgroup memory, no barrier); otherwise each
// invocation stores its shares in workgroup memory and one invocation per pair sums them.

var<private> targetRow: array<vec4f, TARGETS * SLICE>;
var<private> targetDelta: array<vec4f, TARGETS * SLICE>;
var<private> mean: array<vec4f, SLICE>; // CBOW: the mean of the context rows

// The centre (label 1) and its negatives (label 0), and whether each is trained.
struct Targets {
  words: array<u32, TARGETS>,
  valid: array<bool, TARGETS>,
}

fn drawTargets(centre: u32, key: u32) -> Targets {
  var t: Targets;
  t.words[0] = centre;
  t.valid[0] = true;
  for (var k = 1u; k < TARGETS; k++) {
    t.words[k] = noiseWord(key, 1u + k);
    t.valid[k] = t.words[k] != centre;
  }
  return t;
}

fn loadTargets(t: Targets, lid: u32) {
  for (var k = 0u; k < TARGETS; k++) {
    for (var s = 0u; s < SLICE; s++) {
      let j = lid + s * WG;
      var v = vec4f(0.0);
      if (j < DIM4) { v = syn1Load(t.words[k] * DIM4 + j); }
      targetRow[k * SLICE + s] = v;
      targetDelta[k * SLICE + s] = vec4f(0.0);
    }
  }
}

fn writeBackTargets(t: Targets, lid: u32) {
  for (var k = 0u; k < TARGETS; k++) {
    if (!t.valid[k]) { continue; }
    for (var s = 0u; s < SLICE; s++) {
      let j = lid + s * WG;
      if (j < DIM4) { syn1Add(t.words[k] * DIM4 + j, targetDelta[k * SLICE + s]); }
    }
  }
}

// The coefficient of target k's logistic update for the dot product f; 0 for a skipped negative.
fn coefficient(f: f32, k: u32, t: Targets, alpha: f32) -> f32 {
  if (!t.valid[k]) { return 0.0; }
  return (select(0.0, 1.0, k == 0u) - clippedSigmoid(f)) * alpha;
}

fn pairLoss(f: f32, k: u32, t: Targets) -> f32 {
  if (!t.valid[k]) { return 0.0; }
  return softplus(select(f, -f, k == 0u));
}

#if SUBGROUPS
// Every invocation has every sum: it computes the coefficients itself, and invocation 0 counts the loss.
fn reduceShare(share: f32, k: u32, t: Targets, alpha: f32, lid: u32) -> f32 {
  let f = subgroupAdd(share);
  if (lid == 0u) { lossSum += pairLoss(f, k, t); }
  return coefficient(f, k, t, alpha);
}
#else
// After each invocation has stored its share of `pairs` dot products: one invocation per pair sums
// the shares, and the coefficients of the logistic updates land in `coeff`.
fn reducePairs(pairs: u32, t: Targets, alpha: f32, lid: u32) {
  workgroupBarrier();
  for (var q = lid; q < pairs; q += WG) {
    var f = 0.0;
    for (var i = 0u; i < WG; i++) { f += partials[i * PAIR_STRIDE + q]; }
    let k = q % TARGETS;
    lossSum += pairLoss(f, k, t);
    coeff[q] = coefficient(f, k, t, alpha);
  }
  workgroupBarrier();
}
#endif

// ---------------------------------------------------------------- one centre
#if CBOW
// The mean of the context rows predicts the centre; every context row gets the whole gradient.
fn trainCentre(contexts: array<u32, CONTEXTS>, count: u32, centre: u32, key: u32, alpha: f32, lid: u32) {
  let t = drawTargets(centre, key);
  loadTargets(t, lid);
  let scale = 1.0 / f32(count);
  for (var s = 0u; s < SLICE; s++) {
    var sum = vec4f(0.0);
    for (var c = 0u; c < count; c++) { sum += ringRow[contexts[c] * SLICE + s]; }
    mean[s] = sum * scale;
  }
  var g: array<f32, TARGETS>;
  for (var k = 0u; k < TARGETS; k++) {
    var share = 0.0;
    for (var s = 0u; s < SLICE; s++) { share += dot(mean[s], targetRow[k * SLICE + s]); }
#if SUBGROUPS
    g[k] = reduceShare(share, k, t, alpha, lid);
#else
    partials[lid * PAIR_STRIDE + k] = share;
#endif
  }
#if SUBGROUPS
#else
  reducePairs(TARGETS, t, alpha, lid);
  for (var k = 0u; k < TARGETS; k++) { g[k] = coeff[k]; }
#endif
  for (var s = 0u; s < SLICE; s++) {
    var grad = vec4f(0.0);
    for (var k = 0u; k < TARGETS; k++) {
      grad += g[k] * targetRow[k * SLICE + s];
      targetDelta[k * SLICE + s] += g[k] * mean[s];
    }
    for (var c = 0u; c < count; c++) {
      let i = contexts[c] * SLICE + s;
      ringRow[i] += grad;
      ringDelta[i] += grad;
    }
  }
  writeBackTargets(t, lid);
}
#else
// Skip-gram: every context row predicts the centre and its shared negatives, all from the target
// rows as they were before this centre (a contexts x targets product); each context row takes its
// change as soon as its coefficients are known, the target rows at the end.
fn updateContext(row: u32, g: array<f32, TARGETS>) {
  for (var s = 0u; s < SLICE; s++) {
    let before = ringRow[row + s];
    var change = vec4f(0.0);
    for (var k = 0u; k < TARGETS; k++) {
      change += g[k] * targetRow[k * SLICE + s];
      targetDelta[k * SLICE + s] += g[k] * before;
    }
    ringRow[row + s] = before + change;
    ringDelta[row + s] += change;
  }
}

fn trainCentre(contexts: array<u32, CONTEXTS>, count: u32, centre: u32, key: u32, alpha: f32, lid: u32) {
  let t = drawTargets(centre, key);
  loadTargets(t, lid);
#if SUBGROUPS
  for (var c = 0u; c < count; c++) {
    let row = contexts[c] * SLICE;
    var g: array<f32, TARGETS>;
    for (var k = 0u; k < TARGETS; k++) {
      var share = 0.0;
      for (var s = 0u; s < SLICE; s++) { share += dot(ringRow[row + s], targetRow[k * SLICE + s]); }
      g[k] = reduceShare(share, k, t, alpha, lid);
    }
    updateContext(row, g);
  }
#else
  for (var first = 0u; first < count; first += CHUNK_CONTEXTS) {
    let chunk = min(CHUNK_CONTEXTS, count - first);
    for (var c = 0u; c < chunk; c++) {
      let row = contexts[first + c] * SLICE;
      for (var k = 0u; k < TARGETS; k++) {
        var share = 0.0;
        for (var s = 0u; s < SLICE; s++) { share += dot(ringRow[row + s], targetRow[k * SLICE + s]); }
        partials[lid * PAIR_STRIDE + c * TARGETS + k] = share;
      }
    }
    reducePairs(chunk * TARGETS, t, alpha, lid);
    for (var c = 0u; c < chunk; c++) {
      var g: array<f32, TARGETS>;
      for (var k = 0u; k < TARGETS; k++) { g[k] = coeff[c * TARGETS + k]; }
      updateContext(contexts[first + c] * SLICE, g);
    }
  }
#endif
  writeBackTargets(t, lid);
}
#endif
