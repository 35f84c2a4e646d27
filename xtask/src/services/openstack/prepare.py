"""Prepares one run of the test OpenStack before its processes start: Keystone's
SQLite database, Fernet and credential keys and bootstrap records, and Swift's
one-replica account, container and object rings.

Usage: prepare.py KEYSTONE_CONF KEYSTONE_URL REGION SWIFT_DIR ACCOUNT_PORT
CONTAINER_PORT OBJECT_PORT, with the bootstrap password in the environment
variable OS_BOOTSTRAP_PASSWORD. Programs are taken from this Python's folder.
"""

import grp
import os
import pwd
import subprocess
import sys
import threading

BIN = os.path.dirname(sys.executable)


def tool(name):
    """A script of this environment, run by this Python rather than through its
    first line, which names the folder the environment was created in."""
    return [sys.executable, os.path.join(BIN, name)]


def run(argv, env=None):
    print("+ " + " ".join(argv), flush=True)
    subprocess.run(argv, check=True, env=env, stdin=subprocess.DEVNULL)


def prepare_keystone(conf, url, region, password):
    env = dict(os.environ, OS_KEYSTONE_CONFIG_FILES=conf)
    manage = tool("keystone-manage") + ["--config-file", conf]
    owner = [
        "--keystone-user",
        pwd.getpwuid(os.getuid()).pw_name,
        "--keystone-group",
        grp.getgrgid(os.getgid()).gr_name,
    ]
    run(manage + ["db_sync"], env)
    run(manage + ["fernet_setup"] + owner, env)
    run(manage + ["credential_setup"] + owner, env)
    bootstrap = ["bootstrap", "--bootstrap-password", password]
    for interface in ("admin", "public", "internal"):
        bootstrap += ["--bootstrap-%s-url" % interface, url]
    bootstrap += ["--bootstrap-region-id", region]
    run(manage + bootstrap, env)


def build_rings(swift_dir, ports):
    builder_cmd = tool("swift-ring-builder")
    for kind, port in ports:
        builder = os.path.join(swift_dir, kind + ".builder")
        run(builder_cmd + [builder, "create", "6", "1", "1"])
        run(builder_cmd + [builder, "add", "r1z1-127.0.0.1:%s/d1" % port, "1"])
        run(builder_cmd + [builder, "rebalance"])


def main(argv):
    if len(argv) != 8:
        sys.exit(__doc__)
    conf, url, region, swift_dir, account, container, obj = argv[1:]
    password = os.environ["OS_BOOTSTRAP_PASSWORD"]
    failures = []

    def rings():
        try:
            build_rings(
                swift_dir,
                [("account", account), ("container", container), ("object", obj)],
            )
        except Exception as e:
            failures.append("building the Swift rings: %s" % e)

    ring_thread = threading.Thread(target=rings)
    ring_thread.start()
    try:
        prepare_keystone(conf, url, region, password)
    except Exception as e:
        failures.append("preparing Keystone: %s" % e)
    ring_thread.join()
    if failures:
        sys.exit("; ".join(failures))


if __name__ == "__main__":
    main(sys.argv)
