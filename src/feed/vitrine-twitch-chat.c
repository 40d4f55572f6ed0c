/* vitrine-twitch-chat.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-twitch"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vitrine-account.h"
#include "vitrine-feed-error.h"
#include "vitrine-secrets.h"
#include "vitrine-twitch-chat.h"
#include "vitrine-twitch-irc.h"

/* Twitch chat: IRC over a WebSocket (dev.twitch.tv/docs/chat/irc;
 * platform-apis.md §2.1).
 *
 *   > CAP REQ :twitch.tv/tags twitch.tv/commands
 *   > PASS oauth:<token>           (only when signed in)
 *   > NICK <login>                 (justinfanNNNNN when not)
 *   < :tmi.twitch.tv 001 <login> :Welcome, GLHF!
 *   > JOIN #<channel>
 *   < :<login>!<login>@<login>.tmi.twitch.tv JOIN #<channel>      → LIVE
 *
 * One text frame may hold several lines. PING is answered with the same
 * payload; RECONNECT, a close by the server or a silent socket lead to a new
 * connection after the base class's backoff (RECONNECTING, then LIVE again
 * once Twitch confirms the JOIN). A refused sign-in stops trying: the host
 * has to sign in again (UNAUTHORIZED).
 *
 * What becomes an item: PRIVMSG (a chat message, or a paid one with `bits`),
 * USERNOTICE (subs, gifts, raids…), CLEARCHAT (a moderation notice; the user
 * is banned in the feed, or everything recent is marked deleted when the
 * whole chat was cleared) and NOTICE to the channel. CLEARMSG deletes one
 * message. Bits are not money: a cheer has no amount, only "500 bits".
 *
 * Moderation goes through Helix (api.twitch.tv/helix) with the same user
 * token and the app's client id: DELETE /moderation/chat and POST
 * /moderation/bans. The broadcaster's id comes from ROOMSTATE, the
 * moderator's (the signed-in account's) from GLOBALUSERSTATE, unless set.
 *
 * The token never reaches a log line or a URL: it goes in PASS (logged as
 * hidden) and in the Authorization header.
 *
 * With VitrineTwitchChat:account set, the token comes from that
 * VitrineAccount (renewed with the refresh token in the keyring as needed)
 * for every connection and every Helix call, and its client id is the
 * Client-Id unless VitrineTwitchChat:client-id is set. A refused sign-in
 * (the "Login authentication failed" NOTICE, or HTTP 401 from Helix) tells
 * the account, and the connection or the call is tried once more with a
 * fresh token; a second refusal stops (UNAUTHORIZED, "sign in again"), and
 * the connector starts by itself once the host has signed in again. An
 * account not signed in yet reads anonymously, and reconnects with the
 * token when the host signs in. */

/* How long without a frame before the socket counts as dead: Twitch pings
 * about every five minutes once joined; the handshake takes a second. */
#define SILENCE_HANDSHAKE_S 20
#define SILENCE_LIVE_S      (6 * 60)

/* Ids of recent messages, to mark them deleted when a moderator clears the
 * whole chat. More than any feed window shows. */
#define RECENT_IDS_MAX 2000

/* Twitch's own cap on a chat message is 500 characters; a tagged line is a
 * few kB. A frame of several lines stays far below this. */
#define MAX_FRAME_BYTES (1024 * 1024)

struct _VitrineTwitchChat
{
  VitrineFeedSource        parent_instance;

  char                    *channel;         /* lower case, without '#' */
  char                    *login;           /* NICK when signed in, or NULL */
  char                    *secret_id;
  char                    *client_id;
  char                    *helix_base_url;
  char                    *broadcaster_id;
  char                    *moderator_id;
  gboolean                 broadcaster_id_learnt;
  gboolean                 moderator_id_learnt;

  char                    *nick;            /* of the current connection */
  gboolean                 signed_in;
  gboolean                 joined;
  char                    *pending_token;   /* until PASS is sent */

  SoupWebsocketConnection *connection;
  guint                    retry_id;
  guint                    silence_id;

  GQueue                   recent;          /* RecentMessage, oldest first */

  VitrineAccount          *account;
  char                    *used_token;      /* the account's, for this connection */
  gboolean                 auth_retried;    /* a refusal was answered with a fresh token */
};

typedef struct
{
  char *id;
  char *author_id;
} RecentMessage;

static void
recent_message_free (RecentMessage *recent)
{
  g_free (recent->id);
  g_free (recent->author_id);
  g_free (recent);
}

G_DEFINE_FINAL_TYPE (VitrineTwitchChat, vitrine_twitch_chat, VITRINE_TYPE_FEED_SOURCE)

enum {
  PROP_0,
  PROP_CHANNEL,
  PROP_LOGIN,
  PROP_SECRET_ID,
  PROP_CLIENT_ID,
  PROP_HELIX_BASE_URL,
  PROP_BROADCASTER_ID,
  PROP_MODERATOR_ID,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void begin_attempt (VitrineTwitchChat *self);

static void
secret_free (char *secret)
{
  if (secret != NULL)
    {
      memset (secret, 0, strlen (secret));
      g_free (secret);
    }
}

/* A token: wiped before it is freed. */
typedef char VitrineTwitchSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineTwitchSecret, secret_free)

static gboolean
is_channel_name (const char *name)
{
  gsize n = name ? strlen (name) : 0;

  if (n == 0 || n > 25)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '_')
      return FALSE;
  return TRUE;
}

static char *
normalize_channel (const char *channel)
{
  if (channel == NULL)
    return NULL;
  while (*channel == '#')
    channel++;
  /* JOIN wants lower case. */
  return g_ascii_strdown (channel, -1);
}

/* A user token as stored: with or without its "oauth:" prefix. */
static char *
bare_token (const char *token)
{
  if (token == NULL)
    return NULL;
  if (g_str_has_prefix (token, "oauth:"))
    token += strlen ("oauth:");
  for (const char *p = token; *p; p++)
    if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f)
      return NULL;
  return *token ? g_strdup (token) : NULL;
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static void
remember (VitrineTwitchChat *self,
          VitrineFeedItem   *item)
{
  RecentMessage *recent;

  if (vitrine_feed_item_get_id (item) == NULL)
    return;

  recent = g_new0 (RecentMessage, 1);
  recent->id = g_strdup (vitrine_feed_item_get_id (item));
  recent->author_id = g_strdup (vitrine_feed_item_get_author_id (item));
  g_queue_push_tail (&self->recent, recent);
  while (self->recent.length > RECENT_IDS_MAX)
    recent_message_free (g_queue_pop_head (&self->recent));
}

/* A banned user's messages are shown as banned already: a later clear of
 * the whole chat leaves them so. */
static void
forget_author (VitrineTwitchChat *self,
               const char        *author_id)
{
  GList *l = self->recent.head;

  while (l != NULL)
    {
      GList *next = l->next;
      RecentMessage *recent = l->data;

      if (g_strcmp0 (recent->author_id, author_id) == 0)
        {
          recent_message_free (recent);
          g_queue_delete_link (&self->recent, l);
        }
      l = next;
    }
}

/* Connection */

static void
send_line (VitrineTwitchChat *self,
           const char        *line)
{
  if (self->connection == NULL ||
      soup_websocket_connection_get_state (self->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  g_debug ("%s: > %s", vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)),
           g_str_has_prefix (line, "PASS ") ? "PASS oauth:(hidden)" : line);
  soup_websocket_connection_send_text (self->connection, line);
}

static void
drop_connection (VitrineTwitchChat *self)
{
  SoupWebsocketConnection *connection = g_steal_pointer (&self->connection);

  g_clear_handle_id (&self->silence_id, g_source_remove);
  g_clear_pointer (&self->pending_token, secret_free);
  self->joined = FALSE;

  if (connection == NULL)
    return;

  g_signal_handlers_disconnect_by_data (connection, self);
  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    {
      /* Kept alive until the closing handshake ends (libsoup gives up on a
       * peer that does not answer after a few seconds). */
      g_signal_connect (connection, "closed", G_CALLBACK (g_object_unref), NULL);
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }
  else
    g_object_unref (connection);
}

static gboolean
retry_cb (gpointer user_data)
{
  VitrineTwitchChat *self = user_data;

  self->retry_id = 0;
  begin_attempt (self);
  return G_SOURCE_REMOVE;
}

/* @why: what happened, for the host (translated, no final stop). */
static void
schedule_reconnect (VitrineTwitchChat *self,
                    const char        *why)
{
  VitrineFeedSource *source = VITRINE_FEED_SOURCE (self);
  g_autofree char *status = NULL;
  guint wait_ms;
  guint seconds;

  drop_connection (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (g_cancellable_is_cancelled (_vitrine_feed_source_get_cancellable (source)))
    return;

  wait_ms = _vitrine_feed_source_next_backoff (source);
  seconds = MAX (1, (wait_ms + 500) / 1000);
  /* TRANSLATORS: %s says what went wrong, e.g. "Twitch closed the chat connection" */
  status = g_strdup_printf (ngettext ("%s; connecting again in %u second",
                                      "%s; connecting again in %u seconds", seconds),
                            why, seconds);
  g_debug ("%s: reconnecting in %u ms", vitrine_feed_source_get_id (source), wait_ms);
  _vitrine_feed_source_set_state (source, VITRINE_FEED_SOURCE_RECONNECTING, status);
  self->retry_id = g_timeout_add (wait_ms, retry_cb, self);
}

/* A state that waits for the host: no reconnecting. */
static void
give_up (VitrineTwitchChat      *self,
         VitrineFeedSourceState  state,
         const char             *status)
{
  drop_connection (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  _vitrine_feed_source_set_state (VITRINE_FEED_SOURCE (self), state, status);
}

static gboolean
silence_cb (gpointer user_data)
{
  VitrineTwitchChat *self = user_data;

  self->silence_id = 0;
  schedule_reconnect (self, _("Twitch chat stopped answering"));
  return G_SOURCE_REMOVE;
}

static void
arm_silence_timer (VitrineTwitchChat *self)
{
  g_clear_handle_id (&self->silence_id, g_source_remove);
  self->silence_id = g_timeout_add_seconds (self->joined ? SILENCE_LIVE_S : SILENCE_HANDSHAKE_S,
                                            silence_cb, self);
}

static void
message_cb (SoupWebsocketConnection *connection,
            SoupWebsocketDataType    type,
            GBytes                  *message,
            VitrineTwitchChat       *self)
{
  gsize length;
  const char *data = g_bytes_get_data (message, &length);

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;

  arm_silence_timer (self);
  _vitrine_twitch_chat_receive_frame (self, data, length);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           VitrineTwitchChat       *self)
{
  VitrineFeedSourceState state = vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (self));

  if (connection != self->connection)
    return;

  g_debug ("%s: closed by Twitch (code %u)",
           vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)),
           soup_websocket_connection_get_close_code (connection));

  if (state == VITRINE_FEED_SOURCE_UNAUTHORIZED || state == VITRINE_FEED_SOURCE_FAILED ||
      state == VITRINE_FEED_SOURCE_ENDED || state == VITRINE_FEED_SOURCE_STOPPED)
    {
      drop_connection (self);
      return;
    }
  schedule_reconnect (self, _("Twitch closed the chat connection"));
}

static void
error_cb (SoupWebsocketConnection *connection,
          GError                  *error,
          VitrineTwitchChat       *self)
{
  g_debug ("%s: WebSocket error: %s",
           vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)), error->message);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection;
  VitrineTwitchChat *self;
  g_autofree char *line = NULL;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  /* Cancelled means stopped or disposed: @user_data may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = VITRINE_TWITCH_CHAT (user_data);
  if (connection == NULL)
    {
      g_debug ("%s: cannot connect: %s",
               vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)), error->message);
      g_clear_pointer (&self->pending_token, secret_free);
      schedule_reconnect (self, _("Twitch chat cannot be reached"));
      return;
    }

  self->connection = connection;
  soup_websocket_connection_set_max_incoming_payload_size (connection, MAX_FRAME_BYTES);
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), self);
  g_signal_connect (connection, "error", G_CALLBACK (error_cb), self);
  arm_silence_timer (self);

  send_line (self, "CAP REQ :twitch.tv/tags twitch.tv/commands");
  if (self->pending_token != NULL)
    {
      g_autoptr(VitrineTwitchSecret) pass = g_strconcat ("PASS oauth:", self->pending_token, NULL);

      send_line (self, pass);
      g_clear_pointer (&self->pending_token, secret_free);
    }
  line = g_strconcat ("NICK ", self->nick, NULL);
  send_line (self, line);
}

static void
connect_with_token (VitrineTwitchChat *self,
                    char              *token)
{
  VitrineFeedSource *source = VITRINE_FEED_SOURCE (self);
  g_autoptr(VitrineTwitchSecret) bare = NULL;
  const char *base_url = vitrine_feed_source_get_base_url (source);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *status = NULL;
  const char *scheme;

  if (base_url == NULL)
    base_url = VITRINE_TWITCH_CHAT_DEFAULT_URL;

  uri = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (scheme, "wss") != 0 && g_strcmp0 (scheme, "ws") != 0))
    {
      status = g_strdup_printf (_("“%s” is not a WebSocket address for Twitch chat "
                                  "(it starts with wss://)"), base_url);
      give_up (self, VITRINE_FEED_SOURCE_FAILED, status);
      return;
    }

  g_clear_pointer (&self->nick, g_free);
  if (token != NULL)
    {
      bare = bare_token (token);
      if (bare == NULL)
        {
          status = g_strdup_printf (_("The Twitch sign-in stored for #%s is damaged: sign in to "
                                      "Twitch again"), self->channel);
          give_up (self, VITRINE_FEED_SOURCE_UNAUTHORIZED, status);
          return;
        }
      if (g_str_equal (scheme, "ws") && !is_loopback_host (g_uri_get_host (uri)))
        {
          status = g_strdup_printf (_("Vitrine does not send the Twitch sign-in unencrypted to "
                                      "%s: use a wss:// address"), g_uri_get_host (uri));
          give_up (self, VITRINE_FEED_SOURCE_FAILED, status);
          return;
        }
      /* The token's own account; the host's channel when no login is set. */
      self->nick = normalize_channel (self->login ? self->login : self->channel);
      self->signed_in = TRUE;
    }
  else
    {
      /* Anonymous read-only login, as Twitch's own embeds do. */
      self->nick = g_strdup_printf ("justinfan%d", g_random_int_range (10000, 100000));
      self->signed_in = FALSE;
    }

  g_clear_pointer (&self->pending_token, secret_free);
  self->pending_token = g_steal_pointer (&bare);

  /* "wss://host:443" has an empty path; the request line needs "/". */
  if (*g_uri_get_path (uri) == '\0')
    {
      GUri *rooted = soup_uri_copy (uri, SOUP_URI_PATH, "/", SOUP_URI_NONE);

      g_uri_unref (uri);
      uri = rooted;
    }
  message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  g_debug ("%s: connecting to %s as %s", vitrine_feed_source_get_id (source), base_url,
           self->nick);
  soup_session_websocket_connect_async (vitrine_feed_source_get_session (source), message,
                                        NULL, NULL, G_PRIORITY_DEFAULT,
                                        _vitrine_feed_source_get_cancellable (source),
                                        connect_cb, self);
}

static void
secret_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineTwitchSecret) token = NULL;
  VitrineTwitchChat *self;

  token = vitrine_secrets_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = VITRINE_TWITCH_CHAT (user_data);
  if (error != NULL)
    g_debug ("%s: keyring not available: %s",
             vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)), error->message);

  /* The environment when the keyring has nothing (headless runs, tests). */
  if (token == NULL || *token == '\0')
    {
      g_clear_pointer (&token, secret_free);
      token = vitrine_secrets_lookup_env (self->secret_id);
    }

  connect_with_token (self, token);
}

static void
account_token_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineTwitchSecret) token = NULL;
  VitrineTwitchChat *self;

  token = vitrine_account_get_token_finish (VITRINE_ACCOUNT (object), result, &error);
  /* Cancelled means stopped or disposed: @user_data may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = VITRINE_TWITCH_CHAT (user_data);
  if (g_error_matches (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING))
    {
      /* Not signed in (yet): Twitch chat reads anonymously, as without an
       * account; signing in reconnects with the token. */
      g_debug ("%s: %s; reading anonymously",
               vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)), error->message);
      g_clear_pointer (&self->used_token, secret_free);
      connect_with_token (self, NULL);
      return;
    }
  if (token == NULL)
    {
      /* A sign-in server that is down is tried again; a sign-in that is
       * refused waits for the host. */
      if (g_error_matches (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_UNREACHABLE) ||
          g_error_matches (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_SERVER_ERROR))
        schedule_reconnect (self, error->message);
      else
        give_up (self, VITRINE_FEED_SOURCE_UNAUTHORIZED, error->message);
      return;
    }

  g_clear_pointer (&self->used_token, secret_free);
  self->used_token = g_strdup (token);
  connect_with_token (self, token);
}

static void
begin_attempt (VitrineTwitchChat *self)
{
  VitrineFeedSource *source = VITRINE_FEED_SOURCE (self);

  if (self->account != NULL)
    {
      vitrine_account_get_token_async (self->account,
                                       _vitrine_feed_source_get_cancellable (source),
                                       account_token_cb, self);
      return;
    }

  /* Read every time: the accounts page may have refreshed the token. */
  vitrine_secrets_lookup_async (self->secret_id, _vitrine_feed_source_get_cancellable (source),
                                secret_cb, self);
}

/* Lines → items */

static GDateTime *
sent_time (VitrineTwitchIrcMessage *message)
{
  guint64 ms;
  g_autoptr(GDateTime) seconds = NULL;

  /* Epoch milliseconds; a negative value was seen in the wild: then now. */
  if (!vitrine_twitch_irc_parse_uint (vitrine_twitch_irc_message_get_tag (message,
                                                                          "tmi-sent-ts"), &ms) ||
      ms == 0 || ms > G_GUINT64_CONSTANT (253402300799000))
    return NULL;

  seconds = g_date_time_new_from_unix_utc ((gint64) (ms / 1000));
  return seconds ? g_date_time_add (seconds, (GTimeSpan) (ms % 1000) * 1000) : NULL;
}

static const char *
non_empty (const char *value)
{
  return value != NULL && *value != '\0' ? value : NULL;
}

static const char *
author_name (VitrineTwitchIrcMessage *message)
{
  const char *name = non_empty (vitrine_twitch_irc_message_get_tag (message, "display-name"));

  if (name == NULL)
    name = non_empty (vitrine_twitch_irc_message_get_tag (message, "login"));
  if (name == NULL && message->nick != NULL && strchr (message->nick, '.') == NULL)
    name = message->nick;
  return name;
}

static gboolean
badge_is (const char *badge,
          const char *name)
{
  gsize n = strlen (name);

  return strncmp (badge, name, n) == 0 && (badge[n] == '/' || badge[n] == '\0');
}

static VitrineFeedItemFlags
author_flags (VitrineTwitchIrcMessage *message)
{
  VitrineFeedItemFlags flags = VITRINE_FEED_ITEM_FLAG_NONE;
  const char *badges = vitrine_twitch_irc_message_get_tag (message, "badges");
  const char *user_id = non_empty (vitrine_twitch_irc_message_get_tag (message, "user-id"));

  if (badges != NULL)
    {
      g_auto(GStrv) list = g_strsplit (badges, ",", 64);

      for (guint i = 0; list[i] != NULL; i++)
        {
          if (badge_is (list[i], "broadcaster"))
            flags |= VITRINE_FEED_ITEM_FLAG_OWNER;
          else if (badge_is (list[i], "moderator"))
            flags |= VITRINE_FEED_ITEM_FLAG_MODERATOR;
          else if (badge_is (list[i], "subscriber") || badge_is (list[i], "founder"))
            flags |= VITRINE_FEED_ITEM_FLAG_MEMBER;
          else if (badge_is (list[i], "partner"))
            flags |= VITRINE_FEED_ITEM_FLAG_VERIFIED;
          /* vip/1: VitrineFeedItemFlags has no VIP flag (yet). */
        }
    }

  if (g_strcmp0 (vitrine_twitch_irc_message_get_tag (message, "mod"), "1") == 0)
    flags |= VITRINE_FEED_ITEM_FLAG_MODERATOR;
  if (g_strcmp0 (vitrine_twitch_irc_message_get_tag (message, "subscriber"), "1") == 0)
    flags |= VITRINE_FEED_ITEM_FLAG_MEMBER;
  if (user_id != NULL &&
      g_strcmp0 (user_id, vitrine_twitch_irc_message_get_tag (message, "room-id")) == 0)
    flags |= VITRINE_FEED_ITEM_FLAG_OWNER;
  return flags;
}

static gboolean
is_our_channel (VitrineTwitchChat       *self,
                VitrineTwitchIrcMessage *message)
{
  const char *target = vitrine_twitch_irc_message_get_param (message, 0);

  return target != NULL && target[0] == '#' && g_ascii_strcasecmp (target + 1, self->channel) == 0;
}

static void
emit (VitrineTwitchChat *self,
      VitrineFeedItem   *item)
{
  remember (self, item);
  _vitrine_feed_source_emit_item (VITRINE_FEED_SOURCE (self), item);
}

static void
handle_privmsg (VitrineTwitchChat       *self,
                VitrineTwitchIrcMessage *message)
{
  g_autoptr(GDateTime) time = sent_time (message);
  g_autoptr(VitrineFeedItem) item = NULL;
  g_autofree char *text = NULL;
  const char *source_room = non_empty (vitrine_twitch_irc_message_get_tag (message,
                                                                           "source-room-id"));
  guint64 bits = 0;

  /* Twitch sends no empty messages; a line without text is not one. */
  if (!is_our_channel (self, message) || vitrine_twitch_irc_message_get_trailing (message) == NULL)
    return;

  text = vitrine_twitch_irc_strip_action (vitrine_twitch_irc_message_get_trailing (message), NULL);
  vitrine_twitch_irc_parse_uint (vitrine_twitch_irc_message_get_tag (message, "bits"), &bits);

  item = vitrine_feed_item_new_full (bits > 0 ? VITRINE_FEED_ITEM_PAID : VITRINE_FEED_ITEM_CHAT,
                                     "twitch",
                                     non_empty (vitrine_twitch_irc_message_get_tag (message, "id")),
                                     non_empty (vitrine_twitch_irc_message_get_tag (message,
                                                                                    "user-id")),
                                     author_name (message), text, time);
  vitrine_feed_item_set_flags (item, author_flags (message));

  if (bits > 0)
    {
      /* Bits are Twitch's currency, not money: a count, no amount. */
      guint count = (guint) MIN (bits, G_MAXUINT);
      g_autofree char *detail = NULL;

      detail = g_strdup_printf (ngettext ("%u bit", "%u bits", count), count);
      vitrine_feed_item_set_detail (item, detail);
    }
  else if (source_room != NULL &&
           g_strcmp0 (source_room, vitrine_twitch_irc_message_get_tag (message, "room-id")) != 0)
    {
      vitrine_feed_item_set_detail (item, _("Shared chat"));
    }

  emit (self, item);
}

static void
handle_usernotice (VitrineTwitchChat       *self,
                   VitrineTwitchIrcMessage *message)
{
  g_autoptr(GDateTime) time = sent_time (message);
  g_autoptr(VitrineFeedItem) item = NULL;
  g_autofree char *text = NULL;
  const char *kind = vitrine_twitch_irc_message_get_tag (message, "msg-id");
  const char *login = vitrine_twitch_irc_message_get_tag (message, "login");
  const char *author = author_name (message);
  const char *author_id = non_empty (vitrine_twitch_irc_message_get_tag (message, "user-id"));
  const char *system = vitrine_twitch_irc_message_get_tag (message, "system-msg");
  gboolean announcement = g_strcmp0 (kind, "announcement") == 0;

  /* Every USERNOTICE names its kind; one without is not Twitch's. */
  if (!is_our_channel (self, message) || non_empty (kind) == NULL)
    return;

  /* Nobody to ban or to credit behind an anonymous gift. */
  if (g_strcmp0 (login, "ananonymousgifter") == 0)
    {
      author = _("An anonymous gifter");
      author_id = NULL;
    }

  text = vitrine_twitch_irc_strip_action (vitrine_twitch_irc_message_get_trailing (message), NULL);
  item = vitrine_feed_item_new_full (announcement ? VITRINE_FEED_ITEM_CHAT
                                                  : VITRINE_FEED_ITEM_MEMBERSHIP,
                                     "twitch",
                                     non_empty (vitrine_twitch_irc_message_get_tag (message, "id")),
                                     author_id, author, text, time);
  vitrine_feed_item_set_flags (item, author_flags (message));
  if (announcement)
    vitrine_feed_item_set_detail (item, _("Announcement"));
  else if (non_empty (system) != NULL)
    vitrine_feed_item_set_detail (item, system);
  else
    vitrine_feed_item_set_detail (item, kind);

  emit (self, item);
}

static char *
describe_duration (guint64 seconds)
{
  if (seconds < 60)
    return g_strdup_printf (ngettext ("%u second", "%u seconds", (gulong) seconds),
                            (guint) seconds);
  if (seconds < 3600)
    return g_strdup_printf (ngettext ("%u minute", "%u minutes", (gulong) (seconds / 60)),
                            (guint) (seconds / 60));
  if (seconds < 86400)
    return g_strdup_printf (ngettext ("%u hour", "%u hours", (gulong) (seconds / 3600)),
                            (guint) (seconds / 3600));
  seconds = MIN (seconds / 86400, G_MAXUINT);
  return g_strdup_printf (ngettext ("%u day", "%u days", (gulong) seconds), (guint) seconds);
}

static void
handle_clearchat (VitrineTwitchChat       *self,
                  VitrineTwitchIrcMessage *message)
{
  g_autoptr(GDateTime) time = sent_time (message);
  g_autoptr(VitrineFeedItem) item = NULL;
  g_autofree char *text = NULL;
  const char *user = non_empty (vitrine_twitch_irc_message_get_param (message, 1));
  const char *user_id = non_empty (vitrine_twitch_irc_message_get_tag (message,
                                                                       "target-user-id"));
  const char *duration_tag = vitrine_twitch_irc_message_get_tag (message, "ban-duration");
  guint64 duration;

  if (!is_our_channel (self, message))
    return;

  if (user == NULL && user_id == NULL)
    {
      /* The whole chat: everything recent is marked deleted. */
      while (!g_queue_is_empty (&self->recent))
        {
          RecentMessage *recent = g_queue_pop_head (&self->recent);

          _vitrine_feed_source_emit_retract (VITRINE_FEED_SOURCE (self), recent->id);
          recent_message_free (recent);
        }
      item = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_MODERATION, "twitch", NULL, NULL,
                                         NULL, _("A moderator cleared the chat"), time);
      _vitrine_feed_source_emit_item (VITRINE_FEED_SOURCE (self), item);
      return;
    }

  if (user == NULL)
    user = user_id;
  if (!vitrine_twitch_irc_parse_uint (duration_tag, &duration))
    duration = 0;
  if (user_id != NULL)
    {
      forget_author (self, user_id);
      /* A timeout ends: what they write afterwards is not marked. */
      _vitrine_feed_source_emit_timeout (VITRINE_FEED_SOURCE (self), user_id,
                                         (guint) MIN (duration, G_MAXUINT));
    }

  if (duration > 0)
    {
      g_autofree char *how_long = describe_duration (duration);

      /* TRANSLATORS: "cafelover was timed out for 10 minutes" */
      text = g_strdup_printf (_("%s was timed out for %s"), user, how_long);
    }
  else
    {
      text = g_strdup_printf (_("%s was banned"), user);
    }

  /* No author id: the notice itself is not the banned user's message. */
  item = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_MODERATION, "twitch", NULL, NULL, NULL,
                                     text, time);
  _vitrine_feed_source_emit_item (VITRINE_FEED_SOURCE (self), item);
}

static void
handle_clearmsg (VitrineTwitchChat       *self,
                 VitrineTwitchIrcMessage *message)
{
  const char *id = non_empty (vitrine_twitch_irc_message_get_tag (message, "target-msg-id"));

  if (id != NULL && is_our_channel (self, message))
    _vitrine_feed_source_emit_retract (VITRINE_FEED_SOURCE (self), id);
}

static gboolean
is_login_failure (const char *text)
{
  return text != NULL &&
         (strstr (text, "Login authentication failed") != NULL ||
          strstr (text, "Improperly formatted auth") != NULL ||
          strstr (text, "Login unsuccessful") != NULL);
}

static void
handle_notice (VitrineTwitchChat       *self,
               VitrineTwitchIrcMessage *message)
{
  const char *text = vitrine_twitch_irc_message_get_trailing (message);
  const char *kind = vitrine_twitch_irc_message_get_tag (message, "msg-id");
  g_autofree char *status = NULL;

  if (is_login_failure (text) && self->account != NULL)
    {
      /* Once more with a fresh token; a second refusal waits for the
       * host, never a loop. */
      vitrine_account_token_rejected (self->account, self->used_token);
      if (!self->auth_retried)
        {
          self->auth_retried = TRUE;
          g_debug ("%s: the sign-in was refused; once more with a renewed one",
                   vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)));
          drop_connection (self);
          begin_attempt (self);
          return;
        }
      if (vitrine_account_get_state (self->account) == VITRINE_ACCOUNT_NEEDS_SIGN_IN)
        status = g_strdup (vitrine_account_get_status (self->account));
      else
        status = g_strdup_printf (_("Twitch refused the renewed sign-in for #%s too: sign in "
                                    "to Twitch again"), self->channel);
      give_up (self, VITRINE_FEED_SOURCE_UNAUTHORIZED, status);
      return;
    }

  if (is_login_failure (text))
    {
      status = g_strdup_printf (_("Twitch refused the sign-in for #%s: sign in to Twitch "
                                  "again"), self->channel);
      give_up (self, VITRINE_FEED_SOURCE_UNAUTHORIZED, status);
      return;
    }

  if (g_strcmp0 (kind, "msg_channel_suspended") == 0)
    {
      status = g_strdup_printf (_("Twitch says the channel #%s does not exist or is "
                                  "suspended"), self->channel);
      give_up (self, VITRINE_FEED_SOURCE_FAILED, status);
      return;
    }

  if (is_our_channel (self, message) && non_empty (text) != NULL)
    {
      g_autoptr(VitrineFeedItem) item = NULL;

      item = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_NOTICE, "twitch", NULL, NULL, NULL,
                                         text, NULL);
      _vitrine_feed_source_emit_item (VITRINE_FEED_SOURCE (self), item);
    }
}

/* An id set by the host stays; one learnt from Twitch follows Twitch (the
 * host may have signed in with another account since). */
static void
set_learned_id (VitrineTwitchChat *self,
                char             **field,
                gboolean          *learnt,
                guint              prop,
                const char        *value)
{
  if (value == NULL || *value == '\0' || (*field != NULL && !*learnt) ||
      g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  *learnt = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [prop]);
}

static void
confirm_join (VitrineTwitchChat *self)
{
  g_autofree char *status = NULL;

  if (self->joined)
    return;

  self->joined = TRUE;
  self->auth_retried = FALSE;
  if (self->connection != NULL)
    arm_silence_timer (self);
  if (self->signed_in)
    status = g_strdup_printf (_("Reading #%s"), self->channel);
  else
    status = g_strdup_printf (_("Reading #%s without signing in"), self->channel);
  _vitrine_feed_source_set_state (VITRINE_FEED_SOURCE (self), VITRINE_FEED_SOURCE_LIVE, status);
}

static void
handle_message (VitrineTwitchChat       *self,
                VitrineTwitchIrcMessage *message)
{
  const char *command = message->command;

  if (g_str_equal (command, "PRIVMSG"))
    handle_privmsg (self, message);
  else if (g_str_equal (command, "PING"))
    {
      g_autoptr(GString) pong = g_string_new ("PONG :");
      const char *payload = vitrine_twitch_irc_message_get_param (message, 0);

      /* The same payload back; never a line break, never a flood. */
      for (const char *p = payload ? payload : "tmi.twitch.tv"; *p && pong->len < 512; p++)
        if (*p != '\r' && *p != '\n')
          g_string_append_c (pong, *p);
      send_line (self, pong->str);
    }
  else if (g_str_equal (command, "001"))
    {
      g_autofree char *join = g_strconcat ("JOIN #", self->channel, NULL);

      send_line (self, join);
    }
  else if (g_str_equal (command, "JOIN"))
    {
      if (is_our_channel (self, message) && self->nick != NULL &&
          g_ascii_strcasecmp (message->nick ? message->nick : "", self->nick) == 0)
        confirm_join (self);
    }
  else if (g_str_equal (command, "ROOMSTATE"))
    {
      if (is_our_channel (self, message))
        {
          set_learned_id (self, &self->broadcaster_id, &self->broadcaster_id_learnt,
                          PROP_BROADCASTER_ID,
                          vitrine_twitch_irc_message_get_tag (message, "room-id"));
          confirm_join (self);
        }
    }
  else if (g_str_equal (command, "GLOBALUSERSTATE"))
    {
      if (self->signed_in)
        set_learned_id (self, &self->moderator_id, &self->moderator_id_learnt,
                        PROP_MODERATOR_ID,
                        vitrine_twitch_irc_message_get_tag (message, "user-id"));
    }
  else if (g_str_equal (command, "USERNOTICE"))
    handle_usernotice (self, message);
  else if (g_str_equal (command, "CLEARCHAT"))
    handle_clearchat (self, message);
  else if (g_str_equal (command, "CLEARMSG"))
    handle_clearmsg (self, message);
  else if (g_str_equal (command, "NOTICE"))
    handle_notice (self, message);
  else if (g_str_equal (command, "RECONNECT"))
    schedule_reconnect (self, _("Twitch is restarting its chat server"));
}

/**
 * _vitrine_twitch_chat_receive_frame:
 * @frame: a text frame's bytes (not nul-terminated)
 * @length: how many
 *
 * Handles every IRC line in @frame, in order.
 */
void
_vitrine_twitch_chat_receive_frame (VitrineTwitchChat *self,
                                    const char        *frame,
                                    gsize              length)
{
  g_auto(GStrv) lines = NULL;

  g_return_if_fail (VITRINE_IS_TWITCH_CHAT (self));

  g_object_ref (self);
  lines = vitrine_twitch_irc_split_frame (frame, length);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(VitrineTwitchIrcMessage) message = vitrine_twitch_irc_parse_line (lines[i], -1);

      if (message == NULL)
        continue;
      /* Stopped (or refused) while handling an earlier line of this frame. */
      if (g_cancellable_is_cancelled (_vitrine_feed_source_get_cancellable
                                        (VITRINE_FEED_SOURCE (self))))
        break;
      handle_message (self, message);
    }
  g_object_unref (self);
}

/* VitrineFeedSource */

static void
vitrine_twitch_chat_start (VitrineFeedSource *source)
{
  VitrineTwitchChat *self = VITRINE_TWITCH_CHAT (source);
  g_autofree char *status = NULL;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  drop_connection (self);

  if (!is_channel_name (self->channel))
    {
      status = g_strdup_printf (_("“%s” is not a Twitch channel name"),
                                self->channel ? self->channel : "");
      _vitrine_feed_source_set_state (source, VITRINE_FEED_SOURCE_FAILED, status);
      return;
    }

  status = g_strdup_printf (_("Connecting to the chat of #%s…"), self->channel);
  _vitrine_feed_source_set_state (source, VITRINE_FEED_SOURCE_CONNECTING, status);
  self->auth_retried = FALSE;
  begin_attempt (self);
}

static void
vitrine_twitch_chat_stop (VitrineFeedSource *source)
{
  VitrineTwitchChat *self = VITRINE_TWITCH_CHAT (source);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  drop_connection (self);
}

/* GObject */

static void
vitrine_twitch_chat_dispose (GObject *object)
{
  VitrineTwitchChat *self = (VitrineTwitchChat *) object;

  g_cancellable_cancel (_vitrine_feed_source_get_cancellable (VITRINE_FEED_SOURCE (self)));
  g_clear_handle_id (&self->retry_id, g_source_remove);
  drop_connection (self);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (vitrine_twitch_chat_parent_class)->dispose (object);
}

static void
vitrine_twitch_chat_finalize (GObject *object)
{
  VitrineTwitchChat *self = (VitrineTwitchChat *) object;

  g_free (self->channel);
  g_free (self->login);
  g_free (self->secret_id);
  g_free (self->client_id);
  g_free (self->helix_base_url);
  g_free (self->broadcaster_id);
  g_free (self->moderator_id);
  g_free (self->nick);
  g_clear_pointer (&self->used_token, secret_free);
  g_queue_clear_full (&self->recent, (GDestroyNotify) recent_message_free);

  G_OBJECT_CLASS (vitrine_twitch_chat_parent_class)->finalize (object);
}

static void
vitrine_twitch_chat_constructed (GObject *object)
{
  VitrineTwitchChat *self = (VitrineTwitchChat *) object;

  G_OBJECT_CLASS (vitrine_twitch_chat_parent_class)->constructed (object);

  if (self->secret_id == NULL)
    self->secret_id = g_strconcat ("twitch:", self->channel ? self->channel : "", NULL);
  if (self->helix_base_url == NULL)
    self->helix_base_url = g_strdup (VITRINE_TWITCH_CHAT_DEFAULT_HELIX_URL);
}

static void
vitrine_twitch_chat_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VitrineTwitchChat *self = VITRINE_TWITCH_CHAT (object);

  switch (prop_id)
    {
    case PROP_CHANNEL:
      g_value_set_string (value, self->channel);
      break;
    case PROP_LOGIN:
      g_value_set_string (value, self->login);
      break;
    case PROP_SECRET_ID:
      g_value_set_string (value, self->secret_id);
      break;
    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;
    case PROP_HELIX_BASE_URL:
      g_value_set_string (value, self->helix_base_url);
      break;
    case PROP_BROADCASTER_ID:
      g_value_set_string (value, self->broadcaster_id);
      break;
    case PROP_MODERATOR_ID:
      g_value_set_string (value, self->moderator_id);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_string (VitrineTwitchChat *self,
            char             **field,
            guint              prop,
            const char        *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties [prop]);
}

static void
vitrine_twitch_chat_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VitrineTwitchChat *self = VITRINE_TWITCH_CHAT (object);

  switch (prop_id)
    {
    case PROP_CHANNEL:
      self->channel = normalize_channel (g_value_get_string (value));
      break;
    case PROP_LOGIN:
      set_string (self, &self->login, prop_id, g_value_get_string (value));
      break;
    case PROP_SECRET_ID:
      set_string (self, &self->secret_id, prop_id, g_value_get_string (value));
      break;
    case PROP_CLIENT_ID:
      set_string (self, &self->client_id, prop_id, g_value_get_string (value));
      break;
    case PROP_HELIX_BASE_URL:
      set_string (self, &self->helix_base_url, prop_id, g_value_get_string (value));
      break;
    case PROP_BROADCASTER_ID:
      self->broadcaster_id_learnt = FALSE;
      set_string (self, &self->broadcaster_id, prop_id, g_value_get_string (value));
      break;
    case PROP_MODERATOR_ID:
      self->moderator_id_learnt = FALSE;
      set_string (self, &self->moderator_id, prop_id, g_value_get_string (value));
      break;
    case PROP_ACCOUNT:
      vitrine_twitch_chat_set_account (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_twitch_chat_class_init (VitrineTwitchChatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VitrineFeedSourceClass *source_class = VITRINE_FEED_SOURCE_CLASS (klass);

  object_class->dispose = vitrine_twitch_chat_dispose;
  object_class->finalize = vitrine_twitch_chat_finalize;
  object_class->constructed = vitrine_twitch_chat_constructed;
  object_class->get_property = vitrine_twitch_chat_get_property;
  object_class->set_property = vitrine_twitch_chat_set_property;

  source_class->start = vitrine_twitch_chat_start;
  source_class->stop = vitrine_twitch_chat_stop;

  /**
   * VitrineTwitchChat:channel:
   *
   * The channel to read, e.g. `shopwithmona` (a leading `#` and upper case
   * are accepted).
   */
  properties [PROP_CHANNEL] =
    g_param_spec_string ("channel", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineTwitchChat:login:
   *
   * The account the token belongs to (sent as NICK); the channel itself
   * when %NULL. Unused without a token.
   */
  properties [PROP_LOGIN] =
    g_param_spec_string ("login", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineTwitchChat:secret-id:
   *
   * Where the user token is kept: the keyring item, or the environment
   * variable vitrine_secrets_env_name() makes of it. `twitch:<channel>` by
   * default. Without a token the chat is read anonymously.
   */
  properties [PROP_SECRET_ID] =
    g_param_spec_string ("secret-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineTwitchChat:client-id:
   *
   * The app's Twitch client id, which Helix (moderation) requires.
   */
  properties [PROP_CLIENT_ID] =
    g_param_spec_string ("client-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineTwitchChat:helix-base-url:
   *
   * Where Helix is, `https://api.twitch.tv/helix` by default.
   */
  properties [PROP_HELIX_BASE_URL] =
    g_param_spec_string ("helix-base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineTwitchChat:broadcaster-id:
   *
   * The channel's user id; learnt from ROOMSTATE unless set.
   */
  properties [PROP_BROADCASTER_ID] =
    g_param_spec_string ("broadcaster-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineTwitchChat:moderator-id:
   *
   * The signed-in account's user id; learnt from GLOBALUSERSTATE unless set.
   */
  properties [PROP_MODERATOR_ID] =
    g_param_spec_string ("moderator-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineTwitchChat:account:
   *
   * The #VitrineAccount the user token comes from, renewed as needed;
   * %NULL to take a static token from the keyring or the environment
   * (VitrineTwitchChat:secret-id), or to read anonymously.
   */
  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, VITRINE_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_twitch_chat_init (VitrineTwitchChat *self)
{
  g_queue_init (&self->recent);
}

/**
 * vitrine_twitch_chat_new:
 * @id: the connector's id, e.g. `twitch-main`
 * @channel: the channel to read
 * @base_url: (nullable): the IRC WebSocket, wss://irc-ws.chat.twitch.tv:443
 *   when %NULL
 *
 * Returns: (transfer full): a stopped connector; see vitrine_feed_source_start()
 */
VitrineTwitchChat *
vitrine_twitch_chat_new (const char *id,
                         const char *channel,
                         const char *base_url)
{
  g_return_val_if_fail (channel != NULL, NULL);

  return g_object_new (VITRINE_TYPE_TWITCH_CHAT,
                       "id", id,
                       "platform", "twitch",
                       "channel", channel,
                       "base-url", base_url ? base_url : VITRINE_TWITCH_CHAT_DEFAULT_URL,
                       NULL);
}

/**
 * vitrine_twitch_chat_get_channel:
 *
 * Returns: the channel, in lower case and without `#`
 */
const char *
vitrine_twitch_chat_get_channel (VitrineTwitchChat *self)
{
  g_return_val_if_fail (VITRINE_IS_TWITCH_CHAT (self), NULL);
  return self->channel;
}

/**
 * vitrine_twitch_chat_get_nick:
 *
 * Returns: (nullable): the NICK of the current connection (`justinfan…`
 *   when reading anonymously)
 */
const char *
vitrine_twitch_chat_get_nick (VitrineTwitchChat *self)
{
  g_return_val_if_fail (VITRINE_IS_TWITCH_CHAT (self), NULL);
  return self->nick;
}

/**
 * vitrine_twitch_chat_get_broadcaster_id:
 *
 * Returns: (nullable): the channel owner's user id, as set or as Twitch
 *   said in ROOMSTATE
 */
const char *
vitrine_twitch_chat_get_broadcaster_id (VitrineTwitchChat *self)
{
  g_return_val_if_fail (VITRINE_IS_TWITCH_CHAT (self), NULL);
  return self->broadcaster_id;
}

/**
 * vitrine_twitch_chat_get_moderator_id:
 *
 * Returns: (nullable): the signed-in account's user id, as set or as Twitch
 *   said in GLOBALUSERSTATE
 */
const char *
vitrine_twitch_chat_get_moderator_id (VitrineTwitchChat *self)
{
  g_return_val_if_fail (VITRINE_IS_TWITCH_CHAT (self), NULL);
  return self->moderator_id;
}

/* Helix moderation */

/* Helix's longest timeout: two weeks. */
#define TWITCH_MAX_TIMEOUT_S 1209600

typedef enum
{
  HELIX_DELETE_MESSAGE,
  HELIX_BAN_USER,
} HelixAction;

typedef struct
{
  HelixAction  action;
  char        *target;     /* message id or user id */
  char        *reason;
  guint        seconds;    /* a timeout's length; 0 bans */
  char        *token;      /* the account's token this call was sent with */
  gboolean     retried;    /* a 401 was answered with a fresh token */
} HelixCall;

static void
helix_call_free (HelixCall *call)
{
  g_free (call->target);
  g_free (call->reason);
  secret_free (call->token);
  g_free (call);
}

static void helix_account_token_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data);

/* The app's client id: set on the connector, or the account's. */
static const char *
helix_client_id (VitrineTwitchChat *self)
{
  if (self->client_id != NULL && *self->client_id != '\0')
    return self->client_id;
  if (self->account != NULL)
    return vitrine_account_get_client_id (self->account);
  return NULL;
}

static char *
helix_error_message (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonNode *node;
  gsize length;
  const char *data;

  if (body == NULL)
    return NULL;
  data = g_bytes_get_data (body, &length);
  if (length == 0 || !json_parser_load_from_data (parser, data, length, NULL))
    return NULL;

  /* {"error":"Bad Request","status":400,"message":"user is already banned"} */
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  node = json_object_get_member (json_node_get_object (root), "message");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return vitrine_feed_sanitize_text (json_node_get_string (node), 200);
}

static void
helix_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineTwitchChat *self = g_task_get_source_object (task);
  HelixCall *call = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *said = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_UNREACHABLE,
                                 _("Twitch cannot be reached: %s"), error->message);
      return;
    }

  status = soup_message_get_status (message);
  g_debug ("%s: Helix %s %s → %u", vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)),
           soup_message_get_method (message), g_uri_get_path (soup_message_get_uri (message)),
           status);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED && self->account != NULL)
    {
      vitrine_account_token_rejected (self->account, call->token);
      if (!call->retried)
        {
          GCancellable *cancellable = g_task_get_cancellable (task);

          call->retried = TRUE;
          vitrine_account_get_token_async (self->account, cancellable, helix_account_token_cb,
                                           g_steal_pointer (&task));
          return;
        }
      if (vitrine_account_get_state (self->account) == VITRINE_ACCOUNT_NEEDS_SIGN_IN)
        {
          g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                                   "%s", vitrine_account_get_status (self->account));
          return;
        }
    }

  said = helix_error_message (body);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                             _("Twitch refused the sign-in (%s): sign in to Twitch again and "
                               "allow Vitrine to moderate the chat"),
                             said ? said : _("no reason given"));
  else if (status == SOUP_STATUS_FORBIDDEN)
    g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                             _("Twitch says the signed-in account may not moderate #%s: make it "
                               "a moderator of the channel"), self->channel);
  else if (status == SOUP_STATUS_NOT_FOUND && call->action == HELIX_DELETE_MESSAGE)
    g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_NOT_FOUND,
                             _("The message is no longer on Twitch (already deleted, or older "
                               "than 6 hours)"));
  else if (status == SOUP_STATUS_NOT_FOUND)
    g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_NOT_FOUND,
                             _("Twitch has no such API at this address (HTTP 404): check the "
                               "Helix address"));
  else if (status == 429)
    g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_RATE_LIMITED,
                             _("Twitch refused for too many requests; try again in a minute"));
  else if (status >= 500)
    g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_SERVER_ERROR,
                             _("Twitch had a problem (HTTP %u); try again later"), status);
  else if (said != NULL)
    g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                             _("Twitch refused: %s"), said);
  else
    g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                             _("Twitch answered HTTP %u"), status);
}

static char *
helix_url (VitrineTwitchChat *self,
           const char        *path,
           const char        *extra_key,
           const char        *extra_value)
{
  g_autofree char *broadcaster = g_uri_escape_string (self->broadcaster_id, NULL, FALSE);
  g_autofree char *moderator = g_uri_escape_string (self->moderator_id, NULL, FALSE);
  g_autofree char *extra = extra_value ? g_uri_escape_string (extra_value, NULL, FALSE) : NULL;
  g_autofree char *base = g_strdup (self->helix_base_url);
  gsize n = strlen (base);

  while (n > 0 && base[n - 1] == '/')
    base[--n] = '\0';

  return g_strdup_printf ("%s%s?broadcaster_id=%s&moderator_id=%s%s%s%s", base, path,
                          broadcaster, moderator, extra ? "&" : "", extra ? extra_key : "",
                          extra ? extra : "");
}

static GBytes *
ban_body (HelixCall *call)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  /* {"data":{"user_id":"9876","reason":"no reason"}}: no duration, a ban;
   * with "duration" (seconds), a timeout. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_string_value (builder, call->target);
  if (call->seconds > 0)
    {
      json_builder_set_member_name (builder, "duration");
      json_builder_add_int_value (builder, call->seconds);
    }
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, call->reason ? call->reason : "");
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

static void
helix_send (GTask *task,
            char  *token)
{
  VitrineTwitchChat *self = g_task_get_source_object (task);
  HelixCall *call = g_task_get_task_data (task);
  g_autoptr(VitrineTwitchSecret) bare = bare_token (token);
  g_autoptr(VitrineTwitchSecret) bearer = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GUri) base = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;

  if (self->account != NULL && bare != NULL)
    {
      g_clear_pointer (&call->token, secret_free);
      call->token = g_strdup (token);
    }

  if (bare == NULL)
    {
      g_autofree char *env = vitrine_secrets_env_name (self->secret_id);

      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING,
                               _("Moderating #%s on Twitch needs a sign-in: sign in to Twitch "
                                 "(or set %s)"), self->channel, env);
      g_object_unref (task);
      return;
    }

  base = g_uri_parse (self->helix_base_url, G_URI_FLAGS_ENCODED, NULL);
  if (base == NULL || g_uri_get_host (base) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (base), "https") != 0 &&
       !(g_strcmp0 (g_uri_get_scheme (base), "http") == 0 &&
         is_loopback_host (g_uri_get_host (base)))))
    {
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL,
                               _("“%s” is not a usable Helix address (it starts with "
                                 "https://)"), self->helix_base_url);
      g_object_unref (task);
      return;
    }

  if (call->action == HELIX_DELETE_MESSAGE)
    {
      url = helix_url (self, "/moderation/chat", "message_id=", call->target);
      message = soup_message_new (SOUP_METHOD_DELETE, url);
    }
  else
    {
      g_autoptr(GBytes) body = ban_body (call);

      url = helix_url (self, "/moderation/bans", NULL, NULL);
      message = soup_message_new (SOUP_METHOD_POST, url);
      if (message != NULL)
        soup_message_set_request_body_from_bytes (message, "application/json", body);
    }

  if (message == NULL)
    {
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL,
                               _("“%s” is not a usable Helix address"), self->helix_base_url);
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (message);
  bearer = g_strconcat ("Bearer ", bare, NULL);
  soup_message_headers_append (headers, "Client-Id", helix_client_id (self));
  soup_message_headers_append (headers, "Authorization", bearer);
  soup_message_headers_append (headers, "Accept", "application/json");

  soup_session_send_and_read_async (vitrine_feed_source_get_session (VITRINE_FEED_SOURCE (self)),
                                    message, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                    helix_cb, task);
}

static void
helix_secret_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  VitrineTwitchChat *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineTwitchSecret) token = NULL;

  token = vitrine_secrets_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (token == NULL || *token == '\0')
    {
      g_clear_pointer (&token, secret_free);
      token = vitrine_secrets_lookup_env (self->secret_id);
    }

  helix_send (task, token);
}

static void
helix_account_token_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineTwitchSecret) token = NULL;

  token = vitrine_account_get_token_finish (VITRINE_ACCOUNT (object), result, &error);
  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  helix_send (task, token);
}

static void
helix_call (VitrineTwitchChat   *self,
            HelixCall           *call,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) helix_call_free);

  if (helix_client_id (self) == NULL)
    {
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING,
                               _("Moderating on Twitch needs Vitrine’s Twitch client id, and "
                                 "none is set"));
      g_object_unref (task);
      return;
    }
  if (self->broadcaster_id == NULL || self->moderator_id == NULL)
    {
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                               _("Vitrine does not know yet who owns #%s and who is signed in: "
                                 "wait until the chat is connected with a Twitch sign-in"),
                               self->channel);
      g_object_unref (task);
      return;
    }

  if (self->account != NULL)
    vitrine_account_get_token_async (self->account, cancellable, helix_account_token_cb, task);
  else
    vitrine_secrets_lookup_async (self->secret_id, cancellable, helix_secret_cb, task);
}

/**
 * vitrine_twitch_chat_delete_message_async:
 * @message_id: the message's id (the PRIVMSG `id` tag, the item's id)
 *
 * Deletes a message for everyone through Helix
 * (`DELETE /moderation/chat`). Needs the scope
 * `moderator:manage:chat_messages` and a moderator's sign-in.
 */
void
vitrine_twitch_chat_delete_message_async (VitrineTwitchChat   *self,
                                          const char          *message_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  HelixCall *call;

  g_return_if_fail (VITRINE_IS_TWITCH_CHAT (self));
  g_return_if_fail (message_id != NULL && *message_id != '\0');

  call = g_new0 (HelixCall, 1);
  call->action = HELIX_DELETE_MESSAGE;
  call->target = g_strdup (message_id);
  helix_call (self, call, vitrine_twitch_chat_delete_message_async, cancellable, callback,
              user_data);
}

/**
 * vitrine_twitch_chat_delete_message_finish:
 *
 * Returns: whether Twitch deleted it; @error is in %VITRINE_FEED_ERROR
 */
gboolean
vitrine_twitch_chat_delete_message_finish (VitrineTwitchChat  *self,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        vitrine_twitch_chat_delete_message_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vitrine_twitch_chat_ban_user_async:
 * @user_id: the user's id (the item's author id)
 * @reason: (nullable): why, as the channel's moderators will read it
 * @seconds: 0 to ban; else a timeout of that many seconds (1 s to two
 *   weeks, Twitch's limits)
 *
 * Bans a user from the channel's chat, or times them out, through Helix
 * (`POST /moderation/bans`). Needs the scope
 * `moderator:manage:banned_users` and a moderator's sign-in.
 */
void
vitrine_twitch_chat_ban_user_async (VitrineTwitchChat   *self,
                                    const char          *user_id,
                                    const char          *reason,
                                    guint                seconds,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  HelixCall *call;

  g_return_if_fail (VITRINE_IS_TWITCH_CHAT (self));
  g_return_if_fail (user_id != NULL && *user_id != '\0');

  call = g_new0 (HelixCall, 1);
  call->action = HELIX_BAN_USER;
  call->target = g_strdup (user_id);
  call->reason = g_strdup (reason);
  call->seconds = MIN (seconds, TWITCH_MAX_TIMEOUT_S);
  helix_call (self, call, vitrine_twitch_chat_ban_user_async, cancellable, callback, user_data);
}

/**
 * vitrine_twitch_chat_ban_user_finish:
 *
 * Returns: whether Twitch banned the user; @error is in %VITRINE_FEED_ERROR
 */
gboolean
vitrine_twitch_chat_ban_user_finish (VitrineTwitchChat  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        vitrine_twitch_chat_ban_user_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vitrine_twitch_chat_get_account:
 *
 * Returns: (transfer none) (nullable): the account the token comes from
 */
VitrineAccount *
vitrine_twitch_chat_get_account (VitrineTwitchChat *self)
{
  g_return_val_if_fail (VITRINE_IS_TWITCH_CHAT (self), NULL);
  return self->account;
}

/* Signed in again after a refusal, or for the first time while reading
 * anonymously: connect again, with the token. */
static void
account_state_cb (VitrineAccount    *account,
                  GParamSpec        *pspec,
                  VitrineTwitchChat *self)
{
  VitrineFeedSource *source = VITRINE_FEED_SOURCE (self);
  VitrineFeedSourceState state = vitrine_feed_source_get_state (source);
  g_autofree char *status = NULL;

  if (vitrine_account_get_state (account) != VITRINE_ACCOUNT_SIGNED_IN)
    return;

  if (state == VITRINE_FEED_SOURCE_UNAUTHORIZED)
    {
      vitrine_feed_source_start (source);
      return;
    }

  if (!self->signed_in && (state == VITRINE_FEED_SOURCE_LIVE ||
                           state == VITRINE_FEED_SOURCE_RECONNECTING))
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      drop_connection (self);
      status = g_strdup_printf (_("Connecting to the chat of #%s…"), self->channel);
      _vitrine_feed_source_set_state (source, VITRINE_FEED_SOURCE_CONNECTING, status);
      self->auth_retried = FALSE;
      begin_attempt (self);
    }
}

/**
 * vitrine_twitch_chat_set_account:
 * @account: (nullable): where the user token comes from
 *
 * Signs in to the chat and to Helix with @account's token, renewed as
 * needed, instead of a static one. Once @account is signed in again, a
 * connector that stopped because the sign-in was refused starts again.
 */
void
vitrine_twitch_chat_set_account (VitrineTwitchChat *self,
                                 VitrineAccount    *account)
{
  g_return_if_fail (VITRINE_IS_TWITCH_CHAT (self));
  g_return_if_fail (account == NULL || VITRINE_IS_ACCOUNT (account));

  if (self->account == account)
    return;
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_set_object (&self->account, account);
  if (account != NULL)
    g_signal_connect_object (account, "notify::state", G_CALLBACK (account_state_cb), self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ACCOUNT]);
}
