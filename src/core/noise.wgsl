// Noise words and the logistic, as every kernel with logistic outputs draws and clips them.
// Expects: rng.wgsl; a binding `tables` whose first `vocab` entries are Walker's alias table of
// the noise distribution (x the float32 bits of the chance to keep the entry, y its alias).

// Walker's alias method: the draw picks an entry, its hash keeps the entry's word or takes the alias.
fn aliasWord(bits: u32, vocab: u32) -> u32 {
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
