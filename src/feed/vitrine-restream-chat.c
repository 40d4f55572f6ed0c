/* vitrine-restream-chat.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-restream"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vitrine-restream-chat.h"
#include "vitrine-restream-parse.h"
#include "vitrine-secrets.h"

/* Restream Chat (platform-apis.md §6.1): one WebSocket,
 * `wss://chat.api.restream.io/ws?accessToken=<OAuth bearer>`, that only
 * speaks from the server to the client. Restream forwards the chat of every
 * channel it streams to; each message keeps its platform (a Twitch message
 * read through Restream is a Twitch item, see vitrine-restream-parse.c).
 *
 * The token comes from the keyring (secret id `restream` by default, or the
 * environment variable `VITRINE_KEY_RESTREAM`). Restream documents only the
 * query parameter for it, so the URL holds the token: it is never logged.
 *
 * Liveness: Restream sends a `heartbeat` about every 45 s and says to
 * consider the connection broken after 60 s without one; any frame counts.
 * Then, and when the server closes, Vitrine reconnects after the shared
 * backoff. A handshake refused with 401/403, or a close with 1008 or 4001
 * (what clients see when the token expired), waits for a new sign-in
 * instead (UNAUTHORIZED).
 *
 * `connection_info` frames tell which channels Restream reads (keyed by
 * `connectionIdentifier`, removed by a `connection_closed` with the same
 * `connectionUuid`, duplicates harmless): the status line lists them, and a
 * channel going into `error` (`youtube_livechat_ended`…) becomes a notice in
 * the feed. A reply the host writes in Restream Chat shows as the host's
 * message; a reply a platform refuses becomes a notice. Restream documents
 * no deletion or ban action, so nothing is retracted from here. */

#define KEEPALIVE_SECONDS 30

typedef struct
{
  char *uuid;
  char *platform;
  char *status;
  char *reason;
} Channel;

struct _VitrineRestreamChat
{
  VitrineFeedSource        parent_instance;

  char                    *secret_id;
  guint                    heartbeat_timeout;

  char                    *token;
  SoupMessage             *handshake;
  SoupWebsocketConnection *connection;
  GHashTable              *channels;       /* connectionIdentifier → Channel */
  gint64                   last_frame;     /* monotonic µs */
  guint                    watchdog_id;
  guint                    reconnect_id;
};

G_DEFINE_FINAL_TYPE (VitrineRestreamChat, vitrine_restream_chat, VITRINE_TYPE_FEED_SOURCE)

enum {
  PROP_0,
  PROP_SECRET_ID,
  PROP_HEARTBEAT_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void connect_now (VitrineRestreamChat *self);

static void
channel_free (Channel *channel)
{
  g_free (channel->uuid);
  g_free (channel->platform);
  g_free (channel->status);
  g_free (channel->reason);
  g_free (channel);
}

static void
secret_free (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

static char *
describe_wait (guint milliseconds)
{
  guint seconds = MAX ((milliseconds + 500) / 1000, 1);

  if (seconds < 120)
    return g_strdup_printf (ngettext ("%u second", "%u seconds", seconds), seconds);
  return g_strdup_printf (ngettext ("%u minute", "%u minutes", (seconds + 59) / 60),
                          (seconds + 59) / 60);
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  /* An address, not a name that merely starts with "127.". */
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* wss:// (or https://), or ws:// to this computer only: the URL carries the
 * token. */
static gboolean
is_usable_url (const char *url)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *scheme;

  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_userinfo (uri) != NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "wss") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  return (g_ascii_strcasecmp (scheme, "ws") == 0 || g_ascii_strcasecmp (scheme, "http") == 0) &&
         is_loopback (g_uri_get_host (uri));
}

static void
set_state (VitrineRestreamChat    *self,
           VitrineFeedSourceState  state,
           const char             *status)
{
  _vitrine_feed_source_set_state (VITRINE_FEED_SOURCE (self), state, status);
}

static void
closed_unref_cb (SoupWebsocketConnection *connection,
                 gpointer                 user_data)
{
  g_object_unref (connection);
}

/* Lets go of the WebSocket without hearing from it again. */
static void
drop_connection (VitrineRestreamChat *self)
{
  SoupWebsocketConnection *connection = g_steal_pointer (&self->connection);

  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  if (connection == NULL)
    return;

  g_signal_handlers_disconnect_by_data (connection, self);
  switch (soup_websocket_connection_get_state (connection))
    {
    case SOUP_WEBSOCKET_STATE_OPEN:
      /* It finishes closing on its own time and holds itself until then. */
      g_signal_connect (connection, "closed", G_CALLBACK (closed_unref_cb), NULL);
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      break;
    case SOUP_WEBSOCKET_STATE_CLOSING:
      g_signal_connect (connection, "closed", G_CALLBACK (closed_unref_cb), NULL);
      break;
    case SOUP_WEBSOCKET_STATE_CLOSED:
    default:
      g_object_unref (connection);
      break;
    }
}

static gboolean
reconnect_timeout_cb (gpointer user_data)
{
  VitrineRestreamChat *self = user_data;

  self->reconnect_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

typedef enum
{
  LOST_UNREACHABLE,
  LOST_CLOSED,
  LOST_SILENT,
} Lost;

static void
reconnect_later (VitrineRestreamChat *self,
                 Lost                 lost)
{
  guint wait = _vitrine_feed_source_next_backoff (VITRINE_FEED_SOURCE (self));
  g_autofree char *in = describe_wait (wait);
  g_autofree char *status = NULL;

  drop_connection (self);
  switch (lost)
    {
    case LOST_UNREACHABLE:
      status = g_strdup_printf (_("Restream’s chat cannot be reached; trying again in %s"), in);
      break;
    case LOST_SILENT:
      status = g_strdup_printf (_("Restream’s chat went silent; reconnecting in %s"), in);
      break;
    case LOST_CLOSED:
    default:
      status = g_strdup_printf (_("Restream closed the chat connection; reconnecting in %s"),
                                in);
      break;
    }

  g_debug ("%s: %s", vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)), status);
  set_state (self, VITRINE_FEED_SOURCE_RECONNECTING, status);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  self->reconnect_id = g_timeout_add (wait, reconnect_timeout_cb, self);
}

static void
refused (VitrineRestreamChat *self)
{
  drop_connection (self);
  set_state (self, VITRINE_FEED_SOURCE_UNAUTHORIZED,
             _("Restream refused the sign-in: sign in to Restream again"));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* "Chat from Twitch, YouTube; YouTube: the live chat has ended" */
static char *
describe_channels (VitrineRestreamChat *self)
{
  g_autoptr(GPtrArray) live = g_ptr_array_new ();
  g_autoptr(GPtrArray) troubles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) status = g_string_new (NULL);
  GHashTableIter iter;
  Channel *channel;

  g_hash_table_iter_init (&iter, self->channels);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &channel))
    {
      const char *title = vitrine_restream_platform_title (channel->platform);

      if (g_strcmp0 (channel->status, "error") == 0)
        {
          g_autofree char *why = vitrine_restream_describe_reason (channel->reason);

          g_ptr_array_add (troubles, g_strdup_printf (_("%s: %s"), title, why));
        }
      else if (g_strcmp0 (channel->status, "connected") == 0 &&
               !g_ptr_array_find_with_equal_func (live, title, g_str_equal, NULL))
        {
          g_ptr_array_add (live, (gpointer) title);
        }
    }

  g_ptr_array_sort (live, compare_strings);
  g_ptr_array_sort (troubles, compare_strings);

  if (live->len > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < live->len; i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                                (const char *) g_ptr_array_index (live, i));
      g_string_append_printf (status, _("Chat from %s"), names->str);
    }
  for (guint i = 0; i < troubles->len; i++)
    g_string_append_printf (status, "%s%s", status->len > 0 ? "; " : "",
                            (const char *) g_ptr_array_index (troubles, i));

  if (status->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&status), FALSE);
}

static void
update_status (VitrineRestreamChat *self)
{
  g_autofree char *status = describe_channels (self);

  set_state (self, VITRINE_FEED_SOURCE_LIVE, status);
}

static void
emit_notice (VitrineRestreamChat *self,
             const char          *platform,
             const char          *text,
             GDateTime           *time)
{
  g_autoptr(VitrineFeedItem) item = vitrine_feed_item_new (VITRINE_FEED_ITEM_NOTICE, platform,
                                                           NULL, text, time);

  _vitrine_feed_source_emit_item (VITRINE_FEED_SOURCE (self), item);
}

static void
connection_info (VitrineRestreamChat   *self,
                 VitrineRestreamAction *action)
{
  Channel *channel;
  gboolean newly_failed;

  if (action->connection_identifier == NULL)
    return;

  channel = g_hash_table_lookup (self->channels, action->connection_identifier);
  if (channel == NULL)
    {
      channel = g_new0 (Channel, 1);
      g_hash_table_insert (self->channels, g_strdup (action->connection_identifier), channel);
    }

  newly_failed = g_strcmp0 (action->status, "error") == 0 &&
                 (g_strcmp0 (channel->status, "error") != 0 ||
                  g_strcmp0 (channel->reason, action->reason) != 0);

  g_free (channel->uuid);
  channel->uuid = g_strdup (action->connection_uuid);
  g_free (channel->platform);
  channel->platform = g_strdup (action->platform);
  g_free (channel->status);
  channel->status = g_strdup (action->status);
  g_free (channel->reason);
  channel->reason = g_strdup (action->reason);

  if (newly_failed)
    {
      g_autofree char *why = vitrine_restream_describe_reason (action->reason);
      g_autofree char *text =
        g_strdup_printf (_("%s through Restream: %s"),
                         vitrine_restream_platform_title (action->platform), why);

      emit_notice (self, action->platform, text, action->time);
    }
}

static void
connection_closed (VitrineRestreamChat   *self,
                   VitrineRestreamAction *action)
{
  GHashTableIter iter;
  Channel *channel;

  /* By uuid: a channel's connection may already have been replaced by a
   * newer one under the same identifier, which stays. */
  if (action->connection_uuid == NULL)
    return;
  g_hash_table_iter_init (&iter, self->channels);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &channel))
    if (g_strcmp0 (channel->uuid, action->connection_uuid) == 0)
      g_hash_table_iter_remove (&iter);
}

static void
reply_failed (VitrineRestreamChat   *self,
              VitrineRestreamAction *action)
{
  Channel *channel = action->connection_identifier
                     ? g_hash_table_lookup (self->channels, action->connection_identifier)
                     : NULL;
  const char *platform = channel ? channel->platform : "restream";
  g_autofree char *why = vitrine_restream_describe_reason (action->reason);
  g_autofree char *text = g_strdup_printf (_("Your reply did not reach %s: %s"),
                                           vitrine_restream_platform_title (platform), why);

  emit_notice (self, platform, text, action->time);
}

static void
message_cb (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *message,
            gpointer                 user_data)
{
  VitrineRestreamChat *self = user_data;
  g_autoptr(VitrineRestreamAction) action = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;

  self->last_frame = g_get_monotonic_time ();
  if (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (self)) != VITRINE_FEED_SOURCE_LIVE)
    update_status (self);

  data = g_bytes_get_data (message, &length);
  action = vitrine_restream_parse_action (data, length, &error);
  if (action == NULL)
    {
      g_debug ("%s: frame of %" G_GSIZE_FORMAT " bytes skipped: %s",
               vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)), length, error->message);
      return;
    }

  switch (action->type)
    {
    case VITRINE_RESTREAM_ACTION_CONNECTION_INFO:
      connection_info (self, action);
      update_status (self);
      break;

    case VITRINE_RESTREAM_ACTION_CONNECTION_CLOSED:
      connection_closed (self, action);
      update_status (self);
      break;

    case VITRINE_RESTREAM_ACTION_EVENT:
    case VITRINE_RESTREAM_ACTION_REPLY_CREATED:
      if (action->item != NULL)
        _vitrine_feed_source_emit_item (VITRINE_FEED_SOURCE (self), action->item);
      break;

    case VITRINE_RESTREAM_ACTION_REPLY_FAILED:
      reply_failed (self, action);
      break;

    case VITRINE_RESTREAM_ACTION_HEARTBEAT:
    case VITRINE_RESTREAM_ACTION_REPLY_ACCEPTED:
    case VITRINE_RESTREAM_ACTION_REPLY_CONFIRMED:
    case VITRINE_RESTREAM_ACTION_RELAY:
    case VITRINE_RESTREAM_ACTION_UNKNOWN:
    default:
      break;
    }
}

static void
closed_cb (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  VitrineRestreamChat *self = user_data;
  gushort code = soup_websocket_connection_get_close_code (connection);

  g_debug ("%s: closed by Restream (%u)", vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)),
           code);
  if (code == SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION || code == 4001)
    refused (self);
  else
    reconnect_later (self, LOST_CLOSED);
}

static void
error_cb (SoupWebsocketConnection *connection,
          GError                  *error,
          gpointer                 user_data)
{
  VitrineRestreamChat *self = user_data;

  /* A protocol error (invalid UTF-8 in a text frame, a broken frame…) is
   * followed by "closed", which reconnects. */
  g_debug ("%s: %s", vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)), error->message);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  VitrineRestreamChat *self = user_data;
  gint64 silent_ms = (g_get_monotonic_time () - self->last_frame) / 1000;

  if (silent_ms < self->heartbeat_timeout)
    {
      self->watchdog_id = g_timeout_add (self->heartbeat_timeout - silent_ms, watchdog_cb, self);
      return G_SOURCE_REMOVE;
    }

  self->watchdog_id = 0;
  reconnect_later (self, LOST_SILENT);
  return G_SOURCE_REMOVE;
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) handshake = NULL;
  VitrineRestreamChat *self;
  SoupWebsocketConnection *connection;
  guint status;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = VITRINE_RESTREAM_CHAT (user_data);
  handshake = g_steal_pointer (&self->handshake);
  if (connection == NULL)
    {
      status = handshake ? soup_message_get_status (handshake) : 0;
      g_debug ("%s: no WebSocket (HTTP %u): %s",
               vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)), status, error->message);
      if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
        refused (self);
      else
        reconnect_later (self, LOST_UNREACHABLE);
      return;
    }

  self->connection = connection;
  self->last_frame = g_get_monotonic_time ();
  soup_websocket_connection_set_keepalive_interval (connection, KEEPALIVE_SECONDS);
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), self);
  g_signal_connect (connection, "error", G_CALLBACK (error_cb), self);
  self->watchdog_id = g_timeout_add (self->heartbeat_timeout, watchdog_cb, self);
  g_debug ("%s: connected", vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)));
}

static void
connect_now (VitrineRestreamChat *self)
{
  VitrineFeedSource *source = VITRINE_FEED_SOURCE (self);
  const char *base_url = vitrine_feed_source_get_base_url (VITRINE_FEED_SOURCE (self));
  g_autoptr(GString) url = g_string_new (base_url);

  drop_connection (self);
  g_hash_table_remove_all (self->channels);

  g_string_append_c (url, strchr (base_url, '?') != NULL ? '&' : '?');
  g_string_append (url, "accessToken=");
  g_string_append_uri_escaped (url, self->token, NULL, FALSE);

  g_clear_object (&self->handshake);
  self->handshake = soup_message_new (SOUP_METHOD_GET, url->str);
  memset (url->str, 0, url->len);
  if (self->handshake == NULL)
    {
      set_state (self, VITRINE_FEED_SOURCE_FAILED,
                 _("The address of Restream’s chat is not usable"));
      return;
    }

  soup_session_websocket_connect_async (vitrine_feed_source_get_session (source),
                                        self->handshake, NULL, NULL, G_PRIORITY_DEFAULT,
                                        _vitrine_feed_source_get_cancellable (source),
                                        connect_cb, self);
}

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  VitrineRestreamChat *self;
  GCancellable *cancellable;
  char *token;

  token = vitrine_secrets_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = VITRINE_RESTREAM_CHAT (user_data);
  cancellable = _vitrine_feed_source_get_cancellable (VITRINE_FEED_SOURCE (self));
  if (g_cancellable_is_cancelled (cancellable))
    {
      secret_free (token);
      return;
    }

  if (token == NULL || *token == '\0')
    {
      g_autofree char *env = vitrine_secrets_env_name (self->secret_id);
      g_autofree char *status =
        g_strdup_printf (_("Vitrine has no Restream sign-in: sign in to Restream (or set %s)"),
                         env);

      secret_free (token);
      set_state (self, VITRINE_FEED_SOURCE_UNAUTHORIZED, status);
      return;
    }

  self->token = token;
  connect_now (self);
}

static void
vitrine_restream_chat_start (VitrineFeedSource *source)
{
  VitrineRestreamChat *self = VITRINE_RESTREAM_CHAT (source);

  drop_connection (self);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_pointer (&self->token, secret_free);
  g_hash_table_remove_all (self->channels);

  if (!is_usable_url (vitrine_feed_source_get_base_url (source)))
    {
      g_autofree char *status =
        g_strdup_printf (_("“%s” is not a usable address for Restream’s chat: it must start "
                           "with wss:// so the sign-in is not sent in the clear"),
                         vitrine_feed_source_get_base_url (source));

      set_state (self, VITRINE_FEED_SOURCE_FAILED, status);
      return;
    }

  set_state (self, VITRINE_FEED_SOURCE_CONNECTING, _("Connecting to Restream…"));

  self->token = vitrine_secrets_lookup_env (self->secret_id);
  if (self->token != NULL)
    {
      connect_now (self);
      return;
    }
  vitrine_secrets_lookup_async (self->secret_id, _vitrine_feed_source_get_cancellable (source),
                                token_cb, self);
}

static void
vitrine_restream_chat_stop (VitrineFeedSource *source)
{
  VitrineRestreamChat *self = VITRINE_RESTREAM_CHAT (source);

  drop_connection (self);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_pointer (&self->token, secret_free);
  g_clear_object (&self->handshake);
  g_hash_table_remove_all (self->channels);
}

static void
vitrine_restream_chat_dispose (GObject *object)
{
  VitrineRestreamChat *self = VITRINE_RESTREAM_CHAT (object);

  drop_connection (self);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);

  G_OBJECT_CLASS (vitrine_restream_chat_parent_class)->dispose (object);
}

static void
vitrine_restream_chat_finalize (GObject *object)
{
  VitrineRestreamChat *self = VITRINE_RESTREAM_CHAT (object);

  g_clear_pointer (&self->secret_id, g_free);
  g_clear_pointer (&self->token, secret_free);
  g_clear_object (&self->handshake);
  g_clear_pointer (&self->channels, g_hash_table_unref);

  G_OBJECT_CLASS (vitrine_restream_chat_parent_class)->finalize (object);
}

static void
vitrine_restream_chat_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VitrineRestreamChat *self = VITRINE_RESTREAM_CHAT (object);

  switch (prop_id)
    {
    case PROP_SECRET_ID:
      g_value_set_string (value, self->secret_id);
      break;
    case PROP_HEARTBEAT_TIMEOUT:
      g_value_set_uint (value, self->heartbeat_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_restream_chat_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  VitrineRestreamChat *self = VITRINE_RESTREAM_CHAT (object);

  switch (prop_id)
    {
    case PROP_SECRET_ID:
      g_free (self->secret_id);
      self->secret_id = g_value_dup_string (value);
      if (self->secret_id == NULL || *self->secret_id == '\0')
        {
          g_free (self->secret_id);
          self->secret_id = g_strdup (VITRINE_RESTREAM_CHAT_DEFAULT_SECRET_ID);
        }
      break;
    case PROP_HEARTBEAT_TIMEOUT:
      self->heartbeat_timeout = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_restream_chat_class_init (VitrineRestreamChatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VitrineFeedSourceClass *source_class = VITRINE_FEED_SOURCE_CLASS (klass);

  object_class->dispose = vitrine_restream_chat_dispose;
  object_class->finalize = vitrine_restream_chat_finalize;
  object_class->get_property = vitrine_restream_chat_get_property;
  object_class->set_property = vitrine_restream_chat_set_property;

  source_class->start = vitrine_restream_chat_start;
  source_class->stop = vitrine_restream_chat_stop;

  /**
   * VitrineRestreamChat:secret-id:
   *
   * Where the Restream OAuth token is kept in the keyring (the environment
   * variable is `VITRINE_KEY_` and the id in upper case).
   */
  properties [PROP_SECRET_ID] =
    g_param_spec_string ("secret-id", NULL, NULL, VITRINE_RESTREAM_CHAT_DEFAULT_SECRET_ID,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineRestreamChat:heartbeat-timeout:
   *
   * Milliseconds without any frame after which the connection counts as
   * broken (Restream: heartbeats every ~45 s, broken after 60 s).
   */
  properties [PROP_HEARTBEAT_TIMEOUT] =
    g_param_spec_uint ("heartbeat-timeout", NULL, NULL, 10, 10 * 60 * 1000, 60000,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_restream_chat_init (VitrineRestreamChat *self)
{
  self->secret_id = g_strdup (VITRINE_RESTREAM_CHAT_DEFAULT_SECRET_ID);
  self->heartbeat_timeout = 60000;
  self->channels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) channel_free);
}

/**
 * vitrine_restream_chat_new:
 * @id: the connector's id, such as `restream`
 * @base_url: (nullable): the chat WebSocket's address; %NULL for Restream's
 *
 * Returns: (transfer full): a new connector, not started
 */
VitrineRestreamChat *
vitrine_restream_chat_new (const char *id,
                           const char *base_url)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (VITRINE_TYPE_RESTREAM_CHAT,
                       "id", id,
                       "platform", "restream",
                       "base-url", base_url ? base_url : VITRINE_RESTREAM_CHAT_DEFAULT_URL,
                       NULL);
}

const char *
vitrine_restream_chat_get_secret_id (VitrineRestreamChat *self)
{
  g_return_val_if_fail (VITRINE_IS_RESTREAM_CHAT (self), NULL);
  return self->secret_id;
}

guint
vitrine_restream_chat_get_heartbeat_timeout (VitrineRestreamChat *self)
{
  g_return_val_if_fail (VITRINE_IS_RESTREAM_CHAT (self), 0);
  return self->heartbeat_timeout;
}
