/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diffie-Hellman for IKE SAs through the helper (helper_dh.c): requests go
 * out with the SA's id, answers wait in the namespace's answer queue until
 * the engine feeds them to their SAs.
 */
#ifndef _IKEV2_HELPER_DH_H
#define _IKEV2_HELPER_DH_H

#include <linux/types.h>

struct ikev2_net;
struct ikev2_helper_dh_args;

void ikev2_dh_net_init(struct ikev2_net *in);
/*
 * Sends one request of IKE SA @sa_id (the core's request @core_id). 0: the
 * answer will reach the SA through ikev2_dh_answers(), if the SA still
 * exists then. Negative errno: it never will (see ikev2_helper_dh()).
 */
int ikev2_dh_submit(struct ikev2_net *in, u32 sa_id, u32 core_id,
		    const struct ikev2_helper_dh_args *args);
/*
 * Engine, under conf_lock: feeds every queued answer to its SA (answers
 * whose SA is gone are dropped). Namespace exit calls it once more with
 * no SA left, to free what is still queued.
 */
void ikev2_dh_answers(struct ikev2_net *in, u64 now);

#endif /* _IKEV2_HELPER_DH_H */
