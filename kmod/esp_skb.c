// SPDX-License-Identifier: GPL-2.0
/*
 * What ESP output and input both do to a packet: the per-packet crypto
 * scratch and the inner packet's flow. No state of its own: everything
 * here works on the packet it is given, in any context.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/skbuff.h>
#include <linux/slab.h>
#include <crypto/aead.h>

#include "esp_skb.h"

/*
 * Per-packet crypto scratch: the IV buffer, the request and a scatterlist
 * of @nfrags entries in one GFP_ATOMIC allocation, laid out for the
 * transform's alignment. Freed by the packet's completion.
 */
void *ikev2_esp_tmp_alloc(struct crypto_aead *aead, int nfrags, u8 **iv,
			  struct aead_request **req, struct scatterlist **sg)
{
	unsigned int ivlen = crypto_aead_ivsize(aead);
	unsigned int align = crypto_aead_alignmask(aead) + 1;
	size_t len, req_off, sg_off;
	void *tmp;

	len = ALIGN(ivlen, crypto_tfm_ctx_alignment()) + align;
	req_off = len;
	len += sizeof(struct aead_request) + crypto_aead_reqsize(aead);
	len = ALIGN(len, __alignof__(struct scatterlist));
	sg_off = len;
	len += sizeof(struct scatterlist) * nfrags;
	tmp = kmalloc(len, GFP_ATOMIC);
	if (!tmp)
		return NULL;
	*iv = PTR_ALIGN((u8 *)tmp, align);
	*req = (struct aead_request *)PTR_ALIGN((u8 *)tmp + req_off,
						crypto_tfm_ctx_alignment());
	*sg = (struct scatterlist *)((u8 *)tmp + sg_off);
	aead_request_set_tfm(*req, aead);
	return tmp;
}

/*
 * The inner packet at skb->data as the core sees it: enough made
 * contiguous to reach the ports past IPv6 extension headers, then parsed.
 * Output and input both ask this before matching selectors.
 */
int ikev2_esp_skb_flow(struct sk_buff *skb, struct ike_esp_flow *flow)
{
	unsigned int pull = min_t(unsigned int, skb->len, IKEV2_ESP_FLOW_PULL);

	if (!pskb_may_pull(skb, pull))
		return -EBADMSG;
	return ike_esp_flow_parse(skb->data, pull, skb->len, flow);
}
