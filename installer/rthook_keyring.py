"""Runtime hook: register keyring's backends in the frozen program.

keyring finds its backends through the ``keyring.backends`` entry points of its
distribution metadata. A frozen program may lack that metadata, and then keyring
silently falls back to "no keyring". Importing the backend modules registers
their classes whatever the metadata says; each module imports on every platform
and only its priority tells whether it can be used.

Not in multiprocessing's children (the render worker, the demo builder), which
never use the keyring: the imports would only slow their start.
"""

import importlib
import sys


def _is_multiprocessing_child() -> bool:
    return any(arg == "-c" or arg.startswith("--multiprocessing-fork") for arg in sys.argv[1:])


if not _is_multiprocessing_child():
    for _module in (
        "keyring.backends.SecretService",
        "keyring.backends.libsecret",
        "keyring.backends.kwallet",
        "keyring.backends.macOS",
        "keyring.backends.Windows",
    ):
        importlib.import_module(_module)
