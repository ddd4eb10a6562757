{
  # Built by scripts/build-native.mjs, which locates OpenBLAS and passes its directories as
  # -Dopenblas_include=... -Dopenblas_libdir=...; the empty defaults fall back to the
  # compiler's standard search paths (enough for Debian's libopenblas-dev).
  "variables": {
    "openblas_include%": "",
    "openblas_libdir%": ""
  },
  "targets": [
    {
      "target_name": "deepsphere_gemm",
      "sources": ["native/gemm.c"],
      # The glue only validates arguments; the arithmetic runs inside OpenBLAS, which picks
      # its own kernel for the CPU at run time, so no -march here (the .node stays portable).
      "cflags_c": ["-std=c11", "-O2", "-Wall", "-Wextra"],
      "libraries": ["-lopenblas"],
      "conditions": [
        ["openblas_include!=''", {"include_dirs": ["<(openblas_include)"]}],
        ["openblas_libdir!=''", {
          "libraries": ["-L<(openblas_libdir)", "-Wl,-rpath,<(openblas_libdir)"]
        }]
      ]
    }
  ]
}
