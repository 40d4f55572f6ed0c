/* test-account.c: OAuth 2 sign-in with PKCE and a loopback redirect, refresh
 * tokens in a real GNOME keyring, renewal on expiry and on 401
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * meson runs this binary directly, so it first re-executes itself under
 * `dbus-run-session` with a private HOME, XDG_RUNTIME_DIR (0700) and XDG
 * dirs (reliability.md §A4); VITRINE_ACCOUNT_SESSION marks the inner run,
 * which starts gnome-keyring-daemon in the foreground (unlocked with a
 * throwaway password, ended by pid at the end) and checks it owns
 * org.freedesktop.secrets before anything talks to the keyring.
 *
 * A local SoupServer plays the platform: its /authorize page checks the
 * authorization request (response_type, client_id, the loopback
 * redirect_uri, code_challenge_method=S256, a 43-character challenge, a
 * state, the scope) and sends the browser back with a code; its /token
 * endpoint checks the exchange (the code, the redirect_uri,
 * BASE64URL(SHA256(code_verifier)) = the challenge, the client secret) and
 * the refresh grant, and can answer invalid_grant. The same server speaks
 * YouTube's liveChatMessages.list, Twitch's Helix DELETE /moderation/chat,
 * Twitch's IRC sign-in over a WebSocket and Facebook's Graph comments,
 * refusing chosen tokens (401, "Login authentication failed", Graph error
 * 190). The account's browser
 * launcher is replaced by a function that GETs the authorization URL as a
 * browser would, following the redirect to Vitrine's loopback listener.
 *
 * Asserted, as the host or the platform would see it: a sign-in succeeds
 * and the refresh token is in the keyring (read back through libsecret with
 * the bare attributes, not through Vitrine's code); a foreign `state` is
 * refused and its code never exchanged; access_denied gives a plain
 * message; a timeout and a cancellation end the sign-in and close the
 * listener; an expired token is renewed with the keyring's refresh token
 * (also by a fresh account object); a YouTube chat whose first token gets
 * 401 reads the chat with the renewed one; a Twitch moderation call (Helix),
 * the Twitch chat (PASS oauth:…) and Facebook's comments do the same; a
 * renewed token refused again at once needs a new sign-in, with no further
 * refresh or connection; a Twitch chat not signed in reads anonymously and
 * reconnects with the token once the host signs in; invalid_grant puts the account in NEEDS_SIGN_IN
 * after exactly one refresh attempt, stops the chat with "Sign in to
 * YouTube again: …", removes the dead refresh token, and a new sign-in
 * starts the chat again by itself; signing out empties the keyring. At the
 * end, no token, code or verifier is in anything logged or printed, nor in
 * any file under the private HOME.
 */

#define _GNU_SOURCE  /* memmem */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "../tools/vitrine-private-keyring.h"
#include "vitrine-account.h"
#include "vitrine-facebook-comments.h"
#include "vitrine-feed-error.h"
#include "vitrine-feed-factory.h"
#include "vitrine-feed-session.h"
#include "vitrine-twitch-chat.h"
#include "vitrine-youtube-chat.h"

#define SESSION_MARKER   "VITRINE_ACCOUNT_SESSION"
#define KEYRING_PASSWORD "testpass"
#define CLIENT_ID        "1234567890-vitrine.apps.googleusercontent.com"
#define CLIENT_SECRET    "GOCSPX-not-so-secret"
#define YOUTUBE_SCOPE    "https://www.googleapis.com/auth/youtube.force-ssl"
#define CHAT_ID          "KicKGFVDOHZfN3d4X2tOeWxGa1hMeTZQbXhOURILTTNCRHhSYkh6WGM"

/* ---------------------------------------------------------------------- */
/* Everything printed                                                     */

static GMutex   log_lock;
static GString *printed;

static void
record (const char *text,
        gssize      length)
{
  g_mutex_lock (&log_lock);
  g_string_append_len (printed, text, length);
  g_string_append_c (printed, '\n');
  g_mutex_unlock (&log_lock);
}

static GLogWriterOutput
record_writer (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  /* Every field: a token in CODE_FUNC or a custom field would reach a
   * journald writer too. */
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        record (fields[i].value, -1);
      else
        record (fields[i].value, fields[i].length);
    }

  if ((log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)) != 0 &&
      (log_level & G_LOG_FLAG_FATAL) == 0)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
record_print (const char *string)
{
  record (string, -1);
  fputs (string, stdout);
  fflush (stdout);
}

static void
record_printerr (const char *string)
{
  record (string, -1);
  fputs (string, stderr);
  fflush (stderr);
}

/* ---------------------------------------------------------------------- */
/* Main loop helpers                                                      */

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

typedef struct
{
  GAsyncResult *result;
} Async;

static void
async_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  ((Async *) user_data)->result = g_object_ref (result);
}

static void
async_clear (Async *async)
{
  g_clear_object (&async->result);
}

/* ---------------------------------------------------------------------- */
/* Secrets seen, for the leak checks                                      */

static GPtrArray *secrets;     /* every token, code and verifier of the run */

static void
remember_secret (const char *secret)
{
  if (secret != NULL && *secret != '\0')
    g_ptr_array_add (secrets, g_strdup (secret));
}

static char *
random_hex (guint bytes)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < bytes; i++)
    g_string_append_printf (text, "%02x", g_random_int_range (0, 256));
  return g_string_free (text, FALSE);
}

/* ---------------------------------------------------------------------- */
/* The platform: authorization page, token endpoint, YouTube, Helix       */

typedef enum
{
  AUTHORIZE_GRANT,
  AUTHORIZE_WRONG_STATE,
  AUTHORIZE_DENY,
} AuthorizeMode;

typedef struct
{
  SoupServer    *server;
  char          *base;

  AuthorizeMode  mode;
  const char    *expected_scope;
  gint64         expires_in;
  gboolean       refresh_invalid;

  /* The last authorization request. */
  guint          n_authorize;
  char          *authorize_problem;
  char          *redirect_uri;
  char          *challenge;
  char          *code;

  /* The token endpoint. */
  guint          n_exchanges;
  char          *exchange_problem;
  guint          n_refreshes;
  char          *refresh_problem;
  char          *refresh_token;        /* the last one issued */
  char          *access_token;         /* the last one issued */
  guint          n_issued;

  /* YouTube and Helix */
  GHashTable    *refused;              /* access tokens answered with 401 */
  gboolean       refuse_all;
  GPtrArray     *youtube_tokens;       /* the bearer of each request, in order */
  GPtrArray     *helix_tokens;
  GPtrArray     *helix_client_ids;
  GPtrArray     *graph_tokens;
  GPtrArray     *irc_passes;           /* every PASS line's token */
  GPtrArray     *irc_connections;
} Platform;

static Platform *platform;

static void
set_text (char      **field,
          const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static void
respond_json (SoupServerMessage *message,
              guint              status,
              const char        *json)
{
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, json,
                                    strlen (json));
  soup_server_message_set_status (message, status, NULL);
}

static gboolean
is_base64url (const char *text,
              gsize       length)
{
  if (text == NULL || strlen (text) != length)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
is_loopback_redirect (const char *uri)
{
  return uri != NULL &&
         g_regex_match_simple ("^http://127\\.0\\.0\\.1:[0-9]{1,5}/callback$", uri, 0, 0);
}

static void
authorize_handler (SoupServer        *server,
                   SoupServerMessage *message,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  Platform *p = user_data;
  const char *state = query ? g_hash_table_lookup (query, "state") : NULL;
  const char *redirect = query ? g_hash_table_lookup (query, "redirect_uri") : NULL;
  g_autoptr(GString) problem = g_string_new (NULL);
  g_autoptr(GString) location = NULL;

#define EXPECT(name, condition)                                                   \
  G_STMT_START {                                                                  \
    const char *value_ = query ? g_hash_table_lookup (query, name) : NULL;        \
    if (!(condition))                                                             \
      g_string_append_printf (problem, "%s=%s; ", name, value_ ? value_ : "(none)"); \
  } G_STMT_END

  p->n_authorize++;
  EXPECT ("response_type", g_strcmp0 (value_, "code") == 0);
  EXPECT ("client_id", g_strcmp0 (value_, CLIENT_ID) == 0);
  EXPECT ("redirect_uri", is_loopback_redirect (value_));
  EXPECT ("code_challenge_method", g_strcmp0 (value_, "S256") == 0);
  EXPECT ("code_challenge", is_base64url (value_, 43));
  EXPECT ("state", value_ != NULL && strlen (value_) >= 8);
  EXPECT ("scope", g_strcmp0 (value_, p->expected_scope) == 0);
#undef EXPECT

  set_text (&p->authorize_problem, problem->len > 0 ? problem->str : NULL);
  set_text (&p->redirect_uri, redirect);
  set_text (&p->challenge, query ? g_hash_table_lookup (query, "code_challenge") : NULL);
  if (problem->len > 0 || redirect == NULL)
    {
      respond_json (message, SOUP_STATUS_BAD_REQUEST, "{\"error\":\"invalid_request\"}");
      return;
    }

  g_free (p->code);
  {
    g_autofree char *hex = random_hex (8);

    p->code = g_strconcat ("4/0Ad-CODE-", hex, NULL);
  }
  remember_secret (p->code);

  location = g_string_new (redirect);
  switch (p->mode)
    {
    case AUTHORIZE_GRANT:
      g_string_append (location, "?code=");
      g_string_append_uri_escaped (location, p->code, NULL, FALSE);
      g_string_append (location, "&state=");
      g_string_append_uri_escaped (location, state, NULL, FALSE);
      g_string_append (location, "&scope=");
      g_string_append_uri_escaped (location, p->expected_scope, NULL, FALSE);
      break;
    case AUTHORIZE_WRONG_STATE:
      g_string_append (location, "?code=");
      g_string_append_uri_escaped (location, p->code, NULL, FALSE);
      g_string_append (location, "&state=forged-by-someone-else");
      break;
    case AUTHORIZE_DENY:
    default:
      g_string_append (location, "?error=access_denied&state=");
      g_string_append_uri_escaped (location, state, NULL, FALSE);
      break;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (message), "Location",
                                location->str);
  soup_server_message_set_status (message, SOUP_STATUS_FOUND, NULL);
}

static char *
pkce_of (const char *verifier)
{
  g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  char *text;

  g_checksum_update (sha, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (sha, digest, &length);
  text = g_base64_encode (digest, length);
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  if (strchr (text, '=') != NULL)
    *strchr (text, '=') = '\0';
  return text;
}

static void
issue_tokens (Platform          *p,
              SoupServerMessage *message,
              gboolean           with_refresh)
{
  g_autofree char *json = NULL;
  g_autofree char *hex = random_hex (12);

  p->n_issued++;
  g_free (p->access_token);
  p->access_token = g_strdup_printf ("ya29.AT-%u-%s", p->n_issued, hex);
  remember_secret (p->access_token);
  if (with_refresh)
    {
      g_autofree char *rhex = random_hex (16);

      g_free (p->refresh_token);
      p->refresh_token = g_strdup_printf ("1//RT-%s", rhex);
      remember_secret (p->refresh_token);
    }

  /* Google's shape; a refresh answers without a new refresh token. */
  json = with_refresh
    ? g_strdup_printf ("{\"access_token\":\"%s\",\"expires_in\":%" G_GINT64_FORMAT ","
                       "\"refresh_token\":\"%s\",\"scope\":\"%s\",\"token_type\":\"Bearer\"}",
                       p->access_token, p->expires_in, p->refresh_token, p->expected_scope)
    : g_strdup_printf ("{\"access_token\":\"%s\",\"expires_in\":%" G_GINT64_FORMAT ","
                       "\"scope\":\"%s\",\"token_type\":\"Bearer\"}",
                       p->access_token, p->expires_in, p->expected_scope);
  respond_json (message, SOUP_STATUS_OK, json);
}

static void
token_handler (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Platform *p = user_data;
  SoupMessageBody *request = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
  g_autofree char *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = soup_form_decode (body);
  const char *grant = g_hash_table_lookup (form, "grant_type");
  const char *content_type =
    soup_message_headers_get_content_type (soup_server_message_get_request_headers (message),
                                           NULL);
  g_autoptr(GString) problem = g_string_new (NULL);

  if (g_strcmp0 (soup_server_message_get_method (message), "POST") != 0 ||
      g_strcmp0 (content_type, "application/x-www-form-urlencoded") != 0)
    g_string_append (problem, "not a form POST; ");
  if (g_strcmp0 (g_hash_table_lookup (form, "client_id"), CLIENT_ID) != 0)
    g_string_append (problem, "client_id; ");
  if (g_strcmp0 (g_hash_table_lookup (form, "client_secret"), CLIENT_SECRET) != 0)
    g_string_append (problem, "client_secret; ");

  if (g_strcmp0 (grant, "authorization_code") == 0)
    {
      const char *verifier = g_hash_table_lookup (form, "code_verifier");
      g_autofree char *challenge = verifier ? pkce_of (verifier) : NULL;

      p->n_exchanges++;
      remember_secret (verifier);
      if (p->code == NULL || g_strcmp0 (g_hash_table_lookup (form, "code"), p->code) != 0)
        g_string_append (problem, "code; ");
      if (g_strcmp0 (g_hash_table_lookup (form, "redirect_uri"), p->redirect_uri) != 0)
        g_string_append (problem, "redirect_uri; ");
      if (verifier == NULL || strlen (verifier) < 43 || strlen (verifier) > 128)
        g_string_append (problem, "code_verifier length; ");
      if (g_strcmp0 (challenge, p->challenge) != 0)
        g_string_append (problem, "BASE64URL(SHA256(code_verifier)) != code_challenge; ");
      /* A code is good once. */
      g_clear_pointer (&p->code, g_free);
      set_text (&p->exchange_problem, problem->len > 0 ? problem->str : NULL);
      if (problem->len > 0)
        {
          respond_json (message, SOUP_STATUS_BAD_REQUEST,
                        "{\"error\":\"invalid_grant\",\"error_description\":\"Bad Request\"}");
          return;
        }
      issue_tokens (p, message, TRUE);
      return;
    }

  if (g_strcmp0 (grant, "refresh_token") == 0)
    {
      p->n_refreshes++;
      if (p->refresh_token == NULL ||
          g_strcmp0 (g_hash_table_lookup (form, "refresh_token"), p->refresh_token) != 0)
        g_string_append (problem, "refresh_token; ");
      set_text (&p->refresh_problem, problem->len > 0 ? problem->str : NULL);
      if (p->refresh_invalid || problem->len > 0)
        {
          respond_json (message, SOUP_STATUS_BAD_REQUEST,
                        "{\"error\":\"invalid_grant\","
                        "\"error_description\":\"Token has been expired or revoked.\"}");
          return;
        }
      issue_tokens (p, message, FALSE);
      return;
    }

  respond_json (message, SOUP_STATUS_BAD_REQUEST, "{\"error\":\"unsupported_grant_type\"}");
}

static const char *
bearer_of (SoupServerMessage *message)
{
  const char *authorization =
    soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                  "Authorization");

  if (authorization == NULL || !g_str_has_prefix (authorization, "Bearer "))
    return "";
  return authorization + strlen ("Bearer ");
}

static gboolean
is_refused (Platform   *p,
            const char *token)
{
  return p->refuse_all || g_hash_table_contains (p->refused, token);
}

/* A page with one message from now, and a long polling interval: one poll
 * per start is all a test needs. */
static void
youtube_handler (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Platform *p = user_data;
  const char *token = bearer_of (message);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%f+00:00");
  g_autofree char *id = g_strdup_printf ("LCC.ACCOUNT-%u", p->youtube_tokens->len + 1);
  g_autofree char *page = NULL;

  g_ptr_array_add (p->youtube_tokens, g_strdup (token));
  if (is_refused (p, token))
    {
      respond_json (message, SOUP_STATUS_UNAUTHORIZED,
                    "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication "
                    "credentials.\",\"errors\":[{\"message\":\"Invalid Credentials\","
                    "\"domain\":\"global\",\"reason\":\"authError\"}],"
                    "\"status\":\"UNAUTHENTICATED\"}}");
      return;
    }

  page = g_strdup_printf (
    "{\"kind\":\"youtube#liveChatMessageListResponse\",\"etag\":\"e\","
    "\"pollingIntervalMillis\":60000,\"nextPageToken\":\"NEXT\","
    "\"pageInfo\":{\"totalResults\":1,\"resultsPerPage\":1},\"items\":["
    "{\"kind\":\"youtube#liveChatMessage\",\"etag\":\"e1\",\"id\":\"%s\","
    "\"snippet\":{\"type\":\"textMessageEvent\",\"liveChatId\":\"" CHAT_ID "\","
    "\"authorChannelId\":\"UC4vYqG0pS2u5f8wXzj1kL3A\",\"publishedAt\":\"%s\","
    "\"hasDisplayContent\":true,\"displayMessage\":\"SOLD A12 M\","
    "\"textMessageDetails\":{\"messageText\":\"SOLD A12 M\"}},"
    "\"authorDetails\":{\"channelId\":\"UC4vYqG0pS2u5f8wXzj1kL3A\","
    "\"displayName\":\"Layla\",\"isVerified\":false,\"isChatOwner\":false,"
    "\"isChatSponsor\":false,\"isChatModerator\":false}}]}", id, stamp);
  respond_json (message, SOUP_STATUS_OK, page);
}

static void
helix_handler (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Platform *p = user_data;
  const char *token = bearer_of (message);

  g_ptr_array_add (p->helix_tokens, g_strdup (token));
  g_ptr_array_add (p->helix_client_ids,
                   g_strdup (soup_message_headers_get_one (
                     soup_server_message_get_request_headers (message), "Client-Id")));
  if (is_refused (p, token))
    {
      respond_json (message, SOUP_STATUS_UNAUTHORIZED,
                    "{\"error\":\"Unauthorized\",\"status\":401,"
                    "\"message\":\"Invalid OAuth token\"}");
      return;
    }
  soup_server_message_set_status (message, SOUP_STATUS_NO_CONTENT, NULL);
}

/* Facebook's Graph API: a refused token is error 190 with HTTP 400. */
static void
graph_handler (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Platform *p = user_data;
  const char *token = bearer_of (message);

  g_ptr_array_add (p->graph_tokens, g_strdup (token));
  if (is_refused (p, token))
    {
      respond_json (message, SOUP_STATUS_BAD_REQUEST,
                    "{\"error\":{\"message\":\"Error validating access token: Session has "
                    "expired.\",\"type\":\"OAuthException\",\"code\":190,"
                    "\"error_subcode\":463,\"fbtrace_id\":\"A1b2\"}}");
      return;
    }
  respond_json (message, SOUP_STATUS_OK,
                "{\"data\":[{\"created_time\":\"2026-11-21T19:05:02+0000\","
                "\"from\":{\"name\":\"Ana P.\",\"id\":\"7120458839201744\"},"
                "\"message\":\"Quiero A12\",\"id\":\"1187745566201234_1\"}],"
                "\"paging\":{\"cursors\":{\"before\":\"QVFI\",\"after\":\"QVFJ\"}}}");
}

/* Twitch chat: IRC over a WebSocket, just the sign-in and the JOIN. */
static void
irc_message_cb (SoupWebsocketConnection *connection,
                SoupWebsocketDataType    type,
                GBytes                  *message,
                Platform                *p)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (message, NULL),
                                     g_bytes_get_size (message));
  g_auto(GStrv) lines = g_strsplit_set (text, "\r\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *pass = g_object_get_data (G_OBJECT (connection), "pass");

      if (g_str_has_prefix (line, "PASS oauth:"))
        {
          g_ptr_array_add (p->irc_passes, g_strdup (line + strlen ("PASS oauth:")));
          g_object_set_data_full (G_OBJECT (connection), "pass",
                                  g_strdup (line + strlen ("PASS oauth:")), g_free);
        }
      else if (g_str_has_prefix (line, "NICK "))
        {
          g_autofree char *welcome = NULL;

          /* Anonymous reading is allowed, as on Twitch. */
          if ((pass == NULL && !g_str_has_prefix (line, "NICK justinfan")) ||
              (pass != NULL && is_refused (p, pass)))
            {
              soup_websocket_connection_send_text (connection,
                ":tmi.twitch.tv NOTICE * :Login authentication failed");
              soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
              return;
            }
          welcome = g_strdup_printf (":tmi.twitch.tv 001 %s :Welcome, GLHF!",
                                     line + strlen ("NICK "));
          soup_websocket_connection_send_text (connection, welcome);
        }
      else if (g_str_has_prefix (line, "JOIN #"))
        {
          g_autofree char *joined =
            g_strdup_printf (":shopwithmona!shopwithmona@shopwithmona.tmi.twitch.tv JOIN %s\r\n"
                             "@room-id=141981764 :tmi.twitch.tv ROOMSTATE %s", line + 5,
                             line + 5);

          soup_websocket_connection_send_text (connection, joined);
        }
    }
}

static void
irc_cb (SoupServer              *server,
        SoupServerMessage       *message,
        const char              *path,
        SoupWebsocketConnection *connection,
        gpointer                 user_data)
{
  Platform *p = user_data;

  g_ptr_array_add (p->irc_connections, g_object_ref (connection));
  g_signal_connect (connection, "message", G_CALLBACK (irc_message_cb), p);
}

static Platform *
platform_new (void)
{
  Platform *p = g_new0 (Platform, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *uri = NULL;

  p->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (p->server, "/authorize", authorize_handler, p, NULL);
  soup_server_add_handler (p->server, "/token", token_handler, p, NULL);
  soup_server_add_handler (p->server, "/youtube/v3/liveChat/messages", youtube_handler, p,
                           NULL);
  soup_server_add_handler (p->server, "/helix/moderation/chat", helix_handler, p, NULL);
  soup_server_add_handler (p->server, "/v21.0/1187745566201234/comments", graph_handler, p,
                           NULL);
  soup_server_add_websocket_handler (p->server, "/irc", NULL, NULL, irc_cb, p, NULL);
  soup_server_listen_local (p->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (p->server);
  uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  /* "http://127.0.0.1:PORT/" without the slash. */
  p->base = g_strndup (uri, strlen (uri) - 1);

  p->expected_scope = YOUTUBE_SCOPE;
  p->expires_in = 3599;
  p->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p->youtube_tokens = g_ptr_array_new_with_free_func (g_free);
  p->helix_tokens = g_ptr_array_new_with_free_func (g_free);
  p->helix_client_ids = g_ptr_array_new_with_free_func (g_free);
  p->graph_tokens = g_ptr_array_new_with_free_func (g_free);
  p->irc_passes = g_ptr_array_new_with_free_func (g_free);
  p->irc_connections = g_ptr_array_new_with_free_func (g_object_unref);
  return p;
}

static void
platform_reset (Platform *p)
{
  p->mode = AUTHORIZE_GRANT;
  p->expected_scope = YOUTUBE_SCOPE;
  p->expires_in = 3599;
  p->refresh_invalid = FALSE;
  p->refuse_all = FALSE;
  p->n_authorize = p->n_exchanges = p->n_refreshes = 0;
  g_clear_pointer (&p->authorize_problem, g_free);
  g_clear_pointer (&p->exchange_problem, g_free);
  g_clear_pointer (&p->refresh_problem, g_free);
  g_hash_table_remove_all (p->refused);
  g_ptr_array_set_size (p->youtube_tokens, 0);
  g_ptr_array_set_size (p->helix_tokens, 0);
  g_ptr_array_set_size (p->helix_client_ids, 0);
  g_ptr_array_set_size (p->graph_tokens, 0);
  g_ptr_array_set_size (p->irc_passes, 0);
}

static char *
platform_url (const char *path)
{
  return g_strconcat (platform->base, path, NULL);
}

/* ---------------------------------------------------------------------- */
/* The browser                                                            */

typedef struct
{
  SoupSession *session;
  gboolean     stays_away;     /* the host never comes back */
  guint        launched;
  gboolean     done;
  guint        status;
  char        *page;
  char        *redirect_uri;   /* from the last authorization URL opened */
} Browser;

static Browser browser;

static void
browser_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SoupMessage *message = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_clear_pointer (&browser.page, g_free);
  if (body != NULL)
    browser.page = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  else
    browser.page = g_strdup_printf ("(no page: %s)", error->message);
  browser.status = soup_message_get_status (message);
  browser.done = TRUE;
  g_object_unref (message);
}

/* Opens the authorization page as a browser does: GET, follow the
 * redirect to Vitrine's loopback listener, show what it answers. */
static gboolean
browser_launch (VitrineAccount  *account,
                const char      *uri,
                gpointer         user_data,
                GError         **error)
{
  SoupMessage *message;
  g_autoptr(GHashTable) params = NULL;
  const char *query = strchr (uri, '?');

  browser.launched++;
  browser.done = FALSE;
  params = g_uri_parse_params (query ? query + 1 : "", -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_nonnull (params);
  g_free (browser.redirect_uri);
  browser.redirect_uri = g_strdup (g_hash_table_lookup (params, "redirect_uri"));
  if (browser.stays_away)
    return TRUE;

  message = soup_message_new (SOUP_METHOD_GET, uri);
  g_assert_nonnull (message);
  soup_session_send_and_read_async (browser.session, message, G_PRIORITY_DEFAULT, NULL,
                                    browser_page_cb, message);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* The keyring, read without Vitrine's code                               */

static const SecretSchema any_account_schema = {
  "org.example.AnyAccountToken",
  SECRET_SCHEMA_DONT_MATCH_NAME,
  {
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "NULL", 0 },
  }
};

/* The refresh token stored for @account_id, or NULL; its label in @label. */
static char *
keyring_lookup (const char  *account_id,
                char       **label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  GList *items;
  char *secret = NULL;

  g_hash_table_insert (attributes, "kind", "oauth-refresh");
  g_hash_table_insert (attributes, "account", (char *) account_id);
  items = secret_service_search_sync (NULL, &any_account_schema, attributes,
                                      SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK |
                                      SECRET_SEARCH_LOAD_SECRETS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), <=, 1);
  if (items != NULL)
    {
      SecretItem *item = items->data;
      g_autoptr(SecretValue) value = secret_item_get_secret (item);

      g_assert_nonnull (value);
      secret = g_strdup (secret_value_get_text (value));
      if (label != NULL)
        *label = secret_item_get_label (item);
    }
  g_list_free_full (items, g_object_unref);
  return secret;
}

static gboolean
keyring_is_empty_for (const char *account_id)
{
  g_autofree char *secret = keyring_lookup (account_id, NULL);

  return secret == NULL;
}

/* ---------------------------------------------------------------------- */
/* Accounts                                                               */

static VitrineAccount *
account_new (const char *id)
{
  VitrineAccount *account = vitrine_account_new (id, "youtube", CLIENT_ID);
  g_autofree char *auth_url = platform_url ("/authorize");
  g_autofree char *token_url = platform_url ("/token");

  vitrine_account_set_client_secret (account, CLIENT_SECRET);
  vitrine_account_set_auth_url (account, auth_url);
  vitrine_account_set_token_url (account, token_url);
  vitrine_account_set_launcher (account, browser_launch, NULL, NULL);
  return account;
}

static VitrineAccount *
twitch_account_new (const char *id)
{
  VitrineAccount *account = vitrine_account_new (id, "twitch", CLIENT_ID);
  g_autofree char *auth_url = platform_url ("/authorize");
  g_autofree char *token_url = platform_url ("/token");

  vitrine_account_set_client_secret (account, CLIENT_SECRET);
  vitrine_account_set_auth_url (account, auth_url);
  vitrine_account_set_token_url (account, token_url);
  vitrine_account_set_launcher (account, browser_launch, NULL, NULL);
  return account;
}

static gboolean
sign_in (VitrineAccount  *account,
         GCancellable    *cancellable,
         GError         **error)
{
  Async async = { 0 };
  gboolean ok;

  vitrine_account_sign_in_async (account, cancellable, async_cb, &async);
  WAIT_UNTIL (async.result != NULL, 15000);
  ok = vitrine_account_sign_in_finish (account, async.result, error);
  async_clear (&async);
  return ok;
}

static char *
get_token (VitrineAccount  *account,
           GError         **error)
{
  Async async = { 0 };
  char *token;

  vitrine_account_get_token_async (account, NULL, async_cb, &async);
  WAIT_UNTIL (async.result != NULL, 10000);
  token = vitrine_account_get_token_finish (account, async.result, error);
  async_clear (&async);
  return token;
}

/* Whether something still listens at @uri (the loopback redirect). */
static gboolean
listens (const char *uri)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  Async async = { 0 };

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, async_cb,
                                    &async);
  WAIT_UNTIL (async.result != NULL, 5000);
  body = soup_session_send_and_read_finish (session, async.result, &error);
  async_clear (&async);
  return body != NULL;
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                  */

static void
test_sign_in (void)
{
  g_autoptr(VitrineAccount) account = account_new ("youtube:main");
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *label = NULL;
  g_autofree char *token = NULL;
  g_autofree char *redirect = NULL;

  platform_reset (platform);
  g_assert_true (keyring_is_empty_for ("youtube:main"));
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_SIGNED_OUT);
  g_assert_cmpstr (vitrine_account_get_platform_name (account), ==, "YouTube");

  g_assert_true (sign_in (account, NULL, &error));
  g_assert_no_error (error);

  /* What the platform received. */
  g_assert_cmpuint (platform->n_authorize, ==, 1);
  g_assert_cmpstr (platform->authorize_problem, ==, NULL);
  g_assert_cmpuint (platform->n_exchanges, ==, 1);
  g_assert_cmpstr (platform->exchange_problem, ==, NULL);
  g_assert_cmpuint (platform->n_refreshes, ==, 0);

  /* What the host sees, in the browser and in Vitrine. */
  WAIT_UNTIL (browser.done, 5000);
  g_assert_cmpuint (browser.status, ==, 200);
  g_assert_nonnull (strstr (browser.page, "You can go back to Vitrine."));
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_SIGNED_IN);
  g_assert_cmpstr (vitrine_account_get_status (account), ==, "Signed in");

  /* The refresh token is in the real keyring, under the account's id. */
  stored = keyring_lookup ("youtube:main", &label);
  g_assert_nonnull (stored);
  g_assert_true (g_str_equal (stored, platform->refresh_token));
  g_assert_cmpstr (label, ==, "Vitrine: YouTube sign-in (youtube:main)");

  /* The access token is served from memory: no new request. */
  token = get_token (account, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_equal (token, platform->access_token));
  g_assert_cmpuint (platform->n_refreshes, ==, 0);

  /* Nothing listens on the loopback port any more. */
  redirect = g_strdup (platform->redirect_uri);
  g_assert_false (listens (redirect));
}

static void
test_state_mismatch (void)
{
  g_autoptr(VitrineAccount) account = account_new ("youtube:mismatch");
  g_autoptr(GError) error = NULL;

  platform_reset (platform);
  platform->mode = AUTHORIZE_WRONG_STATE;

  g_assert_false (sign_in (account, NULL, &error));
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==,
                   "The answer from the YouTube sign-in page did not belong to this sign-in, "
                   "so it was refused: sign in again");
  g_assert_cmpstr (platform->authorize_problem, ==, NULL);

  /* The code was never used, nothing stored, the host told plainly. */
  g_assert_cmpuint (platform->n_exchanges, ==, 0);
  g_assert_true (keyring_is_empty_for ("youtube:mismatch"));
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_SIGNED_OUT);
  g_assert_cmpstr (vitrine_account_get_status (account), ==, error->message);
  WAIT_UNTIL (browser.done, 5000);
  g_assert_cmpuint (browser.status, ==, 400);
  g_assert_nonnull (strstr (browser.page, "does not belong to the sign-in Vitrine started"));
}

static void
test_access_denied (void)
{
  g_autoptr(VitrineAccount) account = account_new ("youtube:denied");
  g_autoptr(GError) error = NULL;

  platform_reset (platform);
  platform->mode = AUTHORIZE_DENY;

  g_assert_false (sign_in (account, NULL, &error));
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED);
  g_assert_cmpstr (error->message, ==,
                   "You did not allow Vitrine to use your YouTube account; nothing was changed");
  g_assert_cmpuint (platform->n_exchanges, ==, 0);
  g_assert_true (keyring_is_empty_for ("youtube:denied"));
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_SIGNED_OUT);
  g_assert_cmpstr (vitrine_account_get_status (account), ==, error->message);
  WAIT_UNTIL (browser.done, 5000);
  g_assert_nonnull (strstr (browser.page, "Vitrine was not allowed to use your account."));
}

static void
test_timeout_and_cancel (void)
{
  g_autoptr(VitrineAccount) account = account_new ("youtube:away");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *redirect = NULL;
  Async async = { 0 };
  gint64 start;

  platform_reset (platform);
  browser.stays_away = TRUE;
  vitrine_account_set_sign_in_timeout (account, 1);

  /* The host never finishes in the browser. */
  start = g_get_monotonic_time ();
  vitrine_account_sign_in_async (account, NULL, async_cb, &async);
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_SIGNING_IN);
  g_assert_cmpstr (vitrine_account_get_status (account), ==,
                   "Waiting for you to sign in to YouTube in your web browser…");
  WAIT_UNTIL (async.result != NULL, 5000);
  g_assert_false (vitrine_account_sign_in_finish (account, async.result, &error));
  async_clear (&async);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, >=, 900);
  g_assert_cmpstr (error->message, ==,
                   "The sign-in to YouTube was not finished within 1 second and was stopped: "
                   "sign in again");
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_SIGNED_OUT);
  g_assert_cmpstr (vitrine_account_get_status (account), ==, error->message);
  g_clear_error (&error);

  /* Cancelled by the host: the state is what it was, the listener gone. */
  vitrine_account_set_sign_in_timeout (account, 60);
  vitrine_account_sign_in_async (account, cancellable, async_cb, &async);
  run_for (200);
  g_cancellable_cancel (cancellable);
  WAIT_UNTIL (async.result != NULL, 5000);
  g_assert_false (vitrine_account_sign_in_finish (account, async.result, &error));
  async_clear (&async);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_SIGNED_OUT);
  g_assert_cmpuint (browser.launched, >=, 2);
  g_assert_cmpuint (platform->n_exchanges, ==, 0);

  /* A browser coming back late finds nobody listening. */
  browser.stays_away = FALSE;
  redirect = g_strdup (browser.redirect_uri);
  g_assert_true (is_loopback_redirect (redirect));
  g_assert_false (listens (redirect));
}

static void
test_refresh_on_expiry (void)
{
  g_autoptr(VitrineAccount) account = account_new ("youtube:expiry");
  g_autoptr(VitrineAccount) restarted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *renewed = NULL;
  g_autofree char *after_restart = NULL;
  g_autofree char *refresh_token = NULL;
  Async async = { 0 };

  platform_reset (platform);
  platform->expires_in = 2;
  g_assert_true (sign_in (account, NULL, &error));
  g_assert_no_error (error);
  refresh_token = g_strdup (platform->refresh_token);

  first = get_token (account, &error);
  g_assert_no_error (error);
  again = get_token (account, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_equal (first, again));
  g_assert_cmpuint (platform->n_refreshes, ==, 0);

  /* Expired: renewed with the refresh token, once. */
  run_for (2200);
  renewed = get_token (account, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (platform->n_refreshes, ==, 1);
  g_assert_cmpstr (platform->refresh_problem, ==, NULL);
  g_assert_false (g_str_equal (renewed, first));
  g_assert_true (g_str_equal (renewed, platform->access_token));
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_SIGNED_IN);

  /* A fresh start (no token in memory) reads the keyring: load says
   * signed in without asking the platform, the first token is renewed. */
  restarted = account_new ("youtube:expiry");
  g_assert_cmpint (vitrine_account_get_state (restarted), ==, VITRINE_ACCOUNT_SIGNED_OUT);
  vitrine_account_load_async (restarted, NULL, async_cb, &async);
  WAIT_UNTIL (async.result != NULL, 5000);
  g_assert_true (vitrine_account_load_finish (restarted, async.result, &error));
  g_assert_no_error (error);
  async_clear (&async);
  g_assert_cmpint (vitrine_account_get_state (restarted), ==, VITRINE_ACCOUNT_SIGNED_IN);
  g_assert_cmpuint (platform->n_refreshes, ==, 1);

  after_restart = get_token (restarted, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (platform->n_refreshes, ==, 2);
  g_assert_cmpstr (platform->refresh_problem, ==, NULL);
  g_assert_true (g_str_equal (after_restart, platform->access_token));
  /* The refresh token stayed (Google does not rotate it). */
  {
    g_autofree char *stored = keyring_lookup ("youtube:expiry", NULL);

    g_assert_true (g_str_equal (stored, refresh_token));
  }
}

static VitrineYoutubeChat *
chat_new (VitrineAccount *account)
{
  VitrineYoutubeChat *chat = vitrine_youtube_chat_new ("yt", CHAT_ID, VITRINE_YOUTUBE_AUTH_OAUTH,
                                                       platform->base);

  vitrine_youtube_chat_set_include_history (chat, TRUE);
  vitrine_youtube_chat_set_account (chat, account);
  return chat;
}

static void
count_item_cb (VitrineFeedSource *source,
               VitrineFeedItem   *item,
               guint             *count)
{
  (*count)++;
}

static VitrineFeedSourceState
state_of (gpointer source)
{
  return vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source));
}

static void
test_refresh_on_401 (void)
{
  g_autoptr(VitrineAccount) account = account_new ("youtube:chat");
  g_autoptr(VitrineYoutubeChat) chat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  guint items = 0;

  platform_reset (platform);
  g_assert_true (sign_in (account, NULL, &error));
  g_assert_no_error (error);
  first = g_strdup (platform->access_token);

  /* YouTube no longer takes the first token (revoked early, a clock
   * skew…): the chat must read on with a renewed one. */
  g_hash_table_add (platform->refused, g_strdup (first));
  chat = chat_new (account);
  g_signal_connect (chat, "item", G_CALLBACK (count_item_cb), &items);
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (chat));

  WAIT_UNTIL (state_of (chat) == VITRINE_FEED_SOURCE_LIVE, 10000);
  WAIT_UNTIL (items == 1, 5000);
  g_assert_cmpuint (platform->youtube_tokens->len, ==, 2);
  g_assert_true (g_str_equal (g_ptr_array_index (platform->youtube_tokens, 0), first));
  g_assert_true (g_str_equal (g_ptr_array_index (platform->youtube_tokens, 1),
                              platform->access_token));
  g_assert_false (g_str_equal (platform->access_token, first));
  g_assert_cmpuint (platform->n_refreshes, ==, 1);
  g_assert_cmpstr (platform->refresh_problem, ==, NULL);
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_SIGNED_IN);

  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (chat));
}

static void
test_invalid_grant (void)
{
  g_autoptr(VitrineAccount) account = account_new ("youtube:revoked");
  g_autoptr(VitrineYoutubeChat) chat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  const char *status;
  guint items = 0;

  platform_reset (platform);
  g_assert_true (sign_in (account, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (keyring_is_empty_for ("youtube:revoked"));

  /* The host withdrew Vitrine's access at Google: every token is refused
   * and the refresh token is dead. */
  platform->refuse_all = TRUE;
  platform->refresh_invalid = TRUE;
  chat = chat_new (account);
  g_signal_connect (chat, "item", G_CALLBACK (count_item_cb), &items);
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (chat));

  WAIT_UNTIL (state_of (chat) == VITRINE_FEED_SOURCE_UNAUTHORIZED, 10000);
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_NEEDS_SIGN_IN);
  status = vitrine_account_get_status (account);
  g_assert_cmpstr (status, ==,
                   "Sign in to YouTube again: YouTube no longer accepts Vitrine’s sign-in (it "
                   "was withdrawn, or not used for a long time)");
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (chat)), ==, status);

  /* One refresh attempt, one refused request, and then nothing: no loop. */
  run_for (3000);
  g_assert_cmpuint (platform->n_refreshes, ==, 1);
  g_assert_cmpuint (platform->youtube_tokens->len, ==, 1);
  g_assert_cmpint (state_of (chat), ==, VITRINE_FEED_SOURCE_UNAUTHORIZED);
  token = get_token (account, &error);
  g_assert_null (token);
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED);
  g_assert_cmpstr (error->message, ==, status);
  g_clear_error (&error);
  g_assert_cmpuint (platform->n_refreshes, ==, 1);

  /* The dead refresh token left the keyring. */
  WAIT_UNTIL (keyring_is_empty_for ("youtube:revoked"), 5000);

  /* The host signs in again: the chat starts again by itself. */
  platform->refuse_all = FALSE;
  platform->refresh_invalid = FALSE;
  g_assert_true (sign_in (account, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_SIGNED_IN);
  WAIT_UNTIL (state_of (chat) == VITRINE_FEED_SOURCE_LIVE, 10000);
  WAIT_UNTIL (items == 1, 5000);
  g_assert_true (g_str_equal (g_ptr_array_index (platform->youtube_tokens,
                                                 platform->youtube_tokens->len - 1),
                              platform->access_token));
  g_assert_false (keyring_is_empty_for ("youtube:revoked"));

  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (chat));
}

static void
test_twitch_helix_401 (void)
{
  g_autoptr(VitrineAccount) account = twitch_account_new ("twitch:helix");
  g_autoptr(VitrineTwitchChat) chat = vitrine_twitch_chat_new ("tw", "shopwithmona",
                                                               "ws://127.0.0.1:9/");
  g_autoptr(GError) error = NULL;
  g_autofree char *helix = platform_url ("/helix");
  g_autofree char *first = NULL;
  Async async = { 0 };

  platform_reset (platform);
  platform->expected_scope =
    "chat:read moderator:manage:chat_messages moderator:manage:banned_users";
  g_assert_true (sign_in (account, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (platform->authorize_problem, ==, NULL);
  first = g_strdup (platform->access_token);
  g_hash_table_add (platform->refused, g_strdup (first));

  g_object_set (chat, "helix-base-url", helix, "broadcaster-id", "141981764",
                "moderator-id", "141981764", NULL);
  vitrine_twitch_chat_set_account (chat, account);
  vitrine_twitch_chat_delete_message_async (chat, "885196de-cb67-427a-baa8-82f9b0fcd05f", NULL,
                                            async_cb, &async);
  WAIT_UNTIL (async.result != NULL, 10000);
  g_assert_true (vitrine_twitch_chat_delete_message_finish (chat, async.result, &error));
  g_assert_no_error (error);
  async_clear (&async);

  /* Refused, renewed once, deleted; the app's client id from the account. */
  g_assert_cmpuint (platform->helix_tokens->len, ==, 2);
  g_assert_true (g_str_equal (g_ptr_array_index (platform->helix_tokens, 0), first));
  g_assert_true (g_str_equal (g_ptr_array_index (platform->helix_tokens, 1),
                              platform->access_token));
  g_assert_cmpstr (g_ptr_array_index (platform->helix_client_ids, 0), ==, CLIENT_ID);
  g_assert_cmpstr (g_ptr_array_index (platform->helix_client_ids, 1), ==, CLIENT_ID);
  g_assert_cmpuint (platform->n_refreshes, ==, 1);

  /* Refused again after the renewal: an error for the host, no loop, and
   * the account needs a new sign-in. */
  platform->refuse_all = TRUE;
  vitrine_twitch_chat_delete_message_async (chat, "b0fcd05f", NULL, async_cb, &async);
  WAIT_UNTIL (async.result != NULL, 10000);
  g_assert_false (vitrine_twitch_chat_delete_message_finish (chat, async.result, &error));
  async_clear (&async);
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED);
  g_assert_true (g_str_has_prefix (error->message, "Sign in to Twitch again: "));
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_NEEDS_SIGN_IN);
  g_assert_cmpuint (platform->helix_tokens->len, ==, 3);
  g_assert_cmpuint (platform->n_refreshes, ==, 1);
}

static void
test_twitch_irc_refused (void)
{
  g_autoptr(VitrineAccount) account = twitch_account_new ("twitch:irc");
  g_autoptr(VitrineTwitchChat) chat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *irc = NULL;
  g_autofree char *first = NULL;

  platform_reset (platform);
  platform->expected_scope =
    "chat:read moderator:manage:chat_messages moderator:manage:banned_users";
  g_assert_true (sign_in (account, NULL, &error));
  g_assert_no_error (error);
  first = g_strdup (platform->access_token);
  g_hash_table_add (platform->refused, g_strdup (first));

  /* "Login authentication failed" for the first token: a new connection
   * with a renewed one, PASS oauth:<token> each time. */
  irc = g_strdup_printf ("ws%s/irc", platform->base + strlen ("http"));
  chat = vitrine_twitch_chat_new ("tw", "shopwithmona", irc);
  vitrine_twitch_chat_set_account (chat, account);
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (chat));

  WAIT_UNTIL (state_of (chat) == VITRINE_FEED_SOURCE_LIVE, 10000);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (chat)), ==,
                   "Reading #shopwithmona");
  g_assert_cmpuint (platform->irc_passes->len, ==, 2);
  g_assert_true (g_str_equal (g_ptr_array_index (platform->irc_passes, 0), first));
  g_assert_true (g_str_equal (g_ptr_array_index (platform->irc_passes, 1),
                              platform->access_token));
  g_assert_cmpuint (platform->n_refreshes, ==, 1);

  /* The renewed token refused too, right after the renewal: the sign-in
   * itself is the problem. No refresh, no connection: the host is told. */
  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (chat));
  vitrine_account_token_rejected (account, platform->access_token);
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_NEEDS_SIGN_IN);
  g_assert_cmpstr (vitrine_account_get_status (account), ==,
                   "Sign in to Twitch again: Twitch refused the renewed sign-in as well");
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (chat));
  WAIT_UNTIL (state_of (chat) == VITRINE_FEED_SOURCE_UNAUTHORIZED, 10000);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (chat)), ==,
                   vitrine_account_get_status (account));
  run_for (1000);
  g_assert_cmpuint (platform->n_refreshes, ==, 1);
  g_assert_cmpuint (platform->irc_passes->len, ==, 2);
  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (chat));
}

static void
test_twitch_anonymous_then_signed_in (void)
{
  g_autoptr(VitrineAccount) account = twitch_account_new ("twitch:later");
  g_autoptr(VitrineTwitchChat) chat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *irc = NULL;

  platform_reset (platform);
  platform->expected_scope =
    "chat:read moderator:manage:chat_messages moderator:manage:banned_users";

  /* Not signed in yet: the chat is read anonymously all the same. */
  irc = g_strdup_printf ("ws%s/irc", platform->base + strlen ("http"));
  chat = vitrine_twitch_chat_new ("tw", "shopwithmona", irc);
  vitrine_twitch_chat_set_account (chat, account);
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (chat));
  WAIT_UNTIL (state_of (chat) == VITRINE_FEED_SOURCE_LIVE, 10000);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (chat)), ==,
                   "Reading #shopwithmona without signing in");
  g_assert_true (g_str_has_prefix (vitrine_twitch_chat_get_nick (chat), "justinfan"));
  g_assert_cmpuint (platform->irc_passes->len, ==, 0);

  /* The host signs in: the chat reconnects with the token by itself. */
  g_assert_true (sign_in (account, NULL, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (g_strcmp0 (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (chat)),
                         "Reading #shopwithmona") == 0, 10000);
  g_assert_cmpint (state_of (chat), ==, VITRINE_FEED_SOURCE_LIVE);
  g_assert_cmpuint (platform->irc_passes->len, ==, 1);
  g_assert_true (g_str_equal (g_ptr_array_index (platform->irc_passes, 0),
                              platform->access_token));
  g_assert_cmpstr (vitrine_twitch_chat_get_nick (chat), ==, "shopwithmona");
  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (chat));
}

static void
test_facebook_190 (void)
{
  g_autoptr(VitrineAccount) account = vitrine_account_new ("facebook:page", "facebook",
                                                           CLIENT_ID);
  g_autoptr(VitrineFacebookComments) comments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *auth_url = platform_url ("/authorize");
  g_autofree char *token_url = platform_url ("/token");
  g_autofree char *first = NULL;
  guint items = 0;

  platform_reset (platform);
  platform->expected_scope = "pages_show_list pages_read_engagement pages_read_user_content";
  vitrine_account_set_client_secret (account, CLIENT_SECRET);
  vitrine_account_set_auth_url (account, auth_url);
  vitrine_account_set_token_url (account, token_url);
  vitrine_account_set_launcher (account, browser_launch, NULL, NULL);
  g_assert_true (sign_in (account, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (platform->authorize_problem, ==, NULL);
  first = g_strdup (platform->access_token);
  g_hash_table_add (platform->refused, g_strdup (first));

  comments = vitrine_facebook_comments_new ("fb", "1187745566201234", platform->base);
  vitrine_facebook_comments_set_poll_interval (comments, 60000);
  vitrine_facebook_comments_set_account (comments, account);
  g_signal_connect (comments, "item", G_CALLBACK (count_item_cb), &items);
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (comments));

  WAIT_UNTIL (items == 1, 10000);
  g_assert_cmpint (state_of (comments), ==, VITRINE_FEED_SOURCE_LIVE);
  g_assert_cmpuint (platform->graph_tokens->len, ==, 2);
  g_assert_true (g_str_equal (g_ptr_array_index (platform->graph_tokens, 0), first));
  g_assert_true (g_str_equal (g_ptr_array_index (platform->graph_tokens, 1),
                              platform->access_token));
  g_assert_cmpuint (platform->n_refreshes, ==, 1);

  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (comments));
}

static void
test_sign_out (void)
{
  g_autoptr(VitrineAccount) account = account_new ("youtube:main");
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  Async async = { 0 };

  platform_reset (platform);
  /* Signed in by test_sign_in(). */
  g_assert_false (keyring_is_empty_for ("youtube:main"));

  vitrine_account_sign_out_async (account, NULL, async_cb, &async);
  WAIT_UNTIL (async.result != NULL, 5000);
  g_assert_true (vitrine_account_sign_out_finish (account, async.result, &error));
  g_assert_no_error (error);
  async_clear (&async);

  g_assert_true (keyring_is_empty_for ("youtube:main"));
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_SIGNED_OUT);
  g_assert_cmpstr (vitrine_account_get_status (account), ==, "Not signed in");
  token = get_token (account, &error);
  g_assert_null (token);
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING);
  g_assert_cmpstr (error->message, ==, "Vitrine is not signed in to YouTube: sign in first");
  g_assert_cmpuint (platform->n_refreshes, ==, 0);
}

static VitrineFeedSource *
source_for_json (const char  *json,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  VitrineFeedConfig config = { 0 };
  JsonObject *object;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  config.id = (char *) json_object_get_string_member (object, "id");
  config.type = (char *) json_object_get_string_member (object, "type");
  config.options = object;
  return vitrine_feed_source_new_for_config (&config, NULL, error);
}

/* Two feeds that name the same account sign in once: the show's session
 * gives them one account object. */
static void
test_shared_by_feeds (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vitrine-shared-account-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "show.json", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(VitrineShow) show = NULL;
  g_autoptr(VitrineFeedSession) session = NULL;
  g_autoptr(VitrineAccount) first = NULL;
  g_autoptr(VitrineAccount) second = NULL;
  g_autoptr(VitrineAccount) other = NULL;
  GPtrArray *sources;
  const char *json =
    "{\"name\":\"Shared\",\"canvas\":{\"width\":320,\"height\":180,\"fps\":30},"
    "\"sources\":[{\"id\":\"bars\",\"type\":\"test-pattern\"}],"
    "\"scenes\":[{\"id\":\"full\",\"main\":\"bars\"}],"
    "\"destinations\":[{\"id\":\"rec\",\"type\":\"recording\",\"path\":\"rec.mkv\"}],"
    "\"feeds\":["
    "{\"id\":\"main\",\"type\":\"youtube\",\"live_chat_id\":\"a\","
    " \"account\":{\"client_id\":\"c\",\"id\":\"shop-channel\"}},"
    "{\"id\":\"backup\",\"type\":\"youtube\",\"live_chat_id\":\"b\","
    " \"account\":{\"client_id\":\"c\",\"id\":\"shop-channel\"}},"
    "{\"id\":\"own\",\"type\":\"youtube\",\"live_chat_id\":\"c\","
    " \"account\":{\"client_id\":\"c\"}}]}";

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, json, -1, &error));
  file = g_file_new_for_path (path);
  show = vitrine_show_new_from_file (file, &error);
  g_assert_no_error (error);
  session = vitrine_feed_session_new (show, dir, 10);
  g_assert_cmpuint (vitrine_feed_session_get_problems (session)->len, ==, 0);
  sources = vitrine_feed_get_sources (vitrine_feed_session_get_feed (session));
  g_assert_cmpuint (sources->len, ==, 3);
  first = vitrine_feed_source_dup_account (g_ptr_array_index (sources, 0));
  second = vitrine_feed_source_dup_account (g_ptr_array_index (sources, 1));
  other = vitrine_feed_source_dup_account (g_ptr_array_index (sources, 2));
  g_assert_nonnull (first);
  g_assert_true (first == second);
  g_assert_cmpstr (vitrine_account_get_id (first), ==, "shop-channel");
  g_assert_true (other != first);
  g_assert_cmpstr (vitrine_account_get_id (other), ==, "youtube:own");

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_factory (void)
{
  g_autoptr(VitrineFeedSource) source = NULL;
  g_autoptr(VitrineFeedSource) plain = NULL;
  g_autoptr(VitrineFeedSource) wrong = NULL;
  g_autoptr(VitrineAccount) account = NULL;
  g_autoptr(VitrineAccount) none = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *scopes;

  source = source_for_json ("{\"id\":\"yt\",\"type\":\"youtube\",\"live_chat_id\":\"" CHAT_ID "\","
                            "\"account\":{\"client_id\":\"" CLIENT_ID "\","
                            "\"client_secret\":\"" CLIENT_SECRET "\","
                            "\"scopes\":[\"a\",\"b\"],"
                            "\"auth_url\":\"http://127.0.0.1:1/authorize\","
                            "\"token_url\":\"http://127.0.0.1:1/token\"}}", &error);
  g_assert_no_error (error);
  account = vitrine_feed_source_dup_account (source);
  g_assert_nonnull (account);
  g_assert_cmpstr (vitrine_account_get_id (account), ==, "youtube:yt");
  g_assert_cmpstr (vitrine_account_get_provider (account), ==, "youtube");
  g_assert_cmpstr (vitrine_account_get_client_id (account), ==, CLIENT_ID);
  g_assert_cmpstr (vitrine_account_get_auth_url (account), ==, "http://127.0.0.1:1/authorize");
  g_assert_cmpstr (vitrine_account_get_token_url (account), ==, "http://127.0.0.1:1/token");
  scopes = vitrine_account_get_scopes (account);
  g_assert_cmpstr (scopes[0], ==, "a");
  g_assert_cmpstr (scopes[1], ==, "b");
  g_assert_null (scopes[2]);
  g_assert_cmpint (vitrine_youtube_chat_get_auth (VITRINE_YOUTUBE_CHAT (source)), ==,
                   VITRINE_YOUTUBE_AUTH_OAUTH);

  /* The platform's endpoints and scopes by default. */
  g_clear_object (&source);
  g_clear_object (&account);
  source = source_for_json ("{\"id\":\"tw\",\"type\":\"twitch\",\"channel\":\"mona\","
                            "\"account\":{\"client_id\":\"abc\",\"id\":\"twitch:shared\"}}",
                            &error);
  g_assert_no_error (error);
  account = vitrine_feed_source_dup_account (source);
  g_assert_cmpstr (vitrine_account_get_id (account), ==, "twitch:shared");
  g_assert_cmpstr (vitrine_account_get_auth_url (account), ==,
                   "https://id.twitch.tv/oauth2/authorize");
  g_assert_cmpstr (vitrine_account_get_token_url (account), ==,
                   "https://id.twitch.tv/oauth2/token");
  g_assert_cmpstr (vitrine_account_get_scopes (account)[0], ==, "chat:read");

  /* Without an account nothing changes. */
  plain = source_for_json ("{\"id\":\"fb\",\"type\":\"facebook\",\"live_video_id\":\"1\"}",
                           &error);
  g_assert_no_error (error);
  none = vitrine_feed_source_dup_account (plain);
  g_assert_null (none);

  /* Mistakes name the feed and the field. */
  wrong = source_for_json ("{\"id\":\"yt\",\"type\":\"youtube\",\"live_chat_id\":\"x\","
                           "\"auth\":\"api-key\",\"account\":{\"client_id\":\"c\"}}", &error);
  g_assert_null (wrong);
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "feeds “yt”"));
  g_clear_error (&error);
  wrong = source_for_json ("{\"id\":\"rs\",\"type\":\"restream\","
                           "\"account\":{\"client_id\":\"c\"}}", &error);
  g_assert_null (wrong);
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED);
  g_clear_error (&error);
  wrong = source_for_json ("{\"id\":\"yt2\",\"type\":\"youtube\",\"live_chat_id\":\"x\","
                           "\"account\":{\"client_secret\":\"s\"}}", &error);
  g_assert_null (wrong);
  g_assert_cmpstr (error->message, ==, "feeds “yt2”: “account” needs “client_id”");
}

/* Regular files under @path whose bytes contain @needle. */
static void
find_files_containing (const char *path,
                       const char *needle,
                       GPtrArray  *hits)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, entry, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          find_files_containing (child, needle, hits);
          continue;
        }
      if (!g_file_test (child, G_FILE_TEST_IS_REGULAR) ||
          !g_file_get_contents (child, &contents, &length, NULL))
        continue;
      if (memmem (contents, length, needle, strlen (needle)) != NULL)
        g_ptr_array_add (hits, g_steal_pointer (&child));
    }
}

static void
test_nothing_leaked (void)
{
  const char *root = g_getenv (SESSION_MARKER);
  g_autofree char *keyrings = g_build_filename (g_get_user_data_dir (), "keyrings", NULL);
  guint n_files = 0;

  g_assert_nonnull (root);
  /* The capture works: the account's own debug lines are in it. */
  g_assert_nonnull (strstr (printed->str, "sign-in started"));
  g_assert_nonnull (strstr (printed->str, "access token renewed"));
  /* The keyring did write its file (encrypted). */
  g_assert_true (g_file_test (keyrings, G_FILE_TEST_IS_DIR));

  g_assert_cmpuint (secrets->len, >=, 10);
  for (guint i = 0; i < secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (secrets, i);
      g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func (g_free);
      gboolean in_print;

      /* Not asserted under the lock: the assertion's own message is
       * recorded too. */
      g_mutex_lock (&log_lock);
      in_print = strstr (printed->str, secret) != NULL;
      g_mutex_unlock (&log_lock);
      g_assert_false (in_print);

      find_files_containing (root, secret, hits);
      for (guint j = 0; j < hits->len; j++)
        g_test_message ("a token is in %s", (char *) g_ptr_array_index (hits, j));
      g_assert_cmpuint (hits->len, ==, 0);
      n_files++;
    }
  g_test_message ("%u secrets looked for in everything printed and every file under %s",
                  n_files, root);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSubprocess) keyring = NULL;
  int status;

  if (g_getenv (SESSION_MARKER) == NULL)
    return vitrine_private_session_run (argc, argv, SESSION_MARKER, TRUE);

  g_test_init (&argc, &argv, NULL);
  printed = g_string_new (NULL);
  secrets = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (record_writer, NULL, NULL);
  g_set_print_handler (record_print);
  g_set_printerr_handler (record_printerr);

  keyring = vitrine_private_keyring_start (KEYRING_PASSWORD);
  platform = platform_new ();
  browser.session = soup_session_new ();

  g_test_add_func ("/account/1-sign-in", test_sign_in);
  g_test_add_func ("/account/2-state-mismatch", test_state_mismatch);
  g_test_add_func ("/account/3-access-denied", test_access_denied);
  g_test_add_func ("/account/4-timeout-and-cancel", test_timeout_and_cancel);
  g_test_add_func ("/account/5-refresh-on-expiry", test_refresh_on_expiry);
  g_test_add_func ("/account/6-refresh-on-401", test_refresh_on_401);
  g_test_add_func ("/account/7-invalid-grant", test_invalid_grant);
  g_test_add_func ("/account/8-twitch-helix-401", test_twitch_helix_401);
  g_test_add_func ("/account/8a-twitch-irc-refused", test_twitch_irc_refused);
  g_test_add_func ("/account/8aa-twitch-anonymous-then-signed-in",
                   test_twitch_anonymous_then_signed_in);
  g_test_add_func ("/account/8b-facebook-190", test_facebook_190);
  g_test_add_func ("/account/9-sign-out", test_sign_out);
  g_test_add_func ("/account/factory", test_factory);
  g_test_add_func ("/account/shared-by-feeds", test_shared_by_feeds);
  g_test_add_func ("/account/zz-nothing-leaked", test_nothing_leaked);
  status = g_test_run ();

  g_clear_object (&browser.session);
  vitrine_private_keyring_stop (g_steal_pointer (&keyring));
  return status;
}
