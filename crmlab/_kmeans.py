"""k-means, the silhouette and the adjusted Rand index in numpy (k 均值聚类).

Small and exact enough for a survey of a few thousand answers: Lloyd's algorithm from
k-means++ starts, ``n_init`` restarts drawn from one seeded generator, the best
inertia kept. Written out (instead of importing scikit-learn at run time) so that a
chapter's first cell stays fast and the result is the same on every machine;
``tests/test_positioning.py`` checks it against scikit-learn's ``KMeans``,
``silhouette_score`` and ``adjusted_rand_score``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class KMeansFit:
    labels: np.ndarray  # cluster of each row, 0..k-1, numbered by descending size
    centers: np.ndarray  # k x d
    inertia: float  # sum of squared distances to the own centre
    n_iter: int


def _sq_dist(x: np.ndarray, centers: np.ndarray) -> np.ndarray:
    return ((x[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)


def _plus_plus(x: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    centers = [x[rng.integers(len(x))]]
    for _ in range(1, k):
        d = _sq_dist(x, np.array(centers)).min(axis=1)
        total = d.sum()
        index = rng.integers(len(x)) if total == 0 else rng.choice(len(x), p=d / total)
        centers.append(x[index])
    return np.array(centers, dtype=float)


def _lloyd(x: np.ndarray, centers: np.ndarray, max_iter: int) -> tuple[np.ndarray, np.ndarray, float, int]:
    labels = np.zeros(len(x), dtype=int)
    for it in range(1, max_iter + 1):
        d = _sq_dist(x, centers)
        labels = d.argmin(axis=1)
        new = centers.copy()
        for j in range(len(centers)):
            members = x[labels == j]
            if len(members):  # an empty cluster keeps its centre
                new[j] = members.mean(axis=0)
        if np.allclose(new, centers, rtol=0.0, atol=1e-12):
            centers = new
            break
        centers = new
    d = _sq_dist(x, centers)
    labels = d.argmin(axis=1)
    return labels, centers, float(d[np.arange(len(x)), labels].sum()), it


def kmeans(x: np.ndarray, k: int, *, seed: int = 0, n_init: int = 10, max_iter: int = 300) -> KMeansFit:
    """Best of ``n_init`` k-means runs; clusters renumbered by size (largest first), ties by centre."""
    rng = np.random.default_rng(seed)
    best = None
    for _ in range(n_init):
        labels, centers, inertia, it = _lloyd(x, _plus_plus(x, k, rng), max_iter)
        if best is None or inertia < best[2] - 1e-9:
            best = (labels, centers, inertia, it)
    labels, centers, inertia, it = best
    sizes = np.bincount(labels, minlength=k)
    order = sorted(range(k), key=lambda j: (-sizes[j], *centers[j]))
    rank = np.empty(k, dtype=int)
    rank[order] = np.arange(k)
    return KMeansFit(rank[labels], centers[order], inertia, it)


def silhouette(x: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette width (Euclidean), 0 for points alone in their cluster, as scikit-learn."""
    d = np.sqrt(np.maximum(_sq_dist(x, x), 0.0))
    ks = np.unique(labels)
    if len(ks) < 2:
        return 0.0
    sums = np.stack([d[:, labels == j].sum(axis=1) for j in ks], axis=1)
    sizes = np.array([(labels == j).sum() for j in ks])
    own = np.searchsorted(ks, labels)
    n_own = sizes[own]
    a = np.where(n_own > 1, sums[np.arange(len(x)), own] / np.maximum(n_own - 1, 1), 0.0)
    mean_other = sums / sizes
    mean_other[np.arange(len(x)), own] = np.inf
    b = mean_other.min(axis=1)
    s = np.where(n_own > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-300), 0.0)
    return float(s.mean())


def adjusted_rand(a, b) -> float:
    """Adjusted Rand index of two labelings (1 = identical partitions, about 0 = chance)."""
    _, ia = np.unique(np.asarray(a, dtype=object).astype(str), return_inverse=True)
    _, ib = np.unique(np.asarray(b, dtype=object).astype(str), return_inverse=True)
    table = np.zeros((ia.max() + 1, ib.max() + 1))
    np.add.at(table, (ia, ib), 1)

    def pairs(v):
        return (v * (v - 1) / 2).sum()

    n = len(ia)
    index = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = rows * cols / (n * (n - 1) / 2) if n > 1 else 0.0
    top = (rows + cols) / 2
    if top == expected:
        return 1.0
    return float((index - expected) / (top - expected))
