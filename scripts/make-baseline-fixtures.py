#!/usr/bin/python3
"""Writes test/fixtures/baselines/*.json: small case sets and scikit-learn's LOF / Isolation Forest outputs.

src/baselines/*.test.ts check the TypeScript baselines against these files, so the tests need no Python.
Regenerate with Debian's interpreter (it has sklearn and numpy):  /usr/bin/python3 scripts/make-baseline-fixtures.py

Values are drawn as float32 (our datasets are float32) and handed to sklearn as float64, which is the
precision our baselines compute in.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest
from sklearn.ensemble._iforest import _average_path_length
from sklearn.metrics import roc_auc_score
from sklearn.neighbors import LocalOutlierFactor

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'baselines')
rng = np.random.default_rng(20240611)


def as_cases(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def clusters(n, dim):
    """Two Gaussian clusters of different spread, so local densities differ."""
    half = n // 2
    a = rng.normal(0.0, 1.0, size=(half, dim))
    b = rng.normal(4.0, 0.3, size=(n - half, dim))
    return np.concatenate([a, b])[rng.permutation(n)]


def lof_dataset(name, dim, steps, nodes):
    """200 training cases with duplicates (more copies of one case than neighbours: the 1e-10 term), 100 test
    cases: inliers, far outliers, and exact copies of training cases."""
    train = clusters(200, dim)
    train[10:35] = train[9]            # 26 identical cases > 20 neighbours
    train[50:53] = train[49]           # a few identical cases < 20 neighbours
    test = np.concatenate([
        clusters(85, dim),
        rng.normal(0.0, 1.0, size=(10, dim)) + rng.choice([-6.0, 6.0], size=(10, dim)),
        train[[9, 49, 100, 150, 199]],
    ])[rng.permutation(100)]
    return name, as_cases(train), as_cases(test), steps, nodes


def lof_result(train, test, n_neighbors, contamination):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # n_neighbors > n_samples on the tiny set is the point of that case
        lof = LocalOutlierFactor(n_neighbors=n_neighbors, contamination=contamination, novelty=True).fit(train)
    return {
        'nNeighbors': n_neighbors,
        'contamination': contamination,
        'fitMethod': lof._fit_method,
        'effectiveNeighbors': int(lof.n_neighbors_),
        'trainingNegativeOutlierFactor': lof.negative_outlier_factor_.tolist(),
        'offset': float(lof.offset_),
        'testScoreSamples': lof.score_samples(test).tolist(),
        'testPredict': lof.predict(test).tolist(),
    }


def lof_fixture():
    sets = [lof_dataset('kd-tree-8', 8, 2, 2), lof_dataset('brute-27', 27, 3, 3)]
    tiny_train = as_cases(rng.normal(size=(12, 8)))
    tiny_test = as_cases(rng.normal(size=(6, 8)) * 2.0)
    out = []
    for name, train, test, steps, nodes in sets:
        out.append({
            'name': name, 'steps': steps, 'nodes': nodes,
            'train': train.ravel().tolist(), 'test': test.ravel().tolist(),
            'trainCount': len(train), 'testCount': len(test),
            'results': [lof_result(train, test, k, c) for k, c in [(20, 0.1), (5, 0.25), (20, 0.05), (1, 0.1)]],
        })
    out.append({
        'name': 'tiny-12', 'steps': 2, 'nodes': 2,
        'train': tiny_train.ravel().tolist(), 'test': tiny_test.ravel().tolist(),
        'trainCount': len(tiny_train), 'testCount': len(tiny_test),
        'results': [lof_result(tiny_train, tiny_test, 20, 0.1)],
    })
    return out


def percentile_fixture():
    cases = []
    for n in [1, 2, 3, 7, 10, 101, 200, 1000]:
        values = rng.normal(size=n)
        if n >= 10:
            values[: n // 5] = values[0]  # ties
        percents = [100.0 * c for c in [0.01, 0.05, 0.1, 0.25, 0.3, 0.5]]
        cases.append({'values': values.tolist(), 'percents': percents,
                      'percentiles': [float(np.percentile(values, q)) for q in percents]})
    return cases


def shifted_anomalies(n, fraction, dim=27):
    """Standard normal cases; the anomalous ones are shifted by 2.5 in 3 random features (a moderate task)."""
    x = rng.normal(size=(n, dim))
    y = np.zeros(n, dtype=np.int64)
    anomalous = int(round(fraction * n))
    y[:anomalous] = 1
    for i in range(anomalous):
        features = rng.choice(dim, 3, replace=False)
        x[i, features] += rng.choice([-1.0, 1.0], 3) * 2.5
    order = rng.permutation(n)
    return as_cases(x[order]), y[order]


def iforest_fixture():
    train, train_labels = shifted_anomalies(300, 0.1)
    test, test_labels = shifted_anomalies(200, 0.1)
    seeds = list(range(10))
    scores, aucs, flagged = [], [], []
    for seed in seeds:
        forest = IsolationForest(n_estimators=100, contamination=0.1, random_state=seed).fit(train)
        s = -forest.score_samples(test)
        scores.append(s)
        aucs.append(roc_auc_score(test_labels, s))
        flagged.append(float((forest.predict(train) == -1).mean()))
    scores = np.asarray(scores)
    sizes = [0, 1, 2, 3, 4, 10, 255, 256, 100000]
    return {
        'averagePathLength': {'n': sizes, 'c': _average_path_length(sizes).tolist()},
        'steps': 3, 'nodes': 3, 'contamination': 0.1, 'seeds': seeds,
        'train': train.ravel().tolist(), 'trainCount': len(train), 'trainLabels': train_labels.tolist(),
        'test': test.ravel().tolist(), 'testCount': len(test), 'testLabels': test_labels.tolist(),
        'rocAucPerSeed': aucs,
        'trainingFlaggedPerSeed': flagged,
        'meanScorePerCase': scores.mean(axis=0).tolist(),
        'scoreSdPerCase': scores.std(axis=0, ddof=1).tolist(),
    }


def write(name, value):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump({'sklearn': sklearn.__version__, 'numpy': np.__version__, **value}, f)
    print('wrote', os.path.relpath(path))


write('lof-sklearn.json', {'datasets': lof_fixture()})
write('percentile-numpy.json', {'cases': percentile_fixture()})
write('iforest-sklearn.json', iforest_fixture())
