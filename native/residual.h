#ifndef DEEPSPHERE_RESIDUAL_H
#define DEEPSPHERE_RESIDUAL_H

/* residualPass of src/model/reconstruction.ts: e, dL/dX^ over Y, the dense bias gradient's sums in col (D). */
void residual_pass_f32(int T, int B, int D, const float *x, float *Y, const float *bias,
                       const double *dLde, double *e, double *col);

/* The scoring pass: e_b (if errors) and the mean of the k largest squared residuals (if tails; heap holds k). */
void residual_errors_f32(int T, int B, int D, const float *x, const float *Y, const float *bias,
                         double *errors, double *tails, int k, double *heap);

#endif
