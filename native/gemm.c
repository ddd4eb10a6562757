/*
 * deepsphere_gemm: the N-API bridge from Float32Array/Float64Array views to OpenBLAS.
 *
 * JS calls sgemm/dgemm(transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc) with
 * row-major BLAS semantics. Every argument is validated before cblas_?gemm sees it: BLAS
 * itself trusts the caller, so an undersized view here would be a silent out-of-bounds
 * write into the JS heap. Errors are thrown as JS TypeError/RangeError, never printed.
 *
 * It also exports the model's native element-wise kernels (lstm-cell.c, residual.c, input.c),
 * each with its sizes and offsets checked against the views here, for the same reason.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <cblas.h>

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "input.h"
#include "lstm-cell.h"
#include "residual.h"

#define GEMM_ARGC 13

typedef struct {
  void *data;      /* first element, byteOffset already applied by N-API */
  size_t length;   /* in elements */
  size_t needed;   /* elements the call touches, from the first one */
} View;

/* Throws unless an exception is already pending (then the engine's message wins). */
static napi_value throw_type(napi_env env, const char *message) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_type_error(env, NULL, message);
  return NULL;
}

static napi_value throw_range(napi_env env, const char *message) {
  napi_throw_range_error(env, NULL, message);
  return NULL;
}

static bool get_bool(napi_env env, napi_value value, bool *out) {
  return napi_get_value_bool(env, value, out) == napi_ok;
}

static bool get_number(napi_env env, napi_value value, double *out) {
  return napi_get_value_double(env, value, out) == napi_ok;
}

/* An integer in [lo, INT_MAX]: OpenBLAS's blasint is a 32-bit int in this build. */
static bool get_int(napi_env env, napi_value value, int lo, int *out) {
  double x;
  if (!get_number(env, value, &x) || x != floor(x) || x < lo || x > INT_MAX) return false;
  *out = (int)x;
  return true;
}

static bool get_view(napi_env env, napi_value value, napi_typedarray_type want, View *view) {
  bool is_typed = false;
  napi_typedarray_type type;
  napi_value buffer;
  size_t byte_offset;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return false;
  if (napi_get_typedarray_info(env, value, &type, &view->length, &view->data, &buffer,
                               &byte_offset) != napi_ok) return false;
  return type == want;
}

/* Elements a rows x cols row-major matrix with row stride ld spans (0 when empty). */
static size_t extent(int rows, int cols, int ld) {
  if (rows == 0 || cols == 0) return 0;
  return (size_t)(rows - 1) * (size_t)ld + (size_t)cols;
}

static bool overlaps(const View *a, const View *b, size_t element_size) {
  if (a->needed == 0 || b->needed == 0) return false;
  const char *a0 = a->data, *b0 = b->data;
  return a0 < b0 + b->needed * element_size && b0 < a0 + a->needed * element_size;
}

/* Shared by sgemm and dgemm; `dbl` picks the element type. */
static napi_value gemm(napi_env env, napi_callback_info info, bool dbl) {
  const char *fn = dbl ? "dgemm" : "sgemm";
  const napi_typedarray_type want = dbl ? napi_float64_array : napi_float32_array;
  const size_t element_size = dbl ? sizeof(double) : sizeof(float);
  char message[256];
  size_t argc = GEMM_ARGC;
  napi_value argv[GEMM_ARGC];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return throw_type(env, "gemm: bad call");
  if (argc != GEMM_ARGC) {
    snprintf(message, sizeof message, "%s: expected %d arguments, got %zu", fn, GEMM_ARGC, argc);
    return throw_type(env, message);
  }

  bool trans_a, trans_b;
  int m, n, k, lda, ldb, ldc;
  double alpha, beta;
  View a, b, c;
  if (!get_bool(env, argv[0], &trans_a) || !get_bool(env, argv[1], &trans_b)) {
    snprintf(message, sizeof message, "%s: transA and transB must be booleans", fn);
    return throw_type(env, message);
  }
  if (!get_int(env, argv[2], 0, &m) || !get_int(env, argv[3], 0, &n) || !get_int(env, argv[4], 0, &k) ||
      !get_int(env, argv[7], 1, &lda) || !get_int(env, argv[9], 1, &ldb) || !get_int(env, argv[12], 1, &ldc)) {
    snprintf(message, sizeof message,
             "%s: m, n, k must be integers >= 0 and lda, ldb, ldc integers >= 1 (all <= %d)", fn, INT_MAX);
    return throw_range(env, message);
  }
  if (!get_number(env, argv[5], &alpha) || !get_number(env, argv[10], &beta)) {
    snprintf(message, sizeof message, "%s: alpha and beta must be numbers", fn);
    return throw_type(env, message);
  }
  if (!get_view(env, argv[6], want, &a) || !get_view(env, argv[8], want, &b) || !get_view(env, argv[11], want, &c)) {
    snprintf(message, sizeof message, "%s: A, B and C must all be %s", fn, dbl ? "Float64Array" : "Float32Array");
    return throw_type(env, message);
  }

  /* Stored shapes: A is m x k (k x m when transposed), B is k x n (n x k), C is m x n. */
  const int a_rows = trans_a ? k : m, a_cols = trans_a ? m : k;
  const int b_rows = trans_b ? n : k, b_cols = trans_b ? k : n;
  if (lda < a_cols || ldb < b_cols || ldc < n) {
    snprintf(message, sizeof message, "%s: leading dimensions too small (lda %d < %d, ldb %d < %d or ldc %d < %d)",
             fn, lda, a_cols, ldb, b_cols, ldc, n);
    return throw_range(env, message);
  }
  /* Operands the product never reads need no storage (k == 0, or nothing to write). */
  const bool reads = m > 0 && n > 0 && k > 0;
  a.needed = reads ? extent(a_rows, a_cols, lda) : 0;
  b.needed = reads ? extent(b_rows, b_cols, ldb) : 0;
  c.needed = extent(m, n, ldc);
  if (a.needed > a.length || b.needed > b.length || c.needed > c.length) {
    snprintf(message, sizeof message,
             "%s: buffer too small for %dx%dx%d (A needs %zu of %zu, B needs %zu of %zu, C needs %zu of %zu)",
             fn, m, n, k, a.needed, a.length, b.needed, b.length, c.needed, c.length);
    return throw_range(env, message);
  }
  if (overlaps(&c, &a, element_size) || overlaps(&c, &b, element_size)) {
    snprintf(message, sizeof message, "%s: C must not overlap A or B", fn);
    return throw_range(env, message);
  }
  if (c.needed == 0) return NULL;

  const enum CBLAS_TRANSPOSE ta = trans_a ? CblasTrans : CblasNoTrans;
  const enum CBLAS_TRANSPOSE tb = trans_b ? CblasTrans : CblasNoTrans;
  if (dbl) {
    cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, alpha, a.data, lda, b.data, ldb, beta, c.data, ldc);
  } else {
    cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, (float)alpha, a.data, lda, b.data, ldb, (float)beta, c.data, ldc);
  }
  return NULL;
}

static napi_value sgemm(napi_env env, napi_callback_info info) { return gemm(env, info, false); }
static napi_value dgemm(napi_env env, napi_callback_info info) { return gemm(env, info, true); }

static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int threads;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1 ||
      !get_int(env, argv[0], 1, &threads)) {
    return throw_range(env, "setThreads: expected one integer >= 1");
  }
  openblas_set_num_threads(threads);
  return NULL;
}

static napi_value get_threads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_int32(env, openblas_get_num_threads(), &result);
  return result;
}

/* e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64" */
static napi_value config(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &result);
  return result;
}

/* A Float32Array holding at least `needed` elements from its start. */
static bool get_f32(napi_env env, napi_value value, size_t needed, float **out) {
  View view;
  if (!get_view(env, value, napi_float32_array, &view) || view.length < needed) return false;
  *out = view.data;
  return true;
}

/*
 * cellForward(B, H, bias, gates, gOff, c, prev, next, tc, h): the fused LSTM cell step of lstm.ts
 * (see lstm-cell.c), all arrays Float32Array, offsets in elements. Bounds are checked here.
 */
static napi_value cell_forward(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  int B, H, g_off, prev, next;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 10 ||
      !get_int(env, argv[0], 0, &B) || !get_int(env, argv[1], 1, &H) || !get_int(env, argv[4], 0, &g_off) ||
      !get_int(env, argv[6], 0, &prev) || !get_int(env, argv[7], 0, &next)) {
    return throw_range(env, "cellForward: expected (B, H, bias, gates, gOff, c, prev, next, tc, h) with integer sizes and offsets");
  }
  const size_t state = (size_t)B * (size_t)H;
  float *bias, *gates, *c, *tc, *h;
  if (!get_f32(env, argv[2], 4 * (size_t)H, &bias) || !get_f32(env, argv[3], (size_t)g_off + 4 * state, &gates) ||
      !get_f32(env, argv[5], (size_t)(prev > next ? prev : next) + state, &c) ||
      !get_f32(env, argv[8], (size_t)prev + state, &tc) || !get_f32(env, argv[9], (size_t)next + state, &h)) {
    return throw_range(env, "cellForward: bias, gates, c, tc and h must be Float32Arrays large enough for B x H at their offsets");
  }
  lstm_cell_forward_f32(B, H, bias, gates + g_off, c + prev, c + next, tc + prev, h + next);
  return NULL;
}

static bool get_f64(napi_env env, napi_value value, size_t needed, double **out) {
  View view;
  if (!get_view(env, value, napi_float64_array, &view) || view.length < needed) return false;
  *out = view.data;
  return true;
}

/* A Float64Array of at least `needed` elements, or null/undefined (then *out = NULL). */
static bool get_f64_or_null(napi_env env, napi_value value, size_t needed, double **out) {
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok) return false;
  if (type == napi_null || type == napi_undefined) {
    *out = NULL;
    return true;
  }
  return get_f64(env, value, needed, out);
}

/* residualPass(T, B, D, x, Y, bias, dLde, e, col): see residual.c; x, Y, bias Float32Array, the rest Float64Array. */
static napi_value residual_pass(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  int T, B, D;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 9 ||
      !get_int(env, argv[0], 1, &T) || !get_int(env, argv[1], 0, &B) || !get_int(env, argv[2], 1, &D)) {
    return throw_range(env, "residualPass: expected (T, B, D, x, Y, bias, dLde, e, col) with integer sizes");
  }
  const size_t cells = (size_t)T * (size_t)B * (size_t)D;
  float *x, *y, *bias;
  double *dlde, *e, *col;
  if (!get_f32(env, argv[3], cells, &x) || !get_f32(env, argv[4], cells, &y) || !get_f32(env, argv[5], (size_t)D, &bias) ||
      !get_f64(env, argv[6], (size_t)B, &dlde) || !get_f64(env, argv[7], (size_t)B, &e) || !get_f64(env, argv[8], (size_t)D, &col)) {
    return throw_range(env, "residualPass: x, Y (T*B*D), bias (D) must be Float32Arrays and dLde, e (B), col (D) Float64Arrays, large enough");
  }
  residual_pass_f32(T, B, D, x, y, bias, dlde, e, col);
  return NULL;
}

/* residualErrors(T, B, D, x, Y, bias, errors|null, tails|null, k, heap): see residual.c. */
static napi_value residual_errors(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  int T, B, D, k;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 10 ||
      !get_int(env, argv[0], 1, &T) || !get_int(env, argv[1], 0, &B) || !get_int(env, argv[2], 1, &D) ||
      !get_int(env, argv[8], 1, &k) || (size_t)k > (size_t)T * (size_t)D) {
    return throw_range(env, "residualErrors: expected (T, B, D, x, Y, bias, errors, tails, k, heap) with integer sizes, 1 <= k <= T*D");
  }
  const size_t cells = (size_t)T * (size_t)B * (size_t)D;
  float *x, *y, *bias;
  double *errors, *tails, *heap;
  if (!get_f32(env, argv[3], cells, &x) || !get_f32(env, argv[4], cells, &y) || !get_f32(env, argv[5], (size_t)D, &bias) ||
      !get_f64_or_null(env, argv[6], (size_t)B, &errors) || !get_f64_or_null(env, argv[7], (size_t)B, &tails) ||
      !get_f64(env, argv[9], (size_t)k, &heap)) {
    return throw_range(env, "residualErrors: x, Y (T*B*D), bias (D) must be Float32Arrays, errors and tails (B) Float64Arrays or null, heap (k) a Float64Array");
  }
  residual_errors_f32(T, B, D, x, y, bias, errors, tails, k, heap);
  return NULL;
}

/*
 * cellBackward(B, H, gates, dPre, gOff, c, tc, off, dhExt, dhRec, dc, dbSum): the fused backward
 * step of lstm.ts; Float32Arrays but dbSum (Float64Array, 4H), offsets in elements, bounds checked.
 */
static napi_value cell_backward(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  int B, H, g_off, off;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 12 ||
      !get_int(env, argv[0], 0, &B) || !get_int(env, argv[1], 1, &H) || !get_int(env, argv[4], 0, &g_off) ||
      !get_int(env, argv[7], 0, &off)) {
    return throw_range(env, "cellBackward: expected (B, H, gates, dPre, gOff, c, tc, off, dhExt, dhRec, dc, dbSum) with integer sizes and offsets");
  }
  const size_t state = (size_t)B * (size_t)H;
  float *gates, *d_pre, *c, *tc, *dh_ext, *dh_rec, *dc;
  double *db_sum;
  if (!get_f32(env, argv[2], (size_t)g_off + 4 * state, &gates) || !get_f32(env, argv[3], (size_t)g_off + 4 * state, &d_pre) ||
      !get_f32(env, argv[5], (size_t)off + state, &c) || !get_f32(env, argv[6], (size_t)off + state, &tc) ||
      !get_f32(env, argv[8], (size_t)off + state, &dh_ext) || !get_f32(env, argv[9], state, &dh_rec) ||
      !get_f32(env, argv[10], state, &dc) || !get_f64(env, argv[11], 4 * (size_t)H, &db_sum)) {
    return throw_range(env, "cellBackward: gates, dPre, c, tc, dhExt, dhRec, dc must be Float32Arrays and dbSum a Float64Array, large enough for B x H at their offsets");
  }
  lstm_cell_backward_f32(B, H, gates + g_off, d_pre + g_off, c + off, tc + off, dh_ext + off, dh_rec, dc, db_sum);
  return NULL;
}

/* transposeInput(B, T, D, x, xIn, scale): see input.c; x (B*T*D) and xIn (T*B*D) Float32Arrays. */
static napi_value transpose_input(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  int B, T, D;
  double scale;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 6 ||
      !get_int(env, argv[0], 0, &B) || !get_int(env, argv[1], 1, &T) || !get_int(env, argv[2], 1, &D) ||
      !get_number(env, argv[5], &scale)) {
    return throw_range(env, "transposeInput: expected (B, T, D, x, xIn, scale) with integer sizes and a numeric scale");
  }
  const size_t cells = (size_t)B * (size_t)T * (size_t)D;
  float *x, *x_in;
  if (!get_f32(env, argv[3], cells, &x) || !get_f32(env, argv[4], cells, &x_in)) {
    return throw_range(env, "transposeInput: x and xIn must be Float32Arrays of at least B*T*D values");
  }
  transpose_input_f32(B, T, D, x, x_in, scale);
  return NULL;
}

NAPI_MODULE_INIT() {
  const napi_property_descriptor methods[] = {
    {"sgemm", NULL, sgemm, NULL, NULL, NULL, napi_enumerable, NULL},
    {"dgemm", NULL, dgemm, NULL, NULL, NULL, napi_enumerable, NULL},
    {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_enumerable, NULL},
    {"getThreads", NULL, get_threads, NULL, NULL, NULL, napi_enumerable, NULL},
    {"config", NULL, config, NULL, NULL, NULL, napi_enumerable, NULL},
    {"cellForward", NULL, cell_forward, NULL, NULL, NULL, napi_enumerable, NULL},
    {"cellBackward", NULL, cell_backward, NULL, NULL, NULL, napi_enumerable, NULL},
    {"transposeInput", NULL, transpose_input, NULL, NULL, NULL, napi_enumerable, NULL},
    {"residualPass", NULL, residual_pass, NULL, NULL, NULL, napi_enumerable, NULL},
    {"residualErrors", NULL, residual_errors, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods) != napi_ok) return NULL;
  return exports;
}
