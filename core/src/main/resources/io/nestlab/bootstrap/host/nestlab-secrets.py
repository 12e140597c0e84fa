#!/usr/bin/python3
"""NestLab bootstrap: generates the lab's passwords on the L1 host, once.

Writes KEY=value lines to a root-only file (mode 0600, created atomically) and prints nothing
secret. Passwords meet VMware's rules for ESXi root, the appliance root and SSO: 16 characters
with upper case, lower case, digits and a special character; the special characters need no
quoting in JSON, kickstart or a KEY=value file, and none comes first.
"""

import os
import secrets
import string
import sys

SPECIAL = "-_.!"
LENGTH = 16


def password(length=LENGTH):
    rng = secrets.SystemRandom()
    chars = [rng.choice(string.ascii_uppercase), rng.choice(string.ascii_lowercase),
             rng.choice(string.digits), rng.choice(SPECIAL)]
    pool = string.ascii_letters + string.digits + SPECIAL
    chars += [rng.choice(pool) for _ in range(length - len(chars))]
    rng.shuffle(chars)
    while chars[0] in SPECIAL:
        rng.shuffle(chars)
    return "".join(chars)


def main(argv):
    if len(argv) != 3:
        print("usage: nestlab-secrets.py FILE SSO_DOMAIN", file=sys.stderr)
        return 2
    path, sso_domain = argv[1], argv[2]
    if os.path.exists(path) and os.path.getsize(path) > 0:
        return 0
    directory = os.path.dirname(path) or "."
    os.makedirs(directory, mode=0o700, exist_ok=True)
    tmp = path + ".part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("ESXI_ROOT_PASSWORD=%s\n" % password())
        f.write("VCSA_ROOT_PASSWORD=%s\n" % password())
        f.write("SSO_USER=administrator@%s\n" % sso_domain)
        f.write("SSO_PASSWORD=%s\n" % password())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    print("nestlab: passwords generated in %s (root only)" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
