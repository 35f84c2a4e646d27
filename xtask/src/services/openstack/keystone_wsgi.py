"""Serves Keystone's WSGI application on 127.0.0.1:PORT, one thread per request.

Usage: keystone_wsgi.py PORT, with the configuration file named by the environment
variable OS_KEYSTONE_CONFIG_FILES.
"""

import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class Handler(WSGIRequestHandler):
    def address_string(self):
        return self.client_address[0]


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    port = int(argv[1])
    # oslo.config parses the process's arguments: leave it none to read.
    sys.argv = argv[:1]
    from keystone.server import wsgi

    application = wsgi.initialize_public_application()
    server = make_server(
        "127.0.0.1",
        port,
        application,
        server_class=ThreadingWSGIServer,
        handler_class=Handler,
    )
    print("keystone listening on 127.0.0.1:%d" % port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
