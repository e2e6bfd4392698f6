"""``python -m notice_nlp`` runs the command line."""

import signal
import sys

try:
    from .cli import main

    code = main()
except KeyboardInterrupt:  # Ctrl-C while starting up, or after the guard returned
    code = 130
signal.signal(signal.SIGINT, signal.SIG_IGN)  # the run is over: a late Ctrl-C changes nothing
sys.exit(code)
