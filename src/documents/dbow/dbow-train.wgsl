// PV-DBOW training with the words (gensim's Doc2Vec(dm=0, dbow_words=1)): one workgroup trains one
// document for one epoch. Per kept position: if TRAIN_WORDS, each kept word within the drawn
// reach predicts the position's word (skip-gram), then the document's vector does; each prediction
// is the true word with label 1 and NEGATIVE noise words with label 0 (a draw equal to the word is
// skipped), the C tool's update: every output row moves at once, the source row after them all.
// Workgroups race on shared rows (Hogwild). Thread 0 makes the random decisions and shares them.
// Twin: trainDbowEpoch in src/documents/dbow/dbow-training.ts (same draws; sums in another order).
// Its constants, uniforms and bindings: `dbowTrainKernel` in dbow-kernels.ts.

const PAIRS = 2u * WINDOW + 1u;
const TARGETS = NEGATIVE + 1u;
// The source of the document's own prediction (every other source is a word's row).
const DOCUMENT = 0xffffffffu;
// A noise draw equal to the true word: no update.
const SKIPPED = 0xffffffffu;

var<workgroup> pairCount: u32;
var<workgroup> pairSource: array<u32, PAIRS>;
var<workgroup> pairTargets: array<u32, PAIRS * TARGETS>;
var<workgroup> span: vec2<u32>;

fn isKept(position: u32, epochKey: u32, bounds: vec2<u32>) -> bool {
  return unitFloat(draw(positionKey(epochKey, position), 0u)) < keep[rows[bounds.x + position]];
}

// Thread 0: the pair's source, and its targets from the pair's key.
fn choosePair(n: u32, source: u32, word: u32, key: u32) {
  pairSource[n] = source;
  pairTargets[n * TARGETS] = word;
  for (var j = 1u; j <= NEGATIVE; j++) {
    let noise = aliasWord(draw(key, 1u + j), params.vocab);
    pairTargets[n * TARGETS + j] = select(noise, SKIPPED, noise == word);
  }
}

// Thread 0: the predictions of position p (none when the subsampling drops its word).
fn choosePairs(p: u32, epochKey: u32, bounds: vec2<u32>) -> u32 {
  if (!isKept(p, epochKey, bounds)) { return 0u; }
  let word = rows[bounds.x + p];
  let pk = positionKey(epochKey, p);
  let length = bounds.y - bounds.x;
  var n = 0u;
  if (TRAIN_WORDS) {
    let reach = WINDOW - draw(pk, 1u) % WINDOW;
    for (var side = 0u; side < 2u; side++) {
      for (var offset = 1u; offset <= reach; offset++) {
        if (side == 0u && offset > p) { break; }
        let q = select(p + offset, p - offset, side == 0u);
        if (q >= length) { break; }
        if (!isKept(q, epochKey, bounds)) { continue; }
        choosePair(n, rows[bounds.x + q], word, positionKey(pk, side * WINDOW + offset));
        n++;
      }
    }
  }
  choosePair(n, DOCUMENT, word, pk);
  return n + 1u;
}

@compute @workgroup_size(WG)
fn train(@builtin(workgroup_id) group: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let local = group.x + group.y * groups.x;
  let doc = params.first + local;
  if (lid == 0u) {
    span = select(vec2<u32>(0u, 0u), vec2<u32>(starts[doc], starts[doc + 1u]), local < params.count);
  }
  let bounds = workgroupUniformLoad(&span);
  let epochKey = pcg(params.epoch ^ pcg(params.seed ^ ((doc + 1u) * 0x9e3779b1u)));
  var d: array<f32, PER_THREAD>;
  var s: array<f32, PER_THREAD>;
  var work: array<f32, PER_THREAD>;
  for (var i = 0u; i < PER_THREAD; i++) {
    let k = lid + i * WG;
    d[i] = select(0.0, documents[min(doc, params.first + params.count - 1u) * DIM + min(k, DIM - 1u)], k < DIM);
  }
  for (var p = 0u; p < bounds.y - bounds.x; p++) {
    if (lid == 0u) { pairCount = choosePairs(p, epochKey, bounds); }
    let count = workgroupUniformLoad(&pairCount);
    for (var n = 0u; n < count; n++) {
      let source = pairSource[n];
      for (var i = 0u; i < PER_THREAD; i++) {
        let k = lid + i * WG;
        work[i] = 0.0;
        if (source == DOCUMENT) { s[i] = d[i]; } else if (k < DIM) { s[i] = syn0[source * DIM + k]; }
      }
      for (var t = 0u; t < TARGETS; t++) {
        let out = pairTargets[n * TARGETS + t];
        let at = select(out, 0u, out == SKIPPED) * DIM;
        var dot = 0.0;
        for (var i = 0u; i < PER_THREAD; i++) {
          let k = lid + i * WG;
          if (k < DIM) { dot += s[i] * syn1neg[at + k]; }
        }
        let f = workgroupSum(dot, lid);
        if (out != SKIPPED) {
          let g = (select(0.0, 1.0, t == 0u) - clippedSigmoid(f)) * params.rate;
          for (var i = 0u; i < PER_THREAD; i++) {
            let k = lid + i * WG;
            if (k < DIM) {
              work[i] += g * syn1neg[at + k];
              syn1neg[at + k] += g * s[i];
            }
          }
        }
      }
      for (var i = 0u; i < PER_THREAD; i++) {
        let k = lid + i * WG;
        if (source == DOCUMENT) { d[i] += work[i]; } else if (k < DIM) { syn0[source * DIM + k] = s[i] + work[i]; }
      }
    }
    // Every thread is done with this position's pairs before thread 0 chooses the next's.
    workgroupBarrier();
  }
  if (local < params.count) {
    for (var i = 0u; i < PER_THREAD; i++) {
      let k = lid + i * WG;
      if (k < DIM) { documents[doc * DIM + k] = d[i]; }
    }
  }
}
