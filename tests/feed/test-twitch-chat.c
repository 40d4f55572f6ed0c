/* test-twitch-chat.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Twitch chat connector against a local SoupServer that speaks IRC over
 * a WebSocket the way Twitch does (../shared/reference/platform-apis.md §2.1
 * and the Twitch cases of §7): the CAP/PASS/NICK/JOIN handshake, several
 * lines per frame, PING in both forms, a close by the server and RECONNECT
 * (with the delay measured), a refused sign-in, CLEARMSG/CLEARCHAT applied
 * in a VitrineFeed, USERNOTICE, bits, hostile lines, and Helix moderation
 * requests. What is asserted is what the host sees: the feed's items and
 * states, what Twitch received, and that the token never reaches a log line.
 */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "vitrine-feed-error.h"
#include "vitrine-feed.h"
#include "vitrine-twitch-chat.h"
#include "vitrine-twitch-irc.h"

#define CHANNEL     "shopwithmona"
#define ROOM_ID     "123456789"
#define BOT_LOGIN   "shopwithmona_bot"
#define BOT_ID      "555000111"
#define TOKEN       "3x4mpl3t0k3nabcdef0123456789"
#define TOKEN_ENV   "VITRINE_KEY_TWITCH_SHOPWITHMONA"
#define CLIENT_ID   "t214nt8z1rdtbj69hyarjvh5mi6fh"

/* Everything logged while the tests run, searched for the token. */
static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      gssize length = fields[i].length;

      if (g_strcmp0 (fields[i].key, "MESSAGE") != 0)
        continue;
      if (length < 0)
        length = strlen (fields[i].value);
      g_string_append_len (captured_log, fields[i].value, length);
    }
  g_string_append_c (captured_log, '\n');

  if (log_level & G_LOG_LEVEL_DEBUG || log_level & G_LOG_LEVEL_INFO)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* Waiting on the main loop, with a deadline */

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

#define WAIT_FOR(cond) \
  G_STMT_START { \
    gint64 wait_deadline_ = g_get_monotonic_time () + 8 * G_USEC_PER_SEC; \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > wait_deadline_) \
          { \
            g_printerr ("timed out waiting for %s\n", #cond); \
            g_assert_not_reached (); \
          } \
        g_main_context_iteration (NULL, TRUE); \
      } \
  } G_STMT_END

static void
run_for (guint milliseconds)
{
  gint64 until = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
}

/* The fake Twitch */

typedef struct
{
  char *method;
  char *path;
  char *query;
  char *client_id;
  char *authorization;
  char *content_type;
  char *body;
} HelixRequest;

static void
helix_request_free (HelixRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_free (request->client_id);
  g_free (request->authorization);
  g_free (request->content_type);
  g_free (request->body);
  g_free (request);
}

typedef struct
{
  SoupServer              *server;
  char                    *ws_url;
  char                    *helix_url;
  GPtrArray               *connections;   /* SoupWebsocketConnection, in order */
  GPtrArray               *lines;         /* GPtrArray of received lines, per connection */
  GArray                  *connect_times; /* monotonic µs, per connection */
  GArray                  *close_times;   /* monotonic µs when the server closed one */
  const char              *token;         /* the one it accepts, or NULL for any */
  gboolean                 handshake;     /* answers CAP, NICK and JOIN */
  GPtrArray               *helix;         /* HelixRequest */
  guint                    helix_status;
  const char              *helix_answer;
} Fake;

typedef struct
{
  Fake  *fake;
  guint  index;
  char  *pass;
} Peer;

static void
peer_free (Peer *peer)
{
  g_free (peer->pass);
  g_free (peer);
}

static SoupWebsocketConnection *
fake_connection (Fake  *fake,
                 guint  index)
{
  g_assert_cmpuint (index, <, fake->connections->len);
  return g_ptr_array_index (fake->connections, index);
}

static void
fake_send (Fake       *fake,
           guint       index,
           const char *frame)
{
  soup_websocket_connection_send_text (fake_connection (fake, index), frame);
}

static void
fake_close (Fake  *fake,
            guint  index)
{
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (fake->close_times, now);
  soup_websocket_connection_close (fake_connection (fake, index),
                                   SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
}

/* What connection @index received, one line each, "\n"-joined. */
static char *
fake_lines (Fake  *fake,
            guint  index)
{
  GPtrArray *lines;
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_cmpuint (index, <, fake->lines->len);
  lines = g_ptr_array_index (fake->lines, index);
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (text, g_ptr_array_index (lines, i));
      g_string_append_c (text, '\n');
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
fake_received (Fake       *fake,
               guint       index,
               const char *line)
{
  GPtrArray *lines;

  if (index >= fake->lines->len)
    return FALSE;
  lines = g_ptr_array_index (fake->lines, index);
  for (guint i = 0; i < lines->len; i++)
    if (g_str_equal (g_ptr_array_index (lines, i), line))
      return TRUE;
  return FALSE;
}

static void
server_message_cb (SoupWebsocketConnection *connection,
                   SoupWebsocketDataType    type,
                   GBytes                  *message,
                   Peer                    *peer)
{
  Fake *fake = peer->fake;
  GPtrArray *lines = g_ptr_array_index (fake->lines, peer->index);
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  g_auto(GStrv) split = vitrine_twitch_irc_split_frame (data, length);

  for (guint i = 0; split[i] != NULL; i++)
    {
      const char *line = split[i];

      g_ptr_array_add (lines, g_strdup (line));
      if (!fake->handshake)
        continue;

      if (g_str_equal (line, "CAP REQ :twitch.tv/tags twitch.tv/commands"))
        {
          soup_websocket_connection_send_text (connection,
            ":tmi.twitch.tv CAP * ACK :twitch.tv/tags twitch.tv/commands");
        }
      else if (g_str_has_prefix (line, "PASS "))
        {
          g_free (peer->pass);
          peer->pass = g_strdup (line + strlen ("PASS "));
        }
      else if (g_str_has_prefix (line, "NICK "))
        {
          const char *nick = line + strlen ("NICK ");
          g_autofree char *expected = g_strconcat ("oauth:", fake->token, NULL);
          g_autofree char *welcome = NULL;

          if (peer->pass != NULL && fake->token != NULL && !g_str_equal (peer->pass, expected))
            {
              soup_websocket_connection_send_text (connection,
                ":tmi.twitch.tv NOTICE * :Login authentication failed");
              soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
              return;
            }

          /* Several lines in one frame, as Twitch sends them. */
          welcome = g_strdup_printf (
            ":tmi.twitch.tv 001 %s :Welcome, GLHF!\r\n"
            ":tmi.twitch.tv 002 %s :Your host is tmi.twitch.tv\r\n"
            ":tmi.twitch.tv 003 %s :This server is rather new\r\n"
            ":tmi.twitch.tv 004 %s :-\r\n"
            ":tmi.twitch.tv 375 %s :-\r\n"
            ":tmi.twitch.tv 372 %s :You are in a maze of twisty passages, all alike.\r\n"
            ":tmi.twitch.tv 376 %s :>\r\n"
            "%s",
            nick, nick, nick, nick, nick, nick, nick,
            peer->pass ? "@badge-info=;badges=;color=;display-name=ShopWithMona_Bot;"
                         "emote-sets=0;user-id=" BOT_ID ";user-type= "
                         ":tmi.twitch.tv GLOBALUSERSTATE\r\n" : "");
          soup_websocket_connection_send_text (connection, welcome);
        }
      else if (g_str_has_prefix (line, "JOIN #"))
        {
          g_autofree char *nick = NULL;
          g_autofree char *joined = NULL;
          GPtrArray *all = g_ptr_array_index (fake->lines, peer->index);

          for (guint j = 0; j < all->len; j++)
            if (g_str_has_prefix (g_ptr_array_index (all, j), "NICK "))
              nick = g_strdup ((char *) g_ptr_array_index (all, j) + strlen ("NICK "));
          g_assert_nonnull (nick);

          joined = g_strdup_printf (
            ":%s!%s@%s.tmi.twitch.tv JOIN %s\r\n"
            ":%s.tmi.twitch.tv 353 %s = %s :%s\r\n"
            ":%s.tmi.twitch.tv 366 %s %s :End of /NAMES list\r\n"
            "@emote-only=0;followers-only=-1;r9k=0;room-id=" ROOM_ID ";slow=0;subs-only=0 "
            ":tmi.twitch.tv ROOMSTATE %s\r\n",
            nick, nick, nick, line + 5,
            nick, nick, line + 5, nick,
            nick, nick, line + 5,
            line + 5);
          soup_websocket_connection_send_text (connection, joined);
        }
    }
}

static void
websocket_cb (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  Fake *fake = user_data;
  Peer *peer = g_new0 (Peer, 1);
  gint64 now = g_get_monotonic_time ();

  peer->fake = fake;
  peer->index = fake->connections->len;
  g_ptr_array_add (fake->connections, g_object_ref (connection));
  g_ptr_array_add (fake->lines, g_ptr_array_new_with_free_func (g_free));
  g_array_append_val (fake->connect_times, now);
  g_object_set_data_full (G_OBJECT (connection), "peer", peer, (GDestroyNotify) peer_free);
  g_signal_connect (connection, "message", G_CALLBACK (server_message_cb), peer);
}

static void
helix_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Fake *fake = user_data;
  HelixRequest *request = g_new0 (HelixRequest, 1);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *answer = fake->helix_answer ? fake->helix_answer : "";

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (path);
  request->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  request->client_id = g_strdup (soup_message_headers_get_one (headers, "Client-Id"));
  request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  request->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  request->body = g_strndup (body->data, body->length);
  g_ptr_array_add (fake->helix, request);

  soup_server_message_set_status (msg, fake->helix_status, NULL);
  if (*answer != '\0')
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer,
                                      strlen (answer));
}

static Fake *
fake_new (void)
{
  Fake *fake = g_new0 (Fake, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;
  int port;

  fake->server = soup_server_new (NULL, NULL);
  fake->connections = g_ptr_array_new_with_free_func (g_object_unref);
  fake->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  fake->connect_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  fake->close_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  fake->helix = g_ptr_array_new_with_free_func ((GDestroyNotify) helix_request_free);
  fake->helix_status = SOUP_STATUS_NO_CONTENT;
  fake->handshake = TRUE;

  soup_server_add_websocket_handler (fake->server, NULL, NULL, NULL, websocket_cb, fake, NULL);
  soup_server_add_handler (fake->server, "/helix", helix_cb, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fake->server);
  g_assert_nonnull (uris);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fake->ws_url = g_strdup_printf ("ws://127.0.0.1:%d", port);
  fake->helix_url = g_strdup_printf ("http://127.0.0.1:%d/helix", port);
  return fake;
}

static void
fake_free (Fake *fake)
{
  for (guint i = 0; i < fake->connections->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (fake->connections, i);

      g_signal_handlers_disconnect_matched (connection, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                            server_message_cb, NULL);
      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
  run_for (50);
  soup_server_disconnect (fake->server);
  g_object_unref (fake->server);
  g_ptr_array_unref (fake->connections);
  g_ptr_array_unref (fake->lines);
  g_array_unref (fake->connect_times);
  g_array_unref (fake->close_times);
  g_ptr_array_unref (fake->helix);
  g_free (fake->ws_url);
  g_free (fake->helix_url);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fake, fake_free)

/* The connector and its feed */

typedef struct
{
  VitrineTwitchChat *chat;
  VitrineFeed       *feed;
  GArray            *states;
  GPtrArray         *statuses;
} Client;

static void
state_cb (VitrineFeedSource *source,
          GParamSpec        *pspec,
          Client            *client)
{
  VitrineFeedSourceState state = vitrine_feed_source_get_state (source);

  g_array_append_val (client->states, state);
  g_ptr_array_add (client->statuses, g_strdup (vitrine_feed_source_get_status (source)));
}

static Client *
client_new (Fake       *fake,
            const char *channel)
{
  Client *client = g_new0 (Client, 1);

  client->chat = vitrine_twitch_chat_new ("twitch-main", channel, fake->ws_url);
  client->feed = vitrine_feed_new (100);
  client->states = g_array_new (FALSE, FALSE, sizeof (VitrineFeedSourceState));
  client->statuses = g_ptr_array_new_with_free_func (g_free);
  vitrine_feed_add_source (client->feed, VITRINE_FEED_SOURCE (client->chat));
  g_signal_connect (client->chat, "notify::state", G_CALLBACK (state_cb), client);
  g_object_set (client->chat, "helix-base-url", fake->helix_url, NULL);
  return client;
}

static void
client_free (Client *client)
{
  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (client->chat));
  g_signal_handlers_disconnect_by_data (client->chat, client);
  g_object_unref (client->feed);
  g_object_unref (client->chat);
  g_array_unref (client->states);
  g_ptr_array_unref (client->statuses);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static VitrineFeedSourceState
client_state (Client *client)
{
  return vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (client->chat));
}

static guint
n_items (Client *client)
{
  return g_list_model_get_n_items (G_LIST_MODEL (client->feed));
}

static void
start_live (Fake   *fake,
            Client *client)
{
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (client->chat));
  WAIT_FOR (client_state (client) == VITRINE_FEED_SOURCE_LIVE);
}

static VitrineFeedItem *
item_at (Client *client,
         guint   position)
{
  VitrineFeedItem *item = g_list_model_get_item (G_LIST_MODEL (client->feed), position);

  g_assert_nonnull (item);
  /* The feed holds a reference: safe to hand out borrowed. */
  g_object_unref (item);
  return item;
}

static void
assert_item (Client                    *client,
             guint                      position,
             VitrineFeedItemKind        kind,
             const char                *id,
             const char                *author_id,
             const char                *author,
             const char                *text,
             const char                *detail,
             VitrineFeedItemFlags       flags,
             VitrineFeedItemVisibility  visibility)
{
  VitrineFeedItem *item = item_at (client, position);

  g_test_message ("item %u: %s: %s", position, vitrine_feed_item_get_author (item),
                  vitrine_feed_item_get_text (item));
  g_assert_cmpint (vitrine_feed_item_get_kind (item), ==, kind);
  g_assert_cmpstr (vitrine_feed_item_get_platform (item), ==, "twitch");
  g_assert_cmpstr (vitrine_feed_item_get_source_id (item), ==, "twitch-main");
  g_assert_cmpstr (vitrine_feed_item_get_id (item), ==, id);
  g_assert_cmpstr (vitrine_feed_item_get_author_id (item), ==, author_id);
  g_assert_cmpstr (vitrine_feed_item_get_author (item), ==, author);
  g_assert_cmpstr (vitrine_feed_item_get_text (item), ==, text);
  g_assert_cmpstr (vitrine_feed_item_get_detail (item), ==, detail);
  g_assert_cmpint (vitrine_feed_item_get_flags (item), ==, flags);
  g_assert_cmpint (vitrine_feed_item_get_visibility (item), ==, visibility);
  /* Bits, subs and raids are not money. */
  g_assert_null (vitrine_feed_item_get_amount (item));
}

static void
assert_time (Client *client,
             guint   position,
             gint64  epoch_ms)
{
  GDateTime *time = vitrine_feed_item_get_time (item_at (client, position));

  g_assert_cmpint (g_date_time_to_unix (time), ==, epoch_ms / 1000);
  g_assert_cmpint (g_date_time_get_microsecond (time), ==, (epoch_ms % 1000) * 1000);
}

/* The handshake */

static void
test_handshake_anonymous (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autoptr(Client) client = client_new (fake, "#ShopWithMona");
  g_autofree char *expected = NULL;
  g_autofree char *lines = NULL;
  const char *nick;

  g_assert_cmpstr (vitrine_twitch_chat_get_channel (client->chat), ==, CHANNEL);
  start_live (fake, client);

  nick = vitrine_twitch_chat_get_nick (client->chat);
  g_assert_true (g_str_has_prefix (nick, "justinfan"));
  g_assert_cmpuint (strlen (nick), >, strlen ("justinfan"));
  for (const char *p = nick + strlen ("justinfan"); *p; p++)
    g_assert_true (g_ascii_isdigit (*p));

  /* No PASS when nothing is stored; JOIN in lower case, after the welcome. */
  expected = g_strdup_printf ("CAP REQ :twitch.tv/tags twitch.tv/commands\n"
                              "NICK %s\n"
                              "JOIN #" CHANNEL "\n", nick);
  lines = fake_lines (fake, 0);
  g_assert_cmpstr (lines, ==, expected);

  g_assert_cmpuint (client->states->len, ==, 2);
  g_assert_cmpint (g_array_index (client->states, VitrineFeedSourceState, 0), ==,
                   VITRINE_FEED_SOURCE_CONNECTING);
  g_assert_cmpstr (g_ptr_array_index (client->statuses, 0), ==,
                   "Connecting to the chat of #" CHANNEL "…");
  g_assert_cmpint (g_array_index (client->states, VitrineFeedSourceState, 1), ==,
                   VITRINE_FEED_SOURCE_LIVE);
  g_assert_cmpstr (g_ptr_array_index (client->statuses, 1), ==,
                   "Reading #" CHANNEL " without signing in");
  /* Learnt from ROOMSTATE; nobody is signed in to moderate. */
  g_assert_cmpstr (vitrine_twitch_chat_get_broadcaster_id (client->chat), ==, ROOM_ID);
  g_assert_null (vitrine_twitch_chat_get_moderator_id (client->chat));
  g_assert_cmpuint (n_items (client), ==, 0);
}

static void
test_handshake_token (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autoptr(Client) client = NULL;
  g_autofree char *lines = NULL;

  fake->token = TOKEN;
  g_setenv (TOKEN_ENV, "oauth:" TOKEN, TRUE);
  client = client_new (fake, CHANNEL);
  g_object_set (client->chat, "login", BOT_LOGIN, NULL);
  start_live (fake, client);

  /* PASS before NICK, as Twitch requires. */
  lines = fake_lines (fake, 0);
  g_assert_cmpstr (lines, ==,
                   "CAP REQ :twitch.tv/tags twitch.tv/commands\n"
                   "PASS oauth:" TOKEN "\n"
                   "NICK " BOT_LOGIN "\n"
                   "JOIN #" CHANNEL "\n");
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (client->chat)), ==,
                   "Reading #" CHANNEL);
  g_assert_cmpstr (vitrine_twitch_chat_get_broadcaster_id (client->chat), ==, ROOM_ID);
  g_assert_cmpstr (vitrine_twitch_chat_get_moderator_id (client->chat), ==, BOT_ID);

  /* A token stored without its "oauth:" prefix works the same. */
  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (client->chat));
  g_setenv (TOKEN_ENV, TOKEN, TRUE);
  start_live (fake, client);
  g_assert_true (fake_received (fake, 1, "PASS oauth:" TOKEN));

  g_unsetenv (TOKEN_ENV);
  g_assert_null (strstr (captured_log->str, TOKEN));
}

static void
test_bad_token (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autoptr(Client) client = NULL;

  fake->token = TOKEN;
  g_setenv (TOKEN_ENV, "oauth:expired0000000000000000", TRUE);
  client = client_new (fake, CHANNEL);
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (client->chat));
  WAIT_FOR (client_state (client) == VITRINE_FEED_SOURCE_UNAUTHORIZED);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (client->chat)), ==,
                   "Twitch refused the sign-in for #" CHANNEL ": sign in to Twitch again");

  /* It waits for the host: no retry loop against a refused token. */
  run_for (1600);
  g_assert_cmpuint (fake->connections->len, ==, 1);
  g_assert_cmpint (client_state (client), ==, VITRINE_FEED_SOURCE_UNAUTHORIZED);

  /* A damaged token (a line break would inject IRC) is never sent. */
  g_setenv (TOKEN_ENV, "oauth:abc\r\nPRIVMSG #x :hi", TRUE);
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (client->chat));
  WAIT_FOR (g_str_has_prefix (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (client->chat)),
                              "The Twitch sign-in stored"));
  g_assert_cmpint (client_state (client), ==, VITRINE_FEED_SOURCE_UNAUTHORIZED);
  g_assert_cmpuint (fake->connections->len, ==, 1);

  g_unsetenv (TOKEN_ENV);
  g_assert_null (strstr (captured_log->str, "expired0000000000000000"));
}

/* Lines → items */

static const char frame_of_many[] =
  /* The broadcaster, an emote-only message. */
  "@badge-info=;badges=broadcaster/1;client-nonce=459e3142897c7a22b7d275178f2259e0;"
  "color=#0000FF;display-name=ShopWithMona;emote-only=1;emotes=62835:0-10;first-msg=0;flags=;"
  "id=885196de-cb67-427a-baa8-82f9b0fcd05f;mod=0;room-id=123456789;subscriber=0;"
  "tmi-sent-ts=1763751800000;turbo=0;user-id=123456789;user-type= "
  ":shopwithmona!shopwithmona@shopwithmona.tmi.twitch.tv PRIVMSG #shopwithmona :bleedPurple\r\n"
  /* A cheer: bits, an astral emoji, an emote by code point. */
  "@badge-info=subscriber/14;badges=subscriber/12,bits/1000;bits=100;"
  "client-nonce=2f1c0e9a7b6d5c4e3f2a1b0c9d8e7f60;color=#FF7F50;display-name=CafeLover;"
  "emotes=25:23-27;first-msg=0;flags=;id=5c0b1f3e-8a2d-4c61-9c1e-2f7e0d9b4a11;mod=0;"
  "returning-chatter=0;room-id=123456789;subscriber=1;tmi-sent-ts=1763751845123;turbo=0;"
  "user-id=987654321;user-type= :cafelover!cafelover@cafelover.tmi.twitch.tv PRIVMSG "
  "#shopwithmona :Cheer100 I'll take 2 \xf0\x9f\xa7\xa3 Kappa\r\n"
  /* A moderator's /me, with a Korean display name. */
  "@badges=moderator/1;color=;display-name=\xed\x85\x8c\xec\x8a\xa4\xed\x8a\xb8\xea\xb3\x84"
  "\xec\xa0\x95" "420;id=a1;mod=1;room-id=123456789;subscriber=0;tmi-sent-ts=1763751846000;"
  "user-id=117166826;user-type=mod :testaccount_420!testaccount_420@testaccount_420.tmi.twitch.tv"
  " PRIVMSG #shopwithmona :\001ACTION waves \xf0\x9f\x91\x8b\001\r\n"
  /* Escaped tags: a space in a name. */
  "@badges=vip/1,partner/1;display-name=Riot\\sGames;id=a2;room-id=123456789;"
  "tmi-sent-ts=1763751847000;user-id=36029255;vip=1 "
  ":riotgames!riotgames@riotgames.tmi.twitch.tv PRIVMSG #shopwithmona :A12 please\r\n"
  /* A trailing escaped space, a founder. */
  "@badges=founder/0;display-name=CarvedTaleare\\s;id=a3;room-id=123456789;"
  "tmi-sent-ts=1763751848000;user-id=5 "
  ":carvedtaleare!carvedtaleare@carvedtaleare.tmi.twitch.tv PRIVMSG #shopwithmona :+1 A12\r\n"
  /* An empty display name: the login. */
  "@display-name=;id=a4;room-id=123456789;user-id=6 "
  ":lowercaseonly!lowercaseonly@lowercaseonly.tmi.twitch.tv PRIVMSG #shopwithmona :hi\r\n"
  "PING :custom-payload-42\r\n"
  /* Subs, gifts, a raid, an announcement. */
  "@badge-info=;badges=sub-gifter/5;color=;display-name=GiftyMcGift;emotes=;flags=;"
  "id=0b7f1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d;login=giftymcgift;mod=0;msg-id=submysterygift;"
  "msg-param-mass-gift-count=5;msg-param-origin-id=9a\\s8b\\s7c\\s6d;msg-param-sender-count=25;"
  "msg-param-sub-plan=1000;room-id=123456789;subscriber=0;"
  "system-msg=GiftyMcGift\\sis\\sgifting\\s5\\sTier\\s1\\sSubs\\sto\\sshopwithmona's\\scommunity!;"
  "tmi-sent-ts=1763751900000;user-id=55500011;user-type= "
  ":tmi.twitch.tv USERNOTICE #shopwithmona\r\n"
  "@badge-info=;badges=;color=;display-name=AnAnonymousGifter;emotes=;flags=;id=b1;"
  "login=ananonymousgifter;mod=0;msg-id=subgift;msg-param-months=1;"
  "msg-param-recipient-display-name=CafeLover;msg-param-recipient-id=987654321;"
  "msg-param-recipient-user-name=cafelover;msg-param-sub-plan=1000;room-id=123456789;"
  "subscriber=0;"
  "system-msg=An\\sanonymous\\suser\\sgifted\\sa\\sTier\\s1\\ssub\\sto\\sCafeLover!\\s;"
  "tmi-sent-ts=1763751901000;user-id=274598607;user-type= "
  ":tmi.twitch.tv USERNOTICE #shopwithmona\r\n"
  "@badge-info=subscriber/14;badges=subscriber/12;display-name=CafeLover;id=b2;login=cafelover;"
  "msg-id=resub;msg-param-cumulative-months=14;room-id=123456789;subscriber=1;"
  "system-msg=CafeLover\\ssubscribed\\sat\\sTier\\s1.\\sThey've\\ssubscribed\\sfor\\s14\\smonths!;"
  "tmi-sent-ts=1763751902000;user-id=987654321 :tmi.twitch.tv USERNOTICE #shopwithmona "
  ":14 months of scarves!\r\n"
  "@badges=;display-name=RaidLeader;id=b3;login=raidleader;msg-id=raid;"
  "msg-param-displayName=RaidLeader;msg-param-login=raidleader;msg-param-viewerCount=42;"
  "room-id=123456789;system-msg=42\\sraiders\\sfrom\\sRaidLeader\\shave\\sjoined!;"
  "tmi-sent-ts=1763751903000;user-id=4242 :tmi.twitch.tv USERNOTICE #shopwithmona\r\n"
  "@badges=moderator/1;display-name=ModAnna;id=b4;login=modanna;mod=1;msg-id=announcement;"
  "msg-param-color=PRIMARY;room-id=123456789;system-msg=;tmi-sent-ts=1763751904000;user-id=777 "
  ":tmi.twitch.tv USERNOTICE #shopwithmona :Flash deal on A12 now!\r\n"
  /* The other form of PING. */
  ":tmi.twitch.tv PING\r\n"
  /* Shared chat: a message from the partner channel. */
  "@badges=;display-name=Guest;id=c1;room-id=123456789;source-room-id=99999;source-id=c1x;"
  "user-id=8 :guest!guest@guest.tmi.twitch.tv PRIVMSG #shopwithmona "
  ":hello from the other stream\r\n"
  /* Another channel's line: not ours. */
  "@id=z;user-id=9 :x!x@x.tmi.twitch.tv PRIVMSG #otherchannel :nope\r\n"
  "@msg-id=emote_only_on :tmi.twitch.tv NOTICE #shopwithmona :This room is now in emote-only "
  "mode.\r\n"
  /* Things a reader ignores. */
  "@badge-info=;badges=;color=;display-name=justinfan;emote-sets=0;mod=0;subscriber=0;user-type= "
  ":tmi.twitch.tv USERSTATE #shopwithmona\r\n"
  ":tmi.twitch.tv CAP * NAK :twitch.tv/membership\r\n";

static void
test_frame_of_many_lines (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autoptr(Client) client = client_new (fake, CHANNEL);
  const VitrineFeedItemFlags none = VITRINE_FEED_ITEM_FLAG_NONE;
  const VitrineFeedItemVisibility visible = VITRINE_FEED_ITEM_VISIBLE;

  start_live (fake, client);
  fake_send (fake, 0, frame_of_many);
  WAIT_FOR (n_items (client) == 13 &&
            fake_received (fake, 0, "PONG :custom-payload-42") &&
            fake_received (fake, 0, "PONG :tmi.twitch.tv"));
  run_for (100);
  g_assert_cmpuint (n_items (client), ==, 13);

  assert_item (client, 0, VITRINE_FEED_ITEM_CHAT, "885196de-cb67-427a-baa8-82f9b0fcd05f",
               ROOM_ID, "ShopWithMona", "bleedPurple", NULL, VITRINE_FEED_ITEM_FLAG_OWNER,
               visible);
  assert_time (client, 0, G_GINT64_CONSTANT (1763751800000));
  assert_item (client, 1, VITRINE_FEED_ITEM_PAID, "5c0b1f3e-8a2d-4c61-9c1e-2f7e0d9b4a11",
               "987654321", "CafeLover", "Cheer100 I'll take 2 \xf0\x9f\xa7\xa3 Kappa",
               "100 bits", VITRINE_FEED_ITEM_FLAG_MEMBER, visible);
  assert_time (client, 1, G_GINT64_CONSTANT (1763751845123));
  assert_item (client, 2, VITRINE_FEED_ITEM_CHAT, "a1", "117166826",
               "\xed\x85\x8c\xec\x8a\xa4\xed\x8a\xb8\xea\xb3\x84\xec\xa0\x95" "420",
               "waves \xf0\x9f\x91\x8b", NULL, VITRINE_FEED_ITEM_FLAG_MODERATOR, visible);
  assert_item (client, 3, VITRINE_FEED_ITEM_CHAT, "a2", "36029255", "Riot Games", "A12 please",
               NULL, VITRINE_FEED_ITEM_FLAG_VERIFIED, visible);
  assert_item (client, 4, VITRINE_FEED_ITEM_CHAT, "a3", "5", "CarvedTaleare", "+1 A12", NULL,
               VITRINE_FEED_ITEM_FLAG_MEMBER, visible);
  assert_item (client, 5, VITRINE_FEED_ITEM_CHAT, "a4", "6", "lowercaseonly", "hi", NULL, none,
               visible);
  assert_item (client, 6, VITRINE_FEED_ITEM_MEMBERSHIP, "0b7f1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
               "55500011", "GiftyMcGift", "",
               "GiftyMcGift is gifting 5 Tier 1 Subs to shopwithmona's community!", none,
               visible);
  assert_time (client, 6, G_GINT64_CONSTANT (1763751900000));
  /* Nobody to credit or ban behind an anonymous gift. */
  assert_item (client, 7, VITRINE_FEED_ITEM_MEMBERSHIP, "b1", NULL, "An anonymous gifter", "",
               "An anonymous user gifted a Tier 1 sub to CafeLover!", none, visible);
  assert_item (client, 8, VITRINE_FEED_ITEM_MEMBERSHIP, "b2", "987654321", "CafeLover",
               "14 months of scarves!",
               "CafeLover subscribed at Tier 1. They've subscribed for 14 months!",
               VITRINE_FEED_ITEM_FLAG_MEMBER, visible);
  assert_item (client, 9, VITRINE_FEED_ITEM_MEMBERSHIP, "b3", "4242", "RaidLeader", "",
               "42 raiders from RaidLeader have joined!", none, visible);
  assert_item (client, 10, VITRINE_FEED_ITEM_CHAT, "b4", "777", "ModAnna",
               "Flash deal on A12 now!", "Announcement", VITRINE_FEED_ITEM_FLAG_MODERATOR,
               visible);
  assert_item (client, 11, VITRINE_FEED_ITEM_CHAT, "c1", "8", "Guest",
               "hello from the other stream", "Shared chat", none, visible);
  assert_item (client, 12, VITRINE_FEED_ITEM_NOTICE, NULL, NULL, "",
               "This room is now in emote-only mode.", NULL, none, visible);
}

/* CLEARMSG and CLEARCHAT */

static void
test_moderation (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autoptr(Client) client = client_new (fake, CHANNEL);
  const VitrineFeedItemFlags none = VITRINE_FEED_ITEM_FLAG_NONE;

  start_live (fake, client);
  fake_send (fake, 0,
    "@display-name=alazymeme;id=3c92014f-340a-4dc3-a9c9-e5cf182f4a84;room-id=123456789;"
    "user-id=1001 :alazymeme!alazymeme@alazymeme.tmi.twitch.tv PRIVMSG #shopwithmona "
    ":\001ACTION NIGHT SPAM\001\r\n"
    "@display-name=fabzeef;id=m2;room-id=123456789;user-id=148973258 "
    ":fabzeef!fabzeef@fabzeef.tmi.twitch.tv PRIVMSG #shopwithmona :buy my followers\r\n"
    "@display-name=weeb123;id=m3;room-id=123456789;user-id=70948394 "
    ":weeb123!weeb123@weeb123.tmi.twitch.tv PRIVMSG #shopwithmona :rude\r\n"
    "@display-name=fabzeef;id=m4;room-id=123456789;user-id=148973258 "
    ":fabzeef!fabzeef@fabzeef.tmi.twitch.tv PRIVMSG #shopwithmona :again\r\n"
    "@display-name=Anna;id=m5;room-id=123456789;user-id=42 "
    ":anna!anna@anna.tmi.twitch.tv PRIVMSG #shopwithmona :SOLD A12 M\r\n");
  WAIT_FOR (n_items (client) == 5);

  /* One message deleted (room-id empty, as Twitch sends it). */
  fake_send (fake, 0,
    "@login=alazymeme;room-id=;target-msg-id=3c92014f-340a-4dc3-a9c9-e5cf182f4a84;"
    "tmi-sent-ts=1594561955611 :tmi.twitch.tv CLEARMSG #shopwithmona :\001ACTION NIGHT SPAM\001\r\n"
    /* One never seen: nothing happens. */
    "@login=ghost;room-id=;target-msg-id=00000000-0000-0000-0000-000000000000;"
    "tmi-sent-ts=-6795364578871 :tmi.twitch.tv CLEARMSG #shopwithmona :boo\r\n"
    /* A timeout and a ban. */
    "@ban-duration=600;room-id=123456789;target-user-id=148973258;tmi-sent-ts=1594553828245 "
    ":tmi.twitch.tv CLEARCHAT #shopwithmona :fabzeef\r\n"
    "@room-id=123456789;target-user-id=70948394;tmi-sent-ts=1594561360331 "
    ":tmi.twitch.tv CLEARCHAT #shopwithmona :weeb123\r\n"
    "@ban-duration=1;room-id=123456789;target-user-id=1;tmi-sent-ts=1594553828245 "
    ":tmi.twitch.tv CLEARCHAT #shopwithmona :someone\r\n");
  WAIT_FOR (n_items (client) == 8);

  assert_item (client, 0, VITRINE_FEED_ITEM_CHAT, "3c92014f-340a-4dc3-a9c9-e5cf182f4a84",
               "1001", "alazymeme", "NIGHT SPAM", NULL, none, VITRINE_FEED_ITEM_DELETED);
  assert_item (client, 1, VITRINE_FEED_ITEM_CHAT, "m2", "148973258", "fabzeef",
               "buy my followers", NULL, none, VITRINE_FEED_ITEM_BANNED);
  assert_item (client, 2, VITRINE_FEED_ITEM_CHAT, "m3", "70948394", "weeb123", "rude", NULL,
               none, VITRINE_FEED_ITEM_BANNED);
  assert_item (client, 3, VITRINE_FEED_ITEM_CHAT, "m4", "148973258", "fabzeef", "again", NULL,
               none, VITRINE_FEED_ITEM_BANNED);
  assert_item (client, 4, VITRINE_FEED_ITEM_CHAT, "m5", "42", "Anna", "SOLD A12 M", NULL, none,
               VITRINE_FEED_ITEM_VISIBLE);
  assert_item (client, 5, VITRINE_FEED_ITEM_MODERATION, NULL, NULL, "",
               "fabzeef was timed out for 10 minutes", NULL, none, VITRINE_FEED_ITEM_VISIBLE);
  assert_time (client, 5, G_GINT64_CONSTANT (1594553828245));
  assert_item (client, 6, VITRINE_FEED_ITEM_MODERATION, NULL, NULL, "", "weeb123 was banned",
               NULL, none, VITRINE_FEED_ITEM_VISIBLE);
  assert_item (client, 7, VITRINE_FEED_ITEM_MODERATION, NULL, NULL, "",
               "someone was timed out for 1 second", NULL, none, VITRINE_FEED_ITEM_VISIBLE);

  /* The whole chat cleared: every message still shown is marked deleted. */
  fake_send (fake, 0,
    "@room-id=123456789;tmi-sent-ts=1594561392337 :tmi.twitch.tv CLEARCHAT #shopwithmona\r\n"
    "@display-name=Anna;id=m6;room-id=123456789;user-id=42 "
    ":anna!anna@anna.tmi.twitch.tv PRIVMSG #shopwithmona :after the clear\r\n");
  WAIT_FOR (n_items (client) == 10);

  /* Banned messages stay marked as banned, the notices stay. */
  assert_item (client, 0, VITRINE_FEED_ITEM_CHAT, "3c92014f-340a-4dc3-a9c9-e5cf182f4a84",
               "1001", "alazymeme", "NIGHT SPAM", NULL, none, VITRINE_FEED_ITEM_DELETED);
  assert_item (client, 1, VITRINE_FEED_ITEM_CHAT, "m2", "148973258", "fabzeef",
               "buy my followers", NULL, none, VITRINE_FEED_ITEM_BANNED);
  assert_item (client, 2, VITRINE_FEED_ITEM_CHAT, "m3", "70948394", "weeb123", "rude", NULL,
               none, VITRINE_FEED_ITEM_BANNED);
  assert_item (client, 3, VITRINE_FEED_ITEM_CHAT, "m4", "148973258", "fabzeef", "again", NULL,
               none, VITRINE_FEED_ITEM_BANNED);
  assert_item (client, 4, VITRINE_FEED_ITEM_CHAT, "m5", "42", "Anna", "SOLD A12 M", NULL, none,
               VITRINE_FEED_ITEM_DELETED);
  assert_item (client, 5, VITRINE_FEED_ITEM_MODERATION, NULL, NULL, "",
               "fabzeef was timed out for 10 minutes", NULL, none, VITRINE_FEED_ITEM_VISIBLE);
  assert_item (client, 6, VITRINE_FEED_ITEM_MODERATION, NULL, NULL, "", "weeb123 was banned",
               NULL, none, VITRINE_FEED_ITEM_VISIBLE);
  assert_item (client, 7, VITRINE_FEED_ITEM_MODERATION, NULL, NULL, "",
               "someone was timed out for 1 second", NULL, none, VITRINE_FEED_ITEM_VISIBLE);
  assert_item (client, 8, VITRINE_FEED_ITEM_MODERATION, NULL, NULL, "",
               "A moderator cleared the chat", NULL, none, VITRINE_FEED_ITEM_VISIBLE);
  assert_item (client, 9, VITRINE_FEED_ITEM_CHAT, "m6", "42", "Anna", "after the clear", NULL,
               none, VITRINE_FEED_ITEM_VISIBLE);
}

/* Reconnecting */

static gint64
wait_for_connection (Fake  *fake,
                     guint  index)
{
  WAIT_FOR (fake->connections->len > index);
  return g_array_index (fake->connect_times, gint64, index);
}

static void
test_reconnect (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autoptr(Client) client = client_new (fake, CHANNEL);
  g_autofree char *expected = NULL;
  g_autofree char *lines = NULL;
  gint64 closed, reopened, delay_ms;
  guint reconnecting = 0;

  start_live (fake, client);

  /* 1. The server closes: RECONNECTING, a new connection after the first
   *    backoff (1 s ± 10 %), the JOIN again, LIVE. */
  fake_close (fake, 0);
  closed = g_array_index (fake->close_times, gint64, 0);
  WAIT_FOR (client_state (client) == VITRINE_FEED_SOURCE_RECONNECTING);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (client->chat)), ==,
                   "Twitch closed the chat connection; connecting again in 1 second");
  reopened = wait_for_connection (fake, 1);
  delay_ms = (reopened - closed) / 1000;
  g_test_message ("reconnected %" G_GINT64_FORMAT " ms after the close", delay_ms);
  g_assert_cmpint (delay_ms, >=, 880);
  g_assert_cmpint (delay_ms, <=, 1600);
  WAIT_FOR (client_state (client) == VITRINE_FEED_SOURCE_LIVE);
  expected = g_strdup_printf ("CAP REQ :twitch.tv/tags twitch.tv/commands\n"
                              "NICK %s\n"
                              "JOIN #" CHANNEL "\n",
                              vitrine_twitch_chat_get_nick (client->chat));
  lines = fake_lines (fake, 1);
  g_assert_cmpstr (lines, ==, expected);

  /* Items flow on the new connection. */
  fake_send (fake, 1, "@id=r1;user-id=42;display-name=Anna;room-id=123456789 "
                      ":anna!anna@anna.tmi.twitch.tv PRIVMSG #shopwithmona :still here\r\n");
  WAIT_FOR (n_items (client) == 1);

  /* 2. RECONNECT: Twitch restarts a server. LIVE reset the backoff: 1 s. */
  fake_send (fake, 1, ":tmi.twitch.tv RECONNECT\r\n");
  closed = g_get_monotonic_time ();
  WAIT_FOR (client_state (client) == VITRINE_FEED_SOURCE_RECONNECTING);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (client->chat)), ==,
                   "Twitch is restarting its chat server; connecting again in 1 second");
  reopened = wait_for_connection (fake, 2);
  delay_ms = (reopened - closed) / 1000;
  g_test_message ("reconnected %" G_GINT64_FORMAT " ms after RECONNECT", delay_ms);
  g_assert_cmpint (delay_ms, >=, 880);
  g_assert_cmpint (delay_ms, <=, 1600);
  WAIT_FOR (client_state (client) == VITRINE_FEED_SOURCE_LIVE);
  /* The client closed the old connection itself. */
  WAIT_FOR (soup_websocket_connection_get_state (fake_connection (fake, 1)) ==
            SOUP_WEBSOCKET_STATE_CLOSED);

  for (guint i = 0; i < client->states->len; i++)
    if (g_array_index (client->states, VitrineFeedSourceState, i) ==
        VITRINE_FEED_SOURCE_RECONNECTING)
      reconnecting++;
  g_assert_cmpuint (reconnecting, ==, 2);

  /* 3. Stopped: nothing reconnects, nothing arrives. */
  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (client->chat));
  g_assert_cmpint (client_state (client), ==, VITRINE_FEED_SOURCE_STOPPED);
  run_for (1500);
  g_assert_cmpuint (fake->connections->len, ==, 3);
  g_assert_cmpuint (n_items (client), ==, 1);
}

/* The server is gone for a while: each try waits longer (1 s, 1.5 s…). */
static void
test_unreachable (void)
{
  g_autoptr(VitrineTwitchChat) chat = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  guint16 port;

  /* A port nobody listens on. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  g_clear_object (&address);
  address = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));

  url = g_strdup_printf ("ws://127.0.0.1:%u", port);
  chat = vitrine_twitch_chat_new ("twitch-main", CHANNEL, url);
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (chat));
  WAIT_FOR (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (chat)) ==
            VITRINE_FEED_SOURCE_RECONNECTING);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (chat)), ==,
                   "Twitch chat cannot be reached; connecting again in 1 second");
  WAIT_FOR (g_strcmp0 (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (chat)),
                       "Twitch chat cannot be reached; connecting again in 2 seconds") == 0);
  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (chat));
}

static void
test_invalid_configuration (void)
{
  g_autoptr(VitrineTwitchChat) bad_name = vitrine_twitch_chat_new ("t", "shop with mona", NULL);
  g_autoptr(VitrineTwitchChat) bad_url = vitrine_twitch_chat_new ("t", CHANNEL,
                                                                  "https://example.com/");
  g_autoptr(VitrineTwitchChat) clear_text = vitrine_twitch_chat_new ("t", CHANNEL,
                                                                     "ws://irc-ws.example.com");

  g_assert_cmpstr (vitrine_feed_source_get_base_url (VITRINE_FEED_SOURCE (bad_name)), ==,
                   "wss://irc-ws.chat.twitch.tv:443");
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (bad_name));
  g_assert_cmpint (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (bad_name)), ==,
                   VITRINE_FEED_SOURCE_FAILED);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (bad_name)), ==,
                   "“shop with mona” is not a Twitch channel name");

  vitrine_feed_source_start (VITRINE_FEED_SOURCE (bad_url));
  WAIT_FOR (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (bad_url)) ==
            VITRINE_FEED_SOURCE_FAILED);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (bad_url)), ==,
                   "“https://example.com/” is not a WebSocket address for Twitch chat "
                   "(it starts with wss://)");

  /* A token is never sent in clear text to a remote host. */
  g_setenv (TOKEN_ENV, TOKEN, TRUE);
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (clear_text));
  WAIT_FOR (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (clear_text)) ==
            VITRINE_FEED_SOURCE_FAILED);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (clear_text)), ==,
                   "Vitrine does not send the Twitch sign-in unencrypted to irc-ws.example.com: "
                   "use a wss:// address");
  g_unsetenv (TOKEN_ENV);
}

/* Hostile input */

static const char nul_line[] =
  "@id=h8;user-id=408 :nul!nul@nul.tmi.twitch.tv PRIVMSG #shopwithmona :before\0after\r\n";

static void
test_hostile (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autoptr(Client) client = client_new (fake, CHANNEL);
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(GString) expected_long = g_string_new (NULL);
  g_autoptr(GString) raw = g_string_new (NULL);
  const VitrineFeedItemFlags none = VITRINE_FEED_ITEM_FLAG_NONE;
  const VitrineFeedItemVisibility visible = VITRINE_FEED_ITEM_VISIBLE;

  start_live (fake, client);

  /* A 10 kB line: a huge tag section and a long text. */
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (long_text, "abcdefghij"[i % 10]);
  g_string_append_len (expected_long, long_text->str, 500);
  g_string_append (expected_long, "…");
  g_string_append (huge, "@badges=;display-name=Long;id=h4;room-id=123456789;user-id=404;x-pad=");
  for (guint i = 0; i < 2000; i++)
    g_string_append (huge, "\\s\\:");
  g_string_append_printf (huge, " :long!long@long.tmi.twitch.tv PRIVMSG #shopwithmona :%s\r\n",
                          long_text->str);
  g_assert_cmpuint (huge->len, >, 10240);

  fake_send (fake, 0,
    /* Markup stays literal text. */
    "@display-name=<b>Boss</b>;id=h1;room-id=123456789;user-id=401 "
    ":boss!boss@boss.tmi.twitch.tv PRIVMSG #shopwithmona :<a href=\"http://evil\">win</a> &amp;\r\n"
    /* Bidi overrides and zero-width characters removed from names and text. */
    "@display-name=\xe2\x80\xae" "nimda\xe2\x80\x8b;id=h2;room-id=123456789;user-id=402 "
    ":spoof!spoof@spoof.tmi.twitch.tv PRIVMSG #shopwithmona :gnp.\xe2\x80\xae" "exe\xe2\x81\xa6\r\n"
    /* No tags at all. */
    ":notags!notags@notags.tmi.twitch.tv PRIVMSG #shopwithmona :no tags at all\r\n"
    /* Garbage. */
    "\001\002\003\r\n"
    ":::::\r\n"
    "@@@@ ;;; \r\n"
    "@\r\n"
    ":prefix.only\r\n"
    "PRIVMSG\r\n"
    "PRIVMSG #shopwithmona\r\n"
    "CLEARCHAT\r\n"
    "CLEARMSG #shopwithmona\r\n"
    "USERNOTICE #shopwithmona\r\n"
    "@bits=-5;id=h3;user-id=403 :neg!neg@neg.tmi.twitch.tv PRIVMSG #shopwithmona :negative bits\r\n"
    "@bits=99999999999999999999999;id=h5;user-id=405 :big!big@big.tmi.twitch.tv "
    "PRIVMSG #shopwithmona :overflowing bits\r\n"
    "@tmi-sent-ts=99999999999999999;id=h6;user-id=406 :ts!ts@ts.tmi.twitch.tv "
    "PRIVMSG #shopwithmona :a date far away\r\n"
    "\r\n\r\n\n\n");
  fake_send (fake, 0, huge->str);
  /* A truncated line, cut inside the tags, at the end of a frame. */
  fake_send (fake, 0, "@badge-info=;badges=subscr");
  /* A binary frame: ignored. */
  soup_websocket_connection_send_binary (fake_connection (fake, 0), "\x00\xff", 2);
  WAIT_FOR (n_items (client) == 7);
  run_for (100);
  g_assert_cmpuint (n_items (client), ==, 7);

  assert_item (client, 0, VITRINE_FEED_ITEM_CHAT, "h1", "401", "<b>Boss</b>",
               "<a href=\"http://evil\">win</a> &amp;", NULL, none, visible);
  assert_item (client, 1, VITRINE_FEED_ITEM_CHAT, "h2", "402", "nimda", "gnp.exe", NULL, none,
               visible);
  assert_item (client, 2, VITRINE_FEED_ITEM_CHAT, NULL, NULL, "notags", "no tags at all", NULL,
               none, visible);
  assert_item (client, 3, VITRINE_FEED_ITEM_CHAT, "h3", "403", "neg", "negative bits", NULL,
               none, visible);
  assert_item (client, 4, VITRINE_FEED_ITEM_CHAT, "h5", "405", "big", "overflowing bits", NULL,
               none, visible);
  assert_item (client, 5, VITRINE_FEED_ITEM_CHAT, "h6", "406", "ts", "a date far away", NULL,
               none, visible);
  assert_item (client, 6, VITRINE_FEED_ITEM_CHAT, "h4", "404", "Long", expected_long->str, NULL,
               none, visible);
  /* The connection survived all of it. */
  g_assert_cmpint (client_state (client), ==, VITRINE_FEED_SOURCE_LIVE);
  g_assert_cmpuint (fake->connections->len, ==, 1);
  g_assert_cmpuint (fake->connections->len, ==, 1);

  /* Invalid UTF-8 in a text frame: libsoup refuses the frame and closes
   * (1007); the connector reconnects and joins again. */
  {
    /* libsoup will not send such a frame: written raw (FIN + text, unmasked). */
    static const char payload[] = "@id=h9 :x!x@x PRIVMSG #shopwithmona :\xff\xfe\r\n";
    GIOStream *stream = soup_websocket_connection_get_io_stream (fake_connection (fake, 0));
    GOutputStream *output = g_io_stream_get_output_stream (stream);
    guint8 header[2] = { 0x81, sizeof payload - 1 };
    g_autoptr(GError) error = NULL;

    g_output_stream_write_all (output, header, sizeof header, NULL, NULL, &error);
    g_assert_no_error (error);
    g_output_stream_write_all (output, payload, sizeof payload - 1, NULL, NULL, &error);
    g_assert_no_error (error);
    g_output_stream_flush (output, NULL, &error);
    g_assert_no_error (error);
    WAIT_FOR (client_state (client) == VITRINE_FEED_SOURCE_RECONNECTING);
    WAIT_FOR (client_state (client) == VITRINE_FEED_SOURCE_LIVE);
    g_assert_cmpuint (fake->connections->len, ==, 2);
    g_assert_cmpuint (n_items (client), ==, 7);
  }

  /* Fed straight in, invalid UTF-8 is replaced, never shown raw. */
  g_string_append (raw, "@display-name=Bad\xff\xfeName;id=h7;room-id=123456789;user-id=407 "
                        ":bad!bad@bad.tmi.twitch.tv PRIVMSG #shopwithmona "
                        ":ok\xc3\x28 end\xe2\x82\r\n");
  g_string_append_len (raw, nul_line, sizeof nul_line - 1);
  _vitrine_twitch_chat_receive_frame (client->chat, raw->str, raw->len);
  g_assert_cmpuint (n_items (client), ==, 9);
  {
    VitrineFeedItem *bad = item_at (client, 7);
    VitrineFeedItem *nul = item_at (client, 8);

    g_assert_true (g_utf8_validate (vitrine_feed_item_get_author (bad), -1, NULL));
    g_assert_true (g_utf8_validate (vitrine_feed_item_get_text (bad), -1, NULL));
    g_assert_true (g_str_has_prefix (vitrine_feed_item_get_author (bad), "Bad"));
    g_assert_true (g_str_has_suffix (vitrine_feed_item_get_author (bad), "Name"));
    g_assert_true (g_str_has_prefix (vitrine_feed_item_get_text (bad), "ok"));
    g_assert_cmpstr (vitrine_feed_item_get_id (nul), ==, "h8");
    g_assert_cmpstr (vitrine_feed_item_get_text (nul), ==, "before");
  }
}

/* Helix moderation */

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static gboolean
delete_message (VitrineTwitchChat  *chat,
                const char         *id,
                GError            **error)
{
  Wait wait = { NULL };
  gboolean ok;

  vitrine_twitch_chat_delete_message_async (chat, id, NULL, done_cb, &wait);
  WAIT_FOR (wait.result != NULL);
  ok = vitrine_twitch_chat_delete_message_finish (chat, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

static gboolean
ban_user (VitrineTwitchChat  *chat,
          const char         *user_id,
          const char         *reason,
          guint               seconds,
          GError            **error)
{
  Wait wait = { NULL };
  gboolean ok;

  vitrine_twitch_chat_ban_user_async (chat, user_id, reason, seconds, NULL, done_cb, &wait);
  WAIT_FOR (wait.result != NULL);
  ok = vitrine_twitch_chat_ban_user_finish (chat, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

static HelixRequest *
last_request (Fake *fake)
{
  g_assert_cmpuint (fake->helix->len, >, 0);
  return g_ptr_array_index (fake->helix, fake->helix->len - 1);
}

static void
test_helix (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autoptr(Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  HelixRequest *request;
  JsonObject *data;

  fake->token = TOKEN;
  g_setenv (TOKEN_ENV, "oauth:" TOKEN, TRUE);
  client = client_new (fake, CHANNEL);
  g_object_set (client->chat, "login", BOT_LOGIN, NULL);

  /* Not connected yet: the ids are not known. No request goes out. */
  g_object_set (client->chat, "client-id", CLIENT_ID, NULL);
  g_assert_false (delete_message (client->chat, "m1", &error));
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED);
  g_clear_error (&error);

  start_live (fake, client);

  /* Delete: DELETE /moderation/chat, ids in the query (escaped), the token
   * in the header only. */
  g_assert_true (delete_message (client->chat, "885196de-cb67&x=1", &error));
  g_assert_no_error (error);
  request = last_request (fake);
  g_assert_cmpstr (request->method, ==, "DELETE");
  g_assert_cmpstr (request->path, ==, "/helix/moderation/chat");
  g_assert_cmpstr (request->query, ==, "broadcaster_id=" ROOM_ID "&moderator_id=" BOT_ID
                                       "&message_id=885196de-cb67%26x%3D1");
  g_assert_cmpstr (request->client_id, ==, CLIENT_ID);
  g_assert_cmpstr (request->authorization, ==, "Bearer " TOKEN);
  g_assert_cmpstr (request->body, ==, "");

  /* Ban: POST /moderation/bans with {"data":{"user_id","reason"}}. */
  fake->helix_status = SOUP_STATUS_OK;
  fake->helix_answer = "{\"data\":[{\"broadcaster_id\":\"" ROOM_ID "\",\"moderator_id\":\""
                       BOT_ID "\",\"user_id\":\"148973258\",\"created_at\":"
                       "\"2026-11-21T19:05:00Z\",\"end_time\":null}]}";
  g_assert_true (ban_user (client->chat, "148973258", "spam \"links\"", 0, &error));
  g_assert_no_error (error);
  request = last_request (fake);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/helix/moderation/bans");
  g_assert_cmpstr (request->query, ==, "broadcaster_id=" ROOM_ID "&moderator_id=" BOT_ID);
  g_assert_cmpstr (request->client_id, ==, CLIENT_ID);
  g_assert_cmpstr (request->authorization, ==, "Bearer " TOKEN);
  g_assert_cmpstr (request->content_type, ==, "application/json");
  json_parser_load_from_data (parser, request->body, -1, &error);
  g_assert_no_error (error);
  data = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                        "data");
  g_assert_cmpstr (json_object_get_string_member (data, "user_id"), ==, "148973258");
  g_assert_cmpstr (json_object_get_string_member (data, "reason"), ==, "spam \"links\"");
  g_assert_false (json_object_has_member (data, "duration"));
  g_assert_cmpuint (fake->helix->len, ==, 2);

  /* A timeout: the same with "duration" in seconds. */
  g_assert_true (ban_user (client->chat, "148973258", NULL, 600, &error));
  g_assert_no_error (error);
  request = last_request (fake);
  g_assert_cmpstr (request->path, ==, "/helix/moderation/bans");
  json_parser_load_from_data (parser, request->body, -1, &error);
  g_assert_no_error (error);
  data = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                        "data");
  g_assert_cmpstr (json_object_get_string_member (data, "user_id"), ==, "148973258");
  g_assert_cmpint (json_object_get_int_member (data, "duration"), ==, 600);
  g_assert_cmpuint (fake->helix->len, ==, 3);

  /* Errors, in the host's words. */
  fake->helix_status = SOUP_STATUS_UNAUTHORIZED;
  fake->helix_answer = "{\"error\":\"Unauthorized\",\"status\":401,"
                       "\"message\":\"Invalid OAuth token\"}";
  g_assert_false (delete_message (client->chat, "m1", &error));
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED);
  g_assert_cmpstr (error->message, ==, "Twitch refused the sign-in (Invalid OAuth token): sign in "
                                       "to Twitch again and allow Vitrine to moderate the chat");
  g_clear_error (&error);

  fake->helix_status = SOUP_STATUS_FORBIDDEN;
  fake->helix_answer = "{\"error\":\"Forbidden\",\"status\":403,\"message\":\"<b>no</b>\"}";
  g_assert_false (ban_user (client->chat, "1", NULL, 0, &error));
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED);
  g_assert_cmpstr (error->message, ==, "Twitch says the signed-in account may not moderate "
                                       "#" CHANNEL ": make it a moderator of the channel");
  g_clear_error (&error);

  fake->helix_status = SOUP_STATUS_NOT_FOUND;
  fake->helix_answer = "{\"error\":\"Not Found\",\"status\":404,\"message\":\"message not found\"}";
  g_assert_false (delete_message (client->chat, "old", &error));
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "The message is no longer on Twitch (already deleted, or "
                                       "older than 6 hours)");
  g_clear_error (&error);

  fake->helix_status = SOUP_STATUS_BAD_REQUEST;
  fake->helix_answer = "{\"error\":\"Bad Request\",\"status\":400,"
                       "\"message\":\"user is already banned\u202e\"}";
  g_assert_false (ban_user (client->chat, "70948394", "again", 0, &error));
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "Twitch refused: user is already banned");
  g_clear_error (&error);

  fake->helix_status = 429;
  fake->helix_answer = "{\"error\":\"Too Many Requests\",\"status\":429,\"message\":\"\"}";
  g_assert_false (ban_user (client->chat, "1", NULL, 0, &error));
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_RATE_LIMITED);
  g_clear_error (&error);

  fake->helix_status = SOUP_STATUS_BAD_GATEWAY;
  fake->helix_answer = "<html>not json</html>";
  g_assert_false (delete_message (client->chat, "m1", &error));
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_SERVER_ERROR);
  g_assert_cmpstr (error->message, ==, "Twitch had a problem (HTTP 502); try again later");
  g_clear_error (&error);
  g_assert_cmpuint (fake->helix->len, ==, 9);

  /* No client id, no token: refused before any request. */
  g_object_set (client->chat, "client-id", NULL, NULL);
  g_assert_false (delete_message (client->chat, "m1", &error));
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING);
  g_clear_error (&error);
  g_object_set (client->chat, "client-id", CLIENT_ID, NULL);
  g_unsetenv (TOKEN_ENV);
  g_assert_false (ban_user (client->chat, "1", NULL, 0, &error));
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING);
  g_assert_cmpstr (error->message, ==, "Moderating #" CHANNEL " on Twitch needs a sign-in: sign "
                                       "in to Twitch (or set " TOKEN_ENV ")");
  g_clear_error (&error);

  /* A Helix address that would send the token in clear text. */
  g_setenv (TOKEN_ENV, TOKEN, TRUE);
  g_object_set (client->chat, "helix-base-url", "http://api.example.com/helix", NULL);
  g_assert_false (delete_message (client->chat, "m1", &error));
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL);
  g_clear_error (&error);
  g_assert_cmpuint (fake->helix->len, ==, 9);

  /* Twitch itself unreachable. */
  g_object_set (client->chat, "helix-base-url", "http://127.0.0.1:1/helix", NULL);
  g_assert_false (delete_message (client->chat, "m1", &error));
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_UNREACHABLE);
  g_clear_error (&error);
  g_unsetenv (TOKEN_ENV);

  g_assert_null (strstr (captured_log->str, TOKEN));
}

/* The parser on its own */

static void
test_parser (void)
{
  g_autoptr(VitrineTwitchIrcMessage) privmsg = NULL;
  g_autoptr(VitrineTwitchIrcMessage) ping = NULL;
  g_autoptr(VitrineTwitchIrcMessage) ping2 = NULL;
  g_autoptr(VitrineTwitchIrcMessage) spaces = NULL;
  g_autoptr(VitrineTwitchIrcMessage) escapes = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *action = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *unescaped = NULL;
  const char *frame = "A\r\nB\r\n\r\nC\nD\r\r\n\nE";
  gboolean is_action;
  guint64 number;

  privmsg = vitrine_twitch_irc_parse_line (
    "@badges=broadcaster/1;display-name=Riot\\sGames;emotes=;flag :riot!riot@riot.tmi.twitch.tv "
    "privmsg #xyz :Hey  :) guys\r\n", -1);
  g_assert_nonnull (privmsg);
  g_assert_cmpstr (privmsg->command, ==, "PRIVMSG");
  g_assert_cmpstr (privmsg->prefix, ==, "riot!riot@riot.tmi.twitch.tv");
  g_assert_cmpstr (privmsg->nick, ==, "riot");
  g_assert_cmpstr (vitrine_twitch_irc_message_get_tag (privmsg, "display-name"), ==,
                   "Riot Games");
  g_assert_cmpstr (vitrine_twitch_irc_message_get_tag (privmsg, "emotes"), ==, "");
  g_assert_cmpstr (vitrine_twitch_irc_message_get_tag (privmsg, "flag"), ==, "");
  g_assert_null (vitrine_twitch_irc_message_get_tag (privmsg, "bits"));
  g_assert_cmpuint (privmsg->params->len, ==, 2);
  g_assert_cmpstr (vitrine_twitch_irc_message_get_param (privmsg, 0), ==, "#xyz");
  g_assert_cmpstr (vitrine_twitch_irc_message_get_trailing (privmsg), ==, "Hey  :) guys");
  g_assert_null (vitrine_twitch_irc_message_get_param (privmsg, 2));

  ping = vitrine_twitch_irc_parse_line ("PING :tmi.twitch.tv", -1);
  g_assert_cmpstr (ping->command, ==, "PING");
  g_assert_null (ping->prefix);
  g_assert_cmpstr (vitrine_twitch_irc_message_get_trailing (ping), ==, "tmi.twitch.tv");
  ping2 = vitrine_twitch_irc_parse_line (":tmi.twitch.tv PING", -1);
  g_assert_cmpstr (ping2->command, ==, "PING");
  g_assert_cmpstr (ping2->nick, ==, "tmi.twitch.tv");
  g_assert_cmpuint (ping2->params->len, ==, 0);
  g_assert_null (vitrine_twitch_irc_message_get_trailing (ping2));

  spaces = vitrine_twitch_irc_parse_line (":tmi.twitch.tv   CAP  *   ACK :", -1);
  g_assert_cmpstr (spaces->command, ==, "CAP");
  g_assert_cmpuint (spaces->params->len, ==, 3);
  g_assert_cmpstr (vitrine_twitch_irc_message_get_param (spaces, 1), ==, "ACK");
  g_assert_cmpstr (vitrine_twitch_irc_message_get_trailing (spaces), ==, "");

  /* Every escape, an invalid one, a trailing backslash, the last of a
   * repeated key. */
  escapes = vitrine_twitch_irc_parse_line ("@a=x\\sy\\:z\\\\w\\r\\n;b=\\q;c=end\\;a=last;=v;; "
                                           "FOO", -1);
  g_assert_cmpstr (vitrine_twitch_irc_message_get_tag (escapes, "a"), ==, "last");
  g_assert_cmpstr (vitrine_twitch_irc_message_get_tag (escapes, "b"), ==, "q");
  g_assert_cmpstr (vitrine_twitch_irc_message_get_tag (escapes, "c"), ==, "end");
  g_assert_cmpuint (g_hash_table_size (escapes->tags), ==, 3);
  unescaped = vitrine_twitch_irc_unescape_tag ("x\\sy\\:z\\\\w\\r\\n", -1);
  g_assert_cmpstr (unescaped, ==, "x y;z\\w\r\n");

  g_assert_null (vitrine_twitch_irc_parse_line ("", -1));
  g_assert_null (vitrine_twitch_irc_parse_line ("\r\n", -1));
  g_assert_null (vitrine_twitch_irc_parse_line ("@a=b", -1));
  g_assert_null (vitrine_twitch_irc_parse_line ("@a=b :prefix", -1));
  g_assert_null (vitrine_twitch_irc_parse_line (NULL, -1));

  lines = vitrine_twitch_irc_split_frame (frame, strlen (frame));
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[0], ==, "A");
  g_assert_cmpstr (lines[1], ==, "B");
  g_assert_cmpstr (lines[2], ==, "C");
  g_assert_cmpstr (lines[3], ==, "D");
  g_assert_cmpstr (lines[4], ==, "E");
  g_clear_pointer (&lines, g_strfreev);
  lines = vitrine_twitch_irc_split_frame ("", 0);
  g_assert_cmpuint (g_strv_length (lines), ==, 0);

  action = vitrine_twitch_irc_strip_action ("\001ACTION waves\001", &is_action);
  g_assert_cmpstr (action, ==, "waves");
  g_assert_true (is_action);
  plain = vitrine_twitch_irc_strip_action ("\001ACTIONwaves", &is_action);
  g_assert_cmpstr (plain, ==, "\001ACTIONwaves");
  g_assert_false (is_action);

  g_assert_true (vitrine_twitch_irc_parse_uint ("18446744073709551615", &number));
  g_assert_cmpuint (number, ==, G_MAXUINT64);
  g_assert_false (vitrine_twitch_irc_parse_uint ("18446744073709551616", &number));
  g_assert_false (vitrine_twitch_irc_parse_uint ("-1", &number));
  g_assert_false (vitrine_twitch_irc_parse_uint (" 1", &number));
  g_assert_false (vitrine_twitch_irc_parse_uint ("", &number));
}

static void
assert_emote (GArray     *emotes,
              guint       index,
              const char *text,
              const char *id,
              const char *covered)
{
  VitrineTwitchIrcEmote *emote;

  g_assert_cmpuint (index, <, emotes->len);
  emote = &g_array_index (emotes, VitrineTwitchIrcEmote, index);
  g_assert_cmpstr (emote->id, ==, id);
  g_assert_cmpuint (emote->end, <=, strlen (text));
  g_assert_cmpmem (text + emote->start, emote->end - emote->start, covered, strlen (covered));
}

static void
test_emotes (void)
{
  /* Code points, not bytes: twitch-irc-rs test_emote_after_emoji. */
  const char *arrows = "\xf0\x9f\x91\x89 <3 \xf0\x9f\x91\x89 <3 \xf0\x9f\x91\x89 <3";
  const char *cheer = "Cheer100 I'll take 2 \xf0\x9f\xa7\xa3 Kappa";
  const char *cyrillic = "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 Kappa";
  g_autoptr(GArray) a = vitrine_twitch_irc_parse_emotes ("483:2-3,7-8,12-13", arrows);
  g_autoptr(GArray) b = vitrine_twitch_irc_parse_emotes ("25:23-27", cheer);
  g_autoptr(GArray) c = vitrine_twitch_irc_parse_emotes ("25:7-12/1:100-200/x:3-1/:1-2/y:a-b,4-",
                                                         cyrillic);
  g_autoptr(GArray) d = vitrine_twitch_irc_parse_emotes ("25:0-4", "");
  g_autoptr(GArray) e = vitrine_twitch_irc_parse_emotes ("25:0-4", "\xff\xfe\xfd");

  g_assert_cmpuint (a->len, ==, 3);
  assert_emote (a, 0, arrows, "483", "<3");
  assert_emote (a, 1, arrows, "483", "<3");
  assert_emote (a, 2, arrows, "483", "<3");
  g_assert_cmpuint (b->len, ==, 1);
  assert_emote (b, 0, cheer, "25", "Kappa");
  /* Off by one (7-12 for a 12-character text): clamped; out of range and
   * malformed ranges dropped. */
  g_assert_cmpuint (c->len, ==, 1);
  assert_emote (c, 0, cyrillic, "25", "Kappa");
  g_assert_cmpuint (d->len, ==, 0);
  g_assert_cmpuint (e->len, ==, 1);
  g_assert_cmpuint (g_array_index (e, VitrineTwitchIrcEmote, 0).end, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  /* No keyring here: the environment fallback is what is tested, and no
   * session bus gets started for it. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/vitrine-test-bus", TRUE);
  g_unsetenv (TOKEN_ENV);

  g_test_init (&argc, &argv, NULL);

  /* Wakes the loop so WAIT_FOR sees its deadline even when nothing happens. */
  g_timeout_add (20, tick_cb, NULL);

  g_test_add_func ("/twitch/parser/lines", test_parser);
  g_test_add_func ("/twitch/parser/emotes", test_emotes);
  g_test_add_func ("/twitch/handshake/anonymous", test_handshake_anonymous);
  g_test_add_func ("/twitch/handshake/token", test_handshake_token);
  g_test_add_func ("/twitch/handshake/bad-token", test_bad_token);
  g_test_add_func ("/twitch/items/frame-of-many-lines", test_frame_of_many_lines);
  g_test_add_func ("/twitch/items/moderation", test_moderation);
  g_test_add_func ("/twitch/items/hostile", test_hostile);
  g_test_add_func ("/twitch/connection/reconnect", test_reconnect);
  g_test_add_func ("/twitch/connection/unreachable", test_unreachable);
  g_test_add_func ("/twitch/connection/invalid-configuration", test_invalid_configuration);
  g_test_add_func ("/twitch/helix", test_helix);

  status = g_test_run ();
  g_string_free (captured_log, TRUE);
  return status;
}
