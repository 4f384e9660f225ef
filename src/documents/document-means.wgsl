// Document vectors as weighted means of word vectors: one workgroup a document, each thread a
// slice of the dimensions; out[d] = sum over the document's rows r of weights[r] * vectors[r],
// divided by the number of rows (zero for a document without any). Twin: DocumentEmbedder.embed
// (src/documents/document-vectors.ts) before the common direction is removed.
// Its constants, uniforms and bindings: `documentMeansKernel` in gpu-document-means.ts.

@compute @workgroup_size(WG)
fn weightedMeans(@builtin(workgroup_id) group: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let doc = group.x + group.y * groups.x;
  if (doc >= params.documents) { return; }
  let first = starts[doc];
  let end = starts[doc + 1u];
  for (var k = lid; k < DIM; k += WG) {
    var sum = 0.0;
    for (var p = first; p < end; p++) {
      let row = rows[p];
      sum += weights[row] * vectors[row * DIM + k];
    }
    means[doc * DIM + k] = select(0.0, sum / f32(end - first), end > first);
  }
}
