"""``python -m meetingapp``, and the entry script of the frozen program.

``freeze_support`` comes first, before anything else is imported: in a frozen
program a spawned child (the render worker, the demo builder) is the executable
started again with multiprocessing's arguments, and must become that child at once
instead of parsing a command line or opening a window.
"""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()

    from meetingapp.cli import main

    raise SystemExit(main())
