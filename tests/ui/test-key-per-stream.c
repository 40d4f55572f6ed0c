/* test-key-per-stream.c: a platform that issues a new stream key for every
 * live (TikTok) gets this stream's key from the Go Live dialog, never from
 * or into the keyring
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A show with a TikTok destination pointing at a local nginx-rtmp
 * (tests/tools/vitrine-rtmp-server) and a recording is opened through
 * VitrineApplication. As a host would:
 *
 *  1. win.go-live asks for this stream's key in one dialog, with one
 *     password row titled after the destination (a screenshot of it is
 *     saved as tests/ui/key-per-stream-dialog.png in the build directory);
 *     a random key is typed and the dialog's "Go Live" button pressed: the
 *     destination goes Live and nginx records <key>-*.flv.
 *  2. Stop (confirmed): the key is forgotten (has-stream-key is FALSE) and
 *     the row's key field is empty again.
 *  3. Go Live again: the dialog is back, since the key was forgotten;
 *     "Cancel" leaves the studio in preview, nothing connects.
 *  4. The destination row's own key field, "Stream Key (This Stream Only)":
 *     a key applied there is used without asking, for that stream only.
 *
 * The keyring must never be touched. DBUS_SESSION_BUS_ADDRESS points at a
 * socket of ours that hangs up on every connection, so any keyring call
 * fails, which the app would show as an error toast or a failed
 * destination; the socket also counts the connections, and none may come
 * once the studio is up. At the end a keyring look-up through
 * vitrine-secrets checks that the trap indeed catches (and fails) one.
 */

#include "config.h"

#include <gio/gunixsocketaddress.h>

#include "vitrine-secrets.h"
#include "vitrine-ui-test.h"

#define DESTINATION_ID   "tiktok"
#define DESTINATION_NAME "TikTok"
/* About a second and a half of the show's 500 kb/s stream. */
#define MIN_BYTES_SENT   (90 * 1000)

/* ---------------------------------------------------------------------- */
/* A session bus that hangs up on everyone, and counts who called         */

typedef struct
{
  char         *dir;
  char         *address;
  GSocket      *socket;
  GCancellable *cancellable;
  GThread      *thread;
  gint          connections;  /* atomic */
} BusTrap;

static BusTrap bus_trap;

/* Its own thread: a client's g_bus_get_sync() blocks the main thread until
 * the bus answers, so the main loop cannot be the one hanging up. */
static gpointer
bus_trap_thread (gpointer data)
{
  BusTrap *trap = data;

  while (!g_cancellable_is_cancelled (trap->cancellable))
    {
      g_autoptr(GSocket) client = g_socket_accept (trap->socket, trap->cancellable, NULL);

      if (client == NULL)
        continue;
      g_atomic_int_inc (&trap->connections);
      g_socket_close (client, NULL);
    }

  return NULL;
}

/* Before any other thread runs: setenv() is not thread-safe. */
static void
bus_trap_start (BusTrap *trap)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *path = NULL;

  trap->dir = g_dir_make_tmp ("vitrine-no-bus-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (trap->dir, "bus", NULL);
  trap->address = g_strdup_printf ("unix:path=%s", path);

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", trap->address, TRUE);
  g_unsetenv ("DBUS_STARTER_ADDRESS");
  g_unsetenv ("DBUS_STARTER_BUS_TYPE");
  g_unsetenv ("SECRET_BACKEND");
  g_unsetenv ("VITRINE_KEY_" DESTINATION_ID);
  g_unsetenv ("VITRINE_KEY_TIKTOK");

  trap->socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                               G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (path);
  g_socket_bind (trap->socket, address, FALSE, &error);
  g_assert_no_error (error);
  g_socket_listen (trap->socket, &error);
  g_assert_no_error (error);

  trap->cancellable = g_cancellable_new ();
  trap->thread = g_thread_new ("bus-trap", bus_trap_thread, trap);
}

static guint
bus_trap_connections (BusTrap *trap)
{
  return (guint) g_atomic_int_get (&trap->connections);
}

static void
bus_trap_stop (BusTrap *trap)
{
  g_cancellable_cancel (trap->cancellable);
  g_thread_join (g_steal_pointer (&trap->thread));
  g_socket_close (trap->socket, NULL);
  g_clear_object (&trap->socket);
  g_clear_object (&trap->cancellable);
  vitrine_test_rm_rf (trap->dir);
  g_clear_pointer (&trap->dir, g_free);
  g_clear_pointer (&trap->address, g_free);
}

/* ---------------------------------------------------------------------- */
/* What would show a keyring call: failures                               */

typedef struct
{
  GPtrArray *failures;  /* (element-type utf8): what went wrong, in order */
} Watch;

static void
engine_error_cb (VitrineEngine *engine,
                 GError        *error,
                 Watch         *watch)
{
  g_ptr_array_add (watch->failures, g_strdup_printf ("engine error: %s", error->message));
}

static void
output_state_cb (VitrineOutput *output,
                 GParamSpec    *pspec,
                 Watch         *watch)
{
  VitrineOutputState state = vitrine_output_get_state (output);

  if (state == VITRINE_OUTPUT_STATE_FAILED || state == VITRINE_OUTPUT_STATE_REJECTED)
    g_ptr_array_add (watch->failures,
                     g_strdup_printf ("%s is %s: %s", vitrine_output_get_name (output),
                                      vitrine_output_state_to_string (state),
                                      vitrine_output_get_status (output)
                                      ? vitrine_output_get_status (output) : "(no status)"));
}

static void
watch_engine (Watch         *watch,
              VitrineEngine *engine)
{
  GListModel *outputs = vitrine_engine_get_outputs (engine);

  g_signal_connect (engine, "error", G_CALLBACK (engine_error_cb), watch);
  for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
    {
      g_autoptr(VitrineOutput) output = g_list_model_get_item (outputs, i);

      g_signal_connect (output, "notify::state", G_CALLBACK (output_state_cb), watch);
    }
}

static void
collect_toasts (GtkWidget *root,
                GPtrArray *texts)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && vitrine_test_widget_has_toast_ancestor (child))
        g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (child))));
      collect_toasts (child, texts);
    }
}

/* Fails the test if anything failed so far, if the window shows an error
 * toast (one with a Details button) or any toast about a key or the
 * keyring, or if anyone connected to the session bus since @baseline. */
static void
assert_no_failure (Watch         *watch,
                   VitrineWindow *window,
                   guint          baseline,
                   const char    *when)
{
  g_autoptr(GPtrArray) toasts = g_ptr_array_new_with_free_func (g_free);
  guint calls = bus_trap_connections (&bus_trap) - baseline;

  for (guint i = 0; i < watch->failures->len; i++)
    g_test_message ("%s: %s", when, (char *) g_ptr_array_index (watch->failures, i));
  if (watch->failures->len > 0)
    g_error ("%s: %u failure(s), see above", when, watch->failures->len);

  collect_toasts (GTK_WIDGET (window), toasts);
  for (guint i = 0; i < toasts->len; i++)
    {
      const char *text = g_ptr_array_index (toasts, i);

      g_test_message ("%s: toast “%s”", when, text);
      if (g_strcmp0 (text, "Details") == 0 || strstr (text, "keyring") != NULL ||
          strstr (text, "No stream key") != NULL ||
          strstr (text, "new stream key for every live") != NULL)
        g_error ("%s: the window shows a toast about a failure: “%s”", when, text);
    }

  if (calls > 0)
    g_error ("%s: %u connection(s) to the session bus: something asked the keyring", when,
             calls);
}

/* ---------------------------------------------------------------------- */
/* The window                                                             */

/* A button whose label, mnemonic underscores aside, is @label. */
static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  g_autoptr(GString) text = NULL;

  if (!GTK_IS_BUTTON (widget) || gtk_button_get_label (GTK_BUTTON (widget)) == NULL)
    return FALSE;

  text = g_string_new (gtk_button_get_label (GTK_BUTTON (widget)));
  g_string_replace (text, "_", "", 0);

  return g_str_equal (text->str, label);
}

static GtkWidget *
find_button_labelled (GtkWidget  *root,
                      const char *label)
{
  return vitrine_test_find_descendant (root, is_button_labelled, label);
}

static gboolean
key_dialog_shown (gpointer data)
{
  GtkWidget *dialog = vitrine_window_get_key_dialog (data);

  return dialog != NULL && gtk_widget_get_mapped (dialog) && gtk_widget_get_width (dialog) > 0;
}

static gboolean
key_dialog_gone (gpointer data)
{
  return vitrine_window_get_key_dialog (data) == NULL &&
         vitrine_test_find_message_dialog () == NULL;
}

static gboolean
output_has_no_key (gpointer data)
{
  return !vitrine_output_get_has_stream_key (data);
}

static gboolean
output_is_inactive (VitrineOutput *output)
{
  VitrineOutputState state = vitrine_output_get_state (output);

  return state == VITRINE_OUTPUT_STATE_IDLE || state == VITRINE_OUTPUT_STATE_STOPPED;
}

/* win.go-live, as the big button does; the key dialog must appear, and be
 * the only message dialog, with one password row for the TikTok
 * destination. Returns the dialog and (in @row) that row. */
static AdwMessageDialog *
go_live_and_get_dialog (VitrineWindow  *window,
                        VitrineOutput  *output,
                        GtkWidget     **row)
{
  GtkWidget *dialog;
  GtkWidget *extra;
  GtkWidget *second;

  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "go-live"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  if (!vitrine_test_wait (key_dialog_shown, window, 5000))
    g_error ("Go Live did not ask for this stream's key");

  dialog = vitrine_window_get_key_dialog (window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (vitrine_test_find_message_dialog () == dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  /* What the host reads. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "TikTok gives a new stream key for every live. "
                            "Paste the key for this stream"));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "cancel"));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "go-live"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                                               "go-live"),
                   ==, ADW_RESPONSE_SUGGESTED);
  g_assert_nonnull (find_button_labelled (dialog, "Go Live"));
  g_assert_nonnull (find_button_labelled (dialog, "Cancel"));

  /* One password row, titled after the destination, empty. */
  extra = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (extra);
  *row = vitrine_test_find_widget (extra, ADW_TYPE_PASSWORD_ENTRY_ROW, TRUE);
  g_assert_nonnull (*row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (*row)), ==,
                   vitrine_output_get_name (output));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (*row)), ==,
                   DESTINATION_NAME);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (*row)), ==, "");
  second = vitrine_test_find_widget (extra, ADW_TYPE_ENTRY_ROW, FALSE);
  g_assert_true (second == *row);  /* no other entry row before it… */
  {
    guint n = 0;

    for (GtkWidget *w = *row; w != NULL; w = gtk_widget_get_next_sibling (w))
      if (ADW_IS_ENTRY_ROW (w))
        n++;
    g_assert_cmpuint (n, ==, 1);  /* …nor after it */
  }

  /* Nothing started while the host is asked. */
  g_assert_cmpint (vitrine_engine_get_state (vitrine_window_get_engine (window)), ==,
                   VITRINE_ENGINE_STATE_PREVIEW);
  g_assert_true (output_is_inactive (output));

  return ADW_MESSAGE_DIALOG (dialog);
}

/* Presses the dialog's button labelled @label, as a click does. */
static void
press_dialog_button (VitrineWindow    *window,
                     AdwMessageDialog *dialog,
                     const char       *label)
{
  GtkWidget *button = find_button_labelled (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_mapped (button));
  gtk_widget_activate (button);

  if (!vitrine_test_wait (key_dialog_gone, window, 5000))
    g_error ("The key dialog stayed open after “%s”", label);
}

/* Waits until @output is Live (failing at once if it fails instead). */
static void
wait_for_live (VitrineEngine *engine,
               VitrineOutput *output)
{
  vitrine_test_wait (vitrine_test_output_is_settled, output, 20000);
  if (!vitrine_test_output_is_live (output))
    g_error ("The TikTok destination is “%s”, not Live: %s",
             vitrine_output_state_to_string (vitrine_output_get_state (output)),
             vitrine_output_get_status (output) ? vitrine_output_get_status (output)
                                                : "(no status)");
  g_assert_true (vitrine_test_wait (vitrine_test_engine_is_live, engine, 5000));
}

/* ---------------------------------------------------------------------- */
/* Files                                                                  */

static char *
write_show (const char *dir,
            const char *rtmp_url)
{
  g_autofree char *json = NULL;

  /* Portrait, as TikTok wants it: no platform warning on opening. */
  json = g_strdup_printf (
    "{\n"
    "  \"name\": \"Key per stream test\",\n"
    "  \"canvas\": { \"width\": 180, \"height\": 320, \"fps\": 15 },\n"
    "  \"sources\": [\n"
    "    { \"id\": \"pattern\", \"type\": \"test-pattern\", \"pattern\": \"ball\" },\n"
    "    { \"id\": \"tone\", \"type\": \"tone\", \"frequency\": 440, \"volume\": 0.2 }\n"
    "  ],\n"
    "  \"scenes\": [\n"
    "    { \"id\": \"full\", \"name\": \"Full\", \"layout\": \"full\", \"main\": \"pattern\" }\n"
    "  ],\n"
    "  \"encoder\": { \"video_bitrate\": 500, \"preset\": \"ultrafast\",\n"
    "               \"keyframe_interval\": 1, \"audio_bitrate\": 64 },\n"
    "  \"destinations\": [\n"
    "    { \"id\": \"" DESTINATION_ID "\", \"name\": \"" DESTINATION_NAME "\",\n"
    "      \"type\": \"rtmp\", \"platform\": \"tiktok\", \"url\": \"%s\" },\n"
    "    { \"id\": \"rec\", \"name\": \"Recording\", \"type\": \"recording\",\n"
    "      \"path\": \"rec.mkv\" }\n"
    "  ]\n"
    "}\n", rtmp_url);

  return vitrine_test_write_file (dir, "key-per-stream-show.json", json);
}

/* A key nginx accepts as a stream name, different on every run. */
static char *
random_key (void)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  GString *key = g_string_new ("tik");

  for (int i = 0; i < 24; i++)
    g_string_append_c (key, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);

  return g_string_free (key, FALSE);
}

typedef struct
{
  const char *record_dir;
  const char *name;
} RecordingWait;

static gboolean
recording_arrived (gpointer data)
{
  RecordingWait *w = data;
  goffset smallest = 0;
  g_autoptr(GPtrArray) paths = vitrine_test_find_recordings (w->record_dir, w->name, &smallest);

  return paths->len >= 1 && smallest >= 10 * 1000;
}

static void
wait_for_recording (VitrineTestRtmpServer *server,
                    const char            *key)
{
  RecordingWait wait = { server->record_dir, key };

  if (!vitrine_test_wait (recording_arrived, &wait, 10000))
    g_error ("nginx recorded no <key>-*.flv of 10 kB in %s: the push did not use the key "
             "given for this stream", server->record_dir);
}

static guint
count_recordings (const char *record_dir,
                  const char *name)
{
  goffset smallest = 0;
  g_autoptr(GPtrArray) paths = vitrine_test_find_recordings (record_dir, name, &smallest);

  return paths->len;
}

static gboolean
some_label_contains (GtkWidget  *root,
                     const char *needle)
{
  return vitrine_test_find_label (root, needle, FALSE, FALSE) != NULL;
}

/* ---------------------------------------------------------------------- */

static void
test_key_per_stream (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineApplication) app = NULL;
  g_autoptr(GFile) show_file = NULL;
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *tmpdir = NULL;
  g_autofree char *server_dir = NULL;
  g_autofree char *show_path = NULL;
  g_autofree char *screenshot = NULL;
  g_autofree char *key = NULL;
  g_autofree char *row_key = NULL;
  g_autofree char *rec_mkv = NULL;
  VitrineTestRtmpServer server = { 0 };
  VitrineTestAsync async = { 0 };
  Watch watch = { failures };
  VitrineWindow *window;
  VitrineEngine *engine;
  VitrineOutput *output;
  VitrineOutput *rec;
  VitrineDestinationRow *row;
  AdwMessageDialog *dialog;
  GtkWidget *key_field;
  GtkWidget *row_key_field;
  GtkWidget *apply_button;
  GtkWidget *key_set_image;
  guint baseline;

  tmpdir = g_dir_make_tmp ("vitrine-key-per-stream-XXXXXX", &error);
  g_assert_no_error (error);
  server_dir = g_build_filename (tmpdir, "rtmp", NULL);
  vitrine_test_rtmp_server_start (&server, server_dir);
  show_path = write_show (tmpdir, server.url);
  show_file = g_file_new_for_path (show_path);

  key = random_key ();
  row_key = random_key ();

  /* The application path, as a host would use it. Registering it may try
   * the session bus (our trap): that is GApplication, not the keyring. */
  app = vitrine_test_application_new (1280, 760, &window);
  engine = vitrine_test_load_show (app, window, show_file);
  g_assert_cmpuint (vitrine_show_get_warnings (vitrine_engine_get_show (engine))->len, ==, 0);
  watch_engine (&watch, engine);
  g_test_message ("%u session bus connection(s) while the studio started",
                  bus_trap_connections (&bus_trap));
  baseline = bus_trap_connections (&bus_trap);

  output = vitrine_engine_find_output (engine, DESTINATION_ID);
  rec = vitrine_engine_find_output (engine, "rec");
  g_assert_nonnull (output);
  g_assert_nonnull (rec);
  g_assert_true (vitrine_output_get_key_per_stream (output));
  g_assert_true (vitrine_output_get_enabled (output));
  g_assert_true (vitrine_output_get_enabled (rec));
  g_assert_false (vitrine_output_get_has_stream_key (output));

  /* The destination row says the key is for this stream only, and opening
   * it does not ask the keyring (it would for other destinations). */
  row = vitrine_test_find_destination_row (GTK_WIDGET (window), output);
  g_assert_nonnull (row);
  if (!vitrine_test_wait (vitrine_test_widget_is_drawn, row, 5000))
    g_error ("The TikTok destination row is not on screen");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  row_key_field = vitrine_test_find_widget (GTK_WIDGET (row), ADW_TYPE_PASSWORD_ENTRY_ROW, FALSE);
  g_assert_nonnull (row_key_field);
  if (!vitrine_test_wait (vitrine_test_widget_is_drawn, row_key_field, 5000))
    g_error ("The stream key row did not appear when the destination row was expanded");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row_key_field)), ==,
                   "Stream Key (This Stream Only)");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (row_key_field),
                            "asks for it at each Go Live"));
  vitrine_test_run_for (1000);
  assert_no_failure (&watch, window, baseline, "after opening the destination row");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), FALSE);

  /* 1. Go Live asks for this stream's key. */
  dialog = go_live_and_get_dialog (window, output, &key_field);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  screenshot = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests", "ui",
                                 "key-per-stream-dialog.png", NULL);
  vitrine_test_save_screenshot (GTK_WIDGET (dialog), screenshot);
  g_test_message ("screenshot: %s", screenshot);

  gtk_widget_grab_focus (key_field);
  gtk_editable_set_text (GTK_EDITABLE (key_field), key);
  g_assert_false (vitrine_output_get_has_stream_key (output));  /* not before Go Live */
  {
    g_autofree char *typed = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests", "ui",
                                               "key-per-stream-dialog-typed.png", NULL);

    gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
    vitrine_test_save_screenshot (GTK_WIDGET (dialog), typed);
    g_test_message ("screenshot: %s", typed);
  }
  press_dialog_button (window, dialog, "Go Live");

  /* The push goes to <url>/<key>. */
  wait_for_live (engine, output);
  vitrine_test_wait_for_bytes_sent (output, MIN_BYTES_SENT, 15000);
  wait_for_recording (&server, key);
  g_test_message ("nginx records the stream under the key typed into the dialog");
  g_assert_false (output_is_inactive (rec));  /* the recording went live with it */
  g_assert_false (some_label_contains (GTK_WIDGET (window), key));
  assert_no_failure (&watch, window, baseline, "live with the key from the dialog");

  /* 2. Stop: the key is forgotten with the stream. */
  vitrine_test_end_live (window, engine);
  if (!vitrine_test_wait (output_has_no_key, output, 5000))
    g_error ("The TikTok key is still set after the stream ended");
  g_assert_false (vitrine_output_get_has_stream_key (output));
  assert_no_failure (&watch, window, baseline, "after ending the broadcast");

  /* 3. Go Live again: asked again; Cancel leaves the studio in preview. */
  vitrine_test_run_for (1000);  /* nginx's record_unique names files by the second */
  dialog = go_live_and_get_dialog (window, output, &key_field);
  gtk_widget_grab_focus (key_field);
  gtk_editable_set_text (GTK_EDITABLE (key_field), "typed-then-cancelled");
  press_dialog_button (window, dialog, "Cancel");
  vitrine_test_run_for (1500);
  g_assert_cmpint (vitrine_engine_get_state (engine), ==, VITRINE_ENGINE_STATE_PREVIEW);
  g_assert_true (output_is_inactive (output));
  g_assert_true (output_is_inactive (rec));
  g_assert_false (vitrine_output_get_has_stream_key (output));  /* Cancel set nothing */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "go-live"));
  g_assert_cmpuint (count_recordings (server.record_dir, "typed-then-cancelled"), ==, 0);
  assert_no_failure (&watch, window, baseline, "after cancelling Go Live");

  /* 4. A key applied in the destination row: held in memory for this
   * stream, so Go Live does not ask. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  if (!vitrine_test_wait (vitrine_test_widget_is_drawn, row_key_field, 5000))
    g_error ("The stream key row did not appear when the destination row was expanded");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row_key_field)), ==, "");
  apply_button = vitrine_test_find_button_with_icon (row_key_field, "adw-entry-apply-symbolic");
  g_assert_nonnull (apply_button);
  key_set_image = vitrine_test_find_image_with_icon (row_key_field, "emblem-ok-symbolic");
  g_assert_nonnull (key_set_image);
  g_assert_false (gtk_widget_get_visible (key_set_image));

  gtk_widget_grab_focus (row_key_field);
  gtk_editable_set_text (GTK_EDITABLE (row_key_field), row_key);
  if (!vitrine_test_wait (vitrine_test_widget_is_visible, apply_button, 5000))
    g_error ("Typing a key into the stream key row did not show its apply button");
  gtk_widget_activate (apply_button);
  if (!vitrine_test_wait (vitrine_test_widget_is_hidden, apply_button, 5000))
    g_error ("Clicking the stream key row's apply button did not apply it");
  g_assert_true (vitrine_output_get_has_stream_key (output));
  g_assert_true (vitrine_test_wait (vitrine_test_widget_is_visible, key_set_image, 2000));
  if (!vitrine_test_wait_for_toast (GTK_WIDGET (window), "Stream key set for this stream only",
                                    8000))
    g_error ("No “Stream key set for this stream only” toast after applying the key");
  vitrine_test_run_for (1000);
  assert_no_failure (&watch, window, baseline, "after applying a key in the row");

  vitrine_test_go_live (window, engine, output);
  g_assert_null (vitrine_window_get_key_dialog (window));  /* a key is set: not asked */
  vitrine_test_wait_for_bytes_sent (output, MIN_BYTES_SENT, 15000);
  wait_for_recording (&server, row_key);
  g_test_message ("nginx records the stream under the key applied in the row");
  assert_no_failure (&watch, window, baseline, "live with the key from the row");

  vitrine_test_end_live (window, engine);
  if (!vitrine_test_wait (output_has_no_key, output, 5000))
    g_error ("The TikTok key applied in the row is still set after the stream ended");
  g_assert_true (vitrine_test_wait (vitrine_test_widget_is_hidden, key_set_image, 2000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row_key_field)), ==, "");
  assert_no_failure (&watch, window, baseline, "after the second broadcast");

  vitrine_test_close_show (app, window);
  g_assert_cmpuint (failures->len, ==, 0);
  g_assert_cmpuint (bus_trap_connections (&bus_trap), ==, baseline);
  gtk_window_destroy (GTK_WINDOW (window));
  vitrine_test_rtmp_server_stop (&server);

  /* One recording per broadcast, each under its own key, nothing else. */
  g_assert_cmpuint (count_recordings (server.record_dir, key), ==, 1);
  g_assert_cmpuint (count_recordings (server.record_dir, row_key), ==, 1);
  rec_mkv = g_build_filename (tmpdir, "rec.mkv", NULL);
  g_assert_true (g_file_test (rec_mkv, G_FILE_TEST_IS_REGULAR));

  /* The trap catches a keyring call, and fails it: the silence above means
   * nothing called. */
  vitrine_secrets_lookup_async (DESTINATION_ID, NULL, vitrine_test_async_cb, &async);
  if (!vitrine_test_wait (vitrine_test_async_done, &async, 10000))
    g_error ("A keyring look-up did not finish within 10 s");
  {
    g_autoptr(GError) lookup_error = NULL;
    g_autofree char *found = vitrine_secrets_lookup_finish (async.result, &lookup_error);

    g_assert_null (found);
    g_assert_nonnull (lookup_error);
    g_test_message ("a keyring look-up fails here: %s", lookup_error->message);
  }
  vitrine_test_async_clear (&async);
  g_assert_cmpuint (bus_trap_connections (&bus_trap), >, baseline);

  vitrine_test_rtmp_server_clear (&server);
  vitrine_test_rm_rf (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  bus_trap_start (&bus_trap);
  vitrine_test_init (&argc, &argv);

  g_test_add_func ("/key-per-stream/dialog-live-forget-cancel", test_key_per_stream);

  status = g_test_run ();
  bus_trap_stop (&bus_trap);

  return status;
}
