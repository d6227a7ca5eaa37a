// SPDX-License-Identifier: GPL-2.0
/*
 * Proposal strings are checked by the protocol core's own parser,
 * ike_prop_parse(), compiled into the tool: a proposal `ike` accepts is one
 * the module accepts, keyword for keyword (the vocabulary and the rules are
 * documented in kmod/ike/ike_proposal.h).
 */
#include <stdio.h>
#include <string.h>

#include "ike_proposal.h"
#include "proposal.h"

int ike_core_check_proposal(const char *proposal, bool esp, char *why,
			    size_t size)
{
	struct ike_prop_list list;
	struct ike_err err = { 0 };
	size_t len = strlen(proposal);
	int ret;

	ret = ike_prop_parse(proposal, len, esp ? IKE_PROTO_ESP : IKE_PROTO_IKE,
			     &list, &err);
	if (!ret)
		return 0;
	/* Name the token unless the reason is about the whole proposal. */
	if (err.arg && err.arg < len && err.offset <= len - err.arg)
		snprintf(why, size, "%s (at \"%.*s\")",
			 err.reason ? err.reason : "invalid", (int)err.arg,
			 proposal + err.offset);
	else
		snprintf(why, size, "%s", err.reason ? err.reason : "invalid");
	return ret;
}

const char *ike_core_notify_name(uint16_t type)
{
	return ike_notify_name(type);
}
