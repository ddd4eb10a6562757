/*
 * The input side of src/model/input.ts natively: the row-major batch copied into the time-major
 * workspace the encoder's single input GEMM reads, scaled by 1/keep_prob when dropout is on (the
 * dropped values are then zeroed by the caller, which owns the random stream). Same arithmetic as
 * the JS loop: the product in float64, rounded once to float32.
 */
#include "input.h"

#include <stddef.h>
#include <string.h>

void transpose_input_f32(int B, int T, int D, const float *x, float *x_in, double scale) {
  for (int b = 0; b < B; b++) {
    for (int t = 0; t < T; t++) {
      const float *restrict src = x + ((size_t)b * T + t) * D;
      float *restrict dst = x_in + ((size_t)t * B + b) * D;
      if (scale == 1.0) {
        memcpy(dst, src, (size_t)D * sizeof(float));
        continue;
      }
#pragma omp simd
      for (int k = 0; k < D; k++) dst[k] = (float)((double)src[k] * scale);
    }
  }
}
