// Similarity queries over a matrix of unit rows: normalise the rows, score queries against
// them (a matrix product), combine scores for 3CosMul, and keep each query's k best rows.
// Its constants, uniforms and bindings: `similarityKernel` in gpu-similarity-index.ts.
// The CPU twin is src/search/similarity-index.ts (CpuSimilarityIndex).

struct Scored {
  score: f32,
  id: u32,
}

const NONE = 0xffffffffu;
const LOWEST = -3.0e38;

fn flatGroup(group: vec3u, groups: vec3u) -> u32 {
  return group.x + group.y * groups.x;
}

// ---------------------------------------------------------------- normalize
// Scales every row to unit length (a zero row stays zero), as KeyedVectors.normalized().
@compute @workgroup_size(ROW_WORKGROUP)
fn normalize(@builtin(workgroup_id) group: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lane: u32) {
  let row = flatGroup(group, groups) * ROW_WORKGROUP + lane;
  if (row >= params.rows) { return; }
  var sum = 0.0;
  for (var d = 0u; d < DIM; d++) {
    let v = matrix[row * DIM + d];
    sum += v * v;
  }
  let scale = select(0.0, 1.0 / sqrt(sum), sum > 0.0);
  for (var d = 0u; d < DIM; d++) {
    matrix[row * DIM + d] *= scale;
  }
}

// ---------------------------------------------------------------- score
// scores[q * rows + row] = dot(queries[queryOffset + q], matrix[row]). A workgroup scores
// ROW_WORKGROUP rows against QUERY_TILE queries held in workgroup memory, so each row is read
// once per tile. Dispatch (ceil(rows / ROW_WORKGROUP), ceil(count / QUERY_TILE)).
var<workgroup> tile: array<f32, QUERY_TILE * DIM>;

@compute @workgroup_size(ROW_WORKGROUP)
fn score(@builtin(workgroup_id) group: vec3u, @builtin(local_invocation_index) lane: u32) {
  let first = group.y * QUERY_TILE;
  for (var i = lane; i < QUERY_TILE * DIM; i += ROW_WORKGROUP) {
    let q = first + i / DIM;
    var value = 0.0;
    if (q < params.count) { value = queries[(params.queryOffset + q) * DIM + i % DIM]; }
    tile[i] = value;
  }
  workgroupBarrier();
  let row = group.x * ROW_WORKGROUP + lane;
  if (row >= params.rows) { return; }
  var sums: array<f32, QUERY_TILE>;
  for (var d = 0u; d < DIM; d++) {
    let m = matrix[row * DIM + d];
    for (var t = 0u; t < QUERY_TILE; t++) {
      sums[t] += m * tile[t * DIM + d];
    }
  }
  for (var t = 0u; t < QUERY_TILE; t++) {
    if (first + t < params.count) { scores[(first + t) * params.rows + row] = sums[t]; }
  }
}

// ---------------------------------------------------------------- cosmul
// 3CosMul (Levy & Goldberg): score rows 0..positives hold the cosines to the positive words,
// the next `negatives` rows those to the negative words; cosines are shifted to [0, 1].
// Writes the product ratio into score row positives + negatives.
@compute @workgroup_size(ROW_WORKGROUP)
fn cosmul(@builtin(workgroup_id) group: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lane: u32) {
  let row = flatGroup(group, groups) * ROW_WORKGROUP + lane;
  if (row >= params.rows) { return; }
  var above = 1.0;
  for (var t = 0u; t < params.positives; t++) {
    above *= (1.0 + scores[t * params.rows + row]) * 0.5;
  }
  var below = 1.0;
  for (var t = 0u; t < params.negatives; t++) {
    below *= (1.0 + scores[(params.positives + t) * params.rows + row]) * 0.5;
  }
  scores[(params.positives + params.negatives) * params.rows + row] = above / (below + 1e-6);
}

// ---------------------------------------------------------------- topK
// One workgroup per query: each invocation keeps a sorted list of its best k among the rows it
// strides over, then k rounds of a workgroup arg-max merge the lists. Higher score first, and
// the lower row id first among equal scores. Slots past the rows searched get id NONE.
var<workgroup> roundScore: array<f32, TOPK_WORKGROUP>;
var<workgroup> roundId: array<u32, TOPK_WORKGROUP>;
var<workgroup> roundLane: array<u32, TOPK_WORKGROUP>;

fn better(score: f32, id: u32, otherScore: f32, otherId: u32) -> bool {
  return score > otherScore || (score == otherScore && id < otherId);
}

@compute @workgroup_size(TOPK_WORKGROUP)
fn topK(@builtin(workgroup_id) group: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lane: u32) {
  let q = flatGroup(group, groups);
  if (q >= params.count) { return; }
  let k = params.k;
  let base = (params.scoreBase + q) * params.rows;
  var listScore: array<f32, MAX_K>;
  var listId: array<u32, MAX_K>;
  var n = 0u;
  // Rows arrive in increasing id order, so an equal score never displaces an earlier one.
  for (var row = lane; row < params.rows; row += TOPK_WORKGROUP) {
    let s = scores[base + row];
    if (n == k && !(s > listScore[k - 1u])) { continue; }
    var j = min(n, k - 1u);
    n = min(n + 1u, k);
    while (j > 0u && s > listScore[j - 1u]) {
      listScore[j] = listScore[j - 1u];
      listId[j] = listId[j - 1u];
      j--;
    }
    listScore[j] = s;
    listId[j] = row;
  }
  var head = 0u;
  for (var slot = 0u; slot < k; slot++) {
    roundScore[lane] = select(LOWEST, listScore[min(head, MAX_K - 1u)], head < n);
    roundId[lane] = select(NONE, listId[min(head, MAX_K - 1u)], head < n);
    roundLane[lane] = lane;
    workgroupBarrier();
    for (var width = TOPK_WORKGROUP / 2u; width > 0u; width /= 2u) {
      if (lane < width && better(roundScore[lane + width], roundId[lane + width], roundScore[lane], roundId[lane])) {
        roundScore[lane] = roundScore[lane + width];
        roundId[lane] = roundId[lane + width];
        roundLane[lane] = roundLane[lane + width];
      }
      workgroupBarrier();
    }
    if (lane == 0u) { best[(params.bestBase + q) * k + slot] = Scored(roundScore[0], roundId[0]); }
    if (lane == roundLane[0] && head < n) { head++; }
    workgroupBarrier();
  }
}
