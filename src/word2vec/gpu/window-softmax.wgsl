// Output layer: the naive full softmax over all VOCAB output rows, trained with cross-entropy.
// Exact but O(VOCAB * DIM) per example. Each example (a context row in skip-gram, the mean of the
// context rows in CBOW) takes two passes over the vocabulary in chunks of CHUNK_PAIRS rows: one
// for the log-partition function (an online max and sum per invocation, then combined), one for
// the updates. Examples are trained one after another, as in the C tool. With SUBGROUPS the
// workgroup is one subgroup and subgroupAdd gives every invocation each logit: no workgroup memory,
// no barriers, one row at a time.

var<private> hidden: array<vec4f, SLICE>; // the example's input: a context row, or the mean of them
var<private> change: array<vec4f, SLICE>; // the gradient for `hidden`
#if SUBGROUPS
// The logit of output row j, in every invocation.
fn logit(j: u32, lid: u32) -> f32 {
  var share = 0.0;
  for (var s = 0u; s < SLICE; s++) {
    let i = lid + s * WG;
    if (i < DIM4) { share += dot(hidden[s], syn1Load(j * DIM4 + i)); }
  }
  return subgroupAdd(share);
}

fn softmaxExample(centre: u32, alpha: f32, lid: u32) {
  var maxLogit = -3.0e38;
  var sum = 0.0;
  var centreLogit = 0.0;
  for (var j = 0u; j < VOCAB; j++) {
    let f = logit(j, lid);
    if (j == centre) { centreLogit = f; }
    if (f > maxLogit) {
      sum = sum * exp(maxLogit - f) + 1.0;
      maxLogit = f;
    } else {
      sum += exp(f - maxLogit);
    }
  }
  let logPartition = maxLogit + log(sum);
  if (lid == 0u) { lossSum += logPartition - centreLogit; }
  for (var s = 0u; s < SLICE; s++) { change[s] = vec4f(0.0); }
  for (var j = 0u; j < VOCAB; j++) {
    let g = (select(0.0, 1.0, j == centre) - exp(logit(j, lid) - logPartition)) * alpha;
    for (var s = 0u; s < SLICE; s++) {
      let i = lid + s * WG;
      if (i < DIM4) {
        let at = j * DIM4 + i;
        change[s] += g * syn1Load(at);
        syn1Add(at, g * hidden[s]);
      }
    }
  }
}
#else
var<workgroup> partitions: array<vec2f, WG>; // per invocation: (max logit, sum of exp(logit - max))

// Each invocation's share of the dot products of `hidden` with rows first .. first + chunk - 1.
fn shareDots(first: u32, chunk: u32, lid: u32) {
  for (var q = 0u; q < chunk; q++) {
    var share = 0.0;
    for (var s = 0u; s < SLICE; s++) {
      let j = lid + s * WG;
      if (j < DIM4) { share += dot(hidden[s], syn1Load((first + q) * DIM4 + j)); }
    }
    partials[lid * PAIR_STRIDE + q] = share;
  }
  workgroupBarrier();
}

fn sumShares(q: u32) -> f32 {
  var f = 0.0;
  for (var i = 0u; i < WG; i++) { f += partials[i * PAIR_STRIDE + q]; }
  return f;
}

// `hidden` predicts `centre`: the syn1 rows are updated, `change` gets hidden's gradient.
fn softmaxExample(centre: u32, alpha: f32, lid: u32) {
  var maxLogit = -3.0e38;
  var sum = 0.0;
  for (var first = 0u; first < VOCAB; first += CHUNK_PAIRS) {
    let chunk = min(CHUNK_PAIRS, VOCAB - first);
    shareDots(first, chunk, lid);
    for (var q = lid; q < chunk; q += WG) {
      let f = sumShares(q);
      if (first + q == centre) { lossSum -= f; }
      if (f > maxLogit) {
        sum = sum * exp(maxLogit - f) + 1.0;
        maxLogit = f;
      } else {
        sum += exp(f - maxLogit);
      }
    }
    workgroupBarrier();
  }
  partitions[lid] = vec2f(maxLogit, sum);
  workgroupBarrier();
  var top = -3.0e38;
  for (var i = 0u; i < WG; i++) { top = max(top, partitions[i].x); }
  var total = 0.0;
  for (var i = 0u; i < WG; i++) { total += partitions[i].y * exp(partitions[i].x - top); }
  let logPartition = top + log(total);
  if (lid == 0u) { lossSum += logPartition; }
  for (var s = 0u; s < SLICE; s++) { change[s] = vec4f(0.0); }
  for (var first = 0u; first < VOCAB; first += CHUNK_PAIRS) {
    let chunk = min(CHUNK_PAIRS, VOCAB - first);
    shareDots(first, chunk, lid);
    for (var q = lid; q < chunk; q += WG) {
      let label = select(0.0, 1.0, first + q == centre);
      coeff[q] = (label - exp(sumShares(q) - logPartition)) * alpha;
    }
    workgroupBarrier();
    for (var q = 0u; q < chunk; q++) {
      let g = coeff[q];
      for (var s = 0u; s < SLICE; s++) {
        let j = lid + s * WG;
        if (j < DIM4) {
          let i = (first + q) * DIM4 + j;
          change[s] += g * syn1Load(i);
          syn1Add(i, g * hidden[s]);
        }
      }
    }
  }
}

#endif

#if CBOW
fn trainCentre(contexts: array<u32, CONTEXTS>, count: u32, centre: u32, key: u32, alpha: f32, lid: u32) {
  let scale = 1.0 / f32(count);
  for (var s = 0u; s < SLICE; s++) {
    var sum = vec4f(0.0);
    for (var c = 0u; c < count; c++) { sum += ringRow[ringAt(contexts[c] * SLICE + s)]; }
    hidden[s] = sum * scale;
  }
  softmaxExample(centre, alpha, lid);
  for (var c = 0u; c < count; c++) {
    for (var s = 0u; s < SLICE; s++) {
      let i = contexts[c] * SLICE + s;
      ringRow[ringAt(i)] += change[s];
      ringDelta[ringAt(i)] += change[s];
    }
  }
}
#else
fn trainCentre(contexts: array<u32, CONTEXTS>, count: u32, centre: u32, key: u32, alpha: f32, lid: u32) {
  for (var c = 0u; c < count; c++) {
    for (var s = 0u; s < SLICE; s++) { hidden[s] = ringRow[ringAt(contexts[c] * SLICE + s)]; }
    softmaxExample(centre, alpha, lid);
    for (var s = 0u; s < SLICE; s++) {
      let i = contexts[c] * SLICE + s;
      ringRow[ringAt(i)] += change[s];
      ringDelta[ringAt(i)] += change[s];
    }
  }
}
#endif
