// The two matrices as vec4s (rows padded to DIM4 vec4s; syn1's rows hold SYN1_DIM4, one or two such
// rows side by side), and access to element `i` of either (row * DIM4 + j, row * SYN1_DIM4 + j)
// wherever its row is stored: a matrix larger than one binding is split by rows, rows from
// PART_ROWS on in the second part (syn0Tail, syn1Tail).

#if SPLIT
fn syn0Load(i: u32) -> vec4f {
  if (i < PART_ROWS * DIM4) { return syn0[i]; }
  return syn0Tail[i - PART_ROWS * DIM4];
}
fn syn0Add(i: u32, v: vec4f) {
  if (i < PART_ROWS * DIM4) { syn0[i] += v; } else { syn0Tail[i - PART_ROWS * DIM4] += v; }
}
fn syn1Load(i: u32) -> vec4f {
  if (i < PART_ROWS * SYN1_DIM4) { return syn1[i]; }
  return syn1Tail[i - PART_ROWS * SYN1_DIM4];
}
fn syn1Add(i: u32, v: vec4f) {
  if (i < PART_ROWS * SYN1_DIM4) { syn1[i] += v; } else { syn1Tail[i - PART_ROWS * SYN1_DIM4] += v; }
}
#else
fn syn0Load(i: u32) -> vec4f { return syn0[i]; }
fn syn0Add(i: u32, v: vec4f) { syn0[i] += v; }
fn syn1Load(i: u32) -> vec4f { return syn1[i]; }
fn syn1Add(i: u32, v: vec4f) { syn1[i] += v; }
#endif
