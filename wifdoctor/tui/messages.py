"""App-wide messages: walk progress travels from the worker to the screen as these."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from wifdoctor.checks.runner import WalkEvent


@dataclass
class WalkProgress(Message):
    """A step started or finished, or the walk ended."""

    event: WalkEvent
    generation: int  # which walk it belongs to; older walks' events are ignored
