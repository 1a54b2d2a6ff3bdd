"""http.py - the boot server's HTTP side (make netboot-serve HTTP=1): the
files of the netboot root, and nothing else.

    python3 -m netboot.http --bind 10.77.0.1 --root build/netboot [--port 80]

Python's http.server lists a directory to anyone who asks, which would show
the lab's MACs and builds. This handler answers only GET and HEAD for a
regular file inside the root: a directory, a link that leads out of the root,
or a missing file is "404 Not found", with no listing and no hint. Each
request is logged on one line (client, request, status), so the log shows
what every PC fetched and, as 404s, only files that should exist.
"""

import argparse
import functools
import http.server
import os
import sys


class FilesOnly(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler without directory listings or ways out of the root."""

    def send_head(self):
        path = os.path.realpath(self.translate_path(self.path))
        root = os.path.realpath(self.directory)
        if not (path.startswith(root + os.sep) and os.path.isfile(path)):
            self.send_error(404, "Not found")
            return None
        return super().send_head()

    def list_directory(self, path):
        self.send_error(404, "Not found")
        return None


def main(argv):
    ap = argparse.ArgumentParser(prog="python3 -m netboot.http", description=__doc__.split("\n")[0])
    ap.add_argument("--bind", required=True, help="the lab interface's address")
    ap.add_argument("--root", required=True, help="the netboot root (build/netboot)")
    ap.add_argument("--port", type=int, default=80)
    args = ap.parse_args(argv)
    handler = functools.partial(FilesOnly, directory=os.path.abspath(args.root))
    with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
        print("bootlab: HTTP on %s port %d: the files of %s, no directory listings"
              % (args.bind, args.port, args.root), file=sys.stderr, flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
