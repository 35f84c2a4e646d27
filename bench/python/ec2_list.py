"""List every EC2 instance with Apache Libcloud and print how many there are.

Run by `cargo xtask bench ec2-list` against its replay server on 127.0.0.1; the
credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (dummies: the replay
server does not check signatures).
"""

import argparse
import os

from libcloud.compute.providers import get_driver
from libcloud.compute.types import Provider


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="replay server port on 127.0.0.1")
    args = parser.parse_args()
    driver = get_driver(Provider.EC2)(
        os.environ["AWS_ACCESS_KEY_ID"],
        os.environ["AWS_SECRET_ACCESS_KEY"],
        region="us-east-1",
        host="127.0.0.1",
        port=args.port,
        secure=False,
    )
    print(len(driver.list_nodes()))


if __name__ == "__main__":
    main()
