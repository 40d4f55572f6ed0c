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
 * own errors. */

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

/**
 * vitrine_feed_source_new_for_config:
 * @config: one entry of the show's "feeds"
 * @show_dir: where relative paths in it start (the show file's folder)
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

  g_return_val_if_fail (config != NULL, NULL);

  if (!option_string (config, "url", FALSE, &url, error) ||
      !option_string (config, "secret", FALSE, &secret, error))
    return NULL;

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
      source = VITRINE_FEED_SOURCE (vitrine_youtube_chat_new (config->id, value,
                                                              g_strcmp0 (auth, "oauth") == 0
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

      if (!option_string (config, "script", TRUE, &value, error))
        return NULL;
      path = g_path_is_absolute (value) ? g_strdup (value)
                                        : g_build_filename (show_dir ? show_dir : ".", value, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                       _("feeds “%s”: the script “%s” does not exist"), config->id, path);
          return NULL;
        }
      script = g_file_new_for_path (path);
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
  return source;
}
