// SPDX-License-Identifier: GPL-2.0
/*
 * The data path's Child SAs: built from a plain parameter struct (SPIs,
 * keys, selectors, outer addresses, limits) that the IKE side fills,
 * published for input by SPI and for output by remote selector, and torn
 * down when IKE deletes or replaces them. Nothing here knows IKE SAs or
 * connections.
 *
 * Ownership and locking: the IKE side (sa.c, under ikev2_net.conf_lock)
 * installs, updates and removes them; conf_lock also serialises every
 * writer of the SPI hash, the selector table and ikev2_net.n_esp. Readers
 * (esp_input.c, esp_output.c) look up under RCU and keep an SA with a
 * reference: the tables hold one, packets in asynchronous crypto hold one
 * each. The last put queues the free after an RCU grace period on our own
 * workqueue (freeing a crypto transform may sleep), and module exit waits
 * for every SA to be gone before the code goes away. @replay belongs to
 * the SA's replay_lock, @peer is replaced under conf_lock and read under
 * RCU, @limit_flags are atomic bits.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/ikev2.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>
#include <crypto/authenc.h>

#include "engine.h"
#include "esp_sa.h"
#include "netns.h"

static_assert(IKE_ESP_REPLAY_MAX == IKEV2_REPLAY_WINDOW_MAX);

/* Live SAs, all namespaces: module exit waits for zero. */
static atomic_t ikev2_esp_live = ATOMIC_INIT(0);
static struct workqueue_struct *ikev2_esp_wq;

static struct hlist_head *ikev2_esp_bucket(struct ikev2_net *in, u32 spi)
{
	return &in->esp_spi_hash[hash_32(spi, IKEV2_ESP_HASH_BITS)];
}

/* Transform names the kernel's esp4/esp6 use too: the geniv template writes the IV. */
static int ikev2_esp_aead_name(const struct ike_suite *s, bool esn, char *buf,
			       size_t len, unsigned int *icv_len)
{
	const char *hmac;

	switch (s->encr) {
	case IKE_ALG_ENCR_AES_GCM_16:
		*icv_len = 16;
		snprintf(buf, len, "seqiv(rfc4106(gcm(aes)))");
		return 0;
	case IKE_ALG_ENCR_CHACHA20_POLY1305:
		*icv_len = 16;
		snprintf(buf, len, "seqiv(rfc7539esp(chacha20,poly1305))");
		return 0;
	case IKE_ALG_ENCR_AES_CBC:
		break;
	default:
		return -EOPNOTSUPP;
	}
	switch (s->integ) {
	case IKE_ALG_AUTH_HMAC_SHA2_256_128:
		hmac = "sha256";
		*icv_len = 16;
		break;
	case IKE_ALG_AUTH_HMAC_SHA2_384_192:
		hmac = "sha384";
		*icv_len = 24;
		break;
	case IKE_ALG_AUTH_HMAC_SHA2_512_256:
		hmac = "sha512";
		*icv_len = 32;
		break;
	default:
		return -EOPNOTSUPP;
	}
	snprintf(buf, len, "echainiv(%s(hmac(%s),cbc(aes)))",
		 esn ? "authencesn" : "authenc", hmac);
	return 0;
}

/*
 * One direction's transform from its KEYMAT slices (RFC 7296 2.17); for an
 * AEAD the encryption key ends with the 4-byte salt the rfc4106/rfc7539esp
 * templates take with the key.
 */
static int ikev2_esp_dir_init(struct ikev2_esp_dir *d,
			      const struct ikev2_esp_sa_params *p,
			      const struct ikev2_esp_key *k)
{
	unsigned int icv_len, keylen;
	struct crypto_authenc_key_param *param;
	struct crypto_aead *aead;
	struct rtattr *rta;
	char name[CRYPTO_MAX_ALG_NAME];
	u8 *key, *pos;
	int err;

	err = ikev2_esp_aead_name(&p->suite, p->esn, name, sizeof(name),
				  &icv_len);
	if (err)
		return err;
	aead = crypto_alloc_aead(name, 0, 0);
	if (IS_ERR(aead))
		return PTR_ERR(aead);

	if (ike_encr_is_aead(p->suite.encr)) {
		err = crypto_aead_setkey(aead, k->encr, p->encr_len);
	} else {
		/* authenc's key blob: rtattr param, then auth key, enc key. */
		keylen = RTA_SPACE(sizeof(*param)) + p->integ_len + p->encr_len;
		key = kmalloc(keylen, GFP_KERNEL);
		if (!key) {
			err = -ENOMEM;
			goto err_free_aead;
		}
		rta = (struct rtattr *)key;
		rta->rta_type = CRYPTO_AUTHENC_KEYA_PARAM;
		rta->rta_len = RTA_LENGTH(sizeof(*param));
		param = RTA_DATA(rta);
		param->enckeylen = cpu_to_be32(p->encr_len);
		pos = key + RTA_SPACE(sizeof(*param));
		memcpy(pos, k->integ, p->integ_len);
		memcpy(pos + p->integ_len, k->encr, p->encr_len);
		err = crypto_aead_setkey(aead, key, keylen);
		kfree_sensitive(key);
	}
	if (err)
		goto err_free_aead;
	err = crypto_aead_setauthsize(aead, icv_len);
	if (err)
		goto err_free_aead;
	d->aead = aead;
	d->iv_len = crypto_aead_ivsize(aead);
	d->icv_len = icv_len;
	d->block = max_t(unsigned int, crypto_aead_blocksize(aead), 4);
	return 0;

err_free_aead:
	crypto_free_aead(aead);
	return err;
}

static void ikev2_esp_sa_free_work(struct work_struct *work)
{
	struct ikev2_esp_sa *esp = container_of(to_rcu_work(work),
						struct ikev2_esp_sa, free_work);

	/* Never published, or removed: ikev2_esp_sa_remove() took it. */
	if (esp->replaces)
		ikev2_esp_sa_put(esp->replaces);
	WARN_ON_ONCE(!skb_queue_empty(&esp->tx_queue));
	crypto_free_aead(esp->out.aead);
	crypto_free_aead(esp->in_dir.aead);
	dst_cache_destroy(&esp->dst_cache);
	kfree(rcu_dereference_protected(esp->peer, true));
	kfree(esp->replay);
	kfree_sensitive(esp);
	if (atomic_dec_and_test(&ikev2_esp_live))
		wake_up_var(&ikev2_esp_live);
}

static void ikev2_esp_sa_release(struct kref *ref)
{
	struct ikev2_esp_sa *esp = container_of(ref, struct ikev2_esp_sa, ref);

	INIT_RCU_WORK(&esp->free_work, ikev2_esp_sa_free_work);
	queue_rcu_work(ikev2_esp_wq, &esp->free_work);
}

void ikev2_esp_sa_put(struct ikev2_esp_sa *esp)
{
	kref_put(&esp->ref, ikev2_esp_sa_release);
}

static struct ikev2_esp_peer *
ikev2_esp_peer_new(const struct ikev2_esp_outer *outer)
{
	struct ikev2_esp_peer *p;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (p)
		p->outer = *outer;
	return p;
}

void ikev2_esp_sa_set_peer(struct ikev2_esp_sa *esp,
			   const struct ikev2_esp_outer *outer)
{
	struct ikev2_net *in = esp->in;
	struct ikev2_esp_peer *old, *p;

	lockdep_assert_held(&in->conf_lock);
	old = rcu_dereference_protected(esp->peer,
					lockdep_is_held(&in->conf_lock));
	if (!memcmp(old->outer.raddr, outer->raddr, sizeof(outer->raddr)) &&
	    old->outer.encap == outer->encap &&
	    old->outer.dport == outer->dport)
		return;
	p = ikev2_esp_peer_new(outer);
	if (!p)
		return;		/* keeps the old: better than nothing */
	rcu_assign_pointer(esp->peer, p);
	/* A sender may have cached the old route: drop it. */
	dst_cache_reset(&esp->dst_cache);
	kfree_rcu(old, rcu);
}

/* Remote selectors as prefixes: what the output table holds. */
static int ikev2_esp_prefixes(const struct ike_ts *ts, u8 addr_len,
			      struct ike_prefix *buf, int max)
{
	if ((ts->type == IKE_TS_IPV4_ADDR_RANGE) != (addr_len == 4))
		return -EAFNOSUPPORT;
	return ike_range_to_prefixes(ts->start, ts->end, addr_len, buf, max);
}

#define IKEV2_ESP_PREFIX_MAX 254	/* an IPv6 range's worst case */

/* Adds (@add) or removes every remote selector prefix of @esp. */
static int ikev2_esp_tsl_update(struct ikev2_esp_sa *esp, bool add)
{
	struct ikev2_net *in = esp->in;
	struct ike_prefix *pfx;
	unsigned int i;
	int n, j, err = 0;

	lockdep_assert_held(&in->conf_lock);
	pfx = kmalloc_array(IKEV2_ESP_PREFIX_MAX, sizeof(*pfx), GFP_KERNEL);
	if (!pfx)
		return -ENOMEM;
	for (i = 0; i < esp->ts_remote.count; i++) {
		const struct ike_ts *ts = &esp->ts_remote.ts[i];
		u8 alen = ts->type == IKE_TS_IPV4_ADDR_RANGE ? 4 : 16;

		n = ikev2_esp_prefixes(ts, alen, pfx, IKEV2_ESP_PREFIX_MAX);
		if (n < 0)
			continue;	/* unusable selector: never matches */
		for (j = 0; j < n; j++) {
			if (!add) {
				ikev2_tsl_remove(&in->esp_tsl, alen,
						 pfx[j].addr, pfx[j].cidr, esp,
						 &in->conf_lock);
				continue;
			}
			err = ikev2_tsl_insert(&in->esp_tsl, alen, pfx[j].addr,
					       pfx[j].cidr, esp,
					       &in->conf_lock);
			if (err)
				goto out;
		}
	}
out:
	kfree(pfx);
	return err;
}

/*
 * Builds the SA from @p and publishes it. As a rekey responder's new SA
 * (@replaces set) it sends nothing until ikev2_esp_sa_tx_ready(). The
 * caller wipes @p.
 */
int ikev2_esp_sa_install(struct ikev2_net *in,
			 const struct ikev2_esp_sa_params *p,
			 struct ikev2_esp_sa *replaces,
			 struct ikev2_esp_sa **out)
{
	struct ikev2_esp_peer *peer;
	struct ikev2_esp_sa *esp;
	int err;

	lockdep_assert_held(&in->conf_lock);
	esp = kzalloc(sizeof(*esp), GFP_KERNEL);
	if (!esp)
		return -ENOMEM;
	kref_init(&esp->ref);
	esp->in = in;
	esp->ifindex = p->ifindex;
	esp->spi_in = p->spi_in;
	esp->spi_out = p->spi_out;
	esp->addr_len = p->addr_len;
	esp->esn = p->esn;
	esp->rekey_bytes = p->rekey_bytes;
	esp->life_bytes = p->life_bytes;
	esp->ts_local = p->ts_local;
	esp->ts_remote = p->ts_remote;
	spin_lock_init(&esp->replay_lock);
	skb_queue_head_init(&esp->tx_queue);
	atomic_inc(&ikev2_esp_live);

	err = dst_cache_init(&esp->dst_cache, GFP_KERNEL);
	if (err)
		goto err_free;
	peer = ikev2_esp_peer_new(&p->outer);
	if (!peer) {
		err = -ENOMEM;
		goto err_free;
	}
	RCU_INIT_POINTER(esp->peer, peer);
	esp->replay = kzalloc(ike_esp_replay_bytes(p->replay_window),
			      GFP_KERNEL);
	if (!esp->replay) {
		err = -ENOMEM;
		goto err_free;
	}
	ike_esp_replay_init(esp->replay, p->replay_window);

	err = ikev2_esp_dir_init(&esp->out, p, &p->key_out);
	if (err)
		goto err_free;
	err = ikev2_esp_dir_init(&esp->in_dir, p, &p->key_in);
	if (err)
		goto err_free;

	if (replaces) {
		kref_get(&replaces->ref);
		esp->replaces = replaces;
		esp->tx_wait = true;
	}
	err = ikev2_esp_tsl_update(esp, true);
	if (err)
		goto err_unpublish_tsl;
	hlist_add_head_rcu(&esp->spi_node, ikev2_esp_bucket(in, esp->spi_in));
	in->n_esp++;
	*out = esp;
	return 0;

err_unpublish_tsl:
	ikev2_esp_tsl_update(esp, false);
	/* Readers may have seen it in the table: free after a grace period. */
	ikev2_esp_sa_put(esp);
	return err;
err_free:
	/* Never published: the same path, for one place that frees. */
	ikev2_esp_sa_put(esp);
	return err;
}

void ikev2_esp_sa_tx_ready(struct ikev2_esp_sa *esp)
{
	struct ikev2_esp_sa *old = xchg(&esp->replaces, NULL);

	/* The new one first: between the two, both may send, never none. */
	WRITE_ONCE(esp->tx_wait, false);
	if (old) {
		WRITE_ONCE(old->dead, true);
		ikev2_esp_sa_put(old);
	}
}

void ikev2_esp_sa_remove(struct ikev2_esp_sa *esp)
{
	struct ikev2_net *in = esp->in;
	struct ikev2_esp_sa *old;

	lockdep_assert_held(&in->conf_lock);
	WRITE_ONCE(esp->dead, true);
	old = xchg(&esp->replaces, NULL);
	if (old)
		ikev2_esp_sa_put(old);
	hlist_del_rcu(&esp->spi_node);
	ikev2_esp_tsl_update(esp, false);
	in->n_esp--;
	ikev2_esp_sa_put(esp);
}

struct ikev2_esp_sa *ikev2_esp_sa_lookup_spi(struct ikev2_net *in, u32 spi)
{
	struct ikev2_esp_sa *esp;

	hlist_for_each_entry_rcu(esp, ikev2_esp_bucket(in, spi), spi_node)
		if (esp->spi_in == spi)
			return esp;
	return NULL;
}

/*
 * @total: the bytes one direction will have carried with this packet. The
 * limits apply to each direction on its own, as with XFRM's per-SA states.
 */
bool ikev2_esp_sa_account(struct ikev2_esp_sa *esp, u64 total)
{
	bool kick = false;

	if (esp->rekey_bytes && total >= esp->rekey_bytes &&
	    !test_and_set_bit(IKEV2_ESP_SOFT_HIT, &esp->limit_flags))
		kick = true;
	if (esp->life_bytes && total >= esp->life_bytes &&
	    !test_and_set_bit(IKEV2_ESP_HARD_HIT, &esp->limit_flags))
		kick = true;
	if (kick)
		ikev2_engine_kick(esp->in);
	return !test_bit(IKEV2_ESP_HARD_HIT, &esp->limit_flags);
}

void ikev2_esp_sa_read(struct ikev2_esp_sa *esp, struct ikev2_esp_counters *c)
{
	const struct ikev2_esp_stats *s = &esp->stats;

	memset(c, 0, sizeof(*c));
	c->rx_bytes = atomic64_read(&s->rx_bytes);
	c->rx_packets = atomic64_read(&s->rx_packets);
	c->tx_bytes = atomic64_read(&s->tx_bytes);
	c->tx_packets = atomic64_read(&s->tx_packets);
	c->rx_replay = atomic64_read(&s->rx_replay);
	c->rx_auth_failed = atomic64_read(&s->rx_auth_failed);
	c->rx_bad_padding = atomic64_read(&s->rx_bad_padding);
	c->rx_selector = atomic64_read(&s->rx_selector);
	c->rx_malformed = atomic64_read(&s->rx_malformed);
	c->tx_errors = atomic64_read(&s->tx_errors);
	c->seq_out = atomic64_read(&esp->seq_out);
	spin_lock_bh(&esp->replay_lock);
	c->seq_in = esp->replay->top;
	c->replay_window = esp->replay->size;
	spin_unlock_bh(&esp->replay_lock);
	c->ifindex = esp->ifindex;
	c->rekey_bytes = esp->rekey_bytes;
	c->life_bytes = esp->life_bytes;
}

unsigned int ikev2_esp_net_count(struct ikev2_net *in)
{
	return READ_ONCE(in->n_esp);
}

int ikev2_esp_net_init(struct ikev2_net *in)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(in->esp_spi_hash); i++)
		INIT_HLIST_HEAD(&in->esp_spi_hash[i]);
	ikev2_tsl_init(&in->esp_tsl);
	return 0;
}

/* After every SA of the namespace was removed (conn flush). */
void ikev2_esp_net_uninit(struct ikev2_net *in)
{
	mutex_lock(&in->conf_lock);
	WARN_ON(in->n_esp);
	ikev2_tsl_free(&in->esp_tsl, &in->conf_lock);
	mutex_unlock(&in->conf_lock);
}

int ikev2_esp_init(void)
{
	ikev2_esp_wq = alloc_workqueue("ikev2_esp", WQ_UNBOUND, 0);
	return ikev2_esp_wq ? 0 : -ENOMEM;
}

/* Module exit, after every namespace is gone: waits for the last free. */
void ikev2_esp_uninit(void)
{
	wait_var_event(&ikev2_esp_live, !atomic_read(&ikev2_esp_live));
	destroy_workqueue(ikev2_esp_wq);
}
