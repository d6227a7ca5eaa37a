#!/usr/bin/python3 -S
# SPDX-License-Identifier: GPL-2.0
"""Capture ESP packets off a link and send them back, as they were or broken.

For the ikev2 ESP selftests: a receiver must drop replayed, truncated,
bit-flipped and unknown-SPI ESP, count each under its reason, and keep
carrying traffic. Three commands:

  capture  run in the RECEIVING namespace: read ESP (raw IP protocol 50, or
           ESP-in-UDP to port 4500 that does not start with the zero
           non-ESP marker) arriving on --dev with an AF_PACKET socket, which
           sees a packet before tc/nft ingress can drop it: a test can drop
           ESP at ingress (nft netdev) so that the receiver never processes
           the captured packets, then send them itself. Writes one JSON
           object per packet to --out:
             {"family": 4|6, "encap": "raw"|"udp", "spi": "8 hex digits",
              "seq": N, "esp_len": N, "pkt": "hex of the whole IP packet"}
           and prints {"captured": N} once --count packets arrived or
           --timeout passed. With --ready FILE it creates FILE once the
           socket listens (start it in the background, wait for FILE, then
           make the traffic).
  send     run in the SENDING namespace (the peer): send packet --index of
           --in again, its IP (and UDP) header kept, its ESP part changed by
           --mutate:
             none       as captured: accepted the first time, a replay after
             flip       one bit of the ciphertext flipped (--offset, default
                        the middle of the ESP payload): the ICV must fail
             flip-icv   the last byte (in the ICV) flipped
             trunc-hdr  cut to the SPI, the sequence number and 4 bytes:
                        shorter than any IV + ICV (malformed)
             cut-icv    the last 8 bytes (half the ICV) cut off
             spi        the SPI replaced by --spi (an unknown one)
           IPv4 goes out through an IPPROTO_RAW socket (the kernel fills in
           the total length and header checksum), IPv6 likewise (payload
           length fixed here); a UDP header gets its length fixed and a zero
           checksum (IPv4) or a recomputed one (IPv6). Prints {"sent": N}.
  unknown  run in the sending namespace: --count ESP packets (SPI, sequence
           number 1.., 64 random bytes) for --spi or random SPIs that no SA
           has, as raw ESP or (--udp) ESP-in-UDP to port 4500, to --dst.
           Prints {"sent": N, "spis": [...]}.
"""

import argparse
import json
import os
import select
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
ETH_P_IPV6 = 0x86DD
PACKET_OUTGOING = 4
IPPROTO_ESP = 50
IPPROTO_UDP = 17
NATT_PORT = 4500
ESP_HDR = 8


def esp_offset(pkt):
    """(family, encap, offset of the ESP header) of an IP packet, or None."""
    if len(pkt) < 1:
        return None
    ver = pkt[0] >> 4
    if ver == 4:
        if len(pkt) < 20:
            return None
        ihl = (pkt[0] & 0x0F) * 4
        proto = pkt[9]
        frag = struct.unpack("!H", pkt[6:8])[0]
        if ihl < 20 or len(pkt) < ihl or frag & 0x3FFF:
            return None     # options cut short, or a fragment
        fam, off = 4, ihl
    elif ver == 6:
        if len(pkt) < 40:
            return None
        proto = pkt[6]
        fam, off = 6, 40
    else:
        return None
    if proto == IPPROTO_ESP:
        return (fam, "raw", off) if len(pkt) >= off + ESP_HDR else None
    if proto == IPPROTO_UDP and len(pkt) >= off + 8 + ESP_HDR:
        dport = struct.unpack("!H", pkt[off + 2:off + 4])[0]
        if dport == NATT_PORT and pkt[off + 8:off + 12] != b"\0\0\0\0":
            return fam, "udp", off + 8
    return None


def cmd_capture(args):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                         socket.htons(ETH_P_ALL))
    sock.bind((args.dev, ETH_P_ALL))
    if args.ready:
        with open(args.ready, "w"):
            pass
    want_spi = args.spi
    got = []
    end = time.monotonic() + args.timeout
    while len(got) < args.count:
        left = end - time.monotonic()
        if left <= 0:
            break
        r, _, _ = select.select([sock], [], [], left)
        if not r:
            break
        pkt, addr = sock.recvfrom(65535)
        # addr: (ifname, proto, pkttype, hatype, hwaddr)
        if addr[2] == PACKET_OUTGOING and not args.outgoing:
            continue
        if addr[1] not in (ETH_P_IP, ETH_P_IPV6):
            continue
        where = esp_offset(pkt)
        if where is None:
            continue
        fam, encap, off = where
        spi, seq = struct.unpack("!II", pkt[off:off + ESP_HDR])
        if want_spi is not None and spi != want_spi:
            continue
        got.append({"family": fam, "encap": encap, "spi": "%08x" % spi,
                    "seq": seq, "esp_len": len(pkt) - off,
                    "pkt": pkt.hex()})
    if args.out:
        with open(args.out, "w") as f:
            for g in got:
                f.write(json.dumps(g) + "\n")
    print(json.dumps({"captured": len(got),
                      "spis": sorted({g["spi"] for g in got}),
                      "seqs": [g["seq"] for g in got]}))
    return 0


def udp6_checksum(src, dst, udp):
    data = src + dst + struct.pack("!IxxxB", len(udp), IPPROTO_UDP) + udp
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    s = ~s & 0xFFFF
    return s or 0xFFFF


def rebuild(pkt, fam, encap, off, esp):
    """The packet with its ESP part replaced by @esp, lengths fixed."""
    hdr = bytearray(pkt[:off])
    if encap == "udp":
        u = off - 8
        struct.pack_into("!HH", hdr, u + 4, 8 + len(esp), 0)
    if fam == 4:
        # total length and checksum: the kernel's (IP_HDRINCL)
        struct.pack_into("!H", hdr, 2, len(hdr) + len(esp))
    else:
        struct.pack_into("!H", hdr, 4, len(hdr) - 40 + len(esp))
        if encap == "udp":
            u = off - 8
            csum = udp6_checksum(bytes(hdr[8:24]), bytes(hdr[24:40]),
                                 bytes(hdr[u:]) + esp)
            struct.pack_into("!H", hdr, u + 6, csum)
    return bytes(hdr) + esp


def mutate(esp, how, args):
    esp = bytearray(esp)
    if how == "none":
        pass
    elif how == "flip":
        i = args.offset if args.offset is not None else \
            ESP_HDR + (len(esp) - ESP_HDR) // 2
        if not ESP_HDR <= i < len(esp):
            sys.exit("esp_inject: --offset %d outside the ESP payload" % i)
        esp[i] ^= 0x01
    elif how == "flip-icv":
        esp[-1] ^= 0x80
    elif how == "trunc-hdr":
        esp = esp[:ESP_HDR + 4]
    elif how == "cut-icv":
        if len(esp) <= ESP_HDR + 8:
            sys.exit("esp_inject: packet too short to cut")
        esp = esp[:-8]
    elif how == "spi":
        if args.spi is None:
            sys.exit("esp_inject: --mutate spi needs --spi")
        struct.pack_into("!I", esp, 0, args.spi)
    return bytes(esp)


def send_ip(pkt, fam):
    """Send a whole IP packet, header included, to its own destination."""
    if fam == 4:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
        dst = socket.inet_ntop(socket.AF_INET, pkt[16:20])
        s.sendto(pkt, (dst, 0))
    else:
        # IPPROTO_RAW on AF_INET6 implies IPV6_HDRINCL
        s = socket.socket(socket.AF_INET6, socket.SOCK_RAW,
                          socket.IPPROTO_RAW)
        dst = socket.inet_ntop(socket.AF_INET6, pkt[24:40])
        s.sendto(pkt, (dst, 0))
    s.close()


def cmd_send(args):
    with open(args.input) as f:
        pkts = [json.loads(line) for line in f if line.strip()]
    if not 0 <= args.index < len(pkts):
        sys.exit("esp_inject: --index %d: %d packets captured" %
                 (args.index, len(pkts)))
    pkt = bytes.fromhex(pkts[args.index]["pkt"])
    fam, encap, off = esp_offset(pkt)
    out = rebuild(pkt, fam, encap, off, mutate(pkt[off:], args.mutate, args))
    for i in range(args.repeat):
        send_ip(out, fam)
        if args.gap and i + 1 < args.repeat:
            time.sleep(args.gap)
    print(json.dumps({"sent": args.repeat, "mutate": args.mutate,
                      "spi": pkts[args.index]["spi"],
                      "seq": pkts[args.index]["seq"],
                      "esp_len": len(out) - off}))
    return 0


def cmd_unknown(args):
    fam = socket.AF_INET6 if ":" in args.dst else socket.AF_INET
    if args.udp:
        s = socket.socket(fam, socket.SOCK_DGRAM)
        to = (args.dst, NATT_PORT)
    else:
        s = socket.socket(fam, socket.SOCK_RAW, IPPROTO_ESP)
        to = (args.dst, 0)
    spis = []
    for i in range(args.count):
        # 1..255 are reserved (RFC 4303 2.1), 0 never goes on the wire
        spi = args.spi if args.spi is not None else \
            struct.unpack("!I", os.urandom(4))[0] | 0x100
        spis.append("%08x" % spi)
        s.sendto(struct.pack("!II", spi, i + 1) + os.urandom(64), to)
        if args.gap:
            time.sleep(args.gap)
    print(json.dumps({"sent": args.count, "spis": spis}))
    return 0


def hex32(s):
    v = int(s, 16)
    if not 0 <= v < 1 << 32:
        raise argparse.ArgumentTypeError("not a 32-bit hex SPI: " + s)
    return v


def main():
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)

    c = sub.add_parser("capture", help="capture ESP arriving on a link")
    c.add_argument("--dev", required=True, help="link to listen on")
    c.add_argument("--count", type=int, default=1,
                   help="stop after N packets (default 1)")
    c.add_argument("--timeout", type=float, default=5,
                   help="stop after SECS seconds (default 5)")
    c.add_argument("--spi", type=hex32, help="only this SPI (hex)")
    c.add_argument("--outgoing", action="store_true",
                   help="packets sent on --dev as well as received")
    c.add_argument("--out", help="file for the packets (JSON lines)")
    c.add_argument("--ready", help="file to create once listening")

    s = sub.add_parser("send", help="send a captured packet again")
    s.add_argument("--in", dest="input", required=True,
                   help="what capture --out wrote")
    s.add_argument("--index", type=int, default=0,
                   help="which packet (default 0)")
    s.add_argument("--mutate", default="none",
                   choices=("none", "flip", "flip-icv", "trunc-hdr",
                            "cut-icv", "spi"))
    s.add_argument("--offset", type=int,
                   help="flip: byte offset in the ESP packet")
    s.add_argument("--spi", type=hex32, help="spi: the new SPI (hex)")
    s.add_argument("--repeat", type=int, default=1,
                   help="send it N times (default 1)")
    s.add_argument("--gap", type=float, default=0.01,
                   help="seconds between repeats (default 0.01)")

    u = sub.add_parser("unknown", help="ESP for SPIs no SA has")
    u.add_argument("--dst", required=True, help="target address")
    u.add_argument("--udp", action="store_true",
                   help="ESP-in-UDP to port 4500 instead of raw ESP")
    u.add_argument("--count", type=int, default=4)
    u.add_argument("--spi", type=hex32, help="this SPI, not random ones")
    u.add_argument("--gap", type=float, default=0.01)

    args = p.parse_args()
    if os.geteuid() != 0:
        sys.exit("esp_inject: raw and packet sockets need root")
    return {"capture": cmd_capture, "send": cmd_send,
            "unknown": cmd_unknown}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
