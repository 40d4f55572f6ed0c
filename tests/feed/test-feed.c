/* test-feed.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/feed/window", test_window);
  g_test_add_func ("/feed/sanitize", test_sanitize);
  g_test_add_func ("/feed/retract-and-ban", test_retract_and_ban);
  return g_test_run ();
}
