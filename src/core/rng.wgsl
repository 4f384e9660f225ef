// Counter-based RNG: every draw is a pure function of (epoch key, corpus position, stream).
// Twin: src/core/rng.ts (bit-identical).

// PCG-RXS-M-XS 32-bit hash.
fn pcg(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

// The key of one corpus position in the epoch keyed by epochKey = pcg(epoch ^ pcg(seed)).
fn positionKey(epochKey: u32, position: u32) -> u32 {
  return pcg(position ^ epochKey);
}

// Stream 0 decides subsampling, 1 the window, 2.. the negatives.
fn draw(key: u32, stream: u32) -> u32 {
  return pcg(key ^ ((stream + 1u) * 0x9e3779b9u));
}

// A uniform float in [0, 1) from 24 random bits: exact in float32.
fn unitFloat(bits: u32) -> f32 {
  return f32(bits >> 8u) * (1.0 / 16777216.0);
}
