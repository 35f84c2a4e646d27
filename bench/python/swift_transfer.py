"""Upload a file to, or download an object from, Swift with Apache Libcloud's OpenStack
Swift driver, logging in to Keystone v3 with the OS_* variables.

Run by `cargo xtask bench swift-transfer` against the Keystone and Swift of the test
suite on 127.0.0.1. `put` uploads FILE with ex_multipart_upload_object (segments of
--segment-size and a manifest, since the cluster refuses single objects above its
max_file_size); `get` streams the object into FILE with download_object_as_stream.
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
    parser.add_argument("--container", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--segment-size", type=int, required=True)
    parser.add_argument("file")
    args = parser.parse_args()
    auth_url = os.environ["OS_AUTH_URL"]
    base = auth_url[: -len("/v3")] if auth_url.endswith("/v3") else auth_url
    driver = get_driver(Provider.OPENSTACK_SWIFT)(
        os.environ["OS_USERNAME"],
        os.environ["OS_PASSWORD"],
        ex_force_auth_url=base,
        ex_force_auth_version="3.x_password",
        ex_tenant_name=os.environ["OS_PROJECT_NAME"],
        ex_domain_name=os.environ.get("OS_USER_DOMAIN_NAME", "Default"),
        ex_force_service_region=os.environ["OS_REGION_NAME"],
    )
    container = driver.get_container(args.container)
    moved = 0
    if args.direction == "put":
        # verify_hash=False: with it on, Apache Libcloud 3.9.1 hashes each segment's
        # reader after the upload has drained it and compares the MD5 of nothing
        # (d41d8cd9...) with Swift's ETag, refusing every segment.
        driver.ex_multipart_upload_object(
            args.file, container, args.key, chunk_size=args.segment_size, verify_hash=False
        )
        moved = os.path.getsize(args.file)
    else:
        moved = streamed.download(driver, args.container, args.key, args.file)
    print(moved)


if __name__ == "__main__":
    main()
