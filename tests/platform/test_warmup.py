"""A process's start (issue 18): the templates, catalogues and clients loaded once,
not by the first people served; and the Redis cache keeping its client."""

import gc
from pathlib import Path

import pytest
from django.template import engines

from tests.conftest import _redis_url
from wco_sse.core.cache import PortalRedisCache
from wco_sse.core.warmup import warm

ROOT = Path(__file__).resolve().parents[2]


def test_warm_up_compiles_every_template_of_the_portal_and_freezes_what_it_loaded():
    ours = [
        path.relative_to(ROOT / "templates").as_posix()
        for path in (ROOT / "templates").rglob("*")
        if path.suffix in (".html", ".txt")
    ]
    try:
        compiled = warm()
        assert compiled >= len(ours)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    engine = engines["django"].engine
    # Compiled once: asking again finds the same object in the cached loader.
    for name in ours[:50]:
        assert engine.get_template(name) is engine.get_template(name)


@pytest.mark.redis
def test_the_redis_cache_keeps_one_client_per_pool():
    cache = PortalRedisCache(_redis_url(), {"KEY_PREFIX": "warmup-test"})
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    assert cache._cache.get_client("some-key", write=True) is client
    cache.set("answer", {"value": 42})
    assert cache.get("answer") == {"value": 42}
    cache.delete("answer")
