"""Checks a running test OpenStack end to end, from the variables the tests get: logs
in as the demo user, finds Swift in the catalog, creates a container, stores an
object, reads it back, and reads the proxy's /info. Prints one line per step."""

import json
import os
import sys
import urllib.error
import urllib.request

env = os.environ


def call(method, url, body=None, headers=None):
    request = urllib.request.Request(url, data=body, method=method)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status, answer.headers, answer.read()


def main():
    auth = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {
                        "name": env["LIBCLOUD_TEST_OS_USERNAME"],
                        "domain": {"name": env["LIBCLOUD_TEST_OS_USER_DOMAIN_NAME"]},
                        "password": env["LIBCLOUD_TEST_OS_PASSWORD"],
                    }
                },
            },
            "scope": {
                "project": {
                    "name": env["LIBCLOUD_TEST_OS_PROJECT_NAME"],
                    "domain": {"name": env["LIBCLOUD_TEST_OS_PROJECT_DOMAIN_NAME"]},
                }
            },
        }
    }
    status, headers, body = call(
        "POST",
        env["LIBCLOUD_TEST_KEYSTONE_ENDPOINT"] + "/auth/tokens",
        json.dumps(auth).encode(),
        {"Content-Type": "application/json"},
    )
    token = headers["X-Subject-Token"]
    catalog = json.loads(body)["token"]["catalog"]
    print("token: HTTP %d, roles %s" % (status, [r["name"] for r in json.loads(body)["token"]["roles"]]))
    swift = [s for s in catalog if s["type"] == "object-store"][0]
    public = [
        e["url"]
        for e in swift["endpoints"]
        if e["interface"] == "public" and e["region"] == env["LIBCLOUD_TEST_OS_REGION_NAME"]
    ][0]
    print("catalog: %s %s" % (swift["name"], public))
    if not public.startswith(env["LIBCLOUD_TEST_SWIFT_ENDPOINT"] + "/v1/AUTH_"):
        sys.exit("catalog URL %s is not under %s" % (public, env["LIBCLOUD_TEST_SWIFT_ENDPOINT"]))
    auth_header = {"X-Auth-Token": token}
    status, _, _ = call("PUT", public + "/c1", b"", auth_header)
    print("PUT container: HTTP %d" % status)
    status, headers, _ = call("PUT", public + "/c1/hello.txt", b"hello swift", auth_header)
    print("PUT object: HTTP %d etag %s" % (status, headers["Etag"]))
    status, _, body = call("GET", public + "/c1/hello.txt", None, auth_header)
    print("GET object: HTTP %d %r" % (status, body))
    if body != b"hello swift":
        sys.exit("object read back as %r" % body)
    status, _, body = call("GET", env["LIBCLOUD_TEST_SWIFT_ENDPOINT"] + "/info")
    info = json.loads(body)
    print("info: HTTP %d max_file_size %s" % (status, info["swift"]["max_file_size"]))
    if str(info["swift"]["max_file_size"]) != env["LIBCLOUD_TEST_SWIFT_MAX_FILE_SIZE"]:
        sys.exit("max_file_size is not the exported one")
    for feature in ("slo", "tempurl", "bulk_delete", "symlink"):
        if feature not in info:
            sys.exit("/info lacks %s: %s" % (feature, sorted(info)))
    print("info features: %s" % sorted(info))
    print("tempurl methods: %s digests: %s" % (info["tempurl"]["methods"], info["tempurl"].get("allowed_digests")))
    try:
        call("GET", public + "/c1/hello.txt")
        sys.exit("an anonymous GET was let through")
    except urllib.error.HTTPError as e:
        print("anonymous GET: HTTP %d" % e.code)
        if e.code != 401:
            sys.exit("expected 401")


if __name__ == "__main__":
    main()
