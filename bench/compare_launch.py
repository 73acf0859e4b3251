"""Runs one command and writes its wall time, CPU time, peak RSS and exit code as JSON to a file.

Usage: python3 -I -S compare_launch.py RESULT.json COMMAND [ARGUMENTS...]

Why a launcher: Linux starts a child's ru_maxrss at the high-water mark of the process it was
spawned from (recorded at exec), so children spawned straight from bench/compare's large
process (word lists, queries, judgments) would all report at least its size. This launcher is
small (about 10 MB), so the command it starts reports its own peak.
"""

import json
import os
import sys
import time


def main():
    result_path, argv = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ)  # inherits stdin, stdout and stderr
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    exit_code = os.waitstatus_to_exitcode(status)
    with open(result_path, "w", encoding="utf-8") as output:
        json.dump({"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "max_rss_kb": usage.ru_maxrss,
                   "exit_code": exit_code}, output)
    sys.exit(0 if exit_code == 0 else 1)


if __name__ == "__main__":
    main()
