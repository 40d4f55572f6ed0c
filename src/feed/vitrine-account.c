/* vitrine-account.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-account"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <rest/rest.h>
#include <string.h>
#include <sys/random.h>

#include "vitrine-account.h"
#include "vitrine-feed-error.h"
#include "vitrine-feed-item.h"
#include "vitrine-secrets.h"

/* One platform account, signed in with OAuth 2: the authorization code
 * grant with PKCE (RFC 7636, S256) and a loopback redirect (RFC 8252 §7.3).
 *
 *   1. A SoupServer listens on 127.0.0.1, port 0; the redirect URI is
 *      http://127.0.0.1:<port>/callback (Google, Twitch and Facebook accept
 *      any port for a loopback redirect of a desktop client).
 *   2. The browser opens the platform's authorization page (through the
 *      OpenURI portal inside Flatpak) with the PKCE challenge and a random
 *      `state`.
 *   3. The platform sends the browser back to the loopback address with
 *      `code` and `state` (or `error=access_denied` when the host said no).
 *      The browser gets a small page saying to go back to Vitrine; a `state`
 *      that is not ours is refused and its code never used.
 *   4. The code and the verifier go to the token endpoint; the refresh
 *      token goes to the keyring (vitrine-secrets, kind "oauth-refresh"),
 *      the access token and its expiry stay in memory only.
 *
 * Afterwards vitrine_account_get_token_async() hands out the access token,
 * renewing it with the refresh token from the keyring when it has expired
 * or a connector saw it refused (vitrine_account_token_rejected()). Never a
 * loop: a refresh the platform answers with `invalid_grant` puts the
 * account in NEEDS_SIGN_IN, and nothing is asked of the platform again
 * until the host signs in; a token refused within RENEWAL_GRACE_S of a
 * refresh that a refusal caused does the same.
 *
 * What librest (0.9.1, RestOAuth2Proxy) does here, and what it does not:
 * - It builds the authorization request:
 *   rest_oauth2_proxy_build_authorization_url() with our challenge, and
 *   its `state` (10 characters; from arc4random in Debian's build, from a
 *   GRand seeded by /dev/urandom upstream: enough for a value that only
 *   has to be unguessable to a web page, since PKCE, not the state, is what
 *   keeps a stolen code useless).
 * - The PKCE pair is ours, not RestPkceCodeChallenge's: upstream 0.9.1,
 *   which the Flatpak builds, draws the verifier from GRand, a Mersenne
 *   Twister and not a cryptographic generator (Debian patched only its own
 *   package, CVE-2026-16615), and rest_pkce_code_challenge_free() frees
 *   neither string, so the verifier would stay in memory. Ours is 32 bytes
 *   from getrandom(), as RFC 7636 §7.1 recommends.
 * - The token endpoint is spoken with libsoup here, for both grants:
 *   rest_oauth2_proxy_fetch_access_token_async() and
 *   rest_oauth2_proxy_refresh_access_token_async() report an HTTP 400 error
 *   answer as success (checked against Debian's 0.9.1: `invalid_grant`
 *   finishes with TRUE and leaves the old tokens), so a dead refresh token
 *   could not be told from a renewed one; the refresh sends no
 *   client_secret, which Google's desktop clients and Twitch require; a
 *   JSON answer that is not an object reaches json_node_get_object() (a
 *   critical); and the proxy keeps tokens in strings we cannot wipe.
 *
 * Tokens and codes never reach a log line, a URL that is logged, or a file:
 * the access token and the verifier are wiped when dropped, and the form
 * bodies that carry them are wiped when libsoup is done with them. */

/* Renew a little before the platform's expiry: a request in flight at
 * that moment would be refused. */
#define EXPIRY_MARGIN_S  60
/* A token refused this soon after a renewal that a refusal caused was not
 * the problem: the sign-in is. Later it may simply have been withdrawn. */
#define RENEWAL_GRACE_S  120
/* A token endpoint that does not answer in this time is down. */
#define TOKEN_TIMEOUT_S  30
#define ERROR_TEXT_MAX   200

G_DEFINE_ENUM_TYPE (VitrineAccountState, vitrine_account_state,
  G_DEFINE_ENUM_VALUE (VITRINE_ACCOUNT_SIGNED_OUT, "signed-out"),
  G_DEFINE_ENUM_VALUE (VITRINE_ACCOUNT_SIGNING_IN, "signing-in"),
  G_DEFINE_ENUM_VALUE (VITRINE_ACCOUNT_SIGNED_IN, "signed-in"),
  G_DEFINE_ENUM_VALUE (VITRINE_ACCOUNT_NEEDS_SIGN_IN, "needs-sign-in"),
  G_DEFINE_ENUM_VALUE (VITRINE_ACCOUNT_ERROR, "error"))

typedef struct
{
  const char *provider;
  const char *name;          /* a brand: not translated */
  const char *auth_url;
  const char *token_url;
  const char *api_url;
  const char *scopes;        /* space-separated */
} Provider;

/* platform-apis.md: Twitch reads chat with chat:read and moderates through
 * Helix; YouTube needs youtube.force-ssl to read and moderate a live chat;
 * Facebook's Page comments need the Page permissions. */
static const Provider providers[] = {
  { "twitch", "Twitch",
    "https://id.twitch.tv/oauth2/authorize", "https://id.twitch.tv/oauth2/token",
    "https://api.twitch.tv/helix",
    "chat:read moderator:manage:chat_messages moderator:manage:banned_users" },
  { "youtube", "YouTube",
    "https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token",
    "https://www.googleapis.com",
    "https://www.googleapis.com/auth/youtube.force-ssl" },
  { "facebook", "Facebook",
    "https://www.facebook.com/v19.0/dialog/oauth",
    "https://graph.facebook.com/v19.0/oauth/access_token",
    "https://graph.facebook.com",
    "pages_show_list pages_read_engagement pages_read_user_content" },
};

struct _VitrineAccount
{
  GObject                 parent_instance;

  char                   *id;
  char                   *provider;
  const Provider         *defaults;        /* NULL for a provider Vitrine does not know */
  char                   *name;            /* for the host */
  char                   *client_id;
  char                   *client_secret;   /* "installed app" secrets are not secret */
  GStrv                   scopes;
  char                   *auth_url;
  char                   *token_url;
  guint                   sign_in_timeout;

  VitrineAccountLauncher  launcher;
  gpointer                launcher_data;
  GDestroyNotify          launcher_destroy;

  VitrineAccountState     state;
  char                   *status;

  RestOAuth2Proxy        *proxy;
  SoupSession            *session;

  char                   *access_token;    /* memory only; wiped when dropped */
  gint64                  expires_at;      /* real time in µs; 0: until refused */
  gboolean                had_token;       /* a token was issued in this run */
  gboolean                rejection_pending;
  gint64                  renewed_after_rejection;  /* monotonic µs, or 0 */

  GTask                  *sign_in;         /* the sign-in in progress */
  GQueue                  waiters;         /* get_token tasks waiting for a refresh */
  GCancellable           *refresh;         /* the refresh in progress */
};

G_DEFINE_FINAL_TYPE (VitrineAccount, vitrine_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PROVIDER,
  PROP_CLIENT_ID,
  PROP_STATE,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Secrets in memory */

/**
 * vitrine_account_token_free:
 * @token: (nullable): a token from vitrine_account_get_token_finish()
 *
 * Wipes and frees a token.
 */
void
vitrine_account_token_free (char *token)
{
  if (token == NULL)
    return;
  memset (token, 0, strlen (token));
  g_free (token);
}

static void
wipe_bytes_free (gpointer data)
{
  char *text = data;

  memset (text, 0, strlen (text));
  g_free (text);
}

static void
drop_access_token (VitrineAccount *self)
{
  g_clear_pointer (&self->access_token, vitrine_account_token_free);
  self->expires_at = 0;
}

static void
set_access_token (VitrineAccount *self,
                  const char     *token,
                  gint64          expires_in)
{
  drop_access_token (self);
  self->access_token = g_strdup (token);
  self->had_token = TRUE;
  self->rejection_pending = FALSE;
  if (expires_in > 0)
    {
      /* A short-lived token (tests) keeps most of its life. */
      gint64 margin = MIN (EXPIRY_MARGIN_S, expires_in / 4);

      self->expires_at = g_get_real_time () + (expires_in - margin) * G_USEC_PER_SEC;
    }
}

static gboolean
token_is_valid (VitrineAccount *self)
{
  return self->access_token != NULL && !self->rejection_pending &&
         (self->expires_at == 0 || g_get_real_time () < self->expires_at);
}

/* The PKCE verifier (RFC 7636 §4.1) and the challenge, BASE64URL(SHA256). */

static char *
base64url (const guint8 *data,
           gsize         length)
{
  char *text = g_base64_encode (data, length);
  char *end = strchr (text, '=');

  if (end != NULL)
    *end = '\0';
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  return text;
}

static gboolean
random_bytes (guint8  *buffer,
              gsize    length,
              GError **error)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("This computer gave Vitrine no random numbers for the sign-in: %s"),
                       g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

static char *
pkce_verifier_new (GError **error)
{
  guint8 bytes[32];
  char *verifier;

  if (!random_bytes (bytes, sizeof bytes, error))
    return NULL;
  verifier = base64url (bytes, sizeof bytes);
  memset (bytes, 0, sizeof bytes);
  return verifier;
}

static char *
pkce_challenge (const char *verifier)
{
  g_autoptr(GChecksum) sha256 = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_checksum_update (sha256, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (sha256, digest, &length);
  return base64url (digest, length);
}

/* Compares without stopping at the first difference. */
static gboolean
same_secret (const char *a,
             const char *b)
{
  gsize la, lb;
  guint8 diff;

  if (a == NULL || b == NULL)
    return FALSE;
  la = strlen (a);
  lb = strlen (b);
  diff = la != lb;
  for (gsize i = 0; i < MIN (la, lb); i++)
    diff |= (guint8) (a[i] ^ b[i]);
  return diff == 0;
}

/* Addresses */

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* https, or http to this machine (tests): a code, a client secret or a
 * refresh token must not travel in the clear. */
static gboolean
check_url (VitrineAccount  *self,
           const char      *url,
           const char      *what,
           GError         **error)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      !(g_ascii_strcasecmp (scheme, "https") == 0 ||
        (g_ascii_strcasecmp (scheme, "http") == 0 && is_loopback (g_uri_get_host (uri)))))
    {
      /* TRANSLATORS: the first %s is "auth_url" or "token_url", the second an
       * address, the third a platform */
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL,
                   _("The %s “%s” of the %s account is not usable: it must start with "
                     "https://"), what, url ? url : "", self->name);
      return FALSE;
    }
  return TRUE;
}

/* State */

static void
set_state (VitrineAccount      *self,
           VitrineAccountState  state,
           const char          *status)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      g_debug ("%s: state %d → %d", self->id, self->state, state);
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
    }
  if (g_strcmp0 (self->status, status) != 0)
    {
      g_free (self->status);
      self->status = g_strdup (status);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATUS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_needs_sign_in (VitrineAccount *self,
                   const char     *reason)
{
  /* TRANSLATORS: %s is a platform, then why, e.g. "Sign in to YouTube again:
   * YouTube no longer accepts Vitrine's sign-in" */
  g_autofree char *status = g_strdup_printf (_("Sign in to %s again: %s"), self->name, reason);

  drop_access_token (self);
  set_state (self, VITRINE_ACCOUNT_NEEDS_SIGN_IN, status);
}

static char *
keyring_label (VitrineAccount *self)
{
  /* TRANSLATORS: shown in the keyring; %s is a platform, then the account's id */
  return g_strdup_printf (_("Vitrine: %s sign-in (%s)"), self->name, self->id);
}

static char *
signed_in_status (VitrineAccount *self,
                  gboolean        lasting)
{
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *clock = NULL;

  if (lasting || self->expires_at == 0)
    return g_strdup (_("Signed in"));

  until = g_date_time_new_from_unix_local (self->expires_at / G_USEC_PER_SEC);
  clock = g_date_time_format (until, "%H:%M");
  /* TRANSLATORS: %s is a time such as 14:05, then a platform */
  return g_strdup_printf (_("Signed in until %s (%s gives Vitrine no lasting sign-in)"), clock,
                          self->name);
}

/* The token endpoint (RFC 6749 §4.1.3, §6) */

typedef struct
{
  char   *access_token;
  char   *refresh_token;
  gint64  expires_in;       /* seconds; 0 when not said */
} Tokens;

static void
tokens_free (Tokens *tokens)
{
  vitrine_account_token_free (tokens->access_token);
  vitrine_account_token_free (tokens->refresh_token);
  g_free (tokens);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tokens, tokens_free)

static void
form_add (GString    *form,
          const char *name,
          const char *value)
{
  if (value == NULL)
    return;
  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append (form, name);
  g_string_append_c (form, '=');
  g_string_append_uri_escaped (form, value, NULL, FALSE);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
member_seconds (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  guint64 seconds;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return CLAMP (json_node_get_int (node), 0, G_MAXINT32);
    case G_TYPE_DOUBLE:
      return (gint64) CLAMP (json_node_get_double (node), 0, G_MAXINT32);
    case G_TYPE_STRING:
      /* Some servers quote it. */
      if (g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXINT32, &seconds,
                                      NULL))
        return (gint64) seconds;
      return 0;
    default:
      return 0;
    }
}

/* The error an OAuth server answered, in the shapes the platforms use:
 * RFC 6749 {"error":"invalid_grant","error_description":…}, Twitch
 * {"status":400,"message":"Invalid refresh token"}, Facebook
 * {"error":{"message":…,"type":"OAuthException","code":100}}. */
static GError *
token_error (VitrineAccount *self,
             guint           status,
             JsonObject     *answer)
{
  JsonNode *error_node = answer ? json_object_get_member (answer, "error") : NULL;
  JsonObject *nested = NULL;
  const char *code = NULL;
  const char *said = NULL;
  g_autofree char *shown = NULL;

  if (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node))
    nested = json_node_get_object (error_node);
  else
    code = member_string (answer, "error");

  said = member_string (answer, "error_description");
  if (said == NULL)
    said = member_string (nested ? nested : answer, "message");
  if (said != NULL)
    shown = vitrine_feed_sanitize_text (said, ERROR_TEXT_MAX);

  g_debug ("%s: the token endpoint answered HTTP %u, %s", self->id, status,
           code ? code : "no error code");

  /* A dead refresh token or a used code: the host has to sign in again.
   * Twitch says it in words only. */
  if (g_strcmp0 (code, "invalid_grant") == 0 ||
      (code == NULL && status == SOUP_STATUS_BAD_REQUEST && said != NULL &&
       (strstr (said, "Invalid refresh token") != NULL ||
        strstr (said, "Invalid authorization code") != NULL)))
    return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                        _("%s no longer accepts Vitrine’s sign-in"), self->name);

  if (g_strcmp0 (code, "invalid_client") == 0 || g_strcmp0 (code, "unauthorized_client") == 0 ||
      (code == NULL && status == SOUP_STATUS_UNAUTHORIZED))
    return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                        _("%s refused Vitrine’s client id (%s): check “client_id” and "
                          "“client_secret” of the account in the show file"),
                        self->name, shown ? shown : code ? code : _("no reason given"));

  if (status >= 500)
    return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_SERVER_ERROR,
                        _("%s’s sign-in server has a problem (HTTP %u); try again later"),
                        self->name, status);

  if (shown != NULL || code != NULL)
    return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                        _("%s refused the sign-in: %s"), self->name, shown ? shown : code);
  return g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                      _("%s refused the sign-in (HTTP %u)"), self->name, status);
}

static void
token_request_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineAccount *self = g_task_get_source_object (task);
  SoupMessage *message = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Tokens) tokens = NULL;
  JsonObject *answer = NULL;
  const char *access_token;
  const char *data;
  gsize length;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_UNREACHABLE,
                                 _("%s’s sign-in server cannot be reached (%s)"), self->name,
                                 error->message);
      return;
    }

  status = soup_message_get_status (message);
  data = g_bytes_get_data (body, &length);
  if (length > 0 && json_parser_load_from_data (parser, data, (gssize) length, NULL) &&
      json_parser_get_root (parser) != NULL &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    answer = json_node_get_object (json_parser_get_root (parser));

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, token_error (self, status, answer));
      return;
    }

  access_token = member_string (answer, "access_token");
  if (access_token == NULL || *access_token == '\0')
    {
      g_debug ("%s: HTTP %u from the token endpoint without an access token", self->id, status);
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                               _("%s’s answer to the sign-in could not be read"), self->name);
      return;
    }

  tokens = g_new0 (Tokens, 1);
  tokens->access_token = g_strdup (access_token);
  tokens->refresh_token = g_strdup (member_string (answer, "refresh_token"));
  if (tokens->refresh_token != NULL && *tokens->refresh_token == '\0')
    g_clear_pointer (&tokens->refresh_token, vitrine_account_token_free);
  tokens->expires_in = member_seconds (answer, "expires_in");
  g_task_return_pointer (task, g_steal_pointer (&tokens), (GDestroyNotify) tokens_free);
}

/* POSTs @form (wiped once sent) to the token endpoint. */
static void
token_request_async (VitrineAccount      *self,
                     GString             *form,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessage *message;
  gsize length = form->len;

  g_task_set_source_tag (task, token_request_async);
  body = g_bytes_new_with_free_func (form->str, length, wipe_bytes_free, form->str);
  g_string_free (form, FALSE);

  if (!check_url (self, self->token_url, "token_url", &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  message = soup_message_new (SOUP_METHOD_POST, self->token_url);
  if (message == NULL)
    {
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL,
                               _("The token_url “%s” of the %s account is not usable"),
                               self->token_url, self->name);
      return;
    }
  g_task_set_task_data (task, message, g_object_unref);

  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", body);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                "application/json");
  /* A redirect would carry the code or the refresh token elsewhere. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, cancellable,
                                    token_request_cb, g_steal_pointer (&task));
}

static Tokens *
token_request_finish (GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GString *
token_form (VitrineAccount *self,
            const char     *grant_type)
{
  GString *form = g_string_new (NULL);

  form_add (form, "grant_type", grant_type);
  form_add (form, "client_id", self->client_id);
  form_add (form, "client_secret", self->client_secret);
  return form;
}

/* Waiting for a token */

static void
finish_waiters (VitrineAccount *self,
                const char     *token,
                const GError   *error)
{
  GTask *task;

  while ((task = g_queue_pop_head (&self->waiters)) != NULL)
    {
      if (token != NULL)
        g_task_return_pointer (task, g_strdup (token), (GDestroyNotify) vitrine_account_token_free);
      else
        g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
    }
}

static void
cancel_refresh (VitrineAccount *self)
{
  if (self->refresh == NULL)
    return;
  g_cancellable_cancel (self->refresh);
  g_clear_object (&self->refresh);
}

static void
forget_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VitrineAccount) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vitrine_secrets_clear_account_token_finish (result, &error))
    g_debug ("%s: the dead refresh token stays in the keyring: %s", self->id, error->message);
}

static void
keep_rotated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VitrineAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  if (vitrine_secrets_store_account_token_finish (result, &error))
    return;

  /* The old refresh token is spent: after a restart the host signs in. */
  g_debug ("%s: the renewed refresh token could not be stored: %s", self->id, error->message);
  if (self->state == VITRINE_ACCOUNT_SIGNED_IN)
    {
      status = g_strdup_printf (_("Signed in for this session only: the keyring cannot keep "
                                  "the sign-in (%s)"), error->message);
      set_state (self, VITRINE_ACCOUNT_SIGNED_IN, status);
    }
}

typedef struct
{
  VitrineAccount *self;
  GCancellable   *cancellable;
  char           *refresh_token;
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_object_unref (refresh->self);
  g_object_unref (refresh->cancellable);
  vitrine_account_token_free (refresh->refresh_token);
  g_free (refresh);
}

static gboolean
refresh_is_current (Refresh *refresh)
{
  return refresh->self->refresh == refresh->cancellable &&
         !g_cancellable_is_cancelled (refresh->cancellable);
}

static void
refresh_done (Refresh      *refresh,
              const char   *token,
              const GError *error)
{
  VitrineAccount *self = refresh->self;

  g_clear_object (&self->refresh);
  finish_waiters (self, token, error);
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Refresh *refresh = user_data;
  VitrineAccount *self = refresh->self;
  g_autoptr(Tokens) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  gboolean after_rejection;

  tokens = token_request_finish (result, &error);
  if (!refresh_is_current (refresh))
    {
      /* Signed out or signed in again meanwhile: that decided. */
      refresh_free (refresh);
      return;
    }

  if (tokens == NULL)
    {
      g_autoptr(GError) reported = NULL;

      if (g_error_matches (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED))
        {
          g_autofree char *reason =
            g_strdup_printf (_("%s no longer accepts Vitrine’s sign-in (it was withdrawn, or "
                               "not used for a long time)"), self->name);

          /* Dead for good: keeping it would only be tried again after a
           * restart. */
          vitrine_secrets_clear_account_token_async (self->id, NULL, forget_cb,
                                                     g_object_ref (self));
          set_needs_sign_in (self, reason);
          reported = g_error_new_literal (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                                          self->status);
        }
      else if (g_error_matches (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED) ||
               g_error_matches (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL))
        {
          set_state (self, VITRINE_ACCOUNT_ERROR, error->message);
          reported = g_steal_pointer (&error);
        }
      else
        reported = g_steal_pointer (&error);

      refresh_done (refresh, NULL, reported);
      refresh_free (refresh);
      return;
    }

  after_rejection = self->rejection_pending;
  set_access_token (self, tokens->access_token, tokens->expires_in);
  self->renewed_after_rejection = after_rejection ? g_get_monotonic_time () : 0;
  g_debug ("%s: access token renewed (%s), valid for %" G_GINT64_FORMAT " s", self->id,
           after_rejection ? "it was refused" : "it had expired", tokens->expires_in);

  /* Twitch hands out a new refresh token with every refresh. */
  if (tokens->refresh_token != NULL &&
      !same_secret (tokens->refresh_token, refresh->refresh_token))
    {
      g_autofree char *label = keyring_label (self);

      vitrine_secrets_store_account_token_async (self->id, label, tokens->refresh_token, NULL,
                                                 keep_rotated_cb, g_object_ref (self));
    }

  if (self->state != VITRINE_ACCOUNT_SIGNED_IN)
    {
      status = signed_in_status (self, TRUE);
      set_state (self, VITRINE_ACCOUNT_SIGNED_IN, status);
    }
  refresh_done (refresh, self->access_token, NULL);
  refresh_free (refresh);
}

static void
refresh_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Refresh *refresh = user_data;
  VitrineAccount *self = refresh->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reported = NULL;
  GString *form;

  refresh->refresh_token = vitrine_secrets_lookup_account_token_finish (result, &error);
  if (!refresh_is_current (refresh))
    {
      refresh_free (refresh);
      return;
    }

  if (error != NULL)
    {
      reported = g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING,
                              _("The keyring cannot be read, so the %s sign-in cannot be "
                                "renewed: %s"), self->name, error->message);
      refresh_done (refresh, NULL, reported);
      refresh_free (refresh);
      return;
    }

  if (refresh->refresh_token == NULL || *refresh->refresh_token == '\0')
    {
      if (self->had_token)
        {
          /* Facebook issues no refresh token: its sign-in lasts a session. */
          set_needs_sign_in (self, _("the sign-in has expired"));
          reported = g_error_new_literal (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                                          self->status);
        }
      else
        {
          if (self->state == VITRINE_ACCOUNT_SIGNED_IN)
            set_state (self, VITRINE_ACCOUNT_SIGNED_OUT, _("Not signed in"));
          reported = g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING,
                                  _("Vitrine is not signed in to %s: sign in first"),
                                  self->name);
        }
      refresh_done (refresh, NULL, reported);
      refresh_free (refresh);
      return;
    }

  g_debug ("%s: renewing the access token", self->id);
  form = token_form (self, "refresh_token");
  form_add (form, "refresh_token", refresh->refresh_token);
  token_request_async (self, form, refresh->cancellable, refresh_cb, refresh);
}

static void
start_refresh (VitrineAccount *self)
{
  Refresh *refresh = g_new0 (Refresh, 1);

  self->refresh = g_cancellable_new ();
  refresh->self = g_object_ref (self);
  refresh->cancellable = g_object_ref (self->refresh);
  vitrine_secrets_lookup_account_token_async (self->id, refresh->cancellable, refresh_lookup_cb,
                                              refresh);
}

/* Sign-in */

typedef struct
{
  SoupServer          *server;
  char                *redirect_uri;
  char                *verifier;
  char                *state;
  GCancellable        *cancellable;     /* ours: the exchange, the keyring */
  GSource             *timeout;
  GSource             *cancelled;       /* the caller's cancellable */
  VitrineAccountState  previous_state;
  char                *previous_status;
  gboolean             answered;        /* the browser came back */
  gboolean             page_pending;    /* its page is being sent */
  gboolean             lasting;         /* a refresh token is in the keyring */
  char                *store_warning;
} SignIn;

static void
release_server (SoupServer *server)
{
  soup_server_remove_handler (server, "/callback");
  soup_server_disconnect (server);
  g_object_unref (server);
}

static gboolean
release_server_idle (gpointer data)
{
  release_server (data);
  return G_SOURCE_REMOVE;
}

/* soup_server_disconnect() closes the connections too: the page for the
 * browser has to be out first. Not from inside the message's own signal. */
static void
page_sent_cb (SoupServerMessage *message,
              gpointer           server)
{
  g_idle_add (release_server_idle, server);
}

static void
source_drop (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
sign_in_free (SignIn *sign_in)
{
  source_drop (&sign_in->timeout);
  source_drop (&sign_in->cancelled);
  g_clear_pointer (&sign_in->server, release_server);
  g_free (sign_in->redirect_uri);
  vitrine_account_token_free (sign_in->verifier);
  g_free (sign_in->state);
  g_clear_object (&sign_in->cancellable);
  g_free (sign_in->previous_status);
  g_free (sign_in->store_warning);
  g_free (sign_in);
}

/* Ends the sign-in in progress, once: @error (taken) NULL for success. */
static void
sign_in_complete (VitrineAccount *self,
                  GTask          *task,
                  GError         *error)
{
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GError) owned = error;

  if (self->sign_in != task)
    return;
  self->sign_in = NULL;

  /* Stop listening; a page still being sent to the browser goes out
   * first (page_sent_cb() closes the server then). */
  if (sign_in->page_pending && sign_in->server != NULL)
    {
      soup_server_remove_handler (sign_in->server, "/callback");
      g_clear_object (&sign_in->server);
    }
  g_clear_pointer (&sign_in->server, release_server);
  source_drop (&sign_in->timeout);
  source_drop (&sign_in->cancelled);
  g_cancellable_cancel (sign_in->cancellable);
  vitrine_account_token_free (g_steal_pointer (&sign_in->verifier));

  if (owned == NULL)
    {
      g_autofree char *status = NULL;

      if (sign_in->store_warning != NULL)
        status = g_strdup_printf (_("Signed in for this session only: the keyring cannot keep "
                                    "the sign-in (%s)"), sign_in->store_warning);
      else
        status = signed_in_status (self, sign_in->lasting);
      set_state (self, VITRINE_ACCOUNT_SIGNED_IN, status);
      /* Whoever waited for a token gets the new one. */
      cancel_refresh (self);
      finish_waiters (self, self->access_token, NULL);
      g_task_return_boolean (task, TRUE);
    }
  else
    {
      g_debug ("%s: sign-in ended: %s", self->id, owned->message);
      if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, sign_in->previous_state, sign_in->previous_status);
      else if (g_error_matches (owned, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL) ||
               g_error_matches (owned, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED))
        set_state (self, VITRINE_ACCOUNT_ERROR, owned->message);
      else
        /* What was before stays (a valid older sign-in too); the status
         * says what went wrong. */
        set_state (self, sign_in->previous_state, owned->message);
      g_task_return_error (task, g_steal_pointer (&owned));
    }
  g_object_unref (task);
}

static void
sign_in_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineAccount *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!vitrine_secrets_store_account_token_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Signed in all the same, until the access token expires. */
      g_debug ("%s: the refresh token could not be stored: %s", self->id, error->message);
      sign_in->store_warning = g_strdup (error->message);
    }
  else
    sign_in->lasting = TRUE;
  sign_in_complete (self, task, NULL);
}

static void
sign_in_cleared_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!vitrine_secrets_clear_account_token_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("%s: an older refresh token stays in the keyring: %s", self->id, error->message);
    }
  sign_in_complete (self, task, NULL);
}

static void
exchange_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineAccount *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(Tokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = token_request_finish (result, &error);
  if (self->sign_in != task)
    return;

  if (tokens == NULL)
    {
      if (g_error_matches (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED))
        {
          g_clear_error (&error);
          error = g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                               _("%s did not accept the answer of the sign-in page; sign in "
                                 "again"), self->name);
        }
      sign_in_complete (self, task, g_steal_pointer (&error));
      return;
    }

  g_debug ("%s: signed in; the access token is valid for %" G_GINT64_FORMAT " s, %s refresh "
           "token", self->id, tokens->expires_in, tokens->refresh_token ? "with a" : "no");
  set_access_token (self, tokens->access_token, tokens->expires_in);
  self->renewed_after_rejection = 0;

  if (tokens->refresh_token != NULL)
    {
      g_autofree char *label = keyring_label (self);

      vitrine_secrets_store_account_token_async (self->id, label, tokens->refresh_token,
                                                 sign_in->cancellable, sign_in_stored_cb,
                                                 g_steal_pointer (&task));
    }
  else
    /* A refresh token from an earlier sign-in may belong to another
     * account of the platform: not to be mixed with this one. */
    vitrine_secrets_clear_account_token_async (self->id, sign_in->cancellable,
                                               sign_in_cleared_cb, g_steal_pointer (&task));
}

static void
respond_page (SoupServerMessage *message,
              guint              status,
              const char        *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *title = g_markup_escape_text (_("Vitrine"), -1);
  g_autofree char *page = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  page = g_strdup_printf ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                          "<title>%s</title></head>\n<body><p>%s</p></body></html>\n",
                          title, escaped);
  /* Nothing of this address (it held the code) may be kept or passed on. */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    page, strlen (page));
  soup_server_message_set_status (message, status, NULL);
}

static void
callback_handler (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  GTask *task = user_data;
  VitrineAccount *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  const char *code = query ? g_hash_table_lookup (query, "code") : NULL;
  const char *state = query ? g_hash_table_lookup (query, "state") : NULL;
  const char *error_code = query ? g_hash_table_lookup (query, "error") : NULL;
  const char *description = query ? g_hash_table_lookup (query, "error_description") : NULL;
  g_autofree char *status = NULL;
  GString *form;

  if (g_strcmp0 (soup_server_message_get_method (message), SOUP_METHOD_GET) != 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  if (sign_in->answered)
    {
      respond_page (message, SOUP_STATUS_BAD_REQUEST,
                    _("This sign-in is already over. You can go back to Vitrine."));
      return;
    }

  /* A visit without an answer (a prefetch, a reload of the bare address)
   * is not an answer: keep waiting. */
  if (code == NULL && error_code == NULL)
    {
      respond_page (message, SOUP_STATUS_BAD_REQUEST,
                    _("Vitrine is waiting for the sign-in. Finish it on the platform’s page."));
      return;
    }

  sign_in->answered = TRUE;
  /* The page is sent after this handler returns, maybe after the sign-in
   * has ended: the server stays until then. */
  sign_in->page_pending = TRUE;
  g_signal_connect (message, "finished", G_CALLBACK (page_sent_cb), g_object_ref (server));

  if (!same_secret (state, sign_in->state))
    {
      g_debug ("%s: an answer with another state was refused", self->id);
      respond_page (message, SOUP_STATUS_BAD_REQUEST,
                    _("This answer does not belong to the sign-in Vitrine started, so Vitrine "
                      "did not use it. Go back to Vitrine and sign in again."));
      sign_in_complete (self, task,
                        g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                                     _("The answer from the %s sign-in page did not belong to "
                                       "this sign-in, so it was refused: sign in again"),
                                     self->name));
      return;
    }

  if (error_code != NULL)
    {
      g_autofree char *said = description ? vitrine_feed_sanitize_text (description,
                                                                        ERROR_TEXT_MAX)
                                          : vitrine_feed_sanitize_text (error_code,
                                                                        ERROR_TEXT_MAX);

      g_debug ("%s: the authorization page answered error=%s", self->id, error_code);
      if (g_str_equal (error_code, "access_denied"))
        {
          respond_page (message, SOUP_STATUS_OK,
                        _("Vitrine was not allowed to use your account. You can go back to "
                          "Vitrine."));
          sign_in_complete (self, task,
                            g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                                         _("You did not allow Vitrine to use your %s account; "
                                           "nothing was changed"), self->name));
        }
      else
        {
          respond_page (message, SOUP_STATUS_OK,
                        _("The sign-in did not work. You can go back to Vitrine."));
          sign_in_complete (self, task,
                            g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                                         _("%s refused the sign-in: %s"), self->name, said));
        }
      return;
    }

  respond_page (message, SOUP_STATUS_OK, _("You can go back to Vitrine."));

  /* The host did their part; the exchange has its own timeout. */
  source_drop (&sign_in->timeout);
  /* TRANSLATORS: %s is a platform */
  status = g_strdup_printf (_("Checking the sign-in with %s…"), self->name);
  set_state (self, VITRINE_ACCOUNT_SIGNING_IN, status);

  form = token_form (self, "authorization_code");
  form_add (form, "code", code);
  form_add (form, "redirect_uri", sign_in->redirect_uri);
  form_add (form, "code_verifier", sign_in->verifier);
  token_request_async (self, form, sign_in->cancellable, exchange_cb, g_object_ref (task));
}

static gboolean
sign_in_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  VitrineAccount *self = g_task_get_source_object (task);
  guint seconds = self->sign_in_timeout;
  g_autofree char *wait = NULL;

  if (seconds >= 60)
    wait = g_strdup_printf (ngettext ("%u minute", "%u minutes", seconds / 60), seconds / 60);
  else
    wait = g_strdup_printf (ngettext ("%u second", "%u seconds", seconds), seconds);

  /* TRANSLATORS: the first %s is a platform, the second a duration */
  sign_in_complete (self, task,
                    g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                 _("The sign-in to %s was not finished within %s and was "
                                   "stopped: sign in again"), self->name, wait));
  return G_SOURCE_REMOVE;
}

static gboolean
sign_in_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  GTask *task = user_data;

  sign_in_complete (g_task_get_source_object (task), task,
                    g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                         _("The sign-in was stopped")));
  return G_SOURCE_REMOVE;
}

static void
launched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (g_app_info_launch_default_for_uri_finish (result, &error))
    return;
  sign_in_complete (self, task,
                    g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                                 _("Vitrine could not open a web browser for the %s sign-in: "
                                   "%s"), self->name, error->message));
}

static gboolean
default_launcher (VitrineAccount  *account,
                  const char      *uri,
                  gpointer         user_data,
                  GError         **error)
{
  /* Inside Flatpak this goes through the OpenURI portal. */
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launched_cb,
                                           g_object_ref (account->sign_in));
  return TRUE;
}

static gboolean
listen_on_loopback (VitrineAccount  *self,
                    SignIn          *sign_in,
                    GTask           *task,
                    GError         **error)
{
  GSList *uris;
  int port;

  sign_in->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (sign_in->server, "/callback", callback_handler, task, NULL);
  /* 127.0.0.1 and not "localhost", which may resolve elsewhere or to
   * IPv6 only (RFC 8252 §7.3, §8.3). */
  if (!soup_server_listen_local (sign_in->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;

  uris = soup_server_get_uris (sign_in->server);
  port = uris ? g_uri_get_port (uris->data) : -1;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (port <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Vitrine could not listen for the browser on this computer"));
      return FALSE;
    }
  sign_in->redirect_uri = g_strdup_printf ("http://127.0.0.1:%d/callback", port);
  return TRUE;
}

/**
 * vitrine_account_sign_in_async:
 * @self: a #VitrineAccount
 * @cancellable: (nullable): stops the sign-in (the host closed the dialog)
 *
 * Signs in: opens the platform's sign-in page in the web browser, waits
 * for the browser to come back to Vitrine (at most
 * VitrineAccount:sign-in-timeout seconds), exchanges the answer for tokens
 * and keeps the refresh token in the keyring. A sign-in already in progress
 * is stopped first.
 */
void
vitrine_account_sign_in_async (VitrineAccount      *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *status = NULL;
  VitrineAccountLauncher launcher;
  SignIn *sign_in;
  GTask *task;

  g_return_if_fail (VITRINE_IS_ACCOUNT (self));

  if (self->sign_in != NULL)
    sign_in_complete (self, self->sign_in,
                      g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           _("Another sign-in was started")));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_account_sign_in_async);
  sign_in = g_new0 (SignIn, 1);
  sign_in->cancellable = g_cancellable_new ();
  sign_in->previous_state = self->state;
  sign_in->previous_status = g_strdup (self->status);
  g_task_set_task_data (task, sign_in, (GDestroyNotify) sign_in_free);

  if (self->client_id == NULL || *self->client_id == '\0')
    {
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING,
                               _("The %s account has no “client_id” in the show file"),
                               self->name);
      g_object_unref (task);
      return;
    }
  if (!check_url (self, self->auth_url, "auth_url", &error) ||
      !check_url (self, self->token_url, "token_url", &error) ||
      (sign_in->verifier = pkce_verifier_new (&error)) == NULL ||
      !listen_on_loopback (self, sign_in, task, &error))
    {
      if (error->domain == VITRINE_FEED_ERROR)
        set_state (self, VITRINE_ACCOUNT_ERROR, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  self->sign_in = task;   /* the reference until sign_in_complete() */

  challenge = pkce_challenge (sign_in->verifier);
  scope = self->scopes ? g_strjoinv (" ", self->scopes) : NULL;
  rest_oauth2_proxy_set_auth_url (self->proxy, self->auth_url);
  rest_oauth2_proxy_set_token_url (self->proxy, self->token_url);
  rest_oauth2_proxy_set_client_id (self->proxy, self->client_id);
  rest_oauth2_proxy_set_redirect_uri (self->proxy, sign_in->redirect_uri);
  uri = rest_oauth2_proxy_build_authorization_url (self->proxy, challenge,
                                                   scope && *scope ? scope : NULL,
                                                   &sign_in->state);

  /* Not g_timeout_source_new_seconds(): its whole-second grouping may end
   * the wait almost a second early. */
  sign_in->timeout = g_timeout_source_new (MAX (self->sign_in_timeout, 1) * 1000);
  g_source_set_callback (sign_in->timeout, sign_in_timeout_cb, task, NULL);
  g_source_attach (sign_in->timeout, g_main_context_get_thread_default ());
  if (cancellable != NULL)
    {
      sign_in->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (sign_in->cancelled, G_SOURCE_FUNC (sign_in_cancelled_cb), task,
                             NULL);
      g_source_attach (sign_in->cancelled, g_main_context_get_thread_default ());
    }

  /* TRANSLATORS: %s is a platform */
  status = g_strdup_printf (_("Waiting for you to sign in to %s in your web browser…"),
                            self->name);
  set_state (self, VITRINE_ACCOUNT_SIGNING_IN, status);
  g_debug ("%s: sign-in started; listening on the loopback address", self->id);

  launcher = self->launcher ? self->launcher : default_launcher;
  if (!launcher (self, uri, self->launcher_data, &error))
    sign_in_complete (self, task,
                      g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                                   _("Vitrine could not open a web browser for the %s sign-in: "
                                     "%s"), self->name,
                                   error ? error->message : _("no reason given")));
}

/**
 * vitrine_account_sign_in_finish:
 *
 * Returns: %TRUE when signed in; otherwise @error says why, in the host's
 *   words (%G_IO_ERROR_CANCELLED when stopped, %G_IO_ERROR_TIMED_OUT when
 *   the browser never came back, %VITRINE_FEED_ERROR_KEY_REJECTED when the
 *   host said no)
 */
gboolean
vitrine_account_sign_in_finish (VitrineAccount  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        vitrine_account_sign_in_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Tokens */

/**
 * vitrine_account_get_token_async:
 * @self: a #VitrineAccount
 * @cancellable: (nullable): a #GCancellable
 *
 * Gets a valid access token: the one in memory, or a new one made with the
 * refresh token from the keyring when it has expired, was refused (see
 * vitrine_account_token_rejected()) or there is none yet (after a start).
 * Several calls during one refresh share it. In NEEDS_SIGN_IN, fails at
 * once without asking the platform.
 */
void
vitrine_account_get_token_async (VitrineAccount      *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VITRINE_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_account_get_token_async);

  if (token_is_valid (self))
    {
      g_task_return_pointer (task, g_strdup (self->access_token),
                             (GDestroyNotify) vitrine_account_token_free);
      g_object_unref (task);
      return;
    }

  if (self->state == VITRINE_ACCOUNT_NEEDS_SIGN_IN)
    {
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                               "%s", self->status);
      g_object_unref (task);
      return;
    }

  if (self->sign_in != NULL)
    {
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING,
                               _("Finish signing in to %s in your web browser first"),
                               self->name);
      g_object_unref (task);
      return;
    }

  g_queue_push_tail (&self->waiters, task);
  if (self->refresh == NULL)
    start_refresh (self);
}

/**
 * vitrine_account_get_token_finish:
 *
 * Returns: (transfer full) (nullable): the access token (free it with
 *   vitrine_account_token_free(), never log it), or %NULL with @error:
 *   %VITRINE_FEED_ERROR_KEY_MISSING (not signed in),
 *   %VITRINE_FEED_ERROR_KEY_REJECTED (the host has to sign in again),
 *   %VITRINE_FEED_ERROR_UNREACHABLE (try again later) and others
 */
char *
vitrine_account_get_token_finish (VitrineAccount  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        vitrine_account_get_token_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vitrine_account_token_rejected:
 * @self: a #VitrineAccount
 * @token: (nullable): the access token the platform refused (HTTP 401), as
 *   vitrine_account_get_token_finish() gave it; %NULL for the current one
 *
 * Says that the platform refused @token: the next
 * vitrine_account_get_token_async() renews it, once. If the token refused
 * is the one such a renewal gave, within two minutes of it, the account
 * needs a new sign-in instead (NEEDS_SIGN_IN): renewing again would only
 * loop. A token already replaced is ignored.
 */
void
vitrine_account_token_rejected (VitrineAccount *self,
                                const char     *token)
{
  g_return_if_fail (VITRINE_IS_ACCOUNT (self));

  if (self->access_token == NULL || (token != NULL && !same_secret (token, self->access_token)))
    return;

  if (self->renewed_after_rejection != 0 &&
      g_get_monotonic_time () - self->renewed_after_rejection < RENEWAL_GRACE_S * G_USEC_PER_SEC)
    {
      g_autofree char *reason =
        g_strdup_printf (_("%s refused the renewed sign-in as well"), self->name);

      g_debug ("%s: the renewed access token was refused too", self->id);
      set_needs_sign_in (self, reason);
      return;
    }

  g_debug ("%s: the access token was refused; the next use renews it", self->id);
  drop_access_token (self);
  /* refresh_cb() reads it: a token that comes from this renewal and is
   * refused as well ends in NEEDS_SIGN_IN. */
  self->rejection_pending = TRUE;
}

/* Load and sign-out */

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *token;

  token = vitrine_secrets_lookup_account_token_finish (result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          self->state == VITRINE_ACCOUNT_SIGNED_OUT)
        {
          g_autofree char *status =
            g_strdup_printf (_("The keyring cannot be read: %s"), error->message);

          set_state (self, VITRINE_ACCOUNT_ERROR, status);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Only a state nobody has changed meanwhile. */
  if (token != NULL && *token != '\0' &&
      (self->state == VITRINE_ACCOUNT_SIGNED_OUT || self->state == VITRINE_ACCOUNT_ERROR))
    set_state (self, VITRINE_ACCOUNT_SIGNED_IN, _("Signed in"));
  vitrine_account_token_free (token);
  g_task_return_boolean (task, TRUE);
}

/**
 * vitrine_account_load_async:
 * @self: a #VitrineAccount
 * @cancellable: (nullable): a #GCancellable
 *
 * Looks in the keyring whether a sign-in is stored, so the state says
 * SIGNED_IN before any token is asked for. Nothing is sent to the platform.
 */
void
vitrine_account_load_async (VitrineAccount      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VITRINE_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_account_load_async);
  vitrine_secrets_lookup_account_token_async (self->id, cancellable, load_cb, task);
}

gboolean
vitrine_account_load_finish (VitrineAccount  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!vitrine_secrets_clear_account_token_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *status =
            g_strdup_printf (_("The sign-in could not be removed from the keyring: %s"),
                             error->message);

          set_state (self, VITRINE_ACCOUNT_ERROR, status);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_state (self, VITRINE_ACCOUNT_SIGNED_OUT, _("Not signed in"));
  g_task_return_boolean (task, TRUE);
}

/**
 * vitrine_account_sign_out_async:
 * @self: a #VitrineAccount
 * @cancellable: (nullable): a #GCancellable
 *
 * Signs out: stops a sign-in in progress, forgets the access token and
 * removes the refresh token from the keyring. Connectors waiting for a
 * token are told that Vitrine was signed out.
 */
void
vitrine_account_sign_out_async (VitrineAccount      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GError) signed_out = NULL;
  GTask *task;

  g_return_if_fail (VITRINE_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_account_sign_out_async);

  if (self->sign_in != NULL)
    sign_in_complete (self, self->sign_in,
                      g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           _("Signed out")));

  cancel_refresh (self);
  signed_out = g_error_new (VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING,
                            _("Vitrine was signed out of %s"), self->name);
  finish_waiters (self, NULL, signed_out);
  drop_access_token (self);
  self->had_token = FALSE;
  self->rejection_pending = FALSE;
  self->renewed_after_rejection = 0;

  vitrine_secrets_clear_account_token_async (self->id, cancellable, sign_out_cb, task);
}

gboolean
vitrine_account_sign_out_finish (VitrineAccount  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        vitrine_account_sign_out_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static void
vitrine_account_constructed (GObject *object)
{
  VitrineAccount *self = VITRINE_ACCOUNT (object);

  G_OBJECT_CLASS (vitrine_account_parent_class)->constructed (object);

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    if (g_strcmp0 (self->provider, providers[i].provider) == 0)
      self->defaults = &providers[i];

  self->name = g_strdup (self->defaults ? self->defaults->name
                                        : self->provider ? self->provider : self->id);
  if (self->defaults != NULL)
    {
      self->auth_url = g_strdup (self->defaults->auth_url);
      self->token_url = g_strdup (self->defaults->token_url);
      self->scopes = g_strsplit (self->defaults->scopes, " ", -1);
    }

  self->proxy = rest_oauth2_proxy_new (self->auth_url, self->token_url, NULL, self->client_id,
                                       NULL, self->defaults ? self->defaults->api_url : NULL);
  self->session = soup_session_new_with_options ("timeout", TOKEN_TIMEOUT_S,
                                                 "user-agent", "Vitrine/" PACKAGE_VERSION " ",
                                                 NULL);
  self->status = g_strdup (_("Not signed in"));
}

static void
vitrine_account_dispose (GObject *object)
{
  VitrineAccount *self = VITRINE_ACCOUNT (object);

  /* Every task holds the account, so none is left here. */
  cancel_refresh (self);
  g_clear_object (&self->session);
  g_clear_object (&self->proxy);

  G_OBJECT_CLASS (vitrine_account_parent_class)->dispose (object);
}

static void
vitrine_account_finalize (GObject *object)
{
  VitrineAccount *self = VITRINE_ACCOUNT (object);

  if (self->launcher_destroy != NULL)
    self->launcher_destroy (self->launcher_data);
  drop_access_token (self);
  g_free (self->id);
  g_free (self->provider);
  g_free (self->name);
  g_free (self->client_id);
  vitrine_account_token_free (self->client_secret);
  g_strfreev (self->scopes);
  g_free (self->auth_url);
  g_free (self->token_url);
  g_free (self->status);

  G_OBJECT_CLASS (vitrine_account_parent_class)->finalize (object);
}

static void
vitrine_account_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VitrineAccount *self = VITRINE_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_PROVIDER:
      g_value_set_string (value, self->provider);
      break;
    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_account_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VitrineAccount *self = VITRINE_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_PROVIDER:
      self->provider = g_value_dup_string (value);
      break;
    case PROP_CLIENT_ID:
      self->client_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_account_class_init (VitrineAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vitrine_account_constructed;
  object_class->dispose = vitrine_account_dispose;
  object_class->finalize = vitrine_account_finalize;
  object_class->get_property = vitrine_account_get_property;
  object_class->set_property = vitrine_account_set_property;

  /**
   * VitrineAccount:id:
   *
   * The account's id: its keyring item, e.g. `youtube:main`.
   */
  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineAccount:provider:
   *
   * `twitch`, `youtube` or `facebook` (their endpoints and scopes are the
   * defaults), or another name with both URLs set.
   */
  properties [PROP_PROVIDER] =
    g_param_spec_string ("provider", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineAccount:client-id:
   *
   * Vitrine's OAuth client id at the platform.
   */
  properties [PROP_CLIENT_ID] =
    g_param_spec_string ("client-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineAccount:state:
   *
   * Where the account stands, a #VitrineAccountState.
   */
  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, VITRINE_TYPE_ACCOUNT_STATE,
                       VITRINE_ACCOUNT_SIGNED_OUT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineAccount:status:
   *
   * What the host reads beside the state: "Signed in", "Sign in to YouTube
   * again: …", why the last sign-in did not work.
   */
  properties [PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_account_init (VitrineAccount *self)
{
  g_queue_init (&self->waiters);
  self->sign_in_timeout = VITRINE_ACCOUNT_DEFAULT_SIGN_IN_TIMEOUT;
}

/**
 * vitrine_account_new:
 * @id: the account's id, which names its keyring item
 * @provider: `twitch`, `youtube`, `facebook`, or another name (then set
 *   both URLs)
 * @client_id: Vitrine's OAuth client id at the platform
 *
 * Returns: (transfer full): an account, SIGNED_OUT until
 *   vitrine_account_load_async() finds a stored sign-in or the host signs in
 */
VitrineAccount *
vitrine_account_new (const char *id,
                     const char *provider,
                     const char *client_id)
{
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);
  g_return_val_if_fail (provider != NULL, NULL);

  return g_object_new (VITRINE_TYPE_ACCOUNT,
                       "id", id,
                       "provider", provider,
                       "client-id", client_id,
                       NULL);
}

const char *
vitrine_account_get_id (VitrineAccount *self)
{
  g_return_val_if_fail (VITRINE_IS_ACCOUNT (self), NULL);
  return self->id;
}

const char *
vitrine_account_get_provider (VitrineAccount *self)
{
  g_return_val_if_fail (VITRINE_IS_ACCOUNT (self), NULL);
  return self->provider;
}

/**
 * vitrine_account_get_platform_name:
 *
 * Returns: the platform as the host knows it: "YouTube", "Twitch"…
 */
const char *
vitrine_account_get_platform_name (VitrineAccount *self)
{
  g_return_val_if_fail (VITRINE_IS_ACCOUNT (self), NULL);
  return self->name;
}

const char *
vitrine_account_get_client_id (VitrineAccount *self)
{
  g_return_val_if_fail (VITRINE_IS_ACCOUNT (self), NULL);
  return self->client_id;
}

/**
 * vitrine_account_set_client_secret:
 * @client_secret: (nullable): the client secret, for platforms that want
 *   one from desktop apps too (Google's "installed app" clients, Twitch);
 *   it cannot be kept secret in a desktop app and is not treated as such
 */
void
vitrine_account_set_client_secret (VitrineAccount *self,
                                   const char     *client_secret)
{
  g_return_if_fail (VITRINE_IS_ACCOUNT (self));

  vitrine_account_token_free (self->client_secret);
  self->client_secret = client_secret && *client_secret ? g_strdup (client_secret) : NULL;
}

/**
 * vitrine_account_get_scopes:
 *
 * Returns: (transfer none) (nullable): the scopes asked for
 */
const char * const *
vitrine_account_get_scopes (VitrineAccount *self)
{
  g_return_val_if_fail (VITRINE_IS_ACCOUNT (self), NULL);
  return (const char * const *) self->scopes;
}

/**
 * vitrine_account_set_scopes:
 * @scopes: (nullable) (array zero-terminated=1): the scopes to ask for,
 *   replacing the platform's defaults
 */
void
vitrine_account_set_scopes (VitrineAccount     *self,
                            const char * const *scopes)
{
  g_return_if_fail (VITRINE_IS_ACCOUNT (self));

  g_strfreev (self->scopes);
  self->scopes = g_strdupv ((char **) scopes);
}

const char *
vitrine_account_get_auth_url (VitrineAccount *self)
{
  g_return_val_if_fail (VITRINE_IS_ACCOUNT (self), NULL);
  return self->auth_url;
}

/**
 * vitrine_account_set_auth_url:
 * @auth_url: the authorization page (https, or http on this computer), without a
 *   query: librest builds the query and drops one given here
 */
void
vitrine_account_set_auth_url (VitrineAccount *self,
                              const char     *auth_url)
{
  g_return_if_fail (VITRINE_IS_ACCOUNT (self));

  g_free (self->auth_url);
  self->auth_url = g_strdup (auth_url);
}

const char *
vitrine_account_get_token_url (VitrineAccount *self)
{
  g_return_val_if_fail (VITRINE_IS_ACCOUNT (self), NULL);
  return self->token_url;
}

/**
 * vitrine_account_set_token_url:
 * @token_url: the token endpoint (https, or http on this computer)
 */
void
vitrine_account_set_token_url (VitrineAccount *self,
                               const char     *token_url)
{
  g_return_if_fail (VITRINE_IS_ACCOUNT (self));

  g_free (self->token_url);
  self->token_url = g_strdup (token_url);
}

guint
vitrine_account_get_sign_in_timeout (VitrineAccount *self)
{
  g_return_val_if_fail (VITRINE_IS_ACCOUNT (self), 0);
  return self->sign_in_timeout;
}

/**
 * vitrine_account_set_sign_in_timeout:
 * @seconds: how long a sign-in waits for the browser to come back
 */
void
vitrine_account_set_sign_in_timeout (VitrineAccount *self,
                                     guint           seconds)
{
  g_return_if_fail (VITRINE_IS_ACCOUNT (self));
  self->sign_in_timeout = MAX (seconds, 1);
}

/**
 * vitrine_account_set_launcher:
 * @launcher: (nullable): opens the sign-in page; %NULL for the default
 *   browser
 * @user_data: for @launcher
 * @destroy: (nullable): frees @user_data
 *
 * Replaces how the sign-in page is opened (tests play the browser).
 */
void
vitrine_account_set_launcher (VitrineAccount         *self,
                              VitrineAccountLauncher  launcher,
                              gpointer                user_data,
                              GDestroyNotify          destroy)
{
  g_return_if_fail (VITRINE_IS_ACCOUNT (self));

  if (self->launcher_destroy != NULL)
    self->launcher_destroy (self->launcher_data);
  self->launcher = launcher;
  self->launcher_data = user_data;
  self->launcher_destroy = destroy;
}

VitrineAccountState
vitrine_account_get_state (VitrineAccount *self)
{
  g_return_val_if_fail (VITRINE_IS_ACCOUNT (self), VITRINE_ACCOUNT_ERROR);
  return self->state;
}

/**
 * vitrine_account_get_status:
 *
 * Returns: what the host reads beside the state
 */
const char *
vitrine_account_get_status (VitrineAccount *self)
{
  g_return_val_if_fail (VITRINE_IS_ACCOUNT (self), NULL);
  return self->status;
}
