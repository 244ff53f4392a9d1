# SPDX-License-Identifier: MIT
"""``python3 -m acdroute``: which package and library are in use.

``--version`` prints the package version, the library's and where the
library was loaded from (the first thing to check when a host finds the
wrong one); with no option the same plus the strategies.
"""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional

# (running -m imports the package first: a library that cannot be loaded
# raises LibraryNotFound before this module runs)
import acdroute


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(
        prog="python3 -m acdroute",
        description="Show the acdroute Python package and the library it loaded.",
        epilog="example: python3 -m acdroute --version",
        allow_abbrev=False)
    p.add_argument("--version", action="store_true",
                   help="print the package and library versions and the library's path")
    args = p.parse_args(argv)
    print(f"acdroute {acdroute.__version__} (library {acdroute.version()}, "
          f"{acdroute.lib().path})")
    if not args.version:
        with acdroute.Engine() as eng:
            print("strategies:", ", ".join(eng.strategies()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
