/*
 * The fused LSTM cell step and its backward, natively: for each case b and unit j (gates packed i, f, g, o):
 *   i, f, o = sigmoid(pre + bias), g = tanh(pre + bias)   (written over the pre-activations)
 *   c_t = f c_{t-1} + i g,  tanh(c_t),  h_t = o tanh(c_t)
 * exactly the contract and arithmetic of cellForward in src/model/lstm.ts: float32 storage,
 * float64 arithmetic, tanh(c_t) taken from the stored (rounded) c_t as the backward pass sees it.
 *
 * Why native: the five exp/tanh per cell are most of the element-wise time of a step, and V8
 * calls a scalar libm for each. Here the unit loop is vectorised and, where the build found
 * libmvec (x86-64 glibc; scripts/build-native.mjs), the declarations below let GCC call libmvec's SIMD exp/tanh (float64, within a few ulp, so the
 * float32 results match the JS kernel's to rounding). Elsewhere the same code runs scalar.
 */
#include "lstm-cell.h"

#include <math.h>
#include <stddef.h>

#if defined(DEEPSPHERE_LIBMVEC) && defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((simd("notinbranch"))) double exp(double);
__attribute__((simd("notinbranch"))) double tanh(double);
/* An AVX2 clone (4 doubles a vector, libmvec's AVX2 exp/tanh) picked at load time where the CPU has it. */
#define VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VECTOR_CLONES
#endif

static inline double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

VECTOR_CLONES void lstm_cell_forward_f32(int batch, int hidden, const float *bias, float *gates,
                           const float *c_prev, float *c_next, float *tanh_c, float *h_next) {
  const int H = hidden;
  for (int b = 0; b < batch; b++) {
    float *restrict gi = gates + (size_t)b * 4 * H;
    float *restrict gf = gi + H;
    float *restrict gg = gf + H;
    float *restrict go = gg + H;
    const float *restrict cp = c_prev + (size_t)b * H;
    float *restrict cn = c_next + (size_t)b * H;
    float *restrict tc = tanh_c + (size_t)b * H;
    float *restrict hn = h_next + (size_t)b * H;
#pragma omp simd
    for (int j = 0; j < H; j++) {
      const double i = sigmoid((double)gi[j] + bias[j]);
      const double f = sigmoid((double)gf[j] + bias[H + j]);
      const double g = tanh((double)gg[j] + bias[2 * H + j]);
      const double o = sigmoid((double)go[j] + bias[3 * H + j]);
      gi[j] = (float)i;
      gf[j] = (float)f;
      gg[j] = (float)g;
      go[j] = (float)o;
      const float c = (float)(f * cp[j] + i * g);
      cn[j] = c;
      const float t = (float)tanh((double)c);
      tc[j] = t;
      hn[j] = (float)(o * t);
    }
  }
}

/*
 * cellBackward of lstm.ts, same float64 arithmetic in the same order: with dh = dhExt + dhRec,
 *   dc' = dc + dh o (1 - tanh(c)^2),  dPre = (dc' g i(1-i), dc' c_{t-1} f(1-f), dc' i (1-g^2), dh tanh(c) o(1-o)),
 *   dc <- dc' f, and dPre summed into db_sum (4H, float64) for the bias gradient.
 */
void lstm_cell_backward_f32(int batch, int hidden, const float *gates, float *d_pre, const float *c_prev,
                            const float *tanh_c, const float *dh_ext, const float *dh_rec, float *dc, double *db_sum) {
  const int H = hidden;
  for (int b = 0; b < batch; b++) {
    const float *restrict gi = gates + (size_t)b * 4 * H;
    float *restrict di = d_pre + (size_t)b * 4 * H;
    const float *restrict cp = c_prev + (size_t)b * H;
    const float *restrict tc = tanh_c + (size_t)b * H;
    const float *restrict de = dh_ext + (size_t)b * H;
    const float *restrict dr = dh_rec + (size_t)b * H;
    float *restrict dcr = dc + (size_t)b * H;
#pragma omp simd
    for (int j = 0; j < H; j++) {
      const double i = gi[j], f = gi[H + j], g = gi[2 * H + j], o = gi[3 * H + j];
      const double t = tc[j];
      const double dh = (double)de[j] + dr[j];
      const double dcj = dcr[j] + dh * o * (1 - t * t);
      const double d_i = dcj * g * i * (1 - i);
      const double d_f = dcj * cp[j] * f * (1 - f);
      const double d_g = dcj * i * (1 - g * g);
      const double d_o = dh * t * o * (1 - o);
      di[j] = (float)d_i;
      di[H + j] = (float)d_f;
      di[2 * H + j] = (float)d_g;
      di[3 * H + j] = (float)d_o;
      db_sum[j] += d_i;
      db_sum[H + j] += d_f;
      db_sum[2 * H + j] += d_g;
      db_sum[3 * H + j] += d_o;
      dcr[j] = (float)(dcj * f);
    }
  }
}
