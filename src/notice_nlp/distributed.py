"""The Dask engine: the batch's own per-task function on a Dask cluster.

Needs the optional extra ``notice-nlp[dask]`` (dask.bag + distributed). With a scheduler address
(``tcp://HOST:8786``) the tasks go to that cluster; without one a LocalCluster is started in this
process. Workers load the gazetteer and tokenizer once each (module-level caches live per worker
process), before the first task. Records come back in input order, window by window, so memory
stays bounded. The per-input time limit (``--timeout``) holds in the workers' task threads too
(:mod:`.timelimit`).
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, TypeVar

from .errors import NoticeError, UsageError

__all__ = ["dask_map"]

_WINDOW = 512
T = TypeVar("T")
R = TypeVar("R")


def _warm_worker() -> None:
    """Everything a first parse loads (modules, gazetteer, vocabulary, tokenizer), loaded."""
    from . import parse_text
    from .batch import _warm

    _warm()
    parse_text("自2022年10月3日起,将城关区某小区调整为低风险区。")


def dask_map(fn: Callable[[T], R], tasks: Iterable[T], *, scheduler: str | None = None, workers: int = 2) -> Iterator[R]:
    """``fn`` over ``tasks`` on the cluster, results in input order."""
    try:
        import dask.bag as db
        from distributed import Client, LocalCluster
    except ImportError:
        raise NoticeError("the dask engine needs the optional extra: pip install 'notice-nlp[dask]'") from None
    from .batch import _windows

    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            raise UsageError(f"cannot reach the Dask scheduler ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'no answer'})", source=scheduler) from None
    else:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        # Each worker loads the gazetteer and vocabulary before its first task, so that the
        # loading does not count against that task's time limit (--timeout).
        client.run(_warm_worker)
        for window, _ in _windows(tasks, _WINDOW):
            bag = db.from_sequence(window, npartitions=max(1, min(len(window), workers * 4)))
            yield from bag.map(fn).compute()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
