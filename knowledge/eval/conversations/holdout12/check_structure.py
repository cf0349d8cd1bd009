"""The holdout12 stories' structure check, without the bot: ../structure_check.py, this set's ranges.

Every phone follows +972530<workspace><language>nnnn; the holdout3-11 ranges
are forbidden.
Usage: python check_structure.py [--kb-topics PATH] [--counts] [--dir FOLDER]
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # structure_check.py sits one up
import structure_check as check  # noqa: E402

SETTINGS = check.SetSettings("holdout12", check.ranges_before("holdout12"), "+972530")

if __name__ == "__main__":
    sys.exit(check.main(SETTINGS, pathlib.Path(__file__).resolve().parent))
