"""Upload a file to, or download an object from, fake-gcs-server with Apache Libcloud's
google_storage driver.

Run by `cargo xtask bench gcs-transfer` against its own fake-gcs-server on 127.0.0.1,
started with `-public-host storage.googleapis.com`. `put` uploads FILE with
upload_object; `get` streams the object into FILE with download_object_as_stream.
Prints the number of bytes moved.

The driver speaks only the XML API of storage.googleapis.com, and the emulator answers
that API only for requests whose Host is storage.googleapis.com. So the driver keeps
its own host and is given, through its documented `proxy_url` option, the emulator as
an HTTP proxy over plain HTTP (`secure=False`): every request goes to 127.0.0.1:PORT in
absolute form (`GET http://storage.googleapis.com/bucket/key`), which the emulator's Go
server routes by that host. Credentials are an HMAC key pair (GCS_S3 authentication,
guessed by the driver from the "GOOG" prefix) that the emulator does not check.

Two adjustments for the emulator, neither touching how the driver moves the bytes:

- A PUT gets the query parameter X-Goog-Algorithm=GOOG4-HMAC-SHA256 added (in a
  wrapper around driver.connection.request): fake-gcs-server takes an XML API PUT of
  an object only as a signed-URL upload and answers any other with 400 "invalid
  uploadType". Headers, body and the driver's streaming of the file are unchanged. The
  answer carries no ETag, so upload_object runs with verify_hash=False (the benchmark
  checks every download's SHA-256 instead).
- driver.get_container returns the Container the driver itself would build: the
  emulator answers no HEAD on a bucket in its XML API (404), which get_object and the
  driver's get_container send first. HEAD and GET of objects are the driver's own.
"""

import argparse

from libcloud.storage.base import Container
from libcloud.storage.providers import get_driver
from libcloud.storage.types import Provider

import streamed


# An HMAC access id ("GOOG" and 20 more characters) and secret; the emulator checks
# neither.
ACCESS_ID = "GOOGBENCHMARK0000000000000"
SECRET = "bench-secret-not-a-real-one"

# What makes fake-gcs-server accept an XML API PUT (see the module docs).
SIGNED_UPLOAD_PARAM = ("X-Goog-Algorithm", "GOOG4-HMAC-SHA256")


def emulator_driver(port):
    """The google_storage driver, sending every request through 127.0.0.1:PORT."""
    proxy = "http://127.0.0.1:%d" % port
    driver = get_driver(Provider.GOOGLE_STORAGE)(ACCESS_ID, SECRET, secure=False, proxy_url=proxy)
    # Never let a request leave for the real storage.googleapis.com.
    if driver.connection.connection.session.proxies.get("http") != proxy:
        raise SystemExit("the driver did not take the emulator as its proxy")
    request = driver.connection.request

    def request_as_signed_upload(
        action, params=None, data=None, headers=None, method="GET", **kwargs
    ):
        if method == "PUT":
            params = dict(params or {})
            params.setdefault(*SIGNED_UPLOAD_PARAM)
        return request(
            action, params=params, data=data, headers=headers, method=method, **kwargs
        )

    driver.connection.request = request_as_signed_upload
    driver.get_container = lambda container_name: Container(
        name=container_name, extra=None, driver=driver
    )
    return driver


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("direction", choices=["put", "get"])
    parser.add_argument("--port", type=int, required=True, help="emulator port on 127.0.0.1")
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("file")
    args = parser.parse_args()
    driver = emulator_driver(args.port)
    moved = 0
    if args.direction == "put":
        container = driver.get_container(args.bucket)
        obj = driver.upload_object(args.file, container, args.key, verify_hash=False)
        moved = obj.size
    else:
        moved = streamed.download(driver, args.bucket, args.key, args.file)
    print(moved)


if __name__ == "__main__":
    main()
