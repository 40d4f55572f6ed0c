/* test-bad-show.c: a broken show is explained to the host, and the studio
 * keeps working
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each bad show is opened through the application, exactly as File → Open
 * does. The host must see a toast naming what is wrong (and, with no show
 * running, the same message on the "No show loaded" page); the window must
 * stay up, and a good show opened afterwards must run with a moving
 * preview. A bad show opened while a good one runs must leave it running.
 */

#include "config.h"

#include "vitrine-ui-test.h"

#include "vitrine-product-shelf.h"

typedef struct
{
  const char *name;
  const char *file_name;
  const char *contents;   /* NULL: the file does not exist */
  const char *phrase;     /* what the toast must say */
} BadShow;

#define SHOW_HEAD \
  "{ \"name\": \"Bad show\", \"canvas\": { \"width\": 320, \"height\": 180, \"fps\": 15 },\n"

#define GOOD_SCENES \
  "  \"scenes\": [ { \"id\": \"full\", \"name\": \"Full\", \"layout\": \"full\", " \
  "\"main\": \"pattern\" } ],\n"

#define NO_DESTINATIONS "  \"destinations\": []\n}\n"

static const BadShow bad_shows[] = {
  {
    "missing-file", "no-such-show.json", NULL, "no-such-show.json",
  },
  {
    "invalid-json", "broken.json",
    "{ \"name\": \"Broken\", \"canvas\": { \"width\": 640, ",
    "broken.json",
  },
  {
    "unknown-source-type", "hologram.json",
    SHOW_HEAD
    "  \"sources\": [ { \"id\": \"pattern\", \"type\": \"hologram\" } ],\n"
    GOOD_SCENES
    NO_DESTINATIONS,
    "hologram",
  },
  {
    "negative-bitrate", "bitrate.json",
    SHOW_HEAD
    "  \"sources\": [ { \"id\": \"pattern\", \"type\": \"test-pattern\", \"pattern\": \"ball\" } ],\n"
    GOOD_SCENES
    "  \"encoder\": { \"video_bitrate\": -2500 },\n"
    NO_DESTINATIONS,
    "video_bitrate",
  },
  {
    "missing-camera", "camera.json",
    SHOW_HEAD
    "  \"sources\": [ { \"id\": \"pattern\", \"type\": \"camera\", "
    "\"device\": \"/dev/video-vitrine-missing\" } ],\n"
    GOOD_SCENES
    NO_DESTINATIONS,
    "/dev/video-vitrine-missing",
  },
};

static const char good_show[] =
  "{ \"name\": \"Good show\", \"canvas\": { \"width\": 320, \"height\": 180, \"fps\": 15 },\n"
  "  \"sources\": [ { \"id\": \"pattern\", \"type\": \"test-pattern\", \"pattern\": \"ball\" } ],\n"
  GOOD_SCENES
  "  \"encoder\": { \"video_bitrate\": 500, \"preset\": \"ultrafast\" },\n"
  NO_DESTINATIONS;

typedef struct
{
  VitrineApplication *app;
  VitrineWindow      *window;
  char               *tmpdir;
} Fixture;

static gboolean
is_show_status_page (GtkWidget     *widget,
                     gconstpointer  data)
{
  /* The product shelf has status pages of its own ("No Catalog"). */
  return ADW_IS_STATUS_PAGE (widget) && gtk_widget_get_mapped (widget) &&
         gtk_widget_get_ancestor (widget, VITRINE_TYPE_PRODUCT_SHELF) == NULL;
}

/* The window's "No show loaded" / "The show stopped" page, when mapped. */
static GtkWidget *
find_show_status_page (GtkWidget *window)
{
  return vitrine_test_find_descendant (window, is_show_status_page, NULL);
}

static gboolean
status_page_gone (gpointer data)
{
  return find_show_status_page (data) == NULL;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("vitrine-bad-show-XXXXXX", &error);
  g_assert_no_error (error);

  f->app = vitrine_test_application_new (1100, 700, &f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vitrine_test_close_show (f->app, f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->app);
  vitrine_test_rm_rf (f->tmpdir);
  g_clear_pointer (&f->tmpdir, g_free);
}

/* Opens @file through the application; returns the error it reported. */
static GError *
open_show (Fixture *f,
           GFile   *file)
{
  VitrineTestAsync async = { 0 };
  GError *error = NULL;

  vitrine_application_load_show_async (f->app, file, NULL, vitrine_test_async_cb, &async);
  if (!vitrine_test_wait (vitrine_test_async_done, &async, 30000))
    g_error ("Opening %s did not finish within 30 s", g_file_peek_path (file));
  vitrine_application_load_show_finish (f->app, async.result, &error);
  vitrine_test_async_clear (&async);

  return error;
}

static GFile *
write_show (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autofree char *path = NULL;

  if (contents == NULL)
    path = g_build_filename (f->tmpdir, name, NULL);
  else
    path = vitrine_test_write_file (f->tmpdir, name, contents);

  return g_file_new_for_path (path);
}

static void
assert_toast (Fixture       *f,
              const BadShow *bad)
{
  if (!vitrine_test_wait_for_toast (GTK_WIDGET (f->window), bad->phrase, 5000))
    g_error ("%s: no toast saying “%s” appeared", bad->name, bad->phrase);
}

static void
assert_preview_runs (Fixture *f)
{
  VitrinePreviewPaintable *preview = vitrine_window_get_preview (f->window);
  guint64 target = vitrine_preview_paintable_get_frame_count (preview) + 3;

  if (!vitrine_test_wait_for_frames (preview, target, 15000))
    g_error ("The preview showed no new frame in 15 s (%" G_GUINT64_FORMAT " so far)",
             vitrine_preview_paintable_get_frame_count (preview));
}

static void
test_bad_shows (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GFile) good = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *status_page;
  VitrineEngine *engine;

  for (guint i = 0; i < G_N_ELEMENTS (bad_shows); i++)
    {
      const BadShow *bad = &bad_shows[i];
      g_autoptr(GFile) file = write_show (f, bad->file_name, bad->contents);
      g_autoptr(GError) load_error = NULL;

      g_test_message ("%s", bad->name);

      load_error = open_show (f, file);
      if (load_error == NULL)
        g_error ("%s: the show opened without an error", bad->name);
      g_test_message ("  error: %s", load_error->message);
      g_assert_nonnull (strstr (load_error->message, bad->phrase));

      /* The host is told, in a toast, on screen... */
      assert_toast (f, bad);

      /* ...and, with nothing running, on the "No show loaded" page. */
      g_assert_null (vitrine_application_get_engine (f->app));
      status_page = find_show_status_page (GTK_WIDGET (f->window));
      g_assert_nonnull (status_page);
      g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status_page)), ==,
                       "No show loaded");
      g_assert_nonnull (vitrine_test_find_label (status_page, bad->phrase, FALSE, TRUE));

      /* The window is still there. */
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
      g_assert_true (g_list_find (gtk_application_get_windows (GTK_APPLICATION (f->app)),
                                  f->window) != NULL);
    }

  /* What the host saw last, for a human to look at. */
  {
    g_autofree char *screenshot = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests", "ui",
                                                    "window-bad-show.png", NULL);

    vitrine_test_run_for (500);  /* the end of the toast's slide-in */
    gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
    vitrine_test_save_screenshot (GTK_WIDGET (f->window), screenshot);
    g_test_message ("screenshot: %s", screenshot);
  }

  /* A good show now runs, in the same window, with a moving preview. */
  good = write_show (f, "good.json", good_show);
  error = open_show (f, good);
  g_assert_no_error (error);

  engine = vitrine_application_get_engine (f->app);
  g_assert_nonnull (engine);
  g_assert_true (vitrine_window_get_engine (f->window) == engine);
  assert_preview_runs (f);
  if (!vitrine_test_wait (status_page_gone, f->window, 5000))
    g_error ("The “No show loaded” page is still on screen with a show running");

  /* A bad show opened while it runs is reported and changes nothing. */
  {
    g_autoptr(GFile) file = write_show (f, bad_shows[2].file_name, bad_shows[2].contents);
    g_autoptr(GError) load_error = open_show (f, file);

    g_assert_nonnull (load_error);
    assert_toast (f, &bad_shows[2]);
    g_assert_true (vitrine_application_get_engine (f->app) == engine);
    g_assert_cmpint (vitrine_engine_get_state (engine), ==, VITRINE_ENGINE_STATE_PREVIEW);
    assert_preview_runs (f);
  }
}

int
main (int   argc,
      char *argv[])
{
  vitrine_test_init (&argc, &argv);

  g_test_add ("/bad-show/toasts-and-recovers", Fixture, NULL,
              fixture_setup, test_bad_shows, fixture_teardown);

  return g_test_run ();
}
