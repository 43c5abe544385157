"""GBDT bench helper: writes a case's synthetic data set as raw float64 files, and fits one peer.

Usage (run by bench/engine/gbdt.mjs):
  /usr/bin/python3 bench/engine/gbdt-peers.py make CASE OUT_DIR [TRAIN_ROWS]
      writes OUT_DIR/x-columns.f64 (column-major), OUT_DIR/y.f64 and OUT_DIR/meta.json.
  /usr/bin/python3 bench/engine/gbdt-peers.py fit LIBRARY OUT_DIR THREADS
      LIBRARY is sklearn or xgboost; prints one JSON object: library, version, fitSeconds,
      cpuSeconds, peakRssMb and the held-out metrics (binary: auc, logLoss; multiclass:
      accuracy, logLoss; regression: r2, rmse). Each peer runs in its own process, so peak RSS is its own.
      Prints {"missing": ...} when the library is not installed.
The held-out rows are the last TEST rows of the generated set.
"""
import json
import os
import resource
import sys
import time

import numpy as np

# Train rows, held-out rows and the generator of every case (all seeded with random_state=7).
CASES = {
    "binary-100k": {"task": "binary", "train": 100_000, "test": 10_000, "features": 28},
    "binary-1m": {"task": "binary", "train": 1_000_000, "test": 100_000, "features": 28},
    "binary-80k-10": {"task": "binary", "train": 80_000, "test": 8_000, "features": 10},
    "multiclass-500k": {"task": "multiclass", "train": 500_000, "test": 50_000, "features": 28,
                        "classes": 7},
    "regression-1m": {"task": "regression", "train": 1_000_000, "test": 100_000, "features": 28},
}


def generate(case, n):
    from sklearn.datasets import make_classification, make_regression

    f = case["features"]
    if case["task"] == "regression":
        return make_regression(n_samples=n, n_features=f, n_informative=20, noise=10.0,
                               random_state=7)
    if f == 10:
        return make_classification(n_samples=n, n_features=10, n_informative=6, n_redundant=2,
                                   flip_y=0.05, class_sep=0.8, random_state=7)
    return make_classification(n_samples=n, n_features=f, n_informative=20, n_redundant=4,
                               n_classes=case.get("classes", 2), flip_y=0.05, class_sep=0.8,
                               random_state=7)


def make(name, out_dir, train_rows=None):
    case = dict(CASES[name])
    if train_rows:  # a smaller run for development: same generator, fewer rows
        case["test"] = max(1, round(case["test"] * train_rows / case["train"]))
        case["train"] = train_rows
    x, y = generate(case, case["train"] + case["test"])
    os.makedirs(out_dir, exist_ok=True)
    np.ascontiguousarray(x.T, dtype=np.float64).tofile(os.path.join(out_dir, "x-columns.f64"))
    y.astype(np.float64).tofile(os.path.join(out_dir, "y.f64"))
    with open(os.path.join(out_dir, "meta.json"), "w") as f:
        json.dump({"case": name, **case}, f)


def load(out_dir):
    with open(os.path.join(out_dir, "meta.json")) as f:
        meta = json.load(f)
    total = meta["train"] + meta["test"]
    x = np.fromfile(os.path.join(out_dir, "x-columns.f64")).reshape(meta["features"], total).T
    y = np.fromfile(os.path.join(out_dir, "y.f64"))
    n = meta["train"]
    return meta, x[:n], y[:n], x[n:], y[n:]


def scores(task, y_test, predicted):
    from sklearn.metrics import accuracy_score, log_loss, mean_squared_error, r2_score, roc_auc_score

    if task == "regression":
        return {"r2": float(r2_score(y_test, predicted)),
                "rmse": float(mean_squared_error(y_test, predicted) ** 0.5)}
    if task == "binary":
        return {"auc": float(roc_auc_score(y_test, predicted[:, 1])),
                "logLoss": float(log_loss(y_test, predicted))}
    return {"accuracy": float(accuracy_score(y_test, predicted.argmax(axis=1))),
            "logLoss": float(log_loss(y_test, predicted))}


def sklearn_model(task, threads):
    import sklearn
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

    cls = HistGradientBoostingRegressor if task == "regression" else HistGradientBoostingClassifier
    model = cls(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20,
                max_bins=255, early_stopping=False, random_state=0)
    return f"scikit-learn HistGradientBoosting ({threads} threads)", sklearn.__version__, model


def xgboost_model(task, threads):
    import xgboost

    cls = xgboost.XGBRegressor if task == "regression" else xgboost.XGBClassifier
    model = cls(n_estimators=100, learning_rate=0.1, tree_method="hist", grow_policy="lossguide",
                max_leaves=31, max_depth=0, max_bin=256, min_child_weight=1e-3, n_jobs=threads)
    return f"XGBoost hist lossguide ({threads} threads)", xgboost.__version__, model


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def fit(library, out_dir, threads):
    meta, x_train, y_train, x_test, y_test = load(out_dir)
    task = meta["task"]
    try:
        name, version, model = (sklearn_model if library == "sklearn" else xgboost_model)(task, threads)
    except ImportError:
        print(json.dumps({"missing": f"python3-{library}"}))
        return
    cpu_before = cpu_seconds()
    start = time.perf_counter()
    model.fit(x_train, y_train)
    seconds = time.perf_counter() - start
    cpu = cpu_seconds() - cpu_before
    predicted = model.predict(x_test) if task == "regression" else model.predict_proba(x_test)
    print(json.dumps({
        "library": name,
        "version": version,
        "threads": threads,
        "fitSeconds": round(seconds, 3),
        # CPU of every thread: less sensitive than wall time to other jobs on the cores, though
        # OpenMP threads that spin while waiting count too.
        "cpuSeconds": round(cpu, 3),
        # ru_maxrss is in KiB on Linux.
        "peakRssMb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        **scores(task, y_test, predicted),
    }))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else None)
    elif sys.argv[1] == "fit":
        fit(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        raise SystemExit("usage: gbdt-peers.py make CASE DIR [TRAIN_ROWS] | fit LIBRARY DIR THREADS")
