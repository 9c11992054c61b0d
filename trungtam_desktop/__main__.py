"""``python -m trungtam_desktop`` → the command line."""

import sys

from trungtam_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
