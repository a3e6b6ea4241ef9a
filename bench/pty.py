#!/usr/bin/env python3
"""The pseudo-terminal harness of the benchmarks (bench/README.md).

  pty.py startup RUNS MARKER CMD... [-- MARKER CMD...]
                                      ms from fork to the end of the output that drew
                                      MARKER; the commands alternate, RUNS times each
  pty.py keys KEYS CMD...             CPU ms per PageDown while reading an article
  pty.py rss CMD...                   peak RSS (VmHWM, kB) after a walk through screens
  pty.py contest STEPS IDLE_S HOST_CMD... -- DISPLAY_CMD... [-- OTHER_CMD...]
                                      ms from Enter at a contest host's console to the end
                                      of the audience display's redraw, STEPS times; then
                                      the CPU of each process (in the order given) over
                                      IDLE_S idle seconds, in ms per second

Every child runs in its own 80x24 pty with TERM=xterm and LANG=C.UTF-8, and
is killed by its pid at the end. Output is one line of key=value pairs.
"""
import fcntl
import os
import re
import select
import signal
import statistics
import struct
import sys
import termios
import time

ROWS, COLS = 24, 80
PGDN = b"\x1b[6~"
# Escape sequences (CSI, charset designation, keypad modes): text on the
# screen is matched with these taken out, as attributes split words.
ESC = re.compile(rb"\x1b(\[[0-9;?>=]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78])")
ENV = dict(os.environ, TERM="xterm", LANG="C.UTF-8", LC_ALL="C.UTF-8")


class Child:
    def __init__(self, argv):
        pid, fd = os.forkpty()
        if pid == 0:
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
                os.execvpe(argv[0], argv, ENV)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.buf = b""

    def read(self, timeout):
        """Reads what is there within timeout seconds; returns the bytes."""
        r, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not r:
            return b""
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return b""
        self.buf += data
        return data

    def wait_for(self, text, timeout=20.0):
        """Waits until text has been written since the last clear(); returns
        the monotonic time at which the read that completed it returned."""
        want = text.encode()
        end = time.monotonic() + timeout
        while want not in ESC.sub(b"", self.buf):
            if time.monotonic() > end:
                raise SystemExit("pty.py: timed out waiting for %r; screen bytes: %r"
                                 % (text, self.buf[-400:]))
            self.read(end - time.monotonic())
        return time.monotonic()

    def quiet(self, ms):
        """Reads until nothing has come for ms milliseconds."""
        while self.read(ms / 1000.0):
            pass

    def clear(self):
        self.buf = b""

    def send(self, data):
        os.write(self.fd, data)

    def cpu_ns(self):
        """CPU time of the child: schedstat (ns) when the kernel has it, else
        utime+stime from /proc/PID/stat (clock ticks)."""
        try:
            with open("/proc/%d/schedstat" % self.pid) as f:
                return int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            with open("/proc/%d/stat" % self.pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks = int(fields[11]) + int(fields[12])
            return ticks * 1_000_000_000 // os.sysconf("SC_CLK_TCK")

    def stat_ticks(self):
        with open("/proc/%d/stat" % self.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])

    def status(self, key):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        return 0

    def kill(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        end = time.monotonic() + 2
        while time.monotonic() < end:
            self.read(0.01)
            if os.waitpid(self.pid, os.WNOHANG) != (0, 0):
                break
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def first_screen(marker, argv):
    """ms from fork to the end of the burst of output that drew marker."""
    t0 = time.monotonic()
    c = Child(argv)
    try:
        t1 = c.wait_for(marker)
        # The rest of the burst that drew the marker: the screen is
        # complete when the program stops writing.
        while c.read(0.005):
            t1 = time.monotonic()
    finally:
        c.kill()
    return (t1 - t0) * 1000.0


def startup(runs, specs):
    """Alternates the programs run after run, so that a noisy moment hits
    both; prints each one's median."""
    times = [[] for _ in specs]
    for _ in range(runs):
        for i, (marker, argv) in enumerate(specs):
            times[i].append(first_screen(marker, argv))
    print(" ".join("median_ms_%d=%.3f min_ms_%d=%.3f" % (i, statistics.median(t), i, min(t))
                   for i, t in enumerate(times)))


def open_article(c):
    """--lang vi starts at the main menu: 1 = Articles, 1 = the first topic,
    1 = its first article (the generated one has order 0)."""
    c.wait_for("Bài viết")
    c.quiet(300)
    for key in (b"1", b"1", b"1"):
        c.clear()
        c.send(key)
        c.quiet(300)
    c.wait_for("Bench corpus 20261122")


def keys(n, argv):
    c = Child(argv)
    try:
        open_article(c)
        c.quiet(500)
        before, ticks0 = c.cpu_ns(), c.stat_ticks()
        t0 = time.monotonic()
        moved = 0
        for _ in range(n):
            c.clear()
            c.send(PGDN)
            # One key at a time: wait for its redraw (or 30 ms for a key past
            # the end, which changes nothing on the screen), so that ncurses
            # never cuts output short because more input is waiting.
            if c.read(0.03):
                moved += 1
                c.quiet(2)
        c.quiet(200)
        after, ticks1 = c.cpu_ns(), c.stat_ticks()
        wall = time.monotonic() - t0
    finally:
        c.kill()
    hz = os.sysconf("SC_CLK_TCK")
    print("cpu_ms_per_key=%.4f stat_ms_per_key=%.4f keys=%d scrolled=%d wall_s=%.2f"
          % ((after - before) / 1e6 / n, (ticks1 - ticks0) * 1000.0 / hz / n, n, moved, wall))


# The walk of the memory row: key, and text the screen must then show ("" =
# just let it settle).
WALK = [
    (b"1", "Trắc nghiệm"),             # Vietnamese: the main menu
    (b"1", "Tiêu chí xã nông thôn mới"),  # Articles: the topics
    (b"1", ""),                        # the first topic's articles
    (b"1", ""),                        # its first article
    (PGDN * 5, ""),
    (b"\x1b", ""), (b"\x1b", ""),      # back to the topics
    (b"/", "Tìm"),                     # search
    (b"nong thon moi", ""), (b"\r", ""),  # typed, then the first hit opened
    (b"\x1b", ""), (b"\x1b", ""), (b"\x1b", "Trắc nghiệm"),  # back to the menu
    (b"2", ""), (b"1", "5"), (b"1", ""),  # a quiz: the first topic, 5 questions
    (b"1", ""), (b"\r", ""),            # answer A, next
    (b"\x1b", ""), (b"\x1b", "Trắc nghiệm"),
    (b"3", ""),                        # questions and answers
    (b"\x1b", "Trắc nghiệm"),
    (b"4", ""),                        # help
    (b"\x1b", ""),
]


def rss(argv):
    c = Child(argv)
    try:
        c.wait_for("Tiếng Việt")       # the picker
        c.quiet(300)
        for key, text in WALK:
            c.clear()
            c.send(key)
            if text:
                c.wait_for(text)
            c.quiet(400)
            if os.environ.get("BENCH_DEBUG"):
                sys.stderr.write("%r -> %r\n" % (key, ESC.sub(b"", c.buf)[-160:].decode("utf-8", "replace")))
        # Every key handled: the CPU clock has stopped moving.
        while True:
            before = c.cpu_ns()
            c.quiet(300)
            if c.cpu_ns() - before < 5_000_000:
                break
        hwm, now = c.status("VmHWM"), c.status("VmRSS")
    finally:
        c.kill()
    print("peak_rss_kb=%d rss_kb=%d" % (hwm, now))


def contest(steps, idle_s, host_argv, display_argv, others):
    """Enter at the host's console, one step at a time; each step's latency is the time until
    the display has finished drawing what the step changed (the end of its burst of output).
    A step follows 400 ms after the last one's redraw: the console ignores a second Enter
    within 300 ms of a step."""
    host, disp = Child(host_argv), Child(display_argv)
    rest = [Child(a) for a in others]
    try:
        host.wait_for("Enter")
        disp.wait_for("1.")
        host.quiet(500)
        disp.quiet(500)
        lat = []
        for _ in range(steps):
            disp.clear()
            host.clear()
            t0 = time.monotonic()
            host.send(b"\r")
            if not disp.read(5.0):
                raise SystemExit("pty.py: the display did not change after step %d"
                                 % (len(lat) + 1))
            t1 = time.monotonic()
            while disp.read(0.005):
                t1 = time.monotonic()
            lat.append((t1 - t0) * 1000.0)
            host.quiet(50)
            time.sleep(0.4)
        # Idle: nothing happens for idle_s seconds; what each process spends meanwhile.
        host.quiet(300)
        disp.quiet(300)
        every = [host, disp] + rest
        for c in rest:
            c.quiet(300)
        before = [c.cpu_ns() for c in every]
        end = time.monotonic() + idle_s
        while time.monotonic() < end:
            for c in every:
                c.read(0.02)
        idle = [(c.cpu_ns() - b) / 1e6 / idle_s for c, b in zip(every, before)]
    finally:
        host.kill()
        disp.kill()
        for c in rest:
            c.kill()
    lat.sort()
    def pct(p):
        return lat[max(0, -(-len(lat) * p // 100) - 1)]
    print("steps=%d p50_ms=%.2f p95_ms=%.2f max_ms=%.2f idle_cpu_ms_per_s=%s"
          % (len(lat), statistics.median(lat), pct(95), lat[-1],
             ",".join("%.3f" % x for x in idle)))


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    what = sys.argv[1]
    if what == "startup":
        specs, cur = [], []
        for a in sys.argv[3:] + ["--"]:
            if a == "--":
                specs.append((cur[0], cur[1:]))
                cur = []
            else:
                cur.append(a)
        startup(int(sys.argv[2]), specs)
    elif what == "keys":
        keys(int(sys.argv[2]), sys.argv[3:])
    elif what == "rss":
        rss(sys.argv[2:])
    elif what == "contest":
        cmds, cur = [], []
        for a in sys.argv[4:] + ["--"]:
            if a == "--":
                cmds.append(cur)
                cur = []
            else:
                cur.append(a)
        contest(int(sys.argv[2]), float(sys.argv[3]), cmds[0], cmds[1], cmds[2:])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
