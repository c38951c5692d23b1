"""A time budget for work on editors' text, in whatever thread runs it (MkDocs' serve rebuilds too).

Python cannot kill a thread, and `signal.alarm` works only in the main thread (and only on Unix).
So a timer thread raises `OverBudget` *inside* the working thread, through CPython's
`PyThreadState_SetAsyncExc`: the exception arrives at the next bytecode the thread runs. A long
call into C (one regex) is not interrupted until it returns; the checker's size and nesting limits
(markdown_check.py) keep every such call short, and the budget is the second line behind them.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)


class OverBudget(BaseException):
    """The work went on past its time budget.

    A BaseException, like KeyboardInterrupt: the libraries doing the work must not swallow it in an
    `except Exception`; only the code that set the budget catches it.
    """


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Run the block; raise OverBudget in it if it is still running after `seconds`."""
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"running": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["running"]:
                state["fired"] = True
                _set_async_exc(target, ctypes.py_object(OverBudget))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["running"] = False
            timer.cancel()
            if state["fired"]:
                # If the block ended on its own just as time ran out, the exception may still be
                # pending: clear it so it cannot surface in whatever this thread runs next.
                _set_async_exc(target, ctypes.py_object())
