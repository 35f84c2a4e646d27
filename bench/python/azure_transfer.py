"""Upload a file to, or download a blob from, Azurite with Apache Libcloud's Azure Blobs
driver, signing with the account name and key in AZURE_STORAGE_ACCOUNT and
AZURE_STORAGE_KEY.

Run by `cargo xtask bench azure-transfer` against Azurite on 127.0.0.1. The driver is
given host and port, which makes it address the account by path
(`/devstoreaccount1/...`) as Azurite expects. `put` uploads FILE with upload_object,
the driver's standard path for a file: above 4 MiB it sends Put Block requests of
4 MiB one after the other (an MD5 per block and one over the whole file), then Put
Block List. `get` streams the blob into FILE with download_object_as_stream (one GET).
Prints the number of bytes moved.
"""

import argparse
import os

from libcloud.storage.providers import get_driver
from libcloud.storage.types import Provider

import streamed



def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("direction", choices=["put", "get"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--container", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("file")
    args = parser.parse_args()
    driver = get_driver(Provider.AZURE_BLOBS)(
        key=os.environ["AZURE_STORAGE_ACCOUNT"],
        secret=os.environ["AZURE_STORAGE_KEY"],
        host="127.0.0.1",
        port=args.port,
        secure=False,
    )
    moved = 0
    if args.direction == "put":
        container = driver.get_container(args.container)
        obj = driver.upload_object(args.file, container, args.key)
        moved = obj.size
    else:
        moved = streamed.download(driver, args.container, args.key, args.file)
    print(moved)


if __name__ == "__main__":
    main()
