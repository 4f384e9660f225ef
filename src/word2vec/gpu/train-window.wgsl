// The training walk: one workgroup per lane (a walker over its own stretch of the corpus), or
// LANES_PER_GROUP lanes a workgroup where each lane is one subgroup (MULTI_LANE). A lane's
// invocations share every row: invocation i holds vec4s i, i + WG, ... (SLICE of them), and dot
// products are reduced through workgroup memory. As in FULL-W2V, a lane keeps the syn0 rows of the
// kept words around its centre in a ring on chip: each row is read once when it enters the window
// and its accumulated change is added once when it leaves. The output layer (`trainCentre`) comes
// from window-logistic.wgsl or window-softmax.wgsl.
//
// Its constants, uniforms and bindings: `windowKernel` in window-kernel.ts, which also
// includes rng.wgsl, noise.wgsl and matrix.wgsl before this file.
// The CPU twin of these files is src/word2vec/gpu/window-twin.ts.

const CONTEXTS = 2u * WINDOW;
// Examples reported by a lane whose workgroup was split over subgroups: a batch's sum is then negative.
const SPLIT_SUBGROUP = -1.0e30;

#if RING_SHARED
// The ring in workgroup memory: entry i of invocation v at i * GROUP + v.
var<workgroup> ringRow: array<vec4f, RING * SLICE * GROUP>;   // the ring's syn0 rows, as updated so far
var<workgroup> ringDelta: array<vec4f, RING * SLICE * GROUP>; // what this lane added to them, written back on leaving
var<private> invocation: u32;                                 // local_invocation_index
fn ringAt(i: u32) -> u32 { return i * GROUP + invocation; }
#else
var<private> ringRow: array<vec4f, RING * SLICE>;
var<private> ringDelta: array<vec4f, RING * SLICE>;
fn ringAt(i: u32) -> u32 { return i; }
#endif
var<private> lossSum: f32;

var<workgroup> partials: array<f32, WG * PAIR_STRIDE>; // [invocation][pair]: each invocation's share of a dot product
var<workgroup> coeff: array<f32, CHUNK_PAIRS>;         // per pair of a chunk: the coefficient of its update

// ---------------------------------------------------------------- sampling
fn isKept(word: u32, key: u32) -> bool {
  return unitFloat(draw(key, 0u)) < keepProbability[word];
}

fn noiseWord(key: u32, stream: u32) -> u32 {
  return aliasWord(draw(key, stream), VOCAB);
}

// log(1 + exp(x)) without overflow.
fn softplus(x: f32) -> f32 {
  return max(x, 0.0) + log(1.0 + exp(-abs(x)));
}

// ---------------------------------------------------------------- rows on chip
fn loadRing(slot: u32, word: u32, lid: u32) {
  for (var s = 0u; s < SLICE; s++) {
    let j = lid + s * WG;
    var v = vec4f(0.0);
    if (j < DIM4) { v = syn0Load(word * DIM4 + j); }
    ringRow[ringAt(slot * SLICE + s)] = v;
    ringDelta[ringAt(slot * SLICE + s)] = vec4f(0.0);
  }
}

fn writeBackRing(slot: u32, word: u32, lid: u32) {
  for (var s = 0u; s < SLICE; s++) {
    let j = lid + s * WG;
    if (j < DIM4) { syn0Add(word * DIM4 + j, ringDelta[ringAt(slot * SLICE + s)]); }
  }
}

// ---------------------------------------------------------------- the walk
// The ring holds kept positions in corpus order, all in one sentence: up to WINDOW before the
// centre, the centre, and up to WINDOW after it. Every decision below depends only on the corpus,
// the tables and the uniforms, so it is the same in every invocation of the workgroup.
@compute @workgroup_size(GROUP)
fn train(@builtin(workgroup_id) group: vec3u, @builtin(local_invocation_index) local: u32) {
#if RING_SHARED
  invocation = local;
#endif
#if MULTI_LANE
  // LANES_PER_GROUP lanes of WG invocations, each one subgroup: the lanes share no barrier.
  let lane = group.x * LANES_PER_GROUP + local / WG;
  let lid = local % WG;
#else
  let lane = group.x;
  let lid = local;
#endif
  lossSum = 0.0;
  var examples = 0.0;
  let chunkStart = lane * params.laneLength;
  let chunkEnd = min(chunkStart + params.laneLength, params.corpusLength);
  let start = chunkStart + params.firstStep;
  let end = min(start + params.steps, chunkEnd);
  var ringPosition: array<u32, RING>;
  var ringWord: array<u32, RING>;
  var head = 0u;
  var size = 0u;
#if SUBGROUPS
  // The subgroup path needs the whole workgroup in one subgroup; where it is not, the lane trains
  // nothing and says so (the host then builds the workgroup-memory kernel instead).
#if MULTI_LANE
  let whole = subgroupAdd(1u) == WG && subgroupMin(lane) == subgroupMax(lane);
  if (whole && lane < params.lanes && start < end) {
#else
  let whole = subgroupAdd(1u) == WG;
  if (whole && start < end) {
#endif
#else
  if (start < end) {
#endif
    // The kept words before the first centre, nearest first, then pushed in corpus order.
    var before: array<u32, WINDOW>;
    var found = 0u;
    var q = start;
    for (var scanned = 0u; scanned < MAX_SCAN && found < WINDOW; scanned++) {
      if (q == 0u) { break; }
      q -= 1u;
      let word = corpus[q];
      if (word == SENTENCE_END) { break; }
      if (isKept(word, positionKey(params.epochKey, q))) {
        before[found] = q;
        found += 1u;
      }
    }
    for (var i = found; i > 0u; i--) {
      let slot = (head + size) % RING;
      ringPosition[slot] = before[i - 1u];
      ringWord[slot] = corpus[before[i - 1u]];
      loadRing(slot, ringWord[slot], lid);
      size += 1u;
    }
    var next = start; // the next position to scan for words entering the window
    for (var p = start; p < end; p++) {
      let word = corpus[p];
      if (word == SENTENCE_END) {
        for (var i = 0u; i < size; i++) {
          let slot = (head + i) % RING;
          writeBackRing(slot, ringWord[slot], lid);
        }
        head = 0u;
        size = 0u;
        next = max(next, p + 1u);
        continue;
      }
      let key = positionKey(params.epochKey, p);
      if (!isKept(word, key)) { continue; }
      // Words more than WINDOW kept words behind leave; then words enter until WINDOW follow the centre.
      var left = 0u;
      for (var i = 0u; i < size; i++) {
        if (ringPosition[(head + i) % RING] < p) { left += 1u; }
      }
      for (; left > WINDOW; left--) {
        writeBackRing(head, ringWord[head], lid);
        head = (head + 1u) % RING;
        size -= 1u;
      }
      for (; next < params.corpusLength && (next <= p || size - left <= WINDOW); next++) {
        let entering = corpus[next];
        if (entering == SENTENCE_END) { break; }
        if (isKept(entering, positionKey(params.epochKey, next))) {
          let slot = (head + size) % RING;
          ringPosition[slot] = next;
          ringWord[slot] = entering;
          loadRing(slot, entering, lid);
          size += 1u;
        }
      }
      // Contexts: the nearest `reach` on each side, left side nearest first, then the right side.
      let reach = WINDOW - draw(key, 1u) % WINDOW;
      var contexts: array<u32, CONTEXTS>;
      var count = 0u;
      for (var r = 0u; r < min(reach, left); r++) {
        contexts[count] = (head + left - 1u - r) % RING;
        count += 1u;
      }
      for (var r = 1u; r <= reach && left + r < size; r++) {
        contexts[count] = (head + left + r) % RING;
        count += 1u;
      }
      if (count == 0u) { continue; }
      trainCentre(contexts, count, word, key, params.alpha - f32(p - start) * params.alphaDecay, lid);
#if CBOW
      examples += 1.0;
#else
      examples += f32(count);
#endif
    }
    for (var i = 0u; i < size; i++) {
      let slot = (head + i) % RING;
      writeBackRing(slot, ringWord[slot], lid);
    }
  }
#if SUBGROUPS
  // Invocation 0 counted every pair's loss.
  if (lid == 0u && lane < params.lanes) { laneStats[lane] += select(vec2f(0.0, SPLIT_SUBGROUP), vec2f(lossSum, examples), whole); }
#else
  // The lane's loss: each invocation summed the pairs it reduced.
  workgroupBarrier();
  partials[lid] = lossSum;
  workgroupBarrier();
  if (lid == 0u) {
    var total = 0.0;
    for (var i = 0u; i < WG; i++) { total += partials[i]; }
    laneStats[lane] += vec2f(total, examples);
  }
#endif
}
