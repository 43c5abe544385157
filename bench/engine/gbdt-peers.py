"""Bench helper: writes the synthetic GBDT data set as raw float64 files and times the peers on it.

Usage: /usr/bin/python3 bench/engine/gbdt-peers.py OUT_DIR N_ROWS N_TEST THREADS
Prints one JSON object: {"peers": [{library, version, fitSeconds, auc, logLoss}], "missing": [...]}.
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.datasets import make_classification
from sklearn.metrics import log_loss, roc_auc_score

out_dir, n_rows, n_test, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
x, y = make_classification(
    n_samples=n_rows + n_test,
    n_features=28,
    n_informative=20,
    n_redundant=4,
    flip_y=0.05,
    class_sep=0.8,
    random_state=7,
)
x = x.astype(np.float64)
os.makedirs(out_dir, exist_ok=True)
np.ascontiguousarray(x.T).tofile(os.path.join(out_dir, "x-columns.f64"))  # column-major
y.astype(np.float64).tofile(os.path.join(out_dir, "y.f64"))
x_train, y_train, x_test, y_test = x[:n_rows], y[:n_rows], x[n_rows:], y[n_rows:]


def record(library, version, fit):
    start = time.perf_counter()
    proba = fit()
    seconds = time.perf_counter() - start
    return {
        "library": library,
        "version": version,
        "fitSeconds": round(seconds, 3),
        "auc": float(roc_auc_score(y_test, proba)),
        "logLoss": float(log_loss(y_test, proba)),
    }


peers, missing = [], []
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier


def fit_sklearn():
    model = HistGradientBoostingClassifier(
        max_iter=100, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20,
        max_bins=255, early_stopping=False, random_state=0,
    ).fit(x_train, y_train)
    return model.predict_proba(x_test)[:, 1]


peers.append(record("scikit-learn HistGradientBoosting", sklearn.__version__, fit_sklearn))
try:
    import xgboost

    def fit_xgboost():
        model = xgboost.XGBClassifier(
            n_estimators=100, learning_rate=0.1, tree_method="hist", grow_policy="lossguide",
            max_leaves=31, max_depth=0, max_bin=256, min_child_weight=1e-3, n_jobs=threads,
        ).fit(x_train, y_train)
        return model.predict_proba(x_test)[:, 1]

    peers.append(record("xgboost hist (lossguide)", xgboost.__version__, fit_xgboost))
except ImportError:
    missing.append("python3-xgboost (apt-get install -y python3-xgboost)")
print(json.dumps({"peers": peers, "missing": missing}))
