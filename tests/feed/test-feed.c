/* test-feed.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "vitrine-claim-queue.h"
#include "vitrine-feed.h"

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *signals)
{
  (*signals)++;
}

static void
test_window (void)
{
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (3);
  guint signals = 0;

  g_signal_connect (feed, "items-changed", G_CALLBACK (items_changed_cb), &signals);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (feed)) == VITRINE_TYPE_FEED_ITEM);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);
      g_autoptr(VitrineFeedItem) item = vitrine_feed_item_new (VITRINE_FEED_ITEM_CHAT, "twitch",
                                                               "anna", text, NULL);
      vitrine_feed_append (feed, item);
    }

  /* Memory stays bounded: only the newest three remain, in order. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 3);
  g_assert_cmpuint (vitrine_feed_get_total (feed), ==, 5);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(VitrineFeedItem) item = g_list_model_get_item (G_LIST_MODEL (feed), i);
      g_autofree char *expected = g_strdup_printf ("message %u", i + 2);

      g_assert_cmpstr (vitrine_feed_item_get_text (item), ==, expected);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (feed), 3));
  g_assert_cmpuint (signals, >=, 5);
}

static void
removed_cb (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            GArray     *removals)
{
  if (removed > 0)
    g_array_append_val (removals, removed);
}

/* A window of 100 grows to 110, then the oldest 11 leave in one removal
 * (a list view rebinds its rows per removal at the front), and the newest
 * are in order. */
static void
test_window_trims_together (void)
{
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autoptr(GArray) removals = g_array_new (FALSE, FALSE, sizeof (guint));

  g_signal_connect (feed, "items-changed", G_CALLBACK (removed_cb), removals);
  for (guint i = 0; i < 111; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);
      g_autoptr(VitrineFeedItem) item = vitrine_feed_item_new (VITRINE_FEED_ITEM_CHAT, "twitch",
                                                               "anna", text, NULL);

      vitrine_feed_append (feed, item);
      if (i == 109)
        g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 110);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 100);
  g_assert_cmpuint (removals->len, ==, 1);
  g_assert_cmpuint (g_array_index (removals, guint, 0), ==, 11);
  {
    g_autoptr(VitrineFeedItem) first = g_list_model_get_item (G_LIST_MODEL (feed), 0);
    g_autoptr(VitrineFeedItem) last = g_list_model_get_item (G_LIST_MODEL (feed), 99);

    g_assert_cmpstr (vitrine_feed_item_get_text (first), ==, "message 11");
    g_assert_cmpstr (vitrine_feed_item_get_text (last), ==, "message 110");
  }
}

static void
test_sanitize (void)
{
  g_autofree char *bidi = vitrine_feed_sanitize_text ("evil\xe2\x80\xae" "gnp.exe", 100);
  g_autofree char *zw = vitrine_feed_sanitize_name ("a\xe2\x80\x8b" "d\xe2\x80\x8dmin", 100);
  /* 👨‍👩‍👧: man, ZWJ, woman, ZWJ, girl — one emoji in text. */
  g_autofree char *family = vitrine_feed_sanitize_text ("\xf0\x9f\x91\xa8\xe2\x80\x8d"
                                                        "\xf0\x9f\x91\xa9\xe2\x80\x8d"
                                                        "\xf0\x9f\x91\xa7", 100);
  g_autofree char *zwsp = vitrine_feed_sanitize_text ("fr\xe2\x80\x8b" "ee", 100);
  g_autofree char *invalid = vitrine_feed_sanitize_text ("ok\xff\xfe" "end", 100);
  g_autofree char *spaces = vitrine_feed_sanitize_text ("  two\n\n\tlines  ", 100);
  g_autofree char *markup = vitrine_feed_sanitize_text ("<b>bold</b> & co", 100);
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autofree char *capped = NULL;

  g_assert_cmpstr (bidi, ==, "evilgnp.exe");
  g_assert_cmpstr (zw, ==, "admin");
  g_assert_cmpstr (family, ==, "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
                               "\xf0\x9f\x91\xa7");
  g_assert_cmpstr (zwsp, ==, "free");
  g_assert_true (g_utf8_validate (invalid, -1, NULL));
  g_assert_true (g_str_has_prefix (invalid, "ok"));
  g_assert_true (g_str_has_suffix (invalid, "end"));
  g_assert_cmpstr (spaces, ==, "two lines");
  /* Markup stays literal text: escaping is the widget's job, parsing never happens. */
  g_assert_cmpstr (markup, ==, "<b>bold</b> & co");

  for (guint i = 0; i < 10240; i++)
    g_string_append_c (huge, 'x');
  capped = vitrine_feed_sanitize_text (huge->str, 500);
  g_assert_cmpuint (g_utf8_strlen (capped, -1), ==, 501);
  g_assert_true (g_str_has_suffix (capped, "…"));

  /* A space just before the cap does not push it over (found by fuzzing). */
  {
    g_autoptr(GString) edge = g_string_new (NULL);
    g_autofree char *cut = NULL;

    for (guint i = 0; i < 499; i++)
      g_string_append_c (edge, 'x');
    g_string_append (edge, " and more");
    cut = vitrine_feed_sanitize_text (edge->str, 500);
    g_assert_cmpuint (g_utf8_strlen (cut, -1), <=, 501);
  }
}

static void
test_retract_and_ban (void)
{
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (10);
  g_autoptr(VitrineFeedItem) a = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, "twitch",
                                                             "m1", "u1", "anna", "hi", NULL);
  g_autoptr(VitrineFeedItem) b = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, "twitch",
                                                             "m2", "u2", "troll", "spam", NULL);
  g_autoptr(VitrineFeedItem) c = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, "youtube",
                                                             "m2", "u2", "other", "same id", NULL);
  g_autoptr(VitrineFeedItem) later = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT,
                                                                 "twitch", "m3", "u2", "troll",
                                                                 "again", NULL);

  vitrine_feed_append (feed, a);
  vitrine_feed_append (feed, b);
  vitrine_feed_append (feed, c);
  g_assert_true (vitrine_feed_find (feed, "twitch", "m2") == b);
  g_assert_true (vitrine_feed_find (feed, "youtube", "m2") == c);

  /* A deletion on one platform touches that platform's message only. */
  g_assert_true (vitrine_feed_retract (feed, "twitch", "m1"));
  g_assert_cmpint (vitrine_feed_item_get_visibility (a), ==, VITRINE_FEED_ITEM_DELETED);
  g_assert_false (vitrine_feed_retract (feed, "twitch", "unknown"));
  /* …and a message that arrives after its deletion arrives deleted. */
  {
    g_autoptr(VitrineFeedItem) late = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, "twitch",
                                                                  "unknown", "u9", "x", "late",
                                                                  NULL);

    vitrine_feed_append (feed, late);
    g_assert_cmpint (vitrine_feed_item_get_visibility (late), ==, VITRINE_FEED_ITEM_DELETED);
  }

  /* A ban marks the author's messages there, and later ones. */
  g_assert_cmpuint (vitrine_feed_ban (feed, "twitch", "u2"), ==, 1);
  g_assert_cmpint (vitrine_feed_item_get_visibility (b), ==, VITRINE_FEED_ITEM_BANNED);
  g_assert_cmpint (vitrine_feed_item_get_visibility (c), ==, VITRINE_FEED_ITEM_VISIBLE);
  vitrine_feed_append (feed, later);
  g_assert_cmpint (vitrine_feed_item_get_visibility (later), ==, VITRINE_FEED_ITEM_BANNED);
}

static void
count_cb (gpointer  instance,
          gpointer  arg1,
          gpointer  arg2,
          guint    *count)
{
  (*count)++;
}

/* A deletion or a ban Vitrine asked for comes back from the platform: the
 * feed says it once. */
static void
test_said_once (void)
{
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (10);
  g_autoptr(VitrineFeedItem) a = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, "twitch",
                                                             "m1", "u1", "anna", "hi", NULL);
  guint retracted = 0;
  guint banned = 0;

  g_signal_connect (feed, "retracted", G_CALLBACK (count_cb), &retracted);
  g_signal_connect (feed, "banned", G_CALLBACK (count_cb), &banned);
  vitrine_feed_append (feed, a);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (vitrine_feed_retract (feed, "twitch", "m1"));
      vitrine_feed_ban (feed, "twitch", "u1");
    }
  g_assert_cmpuint (retracted, ==, 1);
  g_assert_cmpuint (banned, ==, 1);
  /* Many deletions: the oldest are forgotten, nothing breaks. */
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *id = g_strdup_printf ("old-%u", i % 3000);

      vitrine_feed_retract (feed, "youtube", id);
    }
  g_assert_cmpuint (retracted, >, 3000);
}

/* A timeout is not a ban: the author's messages so far and while it lasts
 * are marked, what they write after it is not; a ban later still counts. */
static void
test_timeout (void)
{
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (10);
  g_autoptr(VitrineFeedItem) before = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT,
                                                                  "twitch", "m1", "u1", "cafe",
                                                                  "too many caps", NULL);
  g_autoptr(VitrineFeedItem) during = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT,
                                                                  "twitch", "m2", "u1", "cafe",
                                                                  "sorry", NULL);
  g_autoptr(VitrineFeedItem) after = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT,
                                                                 "twitch", "m3", "u1", "cafe",
                                                                 "back, calmly", NULL);
  g_autoptr(VitrineFeedItem) banned = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT,
                                                                  "twitch", "m4", "u1", "cafe",
                                                                  "CAPS AGAIN", NULL);
  guint said = 0;

  g_signal_connect (feed, "banned", G_CALLBACK (count_cb), &said);
  vitrine_feed_append (feed, before);
  g_assert_cmpuint (vitrine_feed_timeout (feed, "twitch", "u1", 1), ==, 1);
  g_assert_cmpint (vitrine_feed_item_get_visibility (before), ==, VITRINE_FEED_ITEM_BANNED);
  vitrine_feed_append (feed, during);
  g_assert_cmpint (vitrine_feed_item_get_visibility (during), ==, VITRINE_FEED_ITEM_BANNED);
  g_assert_cmpuint (said, ==, 1);

  g_usleep (1100 * 1000);
  vitrine_feed_append (feed, after);
  g_assert_cmpint (vitrine_feed_item_get_visibility (after), ==, VITRINE_FEED_ITEM_VISIBLE);

  /* Banned for good now: said again, and it lasts. */
  vitrine_feed_ban (feed, "twitch", "u1");
  g_assert_cmpuint (said, ==, 2);
  g_assert_cmpint (vitrine_feed_item_get_visibility (after), ==, VITRINE_FEED_ITEM_BANNED);
  vitrine_feed_append (feed, banned);
  g_assert_cmpint (vitrine_feed_item_get_visibility (banned), ==, VITRINE_FEED_ITEM_BANNED);
  /* A timeout does not shorten a ban. */
  vitrine_feed_timeout (feed, "twitch", "u1", 1);
  g_assert_cmpuint (said, ==, 2);
}

typedef struct
{
  GPtrArray *appended;   /* VitrineFeedItemVisibility at "appended", as pointers */
  GPtrArray *released;   /* VitrineFeedItem */
} Seen;

static void
seen_appended_cb (VitrineFeed     *feed,
                  VitrineFeedItem *item,
                  Seen            *seen)
{
  g_ptr_array_add (seen->appended,
                   GINT_TO_POINTER (vitrine_feed_item_get_visibility (item)));
}

static void
seen_released_cb (VitrineFeed     *feed,
                  VitrineFeedItem *item,
                  Seen            *seen)
{
  g_ptr_array_add (seen->released, item);
}

static VitrineFeedItem *
append_chat (VitrineFeed          *feed,
             const char           *id,
             const char           *author_id,
             const char           *author,
             const char           *text,
             VitrineFeedItemFlags  flags)
{
  g_autoptr(VitrineFeedItem) item = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT,
                                                                "youtube", id, author_id,
                                                                author, text, NULL);

  vitrine_feed_item_set_flags (item, flags);
  vitrine_feed_append (feed, item);
  return item;   /* the feed holds it */
}

/* "hide": a message with a blocked word arrives hidden, already so when
 * "appended" is emitted; the owner's and moderators' messages pass; the
 * host can let one through, which "releases" it. */
static void
test_word_filter_hide (void)
{
  const char *words[] = { "scam*", "badname", NULL };
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (20);
  g_autoptr(VitrineWordFilter) filter = vitrine_word_filter_new ();
  g_autoptr(GError) error = NULL;
  Seen seen = { g_ptr_array_new (), g_ptr_array_new () };
  VitrineFeedItem *fine, *scam, *name, *owner, *mod, *order;

  g_assert_true (vitrine_word_filter_set_words (filter, words, &error));
  g_assert_no_error (error);
  vitrine_feed_set_word_filter (feed, filter);
  g_assert_true (vitrine_feed_get_word_filter (feed) == filter);
  g_signal_connect (feed, "appended", G_CALLBACK (seen_appended_cb), &seen);
  g_signal_connect (feed, "released", G_CALLBACK (seen_released_cb), &seen);

  fine = append_chat (feed, "1", "u1", "Ana", "lovely scarf", 0);
  scam = append_chat (feed, "2", "u2", "Bob", "total SCAMMERS, dm me", 0);
  name = append_chat (feed, "3", "u3", "bad name", "hello", 0);
  owner = append_chat (feed, "4", "u4", "Shop", "Beware of scams in chat",
                       VITRINE_FEED_ITEM_FLAG_OWNER);
  mod = append_chat (feed, "5", "u5", "mod", "scam links get deleted",
                     VITRINE_FEED_ITEM_FLAG_MODERATOR);
  {
    g_autoptr(VitrineFeedItem) item = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_ORDER,
                                                                  "shopify", "6", NULL, "Eve",
                                                                  "Scam-proof lock × 1", NULL);

    vitrine_feed_append (feed, item);
    order = item;
  }

  g_assert_cmpint (vitrine_feed_item_get_visibility (fine), ==, VITRINE_FEED_ITEM_VISIBLE);
  g_assert_cmpint (vitrine_feed_item_get_filter_state (fine), ==, VITRINE_FEED_ITEM_FILTER_NONE);
  g_assert_cmpint (vitrine_feed_item_get_visibility (scam), ==, VITRINE_FEED_ITEM_HIDDEN);
  g_assert_cmpint (vitrine_feed_item_get_filter_state (scam), ==,
                   VITRINE_FEED_ITEM_FILTER_HIDDEN);
  g_assert_cmpstr (vitrine_feed_item_get_blocked_word (scam), ==, "scam*");
  /* "bad name" is two words, not the blocked "badname"... */
  g_assert_cmpint (vitrine_feed_item_get_visibility (name), ==, VITRINE_FEED_ITEM_VISIBLE);
  g_assert_cmpint (vitrine_feed_item_get_visibility (owner), ==, VITRINE_FEED_ITEM_VISIBLE);
  g_assert_cmpint (vitrine_feed_item_get_visibility (mod), ==, VITRINE_FEED_ITEM_VISIBLE);
  g_assert_cmpint (vitrine_feed_item_get_visibility (order), ==, VITRINE_FEED_ITEM_VISIBLE);
  /* ...which, in an author's name, hides the message. */
  {
    VitrineFeedItem *named = append_chat (feed, "7", "u7", "BadName", "hello", 0);

    g_assert_cmpint (vitrine_feed_item_get_visibility (named), ==, VITRINE_FEED_ITEM_HIDDEN);
    g_assert_cmpstr (vitrine_feed_item_get_blocked_word (named), ==, "badname");
  }
  /* Still in the feed (and so in the journal), hidden when appended. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 7);
  g_assert_cmpuint (seen.appended->len, ==, 7);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (seen.appended, 1)), ==,
                   VITRINE_FEED_ITEM_HIDDEN);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (seen.appended, 0)), ==,
                   VITRINE_FEED_ITEM_VISIBLE);

  /* The host shows it: visible, no longer filtered, released once. */
  vitrine_feed_unhide (feed, scam);
  g_assert_cmpint (vitrine_feed_item_get_visibility (scam), ==, VITRINE_FEED_ITEM_VISIBLE);
  g_assert_cmpint (vitrine_feed_item_get_filter_state (scam), ==, VITRINE_FEED_ITEM_FILTER_NONE);
  g_assert_cmpuint (seen.released->len, ==, 1);
  g_assert_true (g_ptr_array_index (seen.released, 0) == scam);
  /* Hidden and shown again by the host: it was never kept back, no news. */
  vitrine_feed_hide (feed, scam);
  g_assert_cmpint (vitrine_feed_item_get_visibility (scam), ==, VITRINE_FEED_ITEM_HIDDEN);
  vitrine_feed_unhide (feed, scam);
  g_assert_cmpint (vitrine_feed_item_get_visibility (scam), ==, VITRINE_FEED_ITEM_VISIBLE);
  g_assert_cmpuint (seen.released->len, ==, 1);

  /* Hiding and showing a deleted message brings it back deleted. */
  vitrine_feed_retract (feed, "youtube", "1");
  vitrine_feed_hide (feed, fine);
  g_assert_cmpint (vitrine_feed_item_get_visibility (fine), ==, VITRINE_FEED_ITEM_HIDDEN);
  vitrine_feed_unhide (feed, fine);
  g_assert_cmpint (vitrine_feed_item_get_visibility (fine), ==, VITRINE_FEED_ITEM_DELETED);

  /* Without a filter, nothing is hidden. */
  vitrine_feed_set_word_filter (feed, NULL);
  g_assert_cmpint (vitrine_feed_item_get_visibility (append_chat (feed, "8", "u8", "x",
                                                                  "scam", 0)),
                   ==, VITRINE_FEED_ITEM_VISIBLE);

  g_ptr_array_unref (seen.appended);
  g_ptr_array_unref (seen.released);
}

static void
released_cb (VitrineFeed       *feed,
             VitrineFeedItem   *item,
             VitrineClaimQueue *queue)
{
  vitrine_claim_queue_submit (queue, item);
}

/* "hold": a message waits for the host. No claim is made of it until the
 * host allows it (the claim queue takes released messages in); hidden, it
 * never becomes one; deleted or banned while held, it is not let through. */
static void
test_word_filter_hold (void)
{
  const char *words[] = { "scam", NULL };
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (20);
  g_autoptr(VitrineWordFilter) filter = vitrine_word_filter_new ();
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineProduct) product = vitrine_product_new ("p1", "A12", NULL);
  g_autoptr(VitrineClaimQueue) claims = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model;
  VitrineFeedItem *held, *other, *banned;

  vitrine_product_set_stock (product, 5);
  g_assert_true (vitrine_catalog_add (catalog, product, &error));
  g_assert_no_error (error);
  g_assert_true (vitrine_word_filter_set_words (filter, words, &error));
  vitrine_word_filter_set_action (filter, VITRINE_WORD_FILTER_HOLD);
  vitrine_feed_set_word_filter (feed, filter);
  claims = vitrine_claim_queue_new (feed, catalog);
  /* What the application wires (claim-queue.c may do it itself later). */
  g_signal_connect (feed, "released", G_CALLBACK (released_cb), claims);
  model = vitrine_claim_queue_get_claims (claims);

  append_chat (feed, "1", "u1", "Ana", "SOLD A12", 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  held = append_chat (feed, "2", "u2", "Bob", "SOLD A12 not a scam", 0);
  g_assert_cmpint (vitrine_feed_item_get_visibility (held), ==, VITRINE_FEED_ITEM_HIDDEN);
  g_assert_cmpint (vitrine_feed_item_get_filter_state (held), ==, VITRINE_FEED_ITEM_FILTER_HELD);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  other = append_chat (feed, "3", "u3", "Cy", "sold a12 scam", 0);
  banned = append_chat (feed, "4", "u4", "Di", "SOLD A12 scam", 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  /* Allowed: a claim now. */
  vitrine_feed_unhide (feed, held);
  g_assert_cmpint (vitrine_feed_item_get_visibility (held), ==, VITRINE_FEED_ITEM_VISIBLE);
  g_assert_cmpint (vitrine_feed_item_get_filter_state (held), ==, VITRINE_FEED_ITEM_FILTER_NONE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  {
    g_autoptr(VitrineClaim) claim = g_list_model_get_item (model, 1);

    g_assert_true (vitrine_claim_get_message (claim) == held);
  }

  /* Hidden by the host: decided, still hidden, no claim. */
  vitrine_feed_hide (feed, other);
  g_assert_cmpint (vitrine_feed_item_get_visibility (other), ==, VITRINE_FEED_ITEM_HIDDEN);
  g_assert_cmpint (vitrine_feed_item_get_filter_state (other), ==, VITRINE_FEED_ITEM_FILTER_NONE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  /* Its author banned while it waits: allowing it shows it banned, no claim. */
  vitrine_feed_ban (feed, "youtube", "u4");
  vitrine_feed_unhide (feed, banned);
  g_assert_cmpint (vitrine_feed_item_get_visibility (banned), ==, VITRINE_FEED_ITEM_BANNED);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
}

#define TEST_TYPE_SOURCE (test_source_get_type ())

G_DECLARE_FINAL_TYPE (TestSource, test_source, TEST, SOURCE, VitrineFeedSource)

struct _TestSource
{
  VitrineFeedSource parent_instance;
};

G_DEFINE_FINAL_TYPE (TestSource, test_source, VITRINE_TYPE_FEED_SOURCE)

static void
test_source_class_init (TestSourceClass *klass)
{
}

static void
test_source_init (TestSource *self)
{
}

/* The connector an item came from, for moderation. */
static void
test_find_source (void)
{
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (10);
  g_autoptr(VitrineFeedSource) a = g_object_new (TEST_TYPE_SOURCE, "id", "tw-a",
                                                  "platform", "twitch", NULL);
  g_autoptr(VitrineFeedSource) b = g_object_new (TEST_TYPE_SOURCE, "id", "tw-b",
                                                  "platform", "twitch", NULL);
  g_autoptr(VitrineFeedSource) yt = g_object_new (TEST_TYPE_SOURCE, "id", "yt",
                                                   "platform", "youtube", NULL);
  g_autoptr(VitrineFeedItem) from_b = vitrine_feed_item_new (VITRINE_FEED_ITEM_CHAT, "twitch",
                                                             "x", "hi", NULL);
  g_autoptr(VitrineFeedItem) twitch = vitrine_feed_item_new (VITRINE_FEED_ITEM_CHAT, "twitch",
                                                             "x", "hi", NULL);
  g_autoptr(VitrineFeedItem) youtube = vitrine_feed_item_new (VITRINE_FEED_ITEM_CHAT, "youtube",
                                                              "x", "hi", NULL);
  g_autoptr(VitrineFeedItem) gone = vitrine_feed_item_new (VITRINE_FEED_ITEM_CHAT, "youtube",
                                                           "x", "hi", NULL);

  vitrine_feed_add_source (feed, a);
  vitrine_feed_add_source (feed, b);
  vitrine_feed_add_source (feed, yt);
  vitrine_feed_item_set_source_id (from_b, "tw-b");
  vitrine_feed_item_set_source_id (gone, "yt-old");
  g_assert_true (vitrine_feed_find_source (feed, from_b) == b);
  /* Two Twitch connectors and no source id: cannot tell. */
  g_assert_null (vitrine_feed_find_source (feed, twitch));
  g_assert_true (vitrine_feed_find_source (feed, youtube) == yt);
  g_assert_null (vitrine_feed_find_source (feed, gone));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/feed/window", test_window);
  g_test_add_func ("/feed/window-trims-together", test_window_trims_together);
  g_test_add_func ("/feed/sanitize", test_sanitize);
  g_test_add_func ("/feed/retract-and-ban", test_retract_and_ban);
  g_test_add_func ("/feed/said-once", test_said_once);
  g_test_add_func ("/feed/timeout", test_timeout);
  g_test_add_func ("/feed/word-filter-hide", test_word_filter_hide);
  g_test_add_func ("/feed/word-filter-hold", test_word_filter_hold);
  g_test_add_func ("/feed/find-source", test_find_source);
  return g_test_run ();
}
