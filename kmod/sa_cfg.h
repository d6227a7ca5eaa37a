/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A connection as the protocol core wants it (sa_cfg.c): struct
 * ike_sa_cfg, built afresh for each IKE SA.
 */
#ifndef _IKEV2_SA_CFG_H
#define _IKEV2_SA_CFG_H

#include <linux/types.h>

#include "ike/ike_sa.h"

struct ikev2_conn;

/*
 * Fills @cfg from @conn for one negotiation with @raddr. On success @cfg
 * holds the PSK: the caller wipes it (kfree_sensitive). On error it holds
 * none. -EOPNOTSUPP: a conn the core cannot run yet (auth pubkey).
 */
int ikev2_sa_cfg_build(const struct ikev2_conn *conn, struct ike_sa_cfg *cfg,
		       bool initiator, const u8 *raddr, u16 lport, u16 rport);

#endif /* _IKEV2_SA_CFG_H */
