/* test-keyring-row.c: a stream key typed into the destination row is kept
 * in a real GNOME keyring and used for the push
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * meson runs this binary directly, so it first re-executes itself under
 * `dbus-run-session` with a private HOME, XDG_RUNTIME_DIR (0700),
 * XDG_DATA_HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME (reliability.md §A4);
 * VITRINE_KEYRING_SESSION marks the inner run. The inner run starts
 * gnome-keyring-daemon in the foreground (unlocked with a throwaway
 * password, ended by pid at the end) and checks that it owns
 * org.freedesktop.secrets before anything talks to the keyring.
 *
 * Then, as a host would: a show with one RTMP destination pointing at a
 * local nginx-rtmp (tests/tools/vitrine-rtmp-server) and no key anywhere
 * (no VITRINE_KEY_* variable, nothing in the keyring) is opened through
 * VitrineApplication; the destination row is expanded, a random key is
 * typed into its "Stream Key" password row and applied with the row's apply
 * button. The keyring must then hold exactly that key, and going live must
 * push to <url>/<key> (nginx records <key>-*.flv).
 *
 * Because the row also hands the key to the output in memory, that push
 * alone does not prove the keyring copy is used. So the show is closed and
 * opened again (a fresh engine, no key in memory, the row never opened) and
 * goes live once more: nginx must record a second <key>-*.flv, which can
 * only come from the keyring. Finally the row's "Remove Key" button must
 * empty the keyring (lookup returns NULL without an error).
 *
 * Throughout, every GLib log message (G_MESSAGES_DEBUG=all), g_printerr()
 * and the app's own GStreamer debug categories (vitrine*, at every level)
 * are recorded; none may contain the key, nor may the show file, any label
 * in the window, or any file under the private HOME.
 */

#define _GNU_SOURCE  /* memmem */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>

#include "vitrine-secrets.h"
#include "vitrine-ui-test.h"

#define SESSION_MARKER   "VITRINE_KEYRING_SESSION"
#define KEYRING_PASSWORD "testpass"
#define DESTINATION_ID   "local"
/* About a second and a half of the show's 500 kb/s stream. */
#define MIN_BYTES_SENT   (90 * 1000)

/* ---------------------------------------------------------------------- */
/* Everything the app prints                                              */

static GMutex     log_lock;
static GPtrArray *log_lines;   /* (element-type utf8) */

static void
record_line (char *line)
{
  g_mutex_lock (&log_lock);
  g_ptr_array_add (log_lines, line);
  g_mutex_unlock (&log_lock);
}

static GLogWriterOutput
record_log_writer (GLogLevelFlags   log_level,
                   const GLogField *fields,
                   gsize            n_fields,
                   gpointer         user_data)
{
  GString *line = g_string_new (NULL);

  /* Every field, not only MESSAGE: a key in CODE_FUNC or a custom field
   * would be printed by a journald writer. */
  for (gsize i = 0; i < n_fields; i++)
    {
      g_string_append_printf (line, "%s=", fields[i].key);
      if (fields[i].length < 0)
        g_string_append (line, fields[i].value);
      else
        g_string_append_len (line, fields[i].value, fields[i].length);
      g_string_append_c (line, ' ');
    }
  record_line (g_string_free (line, FALSE));

  /* Debug and info lines: recorded only. GLib's test log handler already
   * prints those that go through g_log() as TAP comments, and the default
   * writer would put the rest on stdout, which is TAP here. */
  if ((log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)) != 0 &&
      (log_level & G_LOG_FLAG_FATAL) == 0)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
record_printerr (const char *string)
{
  record_line (g_strdup (string));
  fputs (string, stderr);
  fflush (stderr);
}

static void
record_gst_log (GstDebugCategory *category,
                GstDebugLevel     level,
                const char       *file,
                const char       *function,
                int               line,
                GObject          *object,
                GstDebugMessage  *message,
                gpointer          user_data)
{
  const char *name = gst_debug_category_get_name (category);
  gboolean ours = g_str_has_prefix (name, "vitrine");

  if (ours)
    record_line (g_strdup_printf ("%s %s %s:%d %s", gst_debug_level_get_name (level), name,
                                  function, line, gst_debug_message_get (message)));

  /* Print what GStreamer would have printed anyway; our categories are only
   * raised to be recorded, not to flood the test log. */
  if (!ours || level <= GST_LEVEL_WARNING)
    gst_debug_log_default (category, level, file, function, line, object, message, NULL);
}

static void
start_recording_output (void)
{
  log_lines = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (record_log_writer, NULL, NULL);
  g_set_printerr_handler (record_printerr);
}

static void
start_recording_gst (void)
{
  gst_debug_remove_log_function (gst_debug_log_default);
  gst_debug_add_log_function (record_gst_log, NULL, NULL);
  gst_debug_set_threshold_for_name ("vitrine*", GST_LEVEL_MEMDUMP);
}

/* How many recorded lines contain @needle (never printed: it is the key). */
static guint
count_lines_containing (const char *needle,
                        guint      *total)
{
  guint hits = 0;

  g_mutex_lock (&log_lock);
  for (guint i = 0; i < log_lines->len; i++)
    if (strstr (g_ptr_array_index (log_lines, i), needle) != NULL)
      hits++;
  *total = log_lines->len;
  g_mutex_unlock (&log_lock);

  return hits;
}

static gboolean
any_line_contains (const char *needle)
{
  gboolean found = FALSE;

  g_mutex_lock (&log_lock);
  for (guint i = 0; i < log_lines->len && !found; i++)
    found = strstr (g_ptr_array_index (log_lines, i), needle) != NULL;
  g_mutex_unlock (&log_lock);

  return found;
}

/* ---------------------------------------------------------------------- */
/* The private session: outer run                                         */

static gboolean
env_name_is_vitrine_key (const char *assignment)
{
  return g_str_has_prefix (assignment, "VITRINE_KEY_");
}

static int
run_in_private_session (int   argc,
                        char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) child_argv = g_ptr_array_new ();
  g_autofree char *root = NULL;
  g_autofree char *home = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *self = NULL;
  g_autofree char *dbus_run_session = g_find_program_in_path ("dbus-run-session");
  g_autofree char *keyring_daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_auto(GStrv) envp = g_get_environ ();
  g_auto(GStrv) names = NULL;
  const char *unset[] = { "DBUS_SESSION_BUS_ADDRESS", "GNOME_KEYRING_CONTROL",
                          "SSH_AUTH_SOCK", "SECRET_BACKEND", "SECRET_FILE_TEST_PATH",
                          "SECRET_FILE_TEST_PASSWORD" };
  int wait_status = 0;
  int status;

  /* Running for real is the point: no keyring, no test. */
  if (dbus_run_session == NULL || keyring_daemon == NULL)
    {
      printf ("Bail out! %s is not installed: this test needs a real gnome-keyring "
              "under its own D-Bus session\n",
              dbus_run_session == NULL ? "dbus-run-session (dbus-daemon)"
                                       : "gnome-keyring-daemon (gnome-keyring)");
      fflush (stdout);
      return 1;
    }

  root = g_dir_make_tmp ("vitrine-keyring-row-XXXXXX", &error);
  if (root == NULL)
    {
      printf ("Bail out! %s\n", error->message);
      return 1;
    }

  home = g_build_filename (root, "home", NULL);
  runtime = g_build_filename (root, "runtime", NULL);
  if (g_mkdir_with_parents (home, 0700) != 0 || g_mkdir_with_parents (runtime, 0700) != 0)
    {
      printf ("Bail out! cannot create %s: %s\n", root, g_strerror (errno));
      return 1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (unset); i++)
    envp = g_environ_unsetenv (envp, unset[i]);
  names = g_strdupv (envp);
  for (guint i = 0; names[i] != NULL; i++)
    if (env_name_is_vitrine_key (names[i]))
      {
        char *equals = strchr (names[i], '=');

        if (equals != NULL)
          *equals = '\0';
        envp = g_environ_unsetenv (envp, names[i]);
      }

  envp = g_environ_setenv (envp, SESSION_MARKER, root, TRUE);
  envp = g_environ_setenv (envp, "HOME", home, TRUE);
  envp = g_environ_setenv (envp, "XDG_RUNTIME_DIR", runtime, TRUE);
  {
    g_autofree char *data = g_build_filename (home, ".local", "share", NULL);
    g_autofree char *config = g_build_filename (home, ".config", NULL);
    g_autofree char *cache = g_build_filename (home, ".cache", NULL);

    envp = g_environ_setenv (envp, "XDG_DATA_HOME", data, TRUE);
    envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config, TRUE);
    envp = g_environ_setenv (envp, "XDG_CACHE_HOME", cache, TRUE);
  }
  envp = g_environ_setenv (envp, "G_MESSAGES_DEBUG", "all", TRUE);

  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self == NULL)
    self = g_canonicalize_filename (argv[0], NULL);

  g_ptr_array_add (child_argv, dbus_run_session);
  g_ptr_array_add (child_argv, "--");
  g_ptr_array_add (child_argv, self);
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (child_argv, argv[i]);
  g_ptr_array_add (child_argv, NULL);

  /* stdout (TAP) and stderr are inherited: meson reads the inner run's. */
  fflush (stdout);
  if (!g_spawn_sync (NULL, (char **) child_argv->pdata, envp, G_SPAWN_CHILD_INHERITS_STDIN,
                     NULL, NULL, NULL, NULL, &wait_status, &error))
    {
      printf ("Bail out! cannot run dbus-run-session: %s\n", error->message);
      status = 1;
    }
  else if (WIFEXITED (wait_status))
    status = WEXITSTATUS (wait_status);
  else if (WIFSIGNALED (wait_status))
    {
      printf ("Bail out! the test, under dbus-run-session, was killed by signal %d\n",
              WTERMSIG (wait_status));
      status = 128 + WTERMSIG (wait_status);
    }
  else
    status = 1;

  fflush (stdout);
  if (g_getenv ("VITRINE_KEEP_TEST_DIRS") == NULL)
    vitrine_test_rm_rf (root);

  return status;
}

/* ---------------------------------------------------------------------- */
/* The private session: inner run, gnome-keyring-daemon                   */

typedef struct
{
  GSubprocess *process;
  char        *control;
} Keyring;

typedef struct
{
  char     *line;
  gboolean  done;
} LineRead;

static void
line_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                          NULL, NULL);
  read->done = TRUE;
}

static gboolean
line_read_done (gpointer data)
{
  return ((LineRead *) data)->done;
}

static guint32
secrets_owner_pid (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  guint32 pid = 0;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, 2000,
                                       NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(u)", &pid);

  return pid;
}

/* Starts gnome-keyring-daemon in the foreground, so that this process owns
 * it, unlocked with KEYRING_PASSWORD (a fresh HOME: it creates the login
 * keyring, which is the default collection). */
static void
keyring_start (Keyring *keyring)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GOutputStream *stdin_pipe;
  const char *pid_text;
  guint32 daemon_pid;
  gint64 deadline;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* Our G_MESSAGES_DEBUG=all is for the app, not for the daemon. */
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  keyring->process = g_subprocess_launcher_spawn (launcher, &error,
                                                  "gnome-keyring-daemon", "--foreground",
                                                  "--replace", "--unlock",
                                                  "--components=secrets", NULL);
  g_assert_no_error (error);

  stdin_pipe = g_subprocess_get_stdin_pipe (keyring->process);
  g_output_stream_write_all (stdin_pipe, KEYRING_PASSWORD, strlen (KEYRING_PASSWORD),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stdin_pipe, NULL, &error);
  g_assert_no_error (error);

  /* It prints GNOME_KEYRING_CONTROL=… once it runs. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (keyring->process));
  while (keyring->control == NULL)
    {
      LineRead read = { 0 };

      g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, line_read_cb, &read);
      if (!vitrine_test_wait (line_read_done, &read, 10000))
        g_error ("gnome-keyring-daemon printed nothing in 10 s");
      if (read.line == NULL)
        g_error ("gnome-keyring-daemon exited without starting (see its stderr above)");
      if (g_str_has_prefix (read.line, "GNOME_KEYRING_CONTROL="))
        keyring->control = g_strdup (read.line + strlen ("GNOME_KEYRING_CONTROL="));
      g_free (read.line);
    }
  /* libsecret only needs the bus; GNOME_KEYRING_CONTROL is not exported
   * (setenv() is not thread-safe once GStreamer and GIO run threads). */

  /* Nothing may talk to the keyring before our daemon owns the Secret
   * Service name: a D-Bus-activated second daemon would not be unlocked. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  pid_text = g_subprocess_get_identifier (keyring->process);
  g_assert_nonnull (pid_text);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((daemon_pid = secrets_owner_pid (bus)) != (guint32) atoi (pid_text))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("org.freedesktop.secrets is owned by pid %u after 10 s, not by our "
                 "gnome-keyring-daemon (pid %s)", daemon_pid, pid_text);
      g_usleep (50 * 1000);
    }

  g_test_message ("gnome-keyring-daemon (pid %s) owns org.freedesktop.secrets; control %s",
                  pid_text, keyring->control);
}

static void
keyring_stop (Keyring *keyring)
{
  gboolean done = FALSE;

  if (keyring->process != NULL)
    {
      g_subprocess_send_signal (keyring->process, SIGTERM);
      g_subprocess_wait_async (keyring->process, NULL, vitrine_test_subprocess_waited_cb, &done);
      if (!vitrine_test_wait (vitrine_test_subprocess_done, &done, 5000))
        {
          g_subprocess_force_exit (keyring->process);
          vitrine_test_wait (vitrine_test_subprocess_done, &done, 5000);
        }
      g_clear_object (&keyring->process);
    }

  g_clear_pointer (&keyring->control, g_free);
}

/* ---------------------------------------------------------------------- */
/* The keyring as seen through vitrine-secrets                            */

/* The stored key of @id, or NULL; fails the test on a keyring error. */
static char *
keyring_lookup (const char *id)
{
  g_autoptr(GError) error = NULL;
  VitrineTestAsync async = { 0 };
  char *key;

  vitrine_secrets_lookup_async (id, NULL, vitrine_test_async_cb, &async);
  if (!vitrine_test_wait (vitrine_test_async_done, &async, 10000))
    g_error ("The keyring did not answer a lookup within 10 s");
  key = vitrine_secrets_lookup_finish (async.result, &error);
  g_assert_no_error (error);
  vitrine_test_async_clear (&async);

  return key;
}

/* Polls until the stored key of @id is @expected (NULL: no key), for at
 * most @timeout_ms. Returns what was stored last. */
static char *
keyring_wait_for (const char *id,
                  const char *expected,
                  guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      char *key = keyring_lookup (id);

      if (g_strcmp0 (key, expected) == 0 || g_get_monotonic_time () > deadline)
        return key;
      g_free (key);
      vitrine_test_run_for (100);
    }
}

/* ---------------------------------------------------------------------- */
/* nginx-rtmp                                                             */

/* The number of recordings of stream @name, and the smallest one's size. */
static guint
count_recordings (const char *record_dir,
                  const char *name,
                  goffset    *smallest)
{
  g_autoptr(GPtrArray) paths = vitrine_test_find_recordings (record_dir, name, smallest);

  return paths->len;
}

/* Every recording in @record_dir, whatever its name (for messages). */
static guint
count_all_recordings (const char *record_dir)
{
  g_autoptr(GDir) dir = g_dir_open (record_dir, 0, NULL);
  const char *entry;
  guint n = 0;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, ".flv"))
      n++;

  return n;
}

typedef struct
{
  const char *record_dir;
  const char *name;
  guint       count;
  goffset     min_size;
} RecordingWait;

static gboolean
recordings_arrived (gpointer data)
{
  RecordingWait *w = data;
  goffset smallest;

  return count_recordings (w->record_dir, w->name, &smallest) >= w->count &&
         smallest >= w->min_size;
}

/* ---------------------------------------------------------------------- */
/* The window                                                             */

/* The first GtkButton under @root showing @icon_name. */
/* The first GtkImage under @root showing @icon_name. */
/* Whether any GtkLabel under @root (on screen or not) contains @needle. */
static gboolean
some_label_contains (GtkWidget  *root,
                     const char *needle)
{
  return vitrine_test_find_label (root, needle, FALSE, FALSE) != NULL;
}

/* ---------------------------------------------------------------------- */
/* Files                                                                  */

static char *
write_show (const char *dir,
            const char *rtmp_url)
{
  g_autofree char *json = NULL;

  json = g_strdup_printf (
    "{\n"
    "  \"name\": \"Keyring row test\",\n"
    "  \"canvas\": { \"width\": 320, \"height\": 180, \"fps\": 15 },\n"
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
    "    { \"id\": \"" DESTINATION_ID "\", \"name\": \"Local server\", \"type\": \"rtmp\",\n"
    "      \"url\": \"%s\" }\n"
    "  ]\n"
    "}\n", rtmp_url);

  return vitrine_test_write_file (dir, "keyring-row-show.json", json);
}

/* Regular files under @path whose bytes contain @needle. */
static void
find_files_containing (const char *path,
                       const char *needle,
                       GPtrArray  *hits)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, entry, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          find_files_containing (child, needle, hits);
          continue;
        }
      if (!g_file_test (child, G_FILE_TEST_IS_REGULAR) ||
          !g_file_get_contents (child, &contents, &length, NULL))
        continue;
      if (memmem (contents, length, needle, strlen (needle)) != NULL)
        g_ptr_array_add (hits, g_steal_pointer (&child));
    }
}

/* A key nginx accepts as a stream name, different on every run. */
static char *
random_key (void)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  GString *key = g_string_new ("vtk");

  for (int i = 0; i < 24; i++)
    g_string_append_c (key, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);

  return g_string_free (key, FALSE);
}

/* ---------------------------------------------------------------------- */
/* Steps                                                                  */

/* Waits until nginx holds @count recordings of stream @key of some size. */
static void
wait_for_recordings (VitrineTestRtmpServer *server,
                     const char            *key,
                     guint                  count)
{
  RecordingWait wait = { server->record_dir, key, count, 10 * 1000 };
  goffset smallest = 0;

  if (!vitrine_test_wait (recordings_arrived, &wait, 10000))
    g_error ("nginx holds %u recording(s) of the typed key (of %u in all) in %s, "
             "expected %u of at least %" G_GOFFSET_FORMAT " bytes: the push did not use the "
             "key typed into the row",
             count_recordings (server->record_dir, key, &smallest),
             count_all_recordings (server->record_dir), server->record_dir,
             count, wait.min_size);
}

/* ---------------------------------------------------------------------- */

static void
test_keyring_row (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineApplication) app = NULL;
  g_autoptr(GFile) show_file = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *tmpdir = NULL;
  g_autofree char *server_dir = NULL;
  g_autofree char *show_path = NULL;
  g_autofree char *show_before = NULL;
  g_autofree char *show_after = NULL;
  g_autofree char *key = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *env_name = NULL;
  Keyring keyring = { 0 };
  VitrineTestRtmpServer server = { 0 };
  VitrineWindow *window;
  VitrineEngine *engine;
  VitrineOutput *output;
  VitrineDestinationRow *row;
  GtkWidget *key_row;
  GtkWidget *apply_button;
  GtkWidget *remove_button;
  GtkWidget *key_set_image;
  const char *home = g_get_home_dir ();
  goffset smallest = 0;
  guint total_lines = 0;
  guint hit_lines;

  /* We run in the private session the outer run made. */
  g_assert_nonnull (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_assert_true (g_str_has_prefix (home, g_getenv (SESSION_MARKER)));

  keyring_start (&keyring);

  /* No key anywhere: not in the environment, not in the keyring. */
  env_name = vitrine_secrets_env_name (DESTINATION_ID);
  g_assert_null (g_getenv (env_name));
  stored = keyring_lookup (DESTINATION_ID);
  g_assert_null (stored);

  key = random_key ();
  g_assert_false (any_line_contains (key));

  tmpdir = g_dir_make_tmp ("vitrine-keyring-row-show-XXXXXX", &error);
  g_assert_no_error (error);
  server_dir = g_build_filename (tmpdir, "rtmp", NULL);
  vitrine_test_rtmp_server_start (&server, server_dir);
  show_path = write_show (tmpdir, server.url);
  show_file = g_file_new_for_path (show_path);
  g_file_get_contents (show_path, &show_before, NULL, &error);
  g_assert_no_error (error);

  /* The application path, as a host would use it. */
  app = vitrine_test_application_new (1280, 760, &window);

  engine = vitrine_test_load_show (app, window, show_file);
  output = vitrine_engine_find_output (engine, DESTINATION_ID);
  g_assert_nonnull (output);
  g_assert_cmpint (vitrine_output_get_kind (output), ==, VITRINE_DESTINATION_RTMP);
  g_assert_false (vitrine_output_get_has_stream_key (output));

  /* The destination's row, expanded: its "Stream Key" password row. */
  row = vitrine_test_find_destination_row (GTK_WIDGET (window), output);
  g_assert_nonnull (row);
  if (!vitrine_test_wait (vitrine_test_widget_is_drawn, row, 5000))
    g_error ("The destination row is not on screen");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);

  key_row = vitrine_test_find_widget (GTK_WIDGET (row), ADW_TYPE_PASSWORD_ENTRY_ROW, FALSE);
  g_assert_nonnull (key_row);
  if (!vitrine_test_wait (vitrine_test_widget_is_drawn, key_row, 5000))
    g_error ("The stream key row did not appear when the destination row was expanded");
  g_assert_true (adw_entry_row_get_show_apply_button (ADW_ENTRY_ROW (key_row)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");

  key_set_image = vitrine_test_find_image_with_icon (key_row, "emblem-ok-symbolic");
  g_assert_nonnull (key_set_image);
  g_assert_false (gtk_widget_get_visible (key_set_image));

  /* libadwaita's apply button (hidden until the text is edited) and the
   * row's own Remove Key button. */
  apply_button = vitrine_test_find_button_with_icon (key_row, "adw-entry-apply-symbolic");
  g_assert_nonnull (apply_button);
  g_assert_false (gtk_widget_get_visible (apply_button));
  remove_button = vitrine_test_find_button_with_icon (key_row, "user-trash-symbolic");
  g_assert_nonnull (remove_button);

  /* Type the key. The entry row only offers Apply for edits made while its
   * text has the focus, as a host's typing would. */
  gtk_widget_grab_focus (key_row);
  gtk_editable_set_text (GTK_EDITABLE (key_row), key);
  if (!vitrine_test_wait (vitrine_test_widget_is_visible, apply_button, 5000))
    g_error ("Typing a key into the stream key row did not show its apply button");
  g_assert_false (vitrine_output_get_has_stream_key (output));  /* not before Apply */

  /* Click Apply (a GtkButton emits "clicked" a moment after activation). */
  gtk_widget_activate (apply_button);
  if (!vitrine_test_wait (vitrine_test_widget_is_hidden, apply_button, 5000))
    g_error ("Clicking the stream key row's apply button did not apply it");

  /* The keyring gets exactly what was typed. */
  g_clear_pointer (&stored, g_free);
  stored = keyring_wait_for (DESTINATION_ID, key, 10000);
  if (stored == NULL)
    g_error ("Applying the stream key row stored nothing in the keyring within 10 s");
  g_assert_true (g_str_equal (stored, key));  /* not cmpstr: never print the key */
  g_test_message ("the keyring holds the key typed into the row (%zu characters)",
                  strlen (stored));

  if (!vitrine_test_wait_for_toast (GTK_WIDGET (window), "Stream key saved in the keyring", 8000))
    g_error ("No “Stream key saved in the keyring” toast after the keyring stored the key");
  g_assert_true (vitrine_output_get_has_stream_key (output));
  g_assert_true (vitrine_test_wait (vitrine_test_widget_is_visible, key_set_image, 2000));

  /* Go live: the push goes to <url>/<key>. */
  vitrine_test_go_live (window, engine, output);
  vitrine_test_wait_for_bytes_sent (output, MIN_BYTES_SENT, 15000);
  wait_for_recordings (&server, key, 1);
  g_assert_false (some_label_contains (GTK_WIDGET (window), key));
  vitrine_test_end_live (window, engine);

  /* The keyring copy, not the one the row left in memory: a fresh engine
   * that never opened the row gets the key from the keyring alone. */
  vitrine_test_close_show (app, window);
  engine = vitrine_test_load_show (app, window, show_file);
  output = vitrine_engine_find_output (engine, DESTINATION_ID);
  g_assert_nonnull (output);
  g_assert_false (vitrine_output_get_has_stream_key (output));
  row = vitrine_test_find_destination_row (GTK_WIDGET (window), output);
  g_assert_nonnull (row);
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));

  /* nginx's record_unique names files by the second. */
  vitrine_test_run_for (1000);
  vitrine_test_go_live (window, engine, output);
  vitrine_test_wait_for_bytes_sent (output, MIN_BYTES_SENT, 15000);
  wait_for_recordings (&server, key, 2);
  g_test_message ("a second broadcast, with the key read back from the keyring, was recorded");
  g_assert_false (some_label_contains (GTK_WIDGET (window), key));
  vitrine_test_end_live (window, engine);

  /* Remove Key empties the field, the output and the keyring. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  key_row = vitrine_test_find_widget (GTK_WIDGET (row), ADW_TYPE_PASSWORD_ENTRY_ROW, FALSE);
  g_assert_nonnull (key_row);
  if (!vitrine_test_wait (vitrine_test_widget_is_drawn, key_row, 5000))
    g_error ("The stream key row did not appear when the destination row was expanded");
  key_set_image = vitrine_test_find_image_with_icon (key_row, "emblem-ok-symbolic");
  g_assert_nonnull (key_set_image);
  g_assert_true (gtk_widget_get_visible (key_set_image));
  remove_button = vitrine_test_find_button_with_icon (key_row, "user-trash-symbolic");
  g_assert_nonnull (remove_button);
  g_assert_true (gtk_widget_is_sensitive (remove_button));
  g_assert_true (gtk_widget_get_mapped (remove_button));

  gtk_widget_activate (remove_button);

  g_clear_pointer (&stored, g_free);
  stored = keyring_wait_for (DESTINATION_ID, NULL, 10000);
  if (stored != NULL)
    g_error ("The keyring still holds the key 10 s after Remove Key");
  g_assert_false (vitrine_output_get_has_stream_key (output));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");
  g_assert_true (vitrine_test_wait (vitrine_test_widget_is_hidden, key_set_image, 2000));

  vitrine_test_close_show (app, window);
  gtk_window_destroy (GTK_WINDOW (window));
  vitrine_test_rtmp_server_stop (&server);

  /* Both broadcasts are still on disk under the key, and nothing else. */
  g_assert_cmpuint (count_recordings (server.record_dir, key, &smallest), ==, 2);
  g_assert_cmpuint (count_all_recordings (server.record_dir), ==, 2);
  g_test_message ("nginx recorded 2 streams under the typed key, the smaller %" G_GOFFSET_FORMAT
                  " bytes", smallest);
  g_assert_cmpint (smallest, >, 20 * 1000);

  /* The key went nowhere it should not: not in any log line or printed
   * error, not in the show file, not in a file under HOME (the keyring
   * file is encrypted with the keyring password). */
  hit_lines = count_lines_containing (key, &total_lines);
  {
    guint glib_debug = count_lines_containing ("GLib-GIO", &total_lines);
    guint gst_output = count_lines_containing ("vitrine-output", &total_lines);
    guint gst_engine = count_lines_containing ("vitrine-engine", &total_lines);

    g_test_message ("%u lines of output recorded: %u GLib-GIO debug, %u vitrine-output and "
                    "%u vitrine-engine GStreamer debug", total_lines, glib_debug, gst_output,
                    gst_engine);
    /* The recording sees debug messages and our GStreamer categories. */
    g_assert_cmpuint (glib_debug, >, 0);
    g_assert_cmpuint (gst_output, >, 0);
    g_assert_cmpuint (gst_engine, >, 0);
  }
  if (hit_lines > 0)
    g_error ("The stream key appears in %u of %u lines the app logged or printed",
             hit_lines, total_lines);

  g_file_get_contents (show_path, &show_after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (show_after, ==, show_before);
  g_assert_null (strstr (show_after, key));

  find_files_containing (home, key, hits);
  for (guint i = 0; i < hits->len; i++)
    g_test_message ("the key is in %s", (char *) g_ptr_array_index (hits, i));
  g_assert_cmpuint (hits->len, ==, 0);

  vitrine_test_rtmp_server_clear (&server);
  keyring_stop (&keyring);
  vitrine_test_rm_rf (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv (SESSION_MARKER) == NULL)
    return run_in_private_session (argc, argv);

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);

  g_test_init (&argc, &argv, NULL);
  start_recording_output ();
  gst_init (&argc, &argv);
  start_recording_gst ();
  gtk_init ();
  adw_init ();

  g_test_add_func ("/keyring-row/store-push-clear", test_keyring_row);

  return g_test_run ();
}
