"""Reference rows every page reads (the federation, branches, sectors, the countries in use),
remembered in the process between requests and dropped the moment the data they came from
changes.

Each entry is stored with the generations of the data parts it depends on (members.pagecache,
bumped by every save or delete of a watched model). The process reads the generations at most
every GENERATIONS_FOR seconds (one cache round trip for all parts), so a write in another
process reaches this one within that time; a write in this process at once. Only public rows
are remembered here, never anything that depends on who asks. This is not a page cache:
PAGE_CACHE=off leaves it on.
"""

import threading
import time

from . import pagecache

GENERATIONS_FOR = 0.5  # seconds

_lock = threading.Lock()
_values: dict = {}
_generations: dict = {}  # parts -> (read at, generations)


def _current(parts: tuple) -> str:
    now = time.monotonic()
    seen = _generations.get(parts)
    if seen is not None and now - seen[0] < GENERATIONS_FOR:
        return seen[1]
    generations = pagecache.generations(parts)
    _generations[parts] = (now, generations)
    return generations


def forget() -> None:
    """Drop everything (a write in this process: see pagecache.bump)."""
    with _lock:
        _values.clear()
        _generations.clear()


def remembered(key, parts: tuple, load):
    """`load()`'s value, from memory while `parts` have not changed."""
    generations = _current(parts)
    if not generations:  # the cache is unreachable: no way to know of writes elsewhere
        return load()
    entry = _values.get(key)
    if entry is not None and entry[0] == generations:
        return entry[1]
    value = load()
    with _lock:
        _values[key] = (generations, value)
    return value
