// SPDX-License-Identifier: GPL-2.0
/*
 * ike-helper: the public-key half of ikev2. It will serve the module's
 * Diffie-Hellman, signature and certificate requests over the "ikev2"
 * generic netlink family of its namespace; private values never leave it.
 *
 * This version carries the DH engine (userspace/lib/dh.c) and checks it
 * with --self-test; the netlink service loop arrives with the module's
 * helper upcalls, and until then ike-helper says so and exits non-zero
 * rather than pretending to serve.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dh.h"

static const unsigned int ike_helper_groups[] = {
	DH_GROUP_MODP2048, DH_GROUP_MODP3072, DH_GROUP_ECP256,
	DH_GROUP_ECP384, DH_GROUP_ECP521, DH_GROUP_CURVE25519,
};

static double ike_helper_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Two key pairs per group must agree; prints TAP, returns failures. */
static int ike_helper_self_test(void)
{
	unsigned int i, failed = 0;

	printf("TAP version 13\n1..%zu\n",
	       sizeof(ike_helper_groups) / sizeof(ike_helper_groups[0]));
	for (i = 0; i < sizeof(ike_helper_groups) / sizeof(ike_helper_groups[0]); i++) {
		unsigned int group = ike_helper_groups[i];
		uint8_t pa[DH_MAX_PUB_LEN], pb[DH_MAX_PUB_LEN];
		uint8_t sa[DH_MAX_SHARED_LEN], sb[DH_MAX_SHARED_LEN];
		size_t la = sizeof(pa), lb = sizeof(pb);
		size_t lsa = sizeof(sa), lsb = sizeof(sb);
		struct dh_priv *a = NULL, *b = NULL;
		double t0 = ike_helper_now(), dt;
		int err;

		err = dh_keygen(group, &a, pa, &la);
		if (!err)
			err = dh_keygen(group, &b, pb, &lb);
		if (!err)
			err = dh_shared(a, pb, lb, sa, &lsa);
		if (!err)
			err = dh_shared(b, pa, la, sb, &lsb);
		if (!err && (lsa != lsb || memcmp(sa, sb, lsa)))
			err = -EBADMSG;
		dt = (ike_helper_now() - t0) / 2;
		memset(sa, 0, sizeof(sa));
		memset(sb, 0, sizeof(sb));
		dh_free(a);
		dh_free(b);
		if (err) {
			failed++;
			printf("not ok %u dh group %u: %s\n", i + 1, group,
			       strerror(-err));
		} else {
			printf("ok %u dh group %u (%.2f ms per side)\n", i + 1,
			       group, dt * 1e3);
		}
	}
	return failed;
}

static void ike_helper_usage(FILE *f)
{
	fprintf(f,
		"usage: ike-helper [-f] [-h] [-V] [--self-test]\n"
		"  -f, --foreground  run in the foreground, logs on stderr\n"
		"  --self-test       check the DH engine on every group (TAP)\n"
		"  -V, --version     print the version\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "self-test", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "fhV", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			break;
		case 's':
			return ike_helper_self_test() ? 1 : 0;
		case 'h':
			ike_helper_usage(stdout);
			return 0;
		case 'V':
			puts("ike-helper 0.1");
			return 0;
		default:
			ike_helper_usage(stderr);
			return 2;
		}
	}
	fprintf(stderr,
		"ike-helper: this ikev2.ko has no helper interface yet; nothing to serve\n");
	return 1;
}
