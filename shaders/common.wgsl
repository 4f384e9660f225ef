// Shared by every training kernel: parameters, bindings, the counter-based RNG, corpus
// scanning and the main loop over corpus positions. The host prepends a header of
// constants (DIM, WINDOW, NEGATIVE, VOCAB, MAX_SCAN, SENTENCE_END, PART_ROWS) and rng.wgsl,
// and appends one output layer (`ns.wgsl` or `softmax.wgsl`) that defines `outputLayer`.
// The CPU twin of this file is `src/cpu/walk.ts` (the walk, and `noiseWord` in src/sampling/tables.ts)
// with the arithmetic of `src/cpu/kernels.ts`.

struct Params {
  epochKey: u32,     // pcg(epoch ^ pcg(seed)): keys every draw of this epoch
  firstStep: u32,    // step (position within each lane) of this dispatch's first iteration
  steps: u32,        // iterations per invocation in this dispatch
  lanes: u32,        // invocations that walk the corpus, each over its own contiguous chunk
  laneLength: u32,   // positions per lane
  corpusLength: u32, // positions in the corpus, sentence ends included
  alpha: f32,        // learning rate at firstStep
  alphaDecay: f32,   // learning-rate decrease per step
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> corpus: array<u32>;            // word ids, SENTENCE_END between sentences
@group(0) @binding(2) var<storage, read> keepProbability: array<f32>;   // per word: chance a position survives subsampling
@group(0) @binding(3) var<storage, read> noiseTable: array<vec2u>;      // alias table of unigram^nsExponent: (keep chance bits, alias)
@group(0) @binding(4) var<storage, read_write> syn0: array<f32>;        // input vectors, VOCAB x DIM
@group(0) @binding(5) var<storage, read_write> syn1: array<f32>;        // output vectors, VOCAB x DIM
@group(0) @binding(6) var<storage, read_write> laneStats: array<vec2f>; // per lane: (loss sum, examples) since the last reduction
#if SPLIT
// A matrix larger than one binding is split by rows: rows from PART_ROWS on are in the second part.
@group(0) @binding(7) var<storage, read_write> syn0Tail: array<f32>;
@group(0) @binding(8) var<storage, read_write> syn1Tail: array<f32>;
#endif

var<private> hidden: array<f32, DIM>;   // the input of the output layer: a syn0 row (skip-gram) or the context mean (CBOW)
var<private> grad: array<f32, DIM>;     // gradient with respect to `hidden`, summed over the output layer's targets
var<private> lossSum: f32;
var<private> examples: f32;

// ---------------------------------------------------------------- sampling
// Subsampling: whether the word at the position with this key survives in this epoch.
fn isKept(word: u32, key: u32) -> bool {
  return unitFloat(draw(key, 0u)) < keepProbability[word];
}

// Walker's alias method: the draw picks an entry, its hash keeps the entry's word or takes the alias.
fn noiseWord(key: u32, stream: u32) -> u32 {
  let bits = draw(key, stream);
  let entry = bits % VOCAB;
  let pair = noiseTable[entry];
  if (unitFloat(pcg(bits)) < bitcast<f32>(pair.x)) { return entry; }
  return pair.y;
}

// The C tool's clipped logistic: exactly 0 or 1 beyond |f| > 6.
fn clippedSigmoid(f: f32) -> f32 {
  if (f > 6.0) { return 1.0; }
  if (f < -6.0) { return 0.0; }
  return 1.0 / (1.0 + exp(-f));
}

// log(1 + exp(x)) without overflow.
fn softplus(x: f32) -> f32 {
  return max(x, 0.0) + log(1.0 + exp(-abs(x)));
}

// ---------------------------------------------------------------- matrix access
// Element `i` (row * DIM + d) of syn0 or syn1, wherever its row is stored.
#if SPLIT
const PART_FLOATS = PART_ROWS * DIM;
fn syn0Get(i: u32) -> f32 {
  if (i < PART_FLOATS) { return syn0[i]; }
  return syn0Tail[i - PART_FLOATS];
}
fn syn0Add(i: u32, v: f32) {
  if (i < PART_FLOATS) { syn0[i] += v; } else { syn0Tail[i - PART_FLOATS] += v; }
}
fn syn1Get(i: u32) -> f32 {
  if (i < PART_FLOATS) { return syn1[i]; }
  return syn1Tail[i - PART_FLOATS];
}
fn syn1Add(i: u32, v: f32) {
  if (i < PART_FLOATS) { syn1[i] += v; } else { syn1Tail[i - PART_FLOATS] += v; }
}
#else
fn syn0Get(i: u32) -> f32 { return syn0[i]; }
fn syn0Add(i: u32, v: f32) { syn0[i] += v; }
fn syn1Get(i: u32) -> f32 { return syn1[i]; }
fn syn1Add(i: u32, v: f32) { syn1[i] += v; }
#endif

// ---------------------------------------------------------------- vector helpers
fn loadHidden(word: u32) {
  let row = word * DIM;
  for (var d = 0u; d < DIM; d++) { hidden[d] = syn0Get(row + d); }
}

fn clearGrad() {
  for (var d = 0u; d < DIM; d++) { grad[d] = 0.0; }
}

fn applyGrad(word: u32) {
  let row = word * DIM;
  for (var d = 0u; d < DIM; d++) { syn0Add(row + d, grad[d]); }
}

fn dotHidden(word: u32) -> f32 {
  let row = word * DIM;
  var sum = 0.0;
  for (var d = 0u; d < DIM; d++) { sum += hidden[d] * syn1Get(row + d); }
  return sum;
}

// grad += g * syn1[word]; syn1[word] += g * hidden (the shared update of every output target).
fn updateOutput(word: u32, g: f32) {
  let row = word * DIM;
  for (var d = 0u; d < DIM; d++) {
    grad[d] += g * syn1Get(row + d);
    syn1Add(row + d, g * hidden[d]);
  }
}

// ---------------------------------------------------------------- context window
// Contexts are the nearest kept words on each side, `reach` per side, inside the sentence,
// left side nearest first, then right side nearest first; slot = side * WINDOW + rank.
var<private> contextWords: array<u32, 2 * WINDOW>;
var<private> contextSlots: array<u32, 2 * WINDOW>;

fn gatherContexts(position: u32, reach: u32) -> u32 {
  var count = 0u;
  for (var side = 0u; side < 2u; side++) {
    var q = position;
    var found = 0u;
    for (var scanned = 0u; scanned < MAX_SCAN && found < reach; scanned++) {
      if (side == 0u) {
        if (q == 0u) { break; }
        q -= 1u;
      } else {
        q += 1u;
        if (q >= params.corpusLength) { break; }
      }
      let word = corpus[q];
      if (word == SENTENCE_END) { break; }
      if (!isKept(word, positionKey(params.epochKey, q))) { continue; }
      contextWords[count] = word;
      contextSlots[count] = side * WINDOW + found;
      count += 1u;
      found += 1u;
    }
  }
  return count;
}

#if CBOW
// CBOW: the mean of the context rows predicts the centre; every context row gets the whole gradient.
fn trainPosition(word: u32, key: u32, count: u32, alpha: f32) {
  for (var d = 0u; d < DIM; d++) { hidden[d] = 0.0; }
  for (var c = 0u; c < count; c++) {
    let row = contextWords[c] * DIM;
    for (var d = 0u; d < DIM; d++) { hidden[d] += syn0Get(row + d); }
  }
  let scale = 1.0 / f32(count);
  for (var d = 0u; d < DIM; d++) { hidden[d] *= scale; }
  clearGrad();
  outputLayer(word, key, 0u, alpha);
  for (var c = 0u; c < count; c++) { applyGrad(contextWords[c]); }
}
#else
// Skip-gram: each context row predicts the centre, as in the C tool.
fn trainPosition(word: u32, key: u32, count: u32, alpha: f32) {
  for (var c = 0u; c < count; c++) {
    let context = contextWords[c];
    loadHidden(context);
    clearGrad();
    outputLayer(word, key, contextSlots[c], alpha);
    applyGrad(context);
  }
}
#endif

// ---------------------------------------------------------------- main loop
@compute @workgroup_size(WORKGROUP_SIZE)
fn train(@builtin(global_invocation_id) id: vec3u) {
  let lane = id.x;
  if (lane >= params.lanes) { return; }
  lossSum = 0.0;
  examples = 0.0;
  for (var s = 0u; s < params.steps; s++) {
    let step = params.firstStep + s;
    let position = lane * params.laneLength + step;
    if (step >= params.laneLength || position >= params.corpusLength) { break; }
    let word = corpus[position];
    if (word == SENTENCE_END) { continue; }
    let key = positionKey(params.epochKey, position);
    if (!isKept(word, key)) { continue; }
    let reach = WINDOW - draw(key, 1u) % WINDOW;
    let count = gatherContexts(position, reach);
    if (count == 0u) { continue; }
    trainPosition(word, key, count, params.alpha - f32(s) * params.alphaDecay);
  }
  laneStats[lane] += vec2f(lossSum, examples);
}
