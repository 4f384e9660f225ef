// Output layer: logistic targets. Hierarchical softmax (TREE) trains the centre's path in the tree;
// negative sampling (NEGATIVES) the centre word and its negatives, drawn once and shared by its whole
// window (as in FULL-W2V). Either way a centre is a small (contexts x targets) matrix of dot
// products, and each target row's change is summed on chip and added once. As in the C tool, a
// negative equal to the centre is skipped, and a tree node is left alone where |f| >= 6.
//
// syn1's rows hold SYN1_DIM4 vec4s: negative sampling's row of word w (when NEGATIVES), then, at
// TREE_OFFSET, the tree's inner node w (when TREE). Word w's path lies in `tables` from
// VOCAB + w * TREE_STRIDE: (length, 0), then (node, code) from the root down.
//
// Two ways to sum a dot product's shares: with SUBGROUPS each lane is one subgroup, and
// subgroupAdd gives every invocation the sums (no workgroup memory, no barrier); otherwise each
// invocation stores its shares in workgroup memory and one invocation per pair sums them.

var<private> targetRow: array<vec4f, TARGETS * SLICE>;
var<private> targetDelta: array<vec4f, TARGETS * SLICE>;
var<private> mean: array<vec4f, SLICE>; // CBOW: the mean of the context rows

// Target flags (kernel-contract.ts): TARGET_LABEL, the target's label is 1 (the true word, or a
// tree branch with code 0); TARGET_TREE, the target is a tree node.

// One centre's targets: each one's first vec4 in syn1 and its flags; the first `count` are used.
struct Targets {
  rows: array<u32, TARGETS>,
  flags: array<u32, TARGETS>,
  count: u32,
}

fn addTarget(t: ptr<function, Targets>, row: u32, flags: u32) {
  (*t).rows[(*t).count] = row;
  (*t).flags[(*t).count] = flags;
  (*t).count += 1u;
}

// In the C tool's order: the path from the root, then the centre and its negatives.
fn drawTargets(centre: u32, key: u32) -> Targets {
  var t: Targets;
  t.count = 0u;
#if TREE
  let path = VOCAB + centre * TREE_STRIDE;
  let depth = tables[path].x;
  for (var d = 1u; d <= depth; d++) {
    let step = tables[path + d];
    addTarget(&t, step.x * SYN1_DIM4 + TREE_OFFSET, TARGET_TREE | (1u - step.y));
  }
#endif
#if NEGATIVES
  addTarget(&t, centre * SYN1_DIM4, TARGET_LABEL);
  for (var k = 1u; k <= NEGATIVE; k++) {
    let word = noiseWord(key, 1u + k);
    if (word != centre) { addTarget(&t, word * SYN1_DIM4, 0u); }
  }
#endif
  return t;
}

fn loadTargets(t: Targets, lid: u32) {
  for (var k = 0u; k < t.count; k++) {
    for (var s = 0u; s < SLICE; s++) {
      let j = lid + s * WG;
      var v = vec4f(0.0);
      if (j < DIM4) { v = syn1Load(t.rows[k] + j); }
      targetRow[k * SLICE + s] = v;
      targetDelta[k * SLICE + s] = vec4f(0.0);
    }
  }
}

fn writeBackTargets(t: Targets, lid: u32) {
  for (var k = 0u; k < t.count; k++) {
    for (var s = 0u; s < SLICE; s++) {
      let j = lid + s * WG;
      if (j < DIM4) { syn1Add(t.rows[k] + j, targetDelta[k * SLICE + s]); }
    }
  }
}

// The coefficient of target k's logistic update for the dot product f.
fn coefficient(f: f32, k: u32, t: Targets, alpha: f32) -> f32 {
  let flags = t.flags[k];
  if ((flags & TARGET_TREE) != 0u && abs(f) >= 6.0) { return 0.0; }
  return (f32(flags & TARGET_LABEL) - clippedSigmoid(f)) * alpha;
}

fn pairLoss(f: f32, k: u32, t: Targets) -> f32 {
  return softplus(select(f, -f, (t.flags[k] & TARGET_LABEL) != 0u));
}

#if SUBGROUPS
// Every invocation has every sum: it computes the coefficients itself, and invocation 0 counts the loss.
fn reduceShare(share: f32, k: u32, t: Targets, alpha: f32, lid: u32) -> f32 {
  let f = subgroupAdd(share);
  if (lid == 0u) { lossSum += pairLoss(f, k, t); }
  return coefficient(f, k, t, alpha);
}
#else
// After each invocation has stored its share of `pairs` dot products (t.count per context): one
// invocation per pair sums the shares, and the coefficients of the logistic updates land in `coeff`.
fn reducePairs(pairs: u32, t: Targets, alpha: f32, lid: u32) {
  workgroupBarrier();
  for (var q = lid; q < pairs; q += WG) {
    var f = 0.0;
    for (var i = 0u; i < WG; i++) { f += partials[i * PAIR_STRIDE + q]; }
    let k = q % t.count;
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
    for (var c = 0u; c < count; c++) { sum += ringRow[ringAt(contexts[c] * SLICE + s)]; }
    mean[s] = sum * scale;
  }
  var g: array<f32, TARGETS>;
  for (var k = 0u; k < t.count; k++) {
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
  reducePairs(t.count, t, alpha, lid);
  for (var k = 0u; k < t.count; k++) { g[k] = coeff[k]; }
#endif
  for (var s = 0u; s < SLICE; s++) {
    var grad = vec4f(0.0);
    for (var k = 0u; k < t.count; k++) {
      grad += g[k] * targetRow[k * SLICE + s];
      targetDelta[k * SLICE + s] += g[k] * mean[s];
    }
    for (var c = 0u; c < count; c++) {
      let i = contexts[c] * SLICE + s;
      ringRow[ringAt(i)] += grad;
      ringDelta[ringAt(i)] += grad;
    }
  }
  writeBackTargets(t, lid);
}
#else
// Skip-gram: every context row in turn predicts the centre's targets (its tree path, the centre and
// its shared negatives), as in the C tool: the context row and the on-chip target rows take their
// changes at once, so the next context sees them (with SUBGROUPS; through workgroup memory the
// coefficients of a chunk's contexts come from the target rows as they were at its start). The
// target rows' changes go back to syn1 at the end.
fn updateContext(row: u32, g: array<f32, TARGETS>, count: u32) {
  for (var s = 0u; s < SLICE; s++) {
    let before = ringRow[ringAt(row + s)];
    var change = vec4f(0.0);
    for (var k = 0u; k < count; k++) {
      let i = k * SLICE + s;
      let old = targetRow[i];
      change += g[k] * old;
      targetDelta[i] += g[k] * before;
      targetRow[i] = old + g[k] * before;
    }
    ringRow[ringAt(row + s)] = before + change;
    ringDelta[ringAt(row + s)] += change;
  }
}

fn trainCentre(contexts: array<u32, CONTEXTS>, count: u32, centre: u32, key: u32, alpha: f32, lid: u32) {
  let t = drawTargets(centre, key);
  loadTargets(t, lid);
#if SUBGROUPS
  for (var c = 0u; c < count; c++) {
    let row = contexts[c] * SLICE;
    var g: array<f32, TARGETS>;
    for (var k = 0u; k < t.count; k++) {
      var share = 0.0;
      for (var s = 0u; s < SLICE; s++) { share += dot(ringRow[ringAt(row + s)], targetRow[k * SLICE + s]); }
      g[k] = reduceShare(share, k, t, alpha, lid);
    }
    updateContext(row, g, t.count);
  }
#else
  for (var first = 0u; first < count; first += CHUNK_CONTEXTS) {
    let chunk = min(CHUNK_CONTEXTS, count - first);
    for (var c = 0u; c < chunk; c++) {
      let row = contexts[first + c] * SLICE;
      for (var k = 0u; k < t.count; k++) {
        var share = 0.0;
        for (var s = 0u; s < SLICE; s++) { share += dot(ringRow[ringAt(row + s)], targetRow[k * SLICE + s]); }
        partials[lid * PAIR_STRIDE + c * t.count + k] = share;
      }
    }
    reducePairs(chunk * t.count, t, alpha, lid);
    for (var c = 0u; c < chunk; c++) {
      var g: array<f32, TARGETS>;
      for (var k = 0u; k < t.count; k++) { g[k] = coeff[c * t.count + k]; }
      updateContext(contexts[first + c] * SLICE, g, t.count);
    }
  }
#endif
  writeBackTargets(t, lid);
}
#endif
