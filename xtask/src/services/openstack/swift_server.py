"""Runs one Swift server with swift.conf read from the folder its configuration file
is in, not from /etc/swift (Swift reads its constraints and storage policies from
there when first imported, whatever swift_dir says).

Usage: swift_server.py KIND CONF [OPTIONS], KIND one of account, container, object,
proxy; CONF and OPTIONS go to the server as its own command line.
"""

import importlib
import os
import sys

MODULES = {
    "account": "swift.account.server",
    "container": "swift.container.server",
    "object": "swift.obj.server",
    "proxy": "swift.proxy.server",
}


def main(argv):
    if len(argv) < 3 or argv[1] not in MODULES:
        sys.exit(__doc__)
    kind, conf = argv[1], argv[2]
    from swift.common import utils

    swift_dir = os.path.dirname(os.path.abspath(conf))
    utils.SWIFT_CONF_FILE = os.path.join(swift_dir, "swift.conf")
    from swift.common import constraints, storage_policy

    constraints.reload_constraints()
    storage_policy.reload_storage_policies()
    server = importlib.import_module(MODULES[kind])
    sys.argv = ["swift-%s-server" % kind] + argv[2:]
    server.main()


if __name__ == "__main__":
    main(sys.argv)
