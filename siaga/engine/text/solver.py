"""L2-regularised logistic regressions, one per label, fitted together by a truncated Newton method (conjugate
gradients on the Hessian, as liblinear's TRON; vectorised over the labels, NumPy/SciPy only), and the naive-Bayes
log-count ratios of NB-LR (Wang & Manning 2012).

For label j the model scores z = X (r_j ∘ w_j) + b_j with penalty |w_j|² / 2C: with r_j = 1 it is the plain
logistic regression, with r_j the label's NB log-count ratio it is NB-LR (a logistic regression over the features
scaled by r_j), so both share one solver and a fit can start from the previous solution (warm start over a grid
of C).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.special import expit

NEWTON_ITERATIONS = 12
CG_ITERATIONS = 25
TOLERANCE = 3e-3  # stop when the gradient norm falls below this fraction of its first value


def nb_ratio(X: sparse.csr_matrix, Y: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """features × labels: log of (smoothed share of the feature among positives / among negatives), over
    binarised features."""
    B = X.copy()
    B.data = np.ones_like(B.data, dtype=np.float64)
    Yf = Y.astype(np.float64)
    p = alpha + np.asarray(B.T @ Yf)
    q = alpha + np.asarray(B.T @ (1.0 - Yf))
    return np.log((p / p.sum(0)) / (q / q.sum(0)))


class Fit:
    """The state of one fit: the (unscaled) weights and biases, for a warm start."""

    def __init__(self, W: np.ndarray, b: np.ndarray):
        self.W, self.b = W, b


def fit_logistic(
    X: sparse.csr_matrix,
    Y: np.ndarray,
    C: float,
    *,
    scale: np.ndarray | None = None,
    start: Fit | None = None,
    XT: sparse.csr_matrix | None = None,
    iterations: int = NEWTON_ITERATIONS,
) -> tuple[Fit, np.ndarray]:
    """(state, effective weights (features + 1) × labels with the bias as the last row)."""
    n, d = X.shape
    L = Y.shape[1]
    # products in single precision (half the memory traffic of the sparse products), the iterates in double
    X = X.astype(np.float32)
    XT = X.T.tocsr() if XT is None else XT.astype(np.float32)

    def Xmul(V):
        return (X @ V.astype(np.float32)).astype(np.float64)

    def XTmul(V):
        return (XT @ V.astype(np.float32)).astype(np.float64)

    Yf = Y.astype(np.float64)
    R = np.ones((d, L)) if scale is None else scale
    W = np.zeros((d, L)) if start is None else start.W.copy()
    b = np.zeros(L) if start is None else start.b.copy()

    def objective(W, b):
        Z = Xmul(R * W) + b
        return (np.logaddexp(0.0, Z) - Yf * Z).sum(0) + 0.5 * (W * W).sum(0) / C, Z

    f, Z = objective(W, b)
    first = None
    for _ in range(iterations):
        P = expit(Z)
        D = P * (1.0 - P)
        E = P - Yf
        gW = R * XTmul(E) + W / C
        gb = E.sum(0)
        norm = np.sqrt((gW * gW).sum(0) + gb * gb)
        first = norm if first is None else first
        active = norm > TOLERANCE * first
        if not active.any():
            break
        # conjugate gradients on H p = -g, each label its own system
        pW, pb = np.zeros_like(W), np.zeros(L)
        rW, rb = -gW, -gb
        dW, db = rW.copy(), rb.copy()
        rr = (rW * rW).sum(0) + rb * rb
        target = 0.04 * rr
        for _ in range(CG_ITERATIONS):
            U = D * (Xmul(R * dW) + db)
            hW = R * XTmul(U) + dW / C
            hb = U.sum(0)
            curvature = (dW * hW).sum(0) + db * hb
            step = np.where(active, rr / np.maximum(curvature, 1e-30), 0.0)
            pW += step * dW
            pb += step * db
            rW -= step * hW
            rb -= step * hb
            rr_new = (rW * rW).sum(0) + rb * rb
            if np.all(rr_new[active] <= target[active]):
                break
            beta = rr_new / np.maximum(rr, 1e-30)
            dW = rW + beta * dW
            db = rb + beta * db
            rr = rr_new
        # backtracking line search, per label
        slope = (gW * pW).sum(0) + gb * pb
        length = np.ones(L)
        for _ in range(30):
            W_new, b_new = W + length * pW, b + length * pb
            f_new, Z_new = objective(W_new, b_new)
            ok = (f_new <= f + 1e-4 * length * slope) | ~active
            if ok.all():
                break
            length = np.where(ok, length, 0.5 * length)
        W, b, f, Z = W_new, b_new, f_new, Z_new
    return Fit(W, b), np.vstack([R * W, b[None, :]])
