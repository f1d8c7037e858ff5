"""Running two things at the same moment, for the concurrency tests (PostgreSQL)."""

import threading

from django.db import connection


def race(worker, count=2):
    """Run ``worker(index)`` in ``count`` threads at once; return results or errors."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = worker(index)
        except Exception as error:  # the test looks at what each thread met
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results
