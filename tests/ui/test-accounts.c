/* test-accounts.c: the window's "Chat Accounts": signing a YouTube chat in
 * and out with real clicks, a real browser round trip and a real keyring
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * meson runs this binary directly, so it first re-executes itself under
 * `dbus-run-session` with a private HOME, XDG_RUNTIME_DIR (0700) and XDG
 * dirs (reliability.md §A4), as test-keyring-row.c and tests/feed/
 * test-account.c do; VITRINE_ACCOUNTS_SESSION marks the inner run, which
 * starts gnome-keyring-daemon in the foreground (unlocked with a throwaway
 * password, ended by pid at the end) and checks it owns
 * org.freedesktop.secrets before anything talks to the keyring.
 *
 * A local SoupServer plays Google: the authorization page
 * (/o/oauth2/auth) checks the request (client id, loopback redirect, S256
 * challenge, state, scope) and holds it, as a host reading the consent page
 * would, until the test lets it send the browser back with a code; the
 * token endpoint (/token) checks the exchange, BASE64URL(SHA256(verifier))
 * = the challenge among it; liveChatMessages.list answers one message to a
 * request with the right `Authorization: Bearer`. The same server speaks
 * Twitch's IRC over a WebSocket so that the show's second chat, which has
 * no account, reads anonymously without going on the Internet.
 *
 * The show (in a temporary folder, with the demo catalog) has a `youtube`
 * feed with an "account" pointing at that server and a `twitch` feed
 * without one. It is opened through VitrineApplication in the real window,
 * and, as a host would see it and click it through XTest:
 *  1. "Chat Accounts" is shown with exactly one row, "YouTube", "Not
 *     signed in", a "Sign In…" button; the YouTube chat waits for a
 *     sign-in and has asked YouTube nothing;
 *  2. the account's browser launcher is replaced by a browser played with
 *     an async SoupSession (GET the authorization URL, follow the 302 to
 *     the loopback address). A click on "Sign In…": while the host is on
 *     the platform's page the row says it waits for the browser, with a
 *     spinner and "Cancel"; once the page sends the browser back, "Signed
 *     in" and "Sign Out". The token endpoint saw the verifier of the
 *     challenge; the refresh token is in the keyring (read with libsecret
 *     by the schema and attributes of vitrine-secrets.c, not through
 *     Vitrine's code);
 *  3. the YouTube chat starts by itself, polls with `Bearer <the access
 *     token>`, goes live, and the Feed page shows the message it got;
 *  4. a click on "Sign Out": "Not signed in", "Sign In…", the keyring
 *     empty. No token is in any label of the window. Closing the show
 *     takes the group away.
 *
 * Saves build/tests/ui/window-accounts.png: the destinations pane, with
 * the signed-in YouTube row in "Chat Accounts".
 */

#include "config.h"

#include <errno.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "../tools/vitrine-private-keyring.h"
#include "vitrine-ui-test.h"

#ifdef HAVE_XTEST
#include "vitrine-ui-xtest.h"
#endif

#include "vitrine-account-row.h"
#include "vitrine-account.h"
#include "vitrine-feed-factory.h"
#include "vitrine-feed-pane.h"
#include "vitrine-feed.h"
#include "vitrine-youtube-chat.h"

#define SESSION_MARKER   "VITRINE_ACCOUNTS_SESSION"
#define KEYRING_PASSWORD "testpass"
#define CLIENT_ID        "test-client"
#define CLIENT_SECRET    "s"
#define ACCOUNT_ID       "youtube:yt"      /* the factory's default: "<type>:<feed id>" */
#define YOUTUBE_SCOPE    "https://www.googleapis.com/auth/youtube.force-ssl"
#define CHAT_ID          "KicKGFVDOHZfN3d4X2tOeWxGa1hMeTZQbXhOURILTTNCRHhSYkh6WGM"
#define CHAT_TEXT        "Is the silk scarf still available in blue?"
#define CHAT_AUTHOR      "Layla"
#define WAITING_TEXT     "Waiting for you to sign in to YouTube in your web browser…"

#ifdef HAVE_XTEST

/* ---------------------------------------------------------------------- */
/* The platform: Google's sign-in, its token endpoint, YouTube, Twitch    */

typedef struct
{
  SoupServer        *server;
  char              *base;

  /* The authorization page */
  guint              n_authorize;
  char              *authorize_problem;
  char              *redirect_uri;
  char              *challenge;
  char              *state;
  char              *code;
  SoupServerMessage *held;              /* the host is reading the page */

  /* The token endpoint */
  guint              n_exchanges;
  guint              n_refreshes;
  char              *exchange_problem;
  gboolean           verifier_matched;
  char              *access_token;
  char              *refresh_token;

  /* YouTube and Twitch */
  GPtrArray         *youtube_bearers;   /* the Authorization of each request */
  GPtrArray         *irc_connections;
} Platform;

static Platform platform;

static void
set_text (char       **field,
          const char  *value)
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

static char *
random_hex (guint bytes)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < bytes; i++)
    g_string_append_printf (text, "%02x", g_random_int_range (0, 256));
  return g_string_free (text, FALSE);
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

/* BASE64URL(SHA256(verifier)), RFC 7636 §4.2, computed here rather than
 * with Vitrine's code. */
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

/* The consent page: checked, then held (paused) until release_authorize(),
 * the moment the host clicks "Allow" in the browser. */
static void
authorize_handler (SoupServer        *server,
                   SoupServerMessage *message,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  Platform *p = user_data;
  g_autoptr(GString) problem = g_string_new (NULL);

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
  EXPECT ("scope", g_strcmp0 (value_, YOUTUBE_SCOPE) == 0);
#undef EXPECT

  set_text (&p->authorize_problem, problem->len > 0 ? problem->str : NULL);
  set_text (&p->redirect_uri, query ? g_hash_table_lookup (query, "redirect_uri") : NULL);
  set_text (&p->challenge, query ? g_hash_table_lookup (query, "code_challenge") : NULL);
  set_text (&p->state, query ? g_hash_table_lookup (query, "state") : NULL);
  if (problem->len > 0 || p->held != NULL)
    {
      respond_json (message, SOUP_STATUS_BAD_REQUEST, "{\"error\":\"invalid_request\"}");
      return;
    }

  soup_server_message_pause (message);
  p->held = g_object_ref (message);
}

/* The host allowed Vitrine: the browser goes back to the loopback
 * address with a code and the state. */
static void
release_authorize (Platform *p)
{
  g_autoptr(SoupServerMessage) message = g_steal_pointer (&p->held);
  g_autoptr(GString) location = g_string_new (p->redirect_uri);
  g_autofree char *hex = random_hex (8);

  g_assert_nonnull (message);
  set_text (&p->code, NULL);
  p->code = g_strconcat ("4/0Ad-CODE-", hex, NULL);
  g_string_append (location, "?code=");
  g_string_append_uri_escaped (location, p->code, NULL, FALSE);
  g_string_append (location, "&state=");
  g_string_append_uri_escaped (location, p->state, NULL, FALSE);
  g_string_append (location, "&scope=");
  g_string_append_uri_escaped (location, YOUTUBE_SCOPE, NULL, FALSE);

  soup_message_headers_replace (soup_server_message_get_response_headers (message), "Location",
                                location->str);
  soup_server_message_set_status (message, SOUP_STATUS_FOUND, NULL);
  soup_server_message_unpause (message);
}

static void
token_handler (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Platform *p = user_data;
  g_autoptr(GBytes) bytes =
    soup_message_body_flatten (soup_server_message_get_request_body (message));
  g_autofree char *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = soup_form_decode (body);
  const char *grant = g_hash_table_lookup (form, "grant_type");
  const char *content_type =
    soup_message_headers_get_content_type (soup_server_message_get_request_headers (message),
                                           NULL);
  const char *verifier = g_hash_table_lookup (form, "code_verifier");
  g_autofree char *challenge = verifier ? pkce_of (verifier) : NULL;
  g_autoptr(GString) problem = g_string_new (NULL);
  g_autofree char *json = NULL;
  g_autofree char *access_hex = random_hex (12);
  g_autofree char *refresh_hex = random_hex (16);

  if (g_strcmp0 (grant, "refresh_token") == 0)
    {
      /* Not expected in this test: an hour-long token is never renewed. */
      p->n_refreshes++;
      respond_json (message, SOUP_STATUS_BAD_REQUEST, "{\"error\":\"invalid_grant\"}");
      return;
    }

  p->n_exchanges++;
  if (g_strcmp0 (soup_server_message_get_method (message), "POST") != 0 ||
      g_strcmp0 (content_type, "application/x-www-form-urlencoded") != 0)
    g_string_append (problem, "not a form POST; ");
  if (g_strcmp0 (grant, "authorization_code") != 0)
    g_string_append (problem, "grant_type; ");
  if (g_strcmp0 (g_hash_table_lookup (form, "client_id"), CLIENT_ID) != 0)
    g_string_append (problem, "client_id; ");
  if (g_strcmp0 (g_hash_table_lookup (form, "client_secret"), CLIENT_SECRET) != 0)
    g_string_append (problem, "client_secret; ");
  if (p->code == NULL || g_strcmp0 (g_hash_table_lookup (form, "code"), p->code) != 0)
    g_string_append (problem, "code; ");
  if (g_strcmp0 (g_hash_table_lookup (form, "redirect_uri"), p->redirect_uri) != 0)
    g_string_append (problem, "redirect_uri; ");
  if (verifier == NULL || strlen (verifier) < 43 || strlen (verifier) > 128)
    g_string_append (problem, "code_verifier length; ");
  p->verifier_matched = challenge != NULL && g_strcmp0 (challenge, p->challenge) == 0;
  if (!p->verifier_matched)
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

  g_free (p->access_token);
  p->access_token = g_strconcat ("ya29.AT-", access_hex, NULL);
  g_free (p->refresh_token);
  p->refresh_token = g_strconcat ("1//RT-", refresh_hex, NULL);
  json = g_strdup_printf ("{\"access_token\":\"%s\",\"expires_in\":3599,"
                          "\"refresh_token\":\"%s\",\"scope\":\"" YOUTUBE_SCOPE "\","
                          "\"token_type\":\"Bearer\"}", p->access_token, p->refresh_token);
  respond_json (message, SOUP_STATUS_OK, json);
}

/* liveChatMessages.list: one message from now for the access token, 401
 * for anything else; a long polling interval, so one poll per start. */
static void
youtube_handler (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Platform *p = user_data;
  const char *authorization =
    soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                  "Authorization");
  g_autofree char *expected = p->access_token ? g_strconcat ("Bearer ", p->access_token, NULL)
                                              : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%f+00:00");
  g_autofree char *page = NULL;

  g_ptr_array_add (p->youtube_bearers, g_strdup (authorization ? authorization : ""));
  if (expected == NULL || g_strcmp0 (authorization, expected) != 0 ||
      g_strcmp0 (query ? g_hash_table_lookup (query, "liveChatId") : NULL, CHAT_ID) != 0)
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
    "{\"kind\":\"youtube#liveChatMessage\",\"etag\":\"e1\",\"id\":\"LCC.ACCOUNTS-1\","
    "\"snippet\":{\"type\":\"textMessageEvent\",\"liveChatId\":\"" CHAT_ID "\","
    "\"authorChannelId\":\"UC4vYqG0pS2u5f8wXzj1kL3A\",\"publishedAt\":\"%s\","
    "\"hasDisplayContent\":true,\"displayMessage\":\"" CHAT_TEXT "\","
    "\"textMessageDetails\":{\"messageText\":\"" CHAT_TEXT "\"}},"
    "\"authorDetails\":{\"channelId\":\"UC4vYqG0pS2u5f8wXzj1kL3A\","
    "\"displayName\":\"" CHAT_AUTHOR "\",\"isVerified\":false,\"isChatOwner\":false,"
    "\"isChatSponsor\":false,\"isChatModerator\":false}}]}", stamp);
  respond_json (message, SOUP_STATUS_OK, page);
}

/* Twitch chat, read anonymously: the welcome and the JOIN. */
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

      if (g_str_has_prefix (line, "NICK "))
        {
          g_autofree char *welcome = g_strdup_printf (":tmi.twitch.tv 001 %s :Welcome, GLHF!",
                                                      line + strlen ("NICK "));

          soup_websocket_connection_send_text (connection, welcome);
        }
      else if (g_str_has_prefix (line, "JOIN #"))
        {
          g_autofree char *joined =
            g_strdup_printf (":justinfan1!justinfan1@justinfan1.tmi.twitch.tv JOIN %s\r\n"
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

static void
platform_start (Platform *p)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  GSList *uris;

  p->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (p->server, "/o/oauth2/auth", authorize_handler, p, NULL);
  soup_server_add_handler (p->server, "/token", token_handler, p, NULL);
  soup_server_add_handler (p->server, "/youtube/v3/liveChat/messages", youtube_handler, p,
                           NULL);
  soup_server_add_websocket_handler (p->server, "/irc", NULL, NULL, irc_cb, p, NULL);
  soup_server_listen_local (p->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (p->server);
  uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  /* "http://127.0.0.1:PORT/" without the slash. */
  p->base = g_strndup (uri, strlen (uri) - 1);
  p->youtube_bearers = g_ptr_array_new_with_free_func (g_free);
  p->irc_connections = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
platform_stop (Platform *p)
{
  for (guint i = 0; i < p->irc_connections->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (p->irc_connections, i);

      g_signal_handlers_disconnect_by_data (connection, p);
      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
  g_clear_pointer (&p->irc_connections, g_ptr_array_unref);
  g_clear_pointer (&p->youtube_bearers, g_ptr_array_unref);
  g_clear_object (&p->held);
  soup_server_disconnect (p->server);
  g_clear_object (&p->server);
  g_clear_pointer (&p->base, g_free);
  g_clear_pointer (&p->authorize_problem, g_free);
  g_clear_pointer (&p->redirect_uri, g_free);
  g_clear_pointer (&p->challenge, g_free);
  g_clear_pointer (&p->state, g_free);
  g_clear_pointer (&p->code, g_free);
  g_clear_pointer (&p->exchange_problem, g_free);
  g_clear_pointer (&p->access_token, g_free);
  g_clear_pointer (&p->refresh_token, g_free);
}

/* ---------------------------------------------------------------------- */
/* The host's web browser                                                 */

typedef struct
{
  SoupSession *session;
  guint        launched;
  gboolean     done;
  guint        status;
  char        *page;
} Browser;

static Browser browser;

static void
browser_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SoupMessage) message = user_data;
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
}

/* Opens the authorization page as a browser does, without blocking: GET,
 * follow the redirect (libsoup does by default) to Vitrine's loopback
 * listener, keep what it answers. */
static gboolean
browser_launch (VitrineAccount  *account,
                const char      *uri,
                gpointer         user_data,
                GError         **error)
{
  SoupMessage *message = soup_message_new (SOUP_METHOD_GET, uri);

  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (uri, platform.base));
  browser.launched++;
  browser.done = FALSE;
  soup_session_send_and_read_async (browser.session, message, G_PRIORITY_DEFAULT, NULL,
                                    browser_page_cb, message);
  return TRUE;
}

static gboolean
browser_is_done (gpointer data)
{
  return browser.done;
}

static gboolean
authorize_was_asked (gpointer data)
{
  return platform.n_authorize > 0;
}

/* ---------------------------------------------------------------------- */
/* The keyring, read without Vitrine's code                               */

/* vitrine-secrets.c's schema, name and attributes. */
static const SecretSchema account_schema = {
  "io.github.vitrine.Vitrine.AccountToken",
  SECRET_SCHEMA_NONE,
  {
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "NULL", 0 },
  }
};

/* The refresh token stored for ACCOUNT_ID, or NULL; at most one item. */
static char *
keyring_lookup (char **label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  GList *items;
  char *secret = NULL;

  g_hash_table_insert (attributes, "kind", "oauth-refresh");
  g_hash_table_insert (attributes, "account", ACCOUNT_ID);
  items = secret_service_search_sync (NULL, &account_schema, attributes,
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
keyring_is_empty (gpointer data)
{
  g_autofree char *secret = keyring_lookup (NULL);

  return secret == NULL;
}

/* ---------------------------------------------------------------------- */
/* Clicks through the X server                                            */

/* ---------------------------------------------------------------------- */
/* What the host sees                                                     */

/* Whether all of @widget is inside the viewport of @scrolled. */
static gboolean
is_entirely_in_view (GtkWidget *widget,
                     GtkWidget *scrolled)
{
  graphene_rect_t bounds;

  return gtk_widget_get_mapped (widget) &&
         gtk_widget_compute_bounds (widget, scrolled, &bounds) &&
         bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled);
}

/* The destinations pane is the lower part of the side column and scrolls:
 * the host turns the wheel over it until @widget is in view. */
static void
scroll_into_view (GtkWidget *scrolled,
                  GtkWidget *widget)
{
  for (guint i = 0; i < 20 && !is_entirely_in_view (widget, scrolled); i++)
    vitrine_xtest_wheel (scrolled, FALSE, 1);
  if (!is_entirely_in_view (widget, scrolled))
    g_error ("The wheel does not bring the accounts row into view in the destinations pane");
}

/* Renders the whole of @root (so that @area has its real background) and
 * saves the part of it that @area covers as PNG. */
static void
save_screenshot_of_area (GtkWidget  *root,
                         GtkWidget  *area,
                         const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (root);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (area, root, &bounds));
  g_assert_cmpfloat (bounds.size.width, >, 0);
  g_assert_cmpfloat (bounds.size.height, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (root),
                          gtk_widget_get_height (root));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (root)), node,
                                         &bounds);
  g_assert_nonnull (texture);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* The mapped GtkButton under @root whose label is @label, or NULL. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  return vitrine_test_find_descendant (root, is_button_labelled, label);
}

static gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  name)
{
  return gtk_widget_has_css_class (widget, name);
}

typedef struct
{
  GtkWidget  *row;
  const char *subtitle;
  const char *button;
} RowWait;

/* The row reads @subtitle (its whole text, on screen) beside a button
 * labelled @button. */
static gboolean
row_reads (gpointer data)
{
  RowWait *w = data;

  return vitrine_test_find_label_exact (w->row, w->subtitle) != NULL &&
         find_button (w->row, w->button) != NULL;
}

static void
wait_for_row (GtkWidget  *row,
              const char *subtitle,
              const char *button,
              const char *when)
{
  RowWait wait = { row, subtitle, button };

  if (!vitrine_test_wait (row_reads, &wait, 10000))
    {
      VitrineAccount *account = vitrine_account_row_get_account (VITRINE_ACCOUNT_ROW (row));

      g_error ("%s, the YouTube row does not read “%s” with a “%s” button; the account is in "
               "state %d: “%s”", when, subtitle, button, vitrine_account_get_state (account),
               vitrine_account_get_status (account));
    }
}

static gboolean
spinner_spins (GtkWidget *row)
{
  GtkWidget *spinner = vitrine_test_find_widget (row, GTK_TYPE_SPINNER, TRUE);

  return spinner != NULL && gtk_spinner_get_spinning (GTK_SPINNER (spinner));
}

static guint
count_children (GtkWidget *widget,
                GType      type)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (type == G_TYPE_INVALID || G_TYPE_CHECK_INSTANCE_TYPE (child, type))
      n++;
  return n;
}

static gboolean
is_chip_labelled (GtkWidget     *widget,
                  gconstpointer  name)
{
  GtkWidget *label = gtk_widget_get_last_child (widget);

  return gtk_widget_has_css_class (widget, "source-chip") && GTK_IS_LABEL (label) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), name) == 0 &&
         gtk_widget_get_mapped (widget);
}

static gboolean
chip_is_live (gpointer pane)
{
  GtkWidget *chip = vitrine_test_find_descendant (pane, is_chip_labelled, "YouTube");

  return chip != NULL && gtk_widget_has_css_class (chip, "live");
}

static gboolean
pane_shows_message (gpointer pane)
{
  return vitrine_test_find_label_exact (pane, CHAT_TEXT) != NULL &&
         vitrine_test_find_label_exact (pane, CHAT_AUTHOR) != NULL;
}

static gboolean
source_is_live (gpointer source)
{
  return vitrine_feed_source_get_state (source) == VITRINE_FEED_SOURCE_LIVE;
}

static gboolean
source_is_unauthorized (gpointer source)
{
  return vitrine_feed_source_get_state (source) == VITRINE_FEED_SOURCE_UNAUTHORIZED;
}

static gboolean
youtube_was_polled (gpointer data)
{
  return platform.youtube_bearers->len > 0;
}

static gboolean
some_label_contains (GtkWidget  *root,
                     const char *needle)
{
  return vitrine_test_find_label (root, needle, FALSE, FALSE) != NULL;
}

/* ---------------------------------------------------------------------- */
/* The show                                                               */

static char *
write_show (const char *dir)
{
  g_autofree char *catalog = g_build_filename (g_getenv ("VITRINE_SOURCE_ROOT"), "data", "demo",
                                               "catalog.json", NULL);
  g_autofree char *recording = g_build_filename (dir, "show-%Y%m%d-%H%M%S.mkv", NULL);
  g_autofree char *json = NULL;
  g_autofree char *irc = g_strdup_printf ("ws%s/irc", platform.base + strlen ("http"));

  json = g_strdup_printf (
    "{\n"
    "  \"name\": \"Accounts test\",\n"
    "  \"canvas\": { \"width\": 320, \"height\": 180, \"fps\": 15 },\n"
    "  \"sources\": [\n"
    "    { \"id\": \"pattern\", \"type\": \"test-pattern\", \"pattern\": \"ball\" }\n"
    "  ],\n"
    "  \"scenes\": [\n"
    "    { \"id\": \"full\", \"name\": \"Full\", \"layout\": \"full\", \"main\": \"pattern\" }\n"
    "  ],\n"
    "  \"encoder\": { \"video_bitrate\": 500, \"preset\": \"ultrafast\",\n"
    "               \"keyframe_interval\": 1, \"audio_bitrate\": 64 },\n"
    "  \"catalog\": \"%s\",\n"
    "  \"destinations\": [\n"
    "    { \"id\": \"recording\", \"name\": \"Local recording\", \"type\": \"recording\",\n"
    "      \"path\": \"%s\" }\n"
    "  ],\n"
    "  \"feeds\": [\n"
    "    { \"id\": \"yt\", \"type\": \"youtube\", \"live_chat_id\": \"" CHAT_ID "\",\n"
    "      \"url\": \"%s\",\n"
    "      \"account\": { \"client_id\": \"" CLIENT_ID "\",\n"
    "                   \"client_secret\": \"" CLIENT_SECRET "\",\n"
    "                   \"auth_url\": \"%s/o/oauth2/auth\",\n"
    "                   \"token_url\": \"%s/token\" } },\n"
    "    { \"id\": \"tw\", \"type\": \"twitch\", \"channel\": \"shopwithmona\",\n"
    "      \"url\": \"%s\" }\n"
    "  ]\n"
    "}\n", catalog, recording, platform.base, platform.base, platform.base, irc);
  return vitrine_test_write_file (dir, "accounts-show.json", json);
}

static VitrineFeedSource *
find_source (VitrineFeed *feed,
             const char  *id)
{
  GPtrArray *sources = vitrine_feed_get_sources (feed);

  for (guint i = 0; i < sources->len; i++)
    if (g_strcmp0 (vitrine_feed_source_get_id (g_ptr_array_index (sources, i)), id) == 0)
      return g_ptr_array_index (sources, i);
  return NULL;
}

/* ---------------------------------------------------------------------- */
/* The private session's keyring                                          */

/* ---------------------------------------------------------------------- */

static void
test_accounts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) keyring = NULL;
  g_autoptr(GFile) show_file = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *show_path = NULL;
  g_autofree char *screenshot = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *label_text = NULL;
  g_autofree char *expected_bearer = NULL;
  VitrineApplication *app;
  VitrineWindow *window;
  VitrineFeed *feed;
  VitrineFeedSource *youtube;
  VitrineFeedSource *twitch;
  VitrineFeedPane *pane;
  VitrineAccount *account;
  AdwViewStack *side_stack;
  GtkWidget *root;
  GtkWidget *heading;
  GtkWidget *group;
  GtkWidget *list;
  GtkWidget *row;
  GtkWidget *button;
  GtkWidget *destinations;
  gint64 start = g_get_monotonic_time ();

  /* We run in the private session the outer run made. */
  g_assert_nonnull (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_assert_true (g_str_has_prefix (g_get_home_dir (), g_getenv (SESSION_MARKER)));
  keyring = vitrine_private_keyring_start (KEYRING_PASSWORD);
  g_assert_true (keyring_is_empty (NULL));

  platform_start (&platform);
  browser.session = soup_session_new ();
  tmpdir = g_dir_make_tmp ("vitrine-accounts-show-XXXXXX", &error);
  g_assert_no_error (error);
  show_path = write_show (tmpdir);
  show_file = g_file_new_for_path (show_path);

  app = vitrine_test_application_new (1280, 760, &window);
  root = GTK_WIDGET (window);
  vitrine_test_load_show (app, window, show_file);
  feed = vitrine_application_get_feed (app);
  g_assert_nonnull (feed);
  youtube = find_source (feed, "yt");
  twitch = find_source (feed, "tw");
  g_assert_nonnull (youtube);
  g_assert_nonnull (twitch);
  g_assert_true (VITRINE_IS_YOUTUBE_CHAT (youtube));
  g_assert_null (vitrine_feed_source_dup_account (twitch));

  /* 1. "Chat Accounts": one row, YouTube's, not signed in. */
  heading = GTK_WIDGET (vitrine_test_find_label_exact (root, "Chat Accounts"));
  if (heading == NULL)
    g_error ("The window shows no “Chat Accounts” for a show whose YouTube feed has an "
             "account");
  group = gtk_widget_get_parent (heading);
  g_assert_true (gtk_widget_get_visible (group));
  g_assert_true (gtk_widget_get_mapped (group));
  list = gtk_widget_get_next_sibling (heading);
  g_assert_true (GTK_IS_LIST_BOX (list));
  g_assert_cmpuint (count_children (list, G_TYPE_INVALID), ==, 1);
  g_assert_cmpuint (count_children (list, VITRINE_TYPE_ACCOUNT_ROW), ==, 1);
  row = gtk_widget_get_first_child (list);
  g_assert_true (gtk_widget_get_mapped (row));
  g_assert_nonnull (vitrine_test_find_label_exact (row, "YouTube"));
  wait_for_row (row, "Not signed in", "Sign In…", "Once the show is open");
  g_assert_false (spinner_spins (row));
  account = vitrine_account_row_get_account (VITRINE_ACCOUNT_ROW (row));
  g_assert_cmpstr (vitrine_account_get_id (account), ==, ACCOUNT_ID);
  /* The row signs in the very account the chat reads with. */
  g_assert_true (vitrine_youtube_chat_get_account (VITRINE_YOUTUBE_CHAT (youtube)) == account);
  /* Meanwhile the chat waits for a sign-in and has asked YouTube nothing. */
  if (!vitrine_test_wait (source_is_unauthorized, youtube, 10000))
    g_error ("Not signed in, the YouTube chat is in state %d (“%s”), not waiting for a sign-in",
             vitrine_feed_source_get_state (youtube),
             vitrine_feed_source_get_status (youtube));
  g_assert_cmpstr (vitrine_feed_source_get_status (youtube), ==,
                   "Vitrine is not signed in to YouTube: sign in first");
  g_assert_cmpuint (platform.youtube_bearers->len, ==, 0);
  /* The row's keyring lookup found nothing: still signed out. */
  vitrine_test_run_for (300);
  wait_for_row (row, "Not signed in", "Sign In…", "After the keyring was read");

  /* 2. Sign In…, with the browser played by the test. */
  vitrine_account_set_launcher (account, browser_launch, NULL, NULL);
  vitrine_xtest_focus_window (root);
  destinations = vitrine_test_find_descendant (root, has_css_class, "destinations-pane");
  g_assert_true (GTK_IS_SCROLLED_WINDOW (destinations));
  scroll_into_view (destinations, row);
  button = find_button (row, "Sign In…");
  g_assert_nonnull (button);
  vitrine_xtest_click (button);
  if (!vitrine_test_wait (authorize_was_asked, NULL, 10000))
    g_error ("A click on “Sign In…” opened no sign-in page (%u launched; the account says "
             "“%s”)", browser.launched, vitrine_account_get_status (account));
  g_assert_cmpuint (browser.launched, ==, 1);
  g_assert_cmpuint (platform.n_authorize, ==, 1);
  g_assert_cmpstr (platform.authorize_problem, ==, NULL);
  g_assert_nonnull (platform.held);
  /* While the host is on the platform's page. */
  wait_for_row (row, WAITING_TEXT, "Cancel", "While the sign-in page is open");
  g_assert_true (spinner_spins (row));
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_SIGNING_IN);
  g_assert_cmpuint (platform.n_exchanges, ==, 0);

  /* The host allows it: the browser goes back to Vitrine. */
  release_authorize (&platform);
  wait_for_row (row, "Signed in", "Sign Out", "After the sign-in page sent the browser back");
  g_assert_false (spinner_spins (row));
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_SIGNED_IN);
  g_assert_true (vitrine_test_wait (browser_is_done, NULL, 5000));
  g_assert_cmpuint (browser.status, ==, 200);
  g_assert_nonnull (strstr (browser.page, "You can go back to Vitrine."));
  /* The token endpoint: one exchange, with the verifier of the challenge. */
  g_assert_cmpuint (platform.n_exchanges, ==, 1);
  g_assert_cmpstr (platform.exchange_problem, ==, NULL);
  g_assert_true (platform.verifier_matched);
  g_assert_nonnull (platform.refresh_token);
  /* The refresh token is in the keyring, under the account's id. */
  stored = keyring_lookup (&label_text);
  if (stored == NULL)
    g_error ("Signed in, but the keyring holds no refresh token for %s", ACCOUNT_ID);
  g_assert_true (g_str_equal (stored, platform.refresh_token));  /* not cmpstr: a secret */
  g_assert_cmpstr (label_text, ==, "Vitrine: YouTube sign-in (" ACCOUNT_ID ")");

  /* 3. The chat starts by itself and reads with the access token. */
  if (!vitrine_test_wait (youtube_was_polled, NULL, 10000))
    g_error ("Signed in, the YouTube chat did not poll within 10 s (state %d, “%s”)",
             vitrine_feed_source_get_state (youtube),
             vitrine_feed_source_get_status (youtube));
  if (!vitrine_test_wait (source_is_live, youtube, 10000))
    g_error ("Signed in, the YouTube chat is in state %d (“%s”), not live",
             vitrine_feed_source_get_state (youtube),
             vitrine_feed_source_get_status (youtube));
  expected_bearer = g_strconcat ("Bearer ", platform.access_token, NULL);
  g_assert_cmpuint (platform.youtube_bearers->len, ==, 1);
  g_assert_true (g_str_equal (g_ptr_array_index (platform.youtube_bearers, 0), expected_bearer));
  g_assert_cmpuint (platform.n_refreshes, ==, 0);

  /* What the host reads on the Feed page (a click on "Feed"). */
  side_stack = ADW_VIEW_STACK (vitrine_test_find_widget (root, ADW_TYPE_VIEW_STACK, TRUE));
  g_assert_nonnull (side_stack);
  pane = VITRINE_FEED_PANE (vitrine_test_find_widget (root, VITRINE_TYPE_FEED_PANE, FALSE));
  g_assert_nonnull (pane);
  {
    GtkWidget *switcher = vitrine_test_find_widget (root, ADW_TYPE_VIEW_SWITCHER, TRUE);
    GtkLabel *feed_label;

    g_assert_nonnull (switcher);
    feed_label = vitrine_test_find_label_exact (switcher, "Feed");
    g_assert_nonnull (feed_label);
    vitrine_xtest_click (GTK_WIDGET (feed_label));
  }
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (side_stack), ==, "feed");
  if (!vitrine_test_wait (pane_shows_message, pane, 5000))
    g_error ("The Feed page does not show “%s” from %s, which the signed-in YouTube chat "
             "received", CHAT_TEXT, CHAT_AUTHOR);
  if (!vitrine_test_wait (chip_is_live, pane, 5000))
    g_error ("The Feed page's YouTube chip is not live");
  g_test_message ("Twitch, without an account: state %d, “%s”",
                  vitrine_feed_source_get_state (twitch),
                  vitrine_feed_source_get_status (twitch));

  /* The destinations pane, with the signed-in row. */
  g_assert_true (is_entirely_in_view (row, destinations));
  vitrine_test_run_for (300);
  gtk_test_widget_wait_for_draw (root);
  screenshot = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests", "ui",
                                 "window-accounts.png", NULL);
  save_screenshot_of_area (root, destinations, screenshot);
  g_test_message ("screenshot: %s", screenshot);

  /* No token is shown anywhere. */
  g_assert_false (some_label_contains (root, platform.access_token));
  g_assert_false (some_label_contains (root, platform.refresh_token));

  /* 4. Sign Out. */
  button = find_button (row, "Sign Out");
  g_assert_nonnull (button);
  vitrine_xtest_click (button);
  wait_for_row (row, "Not signed in", "Sign In…", "After a click on “Sign Out”");
  g_assert_false (spinner_spins (row));
  g_assert_cmpint (vitrine_account_get_state (account), ==, VITRINE_ACCOUNT_SIGNED_OUT);
  if (!vitrine_test_wait (keyring_is_empty, NULL, 5000))
    g_error ("Signed out, but the keyring still holds the refresh token of %s", ACCOUNT_ID);
  g_assert_cmpuint (platform.n_exchanges, ==, 1);
  g_assert_cmpuint (platform.n_refreshes, ==, 0);

  /* Closing the show takes its accounts away. */
  vitrine_test_close_show (app, window);
  g_assert_false (gtk_widget_get_visible (group));
  g_assert_cmpuint (count_children (list, G_TYPE_INVALID), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
  g_clear_object (&browser.session);
  g_clear_pointer (&browser.page, g_free);
  platform_stop (&platform);
  vitrine_private_keyring_stop (g_steal_pointer (&keyring));
  vitrine_test_rm_rf (tmpdir);
  g_test_message ("%.1f s", (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

#endif /* HAVE_XTEST */

static void
test_skip_without_xtest (void)
{
  g_test_skip ("Clicks are sent with XTest on an X11 display (Xvfb): "
               "libxtst-dev was missing at build time, or GDK is not using X11");
}

/* ---------------------------------------------------------------------- */
/* The private session: outer run                                         */

int
main (int   argc,
      char *argv[])
{
  gboolean x11 = FALSE;

  if (g_getenv (SESSION_MARKER) == NULL)
    return vitrine_private_session_run (argc, argv, SESSION_MARKER, FALSE);

  g_setenv ("GDK_BACKEND", "x11", TRUE);
  vitrine_test_init (&argc, &argv);

#ifdef HAVE_XTEST
  {
    int event_base, error_base, major, minor;
    GdkDisplay *display = gdk_display_get_default ();

    x11 = display != NULL && GDK_IS_X11_DISPLAY (display) &&
          XTestQueryExtension (gdk_x11_display_get_xdisplay (display), &event_base,
                               &error_base, &major, &minor);
  }
#endif

  if (x11)
    {
#ifdef HAVE_XTEST
      g_test_add_func ("/accounts/sign-in-read-sign-out", test_accounts);
#endif
    }
  else
    {
      g_test_add_func ("/accounts/sign-in-read-sign-out", test_skip_without_xtest);
    }

  return g_test_run ();
}
