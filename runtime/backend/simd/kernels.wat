;; disc's SIMD kernels: WebAssembly text, assembled by scripts/build-wasm.ts into kernels-wasm.ts.
;; They run on tfjs-backend-wasm's own heap (the threaded build's shared memory, imported), on the
;; main thread and on the heap worker. Pointers are byte offsets into that heap.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Adam over n4 = 4·k elements (the caller does the tail): m, v in place, the new θ to $out
  ;; (may equal $th). Per lane, float64 arithmetic exactly as js-kernels.ts adamKernel, so θ, m, v
  ;; are bit-identical to it; returns Σ g² (two partial sums, so that one may differ in the last bits).
  (func (export "adam")
    (param $th i32) (param $out i32) (param $m i32) (param $v i32) (param $g i32) (param $n4 i32)
    (param $scale f64) (param $b1 f64) (param $b2 f64) (param $a f64) (param $k f64) (param $eps f64)
    (result f64)
    (local $i i32) (local $end i32)
    (local $vs v128) (local $vb1 v128) (local $vb2 v128) (local $vd1 v128) (local $vd2 v128)
    (local $va v128) (local $vk v128) (local $veps v128) (local $sq v128)
    (local $g4 v128) (local $m4 v128) (local $v4 v128) (local $t4 v128)
    (local $gl v128) (local $gh v128) (local $ml v128) (local $mh v128) (local $sl v128) (local $sh v128)
    (local $tl v128) (local $th2 v128)
    (local.set $vs (f64x2.splat (local.get $scale)))
    (local.set $vb1 (f64x2.splat (local.get $b1)))
    (local.set $vb2 (f64x2.splat (local.get $b2)))
    (local.set $vd1 (f64x2.splat (f64.sub (f64.const 1) (local.get $b1))))
    (local.set $vd2 (f64x2.splat (f64.sub (f64.const 1) (local.get $b2))))
    (local.set $va (f64x2.splat (local.get $a)))
    (local.set $vk (f64x2.splat (local.get $k)))
    (local.set $veps (f64x2.splat (local.get $eps)))
    (local.set $sq (f64x2.splat (f64.const 0)))
    (local.set $end (i32.shl (local.get $n4) (i32.const 4)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (local.set $g4 (v128.load (i32.add (local.get $g) (local.get $i))))
        (local.set $m4 (v128.load (i32.add (local.get $m) (local.get $i))))
        (local.set $v4 (v128.load (i32.add (local.get $v) (local.get $i))))
        (local.set $t4 (v128.load (i32.add (local.get $th) (local.get $i))))
        ;; g (low and high lane pairs in float64)
        (local.set $gl (f64x2.promote_low_f32x4 (local.get $g4)))
        (local.set $gh (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $g4) (local.get $g4))))
        (local.set $sq (f64x2.add (local.get $sq) (f64x2.mul (local.get $gl) (local.get $gl))))
        (local.set $sq (f64x2.add (local.get $sq) (f64x2.mul (local.get $gh) (local.get $gh))))
        (local.set $gl (f64x2.mul (local.get $gl) (local.get $vs)))
        (local.set $gh (f64x2.mul (local.get $gh) (local.get $vs)))
        ;; m ← b1·m + (1−b1)·g'
        (local.set $ml (f64x2.add
          (f64x2.mul (local.get $vb1) (f64x2.promote_low_f32x4 (local.get $m4)))
          (f64x2.mul (local.get $vd1) (local.get $gl))))
        (local.set $mh (f64x2.add
          (f64x2.mul (local.get $vb1) (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $m4) (local.get $m4))))
          (f64x2.mul (local.get $vd1) (local.get $gh))))
        ;; v ← b2·v + (1−b2)·g'²  (as (d2·g')·g', the JS evaluation order)
        (local.set $sl (f64x2.add
          (f64x2.mul (local.get $vb2) (f64x2.promote_low_f32x4 (local.get $v4)))
          (f64x2.mul (f64x2.mul (local.get $vd2) (local.get $gl)) (local.get $gl))))
        (local.set $sh (f64x2.add
          (f64x2.mul (local.get $vb2) (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v4) (local.get $v4))))
          (f64x2.mul (f64x2.mul (local.get $vd2) (local.get $gh)) (local.get $gh))))
        ;; θ ← θ − a·m / (k·√v + eps)
        (local.set $tl (f64x2.sub (f64x2.promote_low_f32x4 (local.get $t4))
          (f64x2.div (f64x2.mul (local.get $va) (local.get $ml))
            (f64x2.add (f64x2.mul (local.get $vk) (f64x2.sqrt (local.get $sl))) (local.get $veps)))))
        (local.set $th2 (f64x2.sub (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t4) (local.get $t4)))
          (f64x2.div (f64x2.mul (local.get $va) (local.get $mh))
            (f64x2.add (f64x2.mul (local.get $vk) (f64x2.sqrt (local.get $sh))) (local.get $veps)))))
        ;; round to float32 and store the four lanes
        (v128.store (i32.add (local.get $m) (local.get $i))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (local.get $ml)) (f32x4.demote_f64x2_zero (local.get $mh))))
        (v128.store (i32.add (local.get $v) (local.get $i))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (local.get $sl)) (f32x4.demote_f64x2_zero (local.get $sh))))
        (v128.store (i32.add (local.get $out) (local.get $i))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (local.get $tl)) (f32x4.demote_f64x2_zero (local.get $th2))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $end)))))
    (f64.add (f64x2.extract_lane 0 (local.get $sq)) (f64x2.extract_lane 1 (local.get $sq))))

  ;; C[m, n] = Σ_k A(k)[m] · B(k)[n] for rows m ∈ [m0, m1) of C [M, N] (row-major, ld N), where
  ;; the reduction index k = (p, q, r) runs over p < P, q < Q, r < R and the rows sit at
  ;; A(k) = a + p·sap + q·saq + r·sar, B(k) = b + p·sbp + q·sbq + r·sbr (byte offsets and strides):
  ;; the weight-gradient product of a convolution (A = windows of x, B = dy; p = image,
  ;; q = output row, r = output column), whose K = P·Q·R is long and M, N small. 4×8 register
  ;; blocks of C; each block passes over one p's rows at a time, which stay in cache meanwhile.
  ;; C is N columns of rows $ldc bytes apart. Needs m0, m1 multiples of 4 and N a multiple of 8;
  ;; C's rows [m0, m1) are overwritten, or added to when $acc ≠ 0.
  (func (export "gemm_tn")
    (param $a i32) (param $b i32) (param $c i32) (param $ldc i32) (param $N i32)
    (param $m0 i32) (param $m1 i32) (param $acc i32)
    (param $P i32) (param $sap i32) (param $sbp i32)
    (param $Q i32) (param $saq i32) (param $sbq i32)
    (param $R i32) (param $sar i32) (param $sbr i32)
    (local $p i32) (local $q i32) (local $r i32) (local $mb i32) (local $nb i32)
    (local $ap i32) (local $bp i32) (local $aq i32) (local $bq i32) (local $pa i32) (local $pb i32)
    (local $pc i32) (local $zero i32)
    (local $b0 v128) (local $b1 v128) (local $t v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (if (i32.ge_u (local.get $m0) (local.get $m1)) (then (return)))
    (if (i32.or (i32.or (i32.eqz (local.get $P)) (i32.eqz (local.get $Q))) (i32.eqz (local.get $R)))
      (then
        ;; nothing to sum: C's rows are zero (or unchanged when accumulating)
        (if (i32.eqz (local.get $acc))
          (then
            (local.set $mb (local.get $m0))
            (loop $zrow
              (memory.fill (i32.add (local.get $c) (i32.mul (local.get $mb) (local.get $ldc)))
                (i32.const 0) (i32.shl (local.get $N) (i32.const 2)))
              (local.set $mb (i32.add (local.get $mb) (i32.const 1)))
              (br_if $zrow (i32.lt_u (local.get $mb) (local.get $m1))))))
        (return)))
    (block $done
      (loop $ploop
        (local.set $zero (i32.and (i32.eqz (local.get $acc)) (i32.eqz (local.get $p))))
        (local.set $ap (i32.add (local.get $a) (i32.mul (local.get $p) (local.get $sap))))
        (local.set $bp (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $sbp))))
        (local.set $mb (local.get $m0))
        (loop $mblock
          (local.set $nb (i32.const 0))
          (loop $nblock
            (local.set $pc (i32.add (i32.add (local.get $c) (i32.mul (local.get $mb) (local.get $ldc)))
              (i32.shl (local.get $nb) (i32.const 2))))
            (if (local.get $zero)
              (then
                (local.set $c0 (v128.const i32x4 0 0 0 0)) (local.set $c1 (local.get $c0))
                (local.set $c2 (local.get $c0)) (local.set $c3 (local.get $c0))
                (local.set $c4 (local.get $c0)) (local.set $c5 (local.get $c0))
                (local.set $c6 (local.get $c0)) (local.set $c7 (local.get $c0)))
              (else
              (local.set $c0 (v128.load (local.get $pc)))
              (local.set $c1 (v128.load offset=16 (local.get $pc)))
              (local.set $c2 (v128.load (i32.add (local.get $pc) (local.get $ldc))))
              (local.set $c3 (v128.load offset=16 (i32.add (local.get $pc) (local.get $ldc))))
              (local.set $c4 (v128.load (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1)))))
              (local.set $c5 (v128.load offset=16 (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1)))))
              (local.set $c6 (v128.load (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3)))))
              (local.set $c7 (v128.load offset=16 (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3)))))
              ))
            (local.set $aq (i32.add (local.get $ap) (i32.shl (local.get $mb) (i32.const 2))))
            (local.set $bq (i32.add (local.get $bp) (i32.shl (local.get $nb) (i32.const 2))))
            (local.set $q (i32.const 0))
            (loop $qloop
              (local.set $pa (local.get $aq))
              (local.set $pb (local.get $bq))
              (local.set $r (i32.const 0))
              (loop $rloop
                (local.set $b0 (v128.load (local.get $pb)))
                (local.set $b1 (v128.load offset=16 (local.get $pb)))
                (local.set $t (v128.load32_splat (local.get $pa)))
                (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $t) (local.get $b0))))
                (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $t) (local.get $b1))))
                (local.set $t (v128.load32_splat offset=4 (local.get $pa)))
                (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $t) (local.get $b0))))
                (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $t) (local.get $b1))))
                (local.set $t (v128.load32_splat offset=8 (local.get $pa)))
                (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (local.get $t) (local.get $b0))))
                (local.set $c5 (f32x4.add (local.get $c5) (f32x4.mul (local.get $t) (local.get $b1))))
                (local.set $t (v128.load32_splat offset=12 (local.get $pa)))
                (local.set $c6 (f32x4.add (local.get $c6) (f32x4.mul (local.get $t) (local.get $b0))))
                (local.set $c7 (f32x4.add (local.get $c7) (f32x4.mul (local.get $t) (local.get $b1))))
                (local.set $pa (i32.add (local.get $pa) (local.get $sar)))
                (local.set $pb (i32.add (local.get $pb) (local.get $sbr)))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br_if $rloop (i32.lt_u (local.get $r) (local.get $R))))
              (local.set $aq (i32.add (local.get $aq) (local.get $saq)))
              (local.set $bq (i32.add (local.get $bq) (local.get $sbq)))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (br_if $qloop (i32.lt_u (local.get $q) (local.get $Q))))
            (v128.store (local.get $pc) (local.get $c0))
            (v128.store offset=16 (local.get $pc) (local.get $c1))
            (v128.store (i32.add (local.get $pc) (local.get $ldc)) (local.get $c2))
            (v128.store offset=16 (i32.add (local.get $pc) (local.get $ldc)) (local.get $c3))
            (v128.store (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1))) (local.get $c4))
            (v128.store offset=16 (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1))) (local.get $c5))
            (v128.store (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $c6))
            (v128.store offset=16 (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $c7))
            (local.set $nb (i32.add (local.get $nb) (i32.const 8)))
            (br_if $nblock (i32.lt_u (local.get $nb) (local.get $N))))
          (local.set $mb (i32.add (local.get $mb) (i32.const 4)))
          (br_if $mblock (i32.lt_u (local.get $mb) (local.get $m1))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $ploop (i32.lt_u (local.get $p) (local.get $P))))))

  ;; Copies `rows` rows of $len bytes from $src (contiguous) to $dst, each framed by $left zero
  ;; bytes before and $right after (dst rows are $left + $len + $right bytes apart): the zero
  ;; padding of an image's columns. memory.copy / memory.fill, the engine's memmove / memset.
  (func (export "pad_rows")
    (param $src i32) (param $dst i32) (param $rows i32) (param $len i32) (param $left i32) (param $right i32)
    (local $r i32)
    (block $done
      (br_if $done (i32.eqz (local.get $rows)))
      (loop $row
        (memory.fill (local.get $dst) (i32.const 0) (local.get $left))
        (local.set $dst (i32.add (local.get $dst) (local.get $left)))
        (memory.copy (local.get $dst) (local.get $src) (local.get $len))
        (local.set $dst (i32.add (local.get $dst) (local.get $len)))
        (local.set $src (i32.add (local.get $src) (local.get $len)))
        (memory.fill (local.get $dst) (i32.const 0) (local.get $right))
        (local.set $dst (i32.add (local.get $dst) (local.get $right)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $row (i32.lt_u (local.get $r) (local.get $rows))))))

  ;; Copies a rows × cols grid of $len-byte blocks (len a multiple of 4) from $src to $dst:
  ;; block (r, c) from src + r·srs + c·scs to dst + r·drs + c·dcs. The interleave of the sub-pixel
  ;; transposed convolution's phase outputs (blocks = one pixel's channels). 16 bytes at a time,
  ;; then 4.
  (func (export "copy_blocks")
    (param $src i32) (param $dst i32) (param $rows i32) (param $srs i32) (param $drs i32)
    (param $cols i32) (param $scs i32) (param $dcs i32) (param $len i32)
    (local $r i32) (local $c i32) (local $s i32) (local $d i32) (local $i i32) (local $len16 i32)
    (local.set $len16 (i32.and (local.get $len) (i32.const -16)))
    (block $done
      (br_if $done (i32.or (i32.eqz (local.get $rows)) (i32.eqz (local.get $cols))))
      (loop $row
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $srs))))
        (local.set $d (i32.add (local.get $dst) (i32.mul (local.get $r) (local.get $drs))))
        (local.set $c (i32.const 0))
        (loop $col
          (local.set $i (i32.const 0))
          (block $v_done
            (br_if $v_done (i32.eqz (local.get $len16)))
            (loop $v
              (v128.store (i32.add (local.get $d) (local.get $i))
                (v128.load (i32.add (local.get $s) (local.get $i))))
              (local.set $i (i32.add (local.get $i) (i32.const 16)))
              (br_if $v (i32.lt_u (local.get $i) (local.get $len16)))))
          (block $w_done
            (br_if $w_done (i32.ge_u (local.get $i) (local.get $len)))
            (loop $w
              (f32.store (i32.add (local.get $d) (local.get $i))
                (f32.load (i32.add (local.get $s) (local.get $i))))
              (local.set $i (i32.add (local.get $i) (i32.const 4)))
              (br_if $w (i32.lt_u (local.get $i) (local.get $len)))))
          (local.set $s (i32.add (local.get $s) (local.get $scs)))
          (local.set $d (i32.add (local.get $d) (local.get $dcs)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br_if $col (i32.lt_u (local.get $c) (local.get $cols))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $row (i32.lt_u (local.get $r) (local.get $rows))))))

  ;; col2im: adds the columns of a transposed convolution into its (padded) output. For every
  ;; (n, oh, ow) < (N, Ho, Wo), in that order, and filter row i < kh, the next $run bytes of
  ;; $cols (kw·C floats: one filter row's taps) are added to out + n·sn + oh·soh + ow·sow + i·si.
  ;; Windows of neighbouring pixels overlap (stride < kernel), so the adds run in this one order.
  (func (export "col2im")
    (param $cols i32) (param $out i32) (param $N i32) (param $Ho i32) (param $Wo i32)
    (param $kh i32) (param $run i32) (param $sn i32) (param $soh i32) (param $sow i32) (param $si i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $i i32) (local $k i32)
    (local $d i32) (local $e i32) (local $run16 i32)
    (local.set $run16 (i32.and (local.get $run) (i32.const -16)))
    (if (i32.or (i32.or (i32.eqz (local.get $N)) (i32.eqz (local.get $Ho)))
          (i32.or (i32.eqz (local.get $Wo)) (i32.eqz (local.get $kh))))
      (then (return)))
    (loop $nloop
      (local.set $oh (i32.const 0))
      (loop $ohloop
        (local.set $ow (i32.const 0))
        (loop $owloop
          (local.set $d (i32.add (local.get $out) (i32.add
            (i32.mul (local.get $n) (local.get $sn))
            (i32.add (i32.mul (local.get $oh) (local.get $soh)) (i32.mul (local.get $ow) (local.get $sow))))))
          (local.set $i (i32.const 0))
          (loop $iloop
            (local.set $e (i32.add (local.get $d) (i32.mul (local.get $i) (local.get $si))))
            (local.set $k (i32.const 0))
            (block $v_done
              (br_if $v_done (i32.eqz (local.get $run16)))
              (loop $v
                (v128.store (i32.add (local.get $e) (local.get $k))
                  (f32x4.add (v128.load (i32.add (local.get $e) (local.get $k)))
                    (v128.load (i32.add (local.get $cols) (local.get $k)))))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br_if $v (i32.lt_u (local.get $k) (local.get $run16)))))
            (block $w_done
              (br_if $w_done (i32.ge_u (local.get $k) (local.get $run)))
              (loop $w
                (f32.store (i32.add (local.get $e) (local.get $k))
                  (f32.add (f32.load (i32.add (local.get $e) (local.get $k)))
                    (f32.load (i32.add (local.get $cols) (local.get $k)))))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br_if $w (i32.lt_u (local.get $k) (local.get $run)))))
            (local.set $cols (i32.add (local.get $cols) (local.get $run)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $iloop (i32.lt_u (local.get $i) (local.get $kh))))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br_if $owloop (i32.lt_u (local.get $ow) (local.get $Wo))))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br_if $ohloop (i32.lt_u (local.get $oh) (local.get $Ho))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $nloop (i32.lt_u (local.get $n) (local.get $N)))))

  ;; Zeroes $len bytes at $dst (memory.fill).
  (func (export "zero") (param $dst i32) (param $len i32)
    (memory.fill (local.get $dst) (i32.const 0) (local.get $len)))

  ;; Column sums in float64: acc[c] += Σ_{r<rows} src[r·cols + c] for c < cols (cols a multiple
  ;; of 4), float32 src, float64 acc (8·cols bytes). The bias gradient of a layer: dy [B·H·W, C]
  ;; summed over its rows. Each float is promoted and added in float64, row by row.
  (func (export "colsum")
    (param $src i32) (param $rows i32) (param $cols i32) (param $acc i32)
    (local $r i32) (local $c i32) (local $x v128) (local $p i32) (local $q i32) (local $end i32)
    (if (i32.or (i32.eqz (local.get $rows)) (i32.eqz (local.get $cols))) (then (return)))
    (local.set $end (i32.shl (local.get $cols) (i32.const 2)))
    (loop $row
      (local.set $c (i32.const 0))
      (loop $col
        (local.set $x (v128.load (i32.add (local.get $src) (local.get $c))))
        (local.set $q (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 1))))
        (v128.store (local.get $q)
          (f64x2.add (v128.load (local.get $q)) (f64x2.promote_low_f32x4 (local.get $x))))
        (v128.store offset=16 (local.get $q)
          (f64x2.add (v128.load offset=16 (local.get $q))
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br_if $col (i32.lt_u (local.get $c) (local.get $end))))
      (local.set $src (i32.add (local.get $src) (local.get $end)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $row (i32.lt_u (local.get $r) (local.get $rows)))))

  ;; ReLU's gradient exactly as tfjs computes it, dy · step(x) with step(x) = 1 for x > 0, NaN for
  ;; NaN, else 0 (so NaN and ∞ propagate as in the three-kernel form), for i < 4·n4 (float32; the
  ;; caller does the tail). One pass instead of tfjs's Step, Cast and Multiply kernels.
  (func (export "relu_grad") (param $dy i32) (param $x i32) (param $out i32) (param $n4 i32)
    (local $i i32) (local $end i32) (local $v v128)
    (local.set $end (i32.shl (local.get $n4) (i32.const 4)))
    (if (i32.eqz (local.get $end)) (then (return)))
    (loop $next
      (local.set $v (v128.load (i32.add (local.get $x) (local.get $i))))
      (v128.store (i32.add (local.get $out) (local.get $i))
        (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $i)))
          (v128.or
            (v128.and (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0)) (v128.const f32x4 1 1 1 1))
            (v128.and (f32x4.ne (local.get $v) (local.get $v)) (local.get $v)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $end)))))
)
