"""``python -m bot``: run the command line."""

import os
import sys

from bot.cli import main

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:
    # The reader went away (``python -m bot ask … | head``): nothing more can be shown, so say
    # nothing more, without a traceback, and point stdout at devnull so that the flush at exit
    # does not raise again. The Python documentation's recipe for SIGPIPE.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    code = 1
sys.exit(code)
