#!/usr/bin/env python3
"""Pictures through a pixel protocol, seen from the terminal's side.

tmux neither answers the kitty graphics query nor shows sixel, so this runs
mltui on a pseudo-terminal of its own (120x40 cells of 10x20 pixels) and
plays the terminal: it answers the probe as a kitty terminal ("kitty"), as a
sixel terminal ("sixel"), or not at all ("silent"), opens the confusion
matrix of big-skink-198 and checks what mltui wrote:

  kitty   a kitty image (ESC _G a=T ... c=COLS,r=ROWS) placed inside the
          preview pane, and a kitty delete (a=d) when the screen changes;
  sixel   a sixel image (ESC P ... q) inside the preview pane;
  silent  the probe's wait is bounded (the runs show within 2 s of start)
          and no pixel output: symbols.

usage: pty_images.py MODE MLTUI URI
"""
import os
import pty
import re
import select
import struct
import sys
import fcntl
import termios
import time

MODE, MLTUI, URI = sys.argv[1], sys.argv[2], sys.argv[3]
COLS, ROWS = 120, 40

out = bytearray()


def fail(msg):
    tail = bytes(out[-600:]).decode("utf-8", "replace")
    print("pty_images %s: %s\n--- last output ---\n%r" % (MODE, msg, tail))
    sys.exit(1)


pid, fd = pty.fork()
if pid == 0:
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
    env.pop("COLORTERM", None)
    os.execvpe(MLTUI, [MLTUI, "--tracking-uri", URI, "--experiment", "Hazardous_NEOs"], env)

fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, COLS * 10, ROWS * 20))
start = time.monotonic()
answered = False


def pump(seconds):
    """Reads what mltui writes for up to `seconds`, answering the probe."""
    global answered
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if not r:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        out.extend(data)
        if not answered and b"\x1b[c" in out:
            answered = True
            if b"\x1b_Gi=31," not in out:
                fail("the probe did not ask the kitty query before DA1")
            if MODE == "kitty":
                os.write(fd, b"\x1b_Gi=31;OK\x1b\\\x1b[?62;22c")
            elif MODE == "sixel":
                os.write(fd, b"\x1b[?62;4;22c")
    return True


def wait_for(pattern, seconds=10):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if re.search(pattern, bytes(out), re.S):
            return
        if not pump(0.1):
            break
    fail("timed out waiting for %r" % pattern)


def key(s):
    os.write(fd, s.encode())
    pump(0.15)


wait_for(rb"34/34 runs")
elapsed = time.monotonic() - start
if MODE == "silent" and elapsed > 2.5:
    fail("runs took %.1f s with a silent terminal" % elapsed)
key(":")
key("sort f1 desc\r")
wait_for("f1▼".encode())
key("\r")
wait_for(rb"Overview")
key("a")
wait_for(rb"confusion_matrix\.png")
pump(0.3)
mark = len(out)
key("g")
key("j")
key("j")
wait_for(rb"500x400 PNG")
pump(1.0)
after = bytes(out[mark:])

if MODE == "kitty":
    m = re.search(rb"\x1b7\x1b\[(\d+);(\d+)H\x1b_Ga=T,f=\d+,s=(\d+),v=(\d+),c=(\d+),r=(\d+)", after)
    if not m:
        fail("no kitty image after the PNG was selected")
    y, x, c, r = int(m.group(1)), int(m.group(2)), int(m.group(5)), int(m.group(6))
    # the pane: right of the list, below its header line, above status and hints
    if not (x > COLS // 3 and x + c - 1 <= COLS and y >= 3 and y + r - 1 <= ROWS - 2):
        fail("kitty image at row %d col %d, %dx%d cells: outside the pane" % (y, x, c, r))
    if b"\x1b8" not in after[m.end():]:
        fail("cursor not restored after the image")
    mark = len(out)
    key("\x1b")
    pump(0.6)
    if b"\x1b_Ga=d,d=A\x1b\\" not in bytes(out[mark:]):
        fail("no kitty delete after leaving the artifacts")
elif MODE == "sixel":
    m = re.search(rb"\x1b7\x1b\[(\d+);(\d+)H\x1bP[0-9;]*q", after)
    if not m:
        fail("no sixel image after the PNG was selected")
    y, x = int(m.group(1)), int(m.group(2))
    if not (x > COLS // 3 and y >= 3):
        fail("sixel image at row %d col %d: outside the pane" % (y, x))
else:
    if b"\x1b_Ga=" in after or re.search(rb"\x1bP[0-9;]*q", after):
        fail("pixel output although the terminal did not answer")
    if "▌".encode() not in after and "▐".encode() not in after and "▔".encode() not in after:
        fail("no symbols drawn")

key("Q")
end = time.monotonic() + 5
while time.monotonic() < end:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    pump(0.1)
else:
    os.kill(pid, 9)
    fail("mltui did not quit")
if os.WEXITSTATUS(status) != 0:
    fail("exit status %d" % os.WEXITSTATUS(status))
print("pty_images %s: ok" % MODE)
