// SPDX-License-Identifier: GPL-2.0
/*
 * ikev2.ko: IKEv2 (RFC 7296) and ESP (RFC 4303) in the kernel.
 *
 * Load order matters for teardown: the helper's timeout workqueue (drained
 * last), per-namespace state (everything else hangs off it), the helper
 * death notifier (looks namespaces up), then the link type, then the
 * netlink family that userspace uses to reach all of it. Unload runs the
 * same steps backwards.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "crypto.h"
#include "device.h"
#include "engine.h"
#include "esp_input.h"
#include "esp_sa.h"
#include "helper.h"
#include "netlink.h"
#include "netns.h"

static int __init ikev2_mod_init(void)
{
	int err;

	/*
	 * Known answers through the kernel crypto API first: a kernel whose
	 * algorithms give wrong results must not carry anyone's traffic.
	 */
	err = ike_crypto_selftest();
	if (err) {
		pr_err("crypto self-test failed (%d), not loading\n", err);
		return err;
	}
	/* The helper's timeout workqueue outlives every namespace's state. */
	err = ikev2_helper_init();
	if (err)
		return err;
	/* The engines' workqueue, likewise. */
	err = ikev2_engine_init();
	if (err)
		goto err_helper_uninit;
	/* ESP SAs are freed on their own workqueue, after every namespace. */
	err = ikev2_esp_init();
	if (err)
		goto err_engine_uninit;
	err = ikev2_netns_init();
	if (err)
		goto err_esp_uninit;
	/* Helper death notifications need the per-namespace state. */
	err = ikev2_helper_notify_init();
	if (err)
		goto err_netns_uninit;
	err = ikev2_device_init();
	if (err)
		goto err_helper_notify_uninit;
	/* Raw ESP reaches us only once the links and namespaces exist. */
	err = ikev2_esp_input_init();
	if (err)
		goto err_device_uninit;
	err = ikev2_genl_init();
	if (err)
		goto err_esp_input_uninit;
	pr_info("IKEv2 loaded, crypto self-test passed\n");
	return 0;

err_esp_input_uninit:
	ikev2_esp_input_uninit();
err_device_uninit:
	ikev2_device_uninit();
err_helper_notify_uninit:
	ikev2_helper_notify_uninit();
err_netns_uninit:
	ikev2_netns_uninit();
err_esp_uninit:
	ikev2_esp_uninit();
err_engine_uninit:
	ikev2_engine_uninit();
err_helper_uninit:
	ikev2_helper_uninit();
	return err;
}

static void __exit ikev2_mod_exit(void)
{
	ikev2_genl_uninit();
	ikev2_esp_input_uninit();
	ikev2_device_uninit();
	ikev2_helper_notify_uninit();
	ikev2_netns_uninit();
	ikev2_esp_uninit();
	ikev2_engine_uninit();
	ikev2_helper_uninit();
}

module_init(ikev2_mod_init);
module_exit(ikev2_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("IKEv2 (RFC 7296) and ESP (RFC 4303) with a route-based link");
MODULE_ALIAS_RTNL_LINK("ikev2");
MODULE_ALIAS_GENL_FAMILY("ikev2");
MODULE_VERSION("0.1");
