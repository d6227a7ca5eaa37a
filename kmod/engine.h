/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The engine of a namespace (engine.c): the one work item that drives its
 * IKE SAs -- received datagrams, helper answers, deadlines -- and the one
 * timer that kicks it at the earliest deadline.
 */
#ifndef _IKEV2_ENGINE_H
#define _IKEV2_ENGINE_H

struct ikev2_net;

/* Module load and unload: the workqueue every namespace's engine runs on. */
int ikev2_engine_init(void);
void ikev2_engine_uninit(void);

void ikev2_engine_net_init(struct ikev2_net *in);
/* Stops the engine; the caller then frees SAs, conns and sockets. */
void ikev2_engine_net_stop(struct ikev2_net *in);
/* Namespace exit, engine stopped and sockets closed: drops what is queued. */
void ikev2_engine_rx_purge(struct ikev2_net *in);

/* Any context: makes the engine run (again) soon. */
void ikev2_engine_kick(struct ikev2_net *in);

#endif /* _IKEV2_ENGINE_H */
