"""The holdout10 stories' structure check, without the bot: ../structure_check.py, this set's ranges.

Every phone follows +972537<workspace><language>nnnn; the holdout3-9 ranges
are forbidden.
Usage: python check_structure.py [--kb-topics PATH] [--counts] [--dir FOLDER]
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # structure_check.py sits one up
import structure_check as check  # noqa: E402

SETTINGS = check.SetSettings("holdout10", check.ranges_before("holdout10"), "+972537")

if __name__ == "__main__":
    sys.exit(check.main(SETTINGS, pathlib.Path(__file__).resolve().parent))
