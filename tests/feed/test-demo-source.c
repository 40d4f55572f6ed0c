/* test-demo-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo connector: the bundled script (data/demo/feed-script.json) is
 * played at 60× into a feed and comes out in order, on time, exactly as
 * written (kinds, platforms, authors, texts, amounts), with its deletion and
 * its ban applied; a small script loops with fresh ids per round; the speed
 * can change while playing; broken scripts fail with a status that says
 * where.
 */

#include <json-glib/json-glib.h>
#include <string.h>

#include "vitrine-demo-source.h"
#include "vitrine-feed.h"

typedef struct
{
  GPtrArray *items;        /* VitrineFeedItem, as emitted */
  GArray    *times;        /* gint64, monotonic µs of each item */
  GPtrArray *retracted;
  GPtrArray *banned;
} Recording;

static void
item_cb (VitrineFeedSource *source,
         VitrineFeedItem   *item,
         Recording         *recording)
{
  gint64 now = g_get_monotonic_time ();

  g_ptr_array_add (recording->items, g_object_ref (item));
  g_array_append_val (recording->times, now);
}

static void
retract_cb (VitrineFeedSource *source,
            const char        *id,
            Recording         *recording)
{
  g_ptr_array_add (recording->retracted, g_strdup (id));
}

static void
ban_cb (VitrineFeedSource *source,
        const char        *author_id,
        guint              seconds,
        Recording         *recording)
{
  g_ptr_array_add (recording->banned, g_strdup (author_id));
}

static void
recording_init (Recording         *recording,
                VitrineFeedSource *source)
{
  recording->items = g_ptr_array_new_with_free_func (g_object_unref);
  recording->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  recording->retracted = g_ptr_array_new_with_free_func (g_free);
  recording->banned = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (source, "item", G_CALLBACK (item_cb), recording);
  g_signal_connect (source, "retract", G_CALLBACK (retract_cb), recording);
  g_signal_connect (source, "ban", G_CALLBACK (ban_cb), recording);
}

static void
recording_clear (Recording *recording)
{
  g_ptr_array_unref (recording->items);
  g_array_unref (recording->times);
  g_ptr_array_unref (recording->retracted);
  g_ptr_array_unref (recording->banned);
}

static void
wait_for_state (VitrineFeedSource      *source,
                VitrineFeedSourceState  state,
                guint                   timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (vitrine_feed_source_get_state (source) != state)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
wait_for_items (Recording *recording,
                guint      n,
                guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (recording->items->len < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  return json_object_has_member (object, member)
         ? json_object_get_string_member (object, member) : NULL;
}

static VitrineFeedItemKind
kind_of (const char *kind)
{
  if (g_str_equal (kind, "chat"))
    return VITRINE_FEED_ITEM_CHAT;
  if (g_str_equal (kind, "paid"))
    return VITRINE_FEED_ITEM_PAID;
  if (g_str_equal (kind, "membership"))
    return VITRINE_FEED_ITEM_MEMBERSHIP;
  if (g_str_equal (kind, "order"))
    return VITRINE_FEED_ITEM_ORDER;
  if (g_str_equal (kind, "notice"))
    return VITRINE_FEED_ITEM_NOTICE;
  g_assert_not_reached ();
  return VITRINE_FEED_ITEM_NOTICE;
}

static VitrineFeedItem *
find_item (VitrineFeed *feed,
           const char  *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (feed)); i++)
    {
      g_autoptr(VitrineFeedItem) item = g_list_model_get_item (G_LIST_MODEL (feed), i);

      if (g_strcmp0 (vitrine_feed_item_get_id (item), id) == 0)
        return item;
    }
  return NULL;
}

static gboolean
has_text (Recording  *recording,
          const char *platform,
          const char *text)
{
  for (guint i = 0; i < recording->items->len; i++)
    {
      VitrineFeedItem *item = g_ptr_array_index (recording->items, i);

      if (g_strcmp0 (vitrine_feed_item_get_platform (item), platform) == 0 &&
          strstr (vitrine_feed_item_get_text (item), text) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The bundled script, played at 60× */

#define SPEED 60.0

static void
test_bundled_script (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "demo",
                                                 "feed-script.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bundled = vitrine_demo_source_dup_default_script ();
  g_autoptr(VitrineDemoSource) source = vitrine_demo_source_new ("demo", file);
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (200);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) platforms = g_hash_table_new (g_str_hash, g_str_equal);
  Recording recording = { 0 };
  JsonArray *events;
  gint64 earliest_start = G_MAXINT64;
  gint64 latest_start = G_MININT64;
  guint n = 0;
  guint n_events;
  VitrineFeedItem *item;
  const VitrineMoney *money;

  /* The default is the same file, found from the source tree. */
  g_assert_true (g_file_query_exists (bundled, NULL));

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  events = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "events");
  n_events = json_array_get_length (events);
  /* A busy show: 40–60 events over about 90 s. */
  g_assert_cmpuint (n_events, >=, 40);
  g_assert_cmpuint (n_events, <=, 60);

  recording_init (&recording, VITRINE_FEED_SOURCE (source));
  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (source));
  vitrine_demo_source_set_speed (source, SPEED);
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  wait_for_state (VITRINE_FEED_SOURCE (source), VITRINE_FEED_SOURCE_ENDED, 10000);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source)), ==,
                   "The demo show’s chat has finished");
  g_assert_cmpuint (vitrine_demo_source_get_n_events (source), ==, n_events);

  /* Every item, in the order and at the time the script says. */
  for (guint i = 0; i < n_events; i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      const char *kind = json_object_get_string_member (event, "kind");
      double at = json_object_get_double_member (event, "at");
      const char *author = member_string (event, "author");
      gint64 start;

      if (g_str_equal (kind, "delete") || g_str_equal (kind, "ban"))
        continue;

      g_assert_cmpuint (n, <, recording.items->len);
      item = g_ptr_array_index (recording.items, n);
      g_assert_cmpint (vitrine_feed_item_get_kind (item), ==, kind_of (kind));
      g_assert_cmpstr (vitrine_feed_item_get_source_id (item), ==, "demo");
      if (member_string (event, "platform") != NULL)
        g_assert_cmpstr (vitrine_feed_item_get_platform (item), ==,
                         member_string (event, "platform"));
      else
        g_assert_cmpstr (vitrine_feed_item_get_platform (item), ==, "");
      g_assert_cmpstr (vitrine_feed_item_get_id (item), ==, member_string (event, "id"));
      g_assert_cmpstr (vitrine_feed_item_get_author_id (item), ==,
                       member_string (event, "author_id"));
      if (author == NULL && !g_str_equal (kind, "notice"))
        author = g_strcmp0 (member_string (event, "platform"), "facebook") == 0
                 ? "Facebook user" : "Viewer";
      /* As written, once through the feed's sanitiser (which drops bidi
       * overrides, and in names the joiners too). */
      if (author != NULL)
        {
          g_autofree char *shown = vitrine_feed_sanitize_name (author, 64);

          g_assert_cmpstr (vitrine_feed_item_get_author (item), ==, shown);
        }
      if (member_string (event, "text") != NULL)
        {
          g_autofree char *shown = vitrine_feed_sanitize_text (member_string (event, "text"),
                                                               500);

          g_assert_cmpstr (vitrine_feed_item_get_text (item), ==, shown);
        }
      g_assert_cmpstr (vitrine_feed_item_get_detail (item), ==, member_string (event, "detail"));
      if (member_string (event, "amount") != NULL)
        {
          g_autofree char *decimal = NULL;

          money = vitrine_feed_item_get_amount (item);
          g_assert_nonnull (money);
          decimal = vitrine_money_to_decimal (money);
          g_assert_cmpstr (money->currency, ==, member_string (event, "currency"));
          g_assert_cmpstr (decimal, ==, member_string (event, "amount"));
        }
      else
        g_assert_null (vitrine_feed_item_get_amount (item));

      if (member_string (event, "platform") != NULL)
        g_hash_table_add (platforms, (gpointer) member_string (event, "platform"));

      /* When the script's clock would have started, judging by this item:
       * the same for every item if each came exactly on time. */
      start = g_array_index (recording.times, gint64, n) -
              (gint64) (at / SPEED * G_USEC_PER_SEC);
      earliest_start = MIN (earliest_start, start);
      latest_start = MAX (latest_start, start);
      n++;
    }
  g_assert_cmpuint (n, ==, recording.items->len);
  g_test_message ("%u items, %u events at %.0f×: emission times within %" G_GINT64_FORMAT
                  " µs of the script's", n, n_events, SPEED, latest_start - earliest_start);
  g_assert_cmpint (latest_start - earliest_start, <=, 100 * 1000);

  /* Several platforms, shop orders among them. */
  g_assert_true (g_hash_table_contains (platforms, "youtube"));
  g_assert_true (g_hash_table_contains (platforms, "twitch"));
  g_assert_true (g_hash_table_contains (platforms, "facebook"));
  g_assert_true (g_hash_table_contains (platforms, "shopify"));

  /* The things a live-shopping show has. */
  item = find_item (feed, "gid://shopify/Order/5012345678901");
  g_assert_nonnull (item);
  g_assert_cmpint (vitrine_feed_item_get_kind (item), ==, VITRINE_FEED_ITEM_ORDER);
  g_assert_cmpstr (vitrine_feed_item_get_detail (item), ==, "Order #1042");
  money = vitrine_feed_item_get_amount (item);
  g_assert_cmpint (money->amount, ==, 3990);
  g_assert_cmpstr (money->currency, ==, "EUR");
  item = find_item (feed, "yt-004");
  g_assert_cmpint (vitrine_feed_item_get_kind (item), ==, VITRINE_FEED_ITEM_PAID);
  g_assert_cmpstr (vitrine_feed_item_get_detail (item), ==, "Super Chat");
  g_assert_cmpint (vitrine_feed_item_get_amount (item)->amount, ==, 1000);
  item = find_item (feed, "yt-013");
  g_assert_cmpint (vitrine_feed_item_get_amount (item)->amount, ==, 500);
  g_assert_cmpstr (vitrine_feed_item_get_amount (item)->currency, ==, "JPY");
  item = find_item (feed, "tw-006");
  g_assert_cmpstr (vitrine_feed_item_get_detail (item), ==, "500 bits");
  g_assert_null (vitrine_feed_item_get_amount (item));
  item = find_item (feed, "yt-007");
  g_assert_cmpint (vitrine_feed_item_get_kind (item), ==, VITRINE_FEED_ITEM_MEMBERSHIP);
  item = find_item (feed, "1187745566201234_1187746098765432");
  g_assert_cmpstr (vitrine_feed_item_get_author (item), ==, "Facebook user");
  g_assert_null (vitrine_feed_item_get_author_id (item));
  item = find_item (feed, "yt-002");
  g_assert_cmpstr (vitrine_feed_item_get_author (item), ==, "ليلى ✨");
  item = find_item (feed, "tw-003");
  g_assert_cmpint (vitrine_feed_item_get_flags (item), ==, VITRINE_FEED_ITEM_FLAG_NONE);
  item = find_item (feed, "tw-009");
  g_assert_cmpint (vitrine_feed_item_get_flags (item), ==, VITRINE_FEED_ITEM_FLAG_OWNER);

  /* Claims, in several languages and platforms. */
  g_assert_true (has_text (&recording, "youtube", "SOLD A1 M"));
  g_assert_true (has_text (&recording, "twitch", "+1 A3"));
  g_assert_true (has_text (&recording, "facebook", "quiero A2"));
  g_assert_true (has_text (&recording, "youtube", "我要 A5"));

  /* The spammer's message: deleted, the other one banned, the bidi
   * override gone, the markup only text. */
  g_assert_cmpuint (recording.retracted->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (recording.retracted, 0), ==, "tw-005");
  g_assert_cmpstr (g_ptr_array_index (recording.retracted, 1), ==, "yt-012");
  g_assert_cmpuint (recording.banned->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (recording.banned, 0), ==, "4040404040");
  item = find_item (feed, "tw-005");
  g_assert_cmpint (vitrine_feed_item_get_visibility (item), ==, VITRINE_FEED_ITEM_DELETED);
  g_assert_cmpstr (vitrine_feed_item_get_text (item), ==, "<a href=x>FREE iPhone</a> gnp.exe");
  item = find_item (feed, "tw-004");
  g_assert_cmpint (vitrine_feed_item_get_visibility (item), ==, VITRINE_FEED_ITEM_BANNED);
  item = find_item (feed, "yt-012");
  g_assert_cmpint (vitrine_feed_item_get_visibility (item), ==, VITRINE_FEED_ITEM_DELETED);
  item = find_item (feed, "yt-011");
  g_assert_cmpint (vitrine_feed_item_get_visibility (item), ==, VITRINE_FEED_ITEM_VISIBLE);

  recording_clear (&recording);
}

/* Looping, with fresh ids per round */

static GFile *
write_script (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileIOStream) stream = NULL;
  GFile *file = g_file_new_tmp ("vitrine-demo-XXXXXX.json", &stream, &error);

  g_assert_no_error (error);
  g_file_replace_contents (file, json, strlen (json), NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                           NULL, &error);
  g_assert_no_error (error);
  return file;
}

static void
test_loop (void)
{
  g_autoptr(GFile) file =
    write_script ("{\"loop_after\": 0.5, \"events\": ["
                  "{\"at\": 0, \"kind\": \"chat\", \"platform\": \"twitch\", \"id\": \"a\","
                  " \"author\": \"Ann\", \"author_id\": \"u1\", \"text\": \"SOLD A2 M\"},"
                  "{\"at\": 0.1, \"kind\": \"chat\", \"platform\": \"twitch\", \"id\": \"b\","
                  " \"author_id\": \"u2\", \"text\": \"hi\"},"
                  "{\"at\": 0.15, \"kind\": \"delete\", \"platform\": \"twitch\","
                  " \"target\": \"a\"},"
                  "{\"at\": 0.2, \"kind\": \"ban\", \"platform\": \"twitch\","
                  " \"author_id\": \"u2\"}"
                  "]}");
  g_autoptr(VitrineDemoSource) source = vitrine_demo_source_new ("demo", file);
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  Recording recording = { 0 };
  static const char * const ids[] = { "a", "b", "a~1", "b~1", "a~2", "b~2" };
  gint64 round;
  guint n;

  recording_init (&recording, VITRINE_FEED_SOURCE (source));
  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (source));
  vitrine_demo_source_set_loop (source, TRUE);
  vitrine_demo_source_set_speed (source, 10);
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  wait_for_items (&recording, 6, 5000);
  /* The ban of the third round has happened too. */
  wait_for_items (&recording, 7, 5000);
  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (source));
  n = recording.items->len;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      VitrineFeedItem *item = g_ptr_array_index (recording.items, i);

      g_assert_cmpstr (vitrine_feed_item_get_id (item), ==, ids[i]);
      g_assert_cmpstr (vitrine_feed_item_get_author (item), ==, i % 2 ? "Viewer" : "Ann");
      /* Each round deletes its own "a" and bans "b"'s author again. */
      g_assert_cmpint (vitrine_feed_item_get_visibility (item), ==,
                       i % 2 ? VITRINE_FEED_ITEM_BANNED : VITRINE_FEED_ITEM_DELETED);
    }
  g_assert_cmpstr (g_ptr_array_index (recording.retracted, 0), ==, "a");
  g_assert_cmpstr (g_ptr_array_index (recording.retracted, 1), ==, "a~1");
  g_assert_cmpstr (g_ptr_array_index (recording.banned, 0), ==, "u2");

  /* A round is 0.5 s of script at 10×: 50 ms. */
  round = g_array_index (recording.times, gint64, 2) - g_array_index (recording.times, gint64, 0);
  g_assert_cmpint (round, >=, 48 * 1000);
  g_assert_cmpint (round, <=, 120 * 1000);

  /* Nothing after stop. */
  g_assert_cmpint (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)), ==,
                   VITRINE_FEED_SOURCE_STOPPED);
  {
    gint64 until = g_get_monotonic_time () + 200 * 1000;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (recording.items->len, ==, n);

  recording_clear (&recording);
}

/* The speed changes while playing */

static void
test_speed_change (void)
{
  g_autoptr(GFile) file =
    write_script ("{\"events\": ["
                  "{\"at\": 0, \"kind\": \"chat\", \"platform\": \"youtube\", \"text\": \"one\"},"
                  "{\"at\": 2, \"kind\": \"chat\", \"platform\": \"youtube\", \"text\": \"two\"},"
                  "{\"at\": 4, \"kind\": \"order\", \"platform\": \"shopify\","
                  " \"text\": \"three\", \"amount\": \"1000\", \"currency\": \"JPY\","
                  " \"detail\": \"Order #7\"}"
                  "]}");
  g_autoptr(VitrineDemoSource) source = vitrine_demo_source_new ("demo", file);
  Recording recording = { 0 };
  gint64 gap;

  recording_init (&recording, VITRINE_FEED_SOURCE (source));
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  wait_for_items (&recording, 1, 5000);

  /* At 1× the next one is 2 s away; at 100×, 20 ms. */
  vitrine_demo_source_set_speed (source, 100);
  wait_for_state (VITRINE_FEED_SOURCE (source), VITRINE_FEED_SOURCE_ENDED, 5000);
  g_assert_cmpuint (recording.items->len, ==, 3);
  gap = g_array_index (recording.times, gint64, 2) - g_array_index (recording.times, gint64, 1);
  g_assert_cmpint (gap, >=, 18 * 1000);
  g_assert_cmpint (gap, <=, 80 * 1000);
  g_assert_cmpint (g_array_index (recording.times, gint64, 1) -
                   g_array_index (recording.times, gint64, 0), <, 200 * 1000);
  g_assert_cmpint (vitrine_feed_item_get_amount (g_ptr_array_index (recording.items, 2))->amount,
                   ==, 1000);

  recording_clear (&recording);
}

/* Broken scripts */

static void
test_broken_scripts (void)
{
  static const struct
  {
    const char *json;
    const char *status;
  } cases[] = {
    { "not json", "The demo show’s chat script is broken: " },
    { "{}", "it has no list of “events”" },
    { "{\"events\": []}", "it has no list of “events”" },
    { "{\"version\": 2, \"events\": [{\"at\": 0, \"kind\": \"chat\"}]}", "“version” is not 1" },
    { "{\"events\": [{\"at\": 1, \"kind\": \"chat\"}, {\"at\": 0.5, \"kind\": \"chat\"}]}",
      "event 2 comes before the event above it" },
    { "{\"events\": [{\"at\": \"soon\", \"kind\": \"chat\"}]}",
      "event 1: “at” must be a number of seconds" },
    { "{\"events\": [{\"at\": 0, \"kind\": \"shout\"}]}", "event 1: “kind” must be chat" },
    { "{\"events\": [{\"at\": 0, \"kind\": \"order\", \"amount\": 39.9, \"currency\": \"EUR\"}]}",
      "event 1: “amount” must be decimal text" },
    { "{\"events\": [{\"at\": 0, \"kind\": \"order\", \"amount\": \"39.999\","
      " \"currency\": \"EUR\"}]}", "event 1: " },
    { "{\"events\": [{\"at\": 0, \"kind\": \"chat\", \"flags\": [\"vip\"]}]}",
      "event 1: “flags” must be a list" },
    { "{\"events\": [{\"at\": 0, \"kind\": \"chat\", \"flags\": \"owner\"}]}",
      "event 1: “flags” must be a list" },
    { "{\"events\": [{\"at\": 0, \"kind\": \"delete\", \"platform\": \"twitch\"}]}",
      "event 1: a deletion needs a “platform” and a “target”" },
    { "{\"events\": [{\"at\": 0, \"kind\": \"ban\", \"platform\": \"twitch\"}]}",
      "event 1: a ban needs" },
    { "{\"events\": [{\"at\": 0, \"kind\": \"chat\", \"text\": 5}]}",
      "event 1: “text” must be text" },
    { "{\"loop_after\": 1, \"events\": [{\"at\": 2, \"kind\": \"chat\"}]}",
      "“loop_after” must be a number of seconds after the last event" },
    { "[1, 2]", "it has no list of “events”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GFile) file = write_script (cases[i].json);
      g_autoptr(VitrineDemoSource) source = vitrine_demo_source_new ("demo", file);

      g_test_message ("script %s", cases[i].json);
      vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
      wait_for_state (VITRINE_FEED_SOURCE (source), VITRINE_FEED_SOURCE_FAILED, 5000);
      g_assert_nonnull (strstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source)),
                                cases[i].status));
      g_file_delete (file, NULL, NULL);
    }

  {
    g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/vitrine/feed-script.json");
    g_autoptr(VitrineDemoSource) source = vitrine_demo_source_new ("demo", missing);

    vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
    wait_for_state (VITRINE_FEED_SOURCE (source), VITRINE_FEED_SOURCE_FAILED, 5000);
    g_assert_true (g_str_has_prefix (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source)),
                                     "The demo show’s chat script cannot be read: "));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-source/bundled-script", test_bundled_script);
  g_test_add_func ("/demo-source/loop", test_loop);
  g_test_add_func ("/demo-source/speed-change", test_speed_change);
  g_test_add_func ("/demo-source/broken-scripts", test_broken_scripts);

  return g_test_run ();
}
