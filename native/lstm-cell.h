#ifndef DEEPSPHERE_LSTM_CELL_H
#define DEEPSPHERE_LSTM_CELL_H

/* The fused LSTM cell step of src/model/lstm.ts (cellForward), float32 storage, float64 arithmetic. */
void lstm_cell_forward_f32(int batch, int hidden, const float *bias, float *gates,
                           const float *c_prev, float *c_next, float *tanh_c, float *h_next);

/* The fused backward of one step (cellBackward in lstm.ts): dL/dpre, the dL/dc carry, db's float64 sums. */
void lstm_cell_backward_f32(int batch, int hidden, const float *gates, float *d_pre, const float *c_prev,
                            const float *tanh_c, const float *dh_ext, const float *dh_rec, float *dc, double *db_sum);

#endif
