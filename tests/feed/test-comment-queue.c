/* test-comment-queue.c: comments waiting to go on screen
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The queue runs on its own main context here (pushed as the thread
 * default), which the test iterates: what goes on screen, in which order,
 * for how long, and what leaves by itself.
 */

#include "vitrine-comment-queue.h"

#define INTERVAL_MS 150

typedef struct
{
  GMainContext        *context;
  VitrineCommentQueue *queue;
  GPtrArray           *shown;      /* what went on screen, in order ("" for nothing) */
  GArray              *shown_at;   /* gint64, monotonic µs */
} Fixture;

static VitrineFeedItem *
comment (const char *id,
         const char *text)
{
  return vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, "youtube", id, "author", "Ana",
                                     text, NULL);
}

static void
current_cb (VitrineCommentQueue *queue,
            GParamSpec          *pspec,
            Fixture             *f)
{
  VitrineFeedItem *current = vitrine_comment_queue_get_current (queue);
  gint64 now = g_get_monotonic_time ();

  g_ptr_array_add (f->shown, g_strdup (current ? vitrine_feed_item_get_text (current) : ""));
  g_array_append_val (f->shown_at, now);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);
  f->queue = vitrine_comment_queue_new ();
  f->shown = g_ptr_array_new_with_free_func (g_free);
  f->shown_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (f->queue, "notify::current", G_CALLBACK (current_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->queue);
  g_ptr_array_unref (f->shown);
  g_array_unref (f->shown_at);
  g_main_context_pop_thread_default (f->context);
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_main_context_unref (f->context);
}

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the queue's context (only) for @ms. */
static void
run_for (Fixture *f,
         guint    ms)
{
  gboolean done = FALSE;
  GSource *timeout = g_timeout_source_new (ms);

  g_source_set_callback (timeout, flag_cb, &done, NULL);
  g_source_attach (timeout, f->context);
  while (!done)
    g_main_context_iteration (f->context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
}

static void
assert_texts (GListModel         *model,
              const char * const *expected)
{
  guint n = g_strv_length ((GStrv) expected);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineFeedItem) item = g_list_model_get_item (model, i);

      g_assert_cmpstr (vitrine_feed_item_get_text (item), ==, expected[i]);
    }
}

/* Only visible comments with text, once each. */
static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(VitrineFeedItem) a = comment ("a", "first");
  g_autoptr(VitrineFeedItem) hidden = comment ("h", "hidden");
  g_autoptr(VitrineFeedItem) empty = comment ("e", "   ");
  GListModel *model = G_LIST_MODEL (f->queue);

  g_assert_true (g_list_model_get_item_type (model) == VITRINE_TYPE_FEED_ITEM);
  g_assert_true (vitrine_comment_queue_add (f->queue, a));
  g_assert_false (vitrine_comment_queue_add (f->queue, a));
  vitrine_feed_item_set_visibility (hidden, VITRINE_FEED_ITEM_HIDDEN);
  g_assert_false (vitrine_comment_queue_add (f->queue, hidden));
  g_assert_false (vitrine_comment_queue_add (f->queue, empty));
  assert_texts (model, (const char *[]) { "first", NULL });
  g_assert_true (vitrine_comment_queue_contains (f->queue, a));
  g_assert_false (vitrine_comment_queue_contains (f->queue, hidden));
  g_assert_cmpint (vitrine_comment_queue_get_state (f->queue, a), ==, VITRINE_COMMENT_QUEUED);
  /* Waiting for approval: nothing on screen, however long. */
  run_for (f, INTERVAL_MS);
  g_assert_null (vitrine_comment_queue_get_current (f->queue));
  g_assert_cmpuint (f->shown->len, ==, 0);

  /* Bounded. */
  for (guint i = 1; i < VITRINE_COMMENT_QUEUE_MAX_ITEMS; i++)
    {
      g_autofree char *id = g_strdup_printf ("m%u", i);
      g_autoptr(VitrineFeedItem) more = comment (id, "more");

      g_assert_true (vitrine_comment_queue_add (f->queue, more));
    }
  {
    g_autoptr(VitrineFeedItem) one_too_many = comment ("x", "one too many");

    g_assert_false (vitrine_comment_queue_add (f->queue, one_too_many));
  }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, VITRINE_COMMENT_QUEUE_MAX_ITEMS);
  vitrine_comment_queue_clear (f->queue);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
}

/* Approved comments go on screen one at a time, each for the interval,
 * in the queue's order, then the screen is free. */
static void
test_rotation (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(VitrineFeedItem) a = comment ("a", "first");
  g_autoptr(VitrineFeedItem) b = comment ("b", "second");
  g_autoptr(VitrineFeedItem) c = comment ("c", "third");
  GListModel *model = G_LIST_MODEL (f->queue);
  gint64 started;

  g_assert_cmpuint (vitrine_comment_queue_get_seconds (f->queue), ==, 8);
  _vitrine_comment_queue_set_interval_ms (f->queue, INTERVAL_MS);

  vitrine_comment_queue_add (f->queue, a);
  vitrine_comment_queue_add (f->queue, b);
  vitrine_comment_queue_add (f->queue, c);

  /* B approved first: on screen at once. C approved while B is on. */
  started = g_get_monotonic_time ();
  vitrine_comment_queue_approve (f->queue, b);
  g_assert_true (vitrine_comment_queue_get_current (f->queue) == b);
  g_assert_cmpint (vitrine_comment_queue_get_state (f->queue, b), ==,
                   VITRINE_COMMENT_ON_SCREEN);
  vitrine_comment_queue_approve (f->queue, c);
  g_assert_cmpint (vitrine_comment_queue_get_state (f->queue, c), ==, VITRINE_COMMENT_APPROVED);
  g_assert_cmpint (vitrine_comment_queue_get_state (f->queue, a), ==, VITRINE_COMMENT_QUEUED);

  /* B's time is over: it leaves the queue, C follows with nothing between. */
  while (vitrine_comment_queue_get_current (f->queue) == b)
    g_main_context_iteration (f->context, TRUE);
  g_assert_true (vitrine_comment_queue_get_current (f->queue) == c);
  g_assert_cmpint ((g_get_monotonic_time () - started) / 1000, >=, INTERVAL_MS - 5);
  assert_texts (model, (const char *[]) { "first", "third", NULL });

  /* C's time is over; A was never approved: the screen is free. */
  run_for (f, INTERVAL_MS + 100);
  g_assert_null (vitrine_comment_queue_get_current (f->queue));
  assert_texts (model, (const char *[]) { "first", NULL });
  g_assert_cmpuint (f->shown->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->shown, 0), ==, "second");
  g_assert_cmpstr (g_ptr_array_index (f->shown, 1), ==, "third");
  g_assert_cmpstr (g_ptr_array_index (f->shown, 2), ==, "");
  /* Each for its interval, measured. */
  for (guint i = 1; i < f->shown_at->len; i++)
    {
      gint64 ms = (g_array_index (f->shown_at, gint64, i) -
                   g_array_index (f->shown_at, gint64, i - 1)) / 1000;

      g_test_message ("on screen for %" G_GINT64_FORMAT " ms", ms);
      g_assert_cmpint (ms, >=, INTERVAL_MS - 5);
      g_assert_cmpint (ms, <, INTERVAL_MS + 500);
    }

  /* A approved now: on at once. */
  vitrine_comment_queue_approve (f->queue, a);
  g_assert_true (vitrine_comment_queue_get_current (f->queue) == a);
  /* next() (the host took it off): off, and out of the queue. */
  vitrine_comment_queue_next (f->queue);
  g_assert_null (vitrine_comment_queue_get_current (f->queue));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  vitrine_comment_queue_set_seconds (f->queue, 0);
  g_assert_cmpuint (vitrine_comment_queue_get_seconds (f->queue), ==, 1);
  vitrine_comment_queue_set_seconds (f->queue, 12);
  g_assert_cmpuint (vitrine_comment_queue_get_seconds (f->queue), ==, 12);
}

/* Discard and move up; the order of the queue is the order on screen. */
static void
test_order (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VitrineFeedItem) a = comment ("a", "A");
  g_autoptr(VitrineFeedItem) b = comment ("b", "B");
  g_autoptr(VitrineFeedItem) c = comment ("c", "C");
  g_autoptr(VitrineFeedItem) d = comment ("d", "D");
  GListModel *model = G_LIST_MODEL (f->queue);

  _vitrine_comment_queue_set_interval_ms (f->queue, 10000);
  vitrine_comment_queue_set_paused (f->queue, TRUE);
  vitrine_comment_queue_add (f->queue, a);
  vitrine_comment_queue_add (f->queue, b);
  vitrine_comment_queue_add (f->queue, c);
  vitrine_comment_queue_add (f->queue, d);
  vitrine_comment_queue_approve (f->queue, a);
  vitrine_comment_queue_approve (f->queue, b);
  vitrine_comment_queue_approve (f->queue, c);
  /* Paused: approved, yet nothing on screen. */
  g_assert_null (vitrine_comment_queue_get_current (f->queue));

  vitrine_comment_queue_move_up (f->queue, c);
  vitrine_comment_queue_move_up (f->queue, c);
  vitrine_comment_queue_move_up (f->queue, c);
  assert_texts (model, (const char *[]) { "C", "A", "B", "D", NULL });
  vitrine_comment_queue_discard (f->queue, d);
  assert_texts (model, (const char *[]) { "C", "A", "B", NULL });

  vitrine_comment_queue_set_paused (f->queue, FALSE);
  g_assert_true (vitrine_comment_queue_get_current (f->queue) == c);
  /* Discarding the one on screen: the next follows at once. */
  vitrine_comment_queue_discard (f->queue, c);
  g_assert_true (vitrine_comment_queue_get_current (f->queue) == a);
  /* Paused again (the host put another comment on screen directly): A
   * goes back, first in line. */
  vitrine_comment_queue_set_paused (f->queue, TRUE);
  g_assert_null (vitrine_comment_queue_get_current (f->queue));
  g_assert_cmpint (vitrine_comment_queue_get_state (f->queue, a), ==, VITRINE_COMMENT_APPROVED);
  vitrine_comment_queue_set_paused (f->queue, FALSE);
  g_assert_true (vitrine_comment_queue_get_current (f->queue) == a);

  g_assert_cmpuint (f->shown->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (f->shown, 0), ==, "C");
  g_assert_cmpstr (g_ptr_array_index (f->shown, 1), ==, "A");
  g_assert_cmpstr (g_ptr_array_index (f->shown, 2), ==, "");
  g_assert_cmpstr (g_ptr_array_index (f->shown, 3), ==, "A");
}

/* Deleted, banned or hidden: out of the queue, off the screen. */
static void
test_moderated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(VitrineFeedItem) a = comment ("a", "A");
  g_autoptr(VitrineFeedItem) b = comment ("b", "B");
  g_autoptr(VitrineFeedItem) c = comment ("c", "C");
  GListModel *model = G_LIST_MODEL (f->queue);

  _vitrine_comment_queue_set_interval_ms (f->queue, 10000);
  vitrine_comment_queue_add (f->queue, a);
  vitrine_comment_queue_add (f->queue, b);
  vitrine_comment_queue_add (f->queue, c);
  vitrine_comment_queue_approve (f->queue, a);
  vitrine_comment_queue_approve (f->queue, b);
  g_assert_true (vitrine_comment_queue_get_current (f->queue) == a);

  /* Waiting, its author banned: gone. */
  vitrine_feed_item_set_visibility (c, VITRINE_FEED_ITEM_BANNED);
  assert_texts (model, (const char *[]) { "A", "B", NULL });
  /* On screen, deleted on the platform: off, and B follows. */
  vitrine_feed_item_set_visibility (a, VITRINE_FEED_ITEM_DELETED);
  g_assert_true (vitrine_comment_queue_get_current (f->queue) == b);
  assert_texts (model, (const char *[]) { "B", NULL });
  /* Hidden by the host: off, nothing left. */
  vitrine_feed_item_set_visibility (b, VITRINE_FEED_ITEM_HIDDEN);
  g_assert_null (vitrine_comment_queue_get_current (f->queue));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  /* What left is not watched any more. */
  vitrine_feed_item_set_visibility (b, VITRINE_FEED_ITEM_VISIBLE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  g_assert_cmpuint (f->shown->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->shown, 1), ==, "B");
  g_assert_cmpstr (g_ptr_array_index (f->shown, 2), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/comment-queue/add", Fixture, NULL, fixture_set_up, test_add, fixture_tear_down);
  g_test_add ("/comment-queue/rotation", Fixture, NULL, fixture_set_up, test_rotation,
              fixture_tear_down);
  g_test_add ("/comment-queue/order", Fixture, NULL, fixture_set_up, test_order,
              fixture_tear_down);
  g_test_add ("/comment-queue/moderated", Fixture, NULL, fixture_set_up, test_moderated,
              fixture_tear_down);
  return g_test_run ();
}
