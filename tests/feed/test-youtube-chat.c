/* test-youtube-chat.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The YouTube live chat connector against a local SoupServer that answers
 * `liveChatMessages.list`, `liveChatMessages.delete` and `liveChatBans.insert`
 * in the documented shapes (../shared/reference/platform-apis.md §1), with
 * the YouTube cases of §7: history on the first page, Super Chats in USD, JPY
 * (no minor unit) and KWD (three), stickers in the streamList spelling,
 * memberships, deletions of messages not seen yet, retractions, tombstones,
 * timeouts and bans, offlineAt, chatEndedEvent, quotaExceeded,
 * rateLimitExceeded, liveChatEnded/Disabled/NotFound, 401, 5xx,
 * pageTokenInvalid, and hostile input. What is asserted is what the host
 * sees: the feed, the connector's state and status, what YouTube received
 * and when, and that no credential reaches a log line.
 */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "vitrine-feed-error.h"
#include "vitrine-feed.h"
#include "vitrine-secrets.h"
#include "vitrine-youtube-chat.h"
#include "vitrine-youtube-parse.h"

#define CHAT_ID "KicKGFVDOHZfN3d4X2tOeWxGa1hMeTZQbXhOURILTTNCRHhSYkh6WGM"
#define TOKEN "ya29.a0AfB_byTESTtokenNEVERloggedQ3xY9"
#define API_KEY "AIzaSyTESTkeyNEVERlogged0123456789ab"
#define MESSAGES_PATH "/youtube/v3/liveChat/messages"
#define BANS_PATH "/youtube/v3/liveChat/bans"

/* Everything logged while the tests run. */
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

/* Main loop helpers */

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

#define WAIT_UNTIL(condition, milliseconds)                                   \
  G_STMT_START {                                                              \
    gboolean timed_out_ = FALSE;                                              \
    guint timeout_id_ = g_timeout_add ((milliseconds), flag_cb, &timed_out_); \
    while (!(condition) && !timed_out_)                                       \
      g_main_context_iteration (NULL, TRUE);                                  \
    if (!timed_out_)                                                          \
      g_source_remove (timeout_id_);                                          \
    g_assert_true (condition);                                                \
  } G_STMT_END

static void
run_for (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The fake YouTube */

typedef struct
{
  char       *method;
  char       *path;
  GHashTable *query;          /* decoded */
  char       *raw_query;
  char       *authorization;
  char       *api_key;
  char       *body;
  gint64      time;           /* monotonic, µs */
} Request;

typedef struct
{
  guint  status;
  char  *body;
  char  *retry_after;
} Reply;

typedef struct
{
  SoupServer *server;
  char       *base_url;
  GPtrArray  *requests;       /* Request */
  GQueue      pages;          /* Reply, for GET messages, in order */
  Reply      *moderation;     /* for DELETE messages and POST bans */
} Youtube;

static void
request_free (Request *request)
{
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_free (request->raw_query);
  g_free (request->authorization);
  g_free (request->api_key);
  g_free (request->body);
  g_free (request);
}

static void
reply_free (Reply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->body);
  g_free (reply->retry_after);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static Reply *
reply_new (guint       status,
           const char *body)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->status = status;
  reply->body = g_strdup (body);
  return reply;
}

/* The page YouTube gives when nothing new was said. */
static const char idle_page[] =
  "{\"kind\":\"youtube#liveChatMessageListResponse\",\"etag\":\"idle\","
  "\"pollingIntervalMillis\":300,\"pageInfo\":{\"totalResults\":0,\"resultsPerPage\":0},"
  "\"nextPageToken\":\"IDLE\",\"items\":[]}";

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Youtube *youtube = user_data;
  Request *request = g_new0 (Request, 1);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(Reply) owned = NULL;
  Reply *reply;

  request->time = g_get_monotonic_time ();
  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (path);
  request->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (request->query, g_strdup (key), g_strdup (value));
    }
  request->raw_query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  request->api_key = g_strdup (soup_message_headers_get_one (headers, "X-Goog-Api-Key"));
  request->body = g_strndup (body->data, body->length);
  g_ptr_array_add (youtube->requests, request);

  if (g_str_equal (request->method, "GET") && g_str_equal (path, MESSAGES_PATH))
    {
      owned = g_queue_pop_head (&youtube->pages);
      reply = owned;
      if (reply == NULL)
        reply = owned = reply_new (200, idle_page);
    }
  else if ((g_str_equal (request->method, "DELETE") && g_str_equal (path, MESSAGES_PATH)) ||
           (g_str_equal (request->method, "POST") && g_str_equal (path, BANS_PATH)))
    reply = owned = g_steal_pointer (&youtube->moderation);
  else
    reply = NULL;

  if (reply == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  soup_server_message_set_status (msg, reply->status, NULL);
  if (reply->retry_after != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Retry-After", reply->retry_after);
  if (reply->body != NULL)
    soup_server_message_set_response (msg, "application/json; charset=UTF-8", SOUP_MEMORY_COPY,
                                      reply->body, strlen (reply->body));
}

static Youtube *
youtube_new (void)
{
  Youtube *youtube = g_new0 (Youtube, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  youtube->server = soup_server_new (NULL, NULL);
  youtube->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  g_queue_init (&youtube->pages);
  soup_server_add_handler (youtube->server, NULL, server_cb, youtube, NULL);
  soup_server_listen_local (youtube->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (youtube->server);
  g_assert_nonnull (uris);
  youtube->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return youtube;
}

static void
youtube_free (Youtube *youtube)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  soup_server_disconnect (youtube->server);
  g_object_unref (youtube->server);
  g_ptr_array_unref (youtube->requests);
  g_queue_clear_full (&youtube->pages, (GDestroyNotify) reply_free);
  reply_free (youtube->moderation);
  g_free (youtube->base_url);
  g_free (youtube);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Youtube, youtube_free)

static void
youtube_page (Youtube    *youtube,
              guint       status,
              const char *body)
{
  g_queue_push_tail (&youtube->pages, reply_new (status, body));
}

static Request *
youtube_request (Youtube *youtube,
                 guint    index)
{
  g_assert_cmpuint (index, <, youtube->requests->len);
  return g_ptr_array_index (youtube->requests, index);
}

/* Milliseconds between two requests' arrival. */
static gint64
spacing_ms (Youtube *youtube,
            guint    index)
{
  return (youtube_request (youtube, index)->time - youtube_request (youtube, index - 1)->time) /
         1000;
}

/* "@NOW@" becomes the current time, as YouTube writes it. */
static char *
fill (const char *template)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%f+00:00");
  g_auto(GStrv) parts = g_strsplit (template, "@NOW@", -1);

  return g_strjoinv (stamp, parts);
}

/* What the connector told the host, in order. */
typedef struct
{
  GPtrArray *states;    /* "STATE|status" */
} Observer;

static void
notify_cb (VitrineFeedSource *source,
           GParamSpec        *pspec,
           Observer          *observer)
{
  g_ptr_array_add (observer->states,
                   g_strdup_printf ("%d|%s", vitrine_feed_source_get_state (source),
                                    vitrine_feed_source_get_status (source)
                                    ? vitrine_feed_source_get_status (source) : ""));
}

static void
observe (VitrineFeedSource *source,
         Observer          *observer)
{
  observer->states = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (source, "notify::state", G_CALLBACK (notify_cb), observer);
  g_signal_connect (source, "notify::status", G_CALLBACK (notify_cb), observer);
}

static gboolean
observed (Observer               *observer,
          VitrineFeedSourceState  state,
          const char             *status)
{
  g_autofree char *wanted = g_strdup_printf ("%d|%s", state, status);

  for (guint i = 0; i < observer->states->len; i++)
    if (g_str_equal (g_ptr_array_index (observer->states, i), wanted))
      return TRUE;
  return FALSE;
}

static gboolean
observed_prefix (Observer               *observer,
                 VitrineFeedSourceState  state,
                 const char             *prefix)
{
  g_autofree char *wanted = g_strdup_printf ("%d|%s", state, prefix);

  for (guint i = 0; i < observer->states->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (observer->states, i), wanted))
      return TRUE;
  return FALSE;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
set_secret (const char *secret_id,
            const char *value)
{
  g_autofree char *name = vitrine_secrets_env_name (secret_id);

  if (value != NULL)
    g_setenv (name, value, TRUE);
  else
    g_unsetenv (name);
}

static VitrineYoutubeChat *
chat_new (Youtube            *youtube,
          VitrineYoutubeAuth  auth)
{
  VitrineYoutubeChat *chat = vitrine_youtube_chat_new ("youtube-main", CHAT_ID, auth,
                                                       youtube->base_url);

  g_assert_cmpstr (vitrine_youtube_chat_get_secret_id (chat), ==, "youtube:" CHAT_ID);
  set_secret (vitrine_youtube_chat_get_secret_id (chat),
              auth == VITRINE_YOUTUBE_AUTH_OAUTH ? TOKEN : API_KEY);
  return chat;
}

static VitrineFeedSourceState
state_of (VitrineYoutubeChat *chat)
{
  return vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (chat));
}

static const char *
status_of (VitrineYoutubeChat *chat)
{
  return vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (chat));
}

/* The expected feed */

typedef struct
{
  VitrineFeedItemKind        kind;
  const char                *id;
  const char                *author_id;
  const char                *author;
  const char                *text;
  const char                *detail;       /* NULL: none */
  gint64                     amount;       /* -1: none */
  const char                *currency;
  VitrineFeedItemFlags       flags;
  VitrineFeedItemVisibility  visibility;
} Row;

static void
assert_row (VitrineFeedItem *item,
            const Row       *row)
{
  const VitrineMoney *amount = vitrine_feed_item_get_amount (item);

  g_test_message ("row %s", row->id);
  g_assert_cmpint (vitrine_feed_item_get_kind (item), ==, row->kind);
  g_assert_cmpstr (vitrine_feed_item_get_platform (item), ==, "youtube");
  g_assert_cmpstr (vitrine_feed_item_get_source_id (item), ==, "youtube-main");
  g_assert_cmpstr (vitrine_feed_item_get_id (item), ==, row->id);
  g_assert_cmpstr (vitrine_feed_item_get_author_id (item), ==, row->author_id);
  g_assert_cmpstr (vitrine_feed_item_get_author (item), ==, row->author);
  if (row->text != NULL)
    g_assert_cmpstr (vitrine_feed_item_get_text (item), ==, row->text);
  g_assert_cmpstr (vitrine_feed_item_get_detail (item), ==, row->detail);
  if (row->amount < 0)
    g_assert_null (amount);
  else
    {
      g_assert_nonnull (amount);
      g_assert_cmpint (amount->amount, ==, row->amount);
      g_assert_cmpstr (amount->currency, ==, row->currency);
    }
  g_assert_cmpint (vitrine_feed_item_get_flags (item), ==, row->flags);
  g_assert_cmpint (vitrine_feed_item_get_visibility (item), ==, row->visibility);
}

static void
assert_feed (VitrineFeed *feed,
             const Row   *rows,
             guint        n_rows)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(VitrineFeedItem) item = g_list_model_get_item (G_LIST_MODEL (feed), i);

      assert_row (item, &rows[i]);
    }
}

/* Fixtures in the documented shape (platform-apis.md §1.3) */

#define AUTHOR(channel, name, verified, owner, sponsor, moderator)                          \
  "\"authorDetails\":{\"channelId\":\"" channel "\","                                       \
  "\"channelUrl\":\"http://www.youtube.com/channel/" channel "\","                          \
  "\"displayName\":\"" name "\","                                                           \
  "\"profileImageUrl\":\"https://yt4.ggpht.com/ytc/AIdro_x=s88-c-k-c0x00ffffff-no-rj\","    \
  "\"isVerified\":" verified ",\"isChatOwner\":" owner ",\"isChatSponsor\":" sponsor ","    \
  "\"isChatModerator\":" moderator "}"

#define VIEWER(channel, name) AUTHOR (channel, name, "false", "false", "false", "false")

#define MESSAGE(id, type, channel, published, display, details, author)                     \
  "{\"kind\":\"youtube#liveChatMessage\",\"etag\":\"etag-" id "\",\"id\":\"" id "\","        \
  "\"snippet\":{\"type\":\"" type "\",\"liveChatId\":\"" CHAT_ID "\","                      \
  "\"authorChannelId\":\"" channel "\",\"publishedAt\":\"" published "\","                  \
  "\"hasDisplayContent\":true,\"displayMessage\":\"" display "\"," details "}," author "}"

#define TEXT(id, channel, published, text, author)                                          \
  MESSAGE (id, "textMessageEvent", channel, published, text,                                \
           "\"textMessageDetails\":{\"messageText\":\"" text "\"}", author)

#define PAGE(interval, token, items)                                                        \
  "{\"kind\":\"youtube#liveChatMessageListResponse\",\"etag\":\"etag-" token "\","          \
  "\"pollingIntervalMillis\":" interval ","                                                 \
  "\"pageInfo\":{\"totalResults\":5,\"resultsPerPage\":5},"                                 \
  "\"nextPageToken\":\"" token "\",\"items\":[" items "]}"

#define T0 "2026-11-21T19:04:09.880021+00:00"

#define ID_LAYLA "LCC.EhwKGkNMVzRfcXZ3X0pFREZSdm5yUVlkOUd3SWdB"
#define ID_DAN "LCC.EhwKGkNQZV9rNnZ3X0pFREZWS2YzUVlkWnFjRjBR"

/* The first page: one message from long ago (history, not shown), one now. */
static const char page_1[] =
  PAGE ("300", "PAGE-2",
        TEXT ("LCC.HISTORY", "UCold00000000000000000000", "2020-01-01T10:00:00.000+00:00",
              "old message", VIEWER ("UCold00000000000000000000", "Old Timer")) ","
        TEXT (ID_LAYLA, "UC4vYqG0pS2u5f8wXzj1kL3A", "@NOW@",
              "Is the blue scarf still in stock? 💙 size M",
              AUTHOR ("UC4vYqG0pS2u5f8wXzj1kL3A", "ليلى ✨", "false", "false", "true",
                      "false")));

#define HOSTILE_NAME "<b>Evil</b>\\u202Eadmin\\u200B"
#define HOSTILE_TEXT "<script>alert(1)</script> &amp; \\u202Egnp.exe\\n\\nsecond line"

/* Money, memberships, hostile text, and what will be deleted later. */
static const char page_2_head[] =
  "{\"kind\":\"youtube#liveChatMessageListResponse\",\"etag\":\"etag-2\","
  "\"pollingIntervalMillis\":250,\"pageInfo\":{\"totalResults\":20,\"resultsPerPage\":20},"
  "\"nextPageToken\":\"PAGE-3\",\"items\":["
  MESSAGE (ID_DAN, "superChatEvent", "UCq1w2e3r4t5y6u7i8o9p0aS", T0,
           "$5.00 from Dan: Take my money, 2x red one",
           "\"superChatDetails\":{\"amountMicros\":\"5000000\",\"currency\":\"USD\","
           "\"amountDisplayString\":\"$5.00\",\"userComment\":\"Take my money, 2x red one\","
           "\"tier\":2}",
           VIEWER ("UCq1w2e3r4t5y6u7i8o9p0aS", "Dan")) ","
  MESSAGE ("LCC.YEN", "superChatEvent", "UCsakura000000000000000A", T0,
           "¥1,000 from さくら: SOLD A12 M",
           "\"superChatDetails\":{\"amountMicros\":\"1000000000\",\"currency\":\"JPY\","
           "\"amountDisplayString\":\"¥1,000\",\"userComment\":\"SOLD A12 M\",\"tier\":4}",
           AUTHOR ("UCsakura000000000000000A", "さくら", "true", "false", "false", "false")) ","
  /* KWD has three minor digits: 1.250 KWD is 1250 fils. No tier. */
  MESSAGE ("LCC.KWD", "superChatEvent", "UCkw00000000000000000000", T0,
           "KWD 1.250 from Fahad",
           "\"superChatDetails\":{\"amountMicros\":\"1250000\",\"currency\":\"KWD\","
           "\"amountDisplayString\":\"KWD 1.250\",\"userComment\":\"\"}",
           VIEWER ("UCkw00000000000000000000", "Fahad")) ","
  /* The streamList spelling (enum names, altTextLanguage). */
  "{\"id\":\"LCC.STICKER\",\"snippet\":{\"type\":\"SUPER_STICKER_EVENT\","
  "\"liveChatId\":\"" CHAT_ID "\",\"authorChannelId\":\"UCbo000000000000000000000\","
  "\"publishedAt\":\"2026-11-21T19:06:00.1+00:00\",\"hasDisplayContent\":true,"
  "\"displayMessage\":\"Sticker from Bo\",\"superStickerDetails\":{\"amountMicros\":\"2000000\","
  "\"currency\":\"EUR\",\"amountDisplayString\":\"€2.00\",\"tier\":1,"
  "\"superStickerMetadata\":{\"stickerId\":\"dancing_cat_v1\",\"altText\":\"Cat dancing\","
  "\"altTextLanguage\":\"en\"}}},"
  "\"authorDetails\":{\"channelId\":\"UCbo000000000000000000000\",\"displayName\":\"Bo\","
  "\"isChatSponsor\":false}},"
  MESSAGE ("LCC.SPONSOR", "newSponsorEvent", "UCnew00000000000000000000", T0,
           "Welcome to Gold!",
           "\"newSponsorDetails\":{\"memberLevelName\":\"Gold\",\"isUpgrade\":false}",
           AUTHOR ("UCnew00000000000000000000", "Newbie", "false", "false", "true", "false")) ","
  MESSAGE ("LCC.MILESTONE", "memberMilestoneChatEvent", "UCold00000000000000000000", T0,
           "A year already!",
           "\"memberMilestoneChatDetails\":{\"memberLevelName\":\"Gold\",\"memberMonth\":12,"
           "\"userComment\":\"A year already!\"}",
           AUTHOR ("UCold00000000000000000000", "Old Timer", "false", "false", "true",
                   "false")) ","
  MESSAGE ("LCC.GIFTING", "membershipGiftingEvent", "UCgen00000000000000000000", T0,
           "Gifted 5 memberships",
           "\"membershipGiftingDetails\":{\"giftMembershipsCount\":5,"
           "\"giftMembershipsLevelName\":\"Gold\"}",
           AUTHOR ("UCgen00000000000000000000", "Generous", "false", "false", "true",
                   "false")) ","
  MESSAGE ("LCC.RECEIVED", "giftMembershipReceivedEvent", "UClucky000000000000000000", T0,
           "Got a membership",
           "\"giftMembershipReceivedDetails\":{\"memberLevelName\":\"Gold\","
           "\"gifterChannelId\":\"UCgen00000000000000000000\","
           "\"associatedMembershipGiftingMessageId\":\"LCC.GIFTING\"}",
           AUTHOR ("UClucky000000000000000000", "Lucky", "false", "false", "true", "false")) ","
  /* Markup, a bidi override, a zero-width space, newlines; a moderator
   * flag, and an owner flag of the wrong type (not trusted). */
  "{\"id\":\"LCC.HOSTILE\",\"snippet\":{\"type\":\"textMessageEvent\","
  "\"liveChatId\":\"" CHAT_ID "\",\"authorChannelId\":\"UCevil00000000000000000000\","
  "\"publishedAt\":\"" T0 "\",\"hasDisplayContent\":true,\"displayMessage\":\"x\","
  "\"textMessageDetails\":{\"messageText\":\"" HOSTILE_TEXT "\"}},"
  "\"authorDetails\":{\"channelId\":\"UCevil00000000000000000000\","
  "\"displayName\":\"" HOSTILE_NAME "\",\"isChatModerator\":true,\"isChatOwner\":\"yes\","
  "\"isVerified\":1}},";

static const char page_2_tail[] =
  TEXT ("LCC.SPAM", "UCspam0000000000000000XY", T0, "buy followers at spam.example",
        VIEWER ("UCspam0000000000000000XY", "spam4u")) ","
  TEXT ("LCC.DELETED", "UCviewer2000000000000000", T0, "I will be deleted",
        VIEWER ("UCviewer2000000000000000", "viewer2")) ","
  TEXT ("LCC.RETRACTED", "UCviewer3000000000000000", T0, "oops, wrong chat",
        VIEWER ("UCviewer3000000000000000", "viewer3")) ","
  /* No authorDetails: the snippet's authorChannelId is the author. */
  "{\"id\":\"LCC.ANON\",\"snippet\":{\"type\":\"textMessageEvent\",\"liveChatId\":\"" CHAT_ID "\","
  "\"authorChannelId\":\"UCanon00000000000000000000\",\"publishedAt\":\"" T0 "\","
  "\"hasDisplayContent\":true,\"displayMessage\":\"no author details\","
  "\"textMessageDetails\":{\"messageText\":\"no author details\"}}},"
  /* Not understood, skipped: a type of the wrong JSON type, a string for an
   * item, a text message whose text is a number, a poll, an invalid type. */
  "{\"id\":\"LCC.BAD1\",\"snippet\":{\"type\":5}},"
  "\"garbage\","
  "{\"id\":\"LCC.BAD2\",\"snippet\":{\"type\":\"textMessageEvent\","
  "\"textMessageDetails\":{\"messageText\":42}}},"
  "{\"id\":\"LCC.POLL\",\"snippet\":{\"type\":\"pollEvent\",\"pollDetails\":{\"metadata\":"
  "{\"questionText\":\"Red or blue?\",\"options\":[{\"optionText\":\"Red\",\"tally\":\"3\"}]},"
  "\"status\":\"active\"}}},"
  "{\"id\":\"LCC.INVALID\",\"snippet\":{\"type\":\"invalidType\"}},"
  MESSAGE ("LCC.MEMBERS-ONLY", "sponsorOnlyModeStartedEvent", "UCowner00000000000000000", T0,
           "Members-only mode is on", "\"publishedAtIgnored\":0",
           AUTHOR ("UCowner00000000000000000", "Mona's Shop", "true", "true", "false",
                   "false"))
  "]}";

/* Moderation: a deletion, a retraction, a tombstone, a timeout, a deletion
 * of a message not seen yet, a permanent ban of someone never seen. */
static const char page_3[] =
  PAGE ("350", "PAGE-4",
        MESSAGE ("LCC.DEL1", "messageDeletedEvent", "UCmod000000000000000000A", T0,
                 "A message was removed by a moderator",
                 "\"messageDeletedDetails\":{\"deletedMessageId\":\"LCC.DELETED\"}",
                 AUTHOR ("UCmod000000000000000000A", "Mod Mia", "false", "false", "false",
                         "true")) ","
        MESSAGE ("LCC.RETRACT1", "messageRetractedEvent", "UCviewer3000000000000000", T0,
                 "A message was retracted",
                 "\"messageRetractedDetails\":{\"retractedMessageId\":\"LCC.RETRACTED\"}",
                 VIEWER ("UCviewer3000000000000000", "viewer3")) ","
        /* A silent tombstone: no displayMessage, its id is the message's. */
        "{\"kind\":\"youtube#liveChatMessage\",\"etag\":\"t\",\"id\":\"LCC.HOSTILE\","
        "\"snippet\":{\"type\":\"tombstone\",\"liveChatId\":\"" CHAT_ID "\","
        "\"publishedAt\":\"" T0 "\"}},"
        MESSAGE ("LCC.BAN1", "userBannedEvent", "UCmod000000000000000000A", T0,
                 "spam4u was hidden by a moderator for 300 seconds",
                 "\"userBannedDetails\":{\"bannedUserDetails\":{"
                 "\"channelId\":\"UCspam0000000000000000XY\","
                 "\"channelUrl\":\"http://www.youtube.com/channel/UCspam0000000000000000XY\","
                 "\"displayName\":\"spam4u\",\"profileImageUrl\":\"https://yt4.ggpht.com/s\"},"
                 "\"banType\":\"temporary\",\"banDurationSeconds\":\"300\"}",
                 AUTHOR ("UCmod000000000000000000A", "Mod Mia", "false", "false", "false",
                         "true")) ","
        MESSAGE ("LCC.DEL2", "messageDeletedEvent", "UCmod000000000000000000A", T0,
                 "A message was removed by a moderator",
                 "\"messageDeletedDetails\":{\"deletedMessageId\":\"LCC.LATE\"}",
                 AUTHOR ("UCmod000000000000000000A", "Mod Mia", "false", "false", "false",
                         "true")) ","
        /* As in the documented sample: no authorDetails on a ban. */
        "{\"kind\":\"youtube#liveChatMessage\",\"etag\":\"b\",\"id\":\"LCC.BAN2\","
        "\"snippet\":{\"type\":\"userBannedEvent\",\"liveChatId\":\"" CHAT_ID "\","
        "\"authorChannelId\":\"UCmod000000000000000000A\",\"publishedAt\":\"" T0 "\","
        "\"hasDisplayContent\":true,\"displayMessage\":\"troll was banned\","
        "\"userBannedDetails\":{\"bannedUserDetails\":{\"channelId\":\"UCtroll00000000000000000\","
        "\"displayName\":\"troll\"},\"banType\":\"permanent\"}}}");

/* The late message arrives deleted, a repeat is dropped, the timed-out
 * viewer's next message arrives banned; the stream is offline. */
static const char page_4[] =
  "{\"kind\":\"youtube#liveChatMessageListResponse\",\"etag\":\"etag-4\","
  "\"pollingIntervalMillis\":300,\"offlineAt\":\"2026-11-21T20:15:00.000+00:00\","
  "\"nextPageToken\":\"PAGE-5\",\"items\":["
  TEXT ("LCC.LATE", "UCviewer4000000000000000", T0, "late and deleted",
        VIEWER ("UCviewer4000000000000000", "viewer4")) ","
  TEXT (ID_LAYLA, "UC4vYqG0pS2u5f8wXzj1kL3A", T0, "Is the blue scarf still in stock? 💙 size M",
        VIEWER ("UC4vYqG0pS2u5f8wXzj1kL3A", "ليلى ✨")) ","
  TEXT ("LCC.SPAM2", "UCspam0000000000000000XY", T0, "still here",
        VIEWER ("UCspam0000000000000000XY", "spam4u"))
  "]}";

static const char page_5[] =
  "{\"kind\":\"youtube#liveChatMessageListResponse\",\"etag\":\"etag-5\","
  "\"pollingIntervalMillis\":300,\"offlineAt\":\"2026-11-21T20:15:00.000+00:00\","
  "\"nextPageToken\":\"PAGE-6\",\"items\":["
  "{\"kind\":\"youtube#liveChatMessage\",\"id\":\"LCC.END\",\"snippet\":{\"type\":"
  "\"chatEndedEvent\",\"liveChatId\":\"" CHAT_ID "\",\"publishedAt\":\"" T0 "\"}}]}";

static const Row expected_feed[] = {
  { VITRINE_FEED_ITEM_CHAT, ID_LAYLA, "UC4vYqG0pS2u5f8wXzj1kL3A", "ليلى ✨",
    "Is the blue scarf still in stock? 💙 size M", NULL, -1, NULL,
    VITRINE_FEED_ITEM_FLAG_MEMBER, VITRINE_FEED_ITEM_VISIBLE },
  { VITRINE_FEED_ITEM_PAID, ID_DAN, "UCq1w2e3r4t5y6u7i8o9p0aS", "Dan",
    "Take my money, 2x red one", "Super Chat $5.00, tier 2", 500, "USD",
    0, VITRINE_FEED_ITEM_VISIBLE },
  { VITRINE_FEED_ITEM_PAID, "LCC.YEN", "UCsakura000000000000000A", "さくら",
    "SOLD A12 M", "Super Chat ¥1,000, tier 4", 1000, "JPY",
    VITRINE_FEED_ITEM_FLAG_VERIFIED, VITRINE_FEED_ITEM_VISIBLE },
  { VITRINE_FEED_ITEM_PAID, "LCC.KWD", "UCkw00000000000000000000", "Fahad",
    "", "Super Chat KWD 1.250", 1250, "KWD", 0, VITRINE_FEED_ITEM_VISIBLE },
  { VITRINE_FEED_ITEM_PAID, "LCC.STICKER", "UCbo000000000000000000000", "Bo",
    "", "Cat dancing", 200, "EUR", 0, VITRINE_FEED_ITEM_VISIBLE },
  { VITRINE_FEED_ITEM_MEMBERSHIP, "LCC.SPONSOR", "UCnew00000000000000000000", "Newbie",
    "", "New member: Gold", -1, NULL, VITRINE_FEED_ITEM_FLAG_MEMBER, VITRINE_FEED_ITEM_VISIBLE },
  { VITRINE_FEED_ITEM_MEMBERSHIP, "LCC.MILESTONE", "UCold00000000000000000000", "Old Timer",
    "A year already!", "Member for 12 months: Gold", -1, NULL, VITRINE_FEED_ITEM_FLAG_MEMBER,
    VITRINE_FEED_ITEM_VISIBLE },
  { VITRINE_FEED_ITEM_MEMBERSHIP, "LCC.GIFTING", "UCgen00000000000000000000", "Generous",
    "", "Gifted 5 memberships: Gold", -1, NULL, VITRINE_FEED_ITEM_FLAG_MEMBER,
    VITRINE_FEED_ITEM_VISIBLE },
  { VITRINE_FEED_ITEM_MEMBERSHIP, "LCC.RECEIVED", "UClucky000000000000000000", "Lucky",
    "", "Received a gift membership: Gold", -1, NULL, VITRINE_FEED_ITEM_FLAG_MEMBER,
    VITRINE_FEED_ITEM_VISIBLE },
  /* Tombstoned on page 3. */
  { VITRINE_FEED_ITEM_CHAT, "LCC.HOSTILE", "UCevil00000000000000000000", "<b>Evil</b>admin",
    "<script>alert(1)</script> &amp; gnp.exe second line", NULL, -1, NULL,
    VITRINE_FEED_ITEM_FLAG_MODERATOR, VITRINE_FEED_ITEM_DELETED },
  { VITRINE_FEED_ITEM_CHAT, "LCC.LONG", "UClong00000000000000000000", "Long Winded",
    NULL /* 500 × "A" and "…", checked apart */, NULL, -1, NULL, 0, VITRINE_FEED_ITEM_VISIBLE },
  { VITRINE_FEED_ITEM_CHAT, "LCC.SPAM", "UCspam0000000000000000XY", "spam4u",
    "buy followers at spam.example", NULL, -1, NULL, 0, VITRINE_FEED_ITEM_BANNED },
  { VITRINE_FEED_ITEM_CHAT, "LCC.DELETED", "UCviewer2000000000000000", "viewer2",
    "I will be deleted", NULL, -1, NULL, 0, VITRINE_FEED_ITEM_DELETED },
  { VITRINE_FEED_ITEM_CHAT, "LCC.RETRACTED", "UCviewer3000000000000000", "viewer3",
    "oops, wrong chat", NULL, -1, NULL, 0, VITRINE_FEED_ITEM_DELETED },
  { VITRINE_FEED_ITEM_CHAT, "LCC.ANON", "UCanon00000000000000000000", "",
    "no author details", NULL, -1, NULL, 0, VITRINE_FEED_ITEM_VISIBLE },
  { VITRINE_FEED_ITEM_NOTICE, "LCC.MEMBERS-ONLY", "UCowner00000000000000000", "Mona's Shop",
    "Members-only chat is on", NULL, -1, NULL,
    VITRINE_FEED_ITEM_FLAG_OWNER | VITRINE_FEED_ITEM_FLAG_VERIFIED, VITRINE_FEED_ITEM_VISIBLE },
  /* The moderator is the author of a ban; the banned viewer is in the text. */
  { VITRINE_FEED_ITEM_MODERATION, "LCC.BAN1", "UCmod000000000000000000A", "Mod Mia",
    "spam4u was timed out for 5 minutes", "Timeout: 5 minutes", -1, NULL,
    VITRINE_FEED_ITEM_FLAG_MODERATOR, VITRINE_FEED_ITEM_VISIBLE },
  { VITRINE_FEED_ITEM_MODERATION, "LCC.BAN2", "UCmod000000000000000000A", "",
    "troll was banned from the chat", "Permanent ban", -1, NULL, 0, VITRINE_FEED_ITEM_VISIBLE },
  { VITRINE_FEED_ITEM_CHAT, "LCC.LATE", "UCviewer4000000000000000", "viewer4",
    "late and deleted", NULL, -1, NULL, 0, VITRINE_FEED_ITEM_DELETED },
  { VITRINE_FEED_ITEM_CHAT, "LCC.SPAM2", "UCspam0000000000000000XY", "spam4u",
    "still here", NULL, -1, NULL, 0, VITRINE_FEED_ITEM_BANNED },
};

static char *
page_2_build (void)
{
  g_autoptr(GString) page = g_string_new (page_2_head);
  g_autoptr(GString) long_text = g_string_new (NULL);

  /* A 10 kB message. */
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (long_text, 'A');
  g_string_append_printf (page, TEXT ("LCC.LONG", "UClong00000000000000000000", T0, "%s",
                                      VIEWER ("UClong00000000000000000000", "Long Winded")) ",",
                          long_text->str, long_text->str);
  g_string_append (page, page_2_tail);
  return g_string_free (g_steal_pointer (&page), FALSE);
}

static void
test_chat_feed (void)
{
  g_autoptr(Youtube) youtube = youtube_new ();
  g_autoptr(VitrineYoutubeChat) chat = chat_new (youtube, VITRINE_YOUTUBE_AUTH_OAUTH);
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autofree char *first = fill (page_1);
  g_autofree char *second = page_2_build ();
  static const gint64 intervals[] = { 300, 250, 350, 300 };
  Observer observer;

  youtube_page (youtube, 200, first);
  youtube_page (youtube, 200, second);
  youtube_page (youtube, 200, page_3);
  youtube_page (youtube, 200, page_4);
  youtube_page (youtube, 200, page_5);

  observe (VITRINE_FEED_SOURCE (chat), &observer);
  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (chat));
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (chat));
  g_assert_cmpint (state_of (chat), ==, VITRINE_FEED_SOURCE_CONNECTING);

  WAIT_UNTIL (state_of (chat) == VITRINE_FEED_SOURCE_ENDED, 5000);
  g_assert_cmpstr (status_of (chat), ==, "The live chat has ended");
  g_assert_true (observed (&observer, VITRINE_FEED_SOURCE_LIVE, ""));
  g_assert_true (observed (&observer, VITRINE_FEED_SOURCE_LIVE,
                           "The stream went offline at 20:15; the chat is still open"));
  g_assert_null (vitrine_youtube_chat_get_retry_time (chat));

  /* Ended means ended: no more polls. */
  run_for (700);
  g_assert_cmpuint (youtube->requests->len, ==, 5);

  /* What YouTube received: the chat, the parts, the token in a header, each
   * page's nextPageToken, and never sooner than pollingIntervalMillis. */
  for (guint i = 0; i < 5; i++)
    {
      Request *request = youtube_request (youtube, i);
      g_autofree char *token = g_strdup_printf ("PAGE-%u", i + 1);

      g_assert_cmpstr (request->method, ==, "GET");
      g_assert_cmpstr (request->path, ==, MESSAGES_PATH);
      g_assert_cmpstr (g_hash_table_lookup (request->query, "liveChatId"), ==, CHAT_ID);
      g_assert_cmpstr (g_hash_table_lookup (request->query, "part"), ==,
                       "snippet,authorDetails");
      g_assert_cmpstr (g_hash_table_lookup (request->query, "pageToken"), ==,
                       i == 0 ? NULL : token);
      g_assert_null (g_hash_table_lookup (request->query, "key"));
      g_assert_cmpstr (request->authorization, ==, "Bearer " TOKEN);
      g_assert_null (request->api_key);
      g_assert_null (strstr (request->raw_query, TOKEN));
    }
  for (guint i = 1; i < 5; i++)
    {
      gint64 spacing = spacing_ms (youtube, i);

      g_test_message ("poll %u came %" G_GINT64_FORMAT " ms after the last; asked %"
                      G_GINT64_FORMAT, i, spacing, intervals[i - 1]);
      g_assert_cmpint (spacing, >=, intervals[i - 1]);
      g_assert_cmpint (spacing, <=, intervals[i - 1] + 50);
    }
  g_assert_cmpuint (vitrine_youtube_chat_get_polling_interval (chat), ==, 300);
  g_assert_cmpstr (vitrine_youtube_chat_get_page_token (chat), ==, "PAGE-6");

  /* The feed, exactly. */
  assert_feed (feed, expected_feed, G_N_ELEMENTS (expected_feed));
  {
    g_autoptr(VitrineFeedItem) dan = g_list_model_get_item (G_LIST_MODEL (feed), 1);
    g_autoptr(VitrineFeedItem) sticker = g_list_model_get_item (G_LIST_MODEL (feed), 4);
    g_autoptr(VitrineFeedItem) longest = g_list_model_get_item (G_LIST_MODEL (feed), 10);
    const char *text = vitrine_feed_item_get_text (longest);

    /* RFC 3339 with microseconds, and with a single fractional digit. */
    g_assert_cmpint (g_date_time_to_unix (vitrine_feed_item_get_time (dan)), ==, 1795287849);
    g_assert_cmpint (g_date_time_get_microsecond (vitrine_feed_item_get_time (dan)), ==, 880021);
    g_assert_cmpint (g_date_time_get_microsecond (vitrine_feed_item_get_time (sticker)), ==,
                     100000);

    g_assert_cmpuint (g_utf8_strlen (text, -1), ==, 501);
    g_assert_true (g_str_has_suffix (text, "A…"));
  }

  g_assert_null (strstr (captured_log->str, TOKEN));
  g_ptr_array_unref (observer.states);
}

/* Quota: a state with the time it tries again, and a long wait. */
static const char quota_error[] =
  "{\"error\":{\"code\":403,\"message\":\"The request cannot be completed because you have "
  "exceeded your <a href=\\\"/youtube/v3/getting-started#quota\\\">quota</a>.\","
  "\"errors\":[{\"message\":\"The request cannot be completed because you have exceeded your "
  "<a href=\\\"/youtube/v3/getting-started#quota\\\">quota</a>.\",\"domain\":\"youtube.quota\","
  "\"reason\":\"quotaExceeded\"}]}}";

static void
test_quota (void)
{
  g_autoptr(Youtube) youtube = youtube_new ();
  g_autoptr(VitrineYoutubeChat) chat = chat_new (youtube, VITRINE_YOUTUBE_AUTH_OAUTH);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) reset = vitrine_youtube_quota_reset_time (now);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *prefix = NULL;
  GDateTime *retry;

  youtube_page (youtube, 403, quota_error);
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (chat));
  WAIT_UNTIL (state_of (chat) == VITRINE_FEED_SOURCE_RATE_LIMITED, 3000);

  /* It tries again a minute after midnight Pacific time, and says when in
   * the host's clock; YouTube's HTML is nowhere. */
  retry = vitrine_youtube_chat_get_retry_time (chat);
  g_assert_nonnull (retry);
  g_assert_cmpint (g_date_time_difference (retry, reset), >=, 59 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_difference (retry, reset), <=, 62 * G_TIME_SPAN_SECOND);
  local = g_date_time_to_local (retry);
  clock = g_date_time_format (local, "%H:%M");
  prefix = g_strdup_printf ("YouTube’s daily quota is spent; trying again at %s (after midnight "
                            "Pacific time), in ", clock);
  g_test_message ("status: %s", status_of (chat));
  g_test_message ("expected prefix: %s", prefix);
  g_assert_true (g_str_has_prefix (status_of (chat), prefix));
  g_assert_null (strchr (status_of (chat), '<'));

  /* Not a second sooner. */
  run_for (1500);
  g_assert_cmpuint (youtube->requests->len, ==, 1);
  g_assert_cmpint (state_of (chat), ==, VITRINE_FEED_SOURCE_RATE_LIMITED);

  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (chat));
  g_assert_cmpint (state_of (chat), ==, VITRINE_FEED_SOURCE_STOPPED);
  g_assert_null (vitrine_youtube_chat_get_retry_time (chat));
  run_for (100);
  g_assert_cmpuint (youtube->requests->len, ==, 1);
}

static const char rate_limit_error[] =
  "{\"error\":{\"code\":403,\"message\":\"The request was sent too soon after the previous one."
  "\",\"errors\":[{\"message\":\"The request was sent too soon after the previous one.\","
  "\"domain\":\"youtube.liveChat\",\"reason\":\"rateLimitExceeded\"}]}}";

static const char rate_limit_429[] =
  "{\"error\":{\"code\":429,\"message\":\"Too many requests\",\"status\":\"RESOURCE_EXHAUSTED\","
  "\"errors\":[{\"message\":\"Too many requests\",\"domain\":\"usageLimits\","
  "\"reason\":\"rateLimitExceeded\"}]}}";

/* rateLimitExceeded: a state, a backoff never shorter than the interval nor
 * than Retry-After, and back to LIVE. */
static void
test_rate_limit (void)
{
  g_autoptr(Youtube) youtube = youtube_new ();
  g_autoptr(VitrineYoutubeChat) chat = chat_new (youtube, VITRINE_YOUTUBE_AUTH_OAUTH);
  Reply *reply;
  Observer observer;

  youtube_page (youtube, 200, PAGE ("1200", "PAGE-2", ""));
  youtube_page (youtube, 403, rate_limit_error);
  reply = reply_new (429, rate_limit_429);
  reply->retry_after = g_strdup ("2");
  g_queue_push_tail (&youtube->pages, reply);
  youtube_page (youtube, 200, PAGE ("300", "PAGE-3", ""));

  observe (VITRINE_FEED_SOURCE (chat), &observer);
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (chat));
  WAIT_UNTIL (youtube->requests->len == 4 && state_of (chat) == VITRINE_FEED_SOURCE_LIVE, 8000);

  g_assert_true (observed (&observer, VITRINE_FEED_SOURCE_RATE_LIMITED,
                           "YouTube asks Vitrine to read the chat more slowly; trying again in "
                           "2 seconds"));
  g_assert_null (status_of (chat));
  g_assert_null (vitrine_youtube_chat_get_retry_time (chat));

  /* The interval (1.2 s) after the page; after the first refusal at least the
   * interval again (the backoff is ~1 s); after the 429, Retry-After (2 s). */
  g_test_message ("spacing: %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " ms",
                  spacing_ms (youtube, 1), spacing_ms (youtube, 2), spacing_ms (youtube, 3));
  g_assert_cmpint (spacing_ms (youtube, 1), >=, 1200);
  g_assert_cmpint (spacing_ms (youtube, 1), <=, 1250);
  g_assert_cmpint (spacing_ms (youtube, 2), >=, 1200);
  g_assert_cmpint (spacing_ms (youtube, 2), <=, 1250);
  g_assert_cmpint (spacing_ms (youtube, 3), >=, 2000);
  g_assert_cmpint (spacing_ms (youtube, 3), <=, 2050);
  /* The rejected polls kept their place. */
  g_assert_cmpstr (g_hash_table_lookup (youtube_request (youtube, 3)->query, "pageToken"), ==,
                   "PAGE-2");

  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (chat));
  g_ptr_array_unref (observer.states);
}

/* Errors that stop the connector: a state the host understands, no retry. */
typedef struct
{
  guint                   status;
  const char             *body;
  VitrineFeedSourceState  state;
  const char             *message;
} Terminal;

#define GOOGLE_ERROR(code, message, reason)                                                  \
  "{\"error\":{\"code\":" #code ",\"message\":\"" message "\",\"errors\":[{\"message\":\""   \
  message "\",\"domain\":\"youtube.liveChat\",\"reason\":\"" reason "\"}]}}"

static const Terminal terminals[] = {
  { 403, GOOGLE_ERROR (403, "The specified live chat is no longer live.", "liveChatEnded"),
    VITRINE_FEED_SOURCE_ENDED, "The live chat has ended" },
  { 403, GOOGLE_ERROR (403, "The live chat is disabled.", "liveChatDisabled"),
    VITRINE_FEED_SOURCE_ENDED, "The live chat is turned off for this stream" },
  { 404, GOOGLE_ERROR (404, "The live chat cannot be found.", "liveChatNotFound"),
    VITRINE_FEED_SOURCE_ENDED, "YouTube has no such live chat: the stream may be over or deleted" },
  { 401, "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials."
         "\",\"errors\":[{\"message\":\"Invalid Credentials\",\"domain\":\"global\","
         "\"reason\":\"authError\",\"location\":\"Authorization\",\"locationType\":\"header\"}],"
         "\"status\":\"UNAUTHENTICATED\"}}",
    VITRINE_FEED_SOURCE_UNAUTHORIZED,
    "YouTube refused the sign-in (it may have expired); sign in again" },
  { 403, GOOGLE_ERROR (403, "You do not have permission.", "forbidden"),
    VITRINE_FEED_SOURCE_UNAUTHORIZED,
    "YouTube does not let this account read this live chat; sign in with the channel’s account "
    "or one of its moderators" },
  { 404, "<html>Not Found</html>", VITRINE_FEED_SOURCE_FAILED,
    "127.0.0.1 has no YouTube API (HTTP 404); check the address" },
  { 400, GOOGLE_ERROR (400, "<b>Bad</b> request\\u202E!", "badRequest"),
    VITRINE_FEED_SOURCE_FAILED, "YouTube refused to list the chat (HTTP 400): Bad request!" },
};

static void
test_terminal_errors (void)
{
  GPtrArray *servers = g_ptr_array_new_with_free_func ((GDestroyNotify) youtube_free);
  GPtrArray *chats = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (terminals); i++)
    {
      Youtube *youtube = youtube_new ();
      VitrineYoutubeChat *chat = chat_new (youtube, VITRINE_YOUTUBE_AUTH_OAUTH);

      youtube_page (youtube, terminals[i].status, terminals[i].body);
      g_ptr_array_add (servers, youtube);
      g_ptr_array_add (chats, chat);
      vitrine_feed_source_start (VITRINE_FEED_SOURCE (chat));
    }

  for (guint i = 0; i < G_N_ELEMENTS (terminals); i++)
    {
      VitrineYoutubeChat *chat = g_ptr_array_index (chats, i);

      WAIT_UNTIL (state_of (chat) == terminals[i].state, 3000);
      g_assert_cmpstr (status_of (chat), ==, terminals[i].message);
    }

  run_for (1200);
  for (guint i = 0; i < G_N_ELEMENTS (terminals); i++)
    {
      Youtube *youtube = g_ptr_array_index (servers, i);
      VitrineYoutubeChat *chat = g_ptr_array_index (chats, i);

      g_assert_cmpuint (youtube->requests->len, ==, 1);
      g_assert_null (vitrine_youtube_chat_get_retry_time (chat));
    }

  g_ptr_array_unref (chats);
  g_ptr_array_unref (servers);
}

/* A stale page token, a server error, an unreadable answer: RECONNECTING
 * with a growing backoff, then LIVE again. */
static void
test_reconnect (void)
{
  g_autoptr(Youtube) youtube = youtube_new ();
  g_autoptr(VitrineYoutubeChat) chat = chat_new (youtube, VITRINE_YOUTUBE_AUTH_OAUTH);
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (10);
  g_autofree char *fresh = fill (PAGE ("300", "PAGE-2",
                                       TEXT ("LCC.OLD", "UCa", "2020-01-01T00:00:00Z", "old",
                                             VIEWER ("UCa", "A")) ","
                                       TEXT ("LCC.NEW", "UCb", "@NOW@", "new",
                                             VIEWER ("UCb", "B"))));
  Observer observer;

  vitrine_youtube_chat_set_page_token (chat, "STALE");
  youtube_page (youtube, 400, GOOGLE_ERROR (400, "The page token is not valid.",
                                            "pageTokenInvalid"));
  youtube_page (youtube, 503, "{\"error\":{\"code\":503,\"message\":\"Backend Error\"}}");
  youtube_page (youtube, 200, "{\"kind\":\"youtube#liveChatMessageListResponse\",\"items\":[{");
  youtube_page (youtube, 200, fresh);

  observe (VITRINE_FEED_SOURCE (chat), &observer);
  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (chat));
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (chat));
  WAIT_UNTIL (youtube->requests->len == 4 && state_of (chat) == VITRINE_FEED_SOURCE_LIVE, 9000);

  /* 1 s ± 10 % is announced as 1 or 2 seconds (never shorter than it is). */
  g_assert_true (observed_prefix (&observer, VITRINE_FEED_SOURCE_RECONNECTING,
                                  "YouTube lost Vitrine’s place in the chat; trying again in "));
  g_assert_true (observed (&observer, VITRINE_FEED_SOURCE_RECONNECTING,
                           "YouTube has a problem (HTTP 503); trying again in 2 seconds"));
  g_assert_true (observed (&observer, VITRINE_FEED_SOURCE_RECONNECTING,
                           "YouTube’s answer could not be read; trying again in 3 seconds"));

  /* Resumed at the saved token; after it was refused, a fresh start. */
  g_assert_cmpstr (g_hash_table_lookup (youtube_request (youtube, 0)->query, "pageToken"), ==,
                   "STALE");
  g_assert_null (g_hash_table_lookup (youtube_request (youtube, 1)->query, "pageToken"));
  g_assert_null (g_hash_table_lookup (youtube_request (youtube, 2)->query, "pageToken"));

  /* 1 s, 1.5 s, 2.25 s (±10 %). */
  g_test_message ("backoff: %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " ms",
                  spacing_ms (youtube, 1), spacing_ms (youtube, 2), spacing_ms (youtube, 3));
  g_assert_cmpint (spacing_ms (youtube, 1), >=, 900);
  g_assert_cmpint (spacing_ms (youtube, 2), >=, 1350);
  g_assert_cmpint (spacing_ms (youtube, 3), >=, 2025);

  /* The fresh first page is filtered like any first page: history stays out. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 1);
  {
    g_autoptr(VitrineFeedItem) item = g_list_model_get_item (G_LIST_MODEL (feed), 0);

    g_assert_cmpstr (vitrine_feed_item_get_id (item), ==, "LCC.NEW");
  }

  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (chat));
  g_ptr_array_unref (observer.states);
}

/* Nothing listens: RECONNECTING, in the host's words. */
static void
test_unreachable (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(VitrineYoutubeChat) chat = NULL;
  g_autofree char *base = NULL;

  /* A port that was free a moment ago, closed again. */
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  base = g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  chat = vitrine_youtube_chat_new ("youtube-main", CHAT_ID, VITRINE_YOUTUBE_AUTH_OAUTH, base);
  set_secret (vitrine_youtube_chat_get_secret_id (chat), TOKEN);
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (chat));
  WAIT_UNTIL (state_of (chat) == VITRINE_FEED_SOURCE_RECONNECTING, 3000);
  g_test_message ("status: %s", status_of (chat));
  g_assert_true (g_str_has_prefix (status_of (chat), "YouTube cannot be reached ("));
  g_assert_nonnull (strstr (status_of (chat), "; trying again in "));
  g_assert_nonnull (vitrine_youtube_chat_get_retry_time (chat));
  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (chat));
}

/* Configuration mistakes are FAILED or UNAUTHORIZED at once. */
static void
test_configuration (void)
{
  g_autoptr(VitrineYoutubeChat) plain = vitrine_youtube_chat_new ("yt", CHAT_ID,
                                                                  VITRINE_YOUTUBE_AUTH_OAUTH,
                                                                  "http://api.example.com");
  g_autoptr(VitrineYoutubeChat) keyless = vitrine_youtube_chat_new ("yt", "no-secret-here",
                                                                    VITRINE_YOUTUBE_AUTH_API_KEY,
                                                                    NULL);
  g_autoptr(VitrineYoutubeChat) defaults = NULL;
  g_autofree char *env = NULL;

  vitrine_feed_source_start (VITRINE_FEED_SOURCE (plain));
  g_assert_cmpint (state_of (plain), ==, VITRINE_FEED_SOURCE_FAILED);
  g_assert_cmpstr (status_of (plain), ==,
                   "The YouTube address http://api.example.com must start with https://, or "
                   "the sign-in would be sent in the clear");

  defaults = g_object_new (VITRINE_TYPE_YOUTUBE_CHAT, "id", "yt2", "platform", "youtube",
                           "live-chat-id", "abc", "secret-id", "youtube:shop-account", NULL);
  g_assert_cmpstr (vitrine_youtube_chat_get_secret_id (defaults), ==, "youtube:shop-account");
  g_assert_cmpint (vitrine_youtube_chat_get_auth (defaults), ==, VITRINE_YOUTUBE_AUTH_OAUTH);
  g_assert_cmpuint (vitrine_youtube_chat_get_polling_interval (defaults), ==, 5000);
  g_assert_false (vitrine_youtube_chat_get_include_history (defaults));
  g_assert_cmpstr (vitrine_feed_source_get_base_url (VITRINE_FEED_SOURCE (keyless)), ==,
                   VITRINE_YOUTUBE_DEFAULT_BASE_URL);

  /* Where a headless run puts the key. */
  env = vitrine_secrets_env_name (vitrine_youtube_chat_get_secret_id (keyless));
  g_assert_cmpstr (env, ==, "VITRINE_KEY_YOUTUBE_NO_SECRET_HERE");
}

/* An API key travels in X-Goog-Api-Key, never in the URL; it cannot moderate. */
static void
test_api_key (void)
{
  g_autoptr(Youtube) youtube = youtube_new ();
  g_autoptr(VitrineYoutubeChat) chat = chat_new (youtube, VITRINE_YOUTUBE_AUTH_API_KEY);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Request *request;

  vitrine_youtube_chat_set_include_history (chat, TRUE);
  youtube_page (youtube, 200, PAGE ("300", "PAGE-2",
                                    TEXT ("LCC.OLD", "UCa", "2020-01-01T00:00:00Z", "old",
                                          VIEWER ("UCa", "A"))));
  {
    g_autoptr(VitrineFeed) feed = vitrine_feed_new (10);

    vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (chat));
    vitrine_feed_source_start (VITRINE_FEED_SOURCE (chat));
    WAIT_UNTIL (state_of (chat) == VITRINE_FEED_SOURCE_LIVE, 3000);
    /* History asked for: the old message is shown. */
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 1);
  }
  request = youtube_request (youtube, 0);
  g_assert_cmpstr (request->api_key, ==, API_KEY);
  g_assert_null (request->authorization);
  g_assert_null (strstr (request->raw_query, API_KEY));

  vitrine_youtube_chat_delete_message_async (chat, "LCC.OLD", NULL,
                                             store_result_cb, &result);
  WAIT_UNTIL (result != NULL, 3000);
  g_assert_false (vitrine_youtube_chat_delete_message_finish (chat, result, &error));
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING);
  g_assert_cmpstr (error->message, ==, "Deleting messages and banning viewers needs a YouTube "
                   "sign-in; this chat is read with an API key");
  g_assert_cmpuint (youtube->requests->len, ==, 1);

  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (chat));
  g_assert_null (strstr (captured_log->str, API_KEY));
}

/* Deleting and banning through the API, and what YouTube answers when it
 * refuses. */
static void
test_moderation (void)
{
  g_autoptr(Youtube) youtube = youtube_new ();
  g_autoptr(VitrineYoutubeChat) chat = chat_new (youtube, VITRINE_YOUTUBE_AUTH_OAUTH);
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (10);
  g_autoptr(VitrineFeedItem) spam = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, "youtube",
                                                                "LCC.SPAM", "UCspam", "spam4u",
                                                                "buy followers", NULL);
  g_autoptr(VitrineFeedItem) rude = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, "youtube",
                                                                "LCC.RUDE", "UCrude", "rude",
                                                                "rude words", NULL);
  static const struct
  {
    guint                 status;
    const char           *body;
    gboolean              ban;
    VitrineFeedError      code;
    const char           *message;
  } refusals[] = {
    { 403, GOOGLE_ERROR (403, "Forbidden", "forbidden"), FALSE, VITRINE_FEED_ERROR_KEY_REJECTED,
      "YouTube does not let this account delete messages in this chat: only the channel and "
      "its moderators can" },
    { 403, GOOGLE_ERROR (403, "Forbidden", "forbidden"), TRUE, VITRINE_FEED_ERROR_KEY_REJECTED,
      "YouTube does not let this account ban viewers in this chat: only the channel and its "
      "moderators can" },
    { 403, GOOGLE_ERROR (403, "Cannot", "modificationNotAllowed"), FALSE,
      VITRINE_FEED_ERROR_FAILED, "YouTube does not let anyone delete this message (it was "
      "written by the channel or a moderator)" },
    { 404, GOOGLE_ERROR (404, "Not found", "liveChatMessageNotFound"), FALSE,
      VITRINE_FEED_ERROR_NOT_FOUND, "YouTube no longer has this message; it may already be "
      "deleted" },
    { 403, quota_error, TRUE, VITRINE_FEED_ERROR_RATE_LIMITED,
      "YouTube’s daily quota is spent; moderation works again after midnight Pacific time" },
    { 401, GOOGLE_ERROR (401, "Invalid Credentials", "authError"), FALSE,
      VITRINE_FEED_ERROR_KEY_REJECTED,
      "YouTube refused the sign-in (it may have expired); sign in again" },
    { 500, "oops", TRUE, VITRINE_FEED_ERROR_SERVER_ERROR,
      "YouTube has a problem (HTTP 500); try again later" },
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *snippet;
  Request *request;

  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (chat));
  vitrine_feed_append (feed, spam);
  vitrine_feed_append (feed, rude);

  /* Delete: DELETE …/liveChat/messages?id=, 204, shown deleted at once. */
  youtube->moderation = reply_new (204, NULL);
  {
    g_autoptr(GAsyncResult) result = NULL;

    vitrine_youtube_chat_delete_message_async (chat, "LCC.RUDE", NULL,
                                               store_result_cb, &result);
    WAIT_UNTIL (result != NULL, 3000);
    g_assert_true (vitrine_youtube_chat_delete_message_finish (chat, result, &error));
    g_assert_no_error (error);
  }
  request = youtube_request (youtube, 0);
  g_assert_cmpstr (request->method, ==, "DELETE");
  g_assert_cmpstr (request->path, ==, MESSAGES_PATH);
  g_assert_cmpstr (g_hash_table_lookup (request->query, "id"), ==, "LCC.RUDE");
  g_assert_cmpstr (request->authorization, ==, "Bearer " TOKEN);
  g_assert_cmpint (vitrine_feed_item_get_visibility (rude), ==, VITRINE_FEED_ITEM_DELETED);

  /* A timeout: POST …/liveChat/bans?part=snippet. */
  youtube->moderation = reply_new (200, "{\"kind\":\"youtube#liveChatBan\",\"etag\":\"x\","
                                   "\"id\":\"ban-1\",\"snippet\":{\"liveChatId\":\"" CHAT_ID "\","
                                   "\"type\":\"temporary\",\"banDurationSeconds\":\"600\","
                                   "\"bannedUserDetails\":{\"channelId\":\"UCspam\"}}}");
  {
    g_autoptr(GAsyncResult) result = NULL;

    vitrine_youtube_chat_ban_user_async (chat, "UCspam", 600, NULL,
                                         store_result_cb, &result);
    WAIT_UNTIL (result != NULL, 3000);
    g_assert_true (vitrine_youtube_chat_ban_user_finish (chat, result, &error));
    g_assert_no_error (error);
  }
  request = youtube_request (youtube, 1);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, BANS_PATH);
  g_assert_cmpstr (g_hash_table_lookup (request->query, "part"), ==, "snippet");
  g_assert_cmpstr (request->authorization, ==, "Bearer " TOKEN);
  g_assert_true (json_parser_load_from_data (parser, request->body, -1, &error));
  snippet = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                           "snippet");
  g_assert_cmpstr (json_object_get_string_member (snippet, "liveChatId"), ==, CHAT_ID);
  g_assert_cmpstr (json_object_get_string_member (snippet, "type"), ==, "temporary");
  g_assert_cmpstr (json_object_get_string_member (snippet, "banDurationSeconds"), ==, "600");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (snippet, "bannedUserDetails"), "channelId"),
                   ==, "UCspam");
  g_assert_cmpint (vitrine_feed_item_get_visibility (spam), ==, VITRINE_FEED_ITEM_BANNED);

  /* A permanent ban: no duration. */
  youtube->moderation = reply_new (200, "{\"kind\":\"youtube#liveChatBan\",\"id\":\"ban-2\"}");
  {
    g_autoptr(GAsyncResult) result = NULL;

    vitrine_youtube_chat_ban_user_async (chat, "UCtroll", 0, NULL,
                                         store_result_cb, &result);
    WAIT_UNTIL (result != NULL, 3000);
    g_assert_true (vitrine_youtube_chat_ban_user_finish (chat, result, &error));
  }
  request = youtube_request (youtube, 2);
  g_assert_true (json_parser_load_from_data (parser, request->body, -1, &error));
  snippet = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                           "snippet");
  g_assert_cmpstr (json_object_get_string_member (snippet, "type"), ==, "permanent");
  g_assert_false (json_object_has_member (snippet, "banDurationSeconds"));

  /* Refusals, in the host's words. */
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      gboolean ok;

      youtube->moderation = reply_new (refusals[i].status, refusals[i].body);
      if (refusals[i].ban)
        vitrine_youtube_chat_ban_user_async (chat, "UCx", 300, NULL,
                                             store_result_cb, &result);
      else
        vitrine_youtube_chat_delete_message_async (chat, "LCC.X", NULL,
                                                   store_result_cb, &result);
      WAIT_UNTIL (result != NULL, 3000);
      ok = refusals[i].ban ? vitrine_youtube_chat_ban_user_finish (chat, result, &error)
                           : vitrine_youtube_chat_delete_message_finish (chat, result, &error);
      g_assert_false (ok);
      g_assert_error (error, VITRINE_FEED_ERROR, (gint) refusals[i].code);
      g_assert_cmpstr (error->message, ==, refusals[i].message);
      g_clear_error (&error);
    }

  g_assert_null (strstr (captured_log->str, TOKEN));
}

/* The parser alone */

static VitrineYoutubeParseResult *
parse (const char *text)
{
  return vitrine_youtube_parse_page (text, strlen (text));
}

static void
test_parse_sample (void)
{
  /* The documented sample (platform-apis.md §1.3), verbatim in shape. */
  static const char sample[] =
    "{\"kind\": \"youtube#liveChatMessageListResponse\", \"etag\": \"pWm3Xk1tQ0vF9rZ2aB7cD4eF5gH\","
    " \"pollingIntervalMillis\": 5170,"
    " \"pageInfo\": { \"totalResults\": 4, \"resultsPerPage\": 4 },"
    " \"nextPageToken\": \"GO7Vn5m8w5EDIPXpq5q8w5ED\", \"items\": ["
    TEXT (ID_LAYLA, "UC4vYqG0pS2u5f8wXzj1kL3A", "2026-11-21T19:04:05.123456+00:00",
          "Is the blue scarf still in stock? 💙 size M",
          AUTHOR ("UC4vYqG0pS2u5f8wXzj1kL3A", "ليلى ✨", "false", "false", "true", "false")) ","
    MESSAGE (ID_DAN, "superChatEvent", "UCq1w2e3r4t5y6u7i8o9p0aS",
             "2026-11-21T19:04:09.880021+00:00", "$5.00 from Dan: Take my money, 2x red one",
             "\"superChatDetails\":{\"amountMicros\":\"5000000\",\"currency\":\"USD\","
             "\"amountDisplayString\":\"$5.00\",\"userComment\":\"Take my money, 2x red one\","
             "\"tier\":2}", VIEWER ("UCq1w2e3r4t5y6u7i8o9p0aS", "Dan")) ","
    "{\"kind\":\"youtube#liveChatMessage\",\"etag\":\"Mm1\","
    "\"id\":\"LCC.EhwKGkNKbjVyX3Z3X0pFREZjQzNyUVlkV1JJTmR3\",\"snippet\":{"
    "\"type\":\"messageDeletedEvent\",\"liveChatId\":\"" CHAT_ID "\","
    "\"authorChannelId\":\"UCmod000000000000000000A\","
    "\"publishedAt\":\"2026-11-21T19:04:12.004000+00:00\",\"hasDisplayContent\":true,"
    "\"displayMessage\":\"A message was removed by a moderator\","
    "\"messageDeletedDetails\":{\"deletedMessageId\":\"" ID_LAYLA "\"}}},"
    "{\"kind\":\"youtube#liveChatMessage\",\"etag\":\"Bb2\","
    "\"id\":\"LCC.EhwKGkNOV3ZyX3Z3X0pFREZhN3JyUVlkTWFrQlJ3\",\"snippet\":{"
    "\"type\":\"userBannedEvent\",\"liveChatId\":\"" CHAT_ID "\","
    "\"authorChannelId\":\"UCmod000000000000000000A\","
    "\"publishedAt\":\"2026-11-21T19:04:13.500000+00:00\",\"hasDisplayContent\":true,"
    "\"displayMessage\":\"spam4u was hidden by a moderator for 300 seconds\","
    "\"userBannedDetails\":{\"bannedUserDetails\":{\"channelId\":\"UCspam0000000000000000XY\","
    "\"channelUrl\":\"http://www.youtube.com/channel/UCspam0000000000000000XY\","
    "\"displayName\":\"spam4u\",\"profileImageUrl\":\"https://yt4.ggpht.com/s\"},"
    "\"banType\":\"temporary\",\"banDurationSeconds\":\"300\"}}}]}";
  g_autoptr(VitrineYoutubeParseResult) result = parse (sample);
  VitrineFeedItem *item;

  g_assert_cmpint (result->reason, ==, VITRINE_YOUTUBE_REASON_NONE);
  g_assert_cmpstr (result->next_page_token, ==, "GO7Vn5m8w5EDIPXpq5q8w5ED");
  g_assert_cmpint (result->polling_interval_ms, ==, 5170);
  g_assert_null (result->offline_at);
  g_assert_false (result->chat_ended);
  g_assert_cmpuint (result->n_items, ==, 4);
  g_assert_cmpuint (result->n_skipped, ==, 0);
  g_assert_cmpuint (result->items->len, ==, 3);
  g_assert_cmpuint (result->retracted->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (result->retracted, 0), ==, ID_LAYLA);
  g_assert_cmpuint (result->banned->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (result->banned, 0), ==, "UCspam0000000000000000XY");

  item = g_ptr_array_index (result->items, 0);
  g_assert_cmpint (vitrine_feed_item_get_kind (item), ==, VITRINE_FEED_ITEM_CHAT);
  g_assert_cmpint (g_date_time_get_microsecond (vitrine_feed_item_get_time (item)), ==, 123456);
  item = g_ptr_array_index (result->items, 1);
  g_assert_cmpint (vitrine_feed_item_get_amount (item)->amount, ==, 500);
  item = g_ptr_array_index (result->items, 2);
  g_assert_cmpint (vitrine_feed_item_get_kind (item), ==, VITRINE_FEED_ITEM_MODERATION);
  g_assert_cmpstr (vitrine_feed_item_get_author_id (item), ==, "UCmod000000000000000000A");
  g_assert_cmpstr (vitrine_feed_item_get_text (item), ==, "spam4u was timed out for 5 minutes");
}

static void
test_parse_errors (void)
{
  static const struct
  {
    const char           *body;
    VitrineYoutubeReason  reason;
    int                   code;
    const char           *name;
  } cases[] = {
    { quota_error, VITRINE_YOUTUBE_REASON_QUOTA_EXCEEDED, 403, "quotaExceeded" },
    { rate_limit_error, VITRINE_YOUTUBE_REASON_RATE_LIMIT_EXCEEDED, 403, "rateLimitExceeded" },
    { rate_limit_429, VITRINE_YOUTUBE_REASON_RATE_LIMIT_EXCEEDED, 429, "rateLimitExceeded" },
    { GOOGLE_ERROR (403, "x", "liveChatEnded"), VITRINE_YOUTUBE_REASON_CHAT_ENDED, 403,
      "liveChatEnded" },
    { GOOGLE_ERROR (403, "x", "liveChatDisabled"), VITRINE_YOUTUBE_REASON_CHAT_DISABLED, 403,
      "liveChatDisabled" },
    { GOOGLE_ERROR (404, "x", "liveChatNotFound"), VITRINE_YOUTUBE_REASON_CHAT_NOT_FOUND, 404,
      "liveChatNotFound" },
    { GOOGLE_ERROR (400, "x", "pageTokenInvalid"), VITRINE_YOUTUBE_REASON_PAGE_TOKEN_INVALID,
      400, "pageTokenInvalid" },
    /* The newer shape: no errors[], a status and an ErrorInfo. */
    { "{\"error\":{\"code\":401,\"message\":\"x\",\"status\":\"UNAUTHENTICATED\"}}",
      VITRINE_YOUTUBE_REASON_AUTH, 401, "UNAUTHENTICATED" },
    { "{\"error\":{\"code\":400,\"message\":\"API key not valid.\",\"status\":\"INVALID_ARGUMENT\","
      "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
      "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}]}}",
      VITRINE_YOUTUBE_REASON_AUTH, 400, "API_KEY_INVALID" },
    /* Unknown first, known second: the known one wins. */
    { "{\"error\":{\"code\":403,\"errors\":[{\"reason\":\"somethingNew\"},"
      "{\"reason\":\"quotaExceeded\"}]}}", VITRINE_YOUTUBE_REASON_QUOTA_EXCEEDED, 403,
      "quotaExceeded" },
    { "{\"error\":{\"code\":\"403\",\"errors\":\"quotaExceeded\"}}",
      VITRINE_YOUTUBE_REASON_OTHER, 403, NULL },
    { "{\"error\":{}}", VITRINE_YOUTUBE_REASON_OTHER, 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VitrineYoutubeParseResult) result = parse (cases[i].body);

      g_test_message ("case %u", i);
      g_assert_cmpint (result->reason, ==, cases[i].reason);
      g_assert_cmpint (result->error_code, ==, cases[i].code);
      g_assert_cmpstr (result->reason_name, ==, cases[i].name);
      g_assert_cmpuint (result->items->len, ==, 0);
    }

  {
    g_autoptr(VitrineYoutubeParseResult) result = parse (quota_error);

    /* YouTube's HTML is gone from its message. */
    g_assert_cmpstr (result->error_message, ==, "The request cannot be completed because you "
                     "have exceeded your quota.");
  }
}

static void
test_parse_amounts (void)
{
  static const struct
  {
    const char *micros;
    const char *currency;
    gboolean    ok;
    gint64      minor;
  } cases[] = {
    { "5000000", "USD", TRUE, 500 },
    { "1000000000", "JPY", TRUE, 1000 },          /* no minor unit */
    { "1250000", "KWD", TRUE, 1250 },             /* three digits */
    { "7500", "BHD", TRUE, 7 },                   /* 0.0075 BHD: finer than fils, dropped */
    { "199000000", "eur", TRUE, 19900 },
    { "0", "USD", TRUE, 0 },
    { "18446744073709551615", "USD", TRUE, G_GINT64_CONSTANT (1844674407370955) },
    { "18446744073709551615", "KWD", TRUE, G_GINT64_CONSTANT (18446744073709551) },
    { "18446744073709551616", "USD", FALSE, 0 },  /* beyond 64 bits */
    { "-5000000", "USD", FALSE, 0 },
    { "+5000000", "USD", FALSE, 0 },
    { " 5000000", "USD", FALSE, 0 },
    { "5e6", "USD", FALSE, 0 },
    { "5000000.0", "USD", FALSE, 0 },
    { "", "USD", FALSE, 0 },
    { "5000000", "XYZ", FALSE, 0 },
    { "5000000", "US", FALSE, 0 },
    { "5000000", NULL, FALSE, 0 },
  };
  gint64 minor;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VitrineMoney money = { 0 };
      gboolean ok = vitrine_youtube_parse_amount (cases[i].micros, cases[i].currency, &money);

      g_test_message ("%s %s", cases[i].micros, cases[i].currency);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_cmpint (money.amount, ==, cases[i].minor);
    }

  /* More than six digits would multiply; beyond 64 bits is refused. */
  g_assert_true (vitrine_youtube_micros_to_minor (5, 8, &minor));
  g_assert_cmpint (minor, ==, 500);
  g_assert_false (vitrine_youtube_micros_to_minor (G_MAXUINT64, 8, &minor));
  g_assert_false (vitrine_youtube_micros_to_minor (G_MAXUINT64, 6, &minor));
  g_assert_false (vitrine_youtube_micros_to_minor (1, -1, &minor));
  g_assert_false (vitrine_youtube_micros_to_minor (1, 10, &minor));

  /* A JSON integer is read too; a double never. */
  {
    g_autoptr(VitrineYoutubeParseResult) as_number =
      parse (PAGE ("1000", "T", MESSAGE ("a", "superChatEvent", "UCa", T0, "x",
                                          "\"superChatDetails\":{\"amountMicros\":3000000,"
                                          "\"currency\":\"GBP\",\"tier\":1}",
                                          VIEWER ("UCa", "A")) ","
                                 MESSAGE ("b", "superChatEvent", "UCb", T0, "x",
                                          "\"superChatDetails\":{\"amountMicros\":3000000.0,"
                                          "\"currency\":\"GBP\"}",
                                          VIEWER ("UCb", "B"))));
    VitrineFeedItem *a = g_ptr_array_index (as_number->items, 0);
    VitrineFeedItem *b = g_ptr_array_index (as_number->items, 1);

    g_assert_cmpint (vitrine_feed_item_get_amount (a)->amount, ==, 300);
    /* No amountDisplayString: the exact decimal and the code. */
    g_assert_cmpstr (vitrine_feed_item_get_detail (a), ==, "Super Chat 3.00 GBP, tier 1");
    g_assert_null (vitrine_feed_item_get_amount (b));
    g_assert_cmpstr (vitrine_feed_item_get_detail (b), ==, "Super Chat");
  }
}

static void
test_parse_durations (void)
{
  static const struct
  {
    guint64     seconds;
    const char *text;
  } cases[] = {
    { 0, "0 seconds" },
    { 1, "1 second" },
    { 59, "59 seconds" },
    { 60, "1 minute" },
    { 90, "1 minute 30 seconds" },
    { 300, "5 minutes" },
    { 3600, "1 hour" },
    { 26012, "7 hours 14 minutes" },
    { 86399, "24 hours" },
    { 86400, "1 day" },
    { 90000, "1 day 1 hour" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = vitrine_youtube_format_duration (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_quota_reset_time (void)
{
  static const struct
  {
    const char *now;
    const char *reset;
  } cases[] = {
    /* Winter (PST, UTC−8). */
    { "2026-11-22T01:40:53Z", "2026-11-22T08:00:00Z" },
    { "2026-11-22T07:59:59Z", "2026-11-22T08:00:00Z" },
    /* Exactly midnight: the next one. */
    { "2026-11-22T08:00:00Z", "2026-11-23T08:00:00Z" },
    /* Summer (PDT, UTC−7). */
    { "2026-07-01T12:00:00Z", "2026-07-02T07:00:00Z" },
    /* The night DST starts (8 March 2026, at 02:00 PST). */
    { "2026-03-08T07:30:00Z", "2026-03-08T08:00:00Z" },
    { "2026-03-08T09:00:00Z", "2026-03-09T07:00:00Z" },
    /* The night it ends (1 November 2026). */
    { "2026-11-01T08:00:00Z", "2026-11-02T08:00:00Z" },
    /* New Year's Eve in Tokyo is still the 31st in California. */
    { "2026-12-31T23:30:00+09:00", "2027-01-01T08:00:00Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (cases[i].now, NULL);
      g_autoptr(GDateTime) expected = g_date_time_new_from_iso8601 (cases[i].reset, NULL);
      g_autoptr(GDateTime) reset = vitrine_youtube_quota_reset_time (now);
      g_autofree char *text = g_date_time_format_iso8601 (reset);

      g_test_message ("%s → %s", cases[i].now, text);
      g_assert_true (g_date_time_equal (reset, expected));
    }
}

/* Every type, and its details missing or of the wrong type. */
static void
test_parse_types (void)
{
  static const char page[] =
    "{\"nextPageToken\":\"N\",\"offlineAt\":\"2026-11-21T20:15:00Z\",\"items\":["
    /* Fan funding (legacy). */
    MESSAGE ("f", "fanFundingEvent", "UCa", T0, "x",
             "\"fanFundingEventDetails\":{\"amountMicros\":\"2500000\",\"currency\":\"CAD\","
             "\"amountDisplayString\":\"CA$2.50\",\"userComment\":\"hi\"}",
             VIEWER ("UCa", "A")) ","
    /* Jewels gift, both shapes; Jewels are no money. */
    "{\"id\":\"g1\",\"snippet\":{\"type\":\"giftEvent\",\"publishedAt\":\"" T0 "\","
    "\"giftDetails\":{\"giftName\":\"Rose\",\"jewelsAmount\":10,\"comboCount\":3}},"
    VIEWER ("UCg", "G") "},"
    "{\"id\":\"g2\",\"snippet\":{\"type\":\"GIFT_EVENT\",\"publishedAt\":\"" T0 "\","
    "\"giftEventDetails\":{\"giftMetadata\":{\"giftName\":\"Cake\",\"jewelsAmount\":5}}},"
    VIEWER ("UCg", "G") "},"
    /* Upgrade, no level; a milestone without months; gifting without a count. */
    MESSAGE ("u", "newSponsorEvent", "UCu", T0, "x",
             "\"newSponsorDetails\":{\"isUpgrade\":true}", VIEWER ("UCu", "U")) ","
    MESSAGE ("m", "memberMilestoneChatEvent", "UCm", T0, "x",
             "\"memberMilestoneChatDetails\":{\"memberMonth\":\"1\"}", VIEWER ("UCm", "M")) ","
    MESSAGE ("m1", "memberMilestoneChatEvent", "UCm", T0, "x",
             "\"memberMilestoneChatDetails\":{\"memberMonth\":1}", VIEWER ("UCm", "M")) ","
    MESSAGE ("gm", "membershipGiftingEvent", "UCgm", T0, "x",
             "\"membershipGiftingDetails\":{\"giftMembershipsCount\":-2}",
             VIEWER ("UCgm", "GM")) ","
    MESSAGE ("r", "giftMembershipReceivedEvent", "UCr", T0, "x",
             "\"giftMembershipReceivedDetails\":7", VIEWER ("UCr", "R")) ","
    MESSAGE ("off", "sponsorOnlyModeEndedEvent", "UCo", T0, "x", "\"z\":0",
             VIEWER ("UCo", "O")) ","
    /* Broken: no details, no deleted id, a ban without a channel, a sticker
     * without metadata, a super chat whose details are an array. */
    MESSAGE ("d", "messageDeletedEvent", "UCmod", T0, "x",
             "\"messageDeletedDetails\":{\"deletedMessageId\":7}", VIEWER ("UCmod", "Mod")) ","
    MESSAGE ("rt", "messageRetractedEvent", "UCx", T0, "x", "\"z\":0", VIEWER ("UCx", "X")) ","
    MESSAGE ("b", "userBannedEvent", "UCmod", T0, "x",
             "\"userBannedDetails\":{\"bannedUserDetails\":{\"displayName\":\"who\"}}",
             VIEWER ("UCmod", "Mod")) ","
    MESSAGE ("st", "superStickerEvent", "UCs", T0, "x",
             "\"superStickerDetails\":{\"amountMicros\":\"1000000\",\"currency\":\"JPY\"}",
             VIEWER ("UCs", "S")) ","
    MESSAGE ("sc", "superChatEvent", "UCs", T0, "x", "\"superChatDetails\":[1,2]",
             VIEWER ("UCs", "S")) ","
    /* A temporary ban without a duration: YouTube's default, 300 s. */
    MESSAGE ("b2", "userBannedEvent", "UCmod", T0, "x",
             "\"userBannedDetails\":{\"bannedUserDetails\":{\"channelId\":\"UCv\"},"
             "\"banType\":\"temporary\",\"banDurationSeconds\":\"-5\"}",
             VIEWER ("UCmod", "Mod")) ","
    /* A tombstone without an id; a text without text but a displayMessage. */
    "{\"snippet\":{\"type\":\"tombstone\"}},"
    "{\"id\":\"dm\",\"snippet\":{\"type\":\"textMessageEvent\",\"displayMessage\":\"shown\","
    "\"publishedAt\":\"not a time\"}}"
    "]}";
  static const struct
  {
    VitrineFeedItemKind  kind;
    const char          *text;
    const char          *detail;
    gint64               amount;
  } expected[] = {
    { VITRINE_FEED_ITEM_PAID, "hi", "Fan Funding CA$2.50", 250 },
    { VITRINE_FEED_ITEM_PAID, "", "Gift: Rose ×3", -1 },
    { VITRINE_FEED_ITEM_PAID, "", "Gift: Cake", -1 },
    { VITRINE_FEED_ITEM_MEMBERSHIP, "", "Upgraded membership", -1 },
    { VITRINE_FEED_ITEM_MEMBERSHIP, "", "Member for 1 month", -1 },
    { VITRINE_FEED_ITEM_MEMBERSHIP, "", "Member for 1 month", -1 },
    { VITRINE_FEED_ITEM_MEMBERSHIP, "", "Gifted memberships", -1 },
    { VITRINE_FEED_ITEM_MEMBERSHIP, "", "Received a gift membership", -1 },
    { VITRINE_FEED_ITEM_NOTICE, "Members-only chat is off", NULL, -1 },
    { VITRINE_FEED_ITEM_PAID, "", "Super Sticker", 1 },
    { VITRINE_FEED_ITEM_MODERATION, "UCv was timed out for 5 minutes", "Timeout: 5 minutes", -1 },
    { VITRINE_FEED_ITEM_CHAT, "shown", NULL, -1 },
  };
  g_autoptr(VitrineYoutubeParseResult) result = parse (page);
  g_autoptr(GDateTime) offline = g_date_time_new_utc (2026, 11, 21, 20, 15, 0);

  g_assert_cmpint (result->reason, ==, VITRINE_YOUTUBE_REASON_NONE);
  g_assert_true (g_date_time_equal (result->offline_at, offline));
  g_assert_cmpint (result->polling_interval_ms, ==, -1);
  g_assert_cmpuint (result->n_items, ==, 17);
  g_assert_cmpuint (result->items->len, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (result->n_skipped, ==, 5);
  g_assert_cmpuint (result->retracted->len, ==, 0);
  g_assert_cmpuint (result->banned->len, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      VitrineFeedItem *item = g_ptr_array_index (result->items, i);
      const VitrineMoney *amount = vitrine_feed_item_get_amount (item);

      g_test_message ("item %u", i);
      g_assert_cmpint (vitrine_feed_item_get_kind (item), ==, expected[i].kind);
      g_assert_cmpstr (vitrine_feed_item_get_text (item), ==, expected[i].text);
      g_assert_cmpstr (vitrine_feed_item_get_detail (item), ==, expected[i].detail);
      g_assert_cmpint (amount ? amount->amount : -1, ==, expected[i].amount);
    }
}

/* Hostile input never crashes, and what comes out is sanitised. */
static void
test_parse_hostile (void)
{
  static const char *bodies[] = {
    "",
    "null",
    "[]",
    "\"items\"",
    "{}",
    "{\"items\":{}}",
    "{\"items\":\"no\",\"nextPageToken\":\"x\"}",
    "{\"items\":[",
    "{\"items\":[{\"id\":\"a\",\"snippet\":{\"type\":\"textMessageEvent\",\"textMessageDetails\"",
    "{\"kind\":\"youtube#liveChatMessageListResponse\",\"items\":[{\"snippet\":",
    "{\"items\":[null,1,true,[],{},{\"snippet\":null},{\"snippet\":[]},{\"snippet\":{}}],"
    "\"nextPageToken\":7,\"pollingIntervalMillis\":\"fast\",\"offlineAt\":[]}",
    "{\"items\":[{\"snippet\":{\"type\":\"textMessageEvent\",\"textMessageDetails\":"
    "{\"messageText\":\"x\"}},\"authorDetails\":{\"displayName\":{},\"channelId\":[],"
    "\"isChatOwner\":null}}],\"pollingIntervalMillis\":-5}",
    "{\"error\":[]}",
    "{\"error\":{\"code\":1e308,\"message\":{},\"errors\":[null,\"x\",{\"reason\":5}]}}",
    "{\"items\":[{\"id\":\"\\u0000nul\",\"snippet\":{\"type\":\"textMessageEvent\","
    "\"textMessageDetails\":{\"messageText\":\"a\\u0000b\"}}}]}",
    "\xff\xfe{\"items\":[]}",
    /* Two answers in one: json-glib would keep the second and leak the first. */
    "{\"nextPageToken\":\"A\",\"items\":[]} {\"nextPageToken\":\"B\",\"items\":[]}",
    "{\"items\":[{\"id\":\"bad\xc3\",\"snippet\":{\"type\":\"textMessageEvent\","
    "\"textMessageDetails\":{\"messageText\":\"\xed\xa0\x80\"}}}],\"nextPageToken\":\"t\"}",
  };
  GString *deep = g_string_new (NULL);
  GString *huge = g_string_new ("{\"nextPageToken\":\"");
  g_autoptr(VitrineYoutubeParseResult) deep_result = NULL;
  g_autoptr(VitrineYoutubeParseResult) huge_result = NULL;
  const char *author;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(VitrineYoutubeParseResult) result = parse (bodies[i]);

      g_test_message ("body %u: reason %d", i, result->reason);
      for (guint j = 0; j < result->items->len; j++)
        {
          VitrineFeedItem *item = g_ptr_array_index (result->items, j);

          g_assert_true (g_utf8_validate (vitrine_feed_item_get_text (item), -1, NULL));
          g_assert_true (g_utf8_validate (vitrine_feed_item_get_author (item), -1, NULL));
        }
    }

  {
    g_autoptr(VitrineYoutubeParseResult) result = parse (bodies[10]);

    /* Wrong types are not trusted: no token, no interval, no time. */
    g_assert_cmpint (result->reason, ==, VITRINE_YOUTUBE_REASON_NONE);
    g_assert_null (result->next_page_token);
    g_assert_cmpint (result->polling_interval_ms, ==, -1);
    g_assert_null (result->offline_at);
    g_assert_cmpuint (result->n_skipped, ==, 8);
  }
  {
    g_autoptr(VitrineYoutubeParseResult) result = parse (bodies[11]);
    VitrineFeedItem *item = g_ptr_array_index (result->items, 0);

    g_assert_cmpint (result->polling_interval_ms, ==, -1);
    g_assert_cmpstr (vitrine_feed_item_get_author (item), ==, "");
    g_assert_null (vitrine_feed_item_get_author_id (item));
    g_assert_cmpint (vitrine_feed_item_get_flags (item), ==, 0);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(VitrineYoutubeParseResult) result = parse (bodies[i]);

      if (i < 5 || i == 16)
        g_assert_cmpint (result->reason, ==, VITRINE_YOUTUBE_REASON_MALFORMED);
    }

  /* Nesting that would overflow json-glib's recursion: refused unread. */
  g_string_append (deep, "{\"items\":");
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  deep_result = vitrine_youtube_parse_page (deep->str, deep->len);
  g_assert_cmpint (deep_result->reason, ==, VITRINE_YOUTUBE_REASON_MALFORMED);
  g_string_free (deep, TRUE);

  /* A 4 MB page token, a 1 MB name. */
  for (guint i = 0; i < 4 * 1024 * 1024; i++)
    g_string_append_c (huge, 'T');
  g_string_append (huge, "\",\"items\":[{\"id\":\"x\",\"snippet\":{\"type\":\"textMessageEvent\","
                   "\"textMessageDetails\":{\"messageText\":\"hi\"}},\"authorDetails\":"
                   "{\"displayName\":\"");
  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append (huge, i % 2 ? "\\u202E" : "N");
  g_string_append (huge, "\"}}]}");
  huge_result = vitrine_youtube_parse_page (huge->str, huge->len);
  g_assert_cmpint (huge_result->reason, ==, VITRINE_YOUTUBE_REASON_NONE);
  g_assert_cmpuint (strlen (huge_result->next_page_token), ==, 4096);
  g_assert_cmpuint (huge_result->items->len, ==, 1);
  author = vitrine_feed_item_get_author (g_ptr_array_index (huge_result->items, 0));
  g_assert_cmpuint (g_utf8_strlen (author, -1), ==, 65);
  g_assert_null (strstr (author, "\xe2\x80\xae"));
  g_string_free (huge, TRUE);
}

/* The fuzzer's seed corpus replays here on every run. */
static void
test_parse_corpus (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "youtube", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    {
      g_test_skip ("no corpus");
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(VitrineYoutubeParseResult) result = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
      result = vitrine_youtube_parse_page (contents, length);
      n++;
    }
  g_test_message ("%u corpus files", n);
  g_assert_cmpuint (n, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_setenv ("TZ", "UTC", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/youtube/parse/sample", test_parse_sample);
  g_test_add_func ("/youtube/parse/types", test_parse_types);
  g_test_add_func ("/youtube/parse/errors", test_parse_errors);
  g_test_add_func ("/youtube/parse/amounts", test_parse_amounts);
  g_test_add_func ("/youtube/parse/durations", test_parse_durations);
  g_test_add_func ("/youtube/parse/quota-reset-time", test_quota_reset_time);
  g_test_add_func ("/youtube/parse/hostile", test_parse_hostile);
  g_test_add_func ("/youtube/parse/corpus", test_parse_corpus);
  g_test_add_func ("/youtube/chat/feed", test_chat_feed);
  g_test_add_func ("/youtube/chat/quota", test_quota);
  g_test_add_func ("/youtube/chat/rate-limit", test_rate_limit);
  g_test_add_func ("/youtube/chat/terminal-errors", test_terminal_errors);
  g_test_add_func ("/youtube/chat/reconnect", test_reconnect);
  g_test_add_func ("/youtube/chat/unreachable", test_unreachable);
  g_test_add_func ("/youtube/chat/configuration", test_configuration);
  g_test_add_func ("/youtube/chat/api-key", test_api_key);
  g_test_add_func ("/youtube/chat/moderation", test_moderation);

  return g_test_run ();
}
