"""Golden row splits from scikit-learn for packages/engine/src/__tests__/validation-golden.test.ts.

Run: /usr/bin/python3 bench/engine/make-split-golden.py > packages/engine/src/__tests__/fixtures/split-sklearn.json

Records exact folds where scikit-learn has no randomness (KFold and StratifiedKFold without
shuffle, TimeSeriesSplit) and per-class counts where it does (shuffled, stratified splits): those
counts are compared only when scikit-learn gives the same counts for every random_state tried
(i.e. no tie had to be broken by its RNG).
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.model_selection import KFold, StratifiedKFold, TimeSeriesSplit, train_test_split

COMMAND = "/usr/bin/python3 bench/engine/make-split-golden.py > packages/engine/src/__tests__/fixtures/split-sklearn.json"
rng = np.random.default_rng(7)


def labels_with_counts(counts):
    y = np.concatenate([np.full(c, k) for k, c in enumerate(counts)])
    rng.shuffle(y)
    return y


def class_counts(y, rows, k):
    return np.bincount(y[rows], minlength=k).tolist()


holdout = []
for counts, test_size in [
    ([50, 30, 20], 0.25),
    ([7, 13, 41], 0.3),
    ([100, 3], 0.2),
    ([9, 9, 9, 5], 0.5),
    ([500, 37, 12, 2], 0.1),
    ([33, 67], 17),
    ([3, 4, 5, 6, 7, 8], 0.33),
]:
    y = labels_with_counts(counts)
    seen = set()
    for seed in range(30):
        train, test = train_test_split(np.arange(len(y)), test_size=test_size, stratify=y, random_state=seed)
        seen.add((tuple(class_counts(y, train, len(counts))), tuple(class_counts(y, test, len(counts)))))
    train, test = train_test_split(np.arange(len(y)), test_size=test_size, stratify=y, random_state=0)
    holdout.append({
        "labels": y.tolist(),
        "testSize": test_size,
        "nTrain": len(train),
        "nTest": len(test),
        "deterministicCounts": len(seen) == 1,
        "trainCounts": class_counts(y, train, len(counts)),
        "testCounts": class_counts(y, test, len(counts)),
    })

plain_holdout = []
for n, test_size in [(10, 0.25), (101, 0.3), (7, 3), (1000, 0.123)]:
    train, test = train_test_split(np.arange(n), test_size=test_size, random_state=0)
    plain_holdout.append({"numRows": n, "testSize": test_size, "nTrain": len(train), "nTest": len(test)})

kfold = []
for n, k in [(10, 3), (7, 7), (23, 5), (100, 4)]:
    kfold.append({
        "numRows": n,
        "nSplits": k,
        "folds": [test.tolist() for _, test in KFold(n_splits=k).split(np.zeros(n))],
    })

stratified = []
for counts, k in [([6, 4], 2), ([10, 7, 3], 3), ([12, 5, 4, 1], 4), ([25, 24, 3], 5), ([2, 40], 3)]:
    y = labels_with_counts(counts)
    folds = [test.tolist() for _, test in StratifiedKFold(n_splits=k).split(np.zeros(len(y)), y)]
    shuffled = [
        np.bincount(y[test], minlength=len(counts)).tolist()
        for _, test in StratifiedKFold(n_splits=k, shuffle=True, random_state=1).split(np.zeros(len(y)), y)
    ]
    stratified.append({"labels": y.tolist(), "nSplits": k, "folds": folds, "shuffledFoldCounts": shuffled})

time_series = []
for n, opts in [
    (20, {"n_splits": 5}),
    (20, {"n_splits": 3, "gap": 2}),
    (30, {"n_splits": 4, "max_train_size": 6}),
    (30, {"n_splits": 3, "test_size": 4, "gap": 1, "max_train_size": 10}),
    (13, {"n_splits": 2}),
    (100, {"n_splits": 7, "test_size": 9, "gap": 5}),
]:
    splits = TimeSeriesSplit(**opts).split(np.zeros(n))
    time_series.append({
        "numRows": n,
        "options": opts,
        "splits": [{"train": tr.tolist(), "test": te.tolist()} for tr, te in splits],
    })

json.dump({
    "command": COMMAND,
    "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0]},
    "stratifiedHoldout": holdout,
    "holdout": plain_holdout,
    "kFold": kfold,
    "stratifiedKFold": stratified,
    "timeSeriesSplit": time_series,
}, sys.stdout)
