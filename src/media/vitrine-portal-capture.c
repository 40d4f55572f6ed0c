/* vitrine-portal-capture.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-portal-capture"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <gst/gst.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <pipewire/pipewire.h>
#pragma GCC diagnostic pop

#include "vitrine-output-private.h"
#include "vitrine-portal-capture-private.h"

/* Camera and screen through the XDG desktop portals, as a sandboxed app must
 * (and as a Wayland desktop requires for the screen):
 *
 *   screen: ScreenCast session → the host picks a monitor or window → a
 *           PipeWire remote + node; the portal's restore token is kept in
 *           GSettings so the next start does not ask again;
 *   camera: Camera.AccessCamera → a PipeWire remote on which only cameras
 *           are visible; the node is chosen by name or the first one.
 *
 * The node is then captured by pipewiresrc in a pipeline of its own
 * (vitrine-media-player.c), whose pictures go to an appsrc in the program:
 * a portal that never answers, a host who says no, or a share stopped from
 * the desktop only ever takes that one source out of the show. */

GST_DEBUG_CATEGORY_STATIC (vitrine_portal_debug);
#define GST_CAT_DEFAULT vitrine_portal_debug

#define SETTINGS_SCHEMA_ID "io.github.vitrine.Vitrine"
#define TOKENS_KEY         "portal-restore-tokens"
#define ENUMERATE_TIMEOUT_S 3

struct _VitrinePortalCapture
{
  VitrinePortalCaptureKind  kind;
  char                     *name;
  char                     *token_key;
  char                     *camera;
  XdpParent                *parent;
  GstAppSrc                *video_src;
  VitrineMediaPlayerFunc    failed;
  gpointer                  user_data;

  GCancellable             *cancellable;
  XdpPortal                *portal;
  XdpSession               *session;
  gulong                    closed_id;
  int                       fd;
  guint32                   node;
  VitrineMediaPlayer       *player;
  gboolean                  disposed;
};

static VitrinePortalCapture *
capture_ref (VitrinePortalCapture *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
capture_clear (VitrinePortalCapture *self)
{
  g_clear_pointer (&self->player, _vitrine_media_player_free);
  if (self->session != NULL)
    {
      g_clear_signal_handler (&self->closed_id, self->session);
      if (xdp_session_get_session_state (self->session) == XDP_SESSION_ACTIVE)
        xdp_session_close (self->session);
    }
  g_clear_object (&self->session);
  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
  g_clear_object (&self->portal);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->parent, xdp_parent_free);
  gst_clear_object (&self->video_src);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->token_key, g_free);
  g_clear_pointer (&self->camera, g_free);
}

static void
capture_unref (VitrinePortalCapture *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify)capture_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrinePortalCapture, capture_unref)

/* Reports a failure once, on the main thread, unless the capture is gone. */
static void
capture_fail (VitrinePortalCapture *self,
              GError               *error)
{
  g_autoptr(GError) owned = error;
  VitrineMediaPlayerFunc failed = self->failed;

  if (self->disposed || failed == NULL)
    return;

  GST_WARNING ("%s: %s", self->name, error->message);
  self->failed = NULL;
  failed (error, self->user_data);
}

/* Restore tokens: not secrets (they only spare the host a dialog), kept in
 * GSettings when the schema is installed. */
static GSettings *
settings_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, TOKENS_KEY))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static char *
load_restore_token (const char *key)
{
  g_autoptr(GSettings) settings = settings_if_installed ();
  g_autoptr(GVariant) tokens = NULL;
  char *token = NULL;

  if (settings == NULL || key == NULL)
    return NULL;
  tokens = g_settings_get_value (settings, TOKENS_KEY);
  if (!g_variant_lookup (tokens, key, "s", &token))
    return NULL;
  return token;
}

static void
save_restore_token (const char *key,
                    const char *token)
{
  g_autoptr(GSettings) settings = settings_if_installed ();
  g_autoptr(GVariant) tokens = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *k, *v;

  if (settings == NULL || key == NULL)
    return;

  tokens = g_settings_get_value (settings, TOKENS_KEY);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, tokens);
  while (g_variant_iter_next (&iter, "{&s&s}", &k, &v))
    if (g_strcmp0 (k, key) != 0)
      g_variant_builder_add (&builder, "{ss}", k, v);
  if (token != NULL)
    g_variant_builder_add (&builder, "{ss}", key, token);
  g_settings_set_value (settings, TOKENS_KEY, g_variant_builder_end (&builder));
  g_settings_sync ();
}

static GError *
portal_error (VitrinePortalCapture *self,
              const GError         *error)
{
  gboolean screen = self->kind == VITRINE_PORTAL_CAPTURE_SCREEN;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                        screen ? _("screen sharing was not allowed")
                               : _("the camera was not allowed"));
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                        screen ? _("the desktop offers no screen sharing "
                                   "(xdg-desktop-portal is not running)")
                               : _("the desktop offers no camera access "
                                   "(xdg-desktop-portal is not running)"));
  return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                      screen ? _("screen sharing failed: %s") : _("the camera failed: %s"),
                      error->message);
}

static void
player_failed_cb (const GError *error,
                  gpointer      user_data)
{
  capture_fail (user_data, g_error_copy (error));
}

/* Starts pipewiresrc on the node, in its own pipeline. Main thread. */
static void
start_player (VitrinePortalCapture *self)
{
  g_autofree char *path = g_strdup_printf ("%u", self->node);
  g_autoptr(GError) error = NULL;
  GstElement *src;

  if (!(src = _vitrine_make_element ("pipewiresrc", NULL, &error)))
    {
      capture_fail (self, g_steal_pointer (&error));
      return;
    }
  /* pipewiresrc connects with a duplicate of the fd: ours stays open until
   * the capture ends. A screen cast sends frames only when something
   * changes: the keepalive repeats the last one. Buffers are copied so the
   * program never holds PipeWire's few shared buffers. */
  g_object_set (src,
                "fd", self->fd,
                "path", path,
                "always-copy", TRUE,
                "client-name", "Vitrine",
                NULL);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (src), "keepalive-time") != NULL)
    g_object_set (src, "keepalive-time", 1000, NULL);

  GST_INFO ("%s: capturing PipeWire node %u", self->name, self->node);
  /* The player dies before the capture (capture_clear, _free). */
  self->player = _vitrine_media_player_new_live (src, self->video_src, player_failed_cb,
                                                 self, &error);
  if (self->player == NULL)
    capture_fail (self, g_steal_pointer (&error));
}

typedef struct
{
  struct pw_main_loop *loop;
  struct pw_core      *core;
  int                  pending;
  const char          *wanted;
  guint32              node;
  char                *node_name;
  guint                n_cameras;
  GError              *error;
} Enumeration;

static void
registry_global_cb (void                  *data,
                    uint32_t               id,
                    uint32_t               permissions,
                    const char            *type,
                    uint32_t               version,
                    const struct spa_dict *props)
{
  Enumeration *e = data;
  const char *role, *klass, *name, *description;

  if (props == NULL || g_strcmp0 (type, PW_TYPE_INTERFACE_Node) != 0)
    return;

  role = spa_dict_lookup (props, PW_KEY_MEDIA_ROLE);
  klass = spa_dict_lookup (props, PW_KEY_MEDIA_CLASS);
  if (g_strcmp0 (role, "Camera") != 0 || g_strcmp0 (klass, "Video/Source") != 0)
    return;

  name = spa_dict_lookup (props, PW_KEY_NODE_NAME);
  description = spa_dict_lookup (props, PW_KEY_NODE_DESCRIPTION);
  e->n_cameras++;
  GST_DEBUG ("camera node %u: %s (%s)", id, name, description);

  /* The first camera, or the one the show names (by node name or by the
   * description the desktop shows). */
  if (e->node_name != NULL && e->wanted == NULL)
    return;
  if (e->wanted != NULL && g_strcmp0 (e->wanted, name) != 0 &&
      g_strcmp0 (e->wanted, description) != 0)
    return;
  if (e->node_name != NULL)
    return;
  e->node = id;
  e->node_name = g_strdup (description ? description : name ? name : "");
}

static const struct pw_registry_events registry_events = {
  PW_VERSION_REGISTRY_EVENTS,
  .global = registry_global_cb,
};

static void
core_done_cb (void     *data,
              uint32_t  id,
              int       seq)
{
  Enumeration *e = data;

  if (id == PW_ID_CORE && seq == e->pending)
    pw_main_loop_quit (e->loop);
}

static void
core_error_cb (void       *data,
               uint32_t    id,
               int         seq,
               int         res,
               const char *message)
{
  Enumeration *e = data;

  if (id != PW_ID_CORE)
    return;
  if (e->error == NULL)
    e->error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                            _("PipeWire refused the connection: %s"), message);
  pw_main_loop_quit (e->loop);
}

static const struct pw_core_events core_events = {
  PW_VERSION_CORE_EVENTS,
  .done = core_done_cb,
  .error = core_error_cb,
};

static void
enumeration_timeout_cb (void     *data,
                        uint64_t  expirations)
{
  Enumeration *e = data;

  if (e->error == NULL)
    e->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                    _("PipeWire did not answer"));
  pw_main_loop_quit (e->loop);
}

/* Lists the cameras the portal's PipeWire remote shows. Worker thread. */
static gboolean
find_camera (int          fd,
             const char  *wanted,
             guint32     *node,
             GError     **error)
{
  Enumeration e = { .wanted = wanted };
  struct pw_context *context = NULL;
  struct pw_registry *registry = NULL;
  struct spa_hook registry_listener, core_listener;
  struct spa_source *timer;
  struct timespec timeout = { ENUMERATE_TIMEOUT_S, 0 };
  gboolean found = FALSE;
  int own_fd;

  pw_init (NULL, NULL);
  e.loop = pw_main_loop_new (NULL);
  if (e.loop == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("PipeWire cannot be used"));
      return FALSE;
    }
  context = pw_context_new (pw_main_loop_get_loop (e.loop), NULL, 0);
  own_fd = fcntl (fd, F_DUPFD_CLOEXEC, 3);
  if (context != NULL && own_fd >= 0)
    e.core = pw_context_connect_fd (context, own_fd, NULL, 0);
  if (e.core == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("cannot connect to PipeWire: %s"), g_strerror (errno));
      goto out;
    }

  spa_zero (registry_listener);
  spa_zero (core_listener);
  registry = pw_core_get_registry (e.core, PW_VERSION_REGISTRY, 0);
  pw_registry_add_listener (registry, &registry_listener, &registry_events, &e);
  pw_core_add_listener (e.core, &core_listener, &core_events, &e);
  e.pending = pw_core_sync (e.core, PW_ID_CORE, 0);

  timer = pw_loop_add_timer (pw_main_loop_get_loop (e.loop), enumeration_timeout_cb, &e);
  pw_loop_update_timer (pw_main_loop_get_loop (e.loop), timer, &timeout, NULL, FALSE);
  pw_main_loop_run (e.loop);
  pw_loop_destroy_source (pw_main_loop_get_loop (e.loop), timer);

  if (e.error != NULL)
    g_propagate_error (error, g_steal_pointer (&e.error));
  else if (e.node_name == NULL && wanted != NULL && e.n_cameras > 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("no camera is called “%s”"), wanted);
  else if (e.node_name == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("no camera is connected"));
  else
    {
      GST_INFO ("camera “%s” is PipeWire node %u", e.node_name, e.node);
      *node = e.node;
      found = TRUE;
    }

  spa_hook_remove (&core_listener);
  spa_hook_remove (&registry_listener);
  pw_proxy_destroy ((struct pw_proxy *)registry);

out:
  if (e.core != NULL)
    pw_core_disconnect (e.core);
  else if (own_fd >= 0 && context == NULL)
    close (own_fd);
  if (context != NULL)
    pw_context_destroy (context);
  pw_main_loop_destroy (e.loop);
  g_free (e.node_name);
  return found;
}

/* The PipeWire remote, and for a camera its node: blocking D-Bus and
 * PipeWire round trips, so in a worker thread. */
static void
open_remote_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  VitrinePortalCapture *self = task_data;
  GError *error = NULL;
  int fd;

  if (self->kind == VITRINE_PORTAL_CAPTURE_SCREEN)
    fd = xdp_session_open_pipewire_remote (self->session);
  else
    fd = xdp_portal_open_pipewire_remote_for_camera (self->portal);
  if (fd < 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               _("the desktop did not give access to PipeWire"));
      return;
    }

  if (self->kind == VITRINE_PORTAL_CAPTURE_CAMERA &&
      !find_camera (fd, self->camera, &self->node, &error))
    {
      close (fd);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_int (task, fd);
}

static void
remote_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VitrinePortalCapture) self = user_data;
  g_autoptr(GError) error = NULL;
  gssize fd = g_task_propagate_int (G_TASK (result), &error);

  if (self->disposed)
    {
      if (fd >= 0)
        close (fd);
      return;
    }
  if (fd < 0)
    {
      capture_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "%s", error->message));
      return;
    }
  self->fd = fd;
  start_player (self);
}

static void
open_remote (VitrinePortalCapture *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, remote_opened_cb,
                                      capture_ref (self));

  g_task_set_source_tag (task, open_remote);
  g_task_set_task_data (task, capture_ref (self), (GDestroyNotify)capture_unref);
  g_task_run_in_thread (task, open_remote_thread);
}

static void
session_closed_cb (XdpSession           *session,
                   VitrinePortalCapture *self)
{
  capture_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                           _("screen sharing was stopped from the desktop")));
}

static void
session_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VitrinePortalCapture) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) streams = NULL;
  GVariantIter iter;

  if (!xdp_session_start_finish (XDP_SESSION (object), result, &error))
    {
      if (!self->disposed)
        capture_fail (self, portal_error (self, error));
      return;
    }
  if (self->disposed)
    return;

  /* The token is single use: the portal hands out a new one every time. */
  save_restore_token (self->token_key, xdp_session_get_restore_token (self->session));

  streams = xdp_session_get_streams (self->session);
  if (streams == NULL || g_variant_iter_init (&iter, streams) == 0 ||
      !g_variant_iter_next (&iter, "(u@a{sv})", &self->node, NULL))
    {
      capture_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                               _("screen sharing gave no picture")));
      return;
    }

  self->closed_id = g_signal_connect (self->session, "closed",
                                      G_CALLBACK (session_closed_cb), self);
  open_remote (self);
}

static void
session_created_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VitrinePortalCapture) self = user_data;
  g_autoptr(GError) error = NULL;

  self->session = xdp_portal_create_screencast_session_finish (XDP_PORTAL (object), result,
                                                               &error);
  if (self->session == NULL)
    {
      if (!self->disposed)
        capture_fail (self, portal_error (self, error));
      return;
    }
  if (self->disposed)
    return;

  xdp_session_start (self->session, self->parent, self->cancellable,
                     session_started_cb, capture_ref (self));
}

static void
camera_access_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VitrinePortalCapture) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!xdp_portal_access_camera_finish (XDP_PORTAL (object), result, &error))
    {
      if (!self->disposed)
        capture_fail (self, portal_error (self, error));
      return;
    }
  if (!self->disposed)
    open_remote (self);
}

/* Whether the desktop has a camera, asked before AccessCamera: libportal
 * 0.6 trips over its own cancellable handler when the portal is missing. */
static void
camera_present_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VitrinePortalCapture) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (self->disposed)
    return;
  if (reply == NULL)
    {
      g_dbus_error_strip_remote_error (error);
      capture_fail (self, portal_error (self, error));
      return;
    }

  g_variant_get (reply, "(v)", &value);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) && !g_variant_get_boolean (value))
    {
      capture_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                               _("no camera is connected")));
      return;
    }

  xdp_portal_access_camera (self->portal, self->parent, XDP_CAMERA_FLAG_NONE,
                            self->cancellable, camera_access_cb, capture_ref (self));
}

static void
bus_ready_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VitrinePortalCapture) self = user_data;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  bus = g_bus_get_finish (result, &error);
  if (self->disposed)
    return;
  if (bus == NULL)
    {
      capture_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                       self->kind == VITRINE_PORTAL_CAPTURE_SCREEN
                                       ? _("screen sharing needs a desktop session: %s")
                                       : _("camera access needs a desktop session: %s"),
                                       error->message));
      return;
    }

  /* libportal takes the same (now cached) session bus. */
  self->portal = xdp_portal_new ();
  if (self->kind == VITRINE_PORTAL_CAPTURE_SCREEN)
    {
      token = load_restore_token (self->token_key);
      GST_INFO ("%s: asking for a screen %s a restore token", self->name,
                token ? "with" : "without");
      xdp_portal_create_screencast_session (self->portal,
                                            XDP_OUTPUT_MONITOR | XDP_OUTPUT_WINDOW,
                                            XDP_SCREENCAST_FLAG_NONE,
                                            XDP_CURSOR_MODE_EMBEDDED,
                                            XDP_PERSIST_MODE_PERSISTENT,
                                            token,
                                            self->cancellable,
                                            session_created_cb,
                                            capture_ref (self));
    }
  else
    g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop",
                            "/org/freedesktop/portal/desktop",
                            "org.freedesktop.DBus.Properties", "Get",
                            g_variant_new ("(ss)", "org.freedesktop.portal.Camera",
                                           "IsCameraPresent"),
                            G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1,
                            self->cancellable, camera_present_cb, capture_ref (self));
}

/**
 * _vitrine_portal_capture_new:
 * @name: the source's name, for logs
 * @token_key: (nullable): where the screen's restore token is kept
 * @camera: (nullable): the camera to use (PipeWire node name or description),
 *   or %NULL for the first one
 * @parent: (nullable): the window the portal's dialog belongs to
 * @video_src: the program's appsrc that receives the pictures
 * @failed: called once, on the main thread, when the capture cannot start or
 *   stops
 *
 * Asks the desktop for the screen or the camera and, once allowed, captures
 * it into @video_src. Returns at once; nothing here blocks the main thread.
 */
VitrinePortalCapture *
_vitrine_portal_capture_new (VitrinePortalCaptureKind  kind,
                             const char               *name,
                             const char               *token_key,
                             const char               *camera,
                             XdpParent                *parent,
                             GstAppSrc                *video_src,
                             VitrineMediaPlayerFunc    failed,
                             gpointer                  user_data)
{
  VitrinePortalCapture *self = g_atomic_rc_box_new0 (VitrinePortalCapture);

  if (vitrine_portal_debug == NULL)
    GST_DEBUG_CATEGORY_INIT (vitrine_portal_debug, "vitrine-portal", 0,
                             "Vitrine camera and screen through the XDG portals");

  self->kind = kind;
  self->name = g_strdup (name);
  self->token_key = g_strdup (token_key);
  self->camera = g_strdup (camera);
  self->parent = parent ? xdp_parent_copy (parent) : NULL;
  self->video_src = gst_object_ref (video_src);
  self->failed = failed;
  self->user_data = user_data;
  self->cancellable = g_cancellable_new ();
  self->fd = -1;

  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, bus_ready_cb, capture_ref (self));
  return self;
}

/**
 * _vitrine_portal_capture_free:
 *
 * Stops the capture and closes the portal session. No callback runs after
 * this returns.
 */
void
_vitrine_portal_capture_free (VitrinePortalCapture *self)
{
  if (self == NULL)
    return;

  self->disposed = TRUE;
  self->failed = NULL;
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->player, _vitrine_media_player_free);
  capture_unref (self);
}
