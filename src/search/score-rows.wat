;; The CPU similarity index's scoring in WebAssembly SIMD (src/search/simd-scorer.ts drives it):
;; dot products of four queries with each row, four floats at a time. Rows are padded to a multiple
;; of four floats with zeros. Offsets and lengths are in bytes. `scripts/build-wasm.mjs` assembles
;; this file into src/search/score-rows-wasm.ts (once with shared memory for threads, once without).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; The similarity index's scores: the dot products of 4 queries with each of the first $rows rows
  ;; at $matrix. The queries lie interleaved at $queries, four floats of each in turn (floats 4i to
  ;; 4i + 3 of query t at $queries + 64i + 16t), so that one address serves the four loads of a
  ;; step. Query t's score against row r goes to out[t * rows + r] (f32). Each row is loaded once
  ;; for the four queries, and the four sums are reduced together by shuffles.
  (func (export "scoreRows") (param $queries i32) (param $matrix i32) (param $rows i32) (param $rowBytes i32) (param $out i32)
    (local $r i32) (local $row i32) (local $end i32) (local $i i32) (local $q i32) (local $plane i32) (local $at i32)
    (local $x v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $t v128)
    (if (i32.eqz (local.get $rows)) (then (return)))
    (local.set $plane (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $row (local.get $matrix))
    (loop $rowLoop
      (local.set $s0 (v128.const i32x4 0 0 0 0))
      (local.set $s1 (v128.const i32x4 0 0 0 0))
      (local.set $s2 (v128.const i32x4 0 0 0 0))
      (local.set $s3 (v128.const i32x4 0 0 0 0))
      (local.set $i (local.get $row))
      (local.set $q (local.get $queries))
      (local.set $end (i32.add (local.get $row) (local.get $rowBytes)))
      (loop $chunk
        (local.set $x (v128.load (local.get $i)))
        (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $x) (v128.load (local.get $q)))))
        (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $x) (v128.load offset=16 (local.get $q)))))
        (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul (local.get $x) (v128.load offset=32 (local.get $q)))))
        (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul (local.get $x) (v128.load offset=48 (local.get $q)))))
        (local.set $q (i32.add (local.get $q) (i32.const 64)))
        (br_if $chunk (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (local.get $end))))
      ;; With s0 = [a0 a1 a2 a3] ... s3 = [d0 d1 d2 d3]: t = [a0+a2 b0+b2 a1+a3 b1+b3], x the same of
      ;; c and d, then t = [(a0+a2)+(a1+a3) ... (d0+d2)+(d1+d3)]: query t's sum in lane t.
      (local.set $t (f32x4.add
        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $s0) (local.get $s1))
        (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $s0) (local.get $s1))))
      (local.set $x (f32x4.add
        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $s2) (local.get $s3))
        (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $s2) (local.get $s3))))
      (local.set $t (f32x4.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t) (local.get $x))
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t) (local.get $x))))
      (local.set $at (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2))))
      (f32.store (local.get $at) (f32x4.extract_lane 0 (local.get $t)))
      (f32.store (local.tee $at (i32.add (local.get $at) (local.get $plane))) (f32x4.extract_lane 1 (local.get $t)))
      (f32.store (local.tee $at (i32.add (local.get $at) (local.get $plane))) (f32x4.extract_lane 2 (local.get $t)))
      (f32.store (i32.add (local.get $at) (local.get $plane)) (f32x4.extract_lane 3 (local.get $t)))
      (local.set $row (local.get $end))
      (br_if $rowLoop (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $rows)))))
)
