/* vitrine-private-keyring.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A real gnome-keyring for a C test, never the user's: the test runs itself
 * again under dbus-run-session with a private HOME and XDG folders
 * (vitrine_private_session_run(), from main() while @marker is not set),
 * then starts gnome-keyring-daemon in the foreground, unlocked with a
 * password, and waits until it owns the Secret Service name before anything
 * talks to the keyring (a D-Bus-activated second daemon would be locked).
 * reliability.md has why each step is needed. */

#pragma once

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

G_BEGIN_DECLS

static G_GNUC_UNUSED void
vitrine_private_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, entry, NULL);

          vitrine_private_rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* Runs this test program again under dbus-run-session, with @marker set to
 * the private root, HOME and the XDG folders inside it; returns its exit
 * status. @debug_all: every debug message is produced (for tests that check
 * that nothing logged holds a secret). */
static G_GNUC_UNUSED int
vitrine_private_session_run (int         argc,
                             char       *argv[],
                             const char *marker,
                             gboolean    debug_all)
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
  const char *unset[] = { "DBUS_SESSION_BUS_ADDRESS", "GNOME_KEYRING_CONTROL",
                          "SSH_AUTH_SOCK", "SECRET_BACKEND", "SECRET_FILE_TEST_PATH",
                          "SECRET_FILE_TEST_PASSWORD" };
  int wait_status = 0;
  int status;

  /* A real keyring is the point: without one, no test. */
  if (dbus_run_session == NULL || keyring_daemon == NULL)
    {
      printf ("Bail out! %s is not installed: this test needs a real gnome-keyring under "
              "its own D-Bus session\n",
              dbus_run_session == NULL ? "dbus-run-session (dbus-daemon)"
                                       : "gnome-keyring-daemon (gnome-keyring)");
      fflush (stdout);
      return 1;
    }

  root = g_dir_make_tmp ("vitrine-keyring-test-XXXXXX", &error);
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
  envp = g_environ_setenv (envp, marker, root, TRUE);
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
  if (debug_all)
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
    vitrine_private_rm_rf (root);
  return status;
}

static gboolean
vitrine_private_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context until *@done or @milliseconds pass. */
static G_GNUC_UNUSED gboolean
vitrine_private_wait (const gboolean *done,
                      guint           milliseconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (milliseconds, vitrine_private_flag_cb, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *done;
}

typedef struct
{
  char     *line;
  gboolean  done;
} VitrinePrivateLine;

static void
vitrine_private_line_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  VitrinePrivateLine *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                          NULL, NULL);
  read->done = TRUE;
}

static guint32
vitrine_private_secrets_owner_pid (GDBusConnection *bus)
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

/* gnome-keyring-daemon in the foreground, so this process owns it, unlocked
 * with @password (a fresh HOME: it creates the login keyring, the default
 * collection); returns once it owns org.freedesktop.secrets. */
static G_GNUC_UNUSED GSubprocess *
vitrine_private_keyring_start (const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GSubprocess *process;
  GOutputStream *input;
  gboolean started = FALSE;
  const char *pid_text;
  gint64 deadline;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  process = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground",
                                         "--replace", "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);

  input = g_subprocess_get_stdin_pipe (process);
  g_output_stream_write_all (input, password, strlen (password), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while (!started)
    {
      VitrinePrivateLine read = { 0 };

      g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL,
                                           vitrine_private_line_cb, &read);
      if (!vitrine_private_wait (&read.done, 10000))
        g_error ("gnome-keyring-daemon printed nothing in 10 s");
      if (read.line == NULL)
        g_error ("gnome-keyring-daemon exited without starting (see its stderr above)");
      started = g_str_has_prefix (read.line, "GNOME_KEYRING_CONTROL=");
      g_free (read.line);
    }

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  pid_text = g_subprocess_get_identifier (process);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (vitrine_private_secrets_owner_pid (bus) != (guint32) atoi (pid_text))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("org.freedesktop.secrets is not owned by our gnome-keyring-daemon after 10 s");
      g_usleep (50 * 1000);
    }
  return process;
}

static void
vitrine_private_waited_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* Stops the daemon vitrine_private_keyring_start() started, and frees it. */
static G_GNUC_UNUSED void
vitrine_private_keyring_stop (GSubprocess *process)
{
  gboolean done = FALSE;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_async (process, NULL, vitrine_private_waited_cb, &done);
  if (!vitrine_private_wait (&done, 5000))
    {
      g_subprocess_force_exit (process);
      vitrine_private_wait (&done, 5000);
    }
  g_object_unref (process);
}

G_END_DECLS
