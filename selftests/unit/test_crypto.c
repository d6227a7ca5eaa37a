// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the crypto ops table (Nettle implementation, same contract as
 * the kernel's) against published vectors, and of SK payload protection
 * (kmod/ike/ike_sk.c): round trips for every suite, independent checks of
 * the layout and keys, tampering, truncation and padding.
 *
 * Vector sources:
 *   HMAC-SHA2 PRF: RFC 4231 (= RFC 4868 2.7.1), SHA-384/512 from the kernel's
 *     crypto/testmgr.h, SHA-256 from RFC 4868 as carried in strongSwan's
 *     test_vectors/sha2_hmac.c.
 *   HMAC-SHA2 truncated integrity: RFC 4868 2.7.2 (strongSwan's copy).
 *   AES-GCM-16: draft-mcgrew-gcm-test-01 ESP cases (RFC 4106 salt/IV split;
 *     the AAD is SPI | sequence number), from crypto/testmgr.h.
 *   ChaCha20-Poly1305: RFC 7539 2.8.2 and A.5, the 12-byte nonce split as
 *     RFC 7634's salt | IV.
 *   AES-CBC: RFC 3602 cases 1-2, NIST SP 800-38A F.2.3 and F.2.5.
 */
#include <stdlib.h>

#include <nettle/aes.h>
#include <nettle/cbc.h>
#include <nettle/chacha-poly1305.h>
#include <nettle/gcm.h>
#include <nettle/hmac.h>

#include "kselftest_harness.h"

#include "ike_crypto.h"
#include "ike_keys.h"
#include "ike_sk.h"
#include "ike_ops_nettle.h"
#include "test_helper.h"

static const struct ike_ops *ops = &ike_ops_nettle;

#define MAXV 512

struct prf_vec {
	u16 alg;
	const char *key, *data, *out;
};

struct aead_vec {
	const char *key, *iv, *aad, *pt, *ct;	/* ct includes the tag */
};

struct cbc_vec {
	const char *key, *iv, *pt, *ct;
};

static size_t unhex(const char *hex, u8 *out)
{
	return th_unhex(hex, out, MAXV);
}

/* RFC 4231 test cases 1, 3, 4, 6, 7 for SHA-256 (RFC 4868 2.7.1). */
static const struct prf_vec prf_vecs_256[] = {
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_256,
		.key = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
		.data = "4869205468657265",		/* "Hi There" */
		.out = "b0344c61d8db38535ca8afceaf0bf12b"
		       "881dc200c9833da726e9376c2e32cff7",
	},
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_256,
		.key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		.data = "dddddddddddddddddddddddddddddddddddddddddddddddddd"
			"dddddddddddddddddddddddddddddddddddddddddddddddddd",
		.out = "773ea91e36800e46854db8ebd09181a7"
		       "2959098b3ef8c122d9635514ced565fe",
	},
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_256,
		.key = "0102030405060708090a0b0c0d0e0f10111213141516171819",
		.data = "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
			"cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
		.out = "82558a389a443c0ea4cc819899f2083a"
		       "85f0faa3e578f8077a2e3ff46729665b",
	},
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_256,
		.key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaa",			/* 131 bytes */
		/* "Test Using Larger Than Block-Size Key - Hash Key First" */
		.data = "54657374205573696e67204c61726765"
			"72205468616e20426c6f636b2d53697a"
			"65204b6579202d2048617368204b6579"
			"204669727374",
		.out = "60e431591ee0b67f0d8a26aacbf5b77f"
		       "8e0bc6213728c5140546040f0ee37f54",
	},
};

/* RFC 4231 test cases 3, 4 for SHA-384/512 (RFC 4868 2.7.1). */
static const struct prf_vec prf_vecs_4868[] = {
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_384,
		.key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		.data = "dddddddddddddddddddddddddddddddddddddddddddddddddd"
			"dddddddddddddddddddddddddddddddddddddddddddddddddd",
		.out = "88062608d3e6ad8a0aa2ace014c8a86f"
		       "0aa635d947ac9febe83ef4e55966144b"
		       "2a5ab39dc13814b94e3ab6e101a34f27",
	},
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_512,
		.key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		.data = "dddddddddddddddddddddddddddddddddddddddddddddddddd"
			"dddddddddddddddddddddddddddddddddddddddddddddddddd",
		.out = "fa73b0089d56a284efb0f0756c890be9"
		       "b1b5dbdd8ee81a3655f83e33b2279d39"
		       "bf3e848279a722c806b485a47e67c807"
		       "b946a337bee8942674278859e13292fb",
	},
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_384,
		.key = "0102030405060708090a0b0c0d0e0f10111213141516171819",
		.data = "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
			"cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
		.out = "3e8a69b7783c25851933ab6290af6ca7"
		       "7a9981480850009cc5577c6e1f573b4e"
		       "6801dd23c4a7d679ccf8a386c674cffb",
	},
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_512,
		.key = "0102030405060708090a0b0c0d0e0f10111213141516171819",
		.data = "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
			"cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
		.out = "b0ba465637458c6990e5a8c5f61d4af7"
		       "e576d97ff94b872de76f8050361ee3db"
		       "a91ca5c11aa25eb4d679275cc5788063"
		       "a5f19741120c4f2de2adebeb10a298dd",
	},
};

/*
 * RFC 4868 2.7.2: HMAC-SHA-256-128, -384-192, -512-256 with full-length
 * keys; the expected ICV is the truncated output.
 */
struct integ_vec {
	u16 integ;
	const char *key, *data, *icv;
};

#define K0B32 "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"
#define JEFE8 "4a6566654a6566654a6566654a6566654a6566654a6566654a6566654a656665"
#define KAA32 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define HI_THERE "4869205468657265"
#define WHAT_DO "7768617420646f2079612077616e7420666f72206e6f7468696e673f"
#define DD50 "dddddddddddddddddddddddddddddddddddddddddddddddddd" \
	     "dddddddddddddddddddddddddddddddddddddddddddddddddd"

static const struct integ_vec integ_vecs[] = {
	{ IKE_ALG_AUTH_HMAC_SHA2_256_128, K0B32, HI_THERE,
	  "198a607eb44bfbc69903a0f1cf2bbdc5" },
	{ IKE_ALG_AUTH_HMAC_SHA2_384_192, K0B32 "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	  HI_THERE, "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973" },
	{ IKE_ALG_AUTH_HMAC_SHA2_512_256, K0B32 K0B32, HI_THERE,
	  "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8" },
	{ IKE_ALG_AUTH_HMAC_SHA2_256_128, JEFE8, WHAT_DO,
	  "167f928588c5cc2eef8e3093caa0e87c" },
	{ IKE_ALG_AUTH_HMAC_SHA2_384_192, JEFE8 "4a6566654a6566654a6566654a656665",
	  WHAT_DO, "2c7353974f1842fd66d53c452ca42122b28c0b594cfb184d" },
	{ IKE_ALG_AUTH_HMAC_SHA2_512_256, JEFE8 JEFE8, WHAT_DO,
	  "cb370917ae8a7ce28cfd1d8f4705d6141c173b2a9362c15df235dfb251b15454" },
	{ IKE_ALG_AUTH_HMAC_SHA2_256_128, KAA32, DD50,
	  "cdcb1220d1ecccea91e53aba3092f962" },
	{ IKE_ALG_AUTH_HMAC_SHA2_384_192, KAA32 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  DD50, "809f439be00274321d4a538652164b53554a508184a0c316" },
	{ IKE_ALG_AUTH_HMAC_SHA2_512_256, KAA32 KAA32, DD50,
	  "2ee7acd783624ca9398710f3ee05ae41b9f9b0510c87e49e586cc9bf961733d8" },
};

/* draft-mcgrew-gcm-test-01 ESP cases, as carried in the kernel's crypto/testmgr.h */
static const struct aead_vec gcm_vecs[] = {
	{
		.key = "4c80cdefbb5d10da906ac73c3613a6342e443b68",
		.iv = "4956ed7e3b244cfe",
		.aad = "000043218765432100000000",
		.pt = "45000048699a000080114db7c0a80102c0a801010a9bf15638d3010000010000"
		  "00000000045f736970045f756470037369700963796265726369747902646b00"
		  "0021000101020201",
		.ct = "fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa13ceac34"
		  "cfa2436f14a3f3cf65925bf1f4a13c5d15b21e1884f5ff6247aeabb786b93bce"
		  "61bc17d768fd9732459018148f6cbe722fd04796562dfdb4",
	},
	{
		.key = "feffe9928665731c6d6a8f9467308308cafebabe",
		.iv = "facedbaddecaf888",
		.aad = "0000a5f80000000a",
		.pt = "4500003e698f000080114dccc0a80102c0a801010a980035002a2343b2d00100"
		  "0001000000000000037369700963796265726369747902646b00000100010001",
		.ct = "deb22cd9b07c72c16e3a65beeb8df304a5a5897d33ae530f1ba76d5d114d2a5c"
		  "3de81827c10e9a4f51330d0eec416642cfbb85a5b47e48a4ec3b9ba95d918bd1"
		  "83b70d3aa8bc6ee4c309e9d85a41ad4a",
	},
	{
		.key = "abbccddef00112233445566778899aababbccddef00112233445566778899aab"
		  "11223344",
		.iv = "0102030405060708",
		.aad = "4a2cbfe300000002",
		.pt = "4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee000000000"
		  "7002400020bf0000020405b40101040201020201",
		.ct = "ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d65a5d763"
		  "748a637985771d347f0545659f14e99def842d8eb335f4eecfdbf831824b4c49"
		  "15956c96",
	},
	{
		.key = "feffe9928665731c6d6a8f9467308308feffe9928665731ccafebabe",
		.iv = "facedbaddecaf888",
		.aad = "0000a5f80000000a",
		.pt = "45000028a4ad4000400678800a01038f0a010612802306b8cb712602dd6bb03e"
		  "501016d075680001",
		.ct = "a5b1f8066029aea40e598b8122de02420938b3ab33f828e687b8858b5bfbdbd0"
		  "315b27452144cc7795457b9652037f5318027b5b4cd7a636",
	},
};
/* RFC 7539 2.8.2 and A.5; nonce split as RFC 7634: salt | IV */
static const struct aead_vec chacha_vecs[] = {
	{
		.key = "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
		  "07000000",
		.iv = "4041424344454647",
		.aad = "50515253c0c1c2c3c4c5c6c7",
		.pt = "4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
		  "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
		  "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
		  "637265656e20776f756c642062652069742e",
		.ct = "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
		  "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
		  "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
		  "3ff4def08e4b7a9de576d26586cec64b61161ae10b594f09e26a7e902ecbd060"
		  "0691",
	},
	{
		.key = "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0"
		  "00000000",
		.iv = "0102030405060708",
		.aad = "f33388860000000000004e91",
		.pt = "496e7465726e65742d4472616674732061726520647261667420646f63756d65"
		  "6e74732076616c696420666f722061206d6178696d756d206f6620736978206d"
		  "6f6e74687320616e64206d617920626520757064617465642c207265706c6163"
		  "65642c206f72206f62736f6c65746564206279206f7468657220646f63756d65"
		  "6e747320617420616e792074696d652e20497420697320696e617070726f7072"
		  "6961746520746f2075736520496e7465726e65742d4472616674732061732072"
		  "65666572656e6365206d6174657269616c206f7220746f206369746520746865"
		  "6d206f74686572207468616e206173202fe2809c776f726b20696e2070726f67"
		  "726573732e2fe2809d",
		.ct = "64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb2"
		  "4c6cfc18755d43eea09ee94e382d26b0bdb7b73c321b0100d4f03b7f355894cf"
		  "332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff37c855"
		  "9797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4"
		  "b9166c767b804d46a59b5216cde7a4e99040c5a40433225ee282a1b0a06c523e"
		  "af4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f548271a"
		  "0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a10"
		  "49e617d91d361094fa68f0ff77987130305beaba2eda04df997b714d6c6f2c29"
		  "a6ad5cb4022b02709beead9d67890cbb22392336fea1851f38",
	},
};
/* RFC 3602 cases 1-2 (AES-128); NIST SP 800-38A F.2.3, F.2.5 (AES-192/256) */
static const struct cbc_vec cbc_vecs[] = {
	{
		.key = "06a9214036b8a15b512e03d534120006",
		.iv = "3dafba429d9eb430b422da802c9fac41",
		.pt = "53696e676c6520626c6f636b206d7367",
		.ct = "e353779c1079aeb82708942dbe77181a",
	},
	{
		.key = "c286696d887c9aa0611bbb3e2025a45a",
		.iv = "562e17996d093d28ddb3ba695a2e6f58",
		.pt = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
		.ct = "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1",
	},
	{
		.key = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
		.iv = "000102030405060708090a0b0c0d0e0f",
		.pt = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
		  "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710",
		.ct = "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"
		  "571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd",
	},
	{
		.key = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
		.iv = "000102030405060708090a0b0c0d0e0f",
		.pt = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
		  "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710",
		.ct = "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
		  "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b",
	},
};
/* RFC 4231 test cases 1, 2, 6, 7 (SHA-384/512), as in crypto/testmgr.h */
static const struct prf_vec prf_vecs_4231[] = {
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_384,
		.key = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
		.data = "4869205468657265",
		.out = "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
		  "faea9ea9076ede7f4af152e8b2fa9cb6",
	},
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_384,
		.key = "4a656665",
		.data = "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
		.out = "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
		  "8e2240ca5e69e2c78b3239ecfab21649",
	},
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_384,
		.key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaa",
		.data = "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a"
		  "65204b6579202d2048617368204b6579204669727374",
		.out = "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
		  "0c2ef6ab4030fe8296248df163f44952",
	},
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_384,
		.key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaa",
		.data = "5468697320697320612074657374207573696e672061206c6172676572207468"
		  "616e20626c6f636b2d73697a65206b657920616e642061206c61726765722074"
		  "68616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565"
		  "647320746f20626520686173686564206265666f7265206265696e6720757365"
		  "642062792074686520484d414320616c676f726974686d2e",
		.out = "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
		  "a678cc31e799176d3860e6110c46523e",
	},
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_512,
		.key = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
		.data = "4869205468657265",
		.out = "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
		  "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
	},
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_512,
		.key = "4a656665",
		.data = "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
		.out = "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
		  "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
	},
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_512,
		.key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaa",
		.data = "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a"
		  "65204b6579202d2048617368204b6579204669727374",
		.out = "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
		  "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
	},
	{
		.alg = IKE_ALG_PRF_HMAC_SHA2_512,
		.key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaa",
		.data = "5468697320697320612074657374207573696e672061206c6172676572207468"
		  "616e20626c6f636b2d73697a65206b657920616e642061206c61726765722074"
		  "68616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565"
		  "647320746f20626520686173686564206265666f7265206265696e6720757365"
		  "642062792074686520484d414320616c676f726974686d2e",
		.out = "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
		  "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
	},
};

/* ------------------------------------------------------------------ */
/* PRF / integrity                                                      */
/* ------------------------------------------------------------------ */

static void check_prf_vec(struct __test_metadata *_metadata,
			  const struct prf_vec *v)
{
	u8 key[MAXV], data[MAXV], expect[MAXV], out[IKE_PRF_MAX_LEN];
	size_t klen = unhex(v->key, key), dlen = unhex(v->data, data);
	size_t olen = unhex(v->out, expect);
	struct ike_iov iov = { data, dlen };
	struct ike_prf *prf;

	ASSERT_EQ(ike_prf_len(v->alg), olen);
	ASSERT_EQ(0, ops->prf_new(v->alg, &prf));
	ASSERT_EQ(0, ops->prf_setkey(prf, key, klen));
	ASSERT_EQ(0, ops->prf_compute(prf, &iov, 1, out));
	EXPECT_EQ(0, memcmp(out, expect, olen));
	/* The handle is reusable with the same key. */
	memset(out, 0, sizeof(out));
	ASSERT_EQ(0, ops->prf_compute(prf, &iov, 1, out));
	EXPECT_EQ(0, memcmp(out, expect, olen));
	ops->prf_free(prf);
}

TEST(prf_hmac_sha256_rfc4231)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prf_vecs_256); i++)
		check_prf_vec(_metadata, &prf_vecs_256[i]);
}

TEST(prf_hmac_sha384_512_rfc4231)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prf_vecs_4231); i++)
		check_prf_vec(_metadata, &prf_vecs_4231[i]);
	for (i = 0; i < ARRAY_SIZE(prf_vecs_4868); i++)
		check_prf_vec(_metadata, &prf_vecs_4868[i]);
}

TEST(integ_hmac_sha2_truncated_rfc4868)
{
	u8 key[MAXV], data[MAXV], icv[MAXV], out[IKE_PRF_MAX_LEN];
	struct ike_prf *prf;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(integ_vecs); i++) {
		const struct integ_vec *v = &integ_vecs[i];
		size_t klen = unhex(v->key, key);
		struct ike_iov iov = { data, unhex(v->data, data) };

		ASSERT_EQ(ike_integ_icv_len(v->integ), unhex(v->icv, icv));
		/* RFC 4868 2.1.1: the key is as long as the hash output. */
		ASSERT_EQ(ike_integ_key_len(v->integ), klen);
		ASSERT_EQ(0, ops->prf_new(ike_integ_prf(v->integ), &prf));
		ASSERT_EQ(0, ops->prf_setkey(prf, key, klen));
		ASSERT_EQ(0, ops->prf_compute(prf, &iov, 1, out));
		EXPECT_EQ(0, memcmp(out, icv, ike_integ_icv_len(v->integ)));
		ops->prf_free(prf);
	}
}

TEST(prf_segments_concatenate)
{
	static const u16 algs[] = {
		IKE_ALG_PRF_HMAC_SHA1, IKE_ALG_PRF_HMAC_SHA2_256,
		IKE_ALG_PRF_HMAC_SHA2_384, IKE_ALG_PRF_HMAC_SHA2_512,
	};
	u8 data[300], a[IKE_PRF_MAX_LEN], b[IKE_PRF_MAX_LEN];
	struct ike_prf *prf;
	size_t i, cut;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (u8)(i * 31 + 7);
	for (i = 0; i < ARRAY_SIZE(algs); i++) {
		struct ike_iov one = { data, sizeof(data) };

		ASSERT_EQ(0, ops->prf_new(algs[i], &prf));
		ASSERT_EQ(0, ops->prf_setkey(prf, data, 17));
		ASSERT_EQ(0, ops->prf_compute(prf, &one, 1, a));
		for (cut = 0; cut <= sizeof(data); cut += 37) {
			struct ike_iov three[] = {
				{ data, cut / 2 },
				{ data + cut / 2, cut - cut / 2 },
				{ data + cut, sizeof(data) - cut },
			};

			ASSERT_EQ(0, ops->prf_compute(prf, three, 3, b));
			EXPECT_EQ(0, memcmp(a, b, ike_prf_len(algs[i])));
		}
		/* A new key gives a different output. */
		ASSERT_EQ(0, ops->prf_setkey(prf, data, 18));
		ASSERT_EQ(0, ops->prf_compute(prf, &one, 1, b));
		EXPECT_NE(0, memcmp(a, b, ike_prf_len(algs[i])));
		ops->prf_free(prf);
	}
}

TEST(prf_errors)
{
	struct ike_iov iov = { "x", 1 };
	struct ike_prf *prf;
	u8 out[IKE_PRF_MAX_LEN];

	EXPECT_EQ(-EOPNOTSUPP, ops->prf_new(1 /* HMAC_MD5 */, &prf));
	EXPECT_EQ(NULL, prf);
	ASSERT_EQ(0, ops->prf_new(IKE_ALG_PRF_HMAC_SHA2_256, &prf));
	EXPECT_EQ(-EINVAL, ops->prf_compute(prf, &iov, 1, out));
	ops->prf_free(prf);
	ops->prf_free(NULL);
}

/* ------------------------------------------------------------------ */
/* AEAD                                                                 */
/* ------------------------------------------------------------------ */

static void check_aead_vec(struct __test_metadata *_metadata, u16 alg,
			   const struct aead_vec *v)
{
	u8 key[MAXV], iv[MAXV], aad[MAXV], pt[MAXV], ct[MAXV];
	size_t klen = unhex(v->key, key), alen = unhex(v->aad, aad);
	size_t plen = unhex(v->pt, pt), clen = unhex(v->ct, ct);
	u8 *buf = ops->zalloc(clen);
	struct ike_aead *a;

	ASSERT_EQ(IKE_AEAD_IV_LEN, unhex(v->iv, iv));
	ASSERT_EQ(plen + IKE_AEAD_ICV_LEN, clen);
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, ops->aead_new(alg, key, klen, &a));

	memcpy(buf, pt, plen);
	ASSERT_EQ(0, ops->aead_encrypt(a, iv, aad, alen, buf, plen));
	EXPECT_EQ(0, memcmp(buf, ct, clen));
	ASSERT_EQ(0, ops->aead_decrypt(a, iv, aad, alen, buf, plen));
	EXPECT_EQ(0, memcmp(buf, pt, plen));

	/* Any change to ciphertext, tag, AAD or IV fails. */
	memcpy(buf, ct, clen);
	buf[clen - 1] ^= 1;
	EXPECT_EQ(-EBADMSG, ops->aead_decrypt(a, iv, aad, alen, buf, plen));
	memcpy(buf, ct, clen);
	buf[0] ^= 0x80;
	EXPECT_EQ(-EBADMSG, ops->aead_decrypt(a, iv, aad, alen, buf, plen));
	memcpy(buf, ct, clen);
	aad[alen - 1] ^= 1;
	EXPECT_EQ(-EBADMSG, ops->aead_decrypt(a, iv, aad, alen, buf, plen));
	aad[alen - 1] ^= 1;
	memcpy(buf, ct, clen);
	iv[3] ^= 4;
	EXPECT_EQ(-EBADMSG, ops->aead_decrypt(a, iv, aad, alen, buf, plen));
	iv[3] ^= 4;
	memcpy(buf, ct, clen);
	EXPECT_EQ(0, ops->aead_decrypt(a, iv, aad, alen, buf, plen));

	ops->aead_free(a);
	ops->free(buf);
}

TEST(aead_aes_gcm16_mcgrew)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(gcm_vecs); i++)
		check_aead_vec(_metadata, IKE_ALG_ENCR_AES_GCM_16, &gcm_vecs[i]);
}

TEST(aead_chacha20_poly1305_rfc7539)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(chacha_vecs); i++)
		check_aead_vec(_metadata, IKE_ALG_ENCR_CHACHA20_POLY1305,
			       &chacha_vecs[i]);
}

TEST(aead_errors)
{
	u8 key[40] = { 0 };
	struct ike_aead *a;

	EXPECT_EQ(-EINVAL, ops->aead_new(IKE_ALG_ENCR_AES_GCM_16, key, 16, &a));
	EXPECT_EQ(-EINVAL, ops->aead_new(IKE_ALG_ENCR_AES_GCM_16, key, 32, &a));
	EXPECT_EQ(-EINVAL, ops->aead_new(IKE_ALG_ENCR_CHACHA20_POLY1305, key,
					 32, &a));
	EXPECT_EQ(-EOPNOTSUPP, ops->aead_new(IKE_ALG_ENCR_AES_CBC, key, 20, &a));
	EXPECT_EQ(NULL, a);
	ops->aead_free(NULL);
}

/* ------------------------------------------------------------------ */
/* AES-CBC                                                              */
/* ------------------------------------------------------------------ */

TEST(cbc_aes_rfc3602_sp800_38a)
{
	u8 key[MAXV], iv[MAXV], pt[MAXV], ct[MAXV], iv_copy[16];
	struct ike_cbc *c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cbc_vecs); i++) {
		const struct cbc_vec *v = &cbc_vecs[i];
		size_t klen = unhex(v->key, key), plen = unhex(v->pt, pt);
		u8 *buf = ops->zalloc(plen);

		ASSERT_NE(NULL, buf);
		ASSERT_EQ(16, unhex(v->iv, iv));
		ASSERT_EQ(plen, unhex(v->ct, ct));
		ASSERT_EQ(0, ops->cbc_new(IKE_ALG_ENCR_AES_CBC, key, klen, &c));
		memcpy(iv_copy, iv, 16);
		memcpy(buf, pt, plen);
		ASSERT_EQ(0, ops->cbc_encrypt(c, iv, buf, plen));
		EXPECT_EQ(0, memcmp(buf, ct, plen));
		EXPECT_EQ(0, memcmp(iv, iv_copy, 16));	/* IV untouched */
		ASSERT_EQ(0, ops->cbc_decrypt(c, iv, buf, plen));
		EXPECT_EQ(0, memcmp(buf, pt, plen));
		EXPECT_EQ(0, memcmp(iv, iv_copy, 16));
		EXPECT_EQ(-EINVAL, ops->cbc_encrypt(c, iv, buf, plen - 1));
		EXPECT_EQ(-EINVAL, ops->cbc_decrypt(c, iv, buf, 15));
		ops->cbc_free(c);
		ops->free(buf);
	}
}

TEST(cbc_errors)
{
	u8 key[32] = { 0 };
	struct ike_cbc *c;

	EXPECT_EQ(-EINVAL, ops->cbc_new(IKE_ALG_ENCR_AES_CBC, key, 20, &c));
	EXPECT_EQ(-EOPNOTSUPP, ops->cbc_new(IKE_ALG_ENCR_AES_GCM_16, key, 16,
					    &c));
	EXPECT_EQ(NULL, c);
	ops->cbc_free(NULL);
}

TEST(suite_check)
{
	struct ike_suite s = { IKE_ALG_ENCR_AES_GCM_16, 256, 0,
			       IKE_ALG_PRF_HMAC_SHA2_256 };

	EXPECT_EQ(0, ike_suite_check(&s, true));
	EXPECT_EQ(36, ike_encr_key_len(s.encr, s.encr_keybits));
	s.integ = IKE_ALG_AUTH_HMAC_SHA2_256_128;
	EXPECT_EQ(-EINVAL, ike_suite_check(&s, true));	/* AEAD + integ */
	s.encr = IKE_ALG_ENCR_AES_CBC;
	EXPECT_EQ(0, ike_suite_check(&s, true));
	EXPECT_EQ(32, ike_encr_key_len(s.encr, s.encr_keybits));
	s.integ = 0;
	EXPECT_EQ(-EINVAL, ike_suite_check(&s, true));	/* CBC, no integ */
	s.integ = 2;					/* HMAC-SHA1-96 */
	EXPECT_EQ(-EOPNOTSUPP, ike_suite_check(&s, true));
	s.integ = IKE_ALG_AUTH_HMAC_SHA2_512_256;
	s.encr_keybits = 0;
	EXPECT_EQ(-EINVAL, ike_suite_check(&s, true));	/* AES needs a length */
	s.encr_keybits = 64;
	EXPECT_EQ(-EINVAL, ike_suite_check(&s, true));
	s.encr_keybits = 192;
	s.prf = 4;					/* PRF_AES128_XCBC */
	EXPECT_EQ(-EOPNOTSUPP, ike_suite_check(&s, true));
	EXPECT_EQ(0, ike_suite_check(&s, false));	/* Child SA: no PRF */
	s.encr = IKE_ALG_ENCR_CHACHA20_POLY1305;
	s.integ = 0;
	s.encr_keybits = 0;
	EXPECT_EQ(0, ike_suite_check(&s, false));
	EXPECT_EQ(36, ike_encr_key_len(s.encr, 0));
	EXPECT_EQ(-EINVAL, ike_encr_key_len(s.encr, 128));
	s.encr = 3;					/* 3DES */
	EXPECT_EQ(-EOPNOTSUPP, ike_suite_check(&s, false));
}

/* ------------------------------------------------------------------ */
/* SK payload                                                           */
/* ------------------------------------------------------------------ */

#define T_SHA256 IKE_ALG_AUTH_HMAC_SHA2_256_128
#define T_SHA384 IKE_ALG_AUTH_HMAC_SHA2_384_192
#define T_SHA512 IKE_ALG_AUTH_HMAC_SHA2_512_256

static const struct ike_suite sk_suites[] = {
	{ IKE_ALG_ENCR_AES_GCM_16, 128, 0, IKE_ALG_PRF_HMAC_SHA2_256 },
	{ IKE_ALG_ENCR_AES_GCM_16, 192, 0, IKE_ALG_PRF_HMAC_SHA2_384 },
	{ IKE_ALG_ENCR_AES_GCM_16, 256, 0, IKE_ALG_PRF_HMAC_SHA2_512 },
	{ IKE_ALG_ENCR_CHACHA20_POLY1305, 0, 0, IKE_ALG_PRF_HMAC_SHA2_256 },
	{ IKE_ALG_ENCR_AES_CBC, 128, T_SHA256, IKE_ALG_PRF_HMAC_SHA2_256 },
	{ IKE_ALG_ENCR_AES_CBC, 128, T_SHA384, IKE_ALG_PRF_HMAC_SHA2_384 },
	{ IKE_ALG_ENCR_AES_CBC, 128, T_SHA512, IKE_ALG_PRF_HMAC_SHA2_512 },
	{ IKE_ALG_ENCR_AES_CBC, 192, T_SHA256, IKE_ALG_PRF_HMAC_SHA2_512 },
	{ IKE_ALG_ENCR_AES_CBC, 192, T_SHA384, IKE_ALG_PRF_HMAC_SHA2_256 },
	{ IKE_ALG_ENCR_AES_CBC, 192, T_SHA512, IKE_ALG_PRF_HMAC_SHA2_384 },
	{ IKE_ALG_ENCR_AES_CBC, 256, T_SHA256, IKE_ALG_PRF_HMAC_SHA2_384 },
	{ IKE_ALG_ENCR_AES_CBC, 256, T_SHA384, IKE_ALG_PRF_HMAC_SHA2_512 },
	{ IKE_ALG_ENCR_AES_CBC, 256, T_SHA512, IKE_ALG_PRF_HMAC_SHA2_256 },
};

struct sk_pair {
	struct ike_suite suite;
	struct ike_sa_keys keys;
	struct ike_sk i;	/* original initiator's context */
	struct ike_sk r;	/* original responder's */
};

/* Real keys for @s from random inputs, both ends' SK contexts. */
static void sk_setup(struct __test_metadata *_metadata,
		     const struct ike_suite *s, struct sk_pair *p)
{
	struct ike_prf_ctx prf;
	u8 ni[32], nr[32], gir[256];

	memset(p, 0, sizeof(*p));
	p->suite = *s;
	ASSERT_EQ(0, ops->random(ni, sizeof(ni)));
	ASSERT_EQ(0, ops->random(nr, sizeof(nr)));
	ASSERT_EQ(0, ops->random(gir, sizeof(gir)));
	ASSERT_EQ(0, ike_prf_init(&prf, ops, s->prf));
	ASSERT_EQ(0, ike_sa_keys_init(&prf, s, ni, sizeof(ni), nr, sizeof(nr),
				      gir, sizeof(gir), 0x1122334455667788ull,
				      0x99aabbccddeeff00ull, &p->keys));
	ike_prf_destroy(&prf);
	ASSERT_EQ(0, ike_sk_init(&p->i, ops, s, &p->keys, true));
	ASSERT_EQ(0, ike_sk_init(&p->r, ops, s, &p->keys, false));
}

static void sk_teardown(struct sk_pair *p)
{
	ike_sk_destroy(&p->i);
	ike_sk_destroy(&p->r);
	ike_sa_keys_wipe(&p->keys);
}

static u8 pt_byte(size_t i)
{
	return (u8)(i * 7 + 3);
}

/*
 * An IKE_AUTH-like message in @buf (from ops->zalloc, @size bytes): header,
 * @sk_off - 28 bytes of a clear payload, SK header, @pt_len inner bytes.
 */
static void sk_build(const struct ike_sk *sk, u8 *buf, size_t size,
		     size_t sk_off, size_t pt_len)
{
	size_t pt = ike_sk_pt_off(sk, sk_off), i;

	memset(buf, 0xee, size);
	put_unaligned_be64(0x1122334455667788ull, buf);
	put_unaligned_be64(0x99aabbccddeeff00ull, buf + 8);
	buf[16] = sk_off > 28 ? 41 : 46;	/* Next Payload */
	buf[17] = 0x20;				/* version 2.0 */
	buf[18] = 35;				/* IKE_AUTH */
	buf[19] = sk->initiator ? 0x08 : 0x20;
	put_unaligned_be32(1, buf + 20);
	put_unaligned_be32(0, buf + 24);
	for (i = 28; i < sk_off; i++)
		buf[i] = (u8)i;
	buf[sk_off] = 35;			/* first inner payload: IDi */
	buf[sk_off + 1] = 0;
	put_unaligned_be16(0, buf + sk_off + 2);
	for (i = 0; i < pt_len; i++)
		buf[pt + i] = pt_byte(i);
}

static void sk_roundtrip(struct __test_metadata *_metadata,
			 struct ike_sk *tx, struct ike_sk *rx,
			 size_t sk_off, size_t pt_len)
{
	size_t need = ike_sk_msg_len(tx, sk_off, pt_len);
	size_t len = 0, off = 0, plen = 0, i, ct;
	u8 *buf = ops->zalloc(need + 64);

	ASSERT_NE(NULL, buf);
	sk_build(tx, buf, need + 64, sk_off, pt_len);
	ASSERT_EQ(0, ike_sk_protect(tx, buf, need + 64, sk_off, pt_len, &len));
	ASSERT_EQ(need, len);
	EXPECT_EQ(len, get_unaligned_be32(buf + 24));
	EXPECT_EQ(len - sk_off, get_unaligned_be16(buf + sk_off + 2));
	EXPECT_EQ(35, buf[sk_off]);
	ct = len - ike_sk_pt_off(tx, sk_off) - tx->icv_len;
	if (!tx->aead) {
		EXPECT_EQ(0, ct % 16);
		EXPECT_GT(pt_len + 17, ct);	/* minimal padding */
	} else {
		EXPECT_EQ(pt_len + 1, ct);	/* no padding for AEADs */
	}
	ASSERT_EQ(0, ike_sk_unprotect(rx, buf, len, sk_off, &off, &plen));
	EXPECT_EQ(ike_sk_pt_off(tx, sk_off), off);
	ASSERT_EQ(pt_len, plen);
	for (i = 0; i < pt_len; i++)
		ASSERT_EQ(pt_byte(i), buf[off + i]);
	ops->free(buf);
}

TEST(sk_roundtrip_all_suites)
{
	static const size_t lens[] = {
		0, 1, 2, 14, 15, 16, 17, 31, 32, 33, 100, 1000, 4000,
	};
	struct sk_pair p;
	size_t s, l;

	for (s = 0; s < ARRAY_SIZE(sk_suites); s++) {
		sk_setup(_metadata, &sk_suites[s], &p);
		for (l = 0; l < ARRAY_SIZE(lens); l++) {
			sk_roundtrip(_metadata, &p.i, &p.r, 28, lens[l]);
			sk_roundtrip(_metadata, &p.r, &p.i, 28, lens[l]);
			/* A clear payload before SK is covered by the ICV. */
			sk_roundtrip(_metadata, &p.i, &p.r, 40, lens[l]);
		}
		sk_teardown(&p);
	}
	EXPECT_EQ(0, ike_ops_nettle_live());
}

/* Protect one message of @pt_len inner bytes from @tx; returns its length. */
static size_t sk_make(struct __test_metadata *_metadata, struct ike_sk *tx,
		      u8 *buf, size_t size, size_t pt_len)
{
	size_t len = 0;

	sk_build(tx, buf, size, 28, pt_len);
	EXPECT_EQ(0, ike_sk_protect(tx, buf, size, 28, pt_len, &len));
	return len;
}

TEST(sk_wrong_direction_rejected)
{
	struct sk_pair p;
	size_t s, len, off, plen;
	u8 *buf = ops->zalloc(256);

	ASSERT_NE(NULL, buf);
	for (s = 0; s < ARRAY_SIZE(sk_suites); s++) {
		sk_setup(_metadata, &sk_suites[s], &p);
		len = sk_make(_metadata, &p.i, buf, 256, 40);
		/* Our own message, or one keyed the other way, never opens. */
		EXPECT_EQ(-EBADMSG, ike_sk_unprotect(&p.i, buf, len, 28, &off,
						     &plen));
		len = sk_make(_metadata, &p.r, buf, 256, 40);
		EXPECT_EQ(-EBADMSG, ike_sk_unprotect(&p.r, buf, len, 28, &off,
						     &plen));
		sk_teardown(&p);
	}
	ops->free(buf);
}

/*
 * Independent check of layout, AAD and key use: open the initiator's
 * message with Nettle directly, using SK_ei/SK_ai from the derived keys.
 */
TEST(sk_layout_matches_rfc)
{
	struct sk_pair p;
	size_t s, len, i, ct_len;
	u8 *buf = ops->zalloc(256);
	u8 nonce[12], tag[16], mac[64];

	ASSERT_NE(NULL, buf);
	for (s = 0; s < ARRAY_SIZE(sk_suites); s++) {
		const struct ike_suite *su = &sk_suites[s];
		u8 *iv = buf + 32, *ct;
		size_t klen;

		sk_setup(_metadata, su, &p);
		klen = p.keys.encr_len;
		len = sk_make(_metadata, &p.i, buf, 256, 45);
		ct = iv + p.i.iv_len;
		ct_len = len - (size_t)(ct - buf) - p.i.icv_len;
		if (su->encr == IKE_ALG_ENCR_AES_GCM_16) {
			struct gcm_aes256_ctx g256;
			struct gcm_aes128_ctx g128;
			struct gcm_aes192_ctx g192;

			/* RFC 5282 4: nonce = salt (last 4 bytes of SK_ei) | IV */
			memcpy(nonce, p.keys.sk_ei + klen - 4, 4);
			memcpy(nonce + 4, iv, 8);
			if (klen == 20) {
				gcm_aes128_set_key(&g128, p.keys.sk_ei);
				gcm_aes128_set_iv(&g128, 12, nonce);
				gcm_aes128_update(&g128, 32, buf);
				gcm_aes128_decrypt(&g128, ct_len, ct, ct);
				gcm_aes128_digest(&g128, 16, tag);
			} else if (klen == 28) {
				gcm_aes192_set_key(&g192, p.keys.sk_ei);
				gcm_aes192_set_iv(&g192, 12, nonce);
				gcm_aes192_update(&g192, 32, buf);
				gcm_aes192_decrypt(&g192, ct_len, ct, ct);
				gcm_aes192_digest(&g192, 16, tag);
			} else {
				gcm_aes256_set_key(&g256, p.keys.sk_ei);
				gcm_aes256_set_iv(&g256, 12, nonce);
				gcm_aes256_update(&g256, 32, buf);
				gcm_aes256_decrypt(&g256, ct_len, ct, ct);
				gcm_aes256_digest(&g256, 16, tag);
			}
			EXPECT_EQ(0, memcmp(tag, ct + ct_len, 16));
		} else if (su->encr == IKE_ALG_ENCR_CHACHA20_POLY1305) {
			struct chacha_poly1305_ctx c;

			ASSERT_EQ(36, klen);
			memcpy(nonce, p.keys.sk_ei + 32, 4);
			memcpy(nonce + 4, iv, 8);
			chacha_poly1305_set_key(&c, p.keys.sk_ei);
			chacha_poly1305_set_nonce(&c, nonce);
			chacha_poly1305_update(&c, 32, buf);
			chacha_poly1305_decrypt(&c, ct_len, ct, ct);
			chacha_poly1305_digest(&c, 16, tag);
			EXPECT_EQ(0, memcmp(tag, ct + ct_len, 16));
		} else {
			const struct nettle_hash *h;
			struct aes256_ctx a;
			u8 ivc[16];
			u8 hctx[3][512] __attribute__((aligned(16)));
			size_t icv = p.i.icv_len;

			h = icv == 16 ? &nettle_sha256 :
			    icv == 24 ? &nettle_sha384 : &nettle_sha512;
			ASSERT_EQ(h->digest_size, p.keys.integ_len);
			hmac_set_key(hctx[0], hctx[1], hctx[2], h,
				     p.keys.integ_len, p.keys.sk_ai);
			hmac_update(hctx[2], h, len - icv, buf);
			hmac_digest(hctx[0], hctx[1], hctx[2], h,
				    h->digest_size, mac);
			EXPECT_EQ(0, memcmp(mac, buf + len - icv, icv));
			memcpy(ivc, iv, 16);
			if (klen == 16) {
				struct aes128_ctx a1;

				aes128_set_decrypt_key(&a1, p.keys.sk_ei);
				cbc_decrypt(&a1, (nettle_cipher_func *)aes128_decrypt, 16, ivc,
					    ct_len, ct, ct);
			} else if (klen == 24) {
				struct aes192_ctx a2;

				aes192_set_decrypt_key(&a2, p.keys.sk_ei);
				cbc_decrypt(&a2, (nettle_cipher_func *)aes192_decrypt, 16, ivc,
					    ct_len, ct, ct);
			} else {
				aes256_set_decrypt_key(&a, p.keys.sk_ei);
				cbc_decrypt(&a, (nettle_cipher_func *)aes256_decrypt, 16, ivc,
					    ct_len, ct, ct);
			}
		}
		/* Inner payloads, zero padding, Pad Length. */
		for (i = 0; i < 45; i++)
			ASSERT_EQ(pt_byte(i), ct[i]);
		EXPECT_EQ(ct_len - 46, ct[ct_len - 1]);
		for (i = 45; i < ct_len - 1; i++)
			EXPECT_EQ(0, ct[i]);
		sk_teardown(&p);
	}
	ops->free(buf);
}

TEST(sk_every_bit_flip_rejected)
{
	struct sk_pair p;
	size_t s, len, bit, off, plen;
	u8 *buf = ops->zalloc(256), *work = ops->zalloc(256);
	int err;

	ASSERT_NE(NULL, buf);
	ASSERT_NE(NULL, work);
	for (s = 0; s < ARRAY_SIZE(sk_suites); s++) {
		sk_setup(_metadata, &sk_suites[s], &p);
		len = sk_make(_metadata, &p.r, buf, 256, 23);
		for (bit = 0; bit < len * 8; bit++) {
			memcpy(work, buf, len);
			work[bit / 8] ^= (u8)(1 << (bit % 8));
			err = ike_sk_unprotect(&p.i, work, len, 28, &off, &plen);
			/* Length fields give -EINVAL, anything else -EBADMSG. */
			if (err != -EINVAL)
				ASSERT_EQ(-EBADMSG, err) {
					TH_LOG("suite %zu bit %zu", s, bit);
				}
		}
		memcpy(work, buf, len);
		EXPECT_EQ(0, ike_sk_unprotect(&p.i, work, len, 28, &off, &plen));
		sk_teardown(&p);
	}
	ops->free(buf);
	ops->free(work);
}

TEST(sk_truncated_at_every_length)
{
	struct sk_pair p;
	size_t s, len, cut, off, plen;
	u8 *buf = ops->zalloc(256), *work;
	int err;

	ASSERT_NE(NULL, buf);
	for (s = 0; s < ARRAY_SIZE(sk_suites); s++) {
		sk_setup(_metadata, &sk_suites[s], &p);
		len = sk_make(_metadata, &p.r, buf, 256, 33);
		for (cut = 0; cut < len; cut++) {
			/* Exactly sized copies so ASan sees any overread. */
			work = malloc(cut ? cut : 1);
			ASSERT_NE(NULL, work);
			memcpy(work, buf, cut);
			EXPECT_GT(0, ike_sk_unprotect(&p.i, work, cut, 28, &off,
						      &plen));
			/* Consistent length fields: reaches the size checks. */
			if (cut >= 32) {
				memcpy(work, buf, cut);
				put_unaligned_be32((u32)cut, work + 24);
				put_unaligned_be16((u16)(cut - 28), work + 30);
				err = ike_sk_unprotect(&p.i, work, cut, 28,
						       &off, &plen);
				if (err != -EINVAL)
					ASSERT_EQ(-EBADMSG, err);
			}
			free(work);
		}
		sk_teardown(&p);
	}
	ops->free(buf);
}

/*
 * Seal a message by hand with an arbitrary Pad Length byte @pad and
 * ciphertext length @ct_len, keyed as @tx sends: the ICV is right, only the
 * padding is what it is.
 */
static size_t sk_seal_raw(struct __test_metadata *_metadata,
			  struct ike_sk *tx, u8 *buf, size_t size,
			  size_t ct_len, u8 pad)
{
	int d = tx->initiator ? IKE_SK_I2R : IKE_SK_R2I;
	size_t pt = ike_sk_pt_off(tx, 28);
	size_t len = pt + ct_len + tx->icv_len;
	struct ike_iov iov = { buf, len - tx->icv_len };
	u8 mac[IKE_PRF_MAX_LEN];

	ASSERT_GE(size, len);
	sk_build(tx, buf, size, 28, ct_len);
	buf[pt + ct_len - 1] = pad;
	put_unaligned_be32((u32)len, buf + 24);
	put_unaligned_be16((u16)(len - 28), buf + 30);
	memset(buf + 32, 0x5a, tx->iv_len);
	if (tx->aead) {
		ASSERT_EQ(0, ops->aead_encrypt(tx->aead_tfm[d], buf + 32, buf,
					       32, buf + pt, ct_len));
	} else {
		ASSERT_EQ(0, ops->cbc_encrypt(tx->cbc_tfm[d], buf + 32,
					      buf + pt, ct_len));
		ASSERT_EQ(0, ops->prf_compute(tx->integ_tfm[d], &iov, 1, mac));
		memcpy(buf + len - tx->icv_len, mac, tx->icv_len);
	}
	return len;
}

TEST(sk_padding)
{
	struct sk_pair p;
	size_t s, len, off, plen;
	u8 *buf = ops->zalloc(256);

	ASSERT_NE(NULL, buf);
	for (s = 0; s < ARRAY_SIZE(sk_suites); s++) {
		sk_setup(_metadata, &sk_suites[s], &p);
		/* Pad Length pointing before the ciphertext: refused. */
		len = sk_seal_raw(_metadata, &p.i, buf, 256, 32, 32);
		EXPECT_EQ(-EBADMSG, ike_sk_unprotect(&p.r, buf, len, 28, &off,
						     &plen));
		len = sk_seal_raw(_metadata, &p.i, buf, 256, 32, 255);
		EXPECT_EQ(-EBADMSG, ike_sk_unprotect(&p.r, buf, len, 28, &off,
						     &plen));
		/* All padding (31 + 1 bytes): valid, empty payload. */
		len = sk_seal_raw(_metadata, &p.i, buf, 256, 32, 31);
		EXPECT_EQ(0, ike_sk_unprotect(&p.r, buf, len, 28, &off, &plen));
		EXPECT_EQ(0, plen);
		/* More than minimal padding must be accepted (3.14). */
		len = sk_seal_raw(_metadata, &p.i, buf, 256, 48, 20);
		EXPECT_EQ(0, ike_sk_unprotect(&p.r, buf, len, 28, &off, &plen));
		EXPECT_EQ(48 - 21, plen);
		sk_teardown(&p);
	}
	ops->free(buf);
}

TEST(sk_length_checks)
{
	struct sk_pair p;
	size_t len, off, plen, need;
	u8 *buf = ops->zalloc(256);

	ASSERT_NE(NULL, buf);
	/* CBC: ciphertext not whole blocks, lengths otherwise consistent. */
	sk_setup(_metadata, &sk_suites[4], &p);
	len = sk_seal_raw(_metadata, &p.i, buf, 256, 32, 0);
	put_unaligned_be32((u32)len - 1, buf + 24);
	put_unaligned_be16((u16)(len - 1 - 28), buf + 30);
	EXPECT_EQ(-EINVAL, ike_sk_unprotect(&p.r, buf, len - 1, 28, &off,
					    &plen));
	/* Header Length disagreeing with the datagram. */
	len = sk_make(_metadata, &p.i, buf, 256, 10);
	put_unaligned_be32((u32)len + 1, buf + 24);
	EXPECT_EQ(-EINVAL, ike_sk_unprotect(&p.r, buf, len, 28, &off, &plen));
	/* SK not the last payload. */
	len = sk_make(_metadata, &p.i, buf, 256, 10);
	put_unaligned_be16((u16)(len - 28 - 4), buf + 30);
	EXPECT_EQ(-EINVAL, ike_sk_unprotect(&p.r, buf, len, 28, &off, &plen));
	/* SK header beyond the message / inside the IKE header. */
	len = sk_make(_metadata, &p.i, buf, 256, 10);
	EXPECT_EQ(-EINVAL, ike_sk_unprotect(&p.r, buf, len, len, &off, &plen));
	EXPECT_EQ(-EINVAL, ike_sk_unprotect(&p.r, buf, len, len + 9, &off,
					    &plen));
	EXPECT_EQ(-EINVAL, ike_sk_unprotect(&p.r, buf, len, 27, &off, &plen));
	/* Buffer too small to protect; pt_len too large for an SK payload. */
	need = ike_sk_msg_len(&p.i, 28, 10);
	sk_build(&p.i, buf, 256, 28, 10);
	EXPECT_EQ(-ENOSPC, ike_sk_protect(&p.i, buf, need - 1, 28, 10, &len));
	EXPECT_EQ(-EMSGSIZE, ike_sk_protect(&p.i, buf, 256, 28, 70000, &len));
	EXPECT_EQ(-EMSGSIZE, ike_sk_protect(&p.i, buf, 256, 28, 65535, &len));
	EXPECT_EQ(-EINVAL, ike_sk_protect(&p.i, buf, 256, 20, 10, &len));
	sk_teardown(&p);
	ops->free(buf);
}

TEST(sk_init_errors)
{
	struct ike_suite s = { IKE_ALG_ENCR_AES_CBC, 128, T_SHA256,
			       IKE_ALG_PRF_HMAC_SHA2_256 };
	struct ike_sa_keys keys = { 0 };
	struct ike_sk sk;
	long live = ike_ops_nettle_live();

	keys.encr_len = 16;
	keys.integ_len = 32;
	EXPECT_EQ(0, ike_sk_init(&sk, ops, &s, &keys, true));
	ike_sk_destroy(&sk);
	ike_sk_destroy(&sk);		/* idempotent */
	keys.integ_len = 48;		/* keys derived for another suite */
	EXPECT_EQ(-EINVAL, ike_sk_init(&sk, ops, &s, &keys, true));
	s.integ = 0;
	EXPECT_EQ(-EINVAL, ike_sk_init(&sk, ops, &s, &keys, true));
	EXPECT_EQ(live, ike_ops_nettle_live());
	/* A destroyed or never-initialised context refuses work. */
	EXPECT_EQ(-EINVAL, ike_sk_unprotect(&sk, (u8 *)&keys, 64, 28, NULL,
					    NULL));
}

/* Allocation failure at every point of ike_sk_init(): clean failure. */
TEST(sk_init_alloc_failure)
{
	struct ike_sa_keys keys = { 0 };
	struct ike_sk sk;
	long live = ike_ops_nettle_live();
	size_t s;
	int n, err = -1;

	for (s = 0; s < ARRAY_SIZE(sk_suites); s++) {
		const struct ike_suite *su = &sk_suites[s];

		keys.encr_len = ike_encr_key_len(su->encr, su->encr_keybits);
		keys.integ_len = ike_integ_key_len(su->integ);
		for (n = 0; n < 8; n++) {
			ike_ops_nettle_fail_after(n);
			err = ike_sk_init(&sk, ops, su, &keys, false);
			ike_ops_nettle_fail_after(-1);
			if (!err)
				break;
			EXPECT_EQ(-ENOMEM, err);
			EXPECT_EQ(live, ike_ops_nettle_live());
		}
		ASSERT_EQ(0, err);
		/* Each handle was one allocation: 2 for AEAD, 4 for CBC. */
		EXPECT_EQ(ike_encr_is_aead(su->encr) ? 2 : 4, n);
		ike_sk_destroy(&sk);
		EXPECT_EQ(live, ike_ops_nettle_live());
	}
}

TEST_HARNESS_MAIN
