/* test-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The show's journal, checked in the database file itself (read with a
 * connection of the test's own) and in what the host takes home: every
 * field of every kind of item comes back exactly, writes are batched, later
 * deletions and bans are recorded, cursors survive a restart, the CSV files
 * and the summary are exact for a fixture show, a read-only place or a
 * failing disk gives a clear error and loses nothing — and a writer killed
 * with SIGKILL mid-show leaves a consistent journal holding every item it
 * had received more than a second before.
 */

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "vitrine-journal.h"

/* 2026-11-21T19:05:31Z */
#define SHOW_START 1795287931

/* ----------------------------------------------------------------------- */
/* Helpers                                                                  */

static GDateTime *
utc_at (gint64 seconds,
        int    usec)
{
  g_autoptr(GDateTime) base = g_date_time_new_from_unix_utc (seconds);

  return g_date_time_add (base, usec);
}

static gint64
to_us (GDateTime *time)
{
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

/* As the CSV writes it: "2026-11-21T19:05:31.250Z". */
static char *
csv_time (GDateTime *time)
{
  g_autofree char *base = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", base, g_date_time_get_microsecond (time) / 1000);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_dir_close (dir);
    }
  g_chmod (path, 0700);
  g_remove (path);
}

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("vitrine-journal-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  /* The journal creates the folders it needs. */
  fixture->path = g_build_filename (fixture->dir, "shows", "2026-11-21", "show.db", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* The test's own connection to the journal's file. */
static sqlite3 *
db_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* Every row of @sql: columns joined by '|', NULL written "∅", rows by '\n'. */
static char *
dump (sqlite3    *db,
      const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          if (i > 0)
            g_string_append_c (out, '|');
          if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
            g_string_append (out, "∅");
          else
            g_string_append (out, (const char *) sqlite3_column_text (stmt, i));
        }
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static gint64
db_int (sqlite3    *db,
        const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static VitrineFeedItem *
item_new (VitrineFeedItemKind  kind,
          const char          *platform,
          const char          *id,
          const char          *author_id,
          const char          *author,
          const char          *text,
          GDateTime           *time)
{
  return vitrine_feed_item_new_full (kind, platform, id, author_id, author, text, time);
}

static void
set_amount (VitrineFeedItem *item,
            gint64           amount,
            const char      *currency)
{
  VitrineMoney money;

  g_assert_true (vitrine_money_init (&money, amount, currency));
  vitrine_feed_item_set_amount (item, &money);
}

static VitrineMoney
money (gint64      amount,
       const char *currency)
{
  VitrineMoney m;

  g_assert_true (vitrine_money_init (&m, amount, currency));
  return m;
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

/* Iterates the main context until *@count changes, for at most @ms. */
static void
wait_for_count (guint *count,
                guint  before,
                guint  ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (*count == before && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

/* ----------------------------------------------------------------------- */
/* Every field comes back                                                   */

static void
assert_item_row (sqlite3         *db,
                 gint64           seq,
                 VitrineFeedItem *item)
{
  static const char * const kinds[] = {
    "notice", "chat", "order", "paid", "membership", "claim", "moderation"
  };
  static const char * const visibilities[] = { "visible", "deleted", "banned", "hidden" };
  const VitrineMoney *amount = vitrine_feed_item_get_amount (item);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT kind, platform, platform_id, author_id, author, "
                                       "text, amount, currency, detail, flags, visibility, "
                                       "time_us, received_us, source_id, typeof (platform_id) "
                                       "FROM items WHERE seq = ?", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, seq);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

#define TEXT(i) ((const char *) sqlite3_column_text (stmt, (i)))
  g_assert_cmpstr (TEXT (0), ==, kinds[vitrine_feed_item_get_kind (item)]);
  g_assert_cmpstr (TEXT (1), ==, vitrine_feed_item_get_platform (item));
  g_assert_cmpstr (TEXT (2), ==, vitrine_feed_item_get_id (item));
  g_assert_cmpstr (TEXT (3), ==, vitrine_feed_item_get_author_id (item));
  g_assert_cmpstr (TEXT (4), ==, vitrine_feed_item_get_author (item));
  g_assert_cmpstr (TEXT (5), ==, vitrine_feed_item_get_text (item));
  if (amount != NULL)
    {
      g_assert_cmpint (sqlite3_column_int64 (stmt, 6), ==, amount->amount);
      g_assert_cmpstr (TEXT (7), ==, amount->currency);
    }
  else
    {
      g_assert_cmpint (sqlite3_column_type (stmt, 6), ==, SQLITE_NULL);
      g_assert_cmpint (sqlite3_column_type (stmt, 7), ==, SQLITE_NULL);
    }
  g_assert_cmpstr (TEXT (8), ==, vitrine_feed_item_get_detail (item));
  g_assert_cmpint (sqlite3_column_int64 (stmt, 9), ==, vitrine_feed_item_get_flags (item));
  g_assert_cmpstr (TEXT (10), ==, visibilities[vitrine_feed_item_get_visibility (item)]);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 11), ==,
                   to_us (vitrine_feed_item_get_time (item)));
  g_assert_cmpint (sqlite3_column_int64 (stmt, 12), ==,
                   to_us (vitrine_feed_item_get_received (item)));
  g_assert_cmpstr (TEXT (13), ==, vitrine_feed_item_get_source_id (item));
  if (vitrine_feed_item_get_id (item) != NULL)
    g_assert_cmpstr (TEXT (14), ==, "text");
#undef TEXT

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(VitrineJournal) journal = NULL;
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) t1 = utc_at (SHOW_START, 123456);
  g_autoptr(GDateTime) t2 = utc_at (SHOW_START + 2, 999999);
  g_autoptr(GDateTime) created = utc_at (SHOW_START - 3600 * 5, 0);
  g_autoptr(GDateTime) updated = utc_at (SHOW_START + 2, 1);
  g_autofree char *orders = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *claims = NULL;
  g_autofree char *states = NULL;
  g_autofree char *events = NULL;
  g_autofree char *expected = NULL;
  VitrineFeedItem *item;
  sqlite3 *db;

  journal = vitrine_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (journal);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
  g_assert_null (vitrine_journal_get_error (journal));
  vitrine_journal_attach_feed (journal, feed);

  /* A member writing right to left, with emoji (a ZWJ family included). */
  item = item_new (VITRINE_FEED_ITEM_CHAT, "youtube",
                   "LCC.CjkKGkNNUzBZalB1Y2c5WkZSU1BkUUFkNEI0EhtDTnpfc2pTc3ZvOERGUlVBQmdn",
                   "UCz8QaiQxApLq8sLNcszYyJw", "مريم 🌙",
                   "שלום عالم 👋🏽 family 👨‍👩‍👧 — A12?", t1);
  vitrine_feed_item_set_flags (item, VITRINE_FEED_ITEM_FLAG_MEMBER |
                                     VITRINE_FEED_ITEM_FLAG_VERIFIED);
  vitrine_feed_item_set_source_id (item, "youtube-main");
  g_ptr_array_add (items, item);

  item = item_new (VITRINE_FEED_ITEM_PAID, "youtube", "LCC.paid1", "UCpaid", "Jörg Müller",
                   "Für die Schals!", t2);
  set_amount (item, 500, "USD");
  vitrine_feed_item_set_detail (item, "Super Chat");
  vitrine_feed_item_set_source_id (item, "youtube-main");
  g_ptr_array_add (items, item);

  /* Ids above 2^53 stay exact: they are text. */
  item = item_new (VITRINE_FEED_ITEM_ORDER, "shopify", "820982911946154508",
                   "18446744073709551615", "Ana P.", "Wool scarf × 2", t2);
  set_amount (item, 6264, "USD");
  vitrine_feed_item_set_detail (item, "Order #1042");
  g_ptr_array_add (items, item);

  item = item_new (VITRINE_FEED_ITEM_PAID, "twitch", "b1c2d3e4-0000-4000-8000-000000000001",
                   "141981764", "山田", "がんばって", t1);
  set_amount (item, 1000, "JPY");
  vitrine_feed_item_set_detail (item, "Cheer 1000");
  vitrine_feed_item_set_flags (item, VITRINE_FEED_ITEM_FLAG_MODERATOR);
  g_ptr_array_add (items, item);

  item = item_new (VITRINE_FEED_ITEM_PAID, "facebook", "fb_1", "fb_user", "سالم", "Stars", t1);
  set_amount (item, 1250, "KWD");
  g_ptr_array_add (items, item);

  item = item_new (VITRINE_FEED_ITEM_MEMBERSHIP, "twitch", "sub-1", "42", "newbie",
                   "Subscribed for 3 months", t1);
  vitrine_feed_item_set_flags (item, VITRINE_FEED_ITEM_FLAG_MEMBER);
  g_ptr_array_add (items, item);

  item = item_new (VITRINE_FEED_ITEM_CLAIM, "twitch", "m77", "43", "Sam", "SOLD A12 M", t1);
  g_ptr_array_add (items, item);

  item = item_new (VITRINE_FEED_ITEM_MODERATION, "twitch", NULL, "44", "troll",
                   "troll was timed out", t1);
  vitrine_feed_item_set_flags (item, VITRINE_FEED_ITEM_FLAG_OWNER);
  g_ptr_array_add (items, item);

  /* The studio's own notice: no platform, no author, no id. */
  item = vitrine_feed_item_new (VITRINE_FEED_ITEM_NOTICE, NULL, NULL, "Live on YouTube", NULL);
  g_ptr_array_add (items, item);

  /* Hidden before it reached the journal: recorded as such. */
  item = item_new (VITRINE_FEED_ITEM_CHAT, "facebook", "fb_2", "fb_user2", "Spam Bot",
                   "<b>cheap</b> pills", t2);
  vitrine_feed_item_set_visibility (item, VITRINE_FEED_ITEM_HIDDEN);
  g_ptr_array_add (items, item);

  for (guint i = 0; i < items->len; i++)
    vitrine_feed_append (feed, g_ptr_array_index (items, i));

  /* Orders, their lines, claims, destination events. */
  {
    VitrineJournalLine order_lines[] = {
      { "gid://shopify/LineItem/14877216325691", "A12", "SCARF-BLU-M", "Wool scarf",
        "Blue / M", 2, money (5800, "USD") },
      { NULL, NULL, NULL, "Gift wrap", NULL, 1, { 0 } },
    };
    VitrineJournalOrder order = {
      .platform = "shopify", .id = "820982911946154508", .name = "#1042",
      .customer = "Ana P. 🧣", .status = "PAID", .total = money (6264, "USD"),
      .created = created, .updated = updated,
      .raw_json = "{\"id\":820982911946154508,\"name\":\"#1042\"}",
      .lines = order_lines, .n_lines = G_N_ELEMENTS (order_lines),
    };
    VitrineJournalClaim claim = {
      .id = "claim-1", .product = "A12", .variant = "M", .quantity = 1, .state = "queued",
      .platform = "twitch", .author_id = "43", .author = "Sam", .item_id = "m77",
      .text = "SOLD A12 M", .time = t1, .updated = t1,
    };

    vitrine_journal_record_order (journal, &order);
    vitrine_journal_record_claim (journal, &claim);
    vitrine_journal_update_claim (journal, "claim-1", "confirmed", t2);
    vitrine_journal_record_destination_event (journal, "youtube-rtmp", "connecting", NULL, t1);
    vitrine_journal_record_destination_event (journal, "youtube-rtmp", "reconnecting",
                                              "YouTube closed the connection; trying again "
                                              "in 2 seconds", t2);
  }

  g_assert_true (vitrine_journal_flush (journal, &error));
  g_assert_no_error (error);

  db = db_open (fixture->path);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM items"), ==, items->len);
  for (guint i = 0; i < items->len; i++)
    assert_item_row (db, i + 1, g_ptr_array_index (items, i));

  orders = dump (db, "SELECT platform, id, typeof (id), name, customer, status, total, currency, "
                     "created_us, updated_us, raw_json FROM orders");
  expected = g_strdup_printf ("shopify|820982911946154508|text|#1042|Ana P. 🧣|PAID|6264|USD|"
                              "%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|"
                              "{\"id\":820982911946154508,\"name\":\"#1042\"}",
                              to_us (created), to_us (updated));
  g_assert_cmpstr (orders, ==, expected);

  lines = dump (db, "SELECT platform, order_id, line_no, id, product, sku, title, variant, "
                    "quantity, total, currency FROM order_lines ORDER BY line_no");
  g_assert_cmpstr (lines, ==,
                   "shopify|820982911946154508|0|gid://shopify/LineItem/14877216325691|A12|"
                   "SCARF-BLU-M|Wool scarf|Blue / M|2|5800|USD\n"
                   "shopify|820982911946154508|1|∅|∅|∅|Gift wrap|∅|1|∅|∅");

  claims = dump (db, "SELECT id, product, variant, quantity, state, platform, author_id, author, "
                     "item_id, text, time_us, created_us, updated_us FROM claims");
  g_free (expected);
  expected = g_strdup_printf ("claim-1|A12|M|1|confirmed|twitch|43|Sam|m77|SOLD A12 M|"
                              "%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT,
                              to_us (t1), to_us (t1), to_us (t2));
  g_assert_cmpstr (claims, ==, expected);

  states = dump (db, "SELECT claim_id, state, time_us FROM claim_states ORDER BY seq");
  g_free (expected);
  expected = g_strdup_printf ("claim-1|queued|%" G_GINT64_FORMAT "\n"
                              "claim-1|confirmed|%" G_GINT64_FORMAT, to_us (t1), to_us (t2));
  g_assert_cmpstr (states, ==, expected);

  events = dump (db, "SELECT destination, state, message, time_us FROM destination_events "
                     "ORDER BY seq");
  g_free (expected);
  expected = g_strdup_printf ("youtube-rtmp|connecting|∅|%" G_GINT64_FORMAT "\n"
                              "youtube-rtmp|reconnecting|YouTube closed the connection; trying "
                              "again in 2 seconds|%" G_GINT64_FORMAT, to_us (t1), to_us (t2));
  g_assert_cmpstr (events, ==, expected);

  sqlite3_close (db);

  g_assert_true (vitrine_journal_close (journal, &error));
  g_assert_no_error (error);
  /* Closing twice is harmless; the WAL is folded back into the file. */
  g_assert_true (vitrine_journal_close (journal, &error));
  {
    g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }
}

/* ----------------------------------------------------------------------- */
/* Batching                                                                 */

static gboolean
visible_in_db (const char *path,
               gint64      count)
{
  sqlite3 *db = db_open (path);
  gboolean seen = db_int (db, "SELECT count(*) FROM items") >= count;

  sqlite3_close (db);
  return seen;
}

static void
test_batching (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(VitrineJournal) journal = NULL;
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (50);
  g_autoptr(GError) error = NULL;
  gint64 start, latency, end;
  guint commits, n = 0, burst_commits, steady_commits;
  sqlite3 *db;

  journal = vitrine_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  vitrine_journal_attach_feed (journal, feed);
  g_assert_cmpuint (vitrine_journal_get_commits (journal), ==, 0);

  /* One item, no flush: the timer commits it, well within a second. */
  {
    g_autoptr(VitrineFeedItem) item = item_new (VITRINE_FEED_ITEM_CHAT, "twitch", "first", "u",
                                                "u", "first", NULL);

    start = g_get_monotonic_time ();
    vitrine_feed_append (feed, item);
    n++;
  }
  while (!visible_in_db (fixture->path, 1))
    {
      g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
      g_usleep (5000);
    }
  latency = g_get_monotonic_time () - start;
  g_test_message ("one item, no flush: committed after %" G_GINT64_FORMAT " ms",
                  latency / 1000);
  g_assert_cmpint (latency, <, G_USEC_PER_SEC);
  g_assert_cmpuint (vitrine_journal_get_commits (journal), ==, 1);

  /* A burst of 5000 items: one or two commits, not 5000. */
  commits = vitrine_journal_get_commits (journal);
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *text = g_strdup_printf ("burst %u", i);
      g_autoptr(VitrineFeedItem) item = item_new (VITRINE_FEED_ITEM_CHAT, "youtube", NULL,
                                                  NULL, "viewer", text, NULL);

      vitrine_feed_append (feed, item);
      n++;
    }
  g_assert_true (vitrine_journal_flush (journal, &error));
  g_assert_no_error (error);
  burst_commits = vitrine_journal_get_commits (journal) - commits;
  g_test_message ("5000 items in a burst: %u commit(s)", burst_commits);
  g_assert_cmpuint (burst_commits, >=, 1);
  g_assert_cmpuint (burst_commits, <=, 2);

  /* A steady stream for 1.5 s (an item every 2 ms, the main loop running):
   * the timer commits about four times a second, whatever the rate. */
  commits = vitrine_journal_get_commits (journal);
  start = g_get_monotonic_time ();
  end = start + 1500 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < end)
    {
      g_autoptr(VitrineFeedItem) item = item_new (VITRINE_FEED_ITEM_CHAT, "facebook", NULL,
                                                  NULL, "viewer", "steady", NULL);

      vitrine_feed_append (feed, item);
      n++;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  steady_commits = vitrine_journal_get_commits (journal) - commits;
  g_assert_true (vitrine_journal_flush (journal, &error));
  g_test_message ("steady stream over 1.5 s: %u commits while it ran", steady_commits);
  g_assert_cmpuint (steady_commits, >=, 3);
  g_assert_cmpuint (steady_commits, <=, 10);

  /* A flood for a whole second, faster than the disk takes it one by one:
   * the backlog goes in a few large commits, not one per item. */
  {
    guint flood = 0;

    commits = vitrine_journal_get_commits (journal);
    end = g_get_monotonic_time () + G_USEC_PER_SEC;
    while (g_get_monotonic_time () < end)
      {
        g_autoptr(VitrineFeedItem) item = item_new (VITRINE_FEED_ITEM_CHAT, "twitch", NULL,
                                                    NULL, "viewer", "flood", NULL);

        vitrine_feed_append (feed, item);
        flood++;
      }
    g_assert_true (vitrine_journal_flush (journal, &error));
    g_assert_no_error (error);
    n += flood;
    g_test_message ("flood of %u items in 1 s: %u commits", flood,
                    vitrine_journal_get_commits (journal) - commits);
    g_assert_cmpuint (vitrine_journal_get_commits (journal) - commits, <=, 10);
  }

  db = db_open (fixture->path);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM items"), ==, n);
  g_assert_cmpint (db_int (db, "SELECT max(seq) FROM items"), ==, n);
  sqlite3_close (db);
  g_assert_cmpuint (vitrine_journal_get_commits (journal), <, n / 50);
}

/* ----------------------------------------------------------------------- */
/* Deletions, bans, hiding                                                  */

static void
test_visibility (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(VitrineJournal) journal = NULL;
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (10);
  g_autoptr(VitrineFeedItem) hidden = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *items = NULL;
  g_autofree char *changes = NULL;
  const char *messages[][2] = {
    { "m1", "u1" }, { "m2", "u2" }, { "m3", "u1" }, { "m4", "u1" }, { "m5", "u3" },
  };
  sqlite3 *db;

  journal = vitrine_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  vitrine_journal_attach_feed (journal, feed);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(VitrineFeedItem) item = item_new (VITRINE_FEED_ITEM_CHAT, "twitch",
                                                  messages[i][0], messages[i][1],
                                                  messages[i][1], "hello", NULL);

      vitrine_feed_append (feed, item);
    }

  /* CLEARMSG for m2, then CLEARCHAT for u1. */
  g_assert_true (vitrine_feed_retract (feed, "twitch", "m2"));
  g_assert_cmpuint (vitrine_feed_ban (feed, "twitch", "u1"), ==, 2);

  /* u1 writes again: arrives banned, which the row itself says. */
  for (guint i = 3; i < 5; i++)
    {
      g_autoptr(VitrineFeedItem) item = item_new (VITRINE_FEED_ITEM_CHAT, "twitch",
                                                  messages[i][0], messages[i][1],
                                                  messages[i][1], "hello", NULL);

      vitrine_feed_append (feed, item);
      if (i == 4)
        hidden = g_object_ref (item);
    }

  /* The host hides m5, then shows it again. */
  vitrine_feed_item_set_visibility (hidden, VITRINE_FEED_ITEM_HIDDEN);
  vitrine_feed_item_set_visibility (hidden, VITRINE_FEED_ITEM_VISIBLE);
  vitrine_feed_item_set_visibility (hidden, VITRINE_FEED_ITEM_HIDDEN);

  g_assert_true (vitrine_journal_flush (journal, &error));
  g_assert_no_error (error);

  db = db_open (fixture->path);
  items = dump (db, "SELECT seq, platform_id, author_id, visibility FROM items ORDER BY seq");
  g_assert_cmpstr (items, ==,
                   "1|m1|u1|banned\n"
                   "2|m2|u2|deleted\n"
                   "3|m3|u1|banned\n"
                   "4|m4|u1|banned\n"
                   "5|m5|u3|hidden");
  changes = dump (db, "SELECT item_seq, platform, platform_id, author_id, visibility "
                      "FROM visibility_changes ORDER BY seq");
  g_assert_cmpstr (changes, ==,
                   "2|twitch|m2|u2|deleted\n"
                   "1|twitch|m1|u1|banned\n"
                   "3|twitch|m3|u1|banned\n"
                   "5|twitch|m5|u3|hidden\n"
                   "5|twitch|m5|u3|visible\n"
                   "5|twitch|m5|u3|hidden");
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM visibility_changes WHERE time_us <= 0"),
                   ==, 0);
  sqlite3_close (db);

  /* Once the journal is gone, items that outlive it change safely. */
  g_assert_true (vitrine_journal_close (journal, &error));
  g_clear_object (&journal);
  vitrine_feed_item_set_visibility (hidden, VITRINE_FEED_ITEM_DELETED);
  {
    g_autoptr(VitrineFeedItem) late = item_new (VITRINE_FEED_ITEM_CHAT, "twitch", "m6", "u4",
                                                "late", "after the show", NULL);

    vitrine_feed_append (feed, late);
  }
}

/* ----------------------------------------------------------------------- */
/* Cursors and orders across a restart                                      */

static void
test_cursors (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(VitrineJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) t1 = utc_at (SHOW_START, 0);
  g_autoptr(GDateTime) t2 = utc_at (SHOW_START + 60, 0);
  g_autofree char *value = NULL;
  g_autofree char *orders = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *cursors = NULL;
  sqlite3 *db;

  journal = vitrine_journal_open (fixture->path, &error);
  g_assert_no_error (error);

  g_assert_null (vitrine_journal_get_cursor (journal, "shopify:orders"));
  vitrine_journal_set_cursor (journal, "shopify:orders", "eyJsYXN0X2lkIjo2MDIxNTQ4MzEwNTg3fQ==");
  value = vitrine_journal_get_cursor (journal, "shopify:orders");
  g_assert_cmpstr (value, ==, "eyJsYXN0X2lkIjo2MDIxNTQ4MzEwNTg3fQ==");

  /* An order seen twice by overlapping polls, the older copy last. */
  {
    VitrineJournalLine v1_lines[] = {
      { "li-1", "A12", "SCARF-BLU-M", "Wool scarf", "Blue / M", 1, money (2900, "USD") },
    };
    VitrineJournalLine v2_lines[] = {
      { "li-1", "A12", "SCARF-BLU-M", "Wool scarf", "Blue / M", 2, money (5800, "USD") },
      { "li-2", "B7", "HAT-RED", "Hat", NULL, 1, money (1500, "USD") },
    };
    VitrineJournalOrder v1 = {
      .platform = "shopify", .id = "gid://shopify/Order/6021548310587", .name = "#1042",
      .status = "PENDING", .total = money (2900, "USD"), .created = t1, .updated = t1,
      .lines = v1_lines, .n_lines = 1,
    };
    VitrineJournalOrder v2 = v1;

    v2.status = "PAID";
    v2.total = money (7300, "USD");
    v2.updated = t2;
    v2.lines = v2_lines;
    v2.n_lines = 2;

    vitrine_journal_record_order (journal, &v1);
    vitrine_journal_record_order (journal, &v2);
    vitrine_journal_record_order (journal, &v1);
  }

  vitrine_journal_set_cursor (journal, "shopify:orders", "2026-11-21T19:06:31Z");
  vitrine_journal_set_cursor (journal, "woocommerce:orders", "4812");
  vitrine_journal_set_cursor (journal, "woocommerce:orders", NULL);
  g_assert_null (vitrine_journal_get_cursor (journal, "woocommerce:orders"));

  g_assert_true (vitrine_journal_close (journal, &error));
  g_assert_no_error (error);
  g_clear_object (&journal);

  /* After a restart the connector finds its place again. */
  journal = vitrine_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&value, g_free);
  value = vitrine_journal_get_cursor (journal, "shopify:orders");
  g_assert_cmpstr (value, ==, "2026-11-21T19:06:31Z");
  g_assert_null (vitrine_journal_get_cursor (journal, "woocommerce:orders"));
  g_assert_true (vitrine_journal_close (journal, &error));

  db = db_open (fixture->path);
  orders = dump (db, "SELECT id, status, total FROM orders");
  g_assert_cmpstr (orders, ==, "gid://shopify/Order/6021548310587|PAID|7300");
  lines = dump (db, "SELECT line_no, id, product, quantity, total FROM order_lines "
                    "ORDER BY line_no");
  g_assert_cmpstr (lines, ==, "0|li-1|A12|2|5800\n1|li-2|B7|1|1500");
  cursors = dump (db, "SELECT key, value FROM cursors");
  g_assert_cmpstr (cursors, ==, "shopify:orders|2026-11-21T19:06:31Z");
  sqlite3_close (db);
}

/* ----------------------------------------------------------------------- */
/* CSV                                                                      */

static void
test_csv_field (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { NULL, "" },
    { "", "" },
    { "plain", "plain" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\r\nlines", "\"two\r\nlines\"" },
    { "=1+2", "'=1+2" },
    { "+1 A12", "'+1 A12" },
    { "-5", "'-5" },
    { "@SUM(A1)", "'@SUM(A1)" },
    { "\tindent", "'\tindent" },
    { "\rline", "\"'\rline\"" },
    { "＝1+2", "'＝1+2" },
    { "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
    { "a=b", "a=b" },
    { "مريم 🌙", "مريم 🌙" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *field = vitrine_journal_csv_field (cases[i].in);

      g_assert_cmpstr (field, ==, cases[i].out);
    }
}

static void
test_csv_items (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(VitrineJournal) journal = NULL;
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (10);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) t1 = utc_at (SHOW_START, 250000);
  g_autoptr(GDateTime) t2 = utc_at (SHOW_START + 61, 7000);
  g_autofree char *csv_path = g_build_filename (fixture->dir, "items.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autoptr(GString) expected = g_string_new ("\xEF\xBB\xBF");
  g_autofree char *contents = NULL;
  char *r[5] = { NULL };
  VitrineFeedItem *item;

  journal = vitrine_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  vitrine_journal_attach_feed (journal, feed);

  item = item_new (VITRINE_FEED_ITEM_CHAT, "twitch", "m1", "u1", "Ana, \"the\" Seller",
                   "=HYPERLINK(\"http://evil.example\",\"click\")", t1);
  vitrine_feed_item_set_flags (item, VITRINE_FEED_ITEM_FLAG_MODERATOR |
                                     VITRINE_FEED_ITEM_FLAG_VERIFIED);
  vitrine_feed_item_set_source_id (item, "twitch-main");
  g_ptr_array_add (items, item);

  item = item_new (VITRINE_FEED_ITEM_PAID, "youtube", "820982911946154508", "UCx", "+1 A12",
                   "@everyone -5 off", t2);
  set_amount (item, 500, "USD");
  vitrine_feed_item_set_detail (item, "Super Chat");
  g_ptr_array_add (items, item);

  item = item_new (VITRINE_FEED_ITEM_CHAT, "facebook", "fb_1", NULL, "-dash",
                   "Je veux A12, taille M 😍", t2);
  g_ptr_array_add (items, item);

  item = item_new (VITRINE_FEED_ITEM_PAID, "facebook", "fb_2", "fb_u", "سالم", "Stars", t2);
  set_amount (item, 1250, "KWD");
  vitrine_feed_item_set_detail (item, "Stars, 125");
  g_ptr_array_add (items, item);

  item = vitrine_feed_item_new (VITRINE_FEED_ITEM_NOTICE, NULL, NULL, "Live on YouTube", t1);
  g_ptr_array_add (items, item);

  for (guint i = 0; i < items->len; i++)
    vitrine_feed_append (feed, g_ptr_array_index (items, i));
  vitrine_feed_retract (feed, "facebook", "fb_1");

  for (guint i = 0; i < items->len; i++)
    r[i] = csv_time (vitrine_feed_item_get_received (g_ptr_array_index (items, i)));

  g_assert_true (vitrine_journal_export_csv (journal, VITRINE_JOURNAL_TABLE_ITEMS, file,
                                             &error));
  g_assert_no_error (error);

  g_string_append (expected, "seq,kind,platform,id,author_id,author,text,amount,currency,"
                             "detail,flags,visibility,time,received,source\r\n");
  g_string_append_printf (expected,
                          "1,chat,twitch,m1,u1,\"Ana, \"\"the\"\" Seller\","
                          "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",,,,"
                          "moderator verified,visible,2026-11-21T19:05:31.250Z,%s,"
                          "twitch-main\r\n", r[0]);
  g_string_append_printf (expected,
                          "2,paid,youtube,820982911946154508,UCx,'+1 A12,'@everyone -5 off,"
                          "5.00,USD,Super Chat,,visible,2026-11-21T19:06:32.007Z,%s,\r\n", r[1]);
  g_string_append_printf (expected,
                          "3,chat,facebook,fb_1,,'-dash,\"Je veux A12, taille M 😍\",,,,,"
                          "deleted,2026-11-21T19:06:32.007Z,%s,\r\n", r[2]);
  g_string_append_printf (expected,
                          "4,paid,facebook,fb_2,fb_u,سالم,Stars,1.250,KWD,\"Stars, 125\",,"
                          "visible,2026-11-21T19:06:32.007Z,%s,\r\n", r[3]);
  g_string_append_printf (expected,
                          "5,notice,,,,,Live on YouTube,,,,,visible,2026-11-21T19:05:31.250Z,"
                          "%s,\r\n", r[4]);

  contents = read_file (csv_path);
  g_assert_cmpstr (contents, ==, expected->str);
  for (guint i = 0; i < G_N_ELEMENTS (r); i++)
    g_free (r[i]);
}

static void
test_csv_claims (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(VitrineJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) t0 = utc_at (SHOW_START, 100000);
  g_autoptr(GDateTime) t1 = utc_at (SHOW_START, 200000);
  g_autoptr(GDateTime) u1 = utc_at (SHOW_START + 1, 0);
  g_autoptr(GDateTime) u2 = utc_at (SHOW_START + 30, 500000);
  g_autofree char *csv_path = g_build_filename (fixture->dir, "exports", "claims.csv", NULL);
  g_autofree char *csv_dir = g_path_get_dirname (csv_path);
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autofree char *contents = NULL;
  VitrineJournalClaim c1 = {
    .id = "c1", .product = "A12", .variant = "M", .quantity = 1, .state = "confirmed",
    .platform = "twitch", .author_id = "u1", .author = "Ana", .item_id = "m1",
    .text = "SOLD A12 M", .time = t1, .updated = u1,
  };
  VitrineJournalClaim c2 = {
    .id = "c2", .product = "A12", .quantity = 2, .state = "waitlisted",
    .platform = "youtube", .author_id = "UCx", .author = "=cmd|' /C calc'!A0",
    .item_id = "LCC.1", .text = "+1 A12", .time = t0, .updated = u1,
  };
  VitrineJournalClaim c3 = {
    .id = "c3", .product = "B7", .variant = "rouge, XL", .quantity = 1, .state = "queued",
    .platform = "facebook", .author = "Zoé", .text = "je prends B7 \"rouge, XL\"",
    .updated = u1,
  };

  journal = vitrine_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  vitrine_journal_record_claim (journal, &c1);
  vitrine_journal_record_claim (journal, &c2);
  vitrine_journal_record_claim (journal, &c3);
  vitrine_journal_update_claim (journal, "c2", "rejected", u2);
  g_assert_true (g_mkdir_with_parents (csv_dir, 0700) == 0);

  g_assert_true (vitrine_journal_export_csv (journal, VITRINE_JOURNAL_TABLE_CLAIMS, file,
                                             &error));
  g_assert_no_error (error);

  /* Platform-timestamp order: c2 was written before c1; c3 has no
   * platform time and sorts by when it was recorded. */
  contents = read_file (csv_path);
  g_assert_cmpstr (contents, ==,
                   "\xEF\xBB\xBF"
                   "id,product,variant,quantity,state,platform,author_id,author,comment_id,"
                   "text,time,created,updated\r\n"
                   "c2,A12,,2,rejected,youtube,UCx,'=cmd|' /C calc'!A0,LCC.1,'+1 A12,"
                   "2026-11-21T19:05:31.100Z,2026-11-21T19:05:32.000Z,"
                   "2026-11-21T19:06:01.500Z\r\n"
                   "c1,A12,M,1,confirmed,twitch,u1,Ana,m1,SOLD A12 M,2026-11-21T19:05:31.200Z,"
                   "2026-11-21T19:05:32.000Z,2026-11-21T19:05:32.000Z\r\n"
                   "c3,B7,\"rouge, XL\",1,queued,facebook,,Zoé,,\"je prends B7 \"\"rouge, "
                   "XL\"\"\",,2026-11-21T19:05:32.000Z,2026-11-21T19:05:32.000Z\r\n");

  /* Writing where nothing can be written: an error, not a crash. */
  {
    g_autoptr(GFile) bad = g_file_new_for_path ("/proc/vitrine-no-such-dir/claims.csv");

    g_assert_false (vitrine_journal_export_csv (journal, VITRINE_JOURNAL_TABLE_CLAIMS, bad,
                                                &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
}

/* ----------------------------------------------------------------------- */
/* Summary                                                                  */

static void
record_fixture_show (VitrineJournal *journal,
                     VitrineFeed    *feed)
{
  g_autoptr(GDateTime) t = utc_at (SHOW_START, 0);
  VitrineJournalLine shopify_1042[] = {
    { "li-1", "A12", "SCARF-BLU-M", "Wool scarf", "Blue / M", 2, money (5800, "USD") },
  };
  VitrineJournalLine shopify_1043[] = {
    { "li-2", "A12", "SCARF-BLU-M", "Wool scarf", "Blue / M", 1, money (2900, "USD") },
    { "li-3", "B7", "HAT-RED", "Hat", NULL, 1, money (1500, "USD") },
  };
  VitrineJournalLine woo_4812[] = {
    { "9911", "A12", "SCARF-BLU-M", "Wollschal - Blau, M", NULL, 2, money (4874, "EUR") },
  };
  VitrineJournalLine woo_4813[] = {
    { "9912", "B7", "HAT-RED", "Mütze", NULL, 1, money (1000, "EUR") },
  };
  VitrineJournalLine woo_4814[] = {
    { "9913", "A12", "SCARF-BLU-M", "Wollschal", NULL, 5, money (12000, "EUR") },
  };
  VitrineJournalLine demo_1[] = {
    { NULL, NULL, NULL, "Mystery box", NULL, 1, money (1200, "EUR") },
  };
  VitrineJournalOrder orders[] = {
    { "shopify", "6021548310587", "#1042", "Ana P.", "PAID", money (6264, "USD"), t, t, NULL,
      shopify_1042, 1 },
    { "shopify", "820982911946154508", "#1043", "Bo", "PENDING", money (4400, "USD"), t, t,
      NULL, shopify_1043, 2 },
    { "woocommerce", "4812", "4812", "Jörg Müller", "processing", money (6290, "EUR"), t, t,
      NULL, woo_4812, 1 },
    { "woocommerce", "4813", "4813", "Cancelled Carl", "cancelled", money (1000, "EUR"), t, t,
      NULL, woo_4813, 1 },
    { "woocommerce", "4814", "4814", "Refunded Rita", "Refunded", money (12000, "EUR"), t, t,
      NULL, woo_4814, 1 },
    { "demo", "d1", "D-1", "Demo Dora", "paid", money (1200, "EUR"), t, t, NULL, demo_1, 1 },
  };
  const struct
  {
    VitrineFeedItemKind kind;
    const char *platform;
    const char *id;
    gint64 amount;
    const char *currency;
    VitrineFeedItemVisibility visibility;
  } items[] = {
    { VITRINE_FEED_ITEM_CHAT, "twitch", "t1", 0, NULL, VITRINE_FEED_ITEM_VISIBLE },
    { VITRINE_FEED_ITEM_CHAT, "twitch", "t2", 0, NULL, VITRINE_FEED_ITEM_DELETED },
    { VITRINE_FEED_ITEM_CHAT, "twitch", "t3", 0, NULL, VITRINE_FEED_ITEM_VISIBLE },
    { VITRINE_FEED_ITEM_CHAT, "youtube", "y1", 0, NULL, VITRINE_FEED_ITEM_VISIBLE },
    { VITRINE_FEED_ITEM_CHAT, "youtube", "y2", 0, NULL, VITRINE_FEED_ITEM_VISIBLE },
    { VITRINE_FEED_ITEM_CHAT, "facebook", "f1", 0, NULL, VITRINE_FEED_ITEM_HIDDEN },
    { VITRINE_FEED_ITEM_PAID, "youtube", "y3", 500, "USD", VITRINE_FEED_ITEM_VISIBLE },
    { VITRINE_FEED_ITEM_PAID, "youtube", "y4", 1000, "USD", VITRINE_FEED_ITEM_VISIBLE },
    { VITRINE_FEED_ITEM_PAID, "twitch", "t4", 200, "EUR", VITRINE_FEED_ITEM_VISIBLE },
    { VITRINE_FEED_ITEM_PAID, "youtube", "y5", 1000, "JPY", VITRINE_FEED_ITEM_VISIBLE },
    /* Neither comments nor paid messages: */
    { VITRINE_FEED_ITEM_ORDER, "shopify", "6021548310587", 6264, "USD",
      VITRINE_FEED_ITEM_VISIBLE },
    { VITRINE_FEED_ITEM_MEMBERSHIP, "youtube", "y6", 0, NULL, VITRINE_FEED_ITEM_VISIBLE },
    { VITRINE_FEED_ITEM_NOTICE, NULL, NULL, 0, NULL, VITRINE_FEED_ITEM_VISIBLE },
  };
  const struct { const char *id; const char *state; } claims[] = {
    { "c1", "confirmed" }, { "c2", "confirmed" }, { "c3", "waitlisted" }, { "c4", "queued" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    vitrine_journal_record_order (journal, &orders[i]);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(VitrineFeedItem) item = item_new (items[i].kind, items[i].platform, items[i].id,
                                                  "someone", "Someone", "text", t);

      if (items[i].currency != NULL)
        set_amount (item, items[i].amount, items[i].currency);
      vitrine_feed_append (feed, item);
      vitrine_feed_item_set_visibility (item, items[i].visibility);
    }

  for (guint i = 0; i < G_N_ELEMENTS (claims); i++)
    {
      VitrineJournalClaim claim = {
        .id = claims[i].id, .product = "A12", .quantity = 1, .state = "queued",
        .platform = "twitch", .time = t,
      };

      vitrine_journal_record_claim (journal, &claim);
      if (g_strcmp0 (claims[i].state, "queued") != 0)
        vitrine_journal_update_claim (journal, claims[i].id, claims[i].state, NULL);
    }
  vitrine_journal_update_claim (journal, "c4", "rejected", NULL);
}

#define EXPECTED_SUMMARY \
  "{\"orders\":4," \
  "\"order_totals\":[{\"currency\":\"EUR\",\"amount\":7490,\"orders\":2}," \
                    "{\"currency\":\"USD\",\"amount\":10664,\"orders\":2}]," \
  "\"products\":[" \
    "{\"product\":\"A12\",\"revenue\":[{\"currency\":\"EUR\",\"amount\":4874}," \
                                     "{\"currency\":\"USD\",\"amount\":8700}],\"units\":5}," \
    "{\"product\":\"B7\",\"revenue\":[{\"currency\":\"USD\",\"amount\":1500}],\"units\":1}," \
    "{\"product\":\"Mystery box\",\"revenue\":[{\"currency\":\"EUR\",\"amount\":1200}]," \
     "\"units\":1}]," \
  "\"platforms\":[" \
    "{\"platform\":\"demo\",\"orders\":1,\"revenue\":[{\"currency\":\"EUR\",\"amount\":1200}]," \
     "\"units\":1}," \
    "{\"platform\":\"shopify\",\"orders\":2,\"revenue\":[{\"currency\":\"USD\"," \
     "\"amount\":10200}],\"units\":4}," \
    "{\"platform\":\"woocommerce\",\"orders\":1,\"revenue\":[{\"currency\":\"EUR\"," \
     "\"amount\":4874}],\"units\":2}]," \
  "\"claims\":[{\"state\":\"confirmed\",\"count\":2},{\"state\":\"rejected\",\"count\":1}," \
              "{\"state\":\"waitlisted\",\"count\":1}]," \
  "\"comments\":[{\"platform\":\"facebook\",\"count\":1,\"removed\":1}," \
                "{\"platform\":\"twitch\",\"count\":3,\"removed\":1}," \
                "{\"platform\":\"youtube\",\"count\":2,\"removed\":0}]," \
  "\"paid\":[{\"currency\":\"EUR\",\"amount\":200,\"count\":1}," \
            "{\"currency\":\"JPY\",\"amount\":1000,\"count\":1}," \
            "{\"currency\":\"USD\",\"amount\":1500,\"count\":2}]}"

static void
summary_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  JsonNode **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = vitrine_journal_get_summary_finish (VITRINE_JOURNAL (object), result, &error);
  g_assert_no_error (error);
}

static void
test_summary (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(VitrineJournal) journal = NULL;
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (5);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(JsonNode) async_summary = NULL;
  g_autoptr(JsonNode) empty = NULL;
  g_autofree char *text = NULL;
  g_autofree char *async_text = NULL;
  g_autofree char *empty_text = NULL;

  journal = vitrine_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  vitrine_journal_attach_feed (journal, feed);

  empty = vitrine_journal_get_summary (journal, &error);
  g_assert_no_error (error);
  empty_text = json_to_string (empty, FALSE);
  g_assert_cmpstr (empty_text, ==,
                   "{\"orders\":0,\"order_totals\":[],\"products\":[],\"platforms\":[],"
                   "\"claims\":[],\"comments\":[],\"paid\":[]}");

  record_fixture_show (journal, feed);

  /* No flush: the summary includes everything recorded before it. */
  summary = vitrine_journal_get_summary (journal, &error);
  g_assert_no_error (error);
  text = json_to_string (summary, FALSE);
  g_assert_cmpstr (text, ==, EXPECTED_SUMMARY);

  vitrine_journal_get_summary_async (journal, NULL, summary_ready_cb, &async_summary);
  while (async_summary == NULL)
    g_main_context_iteration (NULL, TRUE);
  async_text = json_to_string (async_summary, FALSE);
  g_assert_cmpstr (async_text, ==, EXPECTED_SUMMARY);
}

/* ----------------------------------------------------------------------- */
/* Errors: read-only places, failing disks, foreign files                   */

static char *
read_only_dir (void)
{
  return g_strdup_printf ("%s/vitrine-journal-ro-%d", g_get_tmp_dir (),
                          g_test_subprocess () ? (int) getppid () : (int) getpid ());
}

static void
test_read_only (void)
{
  g_autofree char *dir = read_only_dir ();
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *open_dir = g_build_filename (dir, "open", NULL);
  g_autofree char *existing = g_build_filename (open_dir, "old-show.db", NULL);

  if (g_test_subprocess ())
    {
      g_autofree char *in_locked = g_build_filename (locked, "show.db", NULL);
      g_autofree char *deep = g_build_filename (locked, "2026", "11", "show.db", NULL);
      g_autoptr(GError) error = NULL;
      VitrineJournal *journal;

      /* root writes anywhere: become nobody, as a user would be. */
      if (geteuid () == 0)
        {
          g_assert_cmpint (setgid (65534), ==, 0);
          g_assert_cmpint (setuid (65534), ==, 0);
        }

      journal = vitrine_journal_open (in_locked, &error);
      g_assert_null (journal);
      g_assert_error (error, VITRINE_JOURNAL_ERROR, VITRINE_JOURNAL_ERROR_READ_ONLY);
      g_assert_nonnull (strstr (error->message, in_locked));
      g_assert_nonnull (strstr (error->message, "read-only"));
      g_test_message ("%s", error->message);
      g_clear_error (&error);

      journal = vitrine_journal_open (deep, &error);
      g_assert_null (journal);
      g_assert_error (error, VITRINE_JOURNAL_ERROR, VITRINE_JOURNAL_ERROR_READ_ONLY);
      g_test_message ("%s", error->message);
      g_clear_error (&error);

      /* SQLite would open a write-protected journal read-only, quietly. */
      journal = vitrine_journal_open (existing, &error);
      g_assert_null (journal);
      g_assert_error (error, VITRINE_JOURNAL_ERROR, VITRINE_JOURNAL_ERROR_READ_ONLY);
      g_assert_nonnull (strstr (error->message, existing));
      g_test_message ("%s", error->message);
      return;
    }

  {
    g_autoptr(VitrineJournal) journal = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (g_mkdir_with_parents (locked, 0700), ==, 0);
    g_assert_cmpint (g_mkdir_with_parents (open_dir, 0700), ==, 0);
    journal = vitrine_journal_open (existing, &error);
    g_assert_no_error (error);
    g_assert_true (vitrine_journal_close (journal, &error));
    g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
    g_assert_cmpint (g_chmod (locked, 0555), ==, 0);
    g_assert_cmpint (g_chmod (open_dir, 0777), ==, 0);
    g_assert_cmpint (g_chmod (existing, 0444), ==, 0);
  }

  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  remove_tree (dir);
  g_test_trap_assert_passed ();
}

static void
test_disk_error (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(VitrineJournal) journal = NULL;
  g_autoptr(VitrineFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  struct rlimit saved, none;
  guint notified = 0;
  sqlite3 *db;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  dir = g_dir_make_tmp ("vitrine-journal-XXXXXX", NULL);
  path = g_build_filename (dir, "show.db", NULL);
  feed = vitrine_feed_new (100);
  journal = vitrine_journal_open (path, &error);
  g_assert_no_error (error);
  vitrine_journal_attach_feed (journal, feed);
  g_signal_connect (journal, "notify::error", G_CALLBACK (notify_cb), &notified);

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(VitrineFeedItem) item = item_new (VITRINE_FEED_ITEM_CHAT, "twitch", NULL, NULL,
                                                  "a", "before", NULL);
      vitrine_feed_append (feed, item);
    }
  g_assert_true (vitrine_journal_flush (journal, &error));

  /* The disk refuses every write (as if full; EFBIG here, since the test
   * cannot fill a real disk): the items wait in memory. */
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  none = saved;
  none.rlim_cur = 0;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &none), ==, 0);

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(VitrineFeedItem) item = item_new (VITRINE_FEED_ITEM_CHAT, "twitch", NULL, NULL,
                                                  "b", "during", NULL);
      vitrine_feed_append (feed, item);
    }
  g_assert_false (vitrine_journal_flush (journal, &error));
  g_assert_error (error, VITRINE_JOURNAL_ERROR, VITRINE_JOURNAL_ERROR_IO);
  g_test_message ("flush: %s", error->message);
  g_assert_nonnull (strstr (error->message, "10 entries"));
  g_clear_error (&error);

  /* The host is told, on the main loop, through the property. */
  wait_for_count (&notified, 0, 5000);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_nonnull (vitrine_journal_get_error (journal));
  g_assert_error ((GError *) vitrine_journal_get_error (journal),
                  VITRINE_JOURNAL_ERROR, VITRINE_JOURNAL_ERROR_IO);
  g_test_message ("property: %s", vitrine_journal_get_error (journal)->message);
  g_assert_nonnull (strstr (vitrine_journal_get_error (journal)->message, "10 entries wait"));

  /* Space again: the next try saves everything and the error goes away. */
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  g_assert_true (vitrine_journal_flush (journal, &error));
  g_assert_no_error (error);
  wait_for_count (&notified, 1, 5000);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_null (vitrine_journal_get_error (journal));

  db = db_open (path);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM items"), ==, 20);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM items WHERE text = 'during'"), ==, 10);
  g_assert_cmpint (db_int (db, "SELECT max(seq) FROM items"), ==, 20);
  sqlite3_close (db);

  g_assert_true (vitrine_journal_close (journal, &error));
  remove_tree (dir);
}

static void
test_schema (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(VitrineJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text_file = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_autofree char *foreign = g_build_filename (fixture->dir, "foreign.db", NULL);
  g_autofree char *version = NULL;
  sqlite3 *db;

  journal = vitrine_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(VitrineFeedItem) item = item_new (VITRINE_FEED_ITEM_CHAT, "twitch", NULL, NULL,
                                                "a", "one", NULL);

    g_assert_cmpint (vitrine_journal_record_item (journal, item), ==, 1);
  }
  g_assert_true (vitrine_journal_close (journal, &error));
  g_clear_object (&journal);

  db = db_open (fixture->path);
  version = dump (db, "SELECT version FROM schema_version");
  g_assert_cmpstr (version, ==, "1");
  g_assert_cmpint (db_int (db, "PRAGMA application_id"), ==, 0x5654524E);
  sqlite3_close (db);

  /* Reopened: WAL again, and numbering goes on. */
  journal = vitrine_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  db = db_open (fixture->path);
  g_clear_pointer (&version, g_free);
  version = dump (db, "PRAGMA journal_mode");
  g_assert_cmpstr (version, ==, "wal");
  sqlite3_close (db);
  {
    g_autoptr(VitrineFeedItem) item = item_new (VITRINE_FEED_ITEM_CHAT, "twitch", NULL, NULL,
                                                "a", "two", NULL);

    g_assert_cmpint (vitrine_journal_record_item (journal, item), ==, 2);
  }
  g_assert_true (vitrine_journal_close (journal, &error));
  g_clear_object (&journal);

  /* Written by a newer Vitrine. */
  db = db_open (fixture->path);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE schema_version SET version = 99", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  journal = vitrine_journal_open (fixture->path, &error);
  g_assert_null (journal);
  g_assert_error (error, VITRINE_JOURNAL_ERROR, VITRINE_JOURNAL_ERROR_TOO_NEW);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Not a database at all. */
  g_assert_true (g_file_set_contents (text_file, "Shopping list: scarves, hats, gloves.\n"
                                      "Nothing like SQLite in here, just words.\n", -1, NULL));
  journal = vitrine_journal_open (text_file, &error);
  g_assert_null (journal);
  g_assert_error (error, VITRINE_JOURNAL_ERROR, VITRINE_JOURNAL_ERROR_DAMAGED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Someone else's database: left alone. */
  db = NULL;
  g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE recipes (name TEXT)", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  journal = vitrine_journal_open (foreign, &error);
  g_assert_null (journal);
  g_assert_error (error, VITRINE_JOURNAL_ERROR, VITRINE_JOURNAL_ERROR_DAMAGED);
  g_clear_error (&error);
  db = db_open (foreign);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM sqlite_schema"), ==, 1);
  g_clear_pointer (&version, g_free);
  version = dump (db, "PRAGMA journal_mode");
  g_assert_cmpstr (version, ==, "delete");
  sqlite3_close (db);
}

static void
open_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  VitrineJournal **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = vitrine_journal_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out);
}

static void
bool_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  int *state = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (G_TASK (result)) == vitrine_journal_flush_async)
    ok = vitrine_journal_flush_finish (VITRINE_JOURNAL (object), result, &error);
  else
    ok = vitrine_journal_export_csv_finish (VITRINE_JOURNAL (object), result, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  (*state)++;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(VitrineJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = g_build_filename (fixture->dir, "items.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  int done = 0;

  vitrine_journal_open_async (fixture->path, NULL, open_ready_cb, &journal);
  while (journal == NULL)
    g_main_context_iteration (NULL, TRUE);

  {
    g_autoptr(VitrineFeedItem) item = item_new (VITRINE_FEED_ITEM_CHAT, "twitch", NULL, NULL,
                                                "a", "async", NULL);

    vitrine_journal_record_item (journal, item);
  }
  vitrine_journal_flush_async (journal, NULL, bool_ready_cb, &done);
  vitrine_journal_export_csv_async (journal, VITRINE_JOURNAL_TABLE_ITEMS, file, NULL,
                                    bool_ready_cb, &done);
  while (done < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_test (csv_path, G_FILE_TEST_IS_REGULAR));

  g_assert_true (vitrine_journal_close (journal, &error));
  g_assert_false (vitrine_journal_flush (journal, &error));
  g_assert_error (error, VITRINE_JOURNAL_ERROR, VITRINE_JOURNAL_ERROR_CLOSED);
}

/* ----------------------------------------------------------------------- */
/* kill -9 mid-show (acceptance 5)                                          */

typedef struct
{
  GSubprocess      *writer;
  GDataInputStream *lines;
  GArray           *sent_at;    /* gint64, [n - 1] for item n */
  gint64            kill_time;
  gboolean          eof;
  GError           *error;
} Crash;

static void
line_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Crash *crash = user_data;
  g_autofree char *line = NULL;
  guint64 n;
  gint64 sent;

  line = g_data_input_stream_read_line_finish_utf8 (crash->lines, result, NULL, &crash->error);
  if (line == NULL)
    {
      crash->eof = TRUE;
      return;
    }

  g_assert_cmpint (sscanf (line, "%" G_GUINT64_FORMAT " %" G_GINT64_FORMAT, &n, &sent), ==, 2);
  g_assert_cmpuint (n, ==, crash->sent_at->len + 1);
  g_array_append_val (crash->sent_at, sent);
  g_data_input_stream_read_line_async (crash->lines, G_PRIORITY_DEFAULT, NULL,
                                       line_ready_cb, crash);
}

static char *
writer_path (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      char *path = g_build_filename (dir, "journal-writer", NULL);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return path;
      g_free (path);
    }
  return g_test_build_filename (G_TEST_BUILT, "feed", "journal-writer", NULL);
}

/* One run: returns the worst loss window, in µs (how long before the kill
 * the oldest item missing from the journal had been received; 0 if none). */
static gint64
crash_once (const char *dir,
            guint       run,
            guint       kill_after_ms)
{
  g_autofree char *path = g_strdup_printf ("%s/crash-%u/show.db", dir, run);
  g_autofree char *writer = writer_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *integrity = NULL;
  g_autoptr(VitrineJournal) reopened = NULL;
  Crash crash = { 0 };
  gint64 spawned, kept, worst_age = 0, newest_kept_age;
  gboolean killed = FALSE;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  crash.writer = g_subprocess_launcher_spawn (launcher, &error, writer, path, NULL);
  g_assert_no_error (error);
  spawned = g_get_monotonic_time ();
  crash.sent_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  crash.lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (crash.writer));
  g_data_input_stream_read_line_async (crash.lines, G_PRIORITY_DEFAULT, NULL,
                                       line_ready_cb, &crash);

  /* Read while the show runs; then SIGKILL, and read what it had said. */
  while (!crash.eof)
    {
      if (!killed && g_get_monotonic_time () - spawned >= kill_after_ms * 1000)
        {
          crash.kill_time = g_get_monotonic_time ();
          g_subprocess_force_exit (crash.writer);
          killed = TRUE;
        }
      g_main_context_iteration (NULL, killed);
      if (!killed)
        g_usleep (1000);
    }
  g_assert_no_error (crash.error);
  g_assert_true (killed);
  g_assert_true (g_subprocess_wait (crash.writer, NULL, &error));
  g_assert_true (g_subprocess_get_if_signaled (crash.writer));
  g_assert_cmpint (g_subprocess_get_term_sig (crash.writer), ==, SIGKILL);
  g_assert_cmpuint (crash.sent_at->len, >, 1000);

  /* The file is consistent, and holds a prefix of what was sent. */
  db = db_open (path);
  integrity = dump (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  kept = db_int (db, "SELECT count(*) FROM items");
  g_assert_cmpint (db_int (db, "SELECT coalesce(max(seq), 0) FROM items"), ==, kept);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT seq, text FROM items ORDER BY seq", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *expected = g_strdup_printf ("item %" G_GINT64_FORMAT " ",
                                                   (gint64) sqlite3_column_int64 (stmt, 0));

      g_assert_true (g_str_has_prefix ((const char *) sqlite3_column_text (stmt, 1), expected));
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM visibility_changes "
                              "WHERE item_seq > (SELECT max(seq) FROM items)"), ==, 0);
  sqlite3_close (db);

  /* Every item sent more than a second before the kill is there. */
  for (guint n = 1; n <= crash.sent_at->len; n++)
    {
      gint64 age = crash.kill_time - g_array_index (crash.sent_at, gint64, n - 1);

      if ((gint64) n > kept)
        {
          worst_age = MAX (worst_age, age);
          g_assert_cmpint (age, <=, G_USEC_PER_SEC);
        }
    }
  newest_kept_age = kept > 0 && kept <= (gint64) crash.sent_at->len
                    ? crash.kill_time - g_array_index (crash.sent_at, gint64, kept - 1) : 0;
  g_test_message ("run %u: killed after %u ms; %u items reported, %" G_GINT64_FORMAT
                  " in the journal; oldest lost item received %" G_GINT64_FORMAT
                  " ms before the kill, newest kept %" G_GINT64_FORMAT " ms before",
                  run, kill_after_ms, crash.sent_at->len, kept, worst_age / 1000,
                  newest_kept_age / 1000);

  /* And the journal opens again after the crash, numbering on. */
  reopened = vitrine_journal_open (path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(VitrineFeedItem) item = item_new (VITRINE_FEED_ITEM_NOTICE, NULL, NULL, NULL, NULL,
                                                "Vitrine restarted", NULL);

    g_assert_cmpint (vitrine_journal_record_item (reopened, item), ==, kept + 1);
  }
  g_assert_true (vitrine_journal_close (reopened, &error));

  g_object_unref (crash.lines);
  g_object_unref (crash.writer);
  g_array_unref (crash.sent_at);
  return worst_age;
}

static void
test_crash (Fixture       *fixture,
            gconstpointer  data)
{
  const guint kill_after_ms[] = { 2300, 3000, 3400 };
  gint64 worst = 0;

  for (guint run = 0; run < G_N_ELEMENTS (kill_after_ms); run++)
    {
      gint64 loss = crash_once (fixture->dir, run, kill_after_ms[run]);

      worst = MAX (worst, loss);
    }

  g_test_message ("worst loss window over %u kills: %" G_GINT64_FORMAT " ms (limit 1000 ms)",
                  (guint) G_N_ELEMENTS (kill_after_ms), worst / 1000);
  g_assert_cmpint (worst, <=, G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/journal/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("round-trip", test_round_trip);
  ADD ("batching", test_batching);
  ADD ("visibility", test_visibility);
  ADD ("cursors", test_cursors);
  g_test_add_func ("/journal/csv/field", test_csv_field);
  ADD ("csv/items", test_csv_items);
  ADD ("csv/claims", test_csv_claims);
  ADD ("summary", test_summary);
  g_test_add_func ("/journal/read-only", test_read_only);
  g_test_add_func ("/journal/disk-error", test_disk_error);
  ADD ("schema", test_schema);
  ADD ("async", test_async);
  ADD ("crash", test_crash);

  return g_test_run ();
}
