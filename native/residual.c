/*
 * The passes over (B,T,D) that compare the reconstruction with the input, natively (same
 * contracts and float64 sums as src/model/reconstruction.ts). Y is time-major (T,B,D) and holds the
 * dense output before its bias, in reversed time: Y slot T-1-t, row b <-> X^(b, t); x is (B,T,D).
 * The unit loops vectorise; the per-case sums are float64.
 */
#include "residual.h"

#include <stddef.h>

void residual_pass_f32(int T, int B, int D, const float *x, float *Y, const float *bias,
                       const double *dLde, double *e, double *col) {
  const double inv = 1.0 / ((double)T * D);
  for (int k = 0; k < D; k++) col[k] = 0;
  for (int b = 0; b < B; b++) {
    const double coef = 2 * inv * dLde[b];
    double acc = 0;
    for (int t = 0; t < T; t++) {
      const float *restrict xr = x + ((size_t)b * T + t) * D;
      float *restrict yr = Y + ((size_t)(T - 1 - t) * B + b) * D;
#pragma omp simd reduction(+ : acc)
      for (int k = 0; k < D; k++) {
        const double r = (double)yr[k] + bias[k] - xr[k];
        acc += r * r;
        const double g = coef * r;
        yr[k] = (float)g;
        col[k] += g;
      }
    }
    e[b] = acc * inv;
  }
}

/* Cells per block of the tail pass: 4 KiB of squares, in L1. */
#define TAIL_BLOCK 512

/* Min-heap of the k largest values seen: heap[0] is the smallest kept. */
static void heap_offer(double *heap, int *size, int k, double v) {
  int i;
  if (*size < k) {
    i = (*size)++;
    while (i > 0) {
      const int parent = (i - 1) / 2;
      if (heap[parent] <= v) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = v;
    return;
  }
  if (v <= heap[0]) return;
  i = 0;
  for (;;) {
    const int left = 2 * i + 1;
    if (left >= k) break;
    const int right = left + 1;
    const int child = right < k && heap[right] < heap[left] ? right : left;
    if (heap[child] >= v) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = v;
}

void residual_errors_f32(int T, int B, int D, const float *x, const float *Y, const float *bias,
                         double *errors, double *tails, int k, double *heap) {
  const double inv = 1.0 / ((double)T * D);
  for (int b = 0; b < B; b++) {
    double acc = 0;
    int size = 0;
    for (int t = 0; t < T; t++) {
      const float *restrict xr = x + ((size_t)b * T + t) * D;
      const float *restrict yr = Y + ((size_t)(T - 1 - t) * B + b) * D;
      if (tails == NULL) {
#pragma omp simd reduction(+ : acc)
        for (int d = 0; d < D; d++) {
          const double r = (double)yr[d] + bias[d] - xr[d];
          acc += r * r;
        }
        continue;
      }
      /* Squares of a block go to a small buffer in one vectorised pass (with the block's sum and
       * maximum); only a block whose maximum beats the heap's floor is walked again to offer its
       * values. Past the first cells of a case almost no block does, so the branchy heap code
       * leaves the hot loop. */
      for (int first = 0; first < D; first += TAIL_BLOCK) {
        const int n = D - first < TAIL_BLOCK ? D - first : TAIL_BLOCK;
        double squares[TAIL_BLOCK];
        double block_max = 0;
#pragma omp simd reduction(+ : acc) reduction(max : block_max)
        for (int d = 0; d < n; d++) {
          const double r = (double)yr[first + d] + bias[first + d] - xr[first + d];
          const double r2 = r * r;
          squares[d] = r2;
          acc += r2;
          block_max = r2 > block_max ? r2 : block_max;
        }
        double floor = size < k ? -1.0 : heap[0]; /* squares are >= 0: -1 lets everything in */
        if (block_max <= floor) continue;
        for (int d = 0; d < n; d++) {
          if (squares[d] > floor) {
            heap_offer(heap, &size, k, squares[d]);
            floor = size < k ? -1.0 : heap[0];
          }
        }
      }
    }
    if (errors != NULL) errors[b] = acc * inv;
    if (tails != NULL) {
      double sum = 0;
      for (int i = 0; i < k; i++) sum += heap[i];
      tails[b] = sum / k;
    }
  }
}
