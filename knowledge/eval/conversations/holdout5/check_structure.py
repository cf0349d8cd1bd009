"""The holdout5 stories' structure check, without the bot: ../structure_check.py, this set's ranges.

Phones follow +972538<workspace><language>nnnn where they use that prefix; the
holdout3 and holdout4 ranges are forbidden.
Usage: python check_structure.py [--kb-topics PATH] [--counts] [--dir FOLDER]
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # structure_check.py sits one up
import structure_check as check  # noqa: E402

SETTINGS = check.SetSettings("holdout5", check.ranges_before("holdout5"), "+972538", prefix_required=False)

if __name__ == "__main__":
    sys.exit(check.main(SETTINGS, pathlib.Path(__file__).resolve().parent))
