;; The CPU path's inner loops in WebAssembly SIMD: the dot products, clipped sigmoid and row updates of
;; negative sampling and hierarchical softmax, four floats at a time. The walk (subsampling, windows,
;; negatives, tree paths) stays in TypeScript (src/word2vec/cpu/walk.ts), where drawing the negatives
;; measured faster than here; only PV-DBOW's inference (inferExample) draws its own.
;;
;; Every row is padded to a multiple of four floats; the padding starts at zero and stays zero (its
;; updates multiply zeros). Offsets and lengths are in bytes. `scripts/build-wasm.mjs` assembles this
;; file into src/word2vec/cpu/training-wasm.ts (once with shared memory for threads, once without).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; The sigmoid and softplus tables (as the C tool's expTable): TABLE_SIZE + 1 floats each over
  ;; (-6, 6), the sigmoid table at `tables`, the softplus table right after it.
  (global (export "tableSize") i32 (i32.const 2048))
  ;; TABLE_SIZE / 12: table entries per unit of x.
  (global $tableScale f32 (f32.const 170.66666))
  ;; Byte distance from the sigmoid table to the softplus table: 4 * (TABLE_SIZE + 1).
  (global (export "softplusOffset") i32 (i32.const 8196))

  (func $zero (param $dst i32) (param $rowBytes i32)
    (local $i i32)
    (loop $next
      (v128.store (i32.add (local.get $dst) (local.get $i)) (v128.const i32x4 0 0 0 0))
      (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (local.get $rowBytes)))))

  ;; dst += src
  (func $addTo (export "addTo") (param $dst i32) (param $src i32) (param $rowBytes i32)
    (local $i i32)
    (loop $next
      (v128.store (i32.add (local.get $dst) (local.get $i))
        (f32x4.add (v128.load (i32.add (local.get $dst) (local.get $i))) (v128.load (i32.add (local.get $src) (local.get $i)))))
      (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (local.get $rowBytes)))))

  ;; trainTargets' first half: every target's coefficient g at `coeffs` (f32); returns the summed loss.
  (func $coefficients
    (param $hidden i32) (param $syn1 i32) (param $rowBytes i32)
    (param $targets i32) (param $flags i32) (param $coeffs i32) (param $count i32) (param $alpha f32) (param $tables i32)
    (result f32)
    (local $t i32) (local $row i32) (local $i i32) (local $entry i32) (local $flag i32)
    (local $z f32) (local $sigmoid f32) (local $softplus f32) (local $loss f32) (local $gt f32)
    (local $even v128) (local $odd v128)
    (loop $target
      (local.set $row (i32.add (local.get $syn1)
        (i32.mul (i32.load (i32.add (local.get $targets) (i32.shl (local.get $t) (i32.const 2)))) (local.get $rowBytes))))
      (local.set $flag (i32.load (i32.add (local.get $flags) (i32.shl (local.get $t) (i32.const 2)))))
      (local.set $even (v128.const i32x4 0 0 0 0))
      (local.set $odd (v128.const i32x4 0 0 0 0))
      (local.set $i (i32.const 0))
      (loop $pairs
        (if (i32.le_u (i32.add (local.get $i) (i32.const 32)) (local.get $rowBytes))
          (then
            (local.set $even (f32x4.add (local.get $even)
              (f32x4.mul (v128.load (i32.add (local.get $hidden) (local.get $i))) (v128.load (i32.add (local.get $row) (local.get $i))))))
            (local.set $odd (f32x4.add (local.get $odd)
              (f32x4.mul (v128.load offset=16 (i32.add (local.get $hidden) (local.get $i))) (v128.load offset=16 (i32.add (local.get $row) (local.get $i))))))
            (local.set $i (i32.add (local.get $i) (i32.const 32)))
            (br $pairs))))
      (if (i32.lt_u (local.get $i) (local.get $rowBytes))
        (then
          (local.set $even (f32x4.add (local.get $even)
            (f32x4.mul (v128.load (i32.add (local.get $hidden) (local.get $i))) (v128.load (i32.add (local.get $row) (local.get $i))))))))
      (local.set $even (f32x4.add (local.get $even) (local.get $odd)))
      (local.set $z (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $even)) (f32x4.extract_lane 1 (local.get $even)))
        (f32.add (f32x4.extract_lane 2 (local.get $even)) (f32x4.extract_lane 3 (local.get $even)))))
      ;; z = -f for label 1, f for label 0: then loss = softplus(z) and g = -+sigmoid(z) * alpha.
      (if (i32.and (local.get $flag) (i32.const 1)) (then (local.set $z (f32.neg (local.get $z)))))
      (if (f32.ge (local.get $z) (f32.const 6))
        (then
          ;; A tree node is left alone here (g = 0); negative sampling clips (sigmoid = 1).
          (local.set $sigmoid (select (f32.const 0) (f32.const 1) (i32.and (local.get $flag) (i32.const 2))))
          (local.set $softplus (local.get $z)))
        (else
          (if (f32.gt (local.get $z) (f32.const -6))
            (then
              (local.set $entry (i32.add (local.get $tables) (i32.shl
                (i32.trunc_sat_f32_s (f32.mul (f32.add (local.get $z) (f32.const 6)) (global.get $tableScale)))
                (i32.const 2))))
              (local.set $sigmoid (f32.load (local.get $entry)))
              (local.set $softplus (f32.load offset=8196 (local.get $entry))))
            (else
              ;; z <= -6, or NaN from a diverged run: g = 0 (times a NaN row, NaN: it spreads).
              (local.set $sigmoid (f32.const 0))
              (local.set $softplus (f32.const 0))))))
      (local.set $loss (f32.add (local.get $loss) (local.get $softplus)))
      (local.set $gt (f32.mul (local.get $sigmoid) (local.get $alpha)))
      (if (i32.eqz (i32.and (local.get $flag) (i32.const 1))) (then (local.set $gt (f32.neg (local.get $gt)))))
      (f32.store (i32.add (local.get $coeffs) (i32.shl (local.get $t) (i32.const 2))) (local.get $gt))
      (br_if $target (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 1))) (local.get $count))))
    (local.get $loss))

  ;; trainTargets with the rows left alone (PV-DBOW's inference, whose words are frozen): `grad` is
  ;; cleared, then takes the sum of g * row over the targets. Returns the summed loss.
  (func $gradientOf
    (param $hidden i32) (param $grad i32) (param $syn1 i32) (param $rowBytes i32)
    (param $targets i32) (param $flags i32) (param $coeffs i32) (param $count i32) (param $alpha f32) (param $tables i32)
    (result f32)
    (local $t i32) (local $row i32) (local $i i32) (local $loss f32) (local $g v128)
    (call $zero (local.get $grad) (local.get $rowBytes))
    (if (i32.eqz (local.get $count)) (then (return (f32.const 0))))
    (local.set $loss (call $coefficients (local.get $hidden) (local.get $syn1) (local.get $rowBytes)
      (local.get $targets) (local.get $flags) (local.get $coeffs) (local.get $count) (local.get $alpha) (local.get $tables)))
    (loop $target
      (local.set $row (i32.add (local.get $syn1)
        (i32.mul (i32.load (i32.add (local.get $targets) (i32.shl (local.get $t) (i32.const 2)))) (local.get $rowBytes))))
      (local.set $g (f32x4.splat (f32.load (i32.add (local.get $coeffs) (i32.shl (local.get $t) (i32.const 2))))))
      (local.set $i (i32.const 0))
      (loop $add
        (v128.store (i32.add (local.get $grad) (local.get $i))
          (f32x4.add (v128.load (i32.add (local.get $grad) (local.get $i))) (f32x4.mul (local.get $g) (v128.load (i32.add (local.get $row) (local.get $i))))))
        (br_if $add (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (local.get $rowBytes))))
      (br_if $target (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 1))) (local.get $count))))
    (local.get $loss))

  ;; One logistic example against the input-side vector at `hidden`: `count` output rows, each a u32
  ;; row index into `syn1` at `targets` with u32 flags at `flags` (bit 0: label 1; bit 1: a tree node
  ;; of hierarchical softmax). For each: f = hidden . row, g = (label - sigmoid(f)) * alpha,
  ;; grad += g * row, row += g * hidden; a tree node is left alone where |f| >= 6, as in the C tool.
  ;; Every f is computed first (`hidden` does not change within the example, and the rows are
  ;; distinct but for a repeated noise word), their g kept at `coeffs` (f32); then the rows are
  ;; updated two at a time, so that `grad` is loaded and stored once per pair. `grad` is cleared
  ;; first and left for the caller to add to the input rows. Returns the summed loss, softplus(-f)
  ;; for label 1 and softplus(f) for label 0. The dot product keeps two accumulators, so that
  ;; consecutive additions do not wait on each other.
  (func $trainTargets (export "trainTargets")
    (param $hidden i32) (param $grad i32) (param $syn1 i32) (param $rowBytes i32)
    (param $targets i32) (param $flags i32) (param $coeffs i32) (param $count i32) (param $alpha f32) (param $tables i32)
    (result f32)
    (local $t i32) (local $row i32) (local $other i32) (local $i i32) (local $loss f32)
    (local $g v128) (local $h v128) (local $old v128) (local $oldOther v128) (local $x v128)
    (call $zero (local.get $grad) (local.get $rowBytes))
    (if (i32.eqz (local.get $count)) (then (return (f32.const 0))))
    (local.set $loss (call $coefficients (local.get $hidden) (local.get $syn1) (local.get $rowBytes)
      (local.get $targets) (local.get $flags) (local.get $coeffs) (local.get $count) (local.get $alpha) (local.get $tables)))
    ;; The updates, two rows at a time: grad += g * row + h * other; row += g * hidden; other += h * hidden.
    (local.set $t (i32.const 0))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (i32.add (local.get $t) (i32.const 1)) (local.get $count)))
        (local.set $row (i32.add (local.get $syn1)
          (i32.mul (i32.load (i32.add (local.get $targets) (i32.shl (local.get $t) (i32.const 2)))) (local.get $rowBytes))))
        (local.set $other (i32.add (local.get $syn1)
          (i32.mul (i32.load offset=4 (i32.add (local.get $targets) (i32.shl (local.get $t) (i32.const 2)))) (local.get $rowBytes))))
        (local.set $g (f32x4.splat (f32.load (i32.add (local.get $coeffs) (i32.shl (local.get $t) (i32.const 2))))))
        (local.set $h (f32x4.splat (f32.load offset=4 (i32.add (local.get $coeffs) (i32.shl (local.get $t) (i32.const 2))))))
        (if (i32.eq (local.get $row) (local.get $other))
          (then
            ;; A noise word drawn twice: one row, both changes.
            (local.set $h (f32x4.add (local.get $g) (local.get $h)))
            (local.set $g (v128.const i32x4 0 0 0 0))))
        (local.set $i (i32.const 0))
        (loop $update
          (local.set $old (v128.load (i32.add (local.get $row) (local.get $i))))
          (local.set $oldOther (v128.load (i32.add (local.get $other) (local.get $i))))
          (local.set $x (v128.load (i32.add (local.get $hidden) (local.get $i))))
          (v128.store (i32.add (local.get $grad) (local.get $i))
            (f32x4.add (v128.load (i32.add (local.get $grad) (local.get $i)))
              (f32x4.add (f32x4.mul (local.get $g) (local.get $old)) (f32x4.mul (local.get $h) (local.get $oldOther)))))
          (v128.store (i32.add (local.get $row) (local.get $i)) (f32x4.add (local.get $old) (f32x4.mul (local.get $g) (local.get $x))))
          (v128.store (i32.add (local.get $other) (local.get $i)) (f32x4.add (local.get $oldOther) (f32x4.mul (local.get $h) (local.get $x))))
          (br_if $update (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (local.get $rowBytes))))
        (local.set $t (i32.add (local.get $t) (i32.const 2)))
        (br $pair)))
    ;; An odd last row.
    (if (i32.lt_u (local.get $t) (local.get $count))
      (then
        (local.set $row (i32.add (local.get $syn1)
          (i32.mul (i32.load (i32.add (local.get $targets) (i32.shl (local.get $t) (i32.const 2)))) (local.get $rowBytes))))
        (local.set $g (f32x4.splat (f32.load (i32.add (local.get $coeffs) (i32.shl (local.get $t) (i32.const 2))))))
        (local.set $i (i32.const 0))
        (loop $last
          (local.set $old (v128.load (i32.add (local.get $row) (local.get $i))))
          (v128.store (i32.add (local.get $grad) (local.get $i))
            (f32x4.add (v128.load (i32.add (local.get $grad) (local.get $i))) (f32x4.mul (local.get $g) (local.get $old))))
          (v128.store (i32.add (local.get $row) (local.get $i))
            (f32x4.add (local.get $old) (f32x4.mul (local.get $g) (v128.load (i32.add (local.get $hidden) (local.get $i))))))
          (br_if $last (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (local.get $rowBytes))))))
    (local.get $loss))

  ;; pcg in src/core/rng.ts: the PCG-RXS-M-XS 32-bit hash every random decision comes from.
  (func $pcg (param $v i32) (result i32)
    (local $state i32) (local $word i32)
    (local.set $state (i32.add (i32.mul (local.get $v) (i32.const 747796405)) (i32.const 2891336453)))
    (local.set $word (i32.mul
      (i32.xor (i32.shr_u (local.get $state) (i32.add (i32.shr_u (local.get $state) (i32.const 28)) (i32.const 4))) (local.get $state))
      (i32.const 277803737)))
    (i32.xor (i32.shr_u (local.get $word) (i32.const 22)) (local.get $word)))

;; PV-DBOW inference's example for one kept word (inferRows in src/documents/dbow/paragraph-vectors.ts):
  ;; the `word` (label 1) and its noise words, drawn as writeNegatives in src/word2vec/targets.ts
  ;; draws them for window slot 0 (noise word k of 1..negative from draw(key, STREAM_NEGATIVES + k -
  ;; 1) = pcg(key ^ (2 + k) * 0x9e3779b9) through the alias table at `noise`: `entries` pairs of
  ;; (keep chance as f32, alias), one equal to the word skipped), against the document vector at
  ;; `vector`, the output rows frozen (gradientOf); then the gradient is added to the vector.
  (func (export "inferExample")
    (param $vector i32) (param $grad i32) (param $syn1 i32) (param $rowBytes i32)
    (param $targets i32) (param $flags i32) (param $coeffs i32) (param $alpha f32) (param $tables i32)
    (param $word i32) (param $key i32) (param $negative i32) (param $noise i32) (param $entries i32)
    (local $count i32) (local $k i32) (local $bits i32) (local $entry i32) (local $noiseWord i32)
    (i32.store (local.get $targets) (local.get $word))
    (i32.store (local.get $flags) (i32.const 1))
    (local.set $count (i32.const 1))
    (local.set $k (i32.const 1))
    (block $drawn
      (loop $draw
        (br_if $drawn (i32.gt_s (local.get $k) (local.get $negative)))
        (local.set $bits (call $pcg (i32.xor (local.get $key) (i32.mul (i32.add (i32.const 2) (local.get $k)) (i32.const 0x9e3779b9)))))
        (local.set $entry (i32.rem_u (local.get $bits) (local.get $entries)))
        (local.set $noiseWord (local.get $entry))
        ;; Kept where a uniform float from 24 bits of pcg(bits) is below the entry's chance, else its alias.
        (if (i32.eqz (f32.lt
              (f32.mul (f32.convert_i32_u (i32.shr_u (call $pcg (local.get $bits)) (i32.const 8))) (f32.const 0x1p-24))
              (f32.load (i32.add (local.get $noise) (i32.shl (local.get $entry) (i32.const 3))))))
          (then (local.set $noiseWord (i32.load offset=4 (i32.add (local.get $noise) (i32.shl (local.get $entry) (i32.const 3)))))))
        (if (i32.ne (local.get $noiseWord) (local.get $word))
          (then
            (i32.store (i32.add (local.get $targets) (i32.shl (local.get $count) (i32.const 2))) (local.get $noiseWord))
            (i32.store (i32.add (local.get $flags) (i32.shl (local.get $count) (i32.const 2))) (i32.const 0))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $draw)))
    (drop (call $gradientOf (local.get $vector) (local.get $grad) (local.get $syn1) (local.get $rowBytes)
      (local.get $targets) (local.get $flags) (local.get $coeffs) (local.get $count) (local.get $alpha) (local.get $tables)))
    (call $addTo (local.get $vector) (local.get $grad) (local.get $rowBytes)))

  ;; Folds a thread's private copies of rows back into the shared ones: for each of `count` rows,
  ;; shared = private + (shared - snapshot) (this thread's row, plus what the other threads added
  ;; since the last fold; exactly its row when they added nothing), then private and snapshot both
  ;; take the result. The rows lie `rowBytes` apart in each of the three blocks.
  (func (export "foldRows") (param $shared i32) (param $private i32) (param $snapshot i32) (param $count i32) (param $rowBytes i32)
    (local $end i32) (local $sum v128)
    (local.set $end (i32.add (local.get $shared) (i32.mul (local.get $count) (local.get $rowBytes))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $shared) (local.get $end)))
        (local.set $sum (f32x4.add (v128.load (local.get $private))
          (f32x4.sub (v128.load (local.get $shared)) (v128.load (local.get $snapshot)))))
        (v128.store (local.get $shared) (local.get $sum))
        (v128.store (local.get $private) (local.get $sum))
        (v128.store (local.get $snapshot) (local.get $sum))
        (local.set $shared (i32.add (local.get $shared) (i32.const 16)))
        (local.set $private (i32.add (local.get $private) (i32.const 16)))
        (local.set $snapshot (i32.add (local.get $snapshot) (i32.const 16)))
        (br $next))))

  ;; CBOW's hidden vector: the mean of the `syn0` rows listed (u32 indices) at `words`.
  (func (export "meanOfRows") (param $out i32) (param $syn0 i32) (param $rowBytes i32) (param $words i32) (param $count i32)
    (local $c i32) (local $i i32) (local $scale v128)
    (call $zero (local.get $out) (local.get $rowBytes))
    (loop $word
      (call $addTo (local.get $out)
        (i32.add (local.get $syn0) (i32.mul (i32.load (i32.add (local.get $words) (i32.shl (local.get $c) (i32.const 2)))) (local.get $rowBytes)))
        (local.get $rowBytes))
      (br_if $word (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $count))))
    (local.set $scale (f32x4.splat (f32.div (f32.const 1) (f32.convert_i32_u (local.get $count)))))
    (loop $next
      (v128.store (i32.add (local.get $out) (local.get $i)) (f32x4.mul (v128.load (i32.add (local.get $out) (local.get $i))) (local.get $scale)))
      (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (local.get $rowBytes)))))
)
