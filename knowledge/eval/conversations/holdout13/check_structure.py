"""The holdout13 stories' structure check, without the bot: ../structure_check.py, this set's ranges.

Every phone follows +972531<workspace><language>nnnn; the holdout3-12 ranges
are forbidden.
Usage: python check_structure.py [--kb-topics PATH] [--counts] [--dir FOLDER]
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # structure_check.py sits one up
import structure_check as check  # noqa: E402

SETTINGS = check.SetSettings("holdout13", check.ranges_before("holdout13"), "+972531")

if __name__ == "__main__":
    sys.exit(check.main(SETTINGS, pathlib.Path(__file__).resolve().parent))
