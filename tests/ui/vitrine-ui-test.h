/* vitrine-ui-test.h: helpers shared by the ui tests
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "vitrine-application.h"
#include "vitrine-audio-row.h"
#include "vitrine-destination-row.h"
#include "vitrine-preview-paintable.h"
#include "vitrine-window.h"

G_BEGIN_DECLS

typedef gboolean (*VitrineTestCondition) (gpointer data);

static inline gboolean
vitrine_test_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static inline gboolean
vitrine_test_tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds or @timeout_ms pass. A 20 ms
 * tick wakes the loop so a condition is re-checked even when the change
 * came with no event of its own. */
static inline gboolean
vitrine_test_wait (VitrineTestCondition condition,
                   gpointer             data,
                   guint                timeout_ms)
{
  gboolean timed_out = FALSE;
  guint timeout_id;
  guint tick_id;

  if (condition (data))
    return TRUE;

  timeout_id = g_timeout_add (timeout_ms, vitrine_test_flag_cb, &timed_out);
  tick_id = g_timeout_add (20, vitrine_test_tick_cb, NULL);

  while (!timed_out && !condition (data))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick_id);
  if (!timed_out)
    g_source_remove (timeout_id);

  return condition (data);
}

static inline gboolean
vitrine_test_false_cb (gpointer data)
{
  return FALSE;
}

/* Lets the main loop run for @ms (for "nothing more happens" checks). */
static inline void
vitrine_test_run_for (guint ms)
{
  vitrine_test_wait (vitrine_test_false_cb, NULL, ms);
}

/* GAsyncResult catcher. */
typedef struct
{
  GObject      *source;
  GAsyncResult *result;
} VitrineTestAsync;

static inline void
vitrine_test_async_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  VitrineTestAsync *async = user_data;

  async->source = source;
  async->result = g_object_ref (result);
}

static inline gboolean
vitrine_test_async_done (gpointer data)
{
  return ((VitrineTestAsync *) data)->result != NULL;
}

static inline void
vitrine_test_async_clear (VitrineTestAsync *async)
{
  g_clear_object (&async->result);
  async->source = NULL;
}

static inline gboolean
vitrine_test_widget_has_toast_ancestor (GtkWidget *widget)
{
  for (GtkWidget *w = gtk_widget_get_parent (widget); w; w = gtk_widget_get_parent (w))
    {
      /* AdwToastWidget is private; its type name is all we can see. */
      if (strstr (G_OBJECT_TYPE_NAME (w), "Toast") != NULL &&
          !ADW_IS_TOAST_OVERLAY (w))
        return TRUE;
    }

  return FALSE;
}

typedef gboolean (*VitrineTestWidgetMatch) (GtkWidget     *widget,
                                            gconstpointer  data);

/* The first descendant of @root, depth first in child order, that @match
 * accepts. */
static inline GtkWidget *
vitrine_test_find_descendant (GtkWidget              *root,
                              VitrineTestWidgetMatch  match,
                              gconstpointer           data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;

      found = vitrine_test_find_descendant (child, match, data);
      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  const char *needle;
  gboolean    in_toast;
  gboolean    mapped;
} VitrineTestLabelMatch;

static inline gboolean
vitrine_test_label_contains (GtkWidget     *widget,
                             gconstpointer  data)
{
  const VitrineTestLabelMatch *match = data;
  const char *text;

  if (!GTK_IS_LABEL (widget))
    return FALSE;

  text = gtk_label_get_text (GTK_LABEL (widget));

  return text != NULL && strstr (text, match->needle) != NULL &&
         (!match->in_toast || vitrine_test_widget_has_toast_ancestor (widget)) &&
         (!match->mapped || gtk_widget_get_mapped (widget));
}

/* The first GtkLabel under @root whose text contains @needle, optionally
 * only those inside a toast, and only those mapped (on screen). */
static inline GtkLabel *
vitrine_test_find_label (GtkWidget  *root,
                         const char *needle,
                         gboolean    in_toast,
                         gboolean    mapped)
{
  VitrineTestLabelMatch match = { needle, in_toast, mapped };

  return (GtkLabel *) vitrine_test_find_descendant (root, vitrine_test_label_contains, &match);
}

static inline gboolean
vitrine_test_label_is_mapped_text (GtkWidget     *widget,
                                   gconstpointer  text)
{
  return GTK_IS_LABEL (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0 &&
         gtk_widget_get_mapped (widget);
}

/* The first mapped GtkLabel under @root whose whole text is @text. */
static inline GtkLabel *
vitrine_test_find_label_exact (GtkWidget  *root,
                               const char *text)
{
  return (GtkLabel *) vitrine_test_find_descendant (root, vitrine_test_label_is_mapped_text,
                                                    text);
}

static inline gboolean
vitrine_test_label_matches (GtkWidget     *widget,
                            gconstpointer  regex)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_regex_match ((const GRegex *) regex, gtk_label_get_text (GTK_LABEL (widget)), 0, NULL);
}

/* The first mapped GtkLabel under @root whose text matches @pattern (a
 * GRegex; anchor it to match the whole text). */
static inline GtkLabel *
vitrine_test_find_label_matching (GtkWidget  *root,
                                  const char *pattern)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);

  g_assert_nonnull (regex);

  return (GtkLabel *) vitrine_test_find_descendant (root, vitrine_test_label_matches, regex);
}

typedef struct
{
  GType    type;
  gboolean mapped;
} VitrineTestTypeMatch;

static inline gboolean
vitrine_test_widget_has_type (GtkWidget     *widget,
                              gconstpointer  data)
{
  const VitrineTestTypeMatch *match = data;

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, match->type) &&
         (!match->mapped || gtk_widget_get_mapped (widget));
}

/* The first descendant of @root of type @type, optionally only mapped ones. */
static inline GtkWidget *
vitrine_test_find_widget (GtkWidget *root,
                          GType      type,
                          gboolean   mapped)
{
  VitrineTestTypeMatch match = { type, mapped };

  return vitrine_test_find_descendant (root, vitrine_test_widget_has_type, &match);
}

static inline gboolean
vitrine_test_is_row_of (GtkWidget     *widget,
                        gconstpointer  output)
{
  return VITRINE_IS_DESTINATION_ROW (widget) &&
         vitrine_destination_row_get_output (VITRINE_DESTINATION_ROW (widget)) == output;
}

/* The destination row under @root that shows @output. */
static inline VitrineDestinationRow *
vitrine_test_find_destination_row (GtkWidget     *root,
                                   VitrineOutput *output)
{
  return (VitrineDestinationRow *) vitrine_test_find_descendant (root, vitrine_test_is_row_of,
                                                                 output);
}

static inline gboolean
vitrine_test_is_audio_row_of (GtkWidget     *widget,
                              gconstpointer  source_id)
{
  return VITRINE_IS_AUDIO_ROW (widget) &&
         g_strcmp0 (vitrine_audio_row_get_source_id (VITRINE_AUDIO_ROW (widget)), source_id) == 0;
}

/* The audio mixer row under @root for the source @source_id. */
static inline VitrineAudioRow *
vitrine_test_find_audio_row (GtkWidget  *root,
                             const char *source_id)
{
  return (VitrineAudioRow *) vitrine_test_find_descendant (root, vitrine_test_is_audio_row_of,
                                                           source_id);
}

/* The visible AdwMessageDialog among the toplevels, or NULL. */
static inline GtkWidget *
vitrine_test_find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

static inline gboolean
vitrine_test_message_dialog_shown (gpointer data)
{
  return vitrine_test_find_message_dialog () != NULL;
}

static inline gboolean
vitrine_test_widget_is_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

typedef struct
{
  GtkWidget  *root;
  const char *phrase;
} VitrineTestToastWait;

/* A toast label with the phrase, on screen: mapped and, once its slide-in
 * animation is over, entirely inside the root. */
static inline gboolean
vitrine_test_toast_on_screen (gpointer data)
{
  VitrineTestToastWait *w = data;
  GtkLabel *label = vitrine_test_find_label (w->root, w->phrase, TRUE, TRUE);
  GtkWidget *toast = NULL;
  graphene_rect_t bounds;

  if (label == NULL)
    return FALSE;

  /* The outermost toast widget: the one that slides in. */
  for (GtkWidget *p = GTK_WIDGET (label); p != NULL; p = gtk_widget_get_parent (p))
    if (strstr (G_OBJECT_TYPE_NAME (p), "ToastWidget") != NULL)
      toast = p;
  g_assert_nonnull (toast);

  if (!gtk_widget_compute_bounds (toast, w->root, &bounds))
    return FALSE;

  return bounds.origin.y >= 0 && bounds.size.height > 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (w->root);
}

/* Waits until a toast saying @phrase is entirely on screen in @root. */
static inline gboolean
vitrine_test_wait_for_toast (GtkWidget  *root,
                             const char *phrase,
                             guint       timeout_ms)
{
  VitrineTestToastWait wait = { root, phrase };

  return vitrine_test_wait (vitrine_test_toast_on_screen, &wait, timeout_ms);
}

/* Pixels as B, G, R, A bytes (GDK_MEMORY_DEFAULT on little endian). */
static inline guchar *
vitrine_test_download (GdkTexture *texture,
                       gsize      *stride)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  guchar *data;

  *stride = (gsize) width * 4;
  data = g_malloc ((gsize) height * *stride);
  gdk_texture_download (texture, data, *stride);

  return data;
}

/* The preview against a picture taken before: whether an overlay came or
 * went, as the host sees it on the preview. */
typedef struct
{
  VitrinePreviewPaintable *preview;
  GdkTexture              *baseline;
  double                   changed;   /* the last share measured */
} VitrinePixelCheck;

/* A pixel "changed" when a channel moved by more than this. */
#define VITRINE_TEST_CHANGE_THRESHOLD 40

/* The share of the preview's pixels that differ from the baseline. */
static inline double
vitrine_test_share_changed (VitrinePixelCheck *check)
{
  GdkTexture *texture = vitrine_preview_paintable_get_texture (check->preview);
  gsize stride_a, stride_b;
  g_autofree guchar *a = NULL;
  g_autofree guchar *b = NULL;
  int width, height;
  gsize changed = 0;

  if (texture == NULL)
    return 0;
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (gdk_texture_get_width (check->baseline), ==, width);
  a = vitrine_test_download (texture, &stride_a);
  b = vitrine_test_download (check->baseline, &stride_b);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      for (int c = 0; c < 3; c++)
        if (ABS ((int) a[y * stride_a + x * 4 + c] - (int) b[y * stride_b + x * 4 + c]) >
            VITRINE_TEST_CHANGE_THRESHOLD)
          {
            changed++;
            break;
          }

  return (double) changed / ((double) width * height);
}

/* A VitrineTestCondition: over 2 % of the preview differs (an overlay came). */
static G_GNUC_UNUSED gboolean
vitrine_test_preview_changed (gpointer data)
{
  VitrinePixelCheck *check = data;

  check->changed = vitrine_test_share_changed (check);
  return check->changed > 0.02;
}

/* A VitrineTestCondition: the preview is back to the baseline. */
static G_GNUC_UNUSED gboolean
vitrine_test_preview_unchanged (gpointer data)
{
  VitrinePixelCheck *check = data;

  check->changed = vitrine_test_share_changed (check);
  return check->changed < 0.002;
}

static inline double
vitrine_test_mean_brightness (GdkTexture *texture)
{
  gsize stride;
  g_autofree guchar *data = vitrine_test_download (texture, &stride);
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  double sum = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = data + y * stride + x * 4;

        sum += (p[0] + p[1] + p[2]) / 3.0;
      }

  return sum / ((double) width * height);
}

/* How many pixels have a mean channel value above @threshold. */
static inline gsize
vitrine_test_count_bright_pixels (GdkTexture *texture,
                                  guint       threshold)
{
  gsize stride;
  g_autofree guchar *data = vitrine_test_download (texture, &stride);
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize n = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = data + y * stride + x * 4;

        if ((guint) (p[0] + p[1] + p[2]) / 3 > threshold)
          n++;
      }

  return n;
}

/* How many pixels differ between two textures of the same size. */
static inline gsize
vitrine_test_count_different_pixels (GdkTexture *a,
                                     GdkTexture *b)
{
  gsize stride_a;
  gsize stride_b;
  g_autofree guchar *data_a = NULL;
  g_autofree guchar *data_b = NULL;
  int width = gdk_texture_get_width (a);
  int height = gdk_texture_get_height (a);
  gsize n = 0;

  g_assert_cmpint (gdk_texture_get_width (b), ==, width);
  g_assert_cmpint (gdk_texture_get_height (b), ==, height);

  data_a = vitrine_test_download (a, &stride_a);
  data_b = vitrine_test_download (b, &stride_b);

  for (int y = 0; y < height; y++)
    if (memcmp (data_a + y * stride_a, data_b + y * stride_b, width * 4) != 0)
      for (int x = 0; x < width; x++)
        if (memcmp (data_a + y * stride_a + x * 4, data_b + y * stride_b + x * 4, 4) != 0)
          n++;

  return n;
}

/* Renders @widget the way the screen shows it (reliability.md §B3) and
 * saves it as PNG. */
static inline void
vitrine_test_save_screenshot (GtkWidget  *widget,
                              const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* Writes @contents to @dir/@name and returns the path. */
static inline char *
vitrine_test_write_file (const char *dir,
                         const char *name,
                         const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

static inline void
vitrine_test_rm_rf (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

          vitrine_test_rm_rf (child);
          g_object_unref (info);
        }
    }

  g_file_delete (file, NULL, NULL);
}

/* The nginx-rtmp ingest of tests/tools/vitrine-rtmp-server, on 127.0.0.1. */
typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *record_dir;
} VitrineTestRtmpServer;

static inline void
vitrine_test_rtmp_server_start (VitrineTestRtmpServer *server,
                                const char            *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *line = NULL;
  g_autofree char *script = NULL;
  const char *source_root = g_getenv ("VITRINE_SOURCE_ROOT");
  JsonObject *info;

  g_assert_nonnull (source_root);
  script = g_build_filename (source_root, "tests", "tools", "vitrine-rtmp-server", NULL);
  if (!g_file_test (script, G_FILE_TEST_EXISTS))
    g_error ("%s is missing: the RTMP test server is needed", script);

  server->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                      G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                      &error,
                                      "python3", script, "--dir", dir, NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL)
    g_error ("vitrine-rtmp-server exited before printing its address (see its stderr above)");

  node = json_from_string (line, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  info = json_node_get_object (node);
  server->url = g_strdup (json_object_get_string_member (info, "url"));
  server->record_dir = g_strdup (json_object_get_string_member (info, "record_dir"));
  g_assert_true (g_str_has_prefix (server->url, "rtmp://127.0.0.1:"));

  g_test_message ("nginx-rtmp listening at %s", server->url);
}

static inline gboolean
vitrine_test_subprocess_done (gpointer data)
{
  return *(gboolean *) data;
}

static inline void
vitrine_test_subprocess_waited_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static inline void
vitrine_test_rtmp_server_stop (VitrineTestRtmpServer *server)
{
  gboolean done = FALSE;

  if (server->process == NULL)
    return;

  /* EOF on stdin and SIGTERM both ask it to stop nginx gracefully, which
   * lets nginx finish writing its recording. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (server->process), NULL, NULL);
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait_async (server->process, NULL, vitrine_test_subprocess_waited_cb, &done);
  /* Generous: nginx's graceful stop waits for its publishers, and the
   * server kills nginx itself after a few seconds; on a loaded machine that
   * once took longer than 15 s. */
  if (!vitrine_test_wait (vitrine_test_subprocess_done, &done, 40000))
    {
      g_subprocess_force_exit (server->process);
      g_error ("vitrine-rtmp-server did not stop within 40 s");
    }

  g_clear_object (&server->process);
}

static inline void
vitrine_test_rtmp_server_clear (VitrineTestRtmpServer *server)
{
  vitrine_test_rtmp_server_stop (server);
  g_clear_pointer (&server->url, g_free);
  g_clear_pointer (&server->record_dir, g_free);
}

/* nginx names a recording of stream NAME "NAME-<time>.flv" (record_unique). */
static inline gboolean
vitrine_test_is_recording_of (const char *entry,
                              const char *name)
{
  gsize len = strlen (name);

  return g_str_has_suffix (entry, ".flv") && strncmp (entry, name, len) == 0 &&
         (entry[len] == '-' || strcmp (entry + len, ".flv") == 0);
}

/* The paths of the recordings of stream @name in @record_dir (none when
 * there is no such folder), and the smallest one's size (G_MAXINT64 when
 * there is none). */
static inline GPtrArray *
vitrine_test_find_recordings (const char *record_dir,
                              const char *name,
                              goffset    *smallest)
{
  g_autoptr(GDir) dir = g_dir_open (record_dir, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  *smallest = G_MAXINT64;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!vitrine_test_is_recording_of (entry, name))
        continue;
      path = g_build_filename (record_dir, entry, NULL);
      if (g_stat (path, &st) != 0)
        continue;
      *smallest = MIN (*smallest, (goffset) st.st_size);
      g_ptr_array_add (paths, g_steal_pointer (&path));
    }

  return paths;
}

/* ---------------------------------------------------------------------- */
/* The studio, driven as the host drives it                               */

static inline void
vitrine_test_init (int    *argc,
                   char ***argv)
{
  g_test_init (argc, argv, NULL);
  gst_init (argc, argv);
  gtk_init ();
  adw_init ();
}

/* A registered application (as the desktop starts it) and its window,
 * presented at @width × @height. */
static inline VitrineApplication *
vitrine_test_application_new (int             width,
                              int             height,
                              VitrineWindow **window)
{
  g_autoptr(GError) error = NULL;
  VitrineApplication *app = vitrine_application_new ();

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  *window = VITRINE_WINDOW (vitrine_application_ensure_window (app));
  gtk_window_set_default_size (GTK_WINDOW (*window), width, height);
  gtk_window_present (GTK_WINDOW (*window));

  return app;
}

/* Opens @show_file through @app; it must load and run in @window. */
/* The bundled demo show (data/demo/demo-show.json) without its scripted
 * demo feed, for tests that put their own items into the feed: a copy in
 * the temporary folder whose relative paths point back at data/demo. */
static inline GFile *
vitrine_test_demo_show_without_feeds (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("VITRINE_SOURCE_ROOT"), "data", "demo", NULL);
  g_autofree char *path = g_build_filename (dir, "demo-show.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;
  JsonObject *show;
  JsonArray *sources;
  int fd;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  show = json_node_get_object (json_parser_get_root (parser));
  json_object_remove_member (show, "feeds");
  if (json_object_has_member (show, "catalog"))
    {
      g_autofree char *catalog = g_build_filename (dir, json_object_get_string_member (show, "catalog"), NULL);

      json_object_set_string_member (show, "catalog", catalog);
    }
  sources = json_object_get_array_member (show, "sources");
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *source = json_array_get_object_element (sources, i);

      if (json_object_has_member (source, "path") &&
          !g_path_is_absolute (json_object_get_string_member (source, "path")))
        {
          g_autofree char *absolute = g_build_filename (dir, json_object_get_string_member (source, "path"), NULL);

          json_object_set_string_member (source, "path", absolute);
        }
    }

  fd = g_file_open_tmp ("vitrine-demo-show-XXXXXX.json", &copy, &error);
  g_assert_no_error (error);
  close (fd);
  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, copy, &error));
  return g_file_new_for_path (copy);
}

static inline VitrineEngine *
vitrine_test_load_show (VitrineApplication *app,
                        VitrineWindow      *window,
                        GFile              *show_file)
{
  g_autoptr(GError) error = NULL;
  VitrineTestAsync async = { 0 };
  VitrineEngine *engine;

  vitrine_application_load_show_async (app, show_file, NULL, vitrine_test_async_cb, &async);
  g_assert_true (vitrine_test_wait (vitrine_test_async_done, &async, 30000));
  vitrine_application_load_show_finish (app, async.result, &error);
  g_assert_no_error (error);
  vitrine_test_async_clear (&async);

  engine = vitrine_application_get_engine (app);
  g_assert_nonnull (engine);
  g_assert_true (vitrine_window_get_engine (window) == engine);

  return engine;
}

/* Closes the show as quitting does: the engine stops and leaves @window. */
static inline void
vitrine_test_close_show (VitrineApplication *app,
                         VitrineWindow      *window)
{
  g_autoptr(GError) error = NULL;
  VitrineTestAsync async = { 0 };

  vitrine_application_close_show_async (app, NULL, vitrine_test_async_cb, &async);
  g_assert_true (vitrine_test_wait (vitrine_test_async_done, &async, 30000));
  vitrine_application_close_show_finish (app, async.result, &error);
  g_assert_no_error (error);
  vitrine_test_async_clear (&async);
  g_assert_null (vitrine_window_get_engine (window));
}

typedef struct
{
  VitrinePreviewPaintable *preview;
  guint64                  target;
} VitrineTestFrameWait;

static inline gboolean
vitrine_test_frames_reached (gpointer data)
{
  VitrineTestFrameWait *w = data;

  return vitrine_preview_paintable_get_frame_count (w->preview) >= w->target;
}

/* Waits until @preview has shown @target frames in all. */
static inline gboolean
vitrine_test_wait_for_frames (VitrinePreviewPaintable *preview,
                              guint64                  target,
                              guint                    timeout_ms)
{
  VitrineTestFrameWait wait = { preview, target };

  return vitrine_test_wait (vitrine_test_frames_reached, &wait, timeout_ms);
}

static inline gboolean
vitrine_test_output_is_live (gpointer data)
{
  return vitrine_output_get_state (data) == VITRINE_OUTPUT_STATE_LIVE;
}

/* Live, or a state it will not leave by itself. */
static inline gboolean
vitrine_test_output_is_settled (gpointer data)
{
  switch (vitrine_output_get_state (data))
    {
    case VITRINE_OUTPUT_STATE_LIVE:
    case VITRINE_OUTPUT_STATE_REJECTED:
    case VITRINE_OUTPUT_STATE_FAILED:
    case VITRINE_OUTPUT_STATE_STOPPED:
      return TRUE;

    case VITRINE_OUTPUT_STATE_IDLE:
    case VITRINE_OUTPUT_STATE_CONNECTING:
    case VITRINE_OUTPUT_STATE_RECONNECTING:
    default:
      return FALSE;
    }
}

typedef struct
{
  VitrineOutput *output;
  guint64        min_bytes;
} VitrineTestBytesWait;

static inline gboolean
vitrine_test_output_sent_enough (gpointer data)
{
  VitrineTestBytesWait *w = data;

  return vitrine_output_get_bytes (w->output) > w->min_bytes;
}

/* Fails the test unless @output sends more than @min_bytes within
 * @timeout_ms. */
static inline void
vitrine_test_wait_for_bytes_sent (VitrineOutput *output,
                                  guint64        min_bytes,
                                  guint          timeout_ms)
{
  VitrineTestBytesWait wait = { output, min_bytes };

  if (!vitrine_test_wait (vitrine_test_output_sent_enough, &wait, timeout_ms))
    g_error ("Only %" G_GUINT64_FORMAT " bytes were sent to the server in %u s",
             vitrine_output_get_bytes (output), timeout_ms / 1000);
}

static inline gboolean
vitrine_test_engine_is_live (gpointer data)
{
  return vitrine_engine_get_state (data) == VITRINE_ENGINE_STATE_LIVE;
}

static inline gboolean
vitrine_test_engine_is_preview (gpointer data)
{
  return vitrine_engine_get_state (data) == VITRINE_ENGINE_STATE_PREVIEW;
}

/* win.go-live, as the big button does. @output must then go Live within
 * 20 s (the test fails at once if it is rejected, fails or stops instead),
 * and @engine follow it. */
static inline void
vitrine_test_go_live (VitrineWindow *window,
                      VitrineEngine *engine,
                      VitrineOutput *output)
{
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "go-live"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);

  vitrine_test_wait (vitrine_test_output_is_settled, output, 20000);
  if (!vitrine_test_output_is_live (output))
    g_error ("The RTMP destination is “%s”, not Live: %s",
             vitrine_output_state_to_string (vitrine_output_get_state (output)),
             vitrine_output_get_status (output) ? vitrine_output_get_status (output)
                                                : "(no status)");
  g_assert_true (vitrine_test_wait (vitrine_test_engine_is_live, engine, 5000));
}

/* Stop, then confirm, as the host does; @engine must be back in preview. */
static inline void
vitrine_test_end_live (VitrineWindow *window,
                       VitrineEngine *engine)
{
  GtkWidget *dialog;

  g_action_group_activate_action (G_ACTION_GROUP (window), "end-live", NULL);
  if (!vitrine_test_wait (vitrine_test_message_dialog_shown, NULL, 5000))
    g_error ("Stop did not ask for confirmation");
  dialog = vitrine_test_find_message_dialog ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "end");
  /* A click on the button also closes the dialog; response() alone does not. */
  gtk_window_destroy (GTK_WINDOW (dialog));

  if (!vitrine_test_wait (vitrine_test_engine_is_preview, engine, 20000))
    g_error ("The engine is %s 20 s after ending the broadcast, not back in preview",
             vitrine_engine_state_to_string (vitrine_engine_get_state (engine)));
}

/* Widgets by what a user sees: an icon, visibility. */

static inline gboolean
vitrine_test_widget_is_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static inline gboolean
vitrine_test_widget_is_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static inline gboolean
vitrine_test_is_button_with_icon (GtkWidget     *widget,
                     gconstpointer  icon_name)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon_name) == 0;
}

static inline GtkWidget *
vitrine_test_find_button_with_icon (GtkWidget  *root,
                       const char *icon_name)
{
  return vitrine_test_find_descendant (root, vitrine_test_is_button_with_icon, icon_name);
}

static inline gboolean
vitrine_test_is_image_with_icon (GtkWidget     *widget,
                    gconstpointer  icon_name)
{
  return GTK_IS_IMAGE (widget) &&
         gtk_image_get_storage_type (GTK_IMAGE (widget)) == GTK_IMAGE_ICON_NAME &&
         g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), icon_name) == 0;
}

static inline GtkWidget *
vitrine_test_find_image_with_icon (GtkWidget  *root,
                      const char *icon_name)
{
  return vitrine_test_find_descendant (root, vitrine_test_is_image_with_icon, icon_name);
}

G_END_DECLS
