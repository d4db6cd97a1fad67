"""``python -m wifdoctor``: the same as the ``wifdoctor`` command."""

from wifdoctor.cli import main

main()
