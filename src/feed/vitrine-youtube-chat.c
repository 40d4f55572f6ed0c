/* vitrine-youtube-chat.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-youtube"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vitrine-account.h"
#include "vitrine-feed-error.h"
#include "vitrine-secrets.h"
#include "vitrine-youtube-chat.h"
#include "vitrine-youtube-parse.h"

/* YouTube live chat by polling `liveChatMessages.list`
 * (GET <base>/youtube/v3/liveChat/messages?liveChatId=…&part=snippet,authorDetails
 * &pageToken=…), as ../shared/reference/platform-apis.md §1 describes it. The
 * wire format is read by vitrine-youtube-parse.c; this file is the loop
 * around it.
 *
 * Polling. The next request goes out pollingIntervalMillis after the answer
 * to the last one arrived, never sooner (polling faster only earns
 * rateLimitExceeded), with the answer's nextPageToken. An interval below
 * MIN_POLL_MS or above MAX_POLL_MS is taken as that bound (YouTube asks for
 * 1 to 10 s); a page without one keeps the last.
 *
 * History. The first call without a page token returns the most recent
 * messages, from before Vitrine was listening. Those are not shown: only
 * items published at most HISTORY_SLACK_S before start() count (the rule of
 * the client library cited in platform-apis.md §1.4), unless
 * VitrineYoutubeChat:include-history says otherwise. Why: the feed, the claim
 * queue and the journal take every item as new, so a "SOLD A12" from before
 * the show would become a claim, and after a restart the journal would hold
 * the backlog twice. A connector given a page
 * token (VitrineYoutubeChat:page-token, e.g. the journal's cursor after a
 * restart) resumes exactly there and filters nothing. Items are also
 * de-duplicated by id (a resumed or restarted poll can list them again).
 *
 * Deletions. A deleted message id is remembered (bounded), so a message that
 * arrives after its deletion (platform-apis.md §7.13) arrives deleted.
 *
 * Offline. offlineAt on a page says the stream went offline; the chat may
 * still be open, so polling goes on (with a status saying so) until YouTube
 * says the chat ended: a chatEndedEvent, or 403 liveChatEnded.
 *
 * Errors become states, never loops:
 *   403 quotaExceeded              RATE_LIMITED until midnight Pacific time (+1 min)
 *   403/429 rateLimitExceeded      RATE_LIMITED, the source's backoff, at least the interval
 *   liveChatEnded/Disabled/NotFound ENDED
 *   401, authError                 UNAUTHORIZED (a new sign-in; start() reads the secret again)
 *   403 forbidden                  UNAUTHORIZED (this account may not read this chat)
 *   400 pageTokenInvalid           RECONNECTING, from a fresh first page
 *   5xx, network, unreadable 200   RECONNECTING with the source's backoff
 *   anything else                  FAILED
 *
 * Credentials. The secret (an OAuth access token or an API key, see
 * VitrineYoutubeAuth) comes from the environment (VITRINE_KEY_<SECRET ID>)
 * or the keyring, under VitrineYoutubeChat:secret-id ("youtube:<liveChatId>"
 * unless configured). It travels in a header, never in the URL, is never
 * logged, and no redirect is followed (that would carry it elsewhere).
 *
 * Accounts. With VitrineYoutubeChat:account set, the access token comes
 * from that VitrineAccount before every request instead (it renews itself
 * with the refresh token in the keyring when it expires). A 401 tells the
 * account the token was refused and the request goes out once more with a
 * fresh token; a second 401 stops (UNAUTHORIZED, "sign in again"), and the
 * account, which then needs a new sign-in, says so too. Once the host has
 * signed in again the connector starts by itself.
 */

#define DEFAULT_POLL_MS   5000
/* A server asking for less is not YouTube (it says 1 s and more). */
#define MIN_POLL_MS       200
/* A server asking for more is broken; 5 minutes is still "very slow". */
#define MAX_POLL_MS       (5 * 60 * 1000)
#define HISTORY_SLACK_S   10
/* Quota resets are not to the second. */
#define QUOTA_MARGIN_S    60
/* A page of 2000 messages with long Super Chat comments stays far below. */
#define MAX_RESPONSE      (8 * 1024 * 1024)
#define MAX_SEEN          4096
#define MAX_DELETED       1024

/* libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

/* A bounded set of ids: the oldest leave first. */
typedef struct
{
  GHashTable *set;
  GQueue      order;
  guint       max;
} RecentIds;

struct _VitrineYoutubeChat
{
  VitrineFeedSource   parent_instance;

  char               *live_chat_id;
  VitrineYoutubeAuth  auth;
  char               *secret_id;
  gboolean            include_history;

  char               *token;          /* the secret; wiped when dropped */
  GUri               *base;           /* validated base URL */
  char               *page_token;
  gboolean            first_page;     /* the next page is the first of this start() */
  gboolean            had_page;       /* a page arrived since start() */
  GDateTime          *started;
  guint               interval_ms;
  GDateTime          *retry_time;
  guint               timeout_id;

  RecentIds           seen;
  RecentIds           deleted;

  VitrineAccount     *account;
  gboolean            auth_retried;   /* a 401 was answered with a fresh token */
};

G_DEFINE_FINAL_TYPE (VitrineYoutubeChat, vitrine_youtube_chat, VITRINE_TYPE_FEED_SOURCE)

enum {
  PROP_0,
  PROP_LIVE_CHAT_ID,
  PROP_AUTH,
  PROP_SECRET_ID,
  PROP_INCLUDE_HISTORY,
  PROP_PAGE_TOKEN,
  PROP_POLLING_INTERVAL,
  PROP_RETRY_TIME,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void poll_page (VitrineYoutubeChat *self);

/* Small helpers */

static void
recent_ids_init (RecentIds *ids,
                 guint      max)
{
  ids->set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&ids->order);
  ids->max = max;
}

static void
recent_ids_clear (RecentIds *ids)
{
  g_queue_clear (&ids->order);
  g_clear_pointer (&ids->set, g_hash_table_unref);
}

static gboolean
recent_ids_contains (RecentIds  *ids,
                     const char *id)
{
  return id != NULL && g_hash_table_contains (ids->set, id);
}

static void
recent_ids_add (RecentIds  *ids,
                const char *id)
{
  char *copy;

  if (id == NULL || g_hash_table_contains (ids->set, id))
    return;

  copy = g_strdup (id);
  g_hash_table_add (ids->set, copy);
  g_queue_push_tail (&ids->order, copy);
  while (ids->order.length > ids->max)
    g_hash_table_remove (ids->set, g_queue_pop_head (&ids->order));
}

static void
secret_free (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

static const char *
host_of (VitrineYoutubeChat *self)
{
  return self->base && g_uri_get_host (self->base) ? g_uri_get_host (self->base) : "?";
}

static gboolean
is_loopback (const char *host)
{
  return g_strcmp0 (host, "localhost") == 0 || g_strcmp0 (host, "::1") == 0 ||
         (host != NULL && g_str_has_prefix (host, "127."));
}

/* https, or http to this machine only (tests): a token must not travel in the
 * clear. */
static GUri *
parse_base_url (const char  *base_url,
                GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  const char *scheme;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL,
                   _("“%s” is not an address Vitrine can ask YouTube at"), base_url);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 &&
      !(g_ascii_strcasecmp (scheme, "http") == 0 && is_loopback (g_uri_get_host (uri))))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL,
                   _("The YouTube address %s must start with https://, or the sign-in would be "
                     "sent in the clear"), base_url);
      return NULL;
    }

  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL,
                   _("Enter only the address of the YouTube API, such as %s, without a user "
                     "name, “?” or “#”"), VITRINE_YOUTUBE_DEFAULT_BASE_URL);
      return NULL;
    }

  return g_steal_pointer (&uri);
}

static gboolean
ensure_base (VitrineYoutubeChat  *self,
             GError             **error)
{
  const char *base_url = vitrine_feed_source_get_base_url (VITRINE_FEED_SOURCE (self));

  if (self->base != NULL)
    return TRUE;
  self->base = parse_base_url (base_url ? base_url : VITRINE_YOUTUBE_DEFAULT_BASE_URL, error);
  return self->base != NULL;
}

/* <base>/youtube/v3/<path>?<query> */
static GUri *
build_uri (VitrineYoutubeChat *self,
           const char         *path,
           const char         *query)
{
  g_autofree char *prefix = g_strdup (g_uri_get_path (self->base));
  g_autofree char *full = NULL;
  gsize length = strlen (prefix);

  while (length > 0 && prefix[length - 1] == '/')
    prefix[--length] = '\0';
  full = g_strconcat (prefix, "/youtube/v3/", path, NULL);
  return g_uri_build (G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_ENCODED_PATH,
                      g_uri_get_scheme (self->base), NULL, g_uri_get_host (self->base),
                      g_uri_get_port (self->base), full, query, NULL);
}

static void
append_param (GString    *query,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (query->len > 0)
    g_string_append_c (query, '&');
  g_string_append_printf (query, "%s=%s", name, escaped);
}

static SoupMessage *
new_message (VitrineYoutubeChat *self,
             const char         *method,
             GUri               *uri)
{
  SoupMessage *message = soup_message_new_from_uri (method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  if (self->auth == VITRINE_YOUTUBE_AUTH_API_KEY && self->account == NULL)
    soup_message_headers_replace (headers, "X-Goog-Api-Key", self->token);
  else
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
      memset (bearer, 0, strlen (bearer));
    }
  soup_message_headers_replace (headers, "Accept", "application/json");
  /* A redirect would carry the credential to wherever it points. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  return message;
}

static char *
local_clock (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%H:%M");
}

/* HTTP: send, and read the whole answer up to MAX_RESPONSE bytes */

typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *buffer;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->message);
  g_clear_object (&fetch->stream);
  g_clear_pointer (&fetch->buffer, g_byte_array_unref);
  g_free (fetch);
}

static void
fetch_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&fetch->buffer)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  g_byte_array_append (fetch->buffer, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (fetch->buffer->len > MAX_RESPONSE)
    {
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                               _("YouTube’s answer is too large to be a page of chat"));
      return;
    }

  g_input_stream_read_bytes_async (fetch->stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), fetch_read_cb,
                                   g_object_ref (task));
}

static void
fetch_send_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (fetch->stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  fetch->buffer = g_byte_array_new ();
  g_input_stream_read_bytes_async (fetch->stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), fetch_read_cb,
                                   g_object_ref (task));
}

static void
fetch_async (SoupSession         *session,
             SoupMessage         *message,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Fetch *fetch = g_new0 (Fetch, 1);

  g_task_set_source_tag (task, fetch_async);
  fetch->message = g_object_ref (message);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, cancellable, fetch_send_cb,
                           task);
}

static GBytes *
fetch_finish (GAsyncResult  *result,
              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Credentials: the environment first (headless runs, tests), then the keyring */

typedef void (*SecretCallback) (VitrineYoutubeChat *self,
                                const GError       *error,
                                gpointer            data);

typedef struct
{
  VitrineYoutubeChat *self;
  SecretCallback      callback;
  gpointer            data;
} SecretLookup;

static void
use_secret (VitrineYoutubeChat *self,
            char               *secret)
{
  g_clear_pointer (&self->token, secret_free);
  self->token = secret;
}

static GError *
missing_secret_error (VitrineYoutubeChat *self)
{
  g_autofree char *env = vitrine_secrets_env_name (self->secret_id);

  if (self->auth == VITRINE_YOUTUBE_AUTH_API_KEY)
    return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING,
                        _("No YouTube API key is stored for this chat: enter it in the chat "
                          "settings (or set %s)"), env);
  return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING,
                      _("Vitrine is not signed in to YouTube for this chat: sign in again (or "
                        "set %s)"), env);
}

static void
secret_lookup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SecretLookup *lookup = user_data;
  VitrineYoutubeChat *self = lookup->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reported = NULL;
  char *secret;

  secret = vitrine_secrets_lookup_finish (result, &error);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    reported = g_steal_pointer (&error);
  else if (error != NULL)
    reported = g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING,
                            _("The keyring cannot be read for the YouTube chat: %s"),
                            error->message);
  else if (secret == NULL || *secret == '\0')
    {
      secret_free (secret);
      secret = NULL;
      reported = missing_secret_error (self);
    }

  if (secret != NULL)
    use_secret (self, secret);
  lookup->callback (self, reported, lookup->data);
  g_object_unref (self);
  g_free (lookup);
}

static void
account_token_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SecretLookup *lookup = user_data;
  VitrineYoutubeChat *self = lookup->self;
  g_autoptr(GError) error = NULL;
  char *token;

  token = vitrine_account_get_token_finish (VITRINE_ACCOUNT (object), result, &error);
  if (token != NULL)
    use_secret (self, token);
  lookup->callback (self, error, lookup->data);
  g_object_unref (self);
  g_free (lookup);
}

static void
lookup_secret (VitrineYoutubeChat *self,
               GCancellable       *cancellable,
               SecretCallback      callback,
               gpointer            data)
{
  char *secret;
  SecretLookup *lookup;

  /* The account renews its token by itself: asked before every request. */
  if (self->account != NULL)
    {
      lookup = g_new0 (SecretLookup, 1);
      lookup->self = g_object_ref (self);
      lookup->callback = callback;
      lookup->data = data;
      vitrine_account_get_token_async (self->account, cancellable, account_token_cb, lookup);
      return;
    }

  secret = vitrine_secrets_lookup_env (self->secret_id);
  if (secret != NULL)
    {
      use_secret (self, secret);
      callback (self, NULL, data);
      return;
    }

  lookup = g_new0 (SecretLookup, 1);
  lookup->self = g_object_ref (self);
  lookup->callback = callback;
  lookup->data = data;
  vitrine_secrets_lookup_async (self->secret_id, cancellable, secret_lookup_cb, lookup);
}

/* States and waits */

static void
set_retry_time (VitrineYoutubeChat *self,
                GDateTime          *time)
{
  if (self->retry_time == NULL && time == NULL)
    return;
  g_clear_pointer (&self->retry_time, g_date_time_unref);
  self->retry_time = time ? g_date_time_ref (time) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RETRY_TIME]);
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  VitrineYoutubeChat *self = user_data;

  self->timeout_id = 0;
  poll_page (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (VitrineYoutubeChat *self,
               guint               milliseconds)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, milliseconds, poll_timeout_cb,
                                         self, NULL);
}

/* Waits after a failure, and says so: @format has one %s, the wait. */
static void
retry_after (VitrineYoutubeChat     *self,
             VitrineFeedSourceState  state,
             guint                   milliseconds,
             const char             *format,
             ...) G_GNUC_PRINTF (4, 5);

static void
retry_after (VitrineYoutubeChat     *self,
             VitrineFeedSourceState  state,
             guint                   milliseconds,
             const char             *format,
             ...)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) at = g_date_time_add (now, (GTimeSpan) milliseconds * 1000);
  g_autofree char *status = NULL;
  va_list args;

  va_start (args, format);
  status = g_strdup_vprintf (format, args);
  va_end (args);

  g_debug ("%s: %s", vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)), status);
  set_retry_time (self, at);
  _vitrine_feed_source_set_state (VITRINE_FEED_SOURCE (self), state, status);
  schedule_poll (self, milliseconds);
}

static void
reconnect (VitrineYoutubeChat *self,
           const char         *why)
{
  guint wait = _vitrine_feed_source_next_backoff (VITRINE_FEED_SOURCE (self));
  g_autofree char *duration = vitrine_youtube_format_duration ((wait + 999) / 1000);

  /* TRANSLATORS: the first %s says what went wrong, the second is a duration */
  retry_after (self, VITRINE_FEED_SOURCE_RECONNECTING, wait, _("%s; trying again in %s"),
               why, duration);
}

static void
give_up (VitrineYoutubeChat     *self,
         VitrineFeedSourceState  state,
         const char             *status)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  set_retry_time (self, NULL);
  g_debug ("%s: stops: %s", vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)), status);
  _vitrine_feed_source_set_state (VITRINE_FEED_SOURCE (self), state, status);
}

static void
set_page_token (VitrineYoutubeChat *self,
                const char         *token)
{
  if (g_strcmp0 (self->page_token, token) == 0)
    return;
  g_free (self->page_token);
  self->page_token = g_strdup (token);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PAGE_TOKEN]);
}

/* Pages */

static void
emit_page (VitrineYoutubeChat        *self,
           VitrineYoutubeParseResult *page)
{
  VitrineFeedSource *source = VITRINE_FEED_SOURCE (self);
  g_autoptr(GDateTime) oldest = NULL;
  guint history = 0;
  guint duplicates = 0;

  if (self->first_page && !self->include_history)
    oldest = g_date_time_add_seconds (self->started, -HISTORY_SLACK_S);

  for (guint i = 0; i < page->items->len; i++)
    {
      VitrineFeedItem *item = g_ptr_array_index (page->items, i);
      const char *id = vitrine_feed_item_get_id (item);

      if (recent_ids_contains (&self->seen, id))
        {
          duplicates++;
          continue;
        }
      recent_ids_add (&self->seen, id);

      if (oldest != NULL && g_date_time_compare (vitrine_feed_item_get_time (item), oldest) < 0)
        {
          history++;
          continue;
        }

      _vitrine_feed_source_emit_item (source, item);
      /* Deleted before it arrived. */
      if (recent_ids_contains (&self->deleted, id))
        _vitrine_feed_source_emit_retract (source, id);
    }

  for (guint i = 0; i < page->retracted->len; i++)
    {
      const char *id = g_ptr_array_index (page->retracted, i);

      recent_ids_add (&self->deleted, id);
      _vitrine_feed_source_emit_retract (source, id);
    }

  for (guint i = 0; i < page->banned->len; i++)
    _vitrine_feed_source_emit_timeout (source, g_ptr_array_index (page->banned, i),
                                       g_array_index (page->ban_seconds, guint, i));

  g_debug ("%s: page of %u: %u shown, %u history, %u repeated, %u skipped, %u deleted, "
           "%u banned", vitrine_feed_source_get_id (source), page->n_items,
           page->items->len - history - duplicates, history, duplicates, page->n_skipped,
           page->retracted->len, page->banned->len);
}

static void
handle_page (VitrineYoutubeChat        *self,
             VitrineYoutubeParseResult *page)
{
  VitrineFeedSource *source = VITRINE_FEED_SOURCE (self);
  g_autofree char *status = NULL;

  emit_page (self, page);
  self->first_page = FALSE;
  self->had_page = TRUE;
  self->auth_retried = FALSE;

  if (page->polling_interval_ms >= 0)
    {
      guint interval = (guint) CLAMP (page->polling_interval_ms, MIN_POLL_MS, MAX_POLL_MS);

      if (interval != self->interval_ms)
        {
          self->interval_ms = interval;
          g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_POLLING_INTERVAL]);
        }
    }
  /* A page without a token would start over from the recent history:
   * keep the last one. */
  if (page->next_page_token != NULL)
    set_page_token (self, page->next_page_token);

  set_retry_time (self, NULL);

  if (page->chat_ended)
    {
      give_up (self, VITRINE_FEED_SOURCE_ENDED, _("The live chat has ended"));
      return;
    }

  if (page->offline_at != NULL)
    {
      g_autofree char *clock = local_clock (page->offline_at);

      status = g_strdup_printf (_("The stream went offline at %s; the chat is still open"),
                                clock);
    }
  _vitrine_feed_source_set_state (source, VITRINE_FEED_SOURCE_LIVE, status);
  schedule_poll (self, self->interval_ms);
}

static void
handle_quota (VitrineYoutubeChat *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) reset = vitrine_youtube_quota_reset_time (now);
  g_autoptr(GDateTime) at = g_date_time_add_seconds (reset ? reset : now,
                                                     reset ? QUOTA_MARGIN_S : 24 * 3600);
  GTimeSpan wait_us = g_date_time_difference (at, now);
  /* Rounded up: the retry is never before the time the status names. */
  guint wait_ms = (guint) MAX ((wait_us + 999) / 1000, 1000);
  g_autofree char *clock = local_clock (at);
  g_autofree char *duration = vitrine_youtube_format_duration ((wait_ms + 999) / 1000);

  retry_after (self, VITRINE_FEED_SOURCE_RATE_LIMITED, wait_ms,
               /* TRANSLATORS: "at 09:01 (after midnight Pacific time), in 7 hours 14 minutes" */
               _("YouTube’s daily quota is spent; trying again at %s (after midnight Pacific "
                 "time), in %s"), clock, duration);
}

static void
handle_rate_limit (VitrineYoutubeChat *self,
                   SoupMessageHeaders *headers)
{
  guint wait = _vitrine_feed_source_next_backoff (VITRINE_FEED_SOURCE (self));
  const char *retry = soup_message_headers_get_one (headers, "Retry-After");
  g_autofree char *duration = NULL;
  guint64 seconds;

  /* Never sooner than the interval YouTube asked for, nor than it says. */
  wait = MAX (wait, self->interval_ms);
  if (retry != NULL && g_ascii_string_to_unsigned (retry, 10, 0, 3600, &seconds, NULL))
    wait = MAX (wait, (guint) seconds * 1000);

  duration = vitrine_youtube_format_duration ((wait + 999) / 1000);
  retry_after (self, VITRINE_FEED_SOURCE_RATE_LIMITED, wait,
               _("YouTube asks Vitrine to read the chat more slowly; trying again in %s"),
               duration);
}

static void
handle_answer (VitrineYoutubeChat *self,
               guint               status,
               SoupMessageHeaders *headers,
               GBytes             *body)
{
  g_autoptr(VitrineYoutubeParseResult) page = NULL;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  g_autofree char *why = NULL;

  page = vitrine_youtube_parse_page (data, length);

  if (SOUP_STATUS_IS_SUCCESSFUL (status) && page->reason == VITRINE_YOUTUBE_REASON_NONE)
    {
      handle_page (self, page);
      return;
    }

  if (page->reason != VITRINE_YOUTUBE_REASON_NONE &&
      page->reason != VITRINE_YOUTUBE_REASON_MALFORMED)
    g_debug ("%s: HTTP %u, %s: %s", vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)),
             status, page->reason_name ? page->reason_name : "no reason",
             page->error_message ? page->error_message : "");

  switch ((int) page->reason)
    {
    case VITRINE_YOUTUBE_REASON_QUOTA_EXCEEDED:
      handle_quota (self);
      return;

    case VITRINE_YOUTUBE_REASON_RATE_LIMIT_EXCEEDED:
      handle_rate_limit (self, headers);
      return;

    case VITRINE_YOUTUBE_REASON_CHAT_ENDED:
      give_up (self, VITRINE_FEED_SOURCE_ENDED, _("The live chat has ended"));
      return;

    case VITRINE_YOUTUBE_REASON_CHAT_DISABLED:
      give_up (self, VITRINE_FEED_SOURCE_ENDED, _("The live chat is turned off for this stream"));
      return;

    case VITRINE_YOUTUBE_REASON_CHAT_NOT_FOUND:
      give_up (self, VITRINE_FEED_SOURCE_ENDED,
               _("YouTube has no such live chat: the stream may be over or deleted"));
      return;

    case VITRINE_YOUTUBE_REASON_PAGE_TOKEN_INVALID:
      /* Start over from the recent messages; the seen ids drop repeats.
       * A token saved by an earlier run that no page followed: what the
       * fresh page lists from before start() is history, as on any start. */
      set_page_token (self, NULL);
      if (!self->had_page)
        self->first_page = TRUE;
      reconnect (self, _("YouTube lost Vitrine’s place in the chat"));
      return;

    default:
      break;
    }

  if (status == STATUS_TOO_MANY_REQUESTS)
    {
      handle_rate_limit (self, headers);
      return;
    }

  if ((status == SOUP_STATUS_UNAUTHORIZED || page->reason == VITRINE_YOUTUBE_REASON_AUTH) &&
      self->account != NULL)
    {
      /* Once with a fresh token; a second refusal is the account's to
       * show (it needs a new sign-in then), never a loop. */
      vitrine_account_token_rejected (self->account, self->token);
      if (!self->auth_retried)
        {
          self->auth_retried = TRUE;
          g_debug ("%s: the sign-in was refused; once more with a renewed one",
                   vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)));
          poll_page (self);
          return;
        }
      give_up (self, VITRINE_FEED_SOURCE_UNAUTHORIZED,
               vitrine_account_get_state (self->account) == VITRINE_ACCOUNT_NEEDS_SIGN_IN
               ? vitrine_account_get_status (self->account)
               : _("YouTube refused the renewed sign-in too: sign in to YouTube again"));
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED || page->reason == VITRINE_YOUTUBE_REASON_AUTH)
    {
      give_up (self, VITRINE_FEED_SOURCE_UNAUTHORIZED,
               self->auth == VITRINE_YOUTUBE_AUTH_API_KEY
               ? _("YouTube refused the API key; enter it again")
               : _("YouTube refused the sign-in (it may have expired); sign in again"));
      return;
    }

  if (status == SOUP_STATUS_FORBIDDEN || page->reason == VITRINE_YOUTUBE_REASON_FORBIDDEN)
    {
      give_up (self, VITRINE_FEED_SOURCE_UNAUTHORIZED,
               _("YouTube does not let this account read this live chat; sign in with the "
                 "channel’s account or one of its moderators"));
      return;
    }

  if (status >= 500)
    {
      why = g_strdup_printf (_("YouTube has a problem (HTTP %u)"), status);
      reconnect (self, why);
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* A 200 that is not a page: a proxy's page, or a cut answer. */
      reconnect (self, _("YouTube’s answer could not be read"));
      return;
    }

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      why = g_strdup_printf (_("%s sends Vitrine to another address; check the YouTube API "
                               "address"), host_of (self));
      give_up (self, VITRINE_FEED_SOURCE_FAILED, why);
      return;
    }

  if (status == SOUP_STATUS_NOT_FOUND)
    {
      why = g_strdup_printf (_("%s has no YouTube API (HTTP 404); check the address"),
                             host_of (self));
      give_up (self, VITRINE_FEED_SOURCE_FAILED, why);
      return;
    }

  why = page->error_message
        ? g_strdup_printf (_("YouTube refused to list the chat (HTTP %u): %s"), status,
                           page->error_message)
        : g_strdup_printf (_("YouTube refused to list the chat (HTTP %u)"), status);
  give_up (self, VITRINE_FEED_SOURCE_FAILED, why);
}

typedef struct
{
  VitrineYoutubeChat *self;
  SoupMessage        *message;
} Poll;

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Poll *poll = user_data;
  g_autoptr(VitrineYoutubeChat) self = poll->self;
  g_autoptr(SoupMessage) message = poll->message;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  VitrineFeedSource *source = VITRINE_FEED_SOURCE (self);

  g_free (poll);

  body = fetch_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (_vitrine_feed_source_get_cancellable (source)))
    return;

  if (body == NULL)
    {
      g_autofree char *why = NULL;

      if (g_error_matches (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL))
        why = g_strdup (error->message);
      else
        why = g_strdup_printf (_("YouTube cannot be reached (%s)"), error->message);
      reconnect (self, why);
      return;
    }

  handle_answer (self, soup_message_get_status (message),
                 soup_message_get_response_headers (message), body);
}

static void
send_poll (VitrineYoutubeChat *self)
{
  VitrineFeedSource *source = VITRINE_FEED_SOURCE (self);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GUri) uri = NULL;
  Poll *poll;

  append_param (query, "liveChatId", self->live_chat_id);
  g_string_append (query, "&part=snippet,authorDetails");
  if (self->page_token != NULL)
    append_param (query, "pageToken", self->page_token);
  uri = build_uri (self, "liveChat/messages", query->str);

  g_debug ("%s: asking for a page (%s)", vitrine_feed_source_get_id (source),
           self->page_token ? "next" : "first");

  poll = g_new0 (Poll, 1);
  poll->self = g_object_ref (self);
  poll->message = new_message (self, SOUP_METHOD_GET, uri);
  fetch_async (vitrine_feed_source_get_session (source), poll->message,
               _vitrine_feed_source_get_cancellable (source), poll_cb, poll);
}

/* Without a token no request goes out: a sign-in that is missing or no
 * longer accepted waits for the host; a sign-in server that cannot be
 * reached is tried again later. */
static void
secret_failed (VitrineYoutubeChat *self,
               const GError       *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_UNREACHABLE) ||
      g_error_matches (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_SERVER_ERROR))
    reconnect (self, error->message);
  else
    give_up (self, VITRINE_FEED_SOURCE_UNAUTHORIZED, error->message);
}

static void
poll_secret_cb (VitrineYoutubeChat *self,
                const GError       *error,
                gpointer            data)
{
  if (error != NULL)
    {
      secret_failed (self, error);
      return;
    }
  if (g_cancellable_is_cancelled (_vitrine_feed_source_get_cancellable (
        VITRINE_FEED_SOURCE (self))))
    return;
  send_poll (self);
}

static void
poll_page (VitrineYoutubeChat *self)
{
  if (self->account != NULL)
    lookup_secret (self, _vitrine_feed_source_get_cancellable (VITRINE_FEED_SOURCE (self)),
                   poll_secret_cb, NULL);
  else
    send_poll (self);
}

static void
start_secret_cb (VitrineYoutubeChat *self,
                 const GError       *error,
                 gpointer            data)
{
  if (error != NULL)
    {
      secret_failed (self, error);
      return;
    }
  poll_page (self);
}

static void
vitrine_youtube_chat_start (VitrineFeedSource *source)
{
  VitrineYoutubeChat *self = VITRINE_YOUTUBE_CHAT (source);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  set_retry_time (self, NULL);

  if (!ensure_base (self, &error))
    {
      give_up (self, VITRINE_FEED_SOURCE_FAILED, error->message);
      return;
    }
  if (self->live_chat_id == NULL || *self->live_chat_id == '\0')
    {
      give_up (self, VITRINE_FEED_SOURCE_FAILED, _("No YouTube live chat is chosen"));
      return;
    }

  g_clear_pointer (&self->started, g_date_time_unref);
  self->started = g_date_time_new_now_utc ();
  self->first_page = self->page_token == NULL;
  self->had_page = FALSE;
  self->auth_retried = FALSE;
  _vitrine_feed_source_set_state (source, VITRINE_FEED_SOURCE_CONNECTING, NULL);
  if (self->account != NULL)
    poll_page (self);
  else
    lookup_secret (self, _vitrine_feed_source_get_cancellable (source), start_secret_cb, NULL);
}

static void
vitrine_youtube_chat_stop (VitrineFeedSource *source)
{
  VitrineYoutubeChat *self = VITRINE_YOUTUBE_CHAT (source);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  set_retry_time (self, NULL);
}

/* Moderation */

typedef enum
{
  ACTION_DELETE,
  ACTION_BAN,
} Action;

typedef struct
{
  Action       action;
  char        *target;     /* a message id or a channel id */
  guint64      duration;   /* seconds; 0 for a permanent ban */
  SoupMessage *message;
  gboolean     retried;    /* a 401 was answered with a fresh token */
} Moderation;

static void
moderation_free (Moderation *moderation)
{
  g_free (moderation->target);
  g_clear_object (&moderation->message);
  g_free (moderation);
}

static GBytes *
ban_body (VitrineYoutubeChat *self,
          Moderation         *moderation)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "snippet");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "liveChatId");
  json_builder_add_string_value (builder, self->live_chat_id);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, moderation->duration ? "temporary" : "permanent");
  if (moderation->duration > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GUINT64_FORMAT, moderation->duration);

      /* An unsigned 64-bit number: a string in Google's JSON. */
      json_builder_set_member_name (builder, "banDurationSeconds");
      json_builder_add_string_value (builder, seconds);
    }
  json_builder_set_member_name (builder, "bannedUserDetails");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "channelId");
  json_builder_add_string_value (builder, moderation->target);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  length = strlen (text);
  return g_bytes_new_take (g_steal_pointer (&text), length);
}

static GError *
moderation_error (VitrineYoutubeChat *self,
                  Moderation         *moderation,
                  guint               status,
                  GBytes             *body)
{
  g_autoptr(VitrineYoutubeParseResult) answer = NULL;
  gboolean deleting = moderation->action == ACTION_DELETE;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  answer = vitrine_youtube_parse_page (data, length);
  g_debug ("%s: moderation refused, HTTP %u, %s",
           vitrine_feed_source_get_id (VITRINE_FEED_SOURCE (self)), status,
           answer->reason_name ? answer->reason_name : "no reason");

  switch ((int) answer->reason)
    {
    case VITRINE_YOUTUBE_REASON_QUOTA_EXCEEDED:
      return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_RATE_LIMITED,
                          _("YouTube’s daily quota is spent; moderation works again after "
                            "midnight Pacific time"));
    case VITRINE_YOUTUBE_REASON_RATE_LIMIT_EXCEEDED:
      return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_RATE_LIMITED,
                          _("YouTube asks Vitrine to slow down; try again in a minute"));
    case VITRINE_YOUTUBE_REASON_MESSAGE_NOT_FOUND:
      return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_NOT_FOUND,
                          _("YouTube no longer has this message; it may already be deleted"));
    case VITRINE_YOUTUBE_REASON_NOT_ALLOWED:
      return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                          _("YouTube does not let anyone delete this message (it was written "
                            "by the channel or a moderator)"));
    case VITRINE_YOUTUBE_REASON_CHAT_ENDED:
    case VITRINE_YOUTUBE_REASON_CHAT_DISABLED:
    case VITRINE_YOUTUBE_REASON_CHAT_NOT_FOUND:
      return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                          _("The live chat has ended"));
    default:
      break;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED || answer->reason == VITRINE_YOUTUBE_REASON_AUTH)
    return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                        _("YouTube refused the sign-in (it may have expired); sign in again"));
  if (status == SOUP_STATUS_FORBIDDEN || answer->reason == VITRINE_YOUTUBE_REASON_FORBIDDEN)
    return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                        deleting
                        ? _("YouTube does not let this account delete messages in this chat: "
                            "only the channel and its moderators can")
                        : _("YouTube does not let this account ban viewers in this chat: only "
                            "the channel and its moderators can"));
  if (status == STATUS_TOO_MANY_REQUESTS)
    return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_RATE_LIMITED,
                        _("YouTube asks Vitrine to slow down; try again in a minute"));
  if (status >= 500)
    return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_SERVER_ERROR,
                        _("YouTube has a problem (HTTP %u); try again later"), status);
  if (status == SOUP_STATUS_NOT_FOUND)
    return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_NOT_FOUND,
                        _("%s has no YouTube API (HTTP 404); check the address"), host_of (self));
  if (answer->error_message != NULL)
    return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                        _("YouTube refused (HTTP %u): %s"), status, answer->error_message);
  return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                      _("YouTube refused (HTTP %u)"), status);
}

static void moderation_secret_cb (VitrineYoutubeChat *self,
                                  const GError       *error,
                                  gpointer            data);

static void
moderation_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineYoutubeChat *self = g_task_get_source_object (task);
  Moderation *moderation = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  body = fetch_finish (result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_UNREACHABLE,
                                 _("YouTube cannot be reached (%s)"), error->message);
      return;
    }

  status = soup_message_get_status (moderation->message);
  if (status == SOUP_STATUS_UNAUTHORIZED && self->account != NULL)
    {
      vitrine_account_token_rejected (self->account, self->token);
      if (!moderation->retried)
        {
          moderation->retried = TRUE;
          g_clear_object (&moderation->message);
          lookup_secret (self, g_task_get_cancellable (task), moderation_secret_cb,
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
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, moderation_error (self, moderation, status, body));
      return;
    }

  /* Shown at once; the next page's messageDeletedEvent or userBannedEvent
   * says it again, which changes nothing. */
  if (moderation->action == ACTION_DELETE)
    {
      recent_ids_add (&self->deleted, moderation->target);
      _vitrine_feed_source_emit_retract (VITRINE_FEED_SOURCE (self), moderation->target);
    }
  else
    _vitrine_feed_source_emit_timeout (VITRINE_FEED_SOURCE (self), moderation->target,
                                       (guint) MIN (moderation->duration, G_MAXUINT));
  g_task_return_boolean (task, TRUE);
}

static void
moderation_send (GTask *task)
{
  VitrineYoutubeChat *self = g_task_get_source_object (task);
  Moderation *moderation = g_task_get_task_data (task);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GUri) uri = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (moderation->action == ACTION_DELETE)
    {
      append_param (query, "id", moderation->target);
      uri = build_uri (self, "liveChat/messages", query->str);
      moderation->message = new_message (self, SOUP_METHOD_DELETE, uri);
    }
  else
    {
      g_autoptr(GBytes) body = ban_body (self, moderation);

      uri = build_uri (self, "liveChat/bans", "part=snippet");
      moderation->message = new_message (self, SOUP_METHOD_POST, uri);
      soup_message_set_request_body_from_bytes (moderation->message, "application/json", body);
    }

  fetch_async (vitrine_feed_source_get_session (VITRINE_FEED_SOURCE (self)), moderation->message,
               cancellable, moderation_cb, task);
}

static void
moderation_secret_cb (VitrineYoutubeChat *self,
                      const GError       *error,
                      gpointer            data)
{
  GTask *task = data;

  if (error != NULL)
    {
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
      return;
    }
  moderation_send (task);
}

static void
moderate (VitrineYoutubeChat  *self,
          Moderation          *moderation,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  g_autoptr(GError) error = NULL;
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, moderation, (GDestroyNotify) moderation_free);

  if (self->auth != VITRINE_YOUTUBE_AUTH_OAUTH && self->account == NULL)
    {
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING,
                               _("Deleting messages and banning viewers needs a YouTube "
                                 "sign-in; this chat is read with an API key"));
      g_object_unref (task);
      return;
    }
  if (!ensure_base (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (self->token != NULL && self->account == NULL)
    moderation_send (task);
  else
    lookup_secret (self, cancellable, moderation_secret_cb, task);
}

/**
 * vitrine_youtube_chat_delete_message_async:
 * @message_id: the id of the message (a #VitrineFeedItem's id)
 *
 * Deletes a message from the live chat (`liveChatMessages.delete`). Needs
 * an OAuth sign-in of the channel or one of its moderators. On success the
 * message is shown as deleted at once.
 */
void
vitrine_youtube_chat_delete_message_async (VitrineYoutubeChat  *self,
                                           const char          *message_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  Moderation *moderation;

  g_return_if_fail (VITRINE_IS_YOUTUBE_CHAT (self));
  g_return_if_fail (message_id != NULL && *message_id != '\0');

  moderation = g_new0 (Moderation, 1);
  moderation->action = ACTION_DELETE;
  moderation->target = g_strdup (message_id);
  moderate (self, moderation, cancellable, callback, user_data,
            vitrine_youtube_chat_delete_message_async);
}

/**
 * vitrine_youtube_chat_delete_message_finish:
 *
 * Returns: %TRUE when YouTube deleted the message; otherwise @error says
 *   why, in the host's words
 */
gboolean
vitrine_youtube_chat_delete_message_finish (VitrineYoutubeChat  *self,
                                            GAsyncResult        *result,
                                            GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        vitrine_youtube_chat_delete_message_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vitrine_youtube_chat_ban_user_async:
 * @channel_id: the viewer's channel id (a #VitrineFeedItem's author id)
 * @seconds: how long a timeout lasts, or 0 for a permanent ban
 *
 * Bans a viewer from the live chat (`liveChatBans.insert`), permanently or
 * for a while. Needs an OAuth sign-in of the channel or one of its
 * moderators. On success the viewer's messages are shown as banned at once.
 */
void
vitrine_youtube_chat_ban_user_async (VitrineYoutubeChat  *self,
                                     const char          *channel_id,
                                     guint64              seconds,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Moderation *moderation;

  g_return_if_fail (VITRINE_IS_YOUTUBE_CHAT (self));
  g_return_if_fail (channel_id != NULL && *channel_id != '\0');

  moderation = g_new0 (Moderation, 1);
  moderation->action = ACTION_BAN;
  moderation->target = g_strdup (channel_id);
  moderation->duration = seconds;
  moderate (self, moderation, cancellable, callback, user_data,
            vitrine_youtube_chat_ban_user_async);
}

/**
 * vitrine_youtube_chat_ban_user_finish:
 *
 * Returns: %TRUE when YouTube banned the viewer; otherwise @error says why
 */
gboolean
vitrine_youtube_chat_ban_user_finish (VitrineYoutubeChat  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        vitrine_youtube_chat_ban_user_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static void
vitrine_youtube_chat_constructed (GObject *object)
{
  VitrineYoutubeChat *self = VITRINE_YOUTUBE_CHAT (object);

  G_OBJECT_CLASS (vitrine_youtube_chat_parent_class)->constructed (object);

  /* The feed applies deletions and bans per platform: items and source must
   * agree (vitrine_youtube_chat_new() sets it). */
  g_warn_if_fail (g_strcmp0 (vitrine_feed_source_get_platform (VITRINE_FEED_SOURCE (self)),
                             VITRINE_YOUTUBE_PLATFORM) == 0);

  if (self->secret_id == NULL)
    self->secret_id = g_strconcat ("youtube:", self->live_chat_id ? self->live_chat_id : "",
                                   NULL);
}

static void
vitrine_youtube_chat_dispose (GObject *object)
{
  VitrineYoutubeChat *self = VITRINE_YOUTUBE_CHAT (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (vitrine_youtube_chat_parent_class)->dispose (object);
}

static void
vitrine_youtube_chat_finalize (GObject *object)
{
  VitrineYoutubeChat *self = VITRINE_YOUTUBE_CHAT (object);

  g_clear_pointer (&self->live_chat_id, g_free);
  g_clear_pointer (&self->secret_id, g_free);
  g_clear_pointer (&self->token, secret_free);
  g_clear_pointer (&self->base, g_uri_unref);
  g_clear_pointer (&self->page_token, g_free);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->retry_time, g_date_time_unref);
  recent_ids_clear (&self->seen);
  recent_ids_clear (&self->deleted);

  G_OBJECT_CLASS (vitrine_youtube_chat_parent_class)->finalize (object);
}

static void
vitrine_youtube_chat_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VitrineYoutubeChat *self = VITRINE_YOUTUBE_CHAT (object);

  switch (prop_id)
    {
    case PROP_LIVE_CHAT_ID:
      g_value_set_string (value, self->live_chat_id);
      break;
    case PROP_AUTH:
      g_value_set_int (value, self->auth);
      break;
    case PROP_SECRET_ID:
      g_value_set_string (value, self->secret_id);
      break;
    case PROP_INCLUDE_HISTORY:
      g_value_set_boolean (value, self->include_history);
      break;
    case PROP_PAGE_TOKEN:
      g_value_set_string (value, self->page_token);
      break;
    case PROP_POLLING_INTERVAL:
      g_value_set_uint (value, self->interval_ms);
      break;
    case PROP_RETRY_TIME:
      g_value_set_boxed (value, self->retry_time);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_youtube_chat_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  VitrineYoutubeChat *self = VITRINE_YOUTUBE_CHAT (object);

  switch (prop_id)
    {
    case PROP_LIVE_CHAT_ID:
      self->live_chat_id = g_value_dup_string (value);
      break;
    case PROP_AUTH:
      self->auth = g_value_get_int (value);
      break;
    case PROP_SECRET_ID:
      self->secret_id = g_value_dup_string (value);
      break;
    case PROP_INCLUDE_HISTORY:
      vitrine_youtube_chat_set_include_history (self, g_value_get_boolean (value));
      break;
    case PROP_PAGE_TOKEN:
      vitrine_youtube_chat_set_page_token (self, g_value_get_string (value));
      break;
    case PROP_ACCOUNT:
      vitrine_youtube_chat_set_account (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_youtube_chat_class_init (VitrineYoutubeChatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VitrineFeedSourceClass *source_class = VITRINE_FEED_SOURCE_CLASS (klass);

  object_class->constructed = vitrine_youtube_chat_constructed;
  object_class->dispose = vitrine_youtube_chat_dispose;
  object_class->finalize = vitrine_youtube_chat_finalize;
  object_class->get_property = vitrine_youtube_chat_get_property;
  object_class->set_property = vitrine_youtube_chat_set_property;

  source_class->start = vitrine_youtube_chat_start;
  source_class->stop = vitrine_youtube_chat_stop;

  /**
   * VitrineYoutubeChat:live-chat-id:
   *
   * The chat to read: a broadcast's `snippet.liveChatId`, or a video's
   * `liveStreamingDetails.activeLiveChatId`.
   */
  properties [PROP_LIVE_CHAT_ID] =
    g_param_spec_string ("live-chat-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineYoutubeChat:auth:
   *
   * A #VitrineYoutubeAuth: what kind of credential the secret is.
   */
  properties [PROP_AUTH] =
    g_param_spec_int ("auth", NULL, NULL, VITRINE_YOUTUBE_AUTH_OAUTH,
                      VITRINE_YOUTUBE_AUTH_API_KEY, VITRINE_YOUTUBE_AUTH_OAUTH,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineYoutubeChat:secret-id:
   *
   * Where the credential is: the keyring item's id, and the environment
   * variable's name (VITRINE_KEY_ and the id in upper case). By default
   * `youtube:<liveChatId>`.
   */
  properties [PROP_SECRET_ID] =
    g_param_spec_string ("secret-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineYoutubeChat:include-history:
   *
   * Whether the messages YouTube lists from before start() are shown too.
   * Off by default: the feed starts when the connector does.
   */
  properties [PROP_INCLUDE_HISTORY] =
    g_param_spec_boolean ("include-history", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineYoutubeChat:page-token:
   *
   * Where the next poll continues (the last page's `nextPageToken`). Set it
   * before start() to resume where an earlier run left off, with nothing
   * missed and nothing repeated.
   */
  properties [PROP_PAGE_TOKEN] =
    g_param_spec_string ("page-token", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineYoutubeChat:polling-interval:
   *
   * How long YouTube asked Vitrine to wait between polls, in milliseconds.
   */
  properties [PROP_POLLING_INTERVAL] =
    g_param_spec_uint ("polling-interval", NULL, NULL, 0, G_MAXUINT, DEFAULT_POLL_MS,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineYoutubeChat:retry-time:
   *
   * After an error: when the next attempt is made (a #GDateTime in UTC);
   * %NULL while the chat is read normally.
   */
  properties [PROP_RETRY_TIME] =
    g_param_spec_boxed ("retry-time", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineYoutubeChat:account:
   *
   * The #VitrineAccount the OAuth access token comes from, renewed as
   * needed; %NULL to take a static secret from the keyring or the
   * environment (VitrineYoutubeChat:secret-id).
   */
  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, VITRINE_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_youtube_chat_init (VitrineYoutubeChat *self)
{
  self->interval_ms = DEFAULT_POLL_MS;
  recent_ids_init (&self->seen, MAX_SEEN);
  recent_ids_init (&self->deleted, MAX_DELETED);
}

/**
 * vitrine_youtube_chat_new:
 * @id: the connector's id in the show
 * @live_chat_id: the chat to read
 * @auth: whether the secret is an OAuth access token or an API key
 * @base_url: (nullable): where the YouTube Data API is;
 *   %VITRINE_YOUTUBE_DEFAULT_BASE_URL if %NULL
 *
 * Returns: (transfer full): a new connector; vitrine_feed_source_start()
 *   starts reading
 */
VitrineYoutubeChat *
vitrine_youtube_chat_new (const char         *id,
                          const char         *live_chat_id,
                          VitrineYoutubeAuth  auth,
                          const char         *base_url)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (live_chat_id != NULL, NULL);

  return g_object_new (VITRINE_TYPE_YOUTUBE_CHAT,
                       "id", id,
                       "platform", VITRINE_YOUTUBE_PLATFORM,
                       "base-url", base_url ? base_url : VITRINE_YOUTUBE_DEFAULT_BASE_URL,
                       "live-chat-id", live_chat_id,
                       "auth", (int) auth,
                       NULL);
}

const char *
vitrine_youtube_chat_get_live_chat_id (VitrineYoutubeChat *self)
{
  g_return_val_if_fail (VITRINE_IS_YOUTUBE_CHAT (self), NULL);
  return self->live_chat_id;
}

VitrineYoutubeAuth
vitrine_youtube_chat_get_auth (VitrineYoutubeChat *self)
{
  g_return_val_if_fail (VITRINE_IS_YOUTUBE_CHAT (self), 0);
  return self->auth;
}

const char *
vitrine_youtube_chat_get_secret_id (VitrineYoutubeChat *self)
{
  g_return_val_if_fail (VITRINE_IS_YOUTUBE_CHAT (self), NULL);
  return self->secret_id;
}

gboolean
vitrine_youtube_chat_get_include_history (VitrineYoutubeChat *self)
{
  g_return_val_if_fail (VITRINE_IS_YOUTUBE_CHAT (self), FALSE);
  return self->include_history;
}

void
vitrine_youtube_chat_set_include_history (VitrineYoutubeChat *self,
                                          gboolean            history)
{
  g_return_if_fail (VITRINE_IS_YOUTUBE_CHAT (self));

  history = !!history;
  if (self->include_history == history)
    return;
  self->include_history = history;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_INCLUDE_HISTORY]);
}

/**
 * vitrine_youtube_chat_get_page_token:
 *
 * Returns: (nullable): where the next poll continues
 */
const char *
vitrine_youtube_chat_get_page_token (VitrineYoutubeChat *self)
{
  g_return_val_if_fail (VITRINE_IS_YOUTUBE_CHAT (self), NULL);
  return self->page_token;
}

/**
 * vitrine_youtube_chat_set_page_token:
 * @page_token: (nullable): a `nextPageToken` saved earlier, or %NULL to
 *   start from the recent messages
 *
 * Where the next poll continues; set it before starting.
 */
void
vitrine_youtube_chat_set_page_token (VitrineYoutubeChat *self,
                                     const char         *page_token)
{
  g_return_if_fail (VITRINE_IS_YOUTUBE_CHAT (self));
  set_page_token (self, page_token && *page_token ? page_token : NULL);
}

guint
vitrine_youtube_chat_get_polling_interval (VitrineYoutubeChat *self)
{
  g_return_val_if_fail (VITRINE_IS_YOUTUBE_CHAT (self), 0);
  return self->interval_ms;
}

/**
 * vitrine_youtube_chat_get_retry_time:
 *
 * Returns: (transfer none) (nullable): when the next attempt after an error
 *   is made, or %NULL while the chat is read normally
 */
GDateTime *
vitrine_youtube_chat_get_retry_time (VitrineYoutubeChat *self)
{
  g_return_val_if_fail (VITRINE_IS_YOUTUBE_CHAT (self), NULL);
  return self->retry_time;
}

/**
 * vitrine_youtube_chat_get_account:
 *
 * Returns: (transfer none) (nullable): the account the token comes from
 */
VitrineAccount *
vitrine_youtube_chat_get_account (VitrineYoutubeChat *self)
{
  g_return_val_if_fail (VITRINE_IS_YOUTUBE_CHAT (self), NULL);
  return self->account;
}

/* Signed in again after a refusal: read the chat again. */
static void
account_state_cb (VitrineAccount     *account,
                  GParamSpec         *pspec,
                  VitrineYoutubeChat *self)
{
  if (vitrine_account_get_state (account) == VITRINE_ACCOUNT_SIGNED_IN &&
      vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (self)) ==
      VITRINE_FEED_SOURCE_UNAUTHORIZED)
    vitrine_feed_source_start (VITRINE_FEED_SOURCE (self));
}

/**
 * vitrine_youtube_chat_set_account:
 * @account: (nullable): where the OAuth access token comes from
 *
 * Reads the chat (and moderates) with @account's access token, renewed as
 * needed, instead of a static secret. Once @account is signed in again, a
 * connector that stopped because the sign-in was refused starts again.
 */
void
vitrine_youtube_chat_set_account (VitrineYoutubeChat *self,
                                  VitrineAccount     *account)
{
  g_return_if_fail (VITRINE_IS_YOUTUBE_CHAT (self));
  g_return_if_fail (account == NULL || VITRINE_IS_ACCOUNT (account));

  if (self->account == account)
    return;
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_set_object (&self->account, account);
  if (account != NULL)
    g_signal_connect_object (account, "notify::state", G_CALLBACK (account_state_cb), self, 0);
  /* A static secret read earlier is not the account's. */
  g_clear_pointer (&self->token, secret_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ACCOUNT]);
}
