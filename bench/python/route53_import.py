"""Create every record set of a zone with Apache Libcloud's Route 53 driver and print how
many values were created.

Run by `cargo xtask bench dns-import` against its Route 53 server on 127.0.0.1 (which
does not check signatures); the credentials come from AWS_ACCESS_KEY_ID /
AWS_SECRET_ACCESS_KEY. Apache Libcloud has no zone-file reader, so the sets come as JSON:
[{"name", "type", "ttl", "values"}]. A set of one value is one create_record call, a set
of several one ex_create_multi_value_record call: one request per set either way.
"""

import argparse
import json
import os

from libcloud.dns.providers import get_driver
from libcloud.dns.types import Provider


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="server port on 127.0.0.1")
    parser.add_argument("--zone-id", required=True, help="the hosted zone's id")
    parser.add_argument("--sets", required=True, help="the record sets, as JSON")
    args = parser.parse_args()
    driver = get_driver(Provider.ROUTE53)(
        os.environ["AWS_ACCESS_KEY_ID"],
        os.environ["AWS_SECRET_ACCESS_KEY"],
        host="127.0.0.1",
        port=args.port,
        secure=False,
    )
    zone = driver.get_zone(args.zone_id)
    with open(args.sets) as f:
        sets = json.load(f)
    created = 0
    for s in sets:
        extra = {"ttl": s["ttl"]}
        if len(s["values"]) == 1:
            driver.create_record(s["name"], zone, s["type"], s["values"][0], extra=extra)
        else:
            driver.ex_create_multi_value_record(
                s["name"], zone, s["type"], "\n".join(s["values"]), extra=extra
            )
        created += len(s["values"])
    print(created)


if __name__ == "__main__":
    main()
