/* test-claim-queue.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vitrine-claim-queue.h"

/* Helpers */

#define BASE_UNIX 1795377600  /* 2026-11-22T20:00:00Z */

static GDateTime *
at_ms (gint64 ms)
{
  g_autoptr(GDateTime) base = g_date_time_new_from_unix_utc (BASE_UNIX);

  return g_date_time_add (base, ms * 1000);
}

static VitrineFeedItem *
chat (const char *platform,
      const char *id,
      const char *author_id,
      const char *author,
      const char *text,
      gint64      ms)
{
  g_autoptr(GDateTime) time = at_ms (ms);

  return vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, platform, id, author_id, author,
                                     text, time);
}

/* Appends a chat message to @feed; returns it (transfer none, the feed holds it). */
static VitrineFeedItem *
say (VitrineFeed *feed,
     const char  *platform,
     const char  *author_id,
     const char  *author,
     const char  *text,
     gint64       ms)
{
  static guint n;
  g_autofree char *id = g_strdup_printf ("m%u", ++n);
  g_autoptr(VitrineFeedItem) item = chat (platform, id, author_id, author, text, ms);

  vitrine_feed_append (feed, item);
  return item;
}

static VitrineProduct *
add_product (VitrineCatalog *catalog,
             const char     *id,
             const char     *code,
             gint64          stock)
{
  g_autoptr(VitrineProduct) product = vitrine_product_new (id, code, NULL);
  g_autoptr(GError) error = NULL;

  vitrine_product_set_stock (product, stock);
  g_assert_true (vitrine_catalog_add (catalog, product, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&product);
}

static VitrineClaim *
claim_at (GListModel *model,
          guint       position)
{
  g_autoptr(VitrineClaim) claim = g_list_model_get_item (model, position);

  g_assert_nonnull (claim);
  return claim;  /* the model keeps it */
}

static guint
count_kind (VitrineFeed         *feed,
            VitrineFeedItemKind  kind)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (feed));
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineFeedItem) item = g_list_model_get_item (G_LIST_MODEL (feed), i);

      count += vitrine_feed_item_get_kind (item) == kind;
    }
  return count;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @code has @n confirmed claims (or 5 s pass). */
static void
wait_confirmed (VitrineClaimQueue *queue,
                const char        *code,
                guint              n)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, timeout_cb, &timed_out);

  while (vitrine_claim_queue_count (queue, code, VITRINE_CLAIM_CONFIRMED) < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

typedef struct
{
  guint            count;
  VitrineClaim    *claim;
  VitrineFeedItem *message;
} Duplicates;

static void
duplicate_cb (VitrineClaimQueue *queue,
              VitrineClaim      *claim,
              VitrineFeedItem   *message,
              Duplicates        *dups)
{
  dups->count++;
  dups->claim = claim;
  dups->message = message;
}

/* Tests */

static void
test_basic (void)
{
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autoptr(VitrineClaimQueue) queue = NULL;
  g_autoptr(VitrineProduct) product = add_product (catalog, "tee", "A12", 2);
  g_autoptr(VitrineFeedItem) order = NULL;
  g_autoptr(VitrineFeedItem) last = NULL;
  VitrineFeedItem *message;
  GListModel *claims;
  VitrineClaim *claim;
  g_autofree char *summary = NULL;

  queue = vitrine_claim_queue_new (feed, catalog);
  vitrine_claim_queue_set_grace (queue, 0);
  g_assert_cmpint (vitrine_claim_queue_get_mode (queue), ==, VITRINE_CLAIM_MODE_AUTO);
  claims = vitrine_claim_queue_get_product_claims (queue, "a12");
  g_assert_nonnull (claims);
  g_assert_null (vitrine_claim_queue_get_product_claims (queue, "Z99"));
  g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 0);

  say (feed, "twitch", "1", "ana", "hello!", 0);
  message = say (feed, "twitch", "2", "bo", "SOLD A12 🙌", 1000);
  /* An order or a claim item saying the words is no claim. */
  order = vitrine_feed_item_new (VITRINE_FEED_ITEM_ORDER, "shopify", "cy", "sold a12", NULL);
  vitrine_feed_append (feed, order);

  g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 1);
  claim = claim_at (claims, 0);
  g_assert_true (vitrine_claim_get_message (claim) == message);
  g_assert_cmpint (vitrine_claim_get_state (claim), ==, VITRINE_CLAIM_CONFIRMED);
  g_assert_cmpstr (vitrine_claim_get_code (claim), ==, "A12");
  g_assert_cmpuint (vitrine_claim_get_quantity (claim), ==, 1);
  g_assert_null (vitrine_claim_get_variant (claim));
  g_assert_cmpstr (vitrine_claim_get_platform (claim), ==, "twitch");
  g_assert_cmpstr (vitrine_claim_get_author (claim), ==, "bo");
  g_assert_cmpstr (vitrine_claim_get_author_id (claim), ==, "2");
  g_assert_cmpstr (vitrine_claim_get_text (claim), ==, "SOLD A12 🙌");
  summary = vitrine_claim_dup_summary (claim);
  g_assert_cmpstr (summary, ==, "A12 × 1");

  /* The feed: the message, its claim item right after it, then the order. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 4);
  last = g_list_model_get_item (G_LIST_MODEL (feed), 2);
  g_assert_true (vitrine_claim_get_feed_item (claim) == last);
  g_assert_cmpint (vitrine_feed_item_get_kind (last), ==, VITRINE_FEED_ITEM_CLAIM);
  g_assert_cmpstr (vitrine_feed_item_get_platform (last), ==, "twitch");
  g_assert_cmpstr (vitrine_feed_item_get_author (last), ==, "bo");
  g_assert_cmpstr (vitrine_feed_item_get_author_id (last), ==, "2");
  g_assert_cmpstr (vitrine_feed_item_get_text (last), ==, "SOLD A12 🙌");
  g_assert_cmpstr (vitrine_feed_item_get_detail (last), ==, "A12 × 1");
  g_assert_true (g_date_time_equal (vitrine_feed_item_get_time (last),
                                    vitrine_feed_item_get_time (message)));

  /* Two more than the one unit left: waitlisted; a later single fits. */
  say (feed, "youtube", "UC3", "cy", "sold a12 x2", 2000);
  say (feed, "facebook", "4", "di", "+1 A12", 3000);
  g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 3);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 1)), ==, VITRINE_CLAIM_WAITLISTED);
  g_assert_cmpuint (vitrine_claim_get_quantity (claim_at (claims, 1)), ==, 2);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 2)), ==, VITRINE_CLAIM_CONFIRMED);
  claim = claim_at (claims, 1);
  g_assert_cmpstr (vitrine_feed_item_get_detail (vitrine_claim_get_feed_item (claim)), ==,
                   "A12 × 2");
  g_assert_cmpuint (count_kind (feed, VITRINE_FEED_ITEM_CLAIM), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_claim_queue_get_claims (queue)), ==, 3);
  g_assert_cmpuint (vitrine_claim_queue_count (queue, NULL, VITRINE_CLAIM_CONFIRMED), ==, 2);
  g_assert_cmpuint (vitrine_claim_queue_count (queue, "A12", VITRINE_CLAIM_WAITLISTED), ==, 1);
  g_assert_cmpuint (vitrine_claim_queue_count (queue, "B7", VITRINE_CLAIM_WAITLISTED), ==, 0);

  /* The stock is only read: orders lower it, not claims. */
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 2);
}

static void
test_platform_time_order (void)
{
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autoptr(VitrineClaimQueue) queue = vitrine_claim_queue_new (feed, catalog);
  g_autoptr(VitrineProduct) product = add_product (catalog, "tee", "A12", 1);
  VitrineFeedItem *first, *second, *late;
  GListModel *claims = vitrine_claim_queue_get_product_claims (queue, "A12");

  vitrine_claim_queue_set_grace (queue, 100);

  /* Twitch delivers at once; YouTube, polled, delivers an earlier claim later. */
  second = say (feed, "twitch", "t1", "tw", "sold a12", 10000);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 0)), ==, VITRINE_CLAIM_PENDING);
  first = say (feed, "youtube", "y1", "yt", "sold a12", 5000);

  g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 2);
  g_assert_true (vitrine_claim_get_message (claim_at (claims, 0)) == first);
  g_assert_true (vitrine_claim_get_message (claim_at (claims, 1)) == second);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 0)), ==, VITRINE_CLAIM_PENDING);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 1)), ==, VITRINE_CLAIM_WAITLISTED);

  wait_confirmed (queue, "A12", 1);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 0)), ==, VITRINE_CLAIM_CONFIRMED);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 1)), ==, VITRINE_CLAIM_WAITLISTED);

  /* After the grace period, a confirmed claim is never taken back: an even
   * earlier claim that arrives now goes first in the list, but waits. */
  late = say (feed, "facebook", "f1", "fb", "sold a12", 1000);
  g_assert_true (vitrine_claim_get_message (claim_at (claims, 0)) == late);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 0)), ==, VITRINE_CLAIM_WAITLISTED);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 1)), ==, VITRINE_CLAIM_CONFIRMED);

  /* Equal platform times keep the order of arrival. */
  vitrine_product_set_stock (product, 10);
  say (feed, "facebook", "f2", "fb2", "sold a12", 20000);
  say (feed, "twitch", "t2", "tw2", "sold a12", 20000);
  g_assert_cmpstr (vitrine_claim_get_author (claim_at (claims, 3)), ==, "fb2");
  g_assert_cmpstr (vitrine_claim_get_author (claim_at (claims, 4)), ==, "tw2");
}

static void
test_duplicates (void)
{
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autoptr(VitrineClaimQueue) queue = vitrine_claim_queue_new (feed, catalog);
  g_autoptr(VitrineProduct) a12 = add_product (catalog, "tee", "A12", 10);
  g_autoptr(VitrineProduct) b7 = add_product (catalog, "mug", "B7", 10);
  g_autoptr(VitrineFeedItem) anonymous = NULL;
  g_autoptr(VitrineFeedItem) banned = NULL;
  GListModel *claims = vitrine_claim_queue_get_product_claims (queue, "A12");
  Duplicates dups = { 0, };
  VitrineFeedItem *first, *again, *early;
  VitrineClaim *claim;

  vitrine_claim_queue_set_mode (queue, VITRINE_CLAIM_MODE_MANUAL);
  g_signal_connect (queue, "duplicate", G_CALLBACK (duplicate_cb), &dups);

  first = say (feed, "twitch", "42", "alex", "sold a12", 1000);
  again = say (feed, "twitch", "42", "alex (new name)", "SOLD A12 x2", 2000);
  g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 1);
  g_assert_cmpuint (dups.count, ==, 1);
  g_assert_true (dups.message == again);
  g_assert_true (vitrine_claim_get_message (dups.claim) == first);
  g_assert_cmpuint (vitrine_claim_get_quantity (dups.claim), ==, 1);

  /* The same id or name on other platforms: other people. */
  say (feed, "facebook", "42", "alex", "sold a12", 1500);
  say (feed, "youtube", "UCalex", "alex", "sold a12", 1600);
  g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 3);
  /* The same person, another product: another claim. */
  say (feed, "twitch", "42", "alex", "sold b7", 1700);
  g_assert_cmpuint (vitrine_claim_queue_count (queue, "B7", VITRINE_CLAIM_PENDING), ==, 1);
  g_assert_cmpuint (dups.count, ==, 1);

  /* A viewer's second message arrives first (it was late); the earlier one
   * takes the claim over, the later is the duplicate. */
  say (feed, "youtube", "UCbo", "bo", "quiero a12 x3", 9000);
  claim = claim_at (claims, 3);
  g_assert_cmpuint (vitrine_claim_get_quantity (claim), ==, 3);
  early = say (feed, "youtube", "UCbo", "bo", "sold a12", 800);
  g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 4);
  g_assert_cmpuint (dups.count, ==, 2);
  g_assert_true (dups.claim == claim);
  g_assert_cmpstr (vitrine_feed_item_get_text (dups.message), ==, "quiero a12 x3");
  g_assert_true (vitrine_claim_get_message (claim) == early);
  g_assert_cmpuint (vitrine_claim_get_quantity (claim), ==, 1);
  g_assert_true (claim_at (claims, 0) == claim);
  g_assert_cmpstr (vitrine_feed_item_get_detail (vitrine_claim_get_feed_item (claim)), ==,
                   "A12 × 1");

  /* Once confirmed, an earlier duplicate changes nothing. */
  g_assert_true (vitrine_claim_queue_confirm (queue, claim));
  say (feed, "youtube", "UCbo", "bo", "sold a12 x2", 100);
  g_assert_cmpuint (dups.count, ==, 3);
  g_assert_true (vitrine_claim_get_message (claim) == early);

  /* Without an id, the display name tells viewers apart; without either,
   * nobody can be sold to. */
  say (feed, "facebook", NULL, "Dee", "sold a12", 3000);
  say (feed, "facebook", NULL, "Dee", "sold a12", 3100);
  g_assert_cmpuint (dups.count, ==, 4);
  say (feed, "facebook", NULL, NULL, "sold a12", 3200);
  g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 5);

  /* Hidden, banned or deleted messages are no claims. */
  anonymous = chat ("twitch", "x1", "77", "eve", "sold a12", 4000);
  vitrine_feed_ban (feed, "twitch", "77");
  vitrine_feed_append (feed, anonymous);
  g_assert_cmpint (vitrine_feed_item_get_visibility (anonymous), ==, VITRINE_FEED_ITEM_BANNED);
  banned = chat ("twitch", "x2", "78", "fay", "sold a12", 4000);
  vitrine_feed_item_set_visibility (banned, VITRINE_FEED_ITEM_HIDDEN);
  g_assert_null (vitrine_claim_queue_submit (queue, banned));
  g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 5);

  /* No duplicate (platform, author) in the queue. */
  for (guint i = 0; i < g_list_model_get_n_items (claims); i++)
    for (guint j = i + 1; j < g_list_model_get_n_items (claims); j++)
      {
        VitrineClaim *x = claim_at (claims, i), *y = claim_at (claims, j);

        g_assert_false (g_strcmp0 (vitrine_claim_get_platform (x),
                                   vitrine_claim_get_platform (y)) == 0 &&
                        g_strcmp0 (vitrine_claim_get_author_id (x),
                                   vitrine_claim_get_author_id (y)) == 0 &&
                        g_strcmp0 (vitrine_claim_get_author (x),
                                   vitrine_claim_get_author (y)) == 0);
      }
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_manual (void)
{
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autoptr(VitrineClaimQueue) queue = vitrine_claim_queue_new (feed, catalog);
  g_autoptr(VitrineProduct) product = add_product (catalog, "tee", "A12", 2);
  GListModel *claims = vitrine_claim_queue_get_product_claims (queue, "A12");
  VitrineClaim *a, *b, *c;
  guint notified = 0;

  vitrine_claim_queue_set_mode (queue, VITRINE_CLAIM_MODE_MANUAL);
  vitrine_claim_queue_set_grace (queue, 0);
  say (feed, "twitch", "1", "a", "sold a12", 1000);
  say (feed, "twitch", "2", "b", "sold a12", 2000);
  say (feed, "twitch", "3", "c", "sold a12", 3000);
  a = claim_at (claims, 0);
  b = claim_at (claims, 1);
  c = claim_at (claims, 2);
  g_signal_connect_swapped (c, "notify::state", G_CALLBACK (count_cb), &notified);

  /* Manual mode: nothing is confirmed by waiting. */
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (vitrine_claim_get_state (a), ==, VITRINE_CLAIM_PENDING);
  g_assert_cmpint (vitrine_claim_get_state (b), ==, VITRINE_CLAIM_PENDING);
  g_assert_cmpint (vitrine_claim_get_state (c), ==, VITRINE_CLAIM_WAITLISTED);

  g_assert_true (vitrine_claim_queue_confirm (queue, a));
  g_assert_cmpint (vitrine_claim_get_state (a), ==, VITRINE_CLAIM_CONFIRMED);
  g_assert_false (vitrine_claim_queue_confirm (queue, a));
  g_assert_false (vitrine_claim_queue_confirm (queue, c));
  g_assert_cmpuint (notified, ==, 0);

  /* Rejecting a confirmed claim frees its unit for the waitlist. */
  g_assert_true (vitrine_claim_queue_reject (queue, a));
  g_assert_cmpint (vitrine_claim_get_state (a), ==, VITRINE_CLAIM_REJECTED);
  g_assert_cmpint (vitrine_claim_get_state (c), ==, VITRINE_CLAIM_PENDING);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_false (vitrine_claim_queue_reject (queue, a));
  g_assert_false (vitrine_claim_queue_confirm (queue, a));

  /* A rejected viewer's new message is still a duplicate. */
  say (feed, "twitch", "1", "a", "sold a12 please", 4000);
  g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 3);

  /* Back to automatic with no grace: the pending claims are confirmed. */
  vitrine_claim_queue_set_mode (queue, VITRINE_CLAIM_MODE_AUTO);
  g_assert_cmpint (vitrine_claim_get_state (b), ==, VITRINE_CLAIM_CONFIRMED);
  g_assert_cmpint (vitrine_claim_get_state (c), ==, VITRINE_CLAIM_CONFIRMED);
}

static void
reject_when_pending_cb (VitrineClaim      *claim,
                        GParamSpec        *pspec,
                        VitrineClaimQueue *queue)
{
  if (vitrine_claim_get_state (claim) == VITRINE_CLAIM_PENDING)
    g_assert_true (vitrine_claim_queue_reject (queue, claim));
}

/* The host's code reacting to a state change by rejecting: the queue ends
 * in the state of the last decision, not an older one. */
static void
test_reentrant (void)
{
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autoptr(VitrineClaimQueue) queue = vitrine_claim_queue_new (feed, catalog);
  g_autoptr(VitrineProduct) product = add_product (catalog, "tee", "A12", 1);
  GListModel *claims = vitrine_claim_queue_get_product_claims (queue, "A12");
  VitrineClaim *a, *b, *c;

  vitrine_claim_queue_set_mode (queue, VITRINE_CLAIM_MODE_MANUAL);
  say (feed, "twitch", "1", "a", "sold a12", 1000);
  say (feed, "twitch", "2", "b", "sold a12", 2000);
  say (feed, "twitch", "3", "c", "sold a12", 3000);
  a = claim_at (claims, 0);
  b = claim_at (claims, 1);
  c = claim_at (claims, 2);
  g_signal_connect (b, "notify::state", G_CALLBACK (reject_when_pending_cb), queue);

  g_assert_true (vitrine_claim_queue_reject (queue, a));
  g_assert_cmpint (vitrine_claim_get_state (a), ==, VITRINE_CLAIM_REJECTED);
  g_assert_cmpint (vitrine_claim_get_state (b), ==, VITRINE_CLAIM_REJECTED);
  g_assert_cmpint (vitrine_claim_get_state (c), ==, VITRINE_CLAIM_PENDING);
}

static void
add_variant (VitrineProduct *product,
             const char     *sku,
             const char     *size,
             gint64          stock)
{
  g_autoptr(VitrineProductVariant) variant = vitrine_product_variant_new (sku, sku);
  const char *options[] = { size, NULL };

  vitrine_product_variant_set_title (variant, size);
  vitrine_product_variant_set_options (variant, options);
  vitrine_product_variant_set_stock (variant, stock);
  vitrine_product_add_variant (product, variant);
}

static void
test_variants (void)
{
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autoptr(VitrineClaimQueue) queue = vitrine_claim_queue_new (feed, catalog);
  g_autoptr(VitrineProduct) product = vitrine_product_new ("tee", "A12", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineProductVariant) large = NULL;
  VitrineFeedItem *shown;
  GListModel *claims;

  add_variant (product, "tee-s", "S", 1);
  add_variant (product, "tee-m", "M", 2);
  add_variant (product, "tee-l", "L", 0);
  g_assert_true (vitrine_catalog_add (catalog, product, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 3);
  large = g_list_model_get_item (vitrine_product_get_variants (product), 2);

  vitrine_claim_queue_set_grace (queue, 0);
  claims = vitrine_claim_queue_get_product_claims (queue, "A12");
  say (feed, "twitch", "1", "a", "sold a12 m", 1000);
  say (feed, "twitch", "2", "b", "SOLD A12 Ｍ", 2000);
  say (feed, "twitch", "3", "c", "sold a12 m", 3000);
  say (feed, "twitch", "4", "d", "sold a12 l", 4000);
  say (feed, "twitch", "5", "e", "sold a12 s", 5000);
  say (feed, "twitch", "6", "f", "sold a12", 6000);

  g_assert_cmpstr (vitrine_claim_get_variant (claim_at (claims, 0)), ==, "M");
  shown = vitrine_claim_get_feed_item (claim_at (claims, 0));
  g_assert_cmpstr (vitrine_feed_item_get_detail (shown), ==, "A12 × 1 (M)");
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 0)), ==, VITRINE_CLAIM_CONFIRMED);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 1)), ==, VITRINE_CLAIM_CONFIRMED);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 2)), ==, VITRINE_CLAIM_WAITLISTED);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 3)), ==, VITRINE_CLAIM_WAITLISTED);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 4)), ==, VITRINE_CLAIM_CONFIRMED);
  /* No variant named: the product's stock (3) is all claimed. */
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 5)), ==, VITRINE_CLAIM_WAITLISTED);

  /* One L comes back: the L claim, earlier than the one without a size,
   * gets it. */
  vitrine_product_variant_set_stock (large, 1);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 3)), ==, VITRINE_CLAIM_CONFIRMED);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 5)), ==, VITRINE_CLAIM_WAITLISTED);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 2)), ==, VITRINE_CLAIM_WAITLISTED);
}

static void
test_stock_changes (void)
{
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autoptr(VitrineClaimQueue) queue = vitrine_claim_queue_new (feed, catalog);
  g_autoptr(VitrineProduct) product = add_product (catalog, "mug", "B7", 1);
  g_autoptr(VitrineProduct) restocked = vitrine_product_new ("mug", "B7", NULL);
  g_autoptr(GError) error = NULL;
  GListModel *claims = vitrine_claim_queue_get_product_claims (queue, "b7");

  vitrine_claim_queue_set_grace (queue, 0);
  say (feed, "twitch", "1", "a", "mine b7", 1000);
  say (feed, "twitch", "2", "b", "mine b7", 2000);
  say (feed, "twitch", "3", "c", "mine b7", 3000);
  g_assert_cmpuint (vitrine_claim_queue_count (queue, "B7", VITRINE_CLAIM_CONFIRMED), ==, 1);

  vitrine_product_set_stock (product, 2);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 1)), ==, VITRINE_CLAIM_CONFIRMED);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 2)), ==, VITRINE_CLAIM_WAITLISTED);

  /* Less stock never takes a confirmed claim back. */
  vitrine_product_set_stock (product, 0);
  g_assert_cmpuint (vitrine_claim_queue_count (queue, "B7", VITRINE_CLAIM_CONFIRMED), ==, 2);

  /* The catalog replaces the product (a new sync): its stock counts. */
  vitrine_product_set_stock (restocked, -1);
  g_assert_true (vitrine_catalog_replace (catalog, product, restocked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 2)), ==, VITRINE_CLAIM_CONFIRMED);

  /* A product that left the catalog gives no new units. */
  vitrine_catalog_remove (catalog, restocked);
  say (feed, "twitch", "4", "d", "mine b7", 4000);
  g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 3);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_csv (void)
{
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autoptr(VitrineClaimQueue) queue = vitrine_claim_queue_new (feed, catalog);
  g_autoptr(VitrineProduct) product = add_product (catalog, "tee", "A12", 2);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) nowhere = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *written = NULL;
  const char *expected =
    "platform,author,author_id,text,code,quantity,variant,state,time\r\n"
    "twitch,ana,1,sold a12,A12,1,,confirmed,2026-11-22T20:00:01Z\r\n"
    "youtube,\"'=HYPERLINK(\"\"http://x\"\")\",UC2,\"sold a12 x2, \"\"please\"\"\",A12,2,,"
      "waitlisted,2026-11-22T20:00:02.500000Z\r\n"
    "facebook,'@bo,'-3,'+1 A12,A12,1,,confirmed,2026-11-22T20:00:03Z\r\n"
    "facebook,'@bo,'-3,'+1 C3 m,C3,1,M,confirmed,2026-11-22T20:00:03Z\r\n"
    "twitch,multi line,4,'-sold a12,A12,1,,waitlisted,2026-11-22T20:00:04Z\r\n";

  {
    g_autoptr(VitrineProduct) shirt = vitrine_product_new ("shirt", "C3", NULL);
    g_autoptr(VitrineProductVariant) medium = vitrine_product_variant_new ("c3-m", "c3-m");
    const char *options[] = { "M", NULL };

    vitrine_product_variant_set_title (medium, "M");
    vitrine_product_variant_set_options (medium, options);
    vitrine_product_add_variant (shirt, medium);
    g_assert_true (vitrine_catalog_add (catalog, shirt, &error));
    g_assert_no_error (error);
  }

  vitrine_claim_queue_set_grace (queue, 0);
  say (feed, "twitch", "1", "ana", "sold a12", 1000);
  say (feed, "youtube", "UC2", "=HYPERLINK(\"http://x\")", "sold a12 x2, \"please\"", 2500);
  say (feed, "facebook", "-3", "@bo", "+1 A12", 3000);
  say (feed, "facebook", "-3", "@bo", "+1 C3 m", 3000);
  say (feed, "twitch", "4", "multi\nline", "-sold a12", 4000);

  /* All products' claims in platform-time order; formulas neutralised,
   * quotes and commas quoted. */
  csv = vitrine_claim_queue_to_csv (queue);
  g_assert_cmpstr (csv, ==, expected);

  /* Written without blocking. */
  dir = g_dir_make_tmp ("vitrine-claims-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "claims.csv", NULL);
  file = g_file_new_for_path (path);
  vitrine_claim_queue_export_csv_async (queue, file, NULL, export_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (vitrine_claim_queue_export_csv_finish (queue, result, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &written, NULL, &error));
  g_assert_cmpstr (written, ==, csv);
  g_clear_object (&result);

  nowhere = g_file_get_child (file, "not-a-dir.csv");
  vitrine_claim_queue_export_csv_async (queue, nowhere, NULL, export_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (vitrine_claim_queue_export_csv_finish (queue, result, &error));
  g_assert_nonnull (error);

  g_remove (path);
  g_rmdir (dir);
}

/* The storm (acceptance 4) */

typedef struct
{
  VitrineFeedItem *item;
  gint64           ms;        /* platform time */
  gint64           arrival;   /* when it reaches the studio, ms */
  guint            delivered; /* its place in the delivery order */
  gboolean         a12;       /* a claim for A12 */
  gboolean         dup;       /* a viewer's second claim */
} StormMessage;

static int
by_arrival (gconstpointer a,
            gconstpointer b)
{
  const StormMessage *x = *(StormMessage **) a;
  const StormMessage *y = *(StormMessage **) b;

  return x->arrival < y->arrival ? -1 : x->arrival > y->arrival;
}

static int
by_platform_time (gconstpointer a,
                  gconstpointer b)
{
  const StormMessage *x = *(StormMessage **) a;
  const StormMessage *y = *(StormMessage **) b;

  if (x->ms != y->ms)
    return x->ms < y->ms ? -1 : 1;
  return x->delivered < y->delivered ? -1 : x->delivered > y->delivered;
}

static void
test_storm (void)
{
  static const char *platforms[] = { "twitch", "youtube", "facebook" };
  static const char *claim_texts[] = {
    "SOLD A12", "sold a12 🙌", "+1 A12", "A12 +1", "ＳＯＬＤ　Ａ１２", "quiero a12",
    "我要A12", "mine a12!!", "Sold A12 please", "ليلى: sold A12",
  };
  static const char *chatter[] = {
    "hello from Lyon!", "SOLD OUT?", "is a12 still available", "sold z99", "love it 😍",
    "what size is the model wearing", "<b>bold</b> & <i>it</i>", "\xe2\x80\xae" "desrever",
    "+1", "A12 looks great", "how much is shipping to 🇧🇪", "sold my old one lol",
  };
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (5000);
  g_autoptr(VitrineClaimQueue) queue = vitrine_claim_queue_new (feed, catalog);
  g_autoptr(VitrineProduct) a12 = add_product (catalog, "tee", "A12", 10);
  g_autoptr(VitrineProduct) b7 = add_product (catalog, "mug", "B7", 3);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) delivery = g_ptr_array_new ();
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autoptr(GHashTable) earliest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *claims = vitrine_claim_queue_get_product_claims (queue, "A12");
  Duplicates dups = { 0, };
  guint inversions = 0, late = 0, n_a12 = 0, n_dups = 0, n_b7 = 0;
  gint64 start, delivered_us, settled_us;
  gboolean within_grace;

  g_signal_connect (queue, "duplicate", G_CALLBACK (duplicate_cb), &dups);
  /* Every message arrives within the grace period (the burst takes a few
   * ms; a second leaves room for slow machines and valgrind). */
  vitrine_claim_queue_set_grace (queue, 1000);

  /* 50 viewers claim A12: among them "alex" on Twitch and on YouTube, and
   * user id 42 on Twitch and on Facebook — four different people. */
  for (guint i = 0; i < 50; i++)
    {
      StormMessage *m = g_new0 (StormMessage, 1);
      const char *platform = platforms[i % 3];
      g_autofree char *author_id = NULL;
      g_autofree char *author = NULL;

      if (i == 0 || i == 1)
        {
          platform = i == 0 ? "twitch" : "youtube";
          author_id = g_strdup (i == 0 ? "1001" : "UCalex");
          author = g_strdup ("alex");
        }
      else if (i == 3 || i == 5)
        {
          platform = i == 3 ? "twitch" : "facebook";
          author_id = g_strdup ("42");
          author = g_strdup_printf ("viewer%u", i);
        }
      else
        {
          author_id = g_strdup_printf ("%s-%u", platform, i);
          author = g_strdup_printf ("viewer%u", i);
        }

      m->ms = g_rand_int_range (rand, 0, 120000);
      m->a12 = TRUE;
      m->item = chat (platform, NULL, author_id, author,
                      claim_texts[i % G_N_ELEMENTS (claim_texts)], 0);
      g_ptr_array_add (messages, m);

      /* Eight of them claim twice, some asking for more the second time. */
      if (i % 6 == 2)
        {
          StormMessage *again = g_new0 (StormMessage, 1);

          again->ms = m->ms + g_rand_int_range (rand, 1, 20000);
          again->a12 = TRUE;
          again->dup = TRUE;
          again->item = chat (platform, NULL, author_id, author, "SOLD A12 x2", 0);
          g_ptr_array_add (messages, again);
          n_dups++;
        }
    }

  /* Six viewers claim B7 (stock 3), the rest is chatter. */
  for (guint i = 0; i < 6; i++)
    {
      StormMessage *m = g_new0 (StormMessage, 1);
      g_autofree char *author_id = g_strdup_printf ("b7-%u", i);

      m->ms = g_rand_int_range (rand, 0, 120000);
      m->item = chat (platforms[i % 3], NULL, author_id, author_id, "sold b7", 0);
      g_ptr_array_add (messages, m);
      n_b7++;
    }
  while (messages->len < 1000)
    {
      StormMessage *m = g_new0 (StormMessage, 1);
      guint i = messages->len;
      g_autofree char *author_id = g_strdup_printf ("chat-%u", i % 300);
      const char *text = chatter[g_rand_int_range (rand, 0, G_N_ELEMENTS (chatter))];

      m->ms = g_rand_int_range (rand, 0, 120000);
      m->item = chat (platforms[i % 3], NULL, author_id, author_id, text, 0);
      g_ptr_array_add (messages, m);
    }
  g_assert_cmpuint (messages->len, ==, 1000);
  g_assert_cmpuint (n_dups, ==, 8);

  /* Platform times with each platform's resolution (Facebook: seconds), and
   * arrival times with each platform's delay: Twitch pushes within a few
   * hundred ms, YouTube and Facebook are polled and come seconds later;
   * thirty messages come very late (a reconnect). */
  for (guint i = 0; i < messages->len; i++)
    {
      StormMessage *m = g_ptr_array_index (messages, i);
      const char *platform = vitrine_feed_item_get_platform (m->item);
      g_autoptr(GDateTime) time = NULL;
      g_autoptr(VitrineFeedItem) item = m->item;
      g_autofree char *id = g_strdup_printf ("%s-msg-%u", platform, i);

      if (g_str_equal (platform, "facebook"))
        m->ms -= m->ms % 1000;
      m->arrival = m->ms;
      if (g_str_equal (platform, "twitch"))
        m->arrival += g_rand_int_range (rand, 50, 600);
      else if (g_str_equal (platform, "youtube"))
        m->arrival += g_rand_int_range (rand, 1500, 7000);
      else
        m->arrival += g_rand_int_range (rand, 3000, 9000);
      if (g_rand_int_range (rand, 0, 1000) < 30)
        {
          m->arrival += 15000;
          late++;
        }

      time = at_ms (m->ms);
      m->item = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, platform, id,
                                            vitrine_feed_item_get_author_id (item),
                                            vitrine_feed_item_get_author (item),
                                            vitrine_feed_item_get_text (item), time);
      g_ptr_array_add (delivery, m);
    }
  g_ptr_array_sort (delivery, by_arrival);
  for (guint i = 0; i < delivery->len; i++)
    ((StormMessage *) g_ptr_array_index (delivery, i))->delivered = i;

  /* What the queue must hold: per viewer the earliest claim, then all in
   * platform-time order (equal times: arrival order). */
  for (guint i = 0; i < delivery->len; i++)
    {
      StormMessage *m = g_ptr_array_index (delivery, i);
      g_autofree char *key = NULL;
      StormMessage *seen;

      if (!m->a12)
        continue;
      n_a12++;
      key = g_strconcat (vitrine_feed_item_get_platform (m->item), "\n",
                         vitrine_feed_item_get_author_id (m->item), NULL);
      seen = g_hash_table_lookup (earliest, key);
      if (seen == NULL || m->ms < seen->ms)
        g_hash_table_replace (earliest, g_steal_pointer (&key), m);
    }
  g_assert_cmpuint (n_a12, ==, 58);
  g_assert_cmpuint (g_hash_table_size (earliest), ==, 50);
  {
    GHashTableIter iter;
    StormMessage *m;

    g_hash_table_iter_init (&iter, earliest);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &m))
      g_ptr_array_add (expected, m);
    g_ptr_array_sort (expected, by_platform_time);
  }
  /* The delivery order really differs from the platform-time order. */
  for (guint i = 1; i < expected->len; i++)
    {
      StormMessage *a = g_ptr_array_index (expected, i - 1);
      StormMessage *b = g_ptr_array_index (expected, i);

      inversions += a->delivered > b->delivered;
    }
  g_assert_cmpuint (inversions, >, 5);

  /* The storm. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < delivery->len; i++)
    vitrine_feed_append (feed, ((StormMessage *) g_ptr_array_index (delivery, i))->item);
  delivered_us = g_get_monotonic_time () - start;
  within_grace = delivered_us < 1000 * 1000;
  g_assert_true (within_grace);

  g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 50);
  g_assert_cmpuint (vitrine_claim_queue_count (queue, "A12", VITRINE_CLAIM_PENDING), ==, 10);
  g_assert_cmpuint (vitrine_claim_queue_count (queue, "A12", VITRINE_CLAIM_WAITLISTED), ==, 40);
  g_assert_cmpuint (vitrine_claim_queue_count (queue, NULL, VITRINE_CLAIM_CONFIRMED), ==, 0);

  wait_confirmed (queue, "A12", 10);
  wait_confirmed (queue, "B7", 3);
  settled_us = g_get_monotonic_time () - start;

  /* Exactly 10 confirmed, the first 10 by platform time; 40 waitlisted. */
  g_assert_cmpuint (vitrine_claim_queue_count (queue, "A12", VITRINE_CLAIM_CONFIRMED), ==, 10);
  g_assert_cmpuint (vitrine_claim_queue_count (queue, "A12", VITRINE_CLAIM_WAITLISTED), ==, 40);
  g_assert_cmpuint (vitrine_claim_queue_count (queue, "A12", VITRINE_CLAIM_PENDING), ==, 0);
  for (guint i = 0; i < 50; i++)
    {
      VitrineClaim *claim = claim_at (claims, i);
      StormMessage *m = g_ptr_array_index (expected, i);

      g_assert_true (vitrine_claim_get_message (claim) == m->item);
      g_assert_cmpuint (vitrine_claim_get_quantity (claim), ==, 1);
      g_assert_cmpint (vitrine_claim_get_state (claim), ==,
                       i < 10 ? VITRINE_CLAIM_CONFIRMED : VITRINE_CLAIM_WAITLISTED);
      g_assert_false (m->dup);
    }

  /* No duplicates: one claim per platform and user; the same name or id on
   * two platforms is two claims. */
  g_assert_cmpuint (dups.count, ==, 8);
  {
    g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    guint alex = 0, id42 = 0;

    for (guint i = 0; i < 50; i++)
      {
        VitrineClaim *claim = claim_at (claims, i);

        g_assert_true (g_hash_table_add (keys, g_strconcat (vitrine_claim_get_platform (claim),
                                                            "\n",
                                                            vitrine_claim_get_author_id (claim),
                                                            NULL)));
        alex += g_str_equal (vitrine_claim_get_author (claim), "alex");
        id42 += g_str_equal (vitrine_claim_get_author_id (claim), "42");
      }
    g_assert_cmpuint (alex, ==, 2);
    g_assert_cmpuint (id42, ==, 2);
  }

  /* The other product's queue is its own. */
  g_assert_cmpuint (vitrine_claim_queue_count (queue, "B7", VITRINE_CLAIM_CONFIRMED), ==, 3);
  g_assert_cmpuint (vitrine_claim_queue_count (queue, "B7", VITRINE_CLAIM_WAITLISTED), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_claim_queue_get_claims (queue)), ==, 56);

  /* The feed: every message, plus one claim item per claim. */
  g_assert_cmpuint (vitrine_feed_get_total (feed), ==, 1000 + 50 + n_b7);
  g_assert_cmpuint (count_kind (feed, VITRINE_FEED_ITEM_CLAIM), ==, 50 + n_b7);

  /* The host rejects the third confirmed claim: the first waitlisted one,
   * by platform time, moves up (and is confirmed at once, its grace is
   * long past); rejecting a waitlisted claim moves nobody. */
  g_assert_true (vitrine_claim_queue_reject (queue, claim_at (claims, 2)));
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 10)), ==, VITRINE_CLAIM_CONFIRMED);
  g_assert_cmpint (vitrine_claim_get_state (claim_at (claims, 11)), ==, VITRINE_CLAIM_WAITLISTED);
  g_assert_true (vitrine_claim_queue_reject (queue, claim_at (claims, 20)));
  g_assert_cmpuint (vitrine_claim_queue_count (queue, "A12", VITRINE_CLAIM_CONFIRMED), ==, 10);
  g_assert_cmpuint (vitrine_claim_queue_count (queue, "A12", VITRINE_CLAIM_WAITLISTED), ==, 38);
  g_assert_cmpuint (vitrine_claim_queue_count (queue, "A12", VITRINE_CLAIM_REJECTED), ==, 2);

  g_test_message ("storm: 1000 messages (58 claims for A12, %u late, %u out of platform-time "
                  "order) parsed and queued in %.1f ms; settled after the %u ms grace in "
                  "%.1f ms", late, inversions, delivered_us / 1000.0,
                  vitrine_claim_queue_get_grace (queue), settled_us / 1000.0);
  g_assert_cmpint (delivered_us, <, 5 * G_USEC_PER_SEC);

  for (guint i = 0; i < messages->len; i++)
    g_object_unref (((StormMessage *) g_ptr_array_index (messages, i))->item);
}

static void
test_hostile (void)
{
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autoptr(VitrineClaimQueue) queue = vitrine_claim_queue_new (feed, catalog);
  g_autoptr(VitrineProduct) product = add_product (catalog, "tee", "A12", -1);
  g_autoptr(GString) huge = g_string_new ("sold a12 ");
  GListModel *claims = vitrine_claim_queue_get_product_claims (queue, "A12");
  VitrineFeedItem *claim_item;

  vitrine_claim_queue_set_grace (queue, 0);
  for (guint i = 0; i < 10240; i++)
    g_string_append_c (huge, "<&>\"'\xff"[i % 6]);

  say (feed, "twitch", "1", "<script>alert(1)</script>", "<b>sold a12</b>", 1000);
  say (feed, "twitch", "2", "\xe2\x80\xae" "evil\xe2\x80\xac", "sold\xe2\x80\x8b a12", 2000);
  say (feed, "twitch", "3", "\xff\xfe", "\xff" "sold a12 \xc0\x80", 3000);
  say (feed, "twitch", "4", "long", huge->str, 4000);
  say (feed, "twitch", "5", "ctl", "sold\x01\x02\x03 a12\r\n", 5000);
  say (feed, "twitch", "\xff", "", "sold a12", 6000);

  g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      VitrineClaim *claim = claim_at (claims, i);

      claim_item = vitrine_claim_get_feed_item (claim);
      g_assert_cmpint (vitrine_claim_get_state (claim), ==, VITRINE_CLAIM_CONFIRMED);
      g_assert_true (g_utf8_validate (vitrine_feed_item_get_text (claim_item), -1, NULL));
      g_assert_true (g_utf8_validate (vitrine_feed_item_get_author (claim_item), -1, NULL));
      g_assert_null (strchr (vitrine_feed_item_get_text (claim_item), '\r'));
      g_assert_cmpuint (g_utf8_strlen (vitrine_feed_item_get_text (claim_item), -1), <=, 501);
    }
  /* Markup stays text; bidi overrides are gone from names. */
  claim_item = vitrine_claim_get_feed_item (claim_at (claims, 0));
  g_assert_cmpstr (vitrine_feed_item_get_author (claim_item), ==, "<script>alert(1)</script>");
  g_assert_cmpstr (vitrine_feed_item_get_text (claim_item), ==, "<b>sold a12</b>");
  claim_item = vitrine_claim_get_feed_item (claim_at (claims, 1));
  g_assert_cmpstr (vitrine_feed_item_get_author (claim_item), ==, "evil");

  /* And the CSV stays one line per claim. */
  {
    g_autofree char *csv = vitrine_claim_queue_to_csv (queue);
    g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 6 + 1);
    g_assert_true (g_utf8_validate (csv, -1, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/claim-queue/basic", test_basic);
  g_test_add_func ("/claim-queue/platform-time-order", test_platform_time_order);
  g_test_add_func ("/claim-queue/duplicates", test_duplicates);
  g_test_add_func ("/claim-queue/manual", test_manual);
  g_test_add_func ("/claim-queue/reentrant", test_reentrant);
  g_test_add_func ("/claim-queue/variants", test_variants);
  g_test_add_func ("/claim-queue/stock-changes", test_stock_changes);
  g_test_add_func ("/claim-queue/csv", test_csv);
  g_test_add_func ("/claim-queue/storm", test_storm);
  g_test_add_func ("/claim-queue/hostile", test_hostile);

  return g_test_run ();
}
