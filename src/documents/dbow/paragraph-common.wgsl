// What the paragraph-vector kernels (paragraph-vectors.wgsl, dbow-train.wgsl) share: one workgroup
// a document, WG threads each holding the values k = lid, lid + WG, ... of a row.
// Included by both (dbow-kernels.ts), after their constants (WG).

var<workgroup> partial: array<f32, WG>;

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
