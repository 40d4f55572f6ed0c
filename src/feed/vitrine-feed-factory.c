/* vitrine-feed-factory.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-feed"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "vitrine-account.h"
#include "vitrine-demo-source.h"
#include "vitrine-facebook-comments.h"
#include "vitrine-feed-error.h"
#include "vitrine-feed-factory.h"
#include "vitrine-restream-chat.h"
#include "vitrine-shopify-orders.h"
#include "vitrine-twitch-chat.h"
#include "vitrine-woocommerce-orders.h"
#include "vitrine-youtube-chat.h"

/* A show file's "feeds" entry → its connector. Each type's options are read
 * here, and a mistake names the feed and the field, like the show file's
 * own errors.
 *
 * A `twitch`, `youtube` or `facebook` feed may name the platform account it
 * signs in with (OAuth 2 with PKCE, vitrine-account.c):
 *
 *   {"id": "yt", "type": "youtube", "live_chat_id": "…",
 *    "account": {"client_id": "….apps.googleusercontent.com",
 *                "client_secret": "…",
 *                "scopes": ["https://www.googleapis.com/auth/youtube.force-ssl"],
 *                "auth_url": "…", "token_url": "…", "id": "youtube:main"}}
 *
 *   client_id      required: Vitrine's OAuth client at the platform
 *   client_secret  optional: Google's "installed app" clients and Twitch
 *                  have one; it is not secret in a desktop app
 *   scopes         optional: replaces the platform's default scopes
 *   auth_url,      optional: the authorization page and the token endpoint
 *   token_url      (https://, or http:// on this computer for tests);
 *                  the platform's by default
 *   id             optional: the keyring item of the refresh token, so two
 *                  feeds can share one sign-in; `<type>:<feed id>` by default
 *
 * The connector then takes its token from the account (renewed as needed)
 * instead of `secret`. A YouTube feed with an account reads with OAuth;
 * `"auth": "api-key"` beside an account is an error. */

static gboolean
option_string (const VitrineFeedConfig  *config,
               const char               *name,
               gboolean                  required,
               const char              **out,
               GError                  **error)
{
  JsonNode *node = json_object_get_member (config->options, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                     _("feeds “%s”: “%s” is required"), config->id, name);
      return !required;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                   _("feeds “%s”: “%s” must be text"), config->id, name);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static void
set_secret (VitrineFeedSource *source,
            const char        *secret)
{
  if (secret != NULL &&
      g_object_class_find_property (G_OBJECT_GET_CLASS (source), "secret-id") != NULL)
    g_object_set (source, "secret-id", secret, NULL);
}

static gboolean
account_string (const VitrineFeedConfig  *config,
                JsonObject               *account,
                const char               *name,
                gboolean                  required,
                const char              **out,
                GError                  **error)
{
  JsonNode *node = json_object_get_member (account, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                     _("feeds “%s”: “account” needs “%s”"), config->id, name);
      return !required;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                   _("feeds “%s”: “%s” in “account” must be text"), config->id, name);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

/* The feed's "account" object, or NULL without one (@error unset). */
static VitrineAccount *
account_for_config (const VitrineFeedConfig  *config,
                    GError                  **error)
{
  JsonNode *node = json_object_get_member (config->options, "account");
  const char *client_id, *client_secret, *auth_url, *token_url, *id;
  g_autoptr(VitrineAccount) account = NULL;
  g_autofree char *default_id = NULL;
  JsonObject *object;
  JsonNode *scopes;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                   _("feeds “%s”: “account” must be an object with at least “client_id”"),
                   config->id);
      return NULL;
    }
  if (!g_str_equal (config->type, "twitch") && !g_str_equal (config->type, "youtube") &&
      !g_str_equal (config->type, "facebook"))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                   _("feeds “%s”: “account” works with twitch, youtube and facebook feeds"),
                   config->id);
      return NULL;
    }

  object = json_node_get_object (node);
  if (!account_string (config, object, "client_id", TRUE, &client_id, error) ||
      !account_string (config, object, "client_secret", FALSE, &client_secret, error) ||
      !account_string (config, object, "auth_url", FALSE, &auth_url, error) ||
      !account_string (config, object, "token_url", FALSE, &token_url, error) ||
      !account_string (config, object, "id", FALSE, &id, error))
    return NULL;

  default_id = g_strconcat (config->type, ":", config->id, NULL);
  account = vitrine_account_new (id ? id : default_id, config->type, client_id);
  vitrine_account_set_client_secret (account, client_secret);
  if (auth_url != NULL)
    vitrine_account_set_auth_url (account, auth_url);
  if (token_url != NULL)
    vitrine_account_set_token_url (account, token_url);

  scopes = json_object_get_member (object, "scopes");
  if (scopes != NULL && !JSON_NODE_HOLDS_NULL (scopes))
    {
      g_autoptr(GPtrArray) list = g_ptr_array_new ();
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (scopes) ? json_node_get_array (scopes) : NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *scope = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (scope) || json_node_get_value_type (scope) != G_TYPE_STRING)
            {
              array = NULL;
              break;
            }
          g_ptr_array_add (list, (gpointer) json_node_get_string (scope));
        }
      if (array == NULL)
        {
          g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                       _("feeds “%s”: “scopes” in “account” must be a list of texts"),
                       config->id);
          return NULL;
        }
      g_ptr_array_add (list, NULL);
      vitrine_account_set_scopes (account, (const char * const *) list->pdata);
    }

  return g_steal_pointer (&account);
}

/**
 * vitrine_feed_source_dup_account:
 * @source: a connector
 *
 * The platform account a connector signs in with, for the window's
 * accounts list (vitrine-account-row.c).
 *
 * Returns: (transfer full) (nullable): the #VitrineAccount the show file
 *   gave @source, or %NULL
 */
VitrineAccount *
vitrine_feed_source_dup_account (VitrineFeedSource *source)
{
  VitrineAccount *account = NULL;

  g_return_val_if_fail (VITRINE_IS_FEED_SOURCE (source), NULL);

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (source), "account") != NULL)
    g_object_get (source, "account", &account, NULL);
  return account;
}

/**
 * vitrine_feed_source_new_for_config:
 * @config: one entry of the show's "feeds"
 * @show_dir: where relative paths in it start (the show file's folder)
 *
 * Every type takes `url` and `secret`; `twitch`, `youtube` and `facebook`
 * take an `account` too (see the top of this file for its keys).
 *
 * Returns: (transfer full) (nullable): the connector, not started, or %NULL
 *   with @error naming the feed and the field
 */
VitrineFeedSource *
vitrine_feed_source_new_for_config (const VitrineFeedConfig  *config,
                                    const char               *show_dir,
                                    GError                  **error)
{
  const char *url = NULL, *secret = NULL, *value = NULL;
  VitrineFeedSource *source = NULL;
  g_autoptr(VitrineAccount) account = NULL;
  g_autoptr(GError) account_error = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  if (!option_string (config, "url", FALSE, &url, error) ||
      !option_string (config, "secret", FALSE, &secret, error))
    return NULL;

  account = account_for_config (config, &account_error);
  if (account_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&account_error));
      return NULL;
    }

  if (g_str_equal (config->type, "twitch"))
    {
      if (!option_string (config, "channel", TRUE, &value, error))
        return NULL;
      source = VITRINE_FEED_SOURCE (vitrine_twitch_chat_new (config->id, value, url));
    }
  else if (g_str_equal (config->type, "youtube"))
    {
      const char *auth = NULL;

      if (!option_string (config, "live_chat_id", TRUE, &value, error) ||
          !option_string (config, "auth", FALSE, &auth, error))
        return NULL;
      if (auth != NULL && !g_str_equal (auth, "oauth") && !g_str_equal (auth, "api-key"))
        {
          g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                       _("feeds “%s”: “auth” is “oauth” or “api-key”, not “%s”"),
                       config->id, auth);
          return NULL;
        }
      if (account != NULL && g_strcmp0 (auth, "api-key") == 0)
        {
          g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                       _("feeds “%s”: an “account” signs in with OAuth; remove "
                         "“auth”: “api-key”"), config->id);
          return NULL;
        }
      source = VITRINE_FEED_SOURCE (vitrine_youtube_chat_new (config->id, value,
                                                              g_strcmp0 (auth, "oauth") == 0 ||
                                                              account != NULL
                                                              ? VITRINE_YOUTUBE_AUTH_OAUTH
                                                              : VITRINE_YOUTUBE_AUTH_API_KEY,
                                                              url));
    }
  else if (g_str_equal (config->type, "facebook"))
    {
      if (!option_string (config, "live_video_id", TRUE, &value, error))
        return NULL;
      source = VITRINE_FEED_SOURCE (vitrine_facebook_comments_new (config->id, value, url));
    }
  else if (g_str_equal (config->type, "restream"))
    source = VITRINE_FEED_SOURCE (vitrine_restream_chat_new (config->id, url));
  else if (g_str_equal (config->type, "demo"))
    {
      g_autofree char *path = NULL;
      g_autoptr(GFile) script = NULL;

      /* Without a "script", the bundled demo show's chat and orders. */
      if (!option_string (config, "script", FALSE, &value, error))
        return NULL;
      if (value != NULL)
        {
          path = g_path_is_absolute (value)
                 ? g_strdup (value) : g_build_filename (show_dir ? show_dir : ".", value, NULL);
          if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
            {
              g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                           _("feeds “%s”: the script “%s” does not exist"), config->id, path);
              return NULL;
            }
          script = g_file_new_for_path (path);
        }
      source = VITRINE_FEED_SOURCE (vitrine_demo_source_new (config->id, script));
      if (json_object_has_member (config->options, "loop"))
        vitrine_demo_source_set_loop (VITRINE_DEMO_SOURCE (source),
                                      json_object_get_boolean_member (config->options, "loop"));
      if (json_object_has_member (config->options, "speed"))
        vitrine_demo_source_set_speed (VITRINE_DEMO_SOURCE (source),
                                       json_object_get_double_member (config->options, "speed"));
    }
  else if (g_str_equal (config->type, "shopify-orders") ||
           g_str_equal (config->type, "woocommerce-orders"))
    {
      if (url == NULL)
        {
          g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                       _("feeds “%s”: “url” (the shop’s address) is required"), config->id);
          return NULL;
        }
      source = g_str_equal (config->type, "shopify-orders")
        ? VITRINE_FEED_SOURCE (vitrine_shopify_orders_new (config->id, url, secret))
        : VITRINE_FEED_SOURCE (vitrine_woocommerce_orders_new (config->id, url, secret));
      return source;
    }
  else
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                   _("feeds “%s”: unknown type “%s”"), config->id, config->type);
      return NULL;
    }

  if (source != NULL)
    set_secret (source, secret);
  if (source != NULL && account != NULL)
    g_object_set (source, "account", account, NULL);
  return source;
}
