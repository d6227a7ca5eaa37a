/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bridge to the protocol core's proposal parser (kmod/ike/
 * ike_proposal.c), which the module runs on the same strings, and to its
 * table of notify names (ike_codec.c): only plain C types cross it, because
 * the core's names (struct ike_err, struct ike_ts) are not the tool's.
 */
#ifndef _IKE_TOOL_PROPOSAL_H
#define _IKE_TOOL_PROPOSAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Checks one proposal (no commas) for IKE or, with @esp, for ESP.
 * Returns 0, or a negative errno with the reason in @why.
 */
int ike_core_check_proposal(const char *proposal, bool esp, char *why,
			    size_t size);

/*
 * The IANA name of a notify message type (RFC 7296 3.10.1 and the IANA
 * registries), "AUTHENTICATION_FAILED", or NULL for a number the core's
 * table does not know.
 */
const char *ike_core_notify_name(uint16_t type);

#endif /* _IKE_TOOL_PROPOSAL_H */
