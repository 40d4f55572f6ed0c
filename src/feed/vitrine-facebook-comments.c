/* vitrine-facebook-comments.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-facebook"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vitrine-facebook-comments.h"
#include "vitrine-facebook-parse.h"
#include "vitrine-feed-error.h"
#include "vitrine-secrets.h"

/* Facebook Live comments, polled (platform-apis.md §3):
 *
 *   GET <base>/<version>/<live-video-id>/comments
 *       ?fields=id,message,created_time,from{id,name},attachment{type}
 *       &filter=stream&order=chronological&live_filter=no_filter&limit=100
 *       &since=<unix seconds>[&after=<cursor>]
 *
 * `filter=stream` lists replies too, `order=chronological` oldest first (so a
 * run of pages goes forward in time), `live_filter=no_filter` keeps what
 * Facebook would hide as "low quality" (the host decides). A run follows
 * `paging.cursors.after` while Facebook says there is a next page, then
 * waits `poll-interval` and asks again with `since` moved to the newest
 * comment seen minus a few seconds: `since` has a one-second grain and
 * Facebook indexes comments with a delay, so the overlap catches late ones
 * and a set of the ids seen inside the overlap drops what comes twice.
 *
 * The token is a Page access token from the keyring (secret id
 * `facebook:<live-video-id>`, or the environment variable
 * `VITRINE_KEY_FACEBOOK_<ID>`), sent in an `Authorization: Bearer` header,
 * never in a URL. The `paging.next` URL is never followed (it carries the
 * token and names Facebook's host, not the configured one).
 *
 * Comments stay readable after the video ends, so the end comes from the
 * video's `status` (`LIVE_STOPPED`, `VOD`), asked every STATUS_EVERY polls;
 * after one last poll the state is ENDED.
 *
 * Errors (§3.4): 4/17/32/613/341/80001… and HTTP 429 → RATE_LIMITED, then a
 * retry after what `X-Business-Use-Case-Usage` says or a backoff; 190 →
 * UNAUTHORIZED; 10/2xx (a permission) → UNAUTHORIZED; 100 "does not exist"
 * → FAILED (a wrong id) or ENDED (the video was deleted after it worked);
 * other 100 → FAILED; anything else → RECONNECTING with backoff. The
 * `X-App-Usage` headers slow polling down before a limit is hit.
 *
 * With VitrineFacebookComments:account set, the token comes from that
 * VitrineAccount before every request instead, sent the same way. A
 * refused token (190, or HTTP 401) tells the account and the request goes
 * out once more with a fresh one; a second refusal stops (UNAUTHORIZED,
 * "sign in again"), and the connector starts by itself once the host has
 * signed in again. Facebook issues no refresh token, so the account's
 * sign-in lasts until its access token expires; the account's token is the
 * user's, which reads the comments of live videos the user may read (a Page
 * token derived from it is not made here). */

/* Seconds `since` stays behind the newest comment seen. */
#define SINCE_OVERLAP_S 5
/* Polls between two looks at the video's status. */
#define STATUS_EVERY    10
/* A rate limit waits at least this many poll intervals. */
#define RATE_LIMIT_POLLS 10
#define MAX_WAIT_MS     (60 * 60 * 1000)

#define COMMENT_FIELDS "id,message,created_time,from{id,name},attachment{type}"

struct _VitrineFacebookComments
{
  VitrineFeedSource  parent_instance;

  char              *live_video_id;
  char              *api_version;
  guint              poll_interval;
  gint64             initial_since;

  char              *token;
  gint64             since;          /* the `since` of this run, 0 for none */
  gint64             run_newest;     /* newest created_time seen in this run */
  char              *after;          /* the next page of this run */
  GHashTable        *seen;           /* comment id → created_time (gint64 *) */
  guint              polls;
  guint              slow_down;      /* 1, 2 or 4, from the usage headers */
  guint              usage_percent;
  guint              timeout_id;
  gboolean           ever_answered;
  gboolean           ending;         /* the video ended: one last poll */

  VitrineAccount    *account;
  gboolean           auth_retried;   /* a refusal was answered with a fresh token */
};

G_DEFINE_FINAL_TYPE (VitrineFacebookComments, vitrine_facebook_comments, VITRINE_TYPE_FEED_SOURCE)

enum {
  PROP_0,
  PROP_LIVE_VIDEO_ID,
  PROP_API_VERSION,
  PROP_POLL_INTERVAL,
  PROP_SINCE,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void poll_comments (VitrineFacebookComments *self);
static void check_status  (VitrineFacebookComments *self);

static void
secret_free (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

/* "in 5 seconds", "in 2 minutes": for the status line. */
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

/* The configured Graph address without a trailing slash, or NULL when it is
 * not one the token may be sent to. */
static char *
graph_base (VitrineFacebookComments *self)
{
  const char *base_url = vitrine_feed_source_get_base_url (VITRINE_FEED_SOURCE (self));
  g_autoptr(GUri) uri = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (base_url == NULL || *base_url == '\0')
    base_url = VITRINE_FACEBOOK_COMMENTS_DEFAULT_URL;

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL)
    return NULL;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0 &&
      !(g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0 &&
        is_loopback (g_uri_get_host (uri))))
    return NULL;

  text = g_strdup (base_url);
  length = strlen (text);
  while (length > 0 && text[length - 1] == '/')
    text[--length] = '\0';
  return g_steal_pointer (&text);
}

static void
set_state (VitrineFacebookComments *self,
           VitrineFeedSourceState   state,
           const char              *status)
{
  _vitrine_feed_source_set_state (VITRINE_FEED_SOURCE (self), state, status);
}

static GCancellable *
get_cancellable (VitrineFacebookComments *self)
{
  return _vitrine_feed_source_get_cancellable (VITRINE_FEED_SOURCE (self));
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  VitrineFacebookComments *self = user_data;

  self->timeout_id = 0;
  if (self->after == NULL && self->polls > 0 && self->polls % STATUS_EVERY == 0)
    check_status (self);
  else
    poll_comments (self);
  return G_SOURCE_REMOVE;
}

static void
poll_after (VitrineFacebookComments *self,
            guint                    milliseconds)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (MIN (milliseconds, MAX_WAIT_MS), poll_timeout_cb, self);
}

typedef enum
{
  TROUBLE_RATE_LIMITED,
  TROUBLE_UNREACHABLE,
  TROUBLE_UNREADABLE,
  TROUBLE_AT_FACEBOOK,
} Trouble;

/* Tries again after the shared backoff (or @at_least_ms if longer), and
 * says so in the status line. */
static void
retry_later (VitrineFacebookComments *self,
             Trouble                  trouble,
             guint                    at_least_ms)
{
  guint backoff = _vitrine_feed_source_next_backoff (VITRINE_FEED_SOURCE (self));
  guint wait = MAX (backoff, at_least_ms);
  g_autofree char *in = describe_wait (wait);
  g_autofree char *status = NULL;
  VitrineFeedSourceState state = VITRINE_FEED_SOURCE_RECONNECTING;

  switch (trouble)
    {
    case TROUBLE_RATE_LIMITED:
      state = VITRINE_FEED_SOURCE_RATE_LIMITED;
      status = g_strdup_printf (_("Facebook asks Vitrine to read comments less often; trying "
                                  "again in %s"), in);
      break;
    case TROUBLE_UNREACHABLE:
      status = g_strdup_printf (_("Facebook cannot be reached; trying again in %s"), in);
      break;
    case TROUBLE_UNREADABLE:
      status = g_strdup_printf (_("Facebook’s answer could not be read; trying again in %s"), in);
      break;
    case TROUBLE_AT_FACEBOOK:
    default:
      status = g_strdup_printf (_("Facebook has a problem reading the comments; trying again "
                                  "in %s"), in);
      break;
    }

  g_debug ("%s: %s", vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)), status);
  set_state (self, state, status);
  poll_after (self, wait);
}

static SoupMessage *
new_request (VitrineFacebookComments *self,
             const char              *path_and_query)
{
  g_autofree char *base = graph_base (self);
  g_autofree char *url = g_strconcat (base, path_and_query, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);
  SoupMessage *message = soup_message_new (SOUP_METHOD_GET, url);
  SoupMessageHeaders *headers;

  if (message == NULL)
    return NULL;
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  memset (authorization, 0, strlen (authorization));
  return message;
}

/* With an account: a refused token is renewed once. Returns TRUE when the
 * refusal is handled (a retry, or UNAUTHORIZED with the account's words). */
static gboolean
account_refused (VitrineFacebookComments *self)
{
  if (self->account == NULL)
    return FALSE;

  vitrine_account_token_rejected (self->account, self->token);
  if (!self->auth_retried)
    {
      self->auth_retried = TRUE;
      g_debug ("%s: the sign-in was refused; once more with a renewed one",
               vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)));
      poll_comments (self);
      return TRUE;
    }
  set_state (self, VITRINE_FEED_SOURCE_UNAUTHORIZED,
             vitrine_account_get_state (self->account) == VITRINE_ACCOUNT_NEEDS_SIGN_IN
             ? vitrine_account_get_status (self->account)
             : _("Facebook refused the renewed sign-in too: sign in to Facebook again"));
  return TRUE;
}

/* Rate limits, the token, a wrong video: what Facebook said instead of an
 * answer. */
static void
handle_graph_error (VitrineFacebookComments   *self,
                    VitrineFacebookGraphError *graph_error,
                    guint                      regain_minutes)
{
  const char *said = graph_error->message ? graph_error->message : "";
  g_autofree char *status = NULL;

  g_debug ("%s: Graph API error %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT ": %s",
           vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)), graph_error->code,
           graph_error->subcode, said);

  switch (graph_error->kind)
    {
    case VITRINE_FACEBOOK_ERROR_RATE_LIMITED:
      retry_later (self, TROUBLE_RATE_LIMITED,
                   MAX (regain_minutes * 60 * 1000, self->poll_interval * RATE_LIMIT_POLLS));
      return;

    case VITRINE_FACEBOOK_ERROR_TOKEN:
      if (account_refused (self))
        return;
      switch (graph_error->subcode)
        {
        case 463:
          status = g_strdup (_("The Facebook sign-in has expired: sign in to Facebook again"));
          break;
        case 460:
          status = g_strdup (_("The Facebook password was changed since the sign-in: sign in to "
                               "Facebook again"));
          break;
        case 458:
          status = g_strdup (_("Vitrine was removed from the Facebook account: sign in to "
                               "Facebook again"));
          break;
        default:
          status = g_strdup (_("Facebook refused the sign-in: sign in to Facebook again"));
          break;
        }
      set_state (self, VITRINE_FEED_SOURCE_UNAUTHORIZED, status);
      return;

    case VITRINE_FACEBOOK_ERROR_PERMISSION:
      status = g_strdup_printf (_("Facebook does not let this sign-in read the comments (%s): "
                                  "sign in with the Page that owns the live video"), said);
      set_state (self, VITRINE_FEED_SOURCE_UNAUTHORIZED, status);
      return;

    case VITRINE_FACEBOOK_ERROR_NOT_FOUND:
      if (self->ever_answered)
        {
          set_state (self, VITRINE_FEED_SOURCE_ENDED,
                     _("The Facebook live video was deleted; no more comments will come"));
        }
      else
        {
          status = g_strdup_printf (_("Facebook has no live video “%s” that this sign-in can "
                                      "see: check the video’s id and the Page"),
                                    self->live_video_id);
          set_state (self, VITRINE_FEED_SOURCE_FAILED, status);
        }
      return;

    case VITRINE_FACEBOOK_ERROR_INVALID_PARAMETER:
      status = g_strdup_printf (_("Facebook refused the request for comments: %s"), said);
      set_state (self, VITRINE_FEED_SOURCE_FAILED, status);
      return;

    case VITRINE_FACEBOOK_ERROR_TRANSIENT:
    case VITRINE_FACEBOOK_ERROR_OTHER:
    default:
      retry_later (self, TROUBLE_AT_FACEBOOK, 0);
      return;
    }
}

/* An answer without a Graph error object that is not what was asked. */
static void
handle_http_failure (VitrineFacebookComments *self,
                     guint                    http_status)
{
  g_autofree char *status = NULL;

  if (http_status == SOUP_STATUS_UNAUTHORIZED && account_refused (self))
    return;
  if (http_status == SOUP_STATUS_UNAUTHORIZED || http_status == SOUP_STATUS_FORBIDDEN)
    {
      set_state (self, VITRINE_FEED_SOURCE_UNAUTHORIZED,
                 _("Facebook refused the sign-in: sign in to Facebook again"));
      return;
    }
  if (http_status == 429 /* Too Many Requests */)
    {
      retry_later (self, TROUBLE_RATE_LIMITED, self->poll_interval * RATE_LIMIT_POLLS);
      return;
    }
  if (http_status == SOUP_STATUS_NOT_FOUND)
    {
      status = g_strdup_printf (_("The address %s does not answer like Facebook’s Graph API: "
                                  "check it and the API version"),
                                vitrine_feed_source_get_base_url (VITRINE_FEED_SOURCE (self)));
      set_state (self, VITRINE_FEED_SOURCE_FAILED, status);
      return;
    }
  retry_later (self, http_status >= 500 ? TROUBLE_AT_FACEBOOK : TROUBLE_UNREADABLE, 0);
}

/* Usage headers: slow down before a limit, or wait as told once it is hit. */
static guint
read_usage (VitrineFacebookComments *self,
            SoupMessage             *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  guint percent, regain;

  if (!vitrine_facebook_parse_usage (soup_message_headers_get_one (headers, "X-App-Usage"),
                                     soup_message_headers_get_one (headers,
                                                                   "X-Business-Use-Case-Usage"),
                                     &percent, &regain))
    return 0;

  self->usage_percent = percent;
  self->slow_down = percent >= 90 ? 4 : percent >= 75 ? 2 : 1;
  return regain;
}

static void
finish_run (VitrineFacebookComments *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GHashTableIter iter;
  gpointer value;

  /* Never ahead of this computer's clock: a comment dated in the future
   * must not make the next polls skip the present. */
  if (self->run_newest > 0)
    self->since = MAX (self->since, MIN (self->run_newest - SINCE_OVERLAP_S, now));

  /* What is older than `since` cannot come again. */
  g_hash_table_iter_init (&iter, self->seen);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (*(gint64 *) value < self->since)
      g_hash_table_iter_remove (&iter);

  self->run_newest = 0;
  self->polls++;

  if (self->ending)
    {
      set_state (self, VITRINE_FEED_SOURCE_ENDED, _("The Facebook live video has ended"));
      return;
    }

  if (self->slow_down > 1)
    {
      g_autofree char *status =
        g_strdup_printf (_("Facebook’s limit for this app is %u %% used; reading comments less "
                           "often"), self->usage_percent);

      set_state (self, VITRINE_FEED_SOURCE_LIVE, status);
    }
  else
    {
      set_state (self, VITRINE_FEED_SOURCE_LIVE, NULL);
    }
  poll_after (self, self->poll_interval * MAX (self->slow_down, 1));
}

static void
comments_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineFacebookPage) page = NULL;
  VitrineFacebookComments *self;
  SoupMessage *message;
  const char *data;
  gsize length;
  guint regain;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled, so the source is alive (dispose and stop cancel). */
  self = VITRINE_FACEBOOK_COMMENTS (user_data);
  if (body == NULL)
    {
      g_debug ("%s: %s", vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)),
               error->message);
      retry_later (self, TROUBLE_UNREACHABLE, 0);
      return;
    }

  message = soup_session_get_async_result_message (session, result);
  regain = read_usage (self, message);
  data = g_bytes_get_data (body, &length);
  page = vitrine_facebook_parse_comments (data, length, &error);

  if (page != NULL && page->error != NULL)
    {
      handle_graph_error (self, page->error, regain);
      return;
    }
  if (page == NULL || !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_debug ("%s: HTTP %u: %s", vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)),
               soup_message_get_status (message), error ? error->message : "");
      handle_http_failure (self, soup_message_get_status (message));
      return;
    }

  self->ever_answered = TRUE;
  self->auth_retried = FALSE;
  if (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (self)) != VITRINE_FEED_SOURCE_LIVE)
    set_state (self, VITRINE_FEED_SOURCE_LIVE, NULL);

  for (guint i = 0; i < page->comments->len; i++)
    {
      VitrineFeedItem *item = g_ptr_array_index (page->comments, i);
      const char *id = vitrine_feed_item_get_id (item);
      gint64 created = g_date_time_to_unix (vitrine_feed_item_get_time (item));

      if (g_hash_table_contains (self->seen, id))
        continue;
      g_hash_table_insert (self->seen, g_strdup (id), g_memdup2 (&created, sizeof created));
      _vitrine_feed_source_emit_item (VITRINE_FEED_SOURCE (self), item);
    }
  self->run_newest = MAX (self->run_newest, page->newest);

  if (page->n_skipped > 0)
    g_debug ("%s: %u entries without an id skipped",
             vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)), page->n_skipped);

  g_free (self->after);
  self->after = g_steal_pointer (&page->after);
  if (self->after != NULL)
    {
      poll_comments (self);
      return;
    }
  finish_run (self);
}

static void
send_poll_comments (VitrineFacebookComments *self)
{
  g_autoptr(GString) path = g_string_new (NULL);
  g_autoptr(SoupMessage) message = NULL;

  g_string_append_c (path, '/');
  g_string_append_uri_escaped (path, self->api_version, NULL, FALSE);
  g_string_append_c (path, '/');
  g_string_append_uri_escaped (path, self->live_video_id, NULL, FALSE);
  g_string_append (path, "/comments?fields=");
  g_string_append_uri_escaped (path, COMMENT_FIELDS, NULL, FALSE);
  g_string_append (path, "&filter=stream&order=chronological&live_filter=no_filter&limit=100");
  if (self->since > 0)
    g_string_append_printf (path, "&since=%" G_GINT64_FORMAT, self->since);
  if (self->after != NULL)
    {
      g_string_append (path, "&after=");
      g_string_append_uri_escaped (path, self->after, NULL, FALSE);
    }

  message = new_request (self, path->str);
  if (message == NULL)
    {
      set_state (self, VITRINE_FEED_SOURCE_FAILED,
                 _("The Facebook live video id or API version is not usable in an address"));
      return;
    }
  soup_session_send_and_read_async (vitrine_feed_source_get_session (VITRINE_FEED_SOURCE (self)),
                                    message, G_PRIORITY_DEFAULT, get_cancellable (self),
                                    comments_cb, self);
}

static void
status_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineFacebookGraphError) graph_error = NULL;
  g_autofree char *status = NULL;
  VitrineFacebookComments *self;
  SoupMessage *message;
  const char *data;
  gsize length;
  guint regain;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = VITRINE_FACEBOOK_COMMENTS (user_data);
  if (body == NULL)
    {
      retry_later (self, TROUBLE_UNREACHABLE, 0);
      return;
    }

  message = soup_session_get_async_result_message (session, result);
  regain = read_usage (self, message);
  data = g_bytes_get_data (body, &length);
  status = vitrine_facebook_parse_status (data, length, &graph_error, &error);
  if (graph_error != NULL)
    {
      handle_graph_error (self, graph_error, regain);
      return;
    }

  /* An unreadable status does not stop the comments: they are what
   * matters. */
  if (status == NULL)
    g_debug ("%s: no status: %s", vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)),
             error ? error->message : "");
  else if (g_str_equal (status, "LIVE_STOPPED") || g_str_equal (status, "VOD"))
    self->ending = TRUE;

  /* Counted as a poll so the next one asks for comments again. */
  self->polls++;
  poll_comments (self);
}

static void
send_check_status (VitrineFacebookComments *self)
{
  g_autoptr(GString) path = g_string_new (NULL);
  g_autoptr(SoupMessage) message = NULL;

  g_string_append_c (path, '/');
  g_string_append_uri_escaped (path, self->api_version, NULL, FALSE);
  g_string_append_c (path, '/');
  g_string_append_uri_escaped (path, self->live_video_id, NULL, FALSE);
  g_string_append (path, "?fields=status");

  message = new_request (self, path->str);
  if (message == NULL)
    {
      send_poll_comments (self);
      return;
    }
  soup_session_send_and_read_async (vitrine_feed_source_get_session (VITRINE_FEED_SOURCE (self)),
                                    message, G_PRIORITY_DEFAULT, get_cancellable (self),
                                    status_cb, self);
}

/* With an account, every request first asks it for the token (renewed
 * when it has expired or was refused). */

typedef struct
{
  VitrineFacebookComments *self;
  void                   (*send) (VitrineFacebookComments *self);
} TokenThen;

static void
account_token_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TokenThen *then = user_data;
  VitrineFacebookComments *self = then->self;
  void (*send) (VitrineFacebookComments *) = then->send;
  g_autoptr(GError) error = NULL;
  char *token;

  g_free (then);
  token = vitrine_account_get_token_finish (VITRINE_ACCOUNT (object), result, &error);
  /* Cancelled means stopped or disposed: @self may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (token == NULL)
    {
      /* A sign-in server that is down is tried again; a sign-in that is
       * missing or refused waits for the host. */
      if (g_error_matches (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_UNREACHABLE) ||
          g_error_matches (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_SERVER_ERROR))
        retry_later (self, TROUBLE_UNREACHABLE, 0);
      else
        set_state (self, VITRINE_FEED_SOURCE_UNAUTHORIZED, error->message);
      return;
    }

  g_clear_pointer (&self->token, secret_free);
  self->token = token;
  send (self);
}

static void
with_token (VitrineFacebookComments *self,
            void                   (*send) (VitrineFacebookComments *self))
{
  TokenThen *then;

  if (self->account == NULL)
    {
      send (self);
      return;
    }

  then = g_new0 (TokenThen, 1);
  then->self = self;
  then->send = send;
  vitrine_account_get_token_async (self->account, get_cancellable (self), account_token_cb, then);
}

static void
poll_comments (VitrineFacebookComments *self)
{
  with_token (self, send_poll_comments);
}

static void
check_status (VitrineFacebookComments *self)
{
  with_token (self, send_check_status);
}

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  VitrineFacebookComments *self;
  char *token;

  token = vitrine_secrets_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = VITRINE_FACEBOOK_COMMENTS (user_data);
  if (g_cancellable_is_cancelled (get_cancellable (self)))
    {
      secret_free (token);
      return;
    }

  if (token == NULL || *token == '\0')
    {
      g_autofree char *secret_id = vitrine_facebook_comments_dup_secret_id (self);
      g_autofree char *env = vitrine_secrets_env_name (secret_id);
      g_autofree char *status =
        g_strdup_printf (_("Vitrine has no Facebook sign-in for the live video “%s”: sign in "
                           "to Facebook (or set %s)"), self->live_video_id, env);

      secret_free (token);
      set_state (self, VITRINE_FEED_SOURCE_UNAUTHORIZED, status);
      return;
    }

  self->token = token;
  poll_comments (self);
}

static void
vitrine_facebook_comments_start (VitrineFeedSource *source)
{
  VitrineFacebookComments *self = VITRINE_FACEBOOK_COMMENTS (source);
  g_autofree char *base = graph_base (self);
  g_autofree char *secret_id = NULL;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_pointer (&self->token, secret_free);
  g_clear_pointer (&self->after, g_free);
  g_hash_table_remove_all (self->seen);
  self->since = self->initial_since;
  self->run_newest = 0;
  self->polls = 0;
  self->slow_down = 1;
  self->ever_answered = FALSE;
  self->ending = FALSE;

  if (base == NULL)
    {
      g_autofree char *status =
        g_strdup_printf (_("“%s” is not a usable address for Facebook: it must start with "
                           "https:// so the sign-in is not sent in the clear"),
                         vitrine_feed_source_get_base_url (source));

      set_state (self, VITRINE_FEED_SOURCE_FAILED, status);
      return;
    }
  if (self->live_video_id == NULL || *self->live_video_id == '\0')
    {
      set_state (self, VITRINE_FEED_SOURCE_FAILED,
                 _("No Facebook live video is chosen: enter its id"));
      return;
    }

  set_state (self, VITRINE_FEED_SOURCE_CONNECTING, _("Connecting to Facebook…"));
  self->auth_retried = FALSE;

  if (self->account != NULL)
    {
      poll_comments (self);
      return;
    }

  /* The environment first: a headless run and the tests have no keyring. */
  secret_id = vitrine_facebook_comments_dup_secret_id (self);
  self->token = vitrine_secrets_lookup_env (secret_id);
  if (self->token != NULL)
    {
      poll_comments (self);
      return;
    }
  vitrine_secrets_lookup_async (secret_id, get_cancellable (self), token_cb, self);
}

static void
vitrine_facebook_comments_stop (VitrineFeedSource *source)
{
  VitrineFacebookComments *self = VITRINE_FACEBOOK_COMMENTS (source);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_pointer (&self->token, secret_free);
  g_clear_pointer (&self->after, g_free);
}

static void
vitrine_facebook_comments_dispose (GObject *object)
{
  VitrineFacebookComments *self = VITRINE_FACEBOOK_COMMENTS (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (vitrine_facebook_comments_parent_class)->dispose (object);
}

static void
vitrine_facebook_comments_finalize (GObject *object)
{
  VitrineFacebookComments *self = VITRINE_FACEBOOK_COMMENTS (object);

  g_clear_pointer (&self->live_video_id, g_free);
  g_clear_pointer (&self->api_version, g_free);
  g_clear_pointer (&self->token, secret_free);
  g_clear_pointer (&self->after, g_free);
  g_clear_pointer (&self->seen, g_hash_table_unref);

  G_OBJECT_CLASS (vitrine_facebook_comments_parent_class)->finalize (object);
}

static void
vitrine_facebook_comments_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  VitrineFacebookComments *self = VITRINE_FACEBOOK_COMMENTS (object);

  switch (prop_id)
    {
    case PROP_LIVE_VIDEO_ID:
      g_value_set_string (value, self->live_video_id);
      break;
    case PROP_API_VERSION:
      g_value_set_string (value, self->api_version);
      break;
    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_interval);
      break;
    case PROP_SINCE:
      g_value_set_int64 (value, self->initial_since);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_facebook_comments_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  VitrineFacebookComments *self = VITRINE_FACEBOOK_COMMENTS (object);

  switch (prop_id)
    {
    case PROP_LIVE_VIDEO_ID:
      self->live_video_id = g_value_dup_string (value);
      break;
    case PROP_API_VERSION:
      g_free (self->api_version);
      self->api_version = g_value_dup_string (value);
      if (self->api_version == NULL || *self->api_version == '\0')
        {
          g_free (self->api_version);
          self->api_version = g_strdup (VITRINE_FACEBOOK_COMMENTS_DEFAULT_VERSION);
        }
      break;
    case PROP_POLL_INTERVAL:
      vitrine_facebook_comments_set_poll_interval (self, g_value_get_uint (value));
      break;
    case PROP_SINCE:
      self->initial_since = g_value_get_int64 (value);
      break;
    case PROP_ACCOUNT:
      vitrine_facebook_comments_set_account (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_facebook_comments_class_init (VitrineFacebookCommentsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VitrineFeedSourceClass *source_class = VITRINE_FEED_SOURCE_CLASS (klass);

  object_class->dispose = vitrine_facebook_comments_dispose;
  object_class->finalize = vitrine_facebook_comments_finalize;
  object_class->get_property = vitrine_facebook_comments_get_property;
  object_class->set_property = vitrine_facebook_comments_set_property;

  source_class->start = vitrine_facebook_comments_start;
  source_class->stop = vitrine_facebook_comments_stop;

  /**
   * VitrineFacebookComments:live-video-id:
   *
   * The id of the live video whose comments are read.
   */
  properties [PROP_LIVE_VIDEO_ID] =
    g_param_spec_string ("live-video-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineFacebookComments:api-version:
   *
   * The Graph API version in the path, such as `v21.0`.
   */
  properties [PROP_API_VERSION] =
    g_param_spec_string ("api-version", NULL, NULL, VITRINE_FACEBOOK_COMMENTS_DEFAULT_VERSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineFacebookComments:poll-interval:
   *
   * Milliseconds between two polls (doubled or quadrupled while Facebook's
   * usage headers say a limit is near).
   */
  properties [PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL, 10, MAX_WAIT_MS, 5000,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  /**
   * VitrineFacebookComments:since:
   *
   * Unix time of the oldest comment the first poll asks for; 0 asks for all
   * of the video's comments.
   */
  properties [PROP_SINCE] =
    g_param_spec_int64 ("since", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineFacebookComments:account:
   *
   * The #VitrineAccount the access token comes from; %NULL to take a
   * static Page token from the keyring or the environment.
   */
  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, VITRINE_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_facebook_comments_init (VitrineFacebookComments *self)
{
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->api_version = g_strdup (VITRINE_FACEBOOK_COMMENTS_DEFAULT_VERSION);
  self->poll_interval = 5000;
  self->slow_down = 1;
}

/**
 * vitrine_facebook_comments_new:
 * @id: the connector's id, such as `facebook-main`
 * @live_video_id: the Facebook live video
 * @base_url: (nullable): the Graph API's address; %NULL for Facebook's
 *
 * Returns: (transfer full): a new connector, not started
 */
VitrineFacebookComments *
vitrine_facebook_comments_new (const char *id,
                               const char *live_video_id,
                               const char *base_url)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (live_video_id != NULL, NULL);

  return g_object_new (VITRINE_TYPE_FACEBOOK_COMMENTS,
                       "id", id,
                       "platform", "facebook",
                       "base-url", base_url ? base_url : VITRINE_FACEBOOK_COMMENTS_DEFAULT_URL,
                       "live-video-id", live_video_id,
                       NULL);
}

const char *
vitrine_facebook_comments_get_live_video_id (VitrineFacebookComments *self)
{
  g_return_val_if_fail (VITRINE_IS_FACEBOOK_COMMENTS (self), NULL);
  return self->live_video_id;
}

/**
 * vitrine_facebook_comments_dup_secret_id:
 *
 * Returns: (transfer full): where the Page access token is kept in the
 *   keyring, `facebook:<live-video-id>` (environment variable
 *   `VITRINE_KEY_FACEBOOK_<LIVE_VIDEO_ID>`)
 */
char *
vitrine_facebook_comments_dup_secret_id (VitrineFacebookComments *self)
{
  g_return_val_if_fail (VITRINE_IS_FACEBOOK_COMMENTS (self), NULL);
  return g_strconcat ("facebook:", self->live_video_id ? self->live_video_id : "", NULL);
}

guint
vitrine_facebook_comments_get_poll_interval (VitrineFacebookComments *self)
{
  g_return_val_if_fail (VITRINE_IS_FACEBOOK_COMMENTS (self), 0);
  return self->poll_interval;
}

/**
 * vitrine_facebook_comments_set_poll_interval:
 * @milliseconds: between two polls (at least 10)
 */
void
vitrine_facebook_comments_set_poll_interval (VitrineFacebookComments *self,
                                             guint                    milliseconds)
{
  g_return_if_fail (VITRINE_IS_FACEBOOK_COMMENTS (self));

  milliseconds = CLAMP (milliseconds, 10, MAX_WAIT_MS);
  if (self->poll_interval == milliseconds)
    return;
  self->poll_interval = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_POLL_INTERVAL]);
}

/**
 * vitrine_facebook_comments_get_account:
 *
 * Returns: (transfer none) (nullable): the account the token comes from
 */
VitrineAccount *
vitrine_facebook_comments_get_account (VitrineFacebookComments *self)
{
  g_return_val_if_fail (VITRINE_IS_FACEBOOK_COMMENTS (self), NULL);
  return self->account;
}

/* Signed in again after a refusal: read the comments again. */
static void
account_state_cb (VitrineAccount          *account,
                  GParamSpec              *pspec,
                  VitrineFacebookComments *self)
{
  if (vitrine_account_get_state (account) == VITRINE_ACCOUNT_SIGNED_IN &&
      vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (self)) ==
      VITRINE_FEED_SOURCE_UNAUTHORIZED)
    vitrine_feed_source_start (VITRINE_FEED_SOURCE (self));
}

/**
 * vitrine_facebook_comments_set_account:
 * @account: (nullable): where the access token comes from
 *
 * Reads the comments with @account's access token instead of a static
 * one. Once @account is signed in again, a connector that stopped because
 * the sign-in was refused starts again.
 */
void
vitrine_facebook_comments_set_account (VitrineFacebookComments *self,
                                       VitrineAccount          *account)
{
  g_return_if_fail (VITRINE_IS_FACEBOOK_COMMENTS (self));
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
