#!/usr/bin/python3
"""Times the PyTorch reference (../shared/reference/ref_deepsphere.py) on one dataset pickle, for
`npm run bench`: full-batch training epochs (the reference's own loop: model, loss, Adam) after
warm-up epochs, and the no-grad forward pass over every case (what scoring needs).

  bench-reference.py --reference-dir DIR --data FILE.pkl --threads N --epochs E [--warmup W]

Prints one JSON line: ms_per_epoch (mean of the timed epochs), score_cases_per_s (best of 3
forward passes), peak_rss_bytes. Exits 3 (with the reason on stderr) when torch is missing.
"""
import argparse
import json
import pickle
import resource
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reference-dir", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--epochs", type=int, required=True)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1000)
    a = ap.parse_args()
    try:
        import numpy as np
        import torch
    except ImportError as error:
        print(f"no torch: {error}", file=sys.stderr)
        sys.exit(3)
    sys.path.insert(0, a.reference_dir)
    from ref_deepsphere import DeepSphere, deepsphere_loss

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    with open(a.data, "rb") as f:
        d = pickle.load(f)
    # the reference's load() without its (M,T,D) ground-truth tensor, which training never reads
    x = np.asarray(d["data"], dtype=np.float32)
    m, t, n, _ = x.shape
    xt = torch.from_numpy(x.reshape(m, t, n * n))
    model = DeepSphere(t, n * n)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def epoch():  # run_deepsphere's full-batch loop body
        model.train()
        opt.zero_grad()
        dist, xhat = model(xt)
        loss = deepsphere_loss(model, xt, dist, xhat, 0.05, 2.0)
        loss.backward()
        opt.step()

    for _ in range(a.warmup):
        epoch()
    t0 = time.perf_counter()
    for _ in range(a.epochs):
        epoch()
    per_epoch = (time.perf_counter() - t0) / a.epochs

    model.eval()
    best = float("inf")
    with torch.no_grad():
        for _ in range(3):
            t1 = time.perf_counter()
            model(xt)
            best = min(best, time.perf_counter() - t1)
    print(json.dumps({
        "ms_per_epoch": per_epoch * 1000,
        "score_cases_per_s": m / best,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
