"""Adds the test records to a freshly bootstrapped Keystone through its REST API: the
demo project and user (role member), the service project and the swift service user
(role admin), and the object-store service with its endpoints.

Everything comes from environment variables: SEED_KEYSTONE_URL (ending in /v3),
SEED_ADMIN_PASSWORD, SEED_REGION, SEED_DEMO_PROJECT, SEED_DEMO_USER,
SEED_DEMO_PASSWORD, SEED_SERVICE_PROJECT, SEED_SWIFT_USER, SEED_SWIFT_PASSWORD and
SEED_SWIFT_URL (the object-store endpoint, with $(project_id)s in it).
"""

import json
import os
import sys
import urllib.error
import urllib.request

DOMAIN = "default"


class Keystone:
    def __init__(self, url):
        self.url = url.rstrip("/")
        self.token = None

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("X-Auth-Token", self.token)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                text = answer.read()
                headers = answer.headers
        except urllib.error.HTTPError as e:
            sys.exit("%s %s: HTTP %s %s" % (method, path, e.code, e.read()[:500]))
        return headers, (json.loads(text) if text else None)

    def log_in(self, user, password, project):
        scope = {"project": {"name": project, "domain": {"id": DOMAIN}}}
        identity = {
            "methods": ["password"],
            "password": {
                "user": {"name": user, "domain": {"id": DOMAIN}, "password": password}
            },
        }
        headers, _ = self.call(
            "POST", "/auth/tokens", {"auth": {"identity": identity, "scope": scope}}
        )
        self.token = headers["X-Subject-Token"]

    def create(self, collection, key, fields):
        _, body = self.call("POST", "/" + collection, {key: fields})
        return body[key]["id"]

    def role_id(self, name):
        _, body = self.call("GET", "/roles?name=" + name)
        roles = body["roles"]
        if not roles:
            sys.exit("Keystone has no role named %s" % name)
        return roles[0]["id"]

    def grant(self, project_id, user_id, role_id):
        self.call(
            "PUT", "/projects/%s/users/%s/roles/%s" % (project_id, user_id, role_id)
        )


def project_and_user(keystone, project, user, password, role):
    project_id = keystone.create(
        "projects", "project", {"name": project, "domain_id": DOMAIN}
    )
    user_id = keystone.create(
        "users",
        "user",
        {
            "name": user,
            "password": password,
            "domain_id": DOMAIN,
            "default_project_id": project_id,
        },
    )
    keystone.grant(project_id, user_id, keystone.role_id(role))


def main():
    env = os.environ
    keystone = Keystone(env["SEED_KEYSTONE_URL"])
    keystone.log_in("admin", env["SEED_ADMIN_PASSWORD"], "admin")
    project_and_user(
        keystone,
        env["SEED_DEMO_PROJECT"],
        env["SEED_DEMO_USER"],
        env["SEED_DEMO_PASSWORD"],
        "member",
    )
    project_and_user(
        keystone,
        env["SEED_SERVICE_PROJECT"],
        env["SEED_SWIFT_USER"],
        env["SEED_SWIFT_PASSWORD"],
        "admin",
    )
    service_id = keystone.create(
        "services",
        "service",
        {"type": "object-store", "name": "swift", "enabled": True},
    )
    for interface in ("public", "internal", "admin"):
        keystone.create(
            "endpoints",
            "endpoint",
            {
                "service_id": service_id,
                "interface": interface,
                "region_id": env["SEED_REGION"],
                "url": env["SEED_SWIFT_URL"],
                "enabled": True,
            },
        )
    print("keystone seeded: demo and service projects, object-store endpoints", flush=True)


if __name__ == "__main__":
    main()
