#!/usr/bin/python3 -S
# SPDX-License-Identifier: GPL-2.0
"""Send hostile or broken datagrams at an IKE endpoint (UDP 500 or 4500).

For the ikev2 selftests: what arrives must be counted and dropped without
disturbing the IKE SAs that are up. Run it inside a namespace that can
reach the target (ip netns exec NS ike_inject.py ...). Every datagram is
sent from an ephemeral port; nothing is read back.

Modes (several may be given; "all" is every one of them):
  random       random bytes, lengths 1..300
  short        an IKE header cut at lengths 1..27 (shorter than the fixed
               28-byte header)
  bad-length   a full header whose length field disagrees with the datagram
               (too big, too small, zero, under 28)
  bad-version  a header with major version 1 and with version 3
  unknown-spi  well-formed IKE_AUTH and INFORMATIONAL requests and
               responses for SPI pairs no SA has, with an SK payload of
               random bytes
  known-spi    the same with the SPIs of a real SA (--spi-i/--spi-r):
               garbage that must fail integrity and be dropped, the SA kept
  keepalive    the 1-byte 0xFF NAT-keepalive (RFC 3948), port 4500 only
  marker-only  the bare 4-byte zero non-ESP marker, port 4500 only
  esp          ESP-in-UDP for an unknown SPI (no marker), port 4500 only
  init-flood   --count (default 100) well-formed IKE_SA_INIT requests, each
               with a fresh random SPIi, from one socket: one IKE proposal
               (ENCR_AES_GCM_16 128-bit key, PRF_HMAC_SHA2_256, DH 31), a
               group-31 KE of 32 random bytes and a 32-byte nonce -- the
               half-open SAs of a cookie test (RFC 7296 2.6). Not part of
               "all". With --listen SECS the answers are read back and
               sorted: "reply-sa" (an SA payload: a responder SA exists),
               "reply-cookie" (a COOKIE notify), "reply-other".

On port 4500 the IKE modes put the 4-byte zero non-ESP marker first
(RFC 3948 2.2) unless --no-marker is given: without it the first 4 bytes
of the IKE header read as an ESP SPI.

Output: one "MODE N" line per mode (datagrams sent), then "total N" (and
the reply counts of --listen); with --json one JSON object
{"MODE": N, ..., "total": N}.
"""

import argparse
import json
import random
import socket
import struct
import sys
import time

IKE_HDR_LEN = 28
EXCH_IKE_SA_INIT = 34
EXCH_IKE_AUTH = 35
EXCH_INFORMATIONAL = 37
PL_SA = 33
PL_KE = 34
PL_NONCE = 40
PL_NOTIFY = 41
PL_SK = 46
FLAG_I = 0x08
FLAG_R = 0x20
VERSION_2 = 0x20

IKE_MODES = ("random", "short", "bad-length", "bad-version", "unknown-spi",
             "known-spi")
NATT_MODES = ("keepalive", "marker-only", "esp")
ALL_MODES = IKE_MODES + NATT_MODES
# Not in "all": it creates SAs instead of being dropped.
FLOOD_MODES = ("init-flood",)

PROTO_IKE = 1
TRANS_ENCR = 1
TRANS_PRF = 2
TRANS_DH = 4
ENCR_AES_GCM_16 = 20
PRF_HMAC_SHA2_256 = 5
DH_CURVE25519 = 31
ATTR_KEY_LENGTH = 14
N_COOKIE = 16390


def ike_header(spi_i, spi_r, next_pl, exch, flags, msgid, length,
               version=VERSION_2):
    return struct.pack("!QQBBBBII", spi_i, spi_r, next_pl, version, exch,
                       flags, msgid, length)


def sk_message(rng, spi_i, spi_r, exch, flags, msgid):
    """A header and an SK payload of random bytes, lengths consistent."""
    body = rng.randbytes(rng.choice((16, 32, 48, 80, 200)))
    sk = struct.pack("!BBH", 0, 0, 4 + len(body)) + body
    return ike_header(spi_i, spi_r, PL_SK, exch, flags, msgid,
                      IKE_HDR_LEN + len(sk)) + sk


def gen_random(rng, args):
    for n in (1, 2, 3, 4, 7, 8, 27, 28, 29, 64, 300):
        yield rng.randbytes(n)
    for _ in range(args.count):
        yield rng.randbytes(rng.randint(1, 300))


def gen_short(rng, args):
    full = ike_header(rng.getrandbits(64) | 1, 0, 33, EXCH_IKE_SA_INIT,
                      FLAG_I, 0, IKE_HDR_LEN)
    for n in range(1, IKE_HDR_LEN):
        yield full[:n]


def gen_bad_length(rng, args):
    spi_i = rng.getrandbits(64) | 1
    spi_r = rng.getrandbits(64) | 1
    body = rng.randbytes(40)
    real = IKE_HDR_LEN + len(body)
    for claimed in (0, 1, IKE_HDR_LEN - 1, real - 1, real + 1, real + 1000,
                    0xffffffff):
        yield ike_header(spi_i, spi_r, PL_SK, EXCH_IKE_AUTH, FLAG_I, 1,
                         claimed) + body
    # IKE_SA_INIT from a "new peer" whose length lies: must not create an SA
    yield ike_header(spi_i, 0, 33, EXCH_IKE_SA_INIT, FLAG_I, 0,
                     real + 8) + body


def gen_bad_version(rng, args):
    body = rng.randbytes(40)
    for ver in (0x10, 0x30, 0x21, 0x00):
        yield ike_header(rng.getrandbits(64) | 1, 0, 33, EXCH_IKE_SA_INIT,
                         FLAG_I, 0, IKE_HDR_LEN + len(body), ver) + body


def gen_spi(rng, args, spi_i, spi_r):
    for _ in range(max(1, args.count // 4)):
        for exch in (EXCH_IKE_AUTH, EXCH_INFORMATIONAL):
            # as the initiator's request, and as the responder's response
            yield sk_message(rng, spi_i, spi_r, exch, FLAG_I,
                             rng.randint(0, 3))
            yield sk_message(rng, spi_i, spi_r, exch, FLAG_R,
                             rng.randint(0, 3))


def gen_unknown_spi(rng, args):
    for _ in range(max(1, args.count // 4)):
        yield from gen_spi(rng, argparse.Namespace(count=4),
                           rng.getrandbits(64) | 1, rng.getrandbits(64) | 1)


def gen_known_spi(rng, args):
    if args.spi_i is None or args.spi_r is None:
        sys.exit("ike_inject: known-spi needs --spi-i and --spi-r")
    yield from gen_spi(rng, args, args.spi_i, args.spi_r)


def gen_keepalive(rng, args):
    for _ in range(3):
        yield b"\xff"


def gen_marker_only(rng, args):
    yield b"\x00\x00\x00\x00"


def gen_esp(rng, args):
    for n in (8, 16, 64, 200):
        spi = rng.getrandbits(32) | 0x100   # not 0, not the 1..255 range
        yield struct.pack("!II", spi, 1) + rng.randbytes(n)


def payload(next_pl, body):
    """RFC 7296 3.2: generic payload header (critical bit clear) + body."""
    return struct.pack("!BBH", next_pl, 0, 4 + len(body)) + body


def transform(last, ttype, tid, attrs=b""):
    """RFC 7296 3.3.2: 3 = more transforms follow, 0 = the last one."""
    return struct.pack("!BBHBBH", 0 if last else 3, 0, 8 + len(attrs),
                       ttype, 0, tid) + attrs


def init_request(rng, spi_i):
    """IKE_SA_INIT request: HDR, SAi1, KEi, Ni (RFC 7296 1.2, 3.1-3.9)."""
    # Key Length in TV format (AF bit set), RFC 7296 3.3.5
    keylen = struct.pack("!HH", 0x8000 | ATTR_KEY_LENGTH, 128)
    trans = (transform(False, TRANS_ENCR, ENCR_AES_GCM_16, keylen) +
             transform(False, TRANS_PRF, PRF_HMAC_SHA2_256) +
             transform(True, TRANS_DH, DH_CURVE25519))
    # RFC 7296 3.3.1: last proposal (0), number 1, IKE, no SPI, 3 transforms
    prop = struct.pack("!BBHBBBB", 0, 0, 8 + len(trans), 1, PROTO_IKE, 0,
                       3) + trans
    body = (payload(PL_KE, prop) +
            payload(PL_NONCE, struct.pack("!HH", DH_CURVE25519, 0) +
                    rng.randbytes(32)) +
            payload(0, rng.randbytes(32)))
    return ike_header(spi_i, 0, PL_SA, EXCH_IKE_SA_INIT, FLAG_I, 0,
                      IKE_HDR_LEN + len(body)) + body


def gen_init_flood(rng, args):
    for _ in range(args.flood_count):
        spi_i = rng.getrandbits(64) | 1
        args.flood_spis.add(spi_i)
        yield init_request(rng, spi_i)


def reply_kind(dgram, spis, marker):
    """(kind, SPIi) of an IKE_SA_INIT answer to one of ours, else None."""
    if marker:
        if dgram[:4] != b"\x00\x00\x00\x00":
            return None
        dgram = dgram[4:]
    if len(dgram) < IKE_HDR_LEN:
        return None
    spi_i, _, next_pl, _, exch, flags, _, length = struct.unpack(
        "!QQBBBBII", dgram[:IKE_HDR_LEN])
    if (exch != EXCH_IKE_SA_INIT or not flags & FLAG_R or
            spi_i not in spis or length != len(dgram)):
        return None
    off = IKE_HDR_LEN
    kind = "reply-other"
    while next_pl and off + 4 <= len(dgram):
        plen = struct.unpack("!H", dgram[off + 2:off + 4])[0]
        if plen < 4 or off + plen > len(dgram):
            return "reply-other", spi_i
        if next_pl == PL_SA:
            kind = "reply-sa"
        elif (next_pl == PL_NOTIFY and plen >= 8 and
              struct.unpack("!H", dgram[off + 6:off + 8])[0] == N_COOKIE):
            return "reply-cookie", spi_i
        next_pl = dgram[off]
        off += plen
    return kind, spi_i


def listen(sock, secs, spis, marker, counts):
    """Read answers until every request has one or @secs pass."""
    for k in ("reply-sa", "reply-cookie", "reply-other"):
        counts[k] = 0
    seen = set()
    end = time.monotonic() + secs
    while len(seen) < len(spis):
        left = end - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            dgram = sock.recv(65535)
        except socket.timeout:
            break
        got = reply_kind(dgram, spis, marker)
        if got is None:
            continue
        kind, spi_i = got
        if spi_i in seen:
            continue        # a retransmitted answer
        seen.add(spi_i)
        counts[kind] += 1


GENERATORS = {
    "random": gen_random,
    "short": gen_short,
    "bad-length": gen_bad_length,
    "bad-version": gen_bad_version,
    "unknown-spi": gen_unknown_spi,
    "known-spi": gen_known_spi,
    "keepalive": gen_keepalive,
    "marker-only": gen_marker_only,
    "esp": gen_esp,
    "init-flood": gen_init_flood,
}


def hex64(s):
    v = int(s, 16)
    if not 0 <= v < 1 << 64:
        raise argparse.ArgumentTypeError("not a 64-bit hex SPI: " + s)
    return v


def main():
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("dst", help="target address (IPv4 or IPv6)")
    p.add_argument("port", type=int, help="target port (500 or 4500)")
    p.add_argument("modes", nargs="+", metavar="MODE",
                   choices=ALL_MODES + FLOOD_MODES + ("all",))
    p.add_argument("-c", "--count", type=int, default=None,
                   help="datagrams per random/spi mode (default 8); "
                   "init-flood: requests (default 100)")
    p.add_argument("-s", "--seed", type=int, default=None,
                   help="random seed (default: random, printed on stderr)")
    p.add_argument("--no-marker", action="store_true",
                   help="on 4500, send IKE modes without the zero marker")
    p.add_argument("--spi-i", type=hex64, help="known-spi: initiator SPI")
    p.add_argument("--spi-r", type=hex64, help="known-spi: responder SPI")
    p.add_argument("--gap", type=float, default=0.002,
                   help="seconds between datagrams (default 0.002)")
    p.add_argument("--listen", type=float, default=0,
                   help="init-flood: read answers for up to SECS seconds")
    p.add_argument("--json", action="store_true", help="JSON summary")
    args = p.parse_args()
    args.flood_count = args.count if args.count is not None else 100
    args.flood_spis = set()
    if args.count is None:
        args.count = 8

    modes = []
    for m in args.modes:
        if m == "all":
            modes += [x for x in ALL_MODES if x not in modes and
                      (x != "known-spi" or args.spi_i is not None) and
                      (x not in NATT_MODES or args.port == 4500)]
        elif m not in modes:
            modes.append(m)
    for m in modes:
        if m in NATT_MODES and args.port != 4500:
            sys.exit("ike_inject: mode %s is for port 4500" % m)

    seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    print("ike_inject: seed %d" % seed, file=sys.stderr)
    rng = random.Random(seed)
    fam = socket.AF_INET6 if ":" in args.dst else socket.AF_INET
    sock = socket.socket(fam, socket.SOCK_DGRAM)
    marker = (args.port == 4500 and not args.no_marker)

    counts = {}
    total = 0
    for m in modes:
        n = 0
        for dgram in GENERATORS[m](rng, args):
            if marker and m not in NATT_MODES:
                dgram = b"\x00\x00\x00\x00" + dgram
            sock.sendto(dgram, (args.dst, args.port))
            n += 1
            if args.gap:
                time.sleep(args.gap)
        counts[m] = n
        total += n
    counts["total"] = total
    if args.listen > 0 and args.flood_spis:
        listen(sock, args.listen, args.flood_spis, marker, counts)
    if args.json:
        print(json.dumps(counts))
    else:
        for k, v in counts.items():
            print("%s %d" % (k, v))
    return 0


if __name__ == "__main__":
    sys.exit(main())
