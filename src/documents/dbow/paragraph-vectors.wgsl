// PV-DBOW inference: one workgroup infers one document's vector through a frozen output layer
// (syn1neg), as gensim's infer_vector. Per epoch and kept word: the word with label 1 and NEGATIVE
// noise words with label 0 (a draw equal to the word is skipped); the vector moves by the sum of
// (label - sigmoid(d . u)) * alpha * u. Each thread holds PER_THREAD of the vector's DIM values;
// thread 0 makes the random decisions and shares them. Twin: inferRows in
// src/documents/dbow/paragraph-vectors.ts (same draws; sums in another order).
// Its constants, uniforms and bindings: `paragraphKernel` in dbow-kernels.ts.

var<workgroup> targets: array<u32, NEGATIVE + 1u>;
// How many targets this position has (0: the word is subsampled away).
var<workgroup> targetCount: u32;
var<workgroup> span: vec2<u32>;

@compute @workgroup_size(WG)
fn infer(@builtin(workgroup_id) group: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let doc = group.x + group.y * groups.x;
  if (lid == 0u) {
    span = select(vec2<u32>(0u, 0u), vec2<u32>(starts[doc], starts[doc + 1u]), doc < params.documents);
  }
  let bounds = workgroupUniformLoad(&span);
  let key = select(0u, keys[min(doc, params.documents - 1u)], doc < params.documents);
  var d: array<f32, PER_THREAD>;
  var step: array<f32, PER_THREAD>;
  let base = pcg(pcg(params.seed ^ 0xd0cu) ^ key);
  for (var i = 0u; i < PER_THREAD; i++) {
    let k = lid + i * WG;
    d[i] = select(0.0, (unitFloat(pcg(k ^ base)) - 0.5) / f32(DIM), k < DIM);
  }
  let wordCount = bounds.y - bounds.x;
  for (var epoch = 0u; epoch < params.epochs; epoch++) {
    let rate = params.alpha - (params.alpha - params.minAlpha) * f32(epoch) / f32(params.epochs);
    let epochKey = pcg(epoch ^ pcg(params.seed ^ ((key + 1u) * 0x9e3779b1u)));
    for (var p = 0u; p < wordCount; p++) {
      if (lid == 0u) {
        let word = rows[bounds.x + p];
        let pk = positionKey(epochKey, p);
        var n = 0u;
        if (unitFloat(draw(pk, 0u)) < keep[word]) {
          targets[0] = word;
          n = 1u;
          for (var j = 1u; j <= NEGATIVE; j++) {
            let noise = aliasWord(draw(pk, 1u + j), params.vocab);
            if (noise != word) {
              targets[n] = noise;
              n++;
            }
          }
        }
        targetCount = n;
      }
      let count = workgroupUniformLoad(&targetCount);
      // Every thread has read the count before thread 0 writes the next position's.
      workgroupBarrier();
      for (var i = 0u; i < PER_THREAD; i++) { step[i] = 0.0; }
      for (var t = 0u; t < count; t++) {
        let at = targets[t] * DIM;
        var dot = 0.0;
        for (var i = 0u; i < PER_THREAD; i++) {
          let k = lid + i * WG;
          if (k < DIM) { dot += d[i] * syn1neg[at + k]; }
        }
        let f = workgroupSum(dot, lid);
        let g = (select(0.0, 1.0, t == 0u) - clippedSigmoid(f)) * rate;
        for (var i = 0u; i < PER_THREAD; i++) {
          let k = lid + i * WG;
          if (k < DIM) { step[i] += g * syn1neg[at + k]; }
        }
      }
      for (var i = 0u; i < PER_THREAD; i++) { d[i] += step[i]; }
    }
  }
  if (doc < params.documents) {
    for (var i = 0u; i < PER_THREAD; i++) {
      let k = lid + i * WG;
      if (k < DIM) { vectors[doc * DIM + k] = d[i]; }
    }
  }
}
