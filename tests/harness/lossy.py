"""lossy.py - a serial line that loses bytes, between a PC's pty and a reader.

USB-serial adapters without flow control drop bytes. LossyLine stands in
for such a cable: it opens a QEMU PC's pty (raw), makes a new pty pair, and
copies the PC's bytes to the new pty's master, leaving out the bytes its
drop rule picks; what the reader (labgrade, ser2net) writes on the new
pty's slave goes back to the PC unchanged (the request byte, ENQ). The
reader opens .path, the slave, like any serial device.

The drop rule sees each byte of each report copy: drop(copy, index, before,
byte) -> bool, with copy the copy's number in this stream (1 for the first
report seen), index the byte's position after the begin marker (1 for the
first byte after it), before the copy's bytes forwarded so far, and byte the
byte itself. The rules below lose one character of a report line (its CRC
then fails) or the 'e' of the end marker's "end" (the copy never ends);
begin_drop loses the last byte of the listed copies' begin markers (their
end markers then come without a report).

A thread does the copying; stop() ends it and closes everything.
"""

import os
import select
import threading
import tty

BEGIN = b"bootlab-report v4 begin"
REQUEST = 0x05


def in_line(copies, at=400):
    """Lose the first letter or digit at or after position 'at' of each listed copy
    (None: every copy): a report line then arrives one character short."""
    hit = set()

    def rule(copy, index, before, byte):
        if (copies is not None and copy not in copies) or copy in hit or index < at:
            return False
        if byte.isalnum():
            hit.add(copy)
            return True
        return False
    return rule


def in_end_marker(copies):
    """Lose the 'e' of "end" in the end marker of the listed copies (None: every copy)."""
    return lambda copy, index, before, byte: ((copies is None or copy in copies) and byte == b"e"
                                              and before.endswith(b"\nbootlab-report v4 "))


class LossyLine:
    def __init__(self, pc_pty, drop, begin_drop=None):
        """pc_pty: the PC's pty path; drop: the rule for bytes inside a copy;
        begin_drop: copy numbers whose begin marker loses its last byte."""
        self.drop = drop
        self.begin_drop = begin_drop or set()
        self.pc = os.open(pc_pty, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.pc)
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.copies = 0       # begin markers seen from the PC
        self.dropped = 0      # bytes left out
        self.requests = 0     # request bytes the reader sent to the PC
        self.window = b""     # the last bytes from the PC, for the begin marker
        self.copy = None      # bytes of the current copy forwarded so far (None: outside one)
        self.seen = 0         # bytes of the current copy the PC sent
        self.stopping = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _from_pc(self, data):
        out = bytearray()
        for b in data:
            byte = bytes([b])
            self.window = (self.window + byte)[-len(BEGIN):]
            if self.window == BEGIN:
                self.copies += 1
                self.copy, self.seen = bytearray(), 0
                if self.copies in self.begin_drop:
                    self.dropped += 1
                    continue
            elif self.copy is not None:
                self.seen += 1
                if self.drop(self.copies, self.seen, bytes(self.copy), byte):
                    self.dropped += 1
                    continue
                self.copy += byte
            out += byte
        return bytes(out)

    def _run(self):
        while not self.stopping:
            try:
                ready, _, _ = select.select([self.pc, self.master], [], [], 0.2)
                if self.pc in ready:
                    data = os.read(self.pc, 4096)
                    if not data:
                        break
                    os.write(self.master, self._from_pc(data))
                if self.master in ready:
                    data = os.read(self.master, 4096)
                    self.requests += data.count(REQUEST)
                    os.write(self.pc, data)
            except OSError:
                break

    def stop(self):
        self.stopping = True
        self.thread.join(timeout=5)
        for fd in (self.pc, self.master, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
