"""Runs a command and reports its wall time and peak memory, sampled from /proc.

Usage: python3 bench/peak_memory.py [--interval SECONDS] COMMAND [ARGUMENTS...]

ru_maxrss counts every resident page, including pages of files the process has mapped (an
index reader maps its segments, a merge reads them through the page cache), so it overstates
what the process itself needs. This samples /proc/PID/status and reports both the peak
RssAnon (the process's own heap and stacks) and the peak VmRSS (anonymous + mapped files).
"""

import subprocess
import sys
import time


def read_status(pid):
    values = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                name, _, rest = line.partition(":")
                if name in ("RssAnon", "VmRSS", "RssFile"):
                    values[name] = int(rest.split()[0])  # KiB
    except (FileNotFoundError, ProcessLookupError):
        pass
    return values


def main(argv):
    interval = 0.5
    if argv[:1] == ["--interval"]:
        interval, argv = float(argv[1]), argv[2:]
    if not argv:
        sys.exit(__doc__)
    started = time.perf_counter()
    process = subprocess.Popen(argv)
    peaks = {"RssAnon": 0, "VmRSS": 0, "RssFile": 0}
    while process.poll() is None:
        for name, value in read_status(process.pid).items():
            peaks[name] = max(peaks[name], value)
        time.sleep(interval)
    seconds = time.perf_counter() - started
    print(f"exit {process.returncode}; {seconds:.1f} s; peak anonymous {peaks['RssAnon'] / 1024:.0f} MB, "
          f"peak RSS {peaks['VmRSS'] / 1024:.0f} MB (sampled every {interval} s)", file=sys.stderr)
    sys.exit(process.returncode)


if __name__ == "__main__":
    main(sys.argv[1:])
