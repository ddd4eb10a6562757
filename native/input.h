#ifndef DEEPSPHERE_INPUT_H
#define DEEPSPHERE_INPUT_H

/* x (B,T,D) row-major -> xIn (T,B,D) time-major, each value times `scale` (float64 product, stored float32). */
void transpose_input_f32(int B, int T, int D, const float *x, float *x_in, double scale);

#endif
