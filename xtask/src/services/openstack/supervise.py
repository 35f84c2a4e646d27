"""Runs the test OpenStack on 127.0.0.1 as child processes of this one: memcached,
Keystone (then seeds it), Swift's account, container and object servers, and last
Swift's proxy, so that the proxy answering means everything is up.

Usage: supervise.py RUN_DIR MEMCACHED_PORT KEYSTONE_PORT ACCOUNT_PORT CONTAINER_PORT
OBJECT_PORT PROXY_PORT. RUN_DIR holds keystone/keystone.conf and swift/*-server.conf;
the helper scripts sit next to this one; the seeding script reads SEED_* variables.

When any child ends, or this process gets SIGTERM or SIGINT, every child is stopped
and this process exits. When this process dies without cleaning up (SIGKILL), a
watchdog process stops every child and the rest of the process group.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
WAIT_SECONDS = 50

children = []
watchdog = None


def log(message):
    print("supervise: " + message, flush=True)


def start_watchdog():
    """Forks the watchdog and returns the pipe to tell it about children. It learns
    each child's pid from the pipe (Swift's servers leave the process group) and,
    when the pipe closes because this process died, stops them and the group."""
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
    read_end, write_end = os.pipe()
    if os.fork() == 0:
        os.close(write_end)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        pids, pending = [], b""
        while True:
            try:
                chunk = os.read(read_end, 512)
            except OSError:
                break
            if not chunk:
                break
            *lines, pending = (pending + chunk).split(b"\n")
            pids += [int(line) for line in lines if line]
        for sig, pause in ((signal.SIGTERM, 2), (signal.SIGKILL, 0)):
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
            time.sleep(pause)
        os.killpg(os.getpgrp(), signal.SIGKILL)
        os._exit(0)
    os.close(read_end)
    return write_end


def start(name, argv, env=None):
    log("starting %s: %s" % (name, " ".join(argv)))
    process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL)
    children.append((name, process))
    os.write(watchdog, b"%d\n" % process.pid)
    return process


def stop_all(code):
    for name, process in reversed(children):
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 5
    for name, process in reversed(children):
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    log("stopped")
    sys.exit(code)


def check_children():
    for name, process in children:
        code = process.poll()
        if code is not None:
            log("%s exited (%s): stopping everything" % (name, code))
            stop_all(1)


def wait_for(what, probe):
    deadline = time.monotonic() + WAIT_SECONDS
    while not probe():
        check_children()
        if time.monotonic() > deadline:
            log("%s did not come up within %d s" % (what, WAIT_SECONDS))
            stop_all(1)
        time.sleep(0.2)
    log("%s is up" % what)


def tcp_accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def http_answers(port, path):
    try:
        with urllib.request.urlopen(
            "http://127.0.0.1:%d%s" % (port, path), timeout=5
        ) as answer:
            return answer.status < 500
    except urllib.error.HTTPError as e:
        return e.code < 500
    except OSError:
        return False


def memcached_argv(port):
    program = shutil.which("memcached") or "/usr/bin/memcached"
    argv = [program, "-l", "127.0.0.1", "-p", str(port), "-U", "0", "-m", "64"]
    if os.geteuid() == 0:
        argv += ["-u", "nobody"]
    return argv


def swift_argv(kind, conf):
    return [sys.executable, os.path.join(HERE, "swift_server.py"), kind, conf, "-v"]


def main(argv):
    if len(argv) != 8:
        sys.exit(__doc__)
    run_dir = argv[1]
    memcached, keystone, account, container, obj, proxy = map(int, argv[2:])
    global watchdog
    watchdog = start_watchdog()
    signal.signal(signal.SIGTERM, lambda *_: stop_all(0))
    signal.signal(signal.SIGINT, lambda *_: stop_all(0))

    start("memcached", memcached_argv(memcached))
    keystone_env = dict(
        os.environ,
        OS_KEYSTONE_CONFIG_FILES=os.path.join(run_dir, "keystone", "keystone.conf"),
    )
    start(
        "keystone",
        [sys.executable, os.path.join(HERE, "keystone_wsgi.py"), str(keystone)],
        keystone_env,
    )
    swift_dir = os.path.join(run_dir, "swift")
    servers = [("account", account), ("container", container), ("object", obj)]
    for kind, _ in servers:
        conf = os.path.join(swift_dir, "%s-server.conf" % kind)
        start(kind, swift_argv(kind, conf))
    wait_for("keystone", lambda: http_answers(keystone, "/v3"))
    seed = subprocess.run(
        [sys.executable, os.path.join(HERE, "seed_keystone.py")],
        stdin=subprocess.DEVNULL,
    )
    if seed.returncode != 0:
        log("seeding keystone failed (%s)" % seed.returncode)
        stop_all(1)
    wait_for("memcached", lambda: tcp_accepts(memcached))
    for kind, port in servers:
        wait_for("swift %s server" % kind, lambda port=port: tcp_accepts(port))
    conf = os.path.join(swift_dir, "proxy-server.conf")
    start("proxy", swift_argv("proxy", conf))
    wait_for("swift proxy", lambda: http_answers(proxy, "/healthcheck"))
    log("everything is up")
    while True:
        check_children()
        time.sleep(0.5)


if __name__ == "__main__":
    main(sys.argv)
