"""Writes the metrics golden fixture: inputs plus scikit-learn's values for every engine metric.

Run from the repository root:
  /usr/bin/python3 bench/engine/make-metrics-golden.py packages/engine/src/__tests__/fixtures/metrics-golden.json
  npx prettier --write packages/engine/src/__tests__/fixtures/metrics-golden.json

Debian ships scikit-learn 1.2.1; the engine follows scikit-learn >= 1.5. Where the two differ, this
script either builds cases the difference cannot reach (and asserts so), or applies the >= 1.5 rule
on top of 1.2.1's own building blocks. Each difference is listed in the fixture's "differences".
"""
import json
import platform
import sys

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    confusion_matrix,
    explained_variance_score,
    log_loss,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    precision_recall_curve,
    precision_recall_fscore_support,
    r2_score,
    roc_auc_score,
    roc_curve,
)
from sklearn.metrics._ranking import _binary_clf_curve
from sklearn.preprocessing import label_binarize

COMMAND = (
    f"/usr/bin/python3 bench/engine/make-metrics-golden.py {sys.argv[1]}"
    f" && npx prettier --write {sys.argv[1]}"
)

DIFFERENCES = [
    "roc_curve: scikit-learn >= 1.3 makes the first threshold +inf; 1.2.1 uses max(score) + 1. "
    "The fixture stores null there (JSON has no infinity); the engine returns Infinity.",
    "precision_recall_curve: drop_intermediate (default False) exists from 1.3. The fixture's "
    "'prCurveDropped' applies the 1.3 rule (keep the first and last point of every run of equal "
    "tps) to 1.2.1's _binary_clf_curve output.",
    "log_loss: >= 1.5 removed eps (always the dtype's machine epsilon), clips [1-p, p] built from "
    "the raw binary score, and no longer renormalises rows (it warns when rows do not sum to 1). "
    "1.2.1 clips first, then renormalises. The cases here have rows summing to 1, so the two agree "
    "to ~1e-16; the script asserts that against its own >= 1.5 formula.",
    "precision/recall/F: >= 1.4 computes F as (1+b^2)tp / ((1+b^2)tp + b^2 fn + fp) with "
    "zero_division only when that denominator is 0, and accepts zero_division=nan. For "
    "zero_division 0 or 1 this equals 1.2.1's 2PR/(P+R) up to rounding; the engine takes 0 or 1.",
    "average_precision_score: multiclass targets are accepted from 1.3 (one-vs-rest via "
    "label_binarize). The fixture computes it as 1.2.1's multilabel path on label_binarize(y).",
    "Weighted precision/recall/F when every support is 0: >= 1.5 falls back to an unweighted mean, "
    "1.2.1 returns zero_division. Unreachable here: the engine requires a positive weight total.",
]


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


def nullable_inf(a):
    return [None if np.isinf(v) else float(v) for v in a]


def drop_intermediate_pr(fps, tps, thresholds):
    """scikit-learn 1.3's precision_recall_curve(drop_intermediate=True), on 1.2.1's building blocks."""
    if len(fps) > 2:
        keep = np.where(
            np.concatenate([[True], np.logical_or(np.diff(tps[:-1]), np.diff(tps[1:])), [True]])
        )[0]
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    ps = tps + fps
    precision = np.zeros_like(tps, dtype=float)
    np.divide(tps, ps, out=precision, where=ps != 0)
    recall = tps / tps[-1]
    return np.hstack((precision[::-1], 1)), np.hstack((recall[::-1], 0)), thresholds[::-1]


def log_loss_15(y, proba, k, weight):
    """scikit-learn >= 1.5's log_loss: clip to [eps, 1 - eps], no renormalisation."""
    p = proba.reshape(-1, 1) if proba.ndim == 1 else proba
    if p.shape[1] == 1:
        p = np.append(1 - p, p, axis=1)
    eps = np.finfo(np.float64).eps
    p = np.clip(p, eps, 1 - eps)
    loss = -np.log(p[np.arange(len(y)), y])
    return float(np.average(loss, weights=weight))


def prf(y, pred, k, weight, zero_division):
    labels = list(range(k))
    out = {}
    for average in (None, "macro", "weighted", "micro"):
        p, r, f, s = precision_recall_fscore_support(
            y, pred, labels=labels, average=average, sample_weight=weight, zero_division=zero_division
        )
        if average is None:
            out["perClass"] = {
                "precision": floats(p),
                "recall": floats(r),
                "f1": floats(f),
                "support": floats(s),
            }
        else:
            out[average] = {"precision": float(p), "recall": float(r), "f1": float(f)}
    return out


def label_metrics(y, pred, k, weight):
    labels = list(range(k))
    return {
        "accuracy": float(accuracy_score(y, pred, sample_weight=weight)),
        "balancedAccuracy": float(balanced_accuracy_score(y, pred, sample_weight=weight)),
        "confusionMatrix": {
            str(norm): [floats(row) for row in confusion_matrix(y, pred, labels=labels, sample_weight=weight, normalize=norm)]
            for norm in (None, "true", "pred", "all")
        },
        "prf": {str(zd): prf(y, pred, k, weight, zd) for zd in (0, 1)},
    }


def binary_curves(y, score, weight):
    fpr, tpr, thr = roc_curve(y, score, sample_weight=weight)
    fpr_all, tpr_all, thr_all = roc_curve(y, score, sample_weight=weight, drop_intermediate=False)
    assert thr[0] == score.max() + 1 and thr_all[0] == score.max() + 1
    thr, thr_all = thr.copy(), thr_all.copy()
    thr[0] = thr_all[0] = np.inf  # the >= 1.3 convention
    precision, recall, pthr = precision_recall_curve(y, score, sample_weight=weight)
    w = None if weight is None else np.asarray(weight)
    fps, tps, cthr = _binary_clf_curve(y, score, sample_weight=w)
    dp, dr, dthr = drop_intermediate_pr(fps, tps, cthr)
    return {
        "rocCurve": {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": nullable_inf(thr)},
        "rocCurveFull": {
            "fpr": floats(fpr_all),
            "tpr": floats(tpr_all),
            "thresholds": nullable_inf(thr_all),
        },
        "prCurve": {"precision": floats(precision), "recall": floats(recall), "thresholds": floats(pthr)},
        "prCurveDropped": {"precision": floats(dp), "recall": floats(dr), "thresholds": floats(dthr)},
    }


def calibration(y, score):
    out = {}
    for strategy in ("uniform", "quantile"):
        for n_bins in (5, 10):
            prob_true, prob_pred = calibration_curve(y, score, n_bins=n_bins, strategy=strategy)
            out[f"{strategy}{n_bins}"] = {"probTrue": floats(prob_true), "probPred": floats(prob_pred)}
    return out


def binary_case(name, y, score, weight=None):
    pred = (score > 0.5).astype(int)  # predict_proba argmax: a tie at 0.5 goes to class 0
    ll = float(log_loss(y, score, sample_weight=weight))
    assert abs(ll - log_loss_15(y, score, 2, weight)) < 1e-13, name
    expected = {
        **label_metrics(y, pred, 2, weight),
        "logLoss": ll,
        "rocAuc": float(roc_auc_score(y, score, sample_weight=weight)),
        "averagePrecision": float(average_precision_score(y, score, sample_weight=weight)),
        **binary_curves(y, score, weight),
    }
    if weight is None:  # calibration_curve takes no sample weights
        expected["calibration"] = calibration(y, score)
    return {
        "name": name,
        "numClasses": 2,
        "yTrue": [int(v) for v in y],
        "scores": floats(score),
        "sampleWeight": None if weight is None else floats(weight),
        "expected": expected,
    }


def multiclass_case(name, y, proba, weight=None):
    k = proba.shape[1]
    assert np.allclose(proba.sum(axis=1), 1, rtol=0, atol=1e-15)
    pred = proba.argmax(axis=1)
    ll = float(log_loss(y, proba, labels=list(range(k)), sample_weight=weight))
    assert abs(ll - log_loss_15(y, proba, k, weight)) < 1e-13, name
    onehot = label_binarize(y, classes=list(range(k)))
    per_class_auc = [float(roc_auc_score(onehot[:, c], proba[:, c], sample_weight=weight)) for c in range(k)]
    per_class_ap = [
        float(average_precision_score(onehot[:, c], proba[:, c], sample_weight=weight)) for c in range(k)
    ]
    expected = {
        **label_metrics(y, pred, k, weight),
        "logLoss": ll,
        "rocAucOvr": {
            "macro": float(roc_auc_score(y, proba, multi_class="ovr", average="macro", sample_weight=weight)),
            "weighted": float(
                roc_auc_score(y, proba, multi_class="ovr", average="weighted", sample_weight=weight)
            ),
            "perClass": per_class_auc,
        },
        "averagePrecisionOvr": {
            "macro": float(average_precision_score(onehot, proba, average="macro", sample_weight=weight)),
            "weighted": float(average_precision_score(onehot, proba, average="weighted", sample_weight=weight)),
            "perClass": per_class_ap,
        },
    }
    return {
        "name": name,
        "numClasses": k,
        "yTrue": [int(v) for v in y],
        "scores": floats(proba),
        "sampleWeight": None if weight is None else floats(weight),
        "expected": expected,
    }


def labels_case(name, y, pred, k, weight=None):
    return {
        "name": name,
        "numClasses": k,
        "yTrue": [int(v) for v in y],
        "yPred": [int(v) for v in pred],
        "sampleWeight": None if weight is None else floats(weight),
        "expected": label_metrics(y, pred, k, weight),
    }


def regression_case(name, y, pred, weight=None):
    return {
        "name": name,
        "yTrue": floats(y),
        "yPred": floats(pred),
        "sampleWeight": None if weight is None else floats(weight),
        "expected": {
            "mse": float(mean_squared_error(y, pred, sample_weight=weight)),
            "rmse": float(mean_squared_error(y, pred, sample_weight=weight, squared=False)),
            "mae": float(mean_absolute_error(y, pred, sample_weight=weight)),
            "mape": float(mean_absolute_percentage_error(y, pred, sample_weight=weight)),
            "r2": float(r2_score(y, pred, sample_weight=weight)),
            "explainedVariance": float(explained_variance_score(y, pred, sample_weight=weight)),
        },
    }


def weights(rng, n, zero_share):
    w = np.round(rng.uniform(0.2, 3.0, size=n), 3)
    w[rng.random(n) < zero_share] = 0.0
    return w


def softmax_rows(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    p[:, -1] = 1 - p[:, :-1].sum(axis=1)  # rows sum to 1 to the last bit
    return p


def make_binary(rng, n):
    y = (rng.random(n) < 0.4).astype(int)
    # Two decimals: many ties; clipping gives exact 0s and 1s for log loss and the curves' ends.
    score = np.round(np.clip(0.45 + 0.3 * (2 * y - 1) * rng.random(n) + rng.normal(0, 0.2, n), 0, 1), 2)
    return y, score


def make_multiclass(rng, n, k, distinct, rare_class=None):
    logits = rng.normal(0, 1.5, size=(distinct, k))
    if rare_class is not None:
        logits[:, rare_class] -= 3.0  # never the argmax: precision hits zero_division
    rows = softmax_rows(logits)
    rows[0] = np.eye(k)[1]  # a one-hot row: exact zeros exercise log-loss clipping
    pick = rng.integers(0, distinct, size=n)  # repeated rows: ties within every column
    proba = rows[pick]
    y = np.array([rng.choice(k, p=np.clip(r, 0.02, None) / np.clip(r, 0.02, None).sum()) for r in proba])
    if rare_class is not None:
        y[: 3 * k] = np.arange(3 * k) % k  # every class present
    return y, proba


def main():
    rng = np.random.default_rng(20240601)
    y_b, s_b = make_binary(rng, 400)
    small_y = np.array([0, 0, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1])
    small_s = np.array([0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.1, 0.65, 0.35, 0.5, 0.5])
    y_m3, p_m3 = make_multiclass(rng, 300, 3, 40)
    y_m4, p_m4 = make_multiclass(rng, 500, 4, 60, rare_class=3)
    classification = [
        binary_case("binary-small-ties", small_y, small_s),
        binary_case("binary-ties", y_b, s_b),
        binary_case("binary-ties-weighted", y_b, s_b, weights(rng, 400, 0.05)),
        multiclass_case("multiclass-3", y_m3, p_m3),
        multiclass_case("multiclass-4-rare-weighted", y_m4, p_m4, weights(rng, 500, 0.05)),
    ]
    # Class 2 never true, class 3 never predicted: zero_division on both sides.
    edge_y = np.array([0, 1, 1, 0, 3, 1, 0, 0, 1, 3])
    edge_p = np.array([0, 1, 2, 2, 0, 1, 0, 1, 1, 0])
    labels = [
        labels_case("labels-absent-classes", edge_y, edge_p, 4),
        labels_case("labels-absent-classes-weighted", edge_y, edge_p, 4, weights(rng, 10, 0.0)),
    ]
    y_r = np.round(rng.normal(0, 3, 250), 4)
    y_r[:6] = 0.0  # MAPE divides by max(|y|, eps): huge but finite terms
    pred_r = np.round(y_r + rng.normal(0.2, 0.8, 250), 4)
    regression = [
        regression_case("regression-zeros", y_r, pred_r),
        regression_case("regression-weighted", y_r, pred_r, weights(rng, 250, 0.05)),
        regression_case("regression-constant-perfect", np.full(3, 2.0), np.full(3, 2.0)),
        regression_case("regression-constant-off", np.full(4, 2.0), np.array([2.0, 2.0, 2.0, 3.0])),
    ]
    fixture = {
        "command": COMMAND,
        "versions": {
            "python": platform.python_version(),
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
        },
        "target": "scikit-learn >= 1.5 semantics; values computed with the versions above",
        "differences": DIFFERENCES,
        "classification": classification,
        "labels": labels,
        "regression": regression,
    }
    with open(sys.argv[1], "w") as f:
        json.dump(fixture, f, allow_nan=False)


if __name__ == "__main__":
    main()
