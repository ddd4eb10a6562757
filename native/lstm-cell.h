#ifndef DEEPSPHERE_LSTM_CELL_H
#define DEEPSPHERE_LSTM_CELL_H

/* The fused LSTM cell step of src/model/lstm.ts (cellForward), float32 storage, float64 arithmetic. */
void lstm_cell_forward_f32(int batch, int hidden, const float *bias, float *gates,
                           const float *c_prev, float *c_next, float *tanh_c, float *h_next);

#endif
