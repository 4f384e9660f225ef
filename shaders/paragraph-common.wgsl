// What the paragraph-vector kernels (paragraph-vectors.wgsl, dbow-train.wgsl) share: one workgroup
// a document, WG threads each holding the values k = lid, lid + WG, ... of a row.
// Expects: const WG; rng.wgsl; a binding `tables` (Walker's alias table of the noise distribution:
// x the float32 bits of the chance to keep the entry, y its alias).

var<workgroup> partial: array<f32, WG>;

fn noiseWord(bits: u32, vocab: u32) -> u32 {
  let entry = bits % vocab;
  let pair = tables[entry];
  if (unitFloat(pcg(bits)) < bitcast<f32>(pair.x)) { return entry; }
  return pair.y;
}

// The C tool's clipped logistic: exactly 0 or 1 beyond |f| > 6.
fn clippedSigmoid(f: f32) -> f32 {
  if (f > 6.0) { return 1.0; }
  if (f < -6.0) { return 0.0; }
  return 1.0 / (1.0 + exp(-f));
}

// The sum over the workgroup of each thread's value (a tree in workgroup memory).
fn workgroupSum(value: f32, lid: u32) -> f32 {
  partial[lid] = value;
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half = half / 2u) {
    if (lid < half) { partial[lid] = partial[lid] + partial[lid + half]; }
    workgroupBarrier();
  }
  let total = partial[0];
  workgroupBarrier();
  return total;
}
