"""What the transfer scripts share: an object streamed into a file with Apache
Libcloud's download_object_as_stream, in pieces of CHUNK bytes."""

CHUNK = 4 * 1024 * 1024


def download(driver, container, key, path):
    """Streams object `key` of `container` into the file at `path`; the bytes moved."""
    obj = driver.get_object(container, key)
    moved = 0
    with open(path, "wb") as sink:
        for chunk in driver.download_object_as_stream(obj, chunk_size=CHUNK):
            sink.write(chunk)
            moved += len(chunk)
    return moved
