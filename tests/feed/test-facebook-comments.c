/* test-facebook-comments.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Facebook Live comments against a local SoupServer that answers like the
 * Graph API (../shared/reference/platform-apis.md §3.1, §3.4, §7): pages
 * with cursors, `since` moving forward with an overlap and no duplicate,
 * comments without `from`, hostile text, the error codes and what state each
 * becomes, the usage headers, and the end of the live video. What is
 * asserted is what the host sees: the feed, the state and its status line,
 * and what Facebook received (never the token in a URL or a log).
 */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "vitrine-facebook-comments.h"
#include "vitrine-facebook-parse.h"
#include "vitrine-feed.h"

#define TOKEN    "EAAGm0PX4ZCpsBAFakeTokenForTests0123456789"
#define VIDEO_ID "1187745566201234"
/* 2026-11-21T19:05:00Z */
#define T0       G_GINT64_CONSTANT (1795287900)

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
      g_string_append_c (captured_log, '\n');
    }
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* The fake Graph API */

typedef struct
{
  char       *path;
  char       *query;
  GHashTable *params;
  char       *authorization;
  gint64      time;
} Request;

typedef struct _Graph Graph;
typedef void (*Respond) (Graph             *graph,
                         SoupServerMessage *msg,
                         Request           *request,
                         guint              index);

struct _Graph
{
  SoupServer *server;
  char       *base_url;
  GPtrArray  *requests;       /* all */
  guint       n_comments;     /* comment requests so far */
  guint       n_status;       /* status requests so far */
  Respond     respond;
  const char *status_body;
};

static void
request_free (Request *request)
{
  g_free (request->path);
  g_free (request->query);
  g_clear_pointer (&request->params, g_hash_table_unref);
  g_free (request->authorization);
  g_free (request);
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=UTF-8", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Graph *graph = user_data;
  Request *request = g_new0 (Request, 1);
  GUri *uri = soup_server_message_get_uri (msg);

  request->path = g_strdup (path);
  request->query = g_strdup (g_uri_get_query (uri));
  request->params = request->query
                    ? g_uri_parse_params (request->query, -1, "&", G_URI_PARAMS_NONE, NULL)
                    : g_hash_table_new (g_str_hash, g_str_equal);
  request->authorization =
    g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                            "Authorization"));
  request->time = g_get_monotonic_time ();
  g_ptr_array_add (graph->requests, request);

  if (g_str_has_suffix (path, "/comments"))
    graph->respond (graph, msg, request, graph->n_comments++);
  else
    {
      graph->n_status++;
      respond_json (msg, SOUP_STATUS_OK,
                    graph->status_body ? graph->status_body
                                       : "{\"status\":\"LIVE\",\"id\":\"" VIDEO_ID "\"}");
    }
}

static Graph *
graph_new (Respond respond)
{
  Graph *graph = g_new0 (Graph, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  graph->server = soup_server_new (NULL, NULL);
  graph->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  graph->respond = respond;
  soup_server_add_handler (graph->server, NULL, server_cb, graph, NULL);
  soup_server_listen_local (graph->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (graph->server);
  graph->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return graph;
}

static void
graph_free (Graph *graph)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  soup_server_disconnect (graph->server);
  g_object_unref (graph->server);
  g_ptr_array_unref (graph->requests);
  g_free (graph->base_url);
  g_free (graph);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Graph, graph_free)

/* Comment requests only, in order. */
static Request *
comments_request (Graph *graph,
                  guint  index)
{
  for (guint i = 0, n = 0; i < graph->requests->len; i++)
    {
      Request *request = g_ptr_array_index (graph->requests, i);

      if (!g_str_has_suffix (request->path, "/comments"))
        continue;
      if (n++ == index)
        return request;
    }
  g_assert_not_reached ();
  return NULL;
}

static VitrineFacebookComments *
source_new (Graph *graph,
            guint  poll_interval,
            gint64 since)
{
  return g_object_new (VITRINE_TYPE_FACEBOOK_COMMENTS,
                       "id", "facebook-test",
                       "platform", "facebook",
                       "base-url", graph->base_url,
                       "live-video-id", VIDEO_ID,
                       "poll-interval", poll_interval,
                       "since", since,
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

typedef struct
{
  Graph                 *graph;
  VitrineFeedSource     *source;
  guint                  n;
  VitrineFeedSourceState state;
} Waiting;

static gboolean
has_comment_requests (gpointer data)
{
  Waiting *waiting = data;

  return waiting->graph->n_comments >= waiting->n;
}

static gboolean
is_in_state (gpointer data)
{
  Waiting *waiting = data;

  return vitrine_feed_source_get_state (waiting->source) == waiting->state;
}

static void
wait_for_state (VitrineFeedSource      *source,
                VitrineFeedSourceState  state,
                guint                   timeout_ms)
{
  Waiting waiting = { .source = source, .state = state };

  wait_until (is_in_state, &waiting, timeout_ms);
}

static void
wait_for_comment_requests (Graph *graph,
                           guint  n)
{
  Waiting waiting = { .graph = graph, .n = n };

  wait_until (has_comment_requests, &waiting, 10000);
}

static void
assert_item (VitrineFeed         *feed,
             guint                position,
             VitrineFeedItemKind  kind,
             const char          *id,
             const char          *author_id,
             const char          *author,
             const char          *text,
             const char          *detail,
             gint64               time)
{
  g_autoptr(VitrineFeedItem) item = g_list_model_get_item (G_LIST_MODEL (feed), position);

  g_assert_nonnull (item);
  g_assert_cmpint (vitrine_feed_item_get_kind (item), ==, kind);
  g_assert_cmpstr (vitrine_feed_item_get_platform (item), ==, "facebook");
  g_assert_cmpstr (vitrine_feed_item_get_source_id (item), ==, "facebook-test");
  g_assert_cmpstr (vitrine_feed_item_get_id (item), ==, id);
  g_assert_cmpstr (vitrine_feed_item_get_author_id (item), ==, author_id);
  g_assert_cmpstr (vitrine_feed_item_get_author (item), ==, author);
  g_assert_cmpstr (vitrine_feed_item_get_text (item), ==, text);
  g_assert_cmpstr (vitrine_feed_item_get_detail (item), ==, detail);
  g_assert_null (vitrine_feed_item_get_amount (item));
  g_assert_cmpint (vitrine_feed_item_get_visibility (item), ==, VITRINE_FEED_ITEM_VISIBLE);
  if (time > 0)
    g_assert_cmpint (g_date_time_to_unix (vitrine_feed_item_get_time (item)), ==, time);
  else
    /* No readable time: when it arrived. */
    g_assert_true (g_date_time_equal (vitrine_feed_item_get_time (item),
                                      vitrine_feed_item_get_received (item)));
}

/* Polling: pages, since, dedupe, hostile input */

static const char page_1[] =
  "{\"data\":["
  "{\"created_time\":\"2026-11-21T19:05:02+0000\",\"from\":{\"name\":\"Ana P.\","
  "\"id\":\"7120458839201744\"},\"message\":\"Quiero la talla M \xf0\x9f\x98\x8d #pedido\","
  "\"id\":\"1187745566201234_1187746012345678\"},"
  /* No `from`: Facebook hid the author. */
  "{\"created_time\":\"2026-11-21T19:05:09+0000\","
  "\"message\":\"how much is shipping to Canada?\","
  "\"id\":\"1187745566201234_1187746098765432\"},"
  /* Markup and a bidi override, in the name and the text. */
  "{\"created_time\":\"2026-11-21T19:05:10+0000\",\"from\":{\"name\":\"<b>Evil</b>\\u202eresU\","
  "\"id\":\"1000\"},\"message\":\"<span foreground='red'>SOLD A1</span> & more\","
  "\"id\":\"V_C3\"},"
  /* A sticker: no message. */
  "{\"created_time\":\"2026-11-21T19:05:11+0000\","
  "\"from\":{\"id\":\"1001\",\"name\":\"Sticker Fan\"},"
  "\"attachment\":{\"type\":\"sticker\"},\"id\":\"V_C4\"},"
  /* Not comments. */
  "{\"created_time\":\"2026-11-21T19:05:12+0000\",\"message\":\"no id\"},"
  "\"not an object\","
  /* Every member of the wrong type. */
  "{\"created_time\":12345,\"from\":\"Mallory\",\"message\":42,\"id\":\"V_C6\"},"
  /* A name of invisible characters only. */
  "{\"created_time\":\"2026-11-21T19:05:13+0000\",\"from\":{\"name\":\"\\u200b\\u2066\\u2069\","
  "\"id\":\"1002\"},\"message\":\"invisible name\",\"id\":\"V_C7\"}"
  "],\"paging\":{\"cursors\":{\"before\":\"QVFIUk1xYkx\",\"after\":\"QVFIUnBlZ0\"},"
  "\"next\":\"https://graph.facebook.com/v21.0/1187745566201234/comments?access_token=LEAK&"
  "after=QVFIUnBlZ0\"}}";

static char *
page_2 (void)
{
  g_autofree char *long_text = g_strnfill (10 * 1024, 'x');

  return g_strdup_printf (
    "{\"data\":["
    "{\"created_time\":\"2026-11-21T19:05:20+0000\",\"from\":{\"name\":\"Long Talker\","
    "\"id\":\"1003\"},\"message\":\"%s\",\"id\":\"V_C8\"},"
    "{\"created_time\":\"2026-11-21T19:05:21+0000\",\"from\":{\"name\":\"Bad\xff\xfe" "Bytes\","
    "\"id\":\"1004\"},\"message\":\"ok\xc3\x28" "end\",\"id\":\"V_C9\"},"
    "{\"created_time\":\"2026-11-21T19:05:22+0000\",\"from\":{\"name\":\"Multi Line\","
    "\"id\":\"1005\"},\"message\":\"line one\\nline two\\r\\n\\tline three\",\"id\":\"V_C10\"}"
    "],\"paging\":{\"cursors\":{\"before\":\"A\",\"after\":\"B\"}}}", long_text);
}

static const char page_3_new[] =
  "{\"created_time\":\"2026-11-21T19:05:30+0000\",\"from\":{\"name\":\"Late Comer\","
  "\"id\":\"1006\"},\"message\":\"+1 A3\",\"id\":\"V_C11\"}";

static void
respond_polling (Graph             *graph,
                 SoupServerMessage *msg,
                 Request           *request,
                 guint              index)
{
  switch (index)
    {
    case 0:
      respond_json (msg, SOUP_STATUS_OK, page_1);
      break;
    case 1:
      {
        g_autofree char *body = page_2 ();

        respond_json (msg, SOUP_STATUS_OK, body);
      }
      break;
    case 2:
      {
        /* What the overlap brings again, and one new comment. */
        g_autofree char *again = page_2 ();
        g_autofree char *body = NULL;
        char *end = strstr (again, "],\"paging\"");

        *end = '\0';
        body = g_strdup_printf ("%s,%s],\"paging\":{\"cursors\":{}}}", again, page_3_new);
        respond_json (msg, SOUP_STATUS_OK, body);
      }
      break;
    case 3:
      {
        /* A comment dated in the future must not push `since` past now. */
        g_autofree char *body =
          g_strdup_printf ("{\"data\":[%s,{\"created_time\":\"2099-01-01T00:00:00+0000\","
                           "\"from\":{\"name\":\"Time Traveller\",\"id\":\"1007\"},"
                           "\"message\":\"hello from the future\",\"id\":\"V_FUT\"}]}",
                           page_3_new);

        respond_json (msg, SOUP_STATUS_OK, body);
      }
      break;
    default:
      respond_json (msg, SOUP_STATUS_OK, "{\"data\":[]}");
      break;
    }
}

static void
test_polling (void)
{
  g_autoptr(Graph) graph = graph_new (respond_polling);
  g_autoptr(VitrineFacebookComments) source = source_new (graph, 30, T0 - 100);
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autofree char *long_x = g_strnfill (500, 'x');
  g_autofree char *long_expected = g_strconcat (long_x, "…", NULL);
  g_autoptr(VitrineFeedItem) bytes = NULL;
  g_autofree char *since_4 = g_strdup_printf ("%" G_GINT64_FORMAT, T0 + 30 - 5);
  gint64 since_5;
  gint64 now;
  Request *request;

  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (source));
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  wait_for_comment_requests (graph, 6);
  now = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_cmpint (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)), ==,
                   VITRINE_FEED_SOURCE_LIVE);
  g_assert_null (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source)));
  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (source));

  /* The feed, exactly: no duplicate across polls, nothing lost. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 11);
  assert_item (feed, 0, VITRINE_FEED_ITEM_CHAT, "1187745566201234_1187746012345678",
               "7120458839201744", "Ana P.", "Quiero la talla M 😍 #pedido", NULL, T0 + 2);
  assert_item (feed, 1, VITRINE_FEED_ITEM_CHAT, "1187745566201234_1187746098765432", NULL,
               "Facebook user", "how much is shipping to Canada?", NULL, T0 + 9);
  assert_item (feed, 2, VITRINE_FEED_ITEM_CHAT, "V_C3", "1000", "<b>Evil</b>resU",
               "<span foreground='red'>SOLD A1</span> & more", NULL, T0 + 10);
  assert_item (feed, 3, VITRINE_FEED_ITEM_CHAT, "V_C4", "1001", "Sticker Fan", "", "Sticker",
               T0 + 11);
  assert_item (feed, 4, VITRINE_FEED_ITEM_CHAT, "V_C6", NULL, "Facebook user", "", NULL, 0);
  assert_item (feed, 5, VITRINE_FEED_ITEM_CHAT, "V_C7", "1002", "Facebook user",
               "invisible name", NULL, T0 + 13);

  assert_item (feed, 6, VITRINE_FEED_ITEM_CHAT, "V_C8", "1003", "Long Talker", long_expected,
               NULL, T0 + 20);
  bytes = g_list_model_get_item (G_LIST_MODEL (feed), 7);
  g_assert_cmpstr (vitrine_feed_item_get_id (bytes), ==, "V_C9");
  g_assert_true (g_utf8_validate (vitrine_feed_item_get_author (bytes), -1, NULL));
  g_assert_true (g_str_has_prefix (vitrine_feed_item_get_author (bytes), "Bad\xef\xbf\xbd"));
  g_assert_true (g_str_has_suffix (vitrine_feed_item_get_author (bytes), "\xef\xbf\xbd" "Bytes"));
  g_assert_cmpstr (vitrine_feed_item_get_text (bytes), ==, "ok\xef\xbf\xbd(end");
  assert_item (feed, 8, VITRINE_FEED_ITEM_CHAT, "V_C10", "1005", "Multi Line",
               "line one line two line three", NULL, T0 + 22);
  assert_item (feed, 9, VITRINE_FEED_ITEM_CHAT, "V_C11", "1006", "Late Comer", "+1 A3", NULL,
               T0 + 30);
  assert_item (feed, 10, VITRINE_FEED_ITEM_CHAT, "V_FUT", "1007", "Time Traveller",
               "hello from the future", NULL, 4070908800);

  /* What Facebook was asked. */
  for (guint i = 0; i < graph->requests->len; i++)
    {
      request = g_ptr_array_index (graph->requests, i);
      g_assert_cmpstr (request->authorization, ==, "Bearer " TOKEN);
      g_assert_null (strstr (request->query, TOKEN));
      g_assert_false (g_hash_table_contains (request->params, "access_token"));
    }

  request = comments_request (graph, 0);
  g_assert_cmpstr (request->path, ==, "/v21.0/" VIDEO_ID "/comments");
  g_assert_cmpstr (g_hash_table_lookup (request->params, "fields"), ==,
                   "id,message,created_time,from{id,name},attachment{type}");
  g_assert_cmpstr (g_hash_table_lookup (request->params, "filter"), ==, "stream");
  g_assert_cmpstr (g_hash_table_lookup (request->params, "order"), ==, "chronological");
  g_assert_cmpstr (g_hash_table_lookup (request->params, "live_filter"), ==, "no_filter");
  g_assert_cmpstr (g_hash_table_lookup (request->params, "limit"), ==, "100");
  g_assert_cmpstr (g_hash_table_lookup (request->params, "since"), ==, "1795287800");
  g_assert_false (g_hash_table_contains (request->params, "after"));

  /* The next page by its cursor, the same `since`; never the `next` URL. */
  request = comments_request (graph, 1);
  g_assert_cmpstr (g_hash_table_lookup (request->params, "after"), ==, "QVFIUnBlZ0");
  g_assert_cmpstr (g_hash_table_lookup (request->params, "since"), ==, "1795287800");

  /* A new run: `since` five seconds before the newest comment (19:05:22). */
  request = comments_request (graph, 2);
  g_assert_false (g_hash_table_contains (request->params, "after"));
  g_assert_cmpstr (g_hash_table_lookup (request->params, "since"), ==, "1795287917");
  request = comments_request (graph, 3);
  g_assert_cmpstr (g_hash_table_lookup (request->params, "since"), ==, since_4);

  /* After a comment from 2099: not past this computer's clock. */
  request = comments_request (graph, 4);
  since_5 = g_ascii_strtoll (g_hash_table_lookup (request->params, "since"), NULL, 10);
  g_assert_cmpint (since_5, >=, T0 + 25);
  g_assert_cmpint (since_5, <=, now);

  /* Polls are spaced by the interval. */
  g_assert_cmpint (comments_request (graph, 3)->time - comments_request (graph, 2)->time, >=,
                   28 * 1000);

  g_assert_null (strstr (captured_log->str, TOKEN));
}

/* Errors → states */

typedef struct
{
  const char             *name;
  guint                   http_status;
  const char             *body;
  VitrineFeedSourceState  state;
  const char             *status;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "app-limit", 400, "{\"error\":{\"message\":\"(#4) Application request limit reached\","
    "\"type\":\"OAuthException\",\"is_transient\":true,\"code\":4,\"fbtrace_id\":\"A\"}}",
    VITRINE_FEED_SOURCE_RATE_LIMITED, "Facebook asks Vitrine to read comments less often" },
  { "user-limit", 400, "{\"error\":{\"message\":\"(#17) User request limit reached\","
    "\"type\":\"OAuthException\",\"code\":17,\"error_subcode\":2446079}}",
    VITRINE_FEED_SOURCE_RATE_LIMITED, "less often" },
  { "page-limit", 400, "{\"error\":{\"message\":\"(#32) Page request limit reached\","
    "\"code\":32}}", VITRINE_FEED_SOURCE_RATE_LIMITED, "less often" },
  { "calls-exceed", 400, "{\"error\":{\"message\":\"(#613) Calls to this api have exceeded the "
    "rate limit.\",\"code\":613}}", VITRINE_FEED_SOURCE_RATE_LIMITED, "less often" },
  { "page-buc", 400, "{\"error\":{\"message\":\"(#80001) There have been too many calls to this "
    "Page account.\",\"code\":80001}}", VITRINE_FEED_SOURCE_RATE_LIMITED, "less often" },
  { "http-429", 429, "", VITRINE_FEED_SOURCE_RATE_LIMITED, "less often" },
  { "token-expired", 400, "{\"error\":{\"message\":\"Error validating access token: Session has "
    "expired on Friday, 21-Nov-26 10:00:00 PST.\",\"type\":\"OAuthException\",\"code\":190,"
    "\"error_subcode\":463,\"fbtrace_id\":\"A1b2C3d4E5f\"}}",
    VITRINE_FEED_SOURCE_UNAUTHORIZED, "The Facebook sign-in has expired" },
  { "password-changed", 400, "{\"error\":{\"message\":\"Error validating access token: The "
    "session has been invalidated because the user changed their password.\",\"code\":190,"
    "\"error_subcode\":460}}", VITRINE_FEED_SOURCE_UNAUTHORIZED, "password was changed" },
  { "token-invalid", 400, "{\"error\":{\"message\":\"Invalid OAuth access token.\","
    "\"code\":190}}", VITRINE_FEED_SOURCE_UNAUTHORIZED, "Facebook refused the sign-in" },
  { "permission", 403, "{\"error\":{\"message\":\"(#10) This endpoint requires the "
    "'pages_read_engagement' permission\",\"code\":10}}",
    VITRINE_FEED_SOURCE_UNAUTHORIZED, "the Page that owns the live video" },
  { "http-401", 401, "", VITRINE_FEED_SOURCE_UNAUTHORIZED, "sign in to Facebook again" },
  { "does-not-exist", 400, "{\"error\":{\"message\":\"Unsupported get request. Object with ID "
    "'1187745566201234' does not exist, cannot be loaded due to missing permissions, or does not "
    "support this operation.\",\"type\":\"GraphMethodException\",\"code\":100,"
    "\"error_subcode\":33}}", VITRINE_FEED_SOURCE_FAILED,
    "Facebook has no live video “1187745566201234”" },
  { "bad-parameter", 400, "{\"error\":{\"message\":\"(#100) <b>live_filter</b> must be one of "
    "\\u202efilter_low_quality\",\"code\":100}}", VITRINE_FEED_SOURCE_FAILED,
    "Facebook refused the request for comments: (#100) <b>live_filter</b> must be one of "
    "filter_low_quality" },
  { "transient", 500, "{\"error\":{\"message\":\"An unexpected error has occurred. Please retry "
    "your request later.\",\"code\":2,\"is_transient\":true}}",
    VITRINE_FEED_SOURCE_RECONNECTING, "Facebook has a problem reading the comments" },
  { "html-502", 502, "<html><body>Bad Gateway</body></html>",
    VITRINE_FEED_SOURCE_RECONNECTING, "Facebook has a problem" },
  { "html-404", 404, "<html>Not Found</html>", VITRINE_FEED_SOURCE_FAILED,
    "does not answer like Facebook’s Graph API" },
  { "not-json", 200, "this is not JSON {", VITRINE_FEED_SOURCE_RECONNECTING,
    "Facebook’s answer could not be read" },
  { "empty", 200, "", VITRINE_FEED_SOURCE_RECONNECTING, "could not be read" },
  { "truncated", 200, "{\"data\":[{\"id\":\"V_1\",\"message\":\"cut he",
    VITRINE_FEED_SOURCE_RECONNECTING, "could not be read" },
  { "data-not-array", 200, "{\"data\":\"nope\"}", VITRINE_FEED_SOURCE_RECONNECTING,
    "could not be read" },
  { "error-string", 400, "{\"error\":\"something\"}", VITRINE_FEED_SOURCE_RECONNECTING,
    "Facebook has a problem" },
  { "array-root", 200, "[1,2,3]", VITRINE_FEED_SOURCE_RECONNECTING, "could not be read" },
};

static const ErrorCase *current_case;

static void
respond_error (Graph             *graph,
               SoupServerMessage *msg,
               Request           *request,
               guint              index)
{
  respond_json (msg, current_case->http_status, current_case->body);
}

static void
run_error_case (const ErrorCase *error_case,
                const char      *body)
{
  g_autoptr(Graph) graph = graph_new (respond_error);
  g_autoptr(VitrineFacebookComments) source = source_new (graph, 20, 0);
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (10);
  const char *status;

  g_test_message ("case %s", error_case->name);
  current_case = error_case;
  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (source));
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  wait_for_state (VITRINE_FEED_SOURCE (source), error_case->state, 5000);

  status = vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source));
  g_assert_nonnull (status);
  g_assert_nonnull (strstr (status, error_case->status));
  g_assert_null (strstr (status, TOKEN));
  g_assert_true (g_utf8_validate (status, -1, NULL));
  g_assert_null (strstr (status, "\xe2\x80\xae"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 0);

  /* A rate limit or a hiccup is waited out, never a loop of requests. */
  if (error_case->state == VITRINE_FEED_SOURCE_RATE_LIMITED ||
      error_case->state == VITRINE_FEED_SOURCE_RECONNECTING)
    {
      gint64 until = g_get_monotonic_time () + 300 * 1000;

      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
      g_assert_cmpuint (graph->n_comments, ==, 1);
    }
  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (source));
  g_assert_cmpint (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)), ==,
                   VITRINE_FEED_SOURCE_STOPPED);
}

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    run_error_case (&error_cases[i], NULL);

  /* What was logged names the errors, never the token. */
  g_assert_nonnull (strstr (captured_log->str, "Graph API error 190/463"));
  g_assert_null (strstr (captured_log->str, TOKEN));
}

static void
test_deep_nesting (void)
{
  g_autofree char *deep = g_strnfill (200000, '[');
  ErrorCase error_case = { "deep", 200, deep, VITRINE_FEED_SOURCE_RECONNECTING,
                           "could not be read" };

  /* json-glib recurses per level: this would overflow the stack. */
  run_error_case (&error_case, NULL);
}

/* A rate limit, waited out; then usage headers slow the polls down */

static void
respond_rate_limited (Graph             *graph,
                      SoupServerMessage *msg,
                      Request           *request,
                      guint              index)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (index == 0)
    {
      soup_message_headers_replace (headers, "X-Business-Use-Case-Usage",
                                    "{\"1187745566201234\":[{\"type\":\"pages\","
                                    "\"call_count\":100,\"total_cputime\":12,\"total_time\":20,"
                                    "\"estimated_time_to_regain_access\":0}]}");
      respond_json (msg, 400, "{\"error\":{\"message\":\"(#613) Calls to this api have exceeded "
                              "the rate limit.\",\"type\":\"OAuthException\",\"code\":613}}");
      return;
    }

  /* 80 % of the app's budget used: polls twice as far apart. */
  soup_message_headers_replace (headers, "X-App-Usage",
                                "{\"call_count\":80,\"total_cputime\":10,\"total_time\":12}");
  if (index == 1)
    respond_json (msg, SOUP_STATUS_OK,
                  "{\"data\":[{\"created_time\":\"2026-11-21T19:06:00+0000\",\"from\":{\"name\":"
                  "\"Patient\",\"id\":\"2000\"},\"message\":\"finally\",\"id\":\"V_R1\"}]}");
  else
    respond_json (msg, SOUP_STATUS_OK, "{\"data\":[]}");
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
test_rate_limit_recovery (void)
{
  g_autoptr(Graph) graph = graph_new (respond_rate_limited);
  g_autoptr(VitrineFacebookComments) source = source_new (graph, 60, 0);
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (10);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (VitrineFeedSourceState));
  gint64 waited, spaced;

  g_signal_connect (source, "notify::state", G_CALLBACK (state_changed_cb), states);
  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (source));
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  wait_for_comment_requests (graph, 4);
  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (source));

  g_assert_cmpuint (states->len, >=, 3);
  g_assert_cmpint (g_array_index (states, VitrineFeedSourceState, 0), ==,
                   VITRINE_FEED_SOURCE_CONNECTING);
  g_assert_cmpint (g_array_index (states, VitrineFeedSourceState, 1), ==,
                   VITRINE_FEED_SOURCE_RATE_LIMITED);
  g_assert_cmpint (g_array_index (states, VitrineFeedSourceState, 2), ==,
                   VITRINE_FEED_SOURCE_LIVE);

  /* The backoff (1 s ± 10 %) and at least ten poll intervals. */
  waited = comments_request (graph, 1)->time - comments_request (graph, 0)->time;
  g_test_message ("waited %" G_GINT64_FORMAT " ms after the rate limit", waited / 1000);
  g_assert_cmpint (waited, >=, 890 * 1000);
  g_assert_cmpint (waited, <, 1450 * 1000);

  /* 80 % used: every poll waits two intervals. */
  spaced = comments_request (graph, 3)->time - comments_request (graph, 2)->time;
  g_test_message ("polls %" G_GINT64_FORMAT " ms apart at 80 %% usage", spaced / 1000);
  g_assert_cmpint (spaced, >=, 2 * 60 * 1000 - 2000);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 1);
  assert_item (feed, 0, VITRINE_FEED_ITEM_CHAT, "V_R1", "2000", "Patient", "finally", NULL,
               T0 + 60);
}

/* The live video deleted while it was read */

static void
respond_then_gone (Graph             *graph,
                   SoupServerMessage *msg,
                   Request           *request,
                   guint              index)
{
  if (index == 0)
    respond_json (msg, SOUP_STATUS_OK,
                  "{\"data\":[{\"created_time\":\"2026-11-21T19:06:00+0000\","
                  "\"message\":\"bye\",\"id\":\"V_G1\"}]}");
  else
    respond_json (msg, 400, "{\"error\":{\"message\":\"Unsupported get request. Object with ID "
                            "'1187745566201234' does not exist\",\"code\":100,"
                            "\"error_subcode\":33}}");
}

static void
test_deleted_while_live (void)
{
  g_autoptr(Graph) graph = graph_new (respond_then_gone);
  g_autoptr(VitrineFacebookComments) source = source_new (graph, 20, 0);
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (10);

  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (source));
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  wait_for_state (VITRINE_FEED_SOURCE (source), VITRINE_FEED_SOURCE_ENDED, 5000);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source)), ==,
                   "The Facebook live video was deleted; no more comments will come");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 1);
  assert_item (feed, 0, VITRINE_FEED_ITEM_CHAT, "V_G1", NULL, "Facebook user", "bye", NULL,
               T0 + 60);
}

/* The live video ends: comments stay readable, the status says so */

static void
respond_growing (Graph             *graph,
                 SoupServerMessage *msg,
                 Request           *request,
                 guint              index)
{
  g_autofree char *body =
    g_strdup_printf ("{\"data\":[{\"created_time\":\"2026-11-21T19:06:%02u+0000\","
                     "\"from\":{\"name\":\"Viewer %u\",\"id\":\"%u\"},\"message\":\"comment %u\","
                     "\"id\":\"V_E%u\"}]}", index, index, 3000 + index, index, index);

  respond_json (msg, SOUP_STATUS_OK, body);
}

static void
test_video_ended (void)
{
  g_autoptr(Graph) graph = graph_new (respond_growing);
  g_autoptr(VitrineFacebookComments) source = source_new (graph, 15, 0);
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  Request *status_request = NULL;
  guint n;

  graph->status_body = "{\"status\":\"LIVE_STOPPED\",\"id\":\"" VIDEO_ID "\"}";
  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (source));
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  wait_for_state (VITRINE_FEED_SOURCE (source), VITRINE_FEED_SOURCE_ENDED, 5000);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source)), ==,
                   "The Facebook live video has ended");

  /* The status was asked after ten polls, then one last poll was made. */
  g_assert_cmpuint (graph->n_status, ==, 1);
  g_assert_cmpuint (graph->n_comments, ==, 11);
  for (guint i = 0; i < graph->requests->len; i++)
    {
      Request *request = g_ptr_array_index (graph->requests, i);

      if (!g_str_has_suffix (request->path, "/comments"))
        {
          status_request = request;
          g_assert_cmpuint (i, ==, 10);
        }
    }
  g_assert_nonnull (status_request);
  g_assert_cmpstr (status_request->path, ==, "/v21.0/" VIDEO_ID);
  g_assert_cmpstr (g_hash_table_lookup (status_request->params, "fields"), ==, "status");
  g_assert_cmpstr (status_request->authorization, ==, "Bearer " TOKEN);

  n = g_list_model_get_n_items (G_LIST_MODEL (feed));
  g_assert_cmpuint (n, ==, 11);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("V_E%u", i);
      g_autofree char *author_id = g_strdup_printf ("%u", 3000 + i);
      g_autofree char *author = g_strdup_printf ("Viewer %u", i);
      g_autofree char *text = g_strdup_printf ("comment %u", i);

      assert_item (feed, i, VITRINE_FEED_ITEM_CHAT, id, author_id, author, text, NULL,
                   T0 + 60 + i);
    }

  /* Nothing more once ended. */
  {
    gint64 until = g_get_monotonic_time () + 100 * 1000;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpuint (graph->n_comments, ==, 11);
  }
}

/* Configuration problems */

static void
test_plain_http_refused (void)
{
  /* The token would go in the clear (a name is not a loopback address). */
  static const char * const urls[] = {
    "http://graph.example.com", "http://127.0.0.1.example.com", "ftp://127.0.0.1",
    "https://user:secret@graph.facebook.com", "not a url",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(VitrineFacebookComments) source =
        vitrine_facebook_comments_new ("facebook-test", VIDEO_ID, urls[i]);
      g_autofree char *secret_id = vitrine_facebook_comments_dup_secret_id (source);

      g_assert_cmpstr (secret_id, ==, "facebook:" VIDEO_ID);
      vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
      g_assert_cmpint (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)), ==,
                       VITRINE_FEED_SOURCE_FAILED);
      g_assert_nonnull (strstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source)),
                                "https://"));
    }
}

static void
test_missing_token (void)
{
  g_autoptr(Graph) graph = NULL;
  g_autoptr(VitrineFacebookComments) source = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  /* No token in the environment, no keyring to ask. */
  g_unsetenv ("VITRINE_KEY_FACEBOOK_1187745566201234");
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/vitrine-test-bus", TRUE);

  graph = graph_new (respond_error);
  source = source_new (graph, 20, 0);
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  wait_for_state (VITRINE_FEED_SOURCE (source), VITRINE_FEED_SOURCE_UNAUTHORIZED, 8000);
  g_assert_nonnull (strstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source)),
                            "VITRINE_KEY_FACEBOOK_1187745566201234"));
  g_assert_cmpuint (graph->requests->len, ==, 0);
}

/* The parser on its own */

static void
test_parse_usage (void)
{
  guint percent, regain;

  g_assert_false (vitrine_facebook_parse_usage (NULL, NULL, &percent, &regain));
  g_assert_false (vitrine_facebook_parse_usage ("not json", "[", &percent, &regain));
  g_assert_true (vitrine_facebook_parse_usage ("{\"call_count\":28,\"total_cputime\":25,"
                                               "\"total_time\":91}", NULL, &percent, &regain));
  g_assert_cmpuint (percent, ==, 91);
  g_assert_cmpuint (regain, ==, 0);
  g_assert_true (vitrine_facebook_parse_usage (NULL, "{\"1\":[{\"type\":\"pages\",\"call_count\":"
                                               "\"x\",\"total_time\":12.5,"
                                               "\"estimated_time_to_regain_access\":7}],"
                                               "\"2\":\"bad\"}", &percent, &regain));
  g_assert_cmpuint (percent, ==, 12);
  g_assert_cmpuint (regain, ==, 7);

  g_assert_cmpint (vitrine_facebook_classify_error (4, 0, NULL, FALSE), ==,
                   VITRINE_FACEBOOK_ERROR_RATE_LIMITED);
  g_assert_cmpint (vitrine_facebook_classify_error (80001, 0, NULL, FALSE), ==,
                   VITRINE_FACEBOOK_ERROR_RATE_LIMITED);
  g_assert_cmpint (vitrine_facebook_classify_error (190, 467, NULL, FALSE), ==,
                   VITRINE_FACEBOOK_ERROR_TOKEN);
  g_assert_cmpint (vitrine_facebook_classify_error (100, 0, "Object does not exist", FALSE), ==,
                   VITRINE_FACEBOOK_ERROR_NOT_FOUND);
  g_assert_cmpint (vitrine_facebook_classify_error (100, 0, "bad", FALSE), ==,
                   VITRINE_FACEBOOK_ERROR_INVALID_PARAMETER);
  g_assert_cmpint (vitrine_facebook_classify_error (299, 0, NULL, FALSE), ==,
                   VITRINE_FACEBOOK_ERROR_PERMISSION);
  g_assert_cmpint (vitrine_facebook_classify_error (1234, 0, NULL, TRUE), ==,
                   VITRINE_FACEBOOK_ERROR_TRANSIENT);
  g_assert_cmpint (vitrine_facebook_classify_error (1234, 0, NULL, FALSE), ==,
                   VITRINE_FACEBOOK_ERROR_OTHER);
}

int
main (int   argc,
      char *argv[])
{
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_setenv ("VITRINE_KEY_FACEBOOK_1187745566201234", TOKEN, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/facebook/polling", test_polling);
  g_test_add_func ("/facebook/errors", test_errors);
  g_test_add_func ("/facebook/deep-nesting", test_deep_nesting);
  g_test_add_func ("/facebook/rate-limit-recovery", test_rate_limit_recovery);
  g_test_add_func ("/facebook/deleted-while-live", test_deleted_while_live);
  g_test_add_func ("/facebook/video-ended", test_video_ended);
  g_test_add_func ("/facebook/plain-http-refused", test_plain_http_refused);
  g_test_add_func ("/facebook/missing-token", test_missing_token);
  g_test_add_func ("/facebook/parse-usage", test_parse_usage);

  return g_test_run ();
}
