/* test-restream-chat.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Restream Chat against a local WebSocket server speaking its documented
 * frames (../shared/reference/platform-apis.md §6.1, developers.restream.io
 * /chat): connection infos (duplicates, errors, closes), events from Twitch,
 * YouTube (Super Chat, Super Sticker), Facebook (no author, replies,
 * stickers), Discord, LinkedIn and unknown types, the host's replies, and
 * hostile frames (markup, bidi, 10 kB, invalid UTF-8, wrong JSON types, not
 * JSON, nested 100 000 deep, truncated, a broken WebSocket frame). Then the
 * lifecycle: a server close and a silent server both reconnect with backoff,
 * a refused handshake or a close with 4001 waits for a new sign-in. What is
 * asserted is the feed, exactly, each item tagged with the platform it was
 * written on, and the state and status line the host reads.
 */

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "vitrine-feed.h"
#include "vitrine-restream-chat.h"
#include "vitrine-restream-parse.h"

#define TOKEN "rs_0a1b2c3d4e5f60718293a4b5c6d7e8f9_test"

/* The fake Restream */

typedef struct _Hub Hub;
typedef void (*OnOpen) (Hub                     *hub,
                        SoupWebsocketConnection *connection,
                        guint                    index);

struct _Hub
{
  SoupServer *server;
  char       *url;
  guint       n_handshakes;
  GPtrArray  *tokens;
  GPtrArray  *connections;
  gint64      opened[8];
  OnOpen      on_open;
  gboolean    refuse;
  guint       heartbeat_id;
};

static void
early_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Hub *hub = user_data;
  const char *token = query ? g_hash_table_lookup (query, "accessToken") : NULL;

  hub->n_handshakes++;
  g_ptr_array_add (hub->tokens, g_strdup (token));
  if (hub->refuse || g_strcmp0 (token, TOKEN) != 0)
    soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
}

static void
websocket_cb (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  Hub *hub = user_data;
  guint index = hub->connections->len;

  g_ptr_array_add (hub->connections, g_object_ref (connection));
  if (index < G_N_ELEMENTS (hub->opened))
    hub->opened[index] = g_get_monotonic_time ();
  hub->on_open (hub, connection, index);
}

static Hub *
hub_new (OnOpen on_open)
{
  Hub *hub = g_new0 (Hub, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  hub->server = soup_server_new (NULL, NULL);
  hub->tokens = g_ptr_array_new_with_free_func (g_free);
  hub->connections = g_ptr_array_new_with_free_func (g_object_unref);
  hub->on_open = on_open;
  soup_server_add_early_handler (hub->server, "/ws", early_cb, hub, NULL);
  soup_server_add_websocket_handler (hub->server, "/ws", NULL, NULL, websocket_cb, hub, NULL);
  soup_server_listen_local (hub->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (hub->server);
  hub->url = g_strdup_printf ("ws://127.0.0.1:%d/ws", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return hub;
}

static void
hub_free (Hub *hub)
{
  g_clear_handle_id (&hub->heartbeat_id, g_source_remove);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  soup_server_disconnect (hub->server);
  g_object_unref (hub->server);
  g_ptr_array_unref (hub->connections);
  g_ptr_array_unref (hub->tokens);
  g_free (hub->url);
  g_free (hub);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Hub, hub_free)

static VitrineRestreamChat *
source_new (const char *url,
            guint       heartbeat_timeout)
{
  return g_object_new (VITRINE_TYPE_RESTREAM_CHAT,
                       "id", "restream-test",
                       "platform", "restream",
                       "base-url", url,
                       "heartbeat-timeout", heartbeat_timeout,
                       NULL);
}

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition condition,
            gpointer  data,
            guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (!condition (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

static void
run_for (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

typedef struct
{
  VitrineFeed            *feed;
  guint                   n_items;
  VitrineFeedSource      *source;
  VitrineFeedSourceState  state;
  Hub                    *hub;
  guint                   n_connections;
} Waiting;

static gboolean
has_items (gpointer data)
{
  Waiting *waiting = data;

  return g_list_model_get_n_items (G_LIST_MODEL (waiting->feed)) >= waiting->n_items;
}

static gboolean
is_in_state (gpointer data)
{
  Waiting *waiting = data;

  return vitrine_feed_source_get_state (waiting->source) == waiting->state;
}

static gboolean
has_connections (gpointer data)
{
  Waiting *waiting = data;

  return waiting->hub->n_handshakes >= waiting->n_connections;
}

static void
wait_for_items (VitrineFeed *feed,
                guint        n)
{
  Waiting waiting = { .feed = feed, .n_items = n };

  wait_until (has_items, &waiting, 10000);
}

static void
wait_for_state (VitrineRestreamChat    *source,
                VitrineFeedSourceState  state)
{
  Waiting waiting = { .source = VITRINE_FEED_SOURCE (source), .state = state };

  wait_until (is_in_state, &waiting, 10000);
}

static void
wait_for_handshakes (Hub   *hub,
                     guint  n)
{
  Waiting waiting = { .hub = hub, .n_connections = n };

  wait_until (has_connections, &waiting, 10000);
}

static VitrineFeedItem *
assert_item (VitrineFeed          *feed,
             guint                 position,
             VitrineFeedItemKind   kind,
             const char           *platform,
             const char           *id,
             const char           *author_id,
             const char           *author,
             const char           *text,
             const char           *detail,
             VitrineFeedItemFlags  flags)
{
  g_autoptr(VitrineFeedItem) item = g_list_model_get_item (G_LIST_MODEL (feed), position);

  g_test_message ("item %u: %s", position, item ? vitrine_feed_item_get_text (item) : "-");
  g_assert_nonnull (item);
  g_assert_cmpint (vitrine_feed_item_get_kind (item), ==, kind);
  g_assert_cmpstr (vitrine_feed_item_get_platform (item), ==, platform);
  g_assert_cmpstr (vitrine_feed_item_get_source_id (item), ==, "restream-test");
  g_assert_cmpstr (vitrine_feed_item_get_id (item), ==, id);
  g_assert_cmpstr (vitrine_feed_item_get_author_id (item), ==, author_id);
  g_assert_cmpstr (vitrine_feed_item_get_author (item), ==, author);
  g_assert_cmpstr (vitrine_feed_item_get_text (item), ==, text);
  g_assert_cmpstr (vitrine_feed_item_get_detail (item), ==, detail);
  g_assert_cmpint (vitrine_feed_item_get_flags (item), ==, flags);
  g_assert_cmpint (vitrine_feed_item_get_visibility (item), ==, VITRINE_FEED_ITEM_VISIBLE);
  /* The caller keeps a reference through the feed. */
  return item;
}

static void
assert_amount (VitrineFeedItem *item,
               gint64           amount,
               const char      *currency)
{
  const VitrineMoney *money = vitrine_feed_item_get_amount (item);

  if (currency == NULL)
    {
      g_assert_null (money);
      return;
    }
  g_assert_nonnull (money);
  g_assert_cmpint (money->amount, ==, amount);
  g_assert_cmpstr (money->currency, ==, currency);
}

/* Frames */

static void
send_info (SoupWebsocketConnection *connection,
           const char              *identifier,
           const char              *uuid,
           guint                    source,
           const char              *status,
           const char              *reason)
{
  g_autofree char *frame =
    g_strdup_printf ("{\"action\":\"connection_info\",\"timestamp\":1763751800,\"payload\":{"
                     "\"connectionIdentifier\":\"%s\",\"connectionUuid\":\"%s\","
                     "\"eventSourceId\":%u,\"reason\":%s%s%s,\"status\":\"%s\","
                     "\"target\":{\"id\":\"x\"},\"userId\":4242}}",
                     identifier, uuid, source, reason ? "\"" : "", reason ? reason : "null",
                     reason ? "\"" : "", status);

  soup_websocket_connection_send_text (connection, frame);
}

static void
send_event (SoupWebsocketConnection *connection,
            const char              *id,
            guint                    source,
            guint                    type,
            const char              *event_payload)
{
  g_autofree char *frame =
    g_strdup_printf ("{\"action\":\"event\",\"timestamp\":1763751845,\"payload\":{"
                     "\"connectionIdentifier\":\"%u-123456789-shop\","
                     "\"eventIdentifier\":\"%s\",\"eventSourceId\":%u,\"eventTypeId\":%u,"
                     "\"userId\":4242,\"eventPayload\":%s}}",
                     source, id, source, type, event_payload);

  soup_websocket_connection_send_text (connection, frame);
}

#define YT_AUTHOR(name, id, mod, owner, sponsor, verified) \
  "{\"id\":\"" id "\",\"avatar\":\"https://yt3.example/a.jpg\",\"displayName\":\"" name "\"," \
  "\"isChatModerator\":" mod ",\"isChatOwner\":" owner ",\"isChatSponsor\":" sponsor "," \
  "\"isVerified\":" verified "}"

static void
open_everything (Hub                     *hub,
                 SoupWebsocketConnection *connection,
                 guint                    index)
{
  g_autofree char *long_text = g_strnfill (10 * 1024, 'y');
  g_autofree char *hostile = NULL;
  g_autofree char *deep = g_strnfill (100000, '[');
  static const char invalid_utf8[] =
    "{\"action\":\"event\",\"timestamp\":1763751846,\"payload\":{\"eventIdentifier\":\"bin-1\","
    "\"eventSourceId\":2,\"eventTypeId\":4,\"eventPayload\":{\"author\":{\"id\":\"77\","
    "\"name\":\"binary\"},\"text\":\"caf\xe9!\"}}}";

  /* Which channels Restream reads: one duplicated, one still connecting. */
  send_info (connection, "2-123456789-shop", "uuid-tw-1", 2, "connected", NULL);
  send_info (connection, "13-UCshop-live", "uuid-yt-1", 13, "connected", NULL);
  send_info (connection, "20-987-page", "uuid-fb-1", 20, "connected", NULL);
  send_info (connection, "2-123456789-shop", "uuid-tw-1", 2, "connected", NULL);
  send_info (connection, "25-discord", "uuid-dc-1", 25, "connecting", NULL);
  soup_websocket_connection_send_text (connection,
                                       "{\"action\":\"heartbeat\",\"timestamp\":1763751801,"
                                       "\"payload\":{}}");

  /* Twitch text, as in the documented sample (badges as an object). */
  send_event (connection, "2-5c0b1f3e-8a2d-4c61-9c1e-2f7e0d9b4a11", 2, 4,
              "{\"author\":{\"id\":\"987654321\",\"name\":\"cafelover\",\"displayName\":"
              "\"CafeLover\",\"color\":\"#FF7F50\",\"avatar\":null,\"badges\":{\"subscriber\":"
              "\"12\"}},\"bot\":false,\"text\":\"I'll take 2 \xf0\x9f\xa7\xa3 Kappa\","
              "\"replaces\":[{\"from\":15,\"to\":19,\"type\":\"emoji\",\"payload\":{\"url\":"
              "\"https://static-cdn.jtvnw.net/emoticons/v2/25/default/dark/1.0\"}}]}");
  send_event (connection, "13-yt-1", 13, 5,
              "{\"author\":" YT_AUTHOR ("Mod Maria", "UCmod", "true", "false", "false", "true")
              ",\"bot\":false,\"text\":\"Welcome everyone\"}");
  send_event (connection, "13-yt-2", 13, 7,
              "{\"author\":" YT_AUTHOR ("Big Fan", "UCfan", "false", "false", "true", "false")
              ",\"bot\":false,\"donation\":{\"amount\":\"5.00\",\"currencyString\":\"USD\","
              "\"tier\":2},\"text\":\"Love it\"}");
  send_event (connection, "13-yt-3", 13, 8,
              "{\"author\":" YT_AUTHOR ("Sticker Sam", "UCsam", "false", "false", "false",
                                        "false")
              ",\"bot\":false,\"donation\":{\"amount\":\"2.00\",\"currencyString\":\"eur\","
              "\"stickerId\":\"LIDIJ\",\"tier\":1},\"text\":\"A sticker of a cat waving\"}");
  /* Money that Vitrine will not guess at. */
  send_event (connection, "13-yt-4", 13, 7,
              "{\"author\":" YT_AUTHOR ("Float", "UCfloat", "false", "false", "false", "false")
              ",\"donation\":{\"amount\":5.5,\"currencyString\":\"USD\"},"
              "\"text\":\"double trouble\"}");
  send_event (connection, "13-yt-5", 13, 7,
              "{\"author\":" YT_AUTHOR ("Dollar", "UCdollar", "false", "false", "false",
                                        "false")
              ",\"donation\":{\"amount\":\"5.00\",\"currencyString\":\"$\"},\"text\":\"\"}");
  /* Facebook: no author at all, a reply; a group sticker. */
  send_event (connection, "20-fb-1", 20, 13,
              "{\"author\":{},\"bot\":false,\"parent\":{\"name\":\"Ana\"},"
              "\"text\":\"same question \xf0\x9f\x99\x8b\"}");
  send_event (connection, "19-fb-2", 19, 20,
              "{\"author\":{\"id\":\"55\",\"name\":\"Zed\",\"picture\":\"https://x/p.png\"},"
              "\"bot\":false,\"link\":\"https://x/sticker.png\"}");
  send_event (connection, "25-dc-1", 25, 1,
              "{\"author\":{\"avatar\":null,\"discriminator\":\"0001\",\"id\":\"42\",\"name\":"
              "\"disco\",\"nickname\":null,\"nicknameColor\":null,\"roles\":null},\"bot\":false,"
              "\"text\":\"hello from discord\"}");
  send_event (connection, "26-li-1", 26, 21, "{\"bot\":false,\"text\":\"Great products\"}");
  /* Types this version does not know: shown if they say something. */
  send_event (connection, "29-kick-1", 29, 99,
              "{\"author\":{\"displayName\":\"KickFan\",\"id\":\"k1\"},\"text\":\"+1 A4\"}");
  send_event (connection, "29-kick-2", 29, 98, "{\"author\":{\"displayName\":\"Silent\"}}");
  /* Hostile: markup and a bidi override in the name, 10 kB of text. */
  hostile = g_strdup_printf ("{\"author\":{\"id\":\"666\",\"name\":\"evil\",\"displayName\":"
                             "\"<i>x</i>\\u202e\",\"badges\":[{\"title\":\"Broadcaster\","
                             "\"imageUrl\":\"u\",\"clickUrl\":null}],\"subscribedFor\":null},"
                             "\"text\":\"%s\"}", long_text);
  send_event (connection, "2-hostile", 2, 4, hostile);
  /* Wrong JSON types everywhere. */
  soup_websocket_connection_send_text (connection,
                                       "{\"action\":\"event\",\"timestamp\":\"soon\",\"payload\":"
                                       "{\"eventIdentifier\":42,\"eventSourceId\":\"13\","
                                       "\"eventTypeId\":\"5\",\"eventPayload\":{\"author\":"
                                       "[1,2],\"text\":\"typed wrong\"}}}");
  soup_websocket_connection_send_text (connection,
                                       "{\"action\":\"event\",\"payload\":{\"eventPayload\":"
                                       "{\"text\":123}}}");
  soup_websocket_connection_send_text (connection, "{\"action\":\"event\",\"payload\":[]}");
  /* The host's own reply, and what the platforms say about it. */
  soup_websocket_connection_send_text (connection,
                                       "{\"action\":\"reply_created\",\"timestamp\":1763751850,"
                                       "\"payload\":{\"clientReplyUuid\":\"c-1\","
                                       "\"connectionIdentifiers\":[\"2-123456789-shop\"],"
                                       "\"eventSourceId\":1,\"replyUuid\":\"r-1\","
                                       "\"text\":\"Thanks everyone!\"}}");
  soup_websocket_connection_send_text (connection,
                                       "{\"action\":\"reply_accepted\",\"timestamp\":1763751851,"
                                       "\"payload\":{\"connectionIdentifier\":"
                                       "\"2-123456789-shop\",\"replyUuid\":\"r-1\"}}");
  soup_websocket_connection_send_text (connection,
                                       "{\"action\":\"reply_confirmed\",\"timestamp\":1763751851,"
                                       "\"payload\":{\"connectionIdentifier\":"
                                       "\"2-123456789-shop\",\"replyUuid\":\"r-1\"}}");
  soup_websocket_connection_send_text (connection,
                                       "{\"action\":\"reply_failed\",\"timestamp\":1763751852,"
                                       "\"payload\":{\"connectionIdentifier\":\"13-UCshop-live\","
                                       "\"reason\":\"youtube_livechat_ended\","
                                       "\"replyUuid\":\"r-1\"}}");
  soup_websocket_connection_send_text (connection,
                                       "{\"action\":\"relay_accepted\",\"timestamp\":1763751852,"
                                       "\"payload\":{\"connectionIdentifier\":\"x\","
                                       "\"sourceEventIdentifier\":\"y\"}}");
  soup_websocket_connection_send_text (connection,
                                       "{\"action\":\"something_new\",\"payload\":{}}");
  /* Not actions at all. */
  soup_websocket_connection_send_text (connection, "not json");
  soup_websocket_connection_send_text (connection, "{\"action\":\"event\",\"payload\":{\"ev");
  soup_websocket_connection_send_text (connection, "[\"event\"]");
  soup_websocket_connection_send_text (connection, "{\"payload\":{}}");
  soup_websocket_connection_send_text (connection, "{\"action\":17}");
  soup_websocket_connection_send_text (connection, deep);
  /* A binary frame with Latin-1 in it. */
  soup_websocket_connection_send_binary (connection, invalid_utf8, strlen (invalid_utf8));
  /* YouTube's chat ends; Facebook's connection closes. */
  send_info (connection, "13-UCshop-live", "uuid-yt-1", 13, "error", "youtube_livechat_ended");
  soup_websocket_connection_send_text (connection,
                                       "{\"action\":\"connection_closed\",\"timestamp\":1763751860,"
                                       "\"payload\":{\"connectionUuid\":\"uuid-fb-1\","
                                       "\"reason\":\"removed\"}}");
  /* A close for a connection already replaced changes nothing. */
  soup_websocket_connection_send_text (connection,
                                       "{\"action\":\"connection_closed\",\"timestamp\":1763751860,"
                                       "\"payload\":{\"connectionUuid\":\"uuid-old\","
                                       "\"reason\":\"replaced\"}}");
  send_event (connection, "2-done", 2, 4,
              "{\"author\":{\"id\":\"1\",\"name\":\"last\"},\"text\":\"done\"}");
}

static void
test_events (void)
{
  g_autoptr(Hub) hub = hub_new (open_everything);
  g_autoptr(VitrineRestreamChat) source = source_new (hub->url, 60000);
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autofree char *long_y = g_strnfill (500, 'y');
  g_autofree char *long_expected = g_strconcat (long_y, "…", NULL);
  VitrineFeedItem *item;
  const VitrineFeedItemFlags none = VITRINE_FEED_ITEM_FLAG_NONE;

  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (source));
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  wait_for_items (feed, 18);
  run_for (50);

  g_assert_cmpint (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)), ==,
                   VITRINE_FEED_SOURCE_LIVE);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source)), ==,
                   "Chat from Twitch; YouTube: the live chat has ended");
  g_assert_cmpuint (hub->n_handshakes, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (hub->tokens, 0), ==, TOKEN);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 18);

  item = assert_item (feed, 0, VITRINE_FEED_ITEM_CHAT, "twitch",
                      "2-5c0b1f3e-8a2d-4c61-9c1e-2f7e0d9b4a11", "987654321", "CafeLover",
                      "I'll take 2 🧣 Kappa", NULL, VITRINE_FEED_ITEM_FLAG_MEMBER);
  g_assert_cmpint (g_date_time_to_unix (vitrine_feed_item_get_time (item)), ==, 1763751845);
  assert_amount (item, 0, NULL);
  assert_item (feed, 1, VITRINE_FEED_ITEM_CHAT, "youtube", "13-yt-1", "UCmod", "Mod Maria",
               "Welcome everyone", NULL,
               VITRINE_FEED_ITEM_FLAG_MODERATOR | VITRINE_FEED_ITEM_FLAG_VERIFIED);
  item = assert_item (feed, 2, VITRINE_FEED_ITEM_PAID, "youtube", "13-yt-2", "UCfan", "Big Fan",
                      "Love it", "Super Chat", VITRINE_FEED_ITEM_FLAG_MEMBER);
  assert_amount (item, 500, "USD");
  item = assert_item (feed, 3, VITRINE_FEED_ITEM_PAID, "youtube", "13-yt-3", "UCsam",
                      "Sticker Sam", "A sticker of a cat waving", "Super Sticker", none);
  assert_amount (item, 200, "EUR");
  item = assert_item (feed, 4, VITRINE_FEED_ITEM_PAID, "youtube", "13-yt-4", "UCfloat", "Float",
                      "double trouble", "Super Chat", none);
  assert_amount (item, 0, NULL);
  item = assert_item (feed, 5, VITRINE_FEED_ITEM_PAID, "youtube", "13-yt-5", "UCdollar",
                      "Dollar", "", "Super Chat · 5.00 $", none);
  assert_amount (item, 0, NULL);
  assert_item (feed, 6, VITRINE_FEED_ITEM_CHAT, "facebook", "20-fb-1", NULL, "Facebook user",
               "same question 🙋", "Reply to Ana", none);
  assert_item (feed, 7, VITRINE_FEED_ITEM_CHAT, "facebook", "19-fb-2", "55", "Zed", "",
               "Sticker", none);
  assert_item (feed, 8, VITRINE_FEED_ITEM_CHAT, "discord", "25-dc-1", "42", "disco",
               "hello from discord", NULL, none);
  assert_item (feed, 9, VITRINE_FEED_ITEM_CHAT, "linkedin", "26-li-1", NULL, "LinkedIn member",
               "Great products", NULL, none);
  assert_item (feed, 10, VITRINE_FEED_ITEM_CHAT, "kick", "29-kick-1", "k1", "KickFan", "+1 A4",
               NULL, none);
  assert_item (feed, 11, VITRINE_FEED_ITEM_CHAT, "twitch", "2-hostile", "666", "<i>x</i>",
               long_expected, NULL, VITRINE_FEED_ITEM_FLAG_OWNER);
  item = assert_item (feed, 12, VITRINE_FEED_ITEM_CHAT, "restream", "42", NULL, "Viewer",
                      "typed wrong", NULL, none);
  g_assert_true (g_date_time_equal (vitrine_feed_item_get_time (item),
                                    vitrine_feed_item_get_received (item)));
  assert_item (feed, 13, VITRINE_FEED_ITEM_CHAT, "restream", "r-1", NULL, "You",
               "Thanks everyone!", NULL, VITRINE_FEED_ITEM_FLAG_OWNER);
  assert_item (feed, 14, VITRINE_FEED_ITEM_NOTICE, "youtube", NULL, NULL, "",
               "Your reply did not reach YouTube: the live chat has ended", NULL, none);
  assert_item (feed, 15, VITRINE_FEED_ITEM_CHAT, "twitch", "bin-1", "77", "binary",
               "caf\xef\xbf\xbd!", NULL, none);
  assert_item (feed, 16, VITRINE_FEED_ITEM_NOTICE, "youtube", NULL, NULL, "",
               "YouTube through Restream: the live chat has ended", NULL, none);
  assert_item (feed, 17, VITRINE_FEED_ITEM_CHAT, "twitch", "2-done", "1", "last", "done", NULL,
               none);

  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (source));
  g_assert_cmpint (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)), ==,
                   VITRINE_FEED_SOURCE_STOPPED);
}

/* A server close, then a reconnect after the backoff */

static void
open_then_close (Hub                     *hub,
                 SoupWebsocketConnection *connection,
                 guint                    index)
{
  g_autofree char *id = g_strdup_printf ("2-round-%u", index);
  g_autofree char *text = g_strdup_printf ("round %u", index);
  g_autofree char *payload =
    g_strdup_printf ("{\"author\":{\"id\":\"9\",\"name\":\"roundabout\"},\"text\":\"%s\"}", text);

  send_info (connection, "2-123456789-shop", "uuid-tw", 2, "connected", NULL);
  send_event (connection, id, 2, 4, payload);
  if (index == 0)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "shutdown");
}

static void
state_changed_cb (GObject    *object,
                  GParamSpec *pspec,
                  GArray     *states)
{
  VitrineFeedSourceState state = vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (object));

  g_array_append_val (states, state);
}

static void
status_changed_cb (GObject    *object,
                   GParamSpec *pspec,
                   GPtrArray  *statuses)
{
  g_ptr_array_add (statuses,
                   g_strdup (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (object))));
}

static void
test_reconnect (void)
{
  g_autoptr(Hub) hub = hub_new (open_then_close);
  g_autoptr(VitrineRestreamChat) source = source_new (hub->url, 60000);
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (VitrineFeedSourceState));
  g_autoptr(GPtrArray) statuses = g_ptr_array_new_with_free_func (g_free);
  static const VitrineFeedSourceState expected[] = {
    VITRINE_FEED_SOURCE_CONNECTING, VITRINE_FEED_SOURCE_LIVE, VITRINE_FEED_SOURCE_RECONNECTING,
    VITRINE_FEED_SOURCE_LIVE,
  };
  gint64 gap;
  gboolean said = FALSE;

  g_signal_connect (source, "notify::state", G_CALLBACK (state_changed_cb), states);
  g_signal_connect (source, "notify::status", G_CALLBACK (status_changed_cb), statuses);
  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (source));
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  wait_for_items (feed, 2);

  g_assert_cmpuint (hub->n_handshakes, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (hub->tokens, 1), ==, TOKEN);
  g_assert_cmpuint (states->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (g_array_index (states, VitrineFeedSourceState, i), ==, expected[i]);
  for (guint i = 0; i < statuses->len; i++)
    if (g_strcmp0 (g_ptr_array_index (statuses, i),
                   "Restream closed the chat connection; reconnecting in 1 second") == 0)
      said = TRUE;
  g_assert_true (said);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source)), ==,
                   "Chat from Twitch");

  /* The first backoff: 1 s ± 10 %. */
  gap = hub->opened[1] - hub->opened[0];
  g_test_message ("reconnected after %" G_GINT64_FORMAT " ms", gap / 1000);
  g_assert_cmpint (gap, >=, 880 * 1000);
  g_assert_cmpint (gap, <, 1600 * 1000);

  assert_item (feed, 0, VITRINE_FEED_ITEM_CHAT, "twitch", "2-round-0", "9", "roundabout",
               "round 0", NULL, VITRINE_FEED_ITEM_FLAG_NONE);
  assert_item (feed, 1, VITRINE_FEED_ITEM_CHAT, "twitch", "2-round-1", "9", "roundabout",
               "round 1", NULL, VITRINE_FEED_ITEM_FLAG_NONE);
}

/* A server that goes silent: no heartbeat, no close */

static gboolean
heartbeat_cb (gpointer user_data)
{
  Hub *hub = user_data;
  SoupWebsocketConnection *connection = g_ptr_array_index (hub->connections, 1);

  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (connection,
                                         "{\"action\":\"heartbeat\",\"timestamp\":1,"
                                         "\"payload\":{}}");
  return G_SOURCE_CONTINUE;
}

static void
open_then_silent (Hub                     *hub,
                  SoupWebsocketConnection *connection,
                  guint                    index)
{
  send_info (connection, "2-123456789-shop", "uuid-tw", 2, "connected", NULL);
  if (index == 1)
    hub->heartbeat_id = g_timeout_add (100, heartbeat_cb, hub);
}

static void
test_heartbeat_timeout (void)
{
  g_autoptr(Hub) hub = hub_new (open_then_silent);
  g_autoptr(VitrineRestreamChat) source = source_new (hub->url, 300);
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autoptr(GPtrArray) statuses = g_ptr_array_new_with_free_func (g_free);
  gboolean said = FALSE;
  gint64 gap;

  g_signal_connect (source, "notify::status", G_CALLBACK (status_changed_cb), statuses);
  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (source));
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  wait_for_handshakes (hub, 2);

  /* Silent for 300 ms, then the backoff. */
  gap = hub->opened[1] - hub->opened[0];
  g_test_message ("reconnected %" G_GINT64_FORMAT " ms after a silent server", gap / 1000);
  g_assert_cmpint (gap, >=, (300 + 880) * 1000);
  g_assert_cmpint (gap, <, (300 + 1600) * 1000);
  for (guint i = 0; i < statuses->len; i++)
    if (g_strcmp0 (g_ptr_array_index (statuses, i),
                   "Restream’s chat went silent; reconnecting in 1 second") == 0)
      said = TRUE;
  g_assert_true (said);

  /* Heartbeats every 100 ms keep the second connection. */
  run_for (1000);
  g_assert_cmpuint (hub->n_handshakes, ==, 2);
  g_assert_cmpint (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)), ==,
                   VITRINE_FEED_SOURCE_LIVE);
  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (source));
}

/* Sign-in refused: in the handshake, or by a close */

static void
open_nothing (Hub                     *hub,
              SoupWebsocketConnection *connection,
              guint                    index)
{
}

static void
open_then_4001 (Hub                     *hub,
                SoupWebsocketConnection *connection,
                guint                    index)
{
  soup_websocket_connection_close (connection, 4001, "token expired");
}

static void
test_unauthorized (void)
{
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(Hub) hub = hub_new (round == 0 ? open_nothing : open_then_4001);
      g_autoptr(VitrineRestreamChat) source = source_new (hub->url, 60000);

      hub->refuse = round == 0;
      vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
      wait_for_state (source, VITRINE_FEED_SOURCE_UNAUTHORIZED);
      g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source)), ==,
                       "Restream refused the sign-in: sign in to Restream again");

      /* It waits for the host; no retry loop. */
      run_for (1300);
      g_assert_cmpuint (hub->n_handshakes, ==, 1);
      g_assert_cmpint (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)), ==,
                       VITRINE_FEED_SOURCE_UNAUTHORIZED);

      /* The host signs in again: start works from UNAUTHORIZED. */
      hub->refuse = FALSE;
      hub->on_open = open_nothing;
      vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
      wait_for_handshakes (hub, 2);
      vitrine_feed_source_stop (VITRINE_FEED_SOURCE (source));
    }
}

static void
test_plain_ws_refused (void)
{
  /* The URL carries the token: never in the clear, except to this computer. */
  static const char * const urls[] = {
    "ws://chat.example.com/ws", "ws://127.0.0.1.example.com/ws", "ftp://127.0.0.1/ws",
    "wss://user:pw@chat.api.restream.io/ws", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(VitrineRestreamChat) source = vitrine_restream_chat_new ("restream-test", urls[i]);

      g_assert_cmpstr (vitrine_restream_chat_get_secret_id (source), ==, "restream");
      vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
      g_assert_cmpint (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)), ==,
                       VITRINE_FEED_SOURCE_FAILED);
      g_assert_nonnull (strstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source)),
                                "wss://"));
    }
}

/* Broken WebSocket frames, from a hand-written server */

typedef struct
{
  GSocketListener *listener;
  guint16          port;
  guint            n_connections;
} Raw;

static void
write_frame (GOutputStream *out,
             guint8         opcode,
             const char    *payload,
             gsize          length,
             gsize          claimed)
{
  guint8 header[4];
  gsize header_length;

  header[0] = 0x80 | opcode;
  if (claimed < 126)
    {
      header[1] = claimed;
      header_length = 2;
    }
  else
    {
      header[1] = 126;
      header[2] = claimed >> 8;
      header[3] = claimed & 0xff;
      header_length = 4;
    }
  g_output_stream_write_all (out, header, header_length, NULL, NULL, NULL);
  g_output_stream_write_all (out, payload, length, NULL, NULL, NULL);
}

static void
write_text (GOutputStream *out,
            const char    *text)
{
  write_frame (out, 0x1, text, strlen (text), strlen (text));
}

static gpointer
raw_server_thread (gpointer data)
{
  Raw *raw = data;

  for (guint index = 0; index < 3; index++)
    {
      g_autoptr(GSocketConnection) connection = NULL;
      g_autoptr(GString) request = g_string_new (NULL);
      g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
      g_autofree char *accept = NULL;
      g_autofree char *response = NULL;
      g_autofree char *key = NULL;
      GInputStream *in;
      GOutputStream *out;
      guint8 digest[20];
      gsize digest_length = sizeof digest;
      const char *line;
      char c;

      connection = g_socket_listener_accept (raw->listener, NULL, NULL, NULL);
      if (connection == NULL)
        return NULL;
      in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
      out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
      while (!g_str_has_suffix (request->str, "\r\n\r\n") &&
             g_input_stream_read (in, &c, 1, NULL, NULL) == 1)
        g_string_append_c (request, c);

      line = strstr (request->str, "Sec-WebSocket-Key: ");
      g_assert_nonnull (line);
      key = g_strndup (line + strlen ("Sec-WebSocket-Key: "),
                       strcspn (line + strlen ("Sec-WebSocket-Key: "), "\r\n"));
      g_checksum_update (sha1, (const guchar *) key, -1);
      g_checksum_update (sha1, (const guchar *) "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", -1);
      g_checksum_get_digest (sha1, digest, &digest_length);
      accept = g_base64_encode (digest, digest_length);
      response = g_strdup_printf ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                  "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
                                  accept);
      g_output_stream_write_all (out, response, strlen (response), NULL, NULL, NULL);
      g_atomic_int_inc (&raw->n_connections);

      write_text (out, "{\"action\":\"connection_info\",\"payload\":{\"connectionIdentifier\":"
                       "\"2-x\",\"connectionUuid\":\"u\",\"eventSourceId\":2,"
                       "\"status\":\"connected\"}}");
      if (index == 0)
        {
          /* A text frame that is not UTF-8: a protocol error for the client. */
          static const char latin1[] = "{\"action\":\"heartbeat\",\"x\":\"caf\xe9\"}";

          write_text (out, "{\"action\":\"event\",\"payload\":{\"eventIdentifier\":\"raw-1\","
                           "\"eventSourceId\":2,\"eventTypeId\":4,\"eventPayload\":{\"author\":"
                           "{\"id\":\"1\",\"name\":\"raw\"},\"text\":\"before\"}}}");
          write_frame (out, 0x1, latin1, strlen (latin1), strlen (latin1));
        }
      else if (index == 1)
        {
          /* A frame cut in the middle, then the socket closes. */
          write_text (out, "{\"action\":\"event\",\"payload\":{\"eventIdentifier\":\"raw-2\","
                           "\"eventSourceId\":2,\"eventTypeId\":4,\"eventPayload\":{\"author\":"
                           "{\"id\":\"1\",\"name\":\"raw\"},\"text\":\"after\"}}}");
          write_frame (out, 0x1, "{\"action\":\"ev", 13, 300);
        }
      else
        {
          write_text (out, "{\"action\":\"event\",\"payload\":{\"eventIdentifier\":\"raw-3\","
                           "\"eventSourceId\":2,\"eventTypeId\":4,\"eventPayload\":{\"author\":"
                           "{\"id\":\"1\",\"name\":\"raw\"},\"text\":\"third\"}}}");
          g_usleep (500 * 1000);
        }
      g_usleep (100 * 1000);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
  return NULL;
}

static void
test_broken_frames (void)
{
  Raw raw = { 0 };
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(VitrineRestreamChat) source = NULL;
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autofree char *url = NULL;

  raw.listener = g_socket_listener_new ();
  g_socket_listener_add_address (raw.listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  raw.port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  thread = g_thread_new ("raw-websocket", raw_server_thread, &raw);

  url = g_strdup_printf ("ws://127.0.0.1:%u/ws", raw.port);
  source = source_new (url, 60000);
  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (source));
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  wait_for_items (feed, 3);

  assert_item (feed, 0, VITRINE_FEED_ITEM_CHAT, "twitch", "raw-1", "1", "raw", "before", NULL,
               VITRINE_FEED_ITEM_FLAG_NONE);
  assert_item (feed, 1, VITRINE_FEED_ITEM_CHAT, "twitch", "raw-2", "1", "raw", "after", NULL,
               VITRINE_FEED_ITEM_FLAG_NONE);
  assert_item (feed, 2, VITRINE_FEED_ITEM_CHAT, "twitch", "raw-3", "1", "raw", "third", NULL,
               VITRINE_FEED_ITEM_FLAG_NONE);
  g_assert_cmpuint (g_atomic_int_get (&raw.n_connections), ==, 3);

  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (source));
  g_thread_join (g_steal_pointer (&thread));
  g_socket_listener_close (raw.listener);
  g_object_unref (raw.listener);
}

/* The parser's tables */

static void
test_platforms (void)
{
  static const struct { gint64 id; const char *platform; } sources[] = {
    { 1, "restream" }, { 2, "twitch" }, { 13, "youtube" }, { 19, "facebook" },
    { 20, "facebook" }, { 24, "dlive" }, { 25, "discord" }, { 26, "linkedin" },
    { 27, "trovo" }, { 28, "x" }, { 29, "kick" }, { 33, "rumble" }, { 7, "restream" },
    { -1, "restream" },
  };
  g_autofree char *ended = vitrine_restream_describe_reason ("youtube_livechat_ended");
  g_autofree char *odd = vitrine_restream_describe_reason ("<b>odd</b>\xe2\x80\xae");

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    g_assert_cmpstr (vitrine_restream_platform_for_source (sources[i].id), ==,
                     sources[i].platform);
  g_assert_cmpstr (vitrine_restream_platform_title ("youtube"), ==, "YouTube");
  g_assert_cmpstr (vitrine_restream_platform_title ("nonsense"), ==, "Restream");
  g_assert_cmpstr (ended, ==, "the live chat has ended");
  g_assert_cmpstr (odd, ==, "Restream reports “<b>odd</b>”");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("VITRINE_KEY_RESTREAM", TOKEN, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/restream/events", test_events);
  g_test_add_func ("/restream/reconnect", test_reconnect);
  g_test_add_func ("/restream/heartbeat-timeout", test_heartbeat_timeout);
  g_test_add_func ("/restream/unauthorized", test_unauthorized);
  g_test_add_func ("/restream/plain-ws-refused", test_plain_ws_refused);
  g_test_add_func ("/restream/broken-frames", test_broken_frames);
  g_test_add_func ("/restream/platforms", test_platforms);

  return g_test_run ();
}
