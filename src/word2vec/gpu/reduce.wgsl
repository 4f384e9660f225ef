// Sums the per-lane (loss, examples) accumulators of one batch into batchStats[0] and clears
// them, so each batch's loss is a sum over that batch only and never saturates float32.
// One workgroup: strided partial sums, then a tree in workgroup memory. Its constants and
// bindings: `reduceKernel` in window-kernel.ts.


const THREADS = 256u;
var<workgroup> partial: array<vec2f, THREADS>;

@compute @workgroup_size(THREADS)
fn reduce(@builtin(local_invocation_index) t: u32) {
  var sum = vec2f(0.0);
  for (var lane = t; lane < LANES; lane += THREADS) {
    sum += laneStats[lane];
    laneStats[lane] = vec2f(0.0);
  }
  partial[t] = sum;
  workgroupBarrier();
  for (var width = THREADS / 2u; width > 0u; width /= 2u) {
    if (t < width) { partial[t] += partial[t + width]; }
    workgroupBarrier();
  }
  if (t == 0u) { batchStats[0] = partial[0]; }
}
