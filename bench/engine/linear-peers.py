"""Bench helper: writes the linear-model data sets as raw float64 files and times scikit-learn on them.

Usage: /usr/bin/python3 bench/engine/linear-peers.py OUT_DIR ROWS
Writes <case>-x-train.f64 (row-major), -y-train, -x-test, -y-test for every case and prints one JSON
object: {"cases": {name: {shape, sklearn: {estimator, fitSeconds, nIter, objective, metric}}}}.
The objective is scikit-learn's own (LogisticRegression / Ridge / Lasso scale) on the training rows.
"""
import json
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.datasets import make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Lasso, LogisticRegression, Ridge
from sklearn.metrics import log_loss, mean_squared_error
from sklearn.preprocessing import StandardScaler

out_dir, rows = sys.argv[1], int(sys.argv[2])
test_rows = rows // 10


def standardised(x):
    scaler = StandardScaler().fit(x[:rows])
    return scaler.transform(x)


def logistic_objective(model, x, y, C, l1=False):
    z = x @ model.coef_.T + model.intercept_
    if z.shape[1] == 1:
        loss = np.logaddexp(0.0, z[:, 0]) - y * z[:, 0]
    else:
        loss = np.logaddexp.reduce(z, axis=1) - z[np.arange(len(y)), y.astype(int)]
    w = model.coef_
    penalty = np.abs(w).sum() if l1 else 0.5 * (w * w).sum()
    return float(penalty + C * loss.sum())


def regression_objective(model, x, y, alpha, lasso=False):
    r = y - x @ model.coef_ - model.intercept_
    if lasso:
        return float((r * r).sum() / (2 * len(y)) + alpha * np.abs(model.coef_).sum())
    return float((r * r).sum() + alpha * (model.coef_ ** 2).sum())


def write(name, x, y):
    for part, sl in (("train", slice(0, rows)), ("test", slice(rows, rows + test_rows))):
        np.ascontiguousarray(x[sl]).tofile(os.path.join(out_dir, f"{name}-x-{part}.f64"))
        y[sl].astype(np.float64).tofile(os.path.join(out_dir, f"{name}-y-{part}.f64"))


def timed(fit):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        start = time.perf_counter()
        model = fit()
        seconds = time.perf_counter() - start
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    return model, round(seconds, 3), converged


def classification_case(name, n_features, n_classes, C, penalty):
    x, y = make_classification(
        n_samples=rows + test_rows, n_features=n_features, n_informative=n_features // 2,
        n_redundant=n_features // 5, n_classes=n_classes, flip_y=0.05, random_state=3,
    )
    x = standardised(x)
    write(name, x, y)
    solver = "lbfgs" if penalty == "l2" else "saga"
    model, seconds, converged = timed(
        lambda: LogisticRegression(C=C, penalty=penalty, solver=solver).fit(x[:rows], y[:rows])
    )
    proba = model.predict_proba(x[rows:])
    return {
        "shape": [rows, n_features, n_classes],
        "sklearn": {
            "estimator": f"LogisticRegression(C={C}, penalty='{penalty}', solver='{solver}')",
            "fitSeconds": seconds,
            "converged": converged,
            "nIter": int(np.max(model.n_iter_)),
            "objective": logistic_objective(model, x[:rows], y[:rows], C, penalty == "l1"),
            "heldOutLogLoss": float(log_loss(y[rows:], proba)),
        },
    }


def regression_case(name, estimator, alpha):
    x, y = make_regression(
        n_samples=rows + test_rows, n_features=50, n_informative=20, noise=10.0, random_state=5
    )
    x = standardised(x)
    write(name, x, y)
    model, seconds, converged = timed(lambda: estimator(alpha=alpha).fit(x[:rows], y[:rows]))
    rmse = float(np.sqrt(mean_squared_error(y[rows:], model.predict(x[rows:]))))
    return {
        "shape": [rows, 50, 1],
        "sklearn": {
            "estimator": f"{estimator.__name__}(alpha={alpha})",
            "fitSeconds": seconds,
            "converged": converged,
            "nIter": int(getattr(model, "n_iter_", 1) or 1),
            "objective": regression_objective(model, x[:rows], y[:rows], alpha, estimator is Lasso),
            "heldOutRmse": rmse,
        },
    }


os.makedirs(out_dir, exist_ok=True)
cases = {
    "logistic-l2": classification_case("logistic-l2", 50, 2, 1.0, "l2"),
    "softmax-l2": classification_case("softmax-l2", 30, 5, 1.0, "l2"),
    "logistic-l1": classification_case("logistic-l1", 50, 2, 0.05, "l1"),
    "ridge": regression_case("ridge", Ridge, 1.0),
    "lasso": regression_case("lasso", Lasso, 0.1),
}
print(json.dumps({"sklearn": sklearn.__version__, "cases": cases}))
