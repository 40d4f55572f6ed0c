/* vitrine-mock-portal.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A stand-in for xdg-desktop-portal on a private session bus, speaking the
 * documented D-Bus interfaces (org.freedesktop.portal.ScreenCast version 4,
 * org.freedesktop.portal.Camera, Request, Session) the way the real one
 * does, with the "dialog" answered by a command-line choice instead of a
 * person. The PipeWire remote it hands out is a connection to the real
 * PipeWire daemon the test runs.
 *
 *   vitrine-mock-portal --screen-node ID [--deny-screen] [--deny-camera]
 *                       [--no-camera] [--close-after S] --log FILE
 *
 * Every request is written to FILE as one JSON object per line, including
 * whether a real portal would have shown its dialog: SelectSources without a
 * restore token it issued (and has not seen used since). Like the real
 * portal, a token is single use: each Start hands out a new one. */

#include <gio/gio.h>
#include <gio/gunixfdlist.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define BUS_NAME    "org.freedesktop.portal.Desktop"
#define OBJECT_PATH "/org/freedesktop/portal/desktop"

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.ScreenCast'>"
  "    <method name='CreateSession'>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <method name='SelectSources'>"
  "      <arg type='o' name='session_handle' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <method name='Start'>"
  "      <arg type='o' name='session_handle' direction='in'/>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <method name='OpenPipeWireRemote'>"
  "      <arg type='o' name='session_handle' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='h' name='fd' direction='out'/>"
  "    </method>"
  "    <property name='AvailableSourceTypes' type='u' access='read'/>"
  "    <property name='AvailableCursorModes' type='u' access='read'/>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "  <interface name='org.freedesktop.portal.Camera'>"
  "    <method name='AccessCamera'>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <method name='OpenPipeWireRemote'>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='h' name='fd' direction='out'/>"
  "    </method>"
  "    <property name='IsCameraPresent' type='b' access='read'/>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "</node>";

static const char session_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Session'>"
  "    <method name='Close'/>"
  "    <signal name='Closed'><arg type='a{sv}' name='details'/></signal>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "</node>";

static guint32     screen_node;
static gboolean    deny_screen;
static gboolean    deny_camera;
static gboolean    no_camera;
static int         close_after;   /* seconds after Start the host stops sharing, or 0 */
static char       *log_path;
static GHashTable *valid_tokens;   /* restore tokens handed out and not yet used */
static GHashTable *sessions;       /* session path → registration id */
static GDBusNodeInfo *session_info;
static GMainLoop  *loop;

static void
log_event (const char *call,
           ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;
  const char *key;
  va_list args;
  FILE *file;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "call");
  json_builder_add_string_value (builder, call);
  va_start (args, call);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      GVariant *value = va_arg (args, GVariant *);

      json_builder_set_member_name (builder, key);
      g_variant_ref_sink (value);
      if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        json_builder_add_boolean_value (builder, g_variant_get_boolean (value));
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
        json_builder_add_int_value (builder, g_variant_get_uint32 (value));
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        json_builder_add_string_value (builder, g_variant_get_string (value, NULL));
      else
        json_builder_add_null_value (builder);
      g_variant_unref (value);
    }
  va_end (args);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  file = fopen (log_path, "a");
  if (file != NULL)
    {
      fprintf (file, "%s\n", line);
      fclose (file);
    }
}

/* /org/freedesktop/portal/desktop/request/SENDER/TOKEN, SENDER being the
 * caller's unique name without ':' and with '.' → '_'. */
static char *
object_path_for (const char *kind,
                 const char *sender,
                 const char *token)
{
  g_autofree char *escaped = g_strdup (sender + 1);

  g_strdelimit (escaped, ".", '_');
  return g_strdup_printf (OBJECT_PATH "/%s/%s/%s", kind, escaped, token);
}

typedef struct
{
  GDBusConnection *connection;
  char            *sender;
  char            *path;
  guint32          response;
  GVariant        *results;
} Response;

static gboolean
emit_response_cb (gpointer user_data)
{
  Response *r = user_data;

  /* Unicast to the caller, as xdg-desktop-portal does: libportal listens
   * without a match rule. */
  g_dbus_connection_emit_signal (r->connection, r->sender, r->path,
                                 "org.freedesktop.portal.Request", "Response",
                                 g_variant_new ("(u@a{sv})", r->response, r->results),
                                 NULL);
  g_object_unref (r->connection);
  g_free (r->sender);
  g_free (r->path);
  g_variant_unref (r->results);
  g_free (r);
  return G_SOURCE_REMOVE;
}

/* Replies with the request handle, then answers it with Response, as the
 * real portal does once its dialog is done. */
static void
respond (GDBusMethodInvocation *invocation,
         GVariant              *options,
         guint32                response,
         GVariant              *results)
{
  const char *token = "t";
  Response *r = g_new0 (Response, 1);

  g_variant_lookup (options, "handle_token", "&s", &token);
  r->connection = g_object_ref (g_dbus_method_invocation_get_connection (invocation));
  r->sender = g_strdup (g_dbus_method_invocation_get_sender (invocation));
  r->path = object_path_for ("request", g_dbus_method_invocation_get_sender (invocation), token);
  r->response = response;
  r->results = g_variant_ref_sink (results ? results : g_variant_new ("a{sv}", NULL));
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", r->path));
  g_timeout_add (20, emit_response_cb, r);
}

static void
session_method_cb (GDBusConnection       *connection,
                   const char            *sender,
                   const char            *object_path,
                   const char            *interface_name,
                   const char            *method_name,
                   GVariant              *parameters,
                   GDBusMethodInvocation *invocation,
                   gpointer               user_data)
{
  gpointer id;

  log_event ("Session.Close", NULL);
  if (g_hash_table_steal_extended (sessions, object_path, NULL, &id))
    g_dbus_connection_unregister_object (connection, GPOINTER_TO_UINT (id));
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static GVariant *
session_property_cb (GDBusConnection  *connection,
                     const char       *sender,
                     const char       *object_path,
                     const char       *interface_name,
                     const char       *property_name,
                     GError          **error,
                     gpointer          user_data)
{
  return g_variant_new_uint32 (1);
}

static const GDBusInterfaceVTable session_vtable = {
  session_method_cb, session_property_cb, NULL, { 0 }
};

/* A connection to the test's PipeWire daemon, as a real portal would hand
 * out (restricted there to the shared nodes). */
static int
connect_pipewire (GError **error)
{
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  const char *dir = g_getenv ("XDG_RUNTIME_DIR");
  int fd;

  g_snprintf (address.sun_path, sizeof address.sun_path, "%s/pipewire-0", dir ? dir : "/tmp");
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || connect (fd, (struct sockaddr *)&address, sizeof address) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot reach PipeWire at %s",
                   address.sun_path);
      if (fd >= 0)
        close (fd);
      return -1;
    }
  return fd;
}

static void
return_fd (GDBusMethodInvocation *invocation)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUnixFDList) fds = g_unix_fd_list_new ();
  int fd = connect_pipewire (&error);
  int index;

  if (fd < 0)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return;
    }
  index = g_unix_fd_list_append (fds, fd, NULL);
  close (fd);
  g_dbus_method_invocation_return_value_with_unix_fd_list (invocation,
                                                           g_variant_new ("(h)", index), fds);
}

typedef struct
{
  GDBusConnection *connection;
  char            *sender;
  char            *path;
} Closing;

/* The host pressed "Stop sharing" in the desktop's indicator. */
static gboolean
close_session_cb (gpointer user_data)
{
  Closing *closing = user_data;
  gpointer id;

  log_event ("Session.Closed", NULL);
  g_dbus_connection_emit_signal (closing->connection, closing->sender, closing->path,
                                 "org.freedesktop.portal.Session", "Closed",
                                 g_variant_new ("(@a{sv})", g_variant_new ("a{sv}", NULL)),
                                 NULL);
  if (g_hash_table_steal_extended (sessions, closing->path, NULL, &id))
    g_dbus_connection_unregister_object (closing->connection, GPOINTER_TO_UINT (id));
  g_object_unref (closing->connection);
  g_free (closing->sender);
  g_free (closing->path);
  g_free (closing);
  return G_SOURCE_REMOVE;
}

static void
method_cb (GDBusConnection       *connection,
           const char            *sender,
           const char            *object_path,
           const char            *interface_name,
           const char            *method_name,
           GVariant              *parameters,
           GDBusMethodInvocation *invocation,
           gpointer               user_data)
{
  gboolean screencast = g_str_equal (interface_name, "org.freedesktop.portal.ScreenCast");

  if (screencast && g_str_equal (method_name, "CreateSession"))
    {
      g_autoptr(GVariant) options = g_variant_get_child_value (parameters, 0);
      const char *token = "s";
      g_autofree char *path = NULL;
      GVariantBuilder results;
      guint id;

      g_variant_lookup (options, "session_handle_token", "&s", &token);
      path = object_path_for ("session", sender, token);
      id = g_dbus_connection_register_object (connection, path, session_info->interfaces[0],
                                              &session_vtable, NULL, NULL, NULL);
      g_hash_table_insert (sessions, g_strdup (path), GUINT_TO_POINTER (id));
      log_event ("ScreenCast.CreateSession", NULL);

      g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&results, "{sv}", "session_handle", g_variant_new_string (path));
      respond (invocation, options, 0, g_variant_builder_end (&results));
    }
  else if (screencast && g_str_equal (method_name, "SelectSources"))
    {
      g_autoptr(GVariant) options = g_variant_get_child_value (parameters, 1);
      const char *token = NULL;
      guint32 persist = 0;
      gboolean dialog;

      g_variant_lookup (options, "restore_token", "&s", &token);
      g_variant_lookup (options, "persist_mode", "u", &persist);
      /* A valid token restores the last choice without a dialog. */
      dialog = token == NULL || !g_hash_table_remove (valid_tokens, token);
      log_event ("ScreenCast.SelectSources",
                 "restore_token", g_variant_new_string (token ? token : ""),
                 "persist_mode", g_variant_new_uint32 (persist),
                 "dialog", g_variant_new_boolean (dialog),
                 NULL);
      respond (invocation, options, 0, NULL);
    }
  else if (screencast && g_str_equal (method_name, "Start"))
    {
      g_autoptr(GVariant) options = g_variant_get_child_value (parameters, 2);
      const char *parent = NULL;
      GVariantBuilder results, streams, props;
      g_autofree char *token = NULL;

      g_variant_get_child (parameters, 1, "&s", &parent);
      log_event ("ScreenCast.Start", "parent_window", g_variant_new_string (parent),
                 "denied", g_variant_new_boolean (deny_screen), NULL);
      if (deny_screen)
        {
          respond (invocation, options, 1, NULL);
          return;
        }

      token = g_uuid_string_random ();
      g_hash_table_add (valid_tokens, g_strdup (token));

      g_variant_builder_init (&props, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&props, "{sv}", "source_type", g_variant_new_uint32 (1));
      g_variant_builder_init (&streams, G_VARIANT_TYPE ("a(ua{sv})"));
      g_variant_builder_add (&streams, "(ua{sv})", screen_node, &props);
      g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&results, "{sv}", "streams", g_variant_builder_end (&streams));
      g_variant_builder_add (&results, "{sv}", "persist_mode", g_variant_new_uint32 (2));
      g_variant_builder_add (&results, "{sv}", "restore_token", g_variant_new_string (token));
      log_event ("ScreenCast.Started", "restore_token", g_variant_new_string (token),
                 "node", g_variant_new_uint32 (screen_node), NULL);
      if (close_after > 0)
        {
          Closing *closing = g_new0 (Closing, 1);

          closing->connection = g_object_ref (connection);
          closing->sender = g_strdup (sender);
          g_variant_get_child (parameters, 0, "o", &closing->path);
          g_timeout_add_seconds (close_after, close_session_cb, closing);
        }
      respond (invocation, options, 0, g_variant_builder_end (&results));
    }
  else if (g_str_equal (method_name, "OpenPipeWireRemote"))
    {
      log_event (screencast ? "ScreenCast.OpenPipeWireRemote" : "Camera.OpenPipeWireRemote",
                 NULL);
      return_fd (invocation);
    }
  else if (g_str_equal (method_name, "AccessCamera"))
    {
      g_autoptr(GVariant) options = g_variant_get_child_value (parameters, 0);

      log_event ("Camera.AccessCamera", "denied", g_variant_new_boolean (deny_camera), NULL);
      respond (invocation, options, deny_camera ? 1 : 0, NULL);
    }
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "%s.%s is not implemented here", interface_name,
                                           method_name);
}

static GVariant *
property_cb (GDBusConnection  *connection,
             const char       *sender,
             const char       *object_path,
             const char       *interface_name,
             const char       *property_name,
             GError          **error,
             gpointer          user_data)
{
  if (g_str_equal (property_name, "AvailableSourceTypes"))
    return g_variant_new_uint32 (1 | 2);
  if (g_str_equal (property_name, "AvailableCursorModes"))
    return g_variant_new_uint32 (1 | 2 | 4);
  if (g_str_equal (property_name, "IsCameraPresent"))
    return g_variant_new_boolean (!no_camera);
  if (g_str_equal (interface_name, "org.freedesktop.portal.ScreenCast"))
    return g_variant_new_uint32 (4);
  return g_variant_new_uint32 (1);
}

static const GDBusInterfaceVTable vtable = { method_cb, property_cb, NULL, { 0 } };

static void
bus_acquired_cb (GDBusConnection *connection,
                 const char      *name,
                 gpointer         user_data)
{
  GDBusNodeInfo *info = user_data;

  for (guint i = 0; info->interfaces[i] != NULL; i++)
    g_dbus_connection_register_object (connection, OBJECT_PATH, info->interfaces[i], &vtable,
                                       NULL, NULL, NULL);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  log_event ("ready", NULL);
}

static void
name_lost_cb (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  g_printerr ("vitrine-mock-portal: cannot own %s\n", name);
  g_main_loop_quit (loop);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- a scripted desktop portal");
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  int node = 0;
  GOptionEntry entries[] = {
    { "screen-node", 0, 0, G_OPTION_ARG_INT, &node, "PipeWire node a screen cast shares", "ID" },
    { "deny-screen", 0, 0, G_OPTION_ARG_NONE, &deny_screen, "The host refuses to share", NULL },
    { "deny-camera", 0, 0, G_OPTION_ARG_NONE, &deny_camera, "The host refuses the camera", NULL },
    { "no-camera", 0, 0, G_OPTION_ARG_NONE, &no_camera, "No camera is present", NULL },
    { "close-after", 0, 0, G_OPTION_ARG_INT, &close_after, "Stop sharing after S seconds", "S" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path, "Where requests are written", "FILE" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || log_path == NULL)
    {
      g_printerr ("vitrine-mock-portal: %s\n", error ? error->message : "--log is required");
      return 2;
    }
  screen_node = node;

  valid_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  info = g_dbus_node_info_new_for_xml (introspection_xml, NULL);
  session_info = g_dbus_node_info_new_for_xml (session_xml, NULL);
  loop = g_main_loop_new (NULL, FALSE);

  g_bus_own_name (G_BUS_TYPE_SESSION, BUS_NAME, G_BUS_NAME_OWNER_FLAGS_NONE,
                  bus_acquired_cb, name_acquired_cb, name_lost_cb, info, NULL);
  g_main_loop_run (loop);
  return 1;
}
