#!/usr/bin/python3
"""Writes test/fixtures/metrics-sklearn.json: metric inputs and scikit-learn's values for them.

src/eval/metrics.test.ts checks the TypeScript metrics against this file, so the tests need no Python.
Regenerate with Debian's interpreter (it has sklearn and numpy):  /usr/bin/python3 scripts/make-metrics-fixture.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, average_precision_score, confusion_matrix, f1_score,
                             precision_score, recall_score, roc_auc_score)

rng = np.random.default_rng(20240607)


def case(name, labels, scores, predicted):
    labels = np.asarray(labels, dtype=np.int64)
    scores = np.asarray(scores, dtype=np.float64)
    predicted = np.asarray(predicted, dtype=np.int64)
    both_classes = 0 < labels.sum() < len(labels)
    any_positive = labels.sum() > 0
    tn, fp, fn, tp = confusion_matrix(labels, predicted, labels=[0, 1]).ravel()
    return {
        'name': name,
        'labels': labels.tolist(),
        'scores': scores.tolist(),
        'predicted': predicted.tolist(),
        # sklearn raises for a single-class ROC AUC and warns/NaNs for AP without positives: the TS API says null.
        'rocAuc': float(roc_auc_score(labels, scores)) if both_classes else None,
        'averagePrecision': float(average_precision_score(labels, scores)) if any_positive else None,
        'confusion': {'tp': int(tp), 'fp': int(fp), 'tn': int(tn), 'fn': int(fn)},
        'classification': {
            'accuracy': float(accuracy_score(labels, predicted)),
            'precision': float(precision_score(labels, predicted, zero_division=0)),
            'recall': float(recall_score(labels, predicted, zero_division=0)),
            'f1': float(f1_score(labels, predicted, zero_division=0)),
        },
    }


def random_labels(n, p):
    return (rng.random(n) < p).astype(np.int64)


cases = []
for n, p in [(20, 0.5), (200, 0.1), (1000, 0.3), (5000, 0.02)]:
    labels = random_labels(n, p)
    scores = rng.normal(size=n) + labels * 0.8
    cases.append(case(f'continuous n={n} p={p}', labels, scores, (scores > 0.5).astype(np.int64)))
for n, levels in [(50, 2), (300, 3), (2000, 5), (4000, 20)]:
    labels = random_labels(n, 0.3)
    scores = rng.integers(0, levels, size=n) + labels * rng.integers(0, 2, size=n)
    cases.append(case(f'heavy ties n={n} levels={levels}', labels, scores, (scores >= levels // 2).astype(np.int64)))
labels = random_labels(100, 0.4)
cases.append(case('all scores equal', labels, np.full(100, 0.25), np.zeros(100)))
# sklearn refuses infinities, so the extremes are the largest finite doubles.
cases.append(case('signed zeros and extremes', [1, 0, 1, 0, 0, 1, 0], [-0.0, 0.0, 1.7e308, -1.7e308, 0.0, -0.0, 1e300],
                  [0, 0, 1, 0, 0, 0, 1]))
cases.append(case('two points, right order', [0, 1], [0.1, 0.9], [0, 1]))
cases.append(case('two points, wrong order', [0, 1], [0.9, 0.1], [1, 0]))
cases.append(case('two points, tied', [1, 0], [3.0, 3.0], [1, 1]))
cases.append(case('one positive first', [1, 0, 0, 0], [5, 1, 2, 3], [1, 0, 0, 0]))
cases.append(case('one positive last', [0, 0, 0, 1], [5, 1, 2, 0], [0, 0, 0, 0]))
cases.append(case('perfect separation with ties', [1, 1, 1, 0, 0, 0], [2, 2, 1, 0, 0, -1], [1, 1, 1, 0, 0, 0]))
cases.append(case('only positives', [1, 1, 1], [0.2, 0.1, 0.2], [1, 0, 1]))
cases.append(case('only negatives', [0, 0, 0, 0], [0.3, 0.1, 0.2, 0.3], [0, 0, 0, 0]))
cases.append(case('only negatives, some predicted', [0, 0, 0], [0.3, 0.1, 0.2], [1, 0, 1]))
cases.append(case('single point', [1], [0.7], [1]))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'metrics-sklearn.json')
with open(out, 'w') as f:
    # Python's float repr is the shortest exact round-trip, so JSON.parse yields the same doubles.
    json.dump({'generator': 'scripts/make-metrics-fixture.py', 'sklearn': sklearn.__version__, 'cases': cases}, f)
    f.write('\n')
print(f'wrote {len(cases)} cases to {os.path.normpath(out)}')
