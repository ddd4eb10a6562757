{
  # Built by scripts/build-native.mjs, which locates OpenBLAS and passes its directories as
  # -Dopenblas_include=... -Dopenblas_libdir=...; the empty defaults fall back to the
  # compiler's standard search paths (enough for Debian's libopenblas-dev).
  "variables": {
    "openblas_include%": "",
    "openblas_libdir%": "",
    # "-lmvec" when glibc's vector math library is present (x86-64 Linux); the cell kernel then
    # calls its SIMD exp/tanh, else the same loop calls the scalar ones.
    "libmvec%": ""
  },
  "targets": [
    {
      "target_name": "deepsphere_gemm",
      "sources": ["native/gemm.c", "native/lstm-cell.c", "native/residual.c", "native/input.c"],
      # The GEMM glue only validates arguments; the arithmetic runs inside OpenBLAS, which picks
      # its own kernel for the CPU at run time, so no -march here (the .node stays portable).
      # The LSTM cell loop is vectorised (-fopenmp-simd: only the simd pragmas, no OpenMP
      # runtime; -fno-math-errno lets exp/tanh vectorise), calling libmvec where it was found.
      "cflags_c": ["-std=c11", "-O3", "-fno-math-errno", "-fopenmp-simd", "-Wall", "-Wextra"],
      "libraries": ["-lopenblas"],
      "conditions": [
        ["libmvec!=''", {"libraries": ["<(libmvec)"], "defines": ["DEEPSPHERE_LIBMVEC"]}],
        ["openblas_include!=''", {"include_dirs": ["<(openblas_include)"]}],
        ["openblas_libdir!=''", {
          "libraries": ["-L<(openblas_libdir)", "-Wl,-rpath,<(openblas_libdir)"]
        }]
      ]
    }
  ]
}
