"""``--timeout SECONDS``, for the commands that run queries: declared once, checked once."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from ..loading.stores.waits import waits_end_by
from ..querying.execute import check_timeout


def add_timeout_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=float, metavar="SECONDS",
                        help="stop the query after this many seconds")


@contextmanager
def time_limit(args: argparse.Namespace) -> Iterator[None]:
    """Refuse a ``--timeout`` that is not a number of seconds above zero, then let it bound
    the waits for a SPARQL server's answers (the load's too) in the block."""
    if args.timeout is not None:
        check_timeout(args.timeout)
    with waits_end_by(args.timeout):
        yield
