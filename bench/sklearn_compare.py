"""scikit-learn beside aura-miner's detectors on the same vectors (bench/sklearn-compare.ts runs it).

Usage: python3 bench/sklearn_compare.py DIR DETECTOR
  DIR holds meta.json and the binaries written by bench/sklearn-compare.ts:
    vectors.f64 (n x d, row-major float64), ours-kmeans.i32, ours-dbscan.i32,
    ours-forest-score.f64, ours-forest-flag.u8
  DETECTOR: kmeans | dbscan-estimate | dbscan | forest
Prints one JSON object on stdout. One detector per process, so each peak RSS is its own.
Only the benchmark uses Python; the product never does.
"""
import json
import os
import resource
import signal
import sys
import time

import numpy as np


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # KiB on Linux


def load(directory):
    with open(os.path.join(directory, 'meta.json')) as f:
        meta = json.load(f)
    n, d = meta['n'], meta['d']
    X = np.fromfile(os.path.join(directory, 'vectors.f64'), dtype='<f8').reshape(n, d)
    return meta, X


def ours(directory, name, dtype):
    return np.fromfile(os.path.join(directory, name), dtype=dtype)


def sklearn_eps(eps):
    """Our neighbours are strictly closer than eps, sklearn's within eps: the next double below gives '<'."""
    return float(np.nextafter(eps, 0.0))


def run_kmeans(directory, meta, X):
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score
    from threadpoolctl import threadpool_limits

    # ml-kmeans stops when every centroid moved less than sqrt(1e-6); sklearn's tol is relative to
    # the mean feature variance and bounds the summed squared shift of all centroids, so this tol
    # makes sklearn stop no earlier than ours would.
    tol = meta['kmeansTolerance'] / float(np.mean(np.var(X, axis=0)))

    def fit(threads):
        model = KMeans(n_clusters=meta['k'], init='k-means++', n_init=1, max_iter=meta['kmeansMaxIterations'],
                       tol=tol, algorithm='lloyd', random_state=meta['seed'])
        with threadpool_limits(limits=threads):
            t = time.perf_counter()
            labels = model.fit(X).labels_
            return time.perf_counter() - t, model, labels

    threads = os.cpu_count() or 1
    seconds, model, labels = fit(threads)
    seconds1, _, _ = fit(1)
    mine = ours(directory, 'ours-kmeans.i32', '<i4')
    return {
        'params': {'n_clusters': meta['k'], 'init': 'k-means++', 'n_init': 1, 'max_iter': meta['kmeansMaxIterations'],
                   'tol': tol, 'algorithm': 'lloyd', 'random_state': meta['seed']},
        'seconds': round(seconds, 3),
        'threads': threads,
        'secondsOneThread': round(seconds1, 3),
        'iterations': int(model.n_iter_),
        'inertia': float(model.inertia_),
        'ari': round(float(adjusted_rand_score(mine, labels)), 6),
        'clusterSizes': sorted(np.bincount(labels).tolist(), reverse=True),
        'peakRssMegabytes': peak_rss_mb(),
    }


def estimate_dbscan(directory, meta, X):
    """A lower bound on what sklearn's DBSCAN holds for the neighbourhoods of all n points, from a sample.

    It also holds temporaries: at 100k KPI-like vectors (6,374 mean neighbours) this said 4.9 GB
    and the run hit the 8 GB address-space budget at 7 GB RSS, hence the hard guard in run_dbscan.
    """
    from sklearn.neighbors import KDTree

    n = meta['n']
    rng = np.random.default_rng(meta['seed'])
    sample = rng.choice(n, size=min(n, 2000), replace=False)
    t = time.perf_counter()
    counts = KDTree(X).query_radius(X[sample], r=sklearn_eps(meta['eps']), count_only=True)
    mean = float(np.mean(counts))
    # one int64 per neighbour plus one small ndarray object (~112 bytes) per point
    return {
        'sample': int(sample.size),
        'meanNeighbours': round(mean, 1),
        'p99Neighbours': int(np.percentile(counts, 99)),
        'estimatedNeighbourhoodMegabytes': round((n * mean * 8 + n * 112) / 2**20),
        'seconds': round(time.perf_counter() - t, 3),
    }


def run_dbscan(directory, meta, X):
    from sklearn.cluster import DBSCAN
    from sklearn.metrics import adjusted_rand_score

    # Time guard: a watchdog process kills this one after the timeout and leaves its peak RSS behind
    # (the neighbourhood search is one long call into compiled code, which no Python timer interrupts).
    timeout = float(meta['dbscanTimeoutSeconds'])
    parent = os.getpid()
    watchdog = os.fork()
    if watchdog == 0:
        time.sleep(timeout)
        if os.getppid() == parent:
            with open(f'/proc/{parent}/status') as f:
                hwm = next(int(line.split()[1]) for line in f if line.startswith('VmHWM:'))
            with open(os.path.join(directory, 'dbscan-killed.json'), 'w') as f:
                json.dump({'skipped': f'killed after {timeout:g} s (time guard)', 'peakRssMegabytesWhenKilled': round(hwm / 1024)}, f)
            os.kill(parent, signal.SIGKILL)
        os._exit(0)
    # Hard memory guard: address space may grow by the budget and no more (numpy then raises MemoryError).
    budget = int(meta['dbscanMemoryBudgetMegabytes']) * 2**20
    with open('/proc/self/status') as f:
        vm_size = next(int(line.split()[1]) * 1024 for line in f if line.startswith('VmSize:'))
    resource.setrlimit(resource.RLIMIT_AS, (vm_size + budget, resource.RLIM_INFINITY))
    eps = sklearn_eps(meta['eps'])
    params = {'eps': eps, 'min_samples': meta['minPts'], 'algorithm': 'kd_tree', 'n_jobs': None}
    try:
        t = time.perf_counter()
        labels = DBSCAN(eps=eps, min_samples=meta['minPts'], algorithm='kd_tree').fit(X).labels_
        seconds = time.perf_counter() - t
    except MemoryError:
        os.kill(watchdog, signal.SIGKILL)
        return {'params': params, 'skipped': f"MemoryError: over the {meta['dbscanMemoryBudgetMegabytes']} MB address-space budget",
                'peakRssMegabytes': peak_rss_mb()}
    os.kill(watchdog, signal.SIGKILL)
    os.waitpid(watchdog, 0)
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    mine = ours(directory, 'ours-dbscan.i32', '<i4')
    # noise (-1) is one more label in both; identical partitions give 1
    return {
        'params': params,
        'seconds': round(seconds, 3),
        'threads': 1,
        'ari': round(float(adjusted_rand_score(mine, labels)), 6),
        'clusters': int(labels.max() + 1),
        'noise': int(np.sum(labels < 0)),
        'noiseAgreement': round(float(np.mean((mine < 0) == (labels < 0))), 6),
        'peakRssMegabytes': peak_rss_mb(),
    }


def run_forest(directory, meta, X):
    from scipy.stats import spearmanr
    from sklearn.ensemble import IsolationForest
    from sklearn.metrics import adjusted_rand_score

    model = IsolationForest(n_estimators=meta['trees'], max_samples=meta['sampleSize'],
                            contamination=meta['contamination'], random_state=meta['seed'] + 2)
    t = time.perf_counter()
    model.fit(X)  # with a contamination share, fit also scores every point once to set offset_
    fit_seconds = time.perf_counter() - t
    flag = model.predict(X) == -1
    seconds = time.perf_counter() - t
    score = -model.score_samples(X)  # higher = more anomalous, like ours (outside the timing)
    mine_flag = ours(directory, 'ours-forest-flag.u8', 'u1').astype(bool)
    mine_score = ours(directory, 'ours-forest-score.f64', '<f8')
    both = int(np.sum(mine_flag & flag))
    either = int(np.sum(mine_flag | flag))
    return {
        'params': {'n_estimators': meta['trees'], 'max_samples': meta['sampleSize'],
                   'contamination': meta['contamination'], 'random_state': meta['seed'] + 2},
        'seconds': round(seconds, 3),
        'fitSeconds': round(fit_seconds, 3),
        'threads': 1,
        'flagged': int(flag.sum()),
        'ari': round(float(adjusted_rand_score(mine_flag, flag)), 6),
        'jaccard': round(both / either, 6) if either else 1.0,
        'scoreSpearman': round(float(spearmanr(mine_score, score).correlation), 6),
        'peakRssMegabytes': peak_rss_mb(),
    }


def main():
    directory, detector = sys.argv[1], sys.argv[2]
    meta, X = load(directory)
    run = {'kmeans': run_kmeans, 'dbscan-estimate': estimate_dbscan, 'dbscan': run_dbscan, 'forest': run_forest}[detector]
    print(json.dumps(run(directory, meta, X)))


if __name__ == '__main__':
    main()
