// Placeholder: replaced by the OpenBLAS addon build (engine work in progress).
