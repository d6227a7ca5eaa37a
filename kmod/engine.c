// SPDX-License-Identifier: GPL-2.0
/*
 * The engine of a namespace: the receive and timer loop of its IKE SAs.
 * One work item takes conf_lock and does everything the SAs are waiting
 * for -- received datagrams (to sa.c), helper answers (helper_dh.c),
 * deadlines (sa_timers.c) -- frees the SAs that died, then arms one timer
 * for the earliest next deadline. Kicks (from softirq, helper callbacks,
 * netlink, the data path's byte limits) only queue the work; a kick while
 * it runs makes it run again, so nothing is lost.
 *
 * Ownership and locking: the rx queue (struct ikev2_rx, filled by
 * socket.c) belongs to ikev2_net.rx_lock; a batch taken off it belongs to
 * the run that took it. The work item and the timer are the namespace's;
 * namespace exit stops them (ikev2_engine_net_stop(), @dying set under
 * rx_lock first so that no kick queues them again) before anything they
 * use is freed. Lock order: conf_lock, then rx_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/slab.h>

#include "engine.h"
#include "helper_dh.h"
#include "netns.h"
#include "sa.h"
#include "sa_timers.h"
#include "socket.h"

/* Datagrams handled per run before letting other work in. */
#define IKEV2_ENGINE_BUDGET	64

/*
 * All namespaces' engines and timers run here; namespace exit cancels its
 * own, module unload destroys (drains) the queue.
 */
static struct workqueue_struct *ikev2_engine_wq;

void ikev2_engine_kick(struct ikev2_net *in)
{
	if (!READ_ONCE(in->dying))
		queue_work(ikev2_engine_wq, &in->engine);
}

static void ikev2_engine_timer(struct work_struct *work)
{
	struct ikev2_net *in = container_of(to_delayed_work(work),
					    struct ikev2_net, timer);

	ikev2_engine_kick(in);
}

/* Up to a budget of datagrams onto @batch; true if more are left. */
static bool ikev2_engine_take_rx(struct ikev2_net *in, struct list_head *batch)
{
	struct ikev2_rx *rx, *tmp;
	unsigned int n = 0;
	bool more;

	spin_lock_bh(&in->rx_lock);
	list_for_each_entry_safe(rx, tmp, &in->rx, node) {
		if (n++ == IKEV2_ENGINE_BUDGET)
			break;
		list_move_tail(&rx->node, batch);
		in->rx_len--;
	}
	more = !list_empty(&in->rx);
	spin_unlock_bh(&in->rx_lock);
	return more;
}

/* Every SA's deadlines; the dead go. Returns the earliest next one. */
static u64 ikev2_engine_timers(struct ikev2_net *in, u64 now)
{
	struct ikev2_sa *sa, *tmp;
	u64 next = IKEV2_NEVER, due;

	lockdep_assert_held(&in->conf_lock);
	list_for_each_entry_safe(sa, tmp, &in->sas, node) {
		due = sa->dead ? IKEV2_NEVER : ikev2_sa_timers_run(sa, now);
		if (sa->dead)
			ikev2_sa_free(sa);
		else if (due < next)
			next = due;
	}
	return next;
}

static void ikev2_engine_run(struct work_struct *work)
{
	struct ikev2_net *in = container_of(work, struct ikev2_net, engine);
	struct ikev2_rx *rx, *tmp;
	u64 now, next;
	bool again;
	LIST_HEAD(batch);

	again = ikev2_engine_take_rx(in, &batch);

	mutex_lock(&in->conf_lock);
	now = ikev2_now_ms();
	list_for_each_entry_safe(rx, tmp, &batch, node) {
		list_del(&rx->node);
		ikev2_sa_receive(in, rx, now);
		kfree(rx);
	}
	ikev2_dh_answers(in, now);
	next = ikev2_engine_timers(in, ikev2_now_ms());
	if (next != IKEV2_NEVER && !in->dying) {
		now = ikev2_now_ms();
		mod_delayed_work(ikev2_engine_wq, &in->timer,
				 next > now ? msecs_to_jiffies(next - now) : 0);
	}
	mutex_unlock(&in->conf_lock);
	if (again)
		ikev2_engine_kick(in);
}

void ikev2_engine_net_init(struct ikev2_net *in)
{
	spin_lock_init(&in->rx_lock);
	INIT_LIST_HEAD(&in->rx);
	INIT_WORK(&in->engine, ikev2_engine_run);
	INIT_DELAYED_WORK(&in->timer, ikev2_engine_timer);
}

void ikev2_engine_net_stop(struct ikev2_net *in)
{
	spin_lock_bh(&in->rx_lock);
	WRITE_ONCE(in->dying, true);
	spin_unlock_bh(&in->rx_lock);
	/* The timer may kick once more before seeing @dying: engine last. */
	cancel_delayed_work_sync(&in->timer);
	cancel_work_sync(&in->engine);
}

void ikev2_engine_rx_purge(struct ikev2_net *in)
{
	struct ikev2_rx *rx, *tmp;
	LIST_HEAD(batch);

	spin_lock_bh(&in->rx_lock);
	list_splice_init(&in->rx, &batch);
	in->rx_len = 0;
	spin_unlock_bh(&in->rx_lock);
	list_for_each_entry_safe(rx, tmp, &batch, node)
		kfree(rx);
	/* Helper answers: the helper is gone, the SAs too. */
	mutex_lock(&in->conf_lock);
	ikev2_dh_answers(in, 0);
	mutex_unlock(&in->conf_lock);
}

int ikev2_engine_init(void)
{
	ikev2_engine_wq = alloc_workqueue("ikev2_engine", WQ_UNBOUND, 0);
	return ikev2_engine_wq ? 0 : -ENOMEM;
}

void ikev2_engine_uninit(void)
{
	destroy_workqueue(ikev2_engine_wq);
}
