"""Upload a file to, or download an object from, S3 with Apache Libcloud.

Run by `cargo xtask bench s3-transfer` against a server on 127.0.0.1; the credentials
come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. `put` streams FILE up with
upload_object_via_stream (multipart); `get` streams the object into FILE with
download_object_as_stream. Prints the number of bytes moved.
"""

import argparse
import os

from libcloud.storage.providers import get_driver
from libcloud.storage.types import Provider

import streamed



def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("direction", choices=["put", "get"])
    parser.add_argument("--port", type=int, required=True, help="S3 server port on 127.0.0.1")
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("file")
    args = parser.parse_args()
    driver = get_driver(Provider.S3)(
        os.environ["AWS_ACCESS_KEY_ID"],
        os.environ["AWS_SECRET_ACCESS_KEY"],
        region="us-east-1",
        host="127.0.0.1",
        port=args.port,
        secure=False,
    )
    container = driver.get_container(args.bucket)
    moved = 0
    if args.direction == "put":
        with open(args.file, "rb") as source:
            obj = driver.upload_object_via_stream(
                iterator=source, container=container, object_name=args.key
            )
        moved = obj.size
    else:
        moved = streamed.download(driver, args.bucket, args.key, args.file)
    print(moved)


if __name__ == "__main__":
    main()
