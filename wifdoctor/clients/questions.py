"""How the walk's questions reach the person: one at a time, and a device-code prompt from
azure-identity's worker thread handed to the walk's loop and waited for.

One at a time: the walk's chains run side by side, so the exchange's question and the sign-in's
device code can be asked at the same moment. Shown together, the newer modal covers the older
one and takes the key the person meant for the one they were reading (a "n" meant for "Send the
token?" dismissed the device code; a "y" meant for the code would have sent the token).

The device-code prompt is asked from the sign-in's thread: the thread waits for the answer (a
"no" cancels the sign-in), and a prompt that cannot reach the person (the walk has ended, the
answer raised, the code expired unanswered) ends the sign-in with a SignInFailed that says so,
instead of a sign-in that polls for a code nobody saw.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable, Coroutine

from wifdoctor.clients.operator import SignInFailed
from wifdoctor.core.live import Question

Answer = Callable[[Question], Coroutine[object, object, bool]]


class OneAtATime:
    """``answer`` with its questions in turn: one waits until the one before it is answered.

    ``withdraw`` takes back the questions still open when the walk that asked is over (a new
    walk started over it): their tasks are cancelled, so no modal waits for an answer nobody
    reads, and a sign-in thread waiting on its code is told at once.
    """

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self._turn = asyncio.Lock()  # bound to the loop that first waits on it (3.10+)
        self._open: set[asyncio.Task[object]] = set()

    async def __call__(self, question: Question) -> bool:
        task = asyncio.current_task()
        if task is not None:
            self._open.add(task)
        try:
            async with self._turn:
                return await self.answer(question)
        finally:
            if task is not None:
                self._open.discard(task)

    def withdraw(self) -> None:
        current = asyncio.current_task()
        for task in list(self._open):
            if task is not current:
                task.cancel()


def one_at_a_time(answer: Answer) -> Answer:
    return answer if isinstance(answer, OneAtATime) else OneAtATime(answer)


def _bounded(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def device_code_prompt(
    answer: Answer, loop: asyncio.AbstractEventLoop
) -> Callable[[str, float], None]:
    """The sign-in's prompt callback: ``(text, seconds until the code expires)``, called on a
    worker thread; returns once the person has answered yes, raises SignInFailed otherwise."""

    def prompt(text: str, seconds_left: float) -> None:
        question = Question("device-code", text, default=True)
        asking = answer(question)
        try:
            delivered = asyncio.run_coroutine_threadsafe(asking, loop)
        except RuntimeError:  # the loop has closed: the walk that asked is over
            asking.close()
            raise SignInFailed(
                "The device code could not be shown: the walk had already ended."
            ) from None
        try:
            agreed = delivered.result(timeout=max(seconds_left, 0.0))
        except concurrent.futures.TimeoutError:
            delivered.cancel()
            raise SignInFailed(
                "The device code expired before it was answered; run the walk again for a new one."
            ) from None
        except concurrent.futures.CancelledError:
            raise SignInFailed(
                "The device code was withdrawn before it was answered (the walk was stopped)."
            ) from None
        except Exception as exc:
            raise SignInFailed(f"The device code could not be shown ({_bounded(exc)}).") from None
        if not agreed:
            raise SignInFailed("The device-code sign-in was cancelled: the code was answered no.")

    return prompt
