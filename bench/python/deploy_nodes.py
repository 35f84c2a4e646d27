"""Deploy to many nodes at once with Apache Libcloud's deploy_node (paramiko), a thread
per node, as Libcloud's documentation shows: on each node, upload a file and run a script
that prints the file's SHA-256. Print one line per node: its name and the script's output.

Run by `cargo xtask bench deploy` against one OpenSSH server on 127.0.0.1. The nodes come
from a minimal driver whose nodes run at once at 127.0.0.1, so what is timed is
deploy_node itself: waiting for the node (one list_nodes call), connecting, the SFTP
upload and the script.
"""

import argparse
import sys
import threading

from libcloud.compute.base import Node, NodeDriver
from libcloud.compute.deployment import FileDeployment, MultiStepDeployment, ScriptDeployment
from libcloud.compute.types import NodeState


class LoopbackDriver(NodeDriver):
    """Nodes that run at once, at 127.0.0.1."""

    name = "loopback"
    type = "loopback"
    features = {"create_node": ["ssh_key"]}

    def __init__(self):
        super().__init__(key="unused")
        self._nodes = {}
        self._lock = threading.Lock()

    def create_node(self, name, size=None, image=None, **kwargs):
        node = Node(
            id=name,
            name=name,
            state=NodeState.RUNNING,
            public_ips=["127.0.0.1"],
            private_ips=[],
            driver=self,
        )
        with self._lock:
            self._nodes[name] = node
        return node

    def list_nodes(self):
        with self._lock:
            return list(self._nodes.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="SSH port on 127.0.0.1")
    parser.add_argument("--user", required=True)
    parser.add_argument("--key", required=True, help="private key file")
    parser.add_argument("--nodes", type=int, required=True)
    parser.add_argument("--payload", required=True, help="the local file to upload")
    parser.add_argument("--remote", required=True, help="remote folder; one subfolder per node")
    args = parser.parse_args()
    driver = LoopbackDriver()
    results = {}
    errors = {}

    def deploy(i):
        name = "node-%02d" % i
        target = "%s/%s/payload" % (args.remote, name)
        script = ScriptDeployment("#!/bin/sh\nsha256sum %s | cut -d' ' -f1\n" % target)
        steps = MultiStepDeployment([FileDeployment(args.payload, target), script])
        try:
            driver.deploy_node(
                name=name,
                deploy=steps,
                ssh_username=args.user,
                ssh_port=args.port,
                ssh_key=args.key,
                ssh_timeout=30,
                timeout=300,
                wait_period=1,
            )
            if script.exit_status != 0:
                errors[name] = "exit status %s: %s" % (script.exit_status, script.stderr)
            results[name] = script.stdout.strip()
        except Exception as e:  # the report names the node and the failure
            errors[name] = repr(e)

    threads = [threading.Thread(target=deploy, args=(i,)) for i in range(args.nodes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for name in sorted(results):
        print(name, results[name])
    for name in sorted(errors):
        print("failed", name, errors[name], file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
