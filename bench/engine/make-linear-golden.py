"""Writes the linear-model golden fixtures: three real datasets plus scikit-learn's fits on them.

Run from the repository root:
  /usr/bin/python3 bench/engine/make-linear-golden.py packages/engine/src/__tests__/fixtures
  npx prettier --write packages/engine/src/__tests__/fixtures/linear-*.json

The datasets ship with scikit-learn (BSD-3-Clause): breast cancer (binary), wine (3 classes) and
diabetes (regression). Features are standardised and rounded to 4 decimals *before* fitting, so the
fixture holds exactly the numbers scikit-learn saw. Every fit uses a tight tolerance so both sides
reach the true optimum of the same convex objective.
"""
import json
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

OUT = sys.argv[1]
COMMAND = (
    f"/usr/bin/python3 bench/engine/make-linear-golden.py {OUT}"
    f" && npx prettier --write {OUT}/linear-*.json"
)
N_PROBA_ROWS = 25
LICENSE = "Dataset shipped with scikit-learn (BSD-3-Clause); standardised and rounded here."


def standardised(x):
    return np.round(StandardScaler().fit_transform(x), 4)


def weights(n):
    # Deterministic, uneven sample weights: 1, 2, 0.5, 1, 2, 0.5, ...
    return np.array([1.0, 2.0, 0.5])[np.arange(n) % 3]


def softplus(z):
    return np.logaddexp(0.0, z)


def logistic_objective(model, x, y, sw, C, penalty, l1_ratio):
    """scikit-learn's LogisticRegression objective: penalty + C * sum_i w_i * loss_i."""
    z = x @ model.coef_.T + model.intercept_
    if z.shape[1] == 1:
        loss = softplus(z[:, 0]) - y * z[:, 0]
    else:
        loss = np.logaddexp.reduce(z, axis=1) - z[np.arange(len(y)), y.astype(int)]
    w = model.coef_
    l1, l2 = np.abs(w).sum(), 0.5 * (w * w).sum()
    pen = {"none": 0.0, "l2": l2, "l1": l1, "elasticnet": l1_ratio * l1 + (1 - l1_ratio) * l2}
    return float(pen[penalty] + C * (sw * loss).sum())


def regression_objective(model, x, y, sw, kind, alpha, l1_ratio):
    """Ridge: sum_i w_i r_i^2 + alpha ||w||^2; Lasso / ElasticNet: the same with their 1/(2n)."""
    r = y - x @ model.coef_ - model.intercept_
    w = model.coef_
    if kind in ("ridge", "ols"):
        return float((sw * r * r).sum() + alpha * (w * w).sum())
    n = len(y)
    sw = sw * n / sw.sum()
    l1, l2 = np.abs(w).sum(), 0.5 * (w * w).sum()
    return float((sw * r * r).sum() / (2 * n) + alpha * (l1_ratio * l1 + (1 - l1_ratio) * l2))


def logistic_case(name, x, y, params, sklearn_params, weighted=False):
    sw = weights(len(y)) if weighted else np.ones(len(y))
    m = LogisticRegression(**sklearn_params).fit(x, y, sample_weight=sw if weighted else None)
    coef, intercept = m.coef_.copy(), m.intercept_.copy()
    if coef.shape[0] > 1:
        # The softmax intercepts are unpenalised, so only their differences are defined: centre them.
        intercept -= intercept.mean()
    penalty = sklearn_params.get("penalty", "l2")
    C = sklearn_params.get("C", 1.0)
    return {
        "name": name,
        "params": params,
        "weighted": weighted,
        "sklearn": {"estimator": "LogisticRegression", "params": sklearn_params},
        "coef": coef.tolist(),
        "intercept": intercept.tolist(),
        "objective": logistic_objective(m, x, y, sw, C, penalty, sklearn_params.get("l1_ratio") or 0.0),
        "proba": m.predict_proba(x[:N_PROBA_ROWS]).tolist(),
    }


def regression_case(name, x, y, params, estimator, sklearn_params, weighted=False):
    sw = weights(len(y)) if weighted else np.ones(len(y))
    m = estimator(**sklearn_params).fit(x, y, sample_weight=sw if weighted else None)
    kind = {Ridge: "ridge", LinearRegression: "ols", Lasso: "lasso", ElasticNet: "enet"}[estimator]
    alpha = sklearn_params.get("alpha", 0.0)
    l1_ratio = 1.0 if estimator is Lasso else sklearn_params.get("l1_ratio", 0.5)
    return {
        "name": name,
        "params": params,
        "weighted": weighted,
        "sklearn": {"estimator": estimator.__name__, "params": sklearn_params},
        "coef": [m.coef_.tolist()],
        "intercept": [float(m.intercept_)],
        "objective": regression_objective(m, x, y, sw, kind, alpha, l1_ratio),
        "predictions": m.predict(x[:N_PROBA_ROWS]).tolist(),
    }


# scikit-learn's own lbfgs stops about 1e-9 (relative) above the optimum even at tol=1e-10, which
# leaves coefficients 3e-4 off; its Newton solvers reach the optimum of the same objective.
TIGHT_BINARY = dict(solver="newton-cholesky", tol=1e-12, max_iter=1000)
TIGHT_MULTINOMIAL = dict(solver="newton-cg", tol=1e-8, max_iter=1000)
TIGHT_SAGA = dict(solver="saga", tol=1e-12, max_iter=1_000_000)
TIGHT_CD = dict(tol=1e-12, max_iter=1_000_000)
TIGHT_OURS = dict(tol=1e-10, maxIter=100_000)


def breast_cancer():
    data = load_breast_cancer()
    x, y = standardised(data.data), data.target.astype(float)
    cases = [
        logistic_case("l2 C=1", x, y, dict(task="binary", penalty="l2", C=1.0, **TIGHT_OURS), dict(C=1.0, **TIGHT_BINARY)),
        logistic_case("l2 C=0.05", x, y, dict(task="binary", penalty="l2", C=0.05, **TIGHT_OURS), dict(C=0.05, **TIGHT_BINARY)),
        logistic_case(
            "l2 C=1 weighted", x, y, dict(task="binary", penalty="l2", C=1.0, **TIGHT_OURS), dict(C=1.0, **TIGHT_BINARY), weighted=True
        ),
        logistic_case(
            "l1 C=0.5", x, y, dict(task="binary", penalty="l1", C=0.5, **TIGHT_OURS), dict(C=0.5, penalty="l1", **TIGHT_SAGA)
        ),
        logistic_case(
            "elasticnet C=0.5 l1Ratio=0.5",
            x,
            y,
            dict(task="binary", penalty="elasticnet", C=0.5, l1Ratio=0.5, **TIGHT_OURS),
            dict(C=0.5, penalty="elasticnet", l1_ratio=0.5, **TIGHT_SAGA),
        ),
        logistic_case(
            "l2 C=1 no intercept",
            x,
            y,
            dict(task="binary", penalty="l2", C=1.0, fitIntercept=False, **TIGHT_OURS),
            dict(C=1.0, fit_intercept=False, **TIGHT_BINARY),
        ),
    ]
    return dataset("breast cancer", data.feature_names, x, y, cases)


def wine():
    data = load_wine()
    x, y = standardised(data.data), data.target.astype(float)
    cases = [
        logistic_case("multinomial l2 C=1", x, y, dict(task="multiclass", penalty="l2", C=1.0, **TIGHT_OURS), dict(C=1.0, **TIGHT_MULTINOMIAL)),
        logistic_case(
            "multinomial l2 C=0.1 weighted",
            x,
            y,
            dict(task="multiclass", penalty="l2", C=0.1, **TIGHT_OURS),
            dict(C=0.1, **TIGHT_MULTINOMIAL),
            weighted=True,
        ),
        logistic_case(
            "multinomial l1 C=0.5",
            x,
            y,
            dict(task="multiclass", penalty="l1", C=0.5, **TIGHT_OURS),
            dict(C=0.5, penalty="l1", **TIGHT_SAGA),
        ),
    ]
    return dataset("wine", data.feature_names, x, y, cases)


def diabetes():
    data = load_diabetes(scaled=False)
    x, y = standardised(data.data), data.target.astype(float)
    reg = dict(task="regression")
    cases = [
        regression_case("ols", x, y, dict(**reg, penalty="none"), LinearRegression, {}),
        regression_case("ridge alpha=1", x, y, dict(**reg, penalty="l2", alpha=1.0), Ridge, dict(alpha=1.0)),
        regression_case(
            "ridge alpha=10 weighted", x, y, dict(**reg, penalty="l2", alpha=10.0), Ridge, dict(alpha=10.0), weighted=True
        ),
        regression_case(
            "ridge alpha=10 lbfgs", x, y, dict(**reg, penalty="l2", alpha=10.0, solver="lbfgs", **TIGHT_OURS), Ridge, dict(alpha=10.0)
        ),
        regression_case(
            "lasso alpha=1", x, y, dict(**reg, penalty="l1", alpha=1.0, tol=1e-12, maxIter=1_000_000), Lasso, dict(alpha=1.0, **TIGHT_CD)
        ),
        regression_case(
            "lasso alpha=0.5 weighted",
            x,
            y,
            dict(**reg, penalty="l1", alpha=0.5, tol=1e-12, maxIter=1_000_000),
            Lasso,
            dict(alpha=0.5, **TIGHT_CD),
            weighted=True,
        ),
        regression_case(
            "elasticnet alpha=0.5 l1Ratio=0.7",
            x,
            y,
            dict(**reg, penalty="elasticnet", alpha=0.5, l1Ratio=0.7, tol=1e-12, maxIter=1_000_000),
            ElasticNet,
            dict(alpha=0.5, l1_ratio=0.7, **TIGHT_CD),
        ),
        regression_case(
            "ridge alpha=1 no intercept",
            x,
            y,
            dict(**reg, penalty="l2", alpha=1.0, fitIntercept=False),
            Ridge,
            dict(alpha=1.0, fit_intercept=False),
        ),
        regression_case(
            "lasso alpha=1 no intercept",
            x,
            y,
            dict(**reg, penalty="l1", alpha=1.0, fitIntercept=False, tol=1e-12, maxIter=1_000_000),
            Lasso,
            dict(alpha=1.0, fit_intercept=False, **TIGHT_CD),
        ),
    ]
    return dataset("diabetes", data.feature_names, x, y, cases)


def dataset(name, columns, x, y, cases):
    return {
        "command": COMMAND,
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
        "license": LICENSE,
        "dataset": name,
        "weights": "when a case is weighted: 1, 2, 0.5 repeating by row",
        "columns": [str(c) for c in columns],
        "x": x.tolist(),
        "y": y.tolist(),
        "cases": cases,
    }


def main():
    # A golden value from a fit that did not converge would be no reference at all.
    warnings.simplefilter("error", ConvergenceWarning)
    for file, make in [("breast-cancer", breast_cancer), ("wine", wine), ("diabetes", diabetes)]:
        with open(os.path.join(OUT, f"linear-{file}.json"), "w") as f:
            json.dump(make(), f)


if __name__ == "__main__":
    main()
