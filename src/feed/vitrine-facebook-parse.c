/* vitrine-facebook-parse.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-facebook"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vitrine-facebook-parse.h"
#include "vitrine-feed-error.h"
#include "vitrine-json-guard.h"

/* The Graph API's answers, read without any I/O so a fuzzer can feed them
 * anything (tests/fuzz/fuzz-facebook.c).
 *
 * A page of comments (platform-apis.md §3.1):
 *
 *   {"data": [{"id": "<video>_<comment>", "message": "…",
 *              "created_time": "2026-11-21T19:05:02+0000",
 *              "from": {"id": "…", "name": "…"}}, …],
 *    "paging": {"cursors": {"before": "…", "after": "…"}, "next": "https://…"}}
 *
 * `from` may be missing (Facebook hides authors for privacy): the comment is
 * kept, with a neutral author and no author id. `created_time` has `+0000`
 * without a colon. An error is `{"error": {"message", "type", "code",
 * "error_subcode", "is_transient", "fbtrace_id"}}` (§3.4).
 *
 * Everything from outside is checked for its JSON type; the text goes through
 * the feed item's sanitiser; invalid UTF-8 is replaced before parsing (json-glib
 * refuses the whole answer otherwise, and one broken comment must not hide
 * the others). */

#define MAX_ERROR_CHARS 200
#define MAX_ID_BYTES    256

/* No answer of this API nests deeper than a few levels; json-glib parses
 * recursively (see vitrine_json_check_depth()). */
#define MAX_JSON_DEPTH 64

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Ids are strings; an integer is accepted as its decimal text (never
 * through a double). */
static char *
dup_id (JsonObject *object,
        const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *valid = NULL;
      const char *text = json_node_get_string (node);
      gsize length;

      if (text == NULL || *text == '\0')
        return NULL;
      /* Compared, never shown: valid UTF-8 (json-glib lets "\ud800"
       * through), of a sane length, cut on a character boundary. */
      valid = g_utf8_make_valid (text, -1);
      length = strlen (valid);
      if (length > MAX_ID_BYTES)
        length = g_utf8_find_prev_char (valid, valid + MAX_ID_BYTES + 1) - valid;
      valid[length] = '\0';
      return g_steal_pointer (&valid);
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static gint64
get_int (JsonObject *object,
         const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  return 0;
}

static gboolean
get_boolean (JsonObject *object,
             const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* The answer's root object, or NULL with @error set. */
static JsonNode *
parse_root (const char  *data,
            gsize        length,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *valid = NULL;
  JsonNode *root;
  gsize offset;

  if (data == NULL || length == 0)
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("Facebook answered with nothing"));
      return NULL;
    }

  if (!vitrine_json_check_depth (data, length, MAX_JSON_DEPTH, &offset))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("Facebook’s answer is nested too deeply to be read"));
      return NULL;
    }
  if (!vitrine_json_is_one_container (data, length))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("Facebook’s answer is not one JSON object"));
      return NULL;
    }

  valid = g_utf8_make_valid (data, length);
  if (!json_parser_load_from_data (parser, valid, -1, &local_error))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("Facebook’s answer is not JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("Facebook’s answer is not a JSON object"));
      return NULL;
    }
  return json_node_copy (root);
}

/**
 * vitrine_facebook_classify_error:
 * @code: `error.code`
 * @subcode: `error.error_subcode`, or 0
 * @message: (nullable): `error.message`
 * @transient: `error.is_transient`
 *
 * Returns: what kind of trouble a Graph API error is
 */
VitrineFacebookErrorKind
vitrine_facebook_classify_error (gint64      code,
                                 gint64      subcode,
                                 const char *message,
                                 gboolean    transient)
{
  switch (code)
    {
    case 4:     /* application request limit */
    case 17:    /* user request limit */
    case 32:    /* page request limit */
    case 341:   /* application limit reached */
    case 613:   /* calls to this API exceed the rate limit */
      return VITRINE_FACEBOOK_ERROR_RATE_LIMITED;

    case 102:   /* API session (older token errors) */
    case 190:   /* access token expired or invalid; subcodes 458–467 say why */
      return VITRINE_FACEBOOK_ERROR_TOKEN;

    case 10:    /* permission denied */
      return VITRINE_FACEBOOK_ERROR_PERMISSION;

    case 100:
      /* "Unsupported get request. Object with ID '…' does not exist, cannot
       * be loaded due to missing permissions, or does not support this
       * operation" comes with subcode 33. */
      if (subcode == 33 || (message != NULL && strstr (message, "does not exist") != NULL))
        return VITRINE_FACEBOOK_ERROR_NOT_FOUND;
      return VITRINE_FACEBOOK_ERROR_INVALID_PARAMETER;

    case 1:     /* unknown error, "try again later" */
    case 2:     /* service temporarily unavailable */
      return VITRINE_FACEBOOK_ERROR_TRANSIENT;

    default:
      break;
    }

  /* Business use case limits: 80001 (Page), 80000, 80002–80014 (ads,
   * Instagram, WhatsApp, messenger…). */
  if (code >= 80000 && code <= 80014)
    return VITRINE_FACEBOOK_ERROR_RATE_LIMITED;
  if (code >= 200 && code <= 299)
    return VITRINE_FACEBOOK_ERROR_PERMISSION;
  if (transient)
    return VITRINE_FACEBOOK_ERROR_TRANSIENT;
  return VITRINE_FACEBOOK_ERROR_OTHER;
}

static VitrineFacebookGraphError *
read_error (JsonObject *root)
{
  JsonNode *node = json_object_get_member (root, "error");
  VitrineFacebookGraphError *graph_error;
  JsonObject *object;
  const char *message;

  if (node == NULL)
    return NULL;

  graph_error = g_new0 (VitrineFacebookGraphError, 1);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      /* `"error": "…"` or worse: an error all the same. */
      graph_error->kind = VITRINE_FACEBOOK_ERROR_OTHER;
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        graph_error->message = vitrine_feed_sanitize_text (json_node_get_string (node),
                                                           MAX_ERROR_CHARS);
      return graph_error;
    }

  object = json_node_get_object (node);
  message = get_string (object, "message");
  graph_error->code = get_int (object, "code");
  graph_error->subcode = get_int (object, "error_subcode");
  graph_error->message = message ? vitrine_feed_sanitize_text (message, MAX_ERROR_CHARS) : NULL;
  graph_error->kind = vitrine_facebook_classify_error (graph_error->code, graph_error->subcode,
                                                       message,
                                                       get_boolean (object, "is_transient"));
  return graph_error;
}

void
vitrine_facebook_graph_error_free (VitrineFacebookGraphError *graph_error)
{
  if (graph_error == NULL)
    return;
  g_free (graph_error->message);
  g_free (graph_error);
}

void
vitrine_facebook_page_free (VitrineFacebookPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->comments, g_ptr_array_unref);
  g_free (page->after);
  vitrine_facebook_graph_error_free (page->error);
  g_free (page);
}

/* A comment that is only a sticker, a photo or a GIF has no `message`. */
static const char *
describe_attachment (JsonObject *comment)
{
  JsonObject *attachment = get_object (comment, "attachment");
  const char *type = get_string (attachment, "type");

  if (attachment == NULL)
    return NULL;
  if (g_strcmp0 (type, "sticker") == 0)
    return _("Sticker");
  if (g_strcmp0 (type, "photo") == 0)
    return _("Photo");
  if (type != NULL && g_str_has_prefix (type, "animated_image"))
    return _("GIF");
  return _("Attachment");
}

static VitrineFeedItem *
read_comment (JsonNode *node,
              GTimeZone *utc,
              gint64    *created)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *id = NULL;
  g_autofree char *author_id = NULL;
  VitrineFeedItem *item;
  JsonObject *comment;
  JsonObject *from;
  const char *author;
  const char *message;
  const char *created_time;
  const char *detail;

  *created = -1;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  comment = json_node_get_object (node);
  id = dup_id (comment, "id");
  if (id == NULL)
    return NULL;

  from = get_object (comment, "from");
  author_id = dup_id (from, "id");
  author = get_string (from, "name");
  if (author != NULL)
    {
      g_autofree char *shown = vitrine_feed_sanitize_name (author, 64);

      /* A name that is nothing but invisible characters is no name. */
      if (*shown == '\0')
        author = NULL;
    }
  if (author == NULL)
    author = _("Facebook user");

  created_time = get_string (comment, "created_time");
  if (created_time != NULL)
    time = g_date_time_new_from_iso8601 (created_time, utc);
  if (time != NULL)
    *created = g_date_time_to_unix (time);

  message = get_string (comment, "message");
  item = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, "facebook", id, author_id, author,
                                     message ? message : "", time);
  detail = message == NULL || *message == '\0' ? describe_attachment (comment) : NULL;
  if (detail != NULL)
    vitrine_feed_item_set_detail (item, detail);
  return item;
}

/**
 * vitrine_facebook_parse_comments:
 * @data: (array length=length): the body of the answer, any bytes
 * @length: its length
 *
 * Reads a page of comments, or the error Facebook answered with instead.
 *
 * Returns: (transfer full) (nullable): the page, or %NULL with @error set
 *   (%VITRINE_FEED_ERROR_PROTOCOL) when the answer is neither
 */
VitrineFacebookPage *
vitrine_facebook_parse_comments (const char  *data,
                                 gsize        length,
                                 GError     **error)
{
  g_autoptr(JsonNode) root_node = NULL;
  g_autoptr(VitrineFacebookPage) page = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  JsonObject *root;
  JsonObject *paging;
  JsonArray *comments;

  root_node = parse_root (data, length, error);
  if (root_node == NULL)
    return NULL;
  root = json_node_get_object (root_node);

  page = g_new0 (VitrineFacebookPage, 1);
  page->comments = g_ptr_array_new_with_free_func (g_object_unref);
  page->newest = -1;

  page->error = read_error (root);
  if (page->error != NULL)
    return g_steal_pointer (&page);

  comments = get_array (root, "data");
  if (comments == NULL)
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("Facebook’s answer has no list of comments"));
      return NULL;
    }

  utc = g_time_zone_new_utc ();
  for (guint i = 0; i < json_array_get_length (comments); i++)
    {
      gint64 created;
      VitrineFeedItem *item = read_comment (json_array_get_element (comments, i), utc, &created);

      if (item == NULL)
        {
          page->n_skipped++;
          continue;
        }
      g_ptr_array_add (page->comments, item);
      page->newest = MAX (page->newest, created);
    }

  /* Only the cursor is kept, never the `next` URL: it names Facebook's host
   * (not the configured one) and usually carries the access token. */
  paging = get_object (root, "paging");
  if (get_string (paging, "next") != NULL)
    {
      const char *after = get_string (get_object (paging, "cursors"), "after");

      if (after != NULL && *after != '\0')
        page->after = g_strdup (after);
    }

  return g_steal_pointer (&page);
}

/**
 * vitrine_facebook_parse_status:
 * @graph_error: (out) (optional) (nullable): the error Facebook answered with
 *
 * Reads the answer of `GET /{live-video-id}?fields=status`.
 *
 * Returns: (transfer full) (nullable): the status (`LIVE`, `LIVE_STOPPED`,
 *   `VOD`, `SCHEDULED_UNPUBLISHED`…), or %NULL with @graph_error or @error set
 */
char *
vitrine_facebook_parse_status (const char                 *data,
                               gsize                       length,
                               VitrineFacebookGraphError **graph_error,
                               GError                    **error)
{
  g_autoptr(JsonNode) root_node = NULL;
  g_autoptr(VitrineFacebookGraphError) local_graph_error = NULL;
  JsonObject *root;
  const char *status;

  if (graph_error != NULL)
    *graph_error = NULL;

  root_node = parse_root (data, length, error);
  if (root_node == NULL)
    return NULL;
  root = json_node_get_object (root_node);

  local_graph_error = read_error (root);
  if (local_graph_error != NULL)
    {
      if (graph_error != NULL)
        *graph_error = g_steal_pointer (&local_graph_error);
      else
        g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL, "%s",
                     local_graph_error->message ? local_graph_error->message : "");
      return NULL;
    }

  status = get_string (root, "status");
  if (status == NULL || *status == '\0')
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("Facebook’s answer has no status of the live video"));
      return NULL;
    }
  return vitrine_feed_sanitize_text (status, 40);
}

static guint
percent_of (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  /* Percentages, not money: a double is fine here. */
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (guint) CLAMP (json_node_get_int (node), 0, 10000);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (guint) CLAMP (json_node_get_double (node), 0, 10000);
  return 0;
}

static void
read_usage (JsonObject *usage,
            guint      *percent,
            guint      *regain)
{
  *percent = MAX (*percent, percent_of (usage, "call_count"));
  *percent = MAX (*percent, percent_of (usage, "total_cputime"));
  *percent = MAX (*percent, percent_of (usage, "total_time"));
  *regain = MAX (*regain, percent_of (usage, "estimated_time_to_regain_access"));
}

static JsonObject *
parse_header (const char *text,
              JsonNode  **keep)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *valid = NULL;
  JsonNode *root;
  gsize offset;

  *keep = NULL;
  if (text == NULL || *text == '\0' ||
      !vitrine_json_check_depth (text, strlen (text), MAX_JSON_DEPTH, &offset) ||
      !vitrine_json_is_one_container (text, strlen (text)))
    return NULL;

  parser = json_parser_new ();
  valid = g_utf8_make_valid (text, -1);
  if (!json_parser_load_from_data (parser, valid, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  *keep = json_node_copy (root);
  return json_node_get_object (*keep);
}

/**
 * vitrine_facebook_parse_usage:
 * @app_usage: (nullable): the `X-App-Usage` header,
 *   `{"call_count":28,"total_cputime":25,"total_time":25}`
 * @business_usage: (nullable): the `X-Business-Use-Case-Usage` header,
 *   `{"<id>":[{"type":"pages","call_count":…,"estimated_time_to_regain_access":0}]}`
 * @percent: (out): the highest share of a limit already used, in percent
 * @regain_minutes: (out): how long Facebook says access stays blocked
 *
 * Returns: whether either header could be read
 */
gboolean
vitrine_facebook_parse_usage (const char *app_usage,
                              const char *business_usage,
                              guint      *percent,
                              guint      *regain_minutes)
{
  g_autoptr(JsonNode) app_node = NULL;
  g_autoptr(JsonNode) business_node = NULL;
  JsonObject *app = parse_header (app_usage, &app_node);
  JsonObject *business = parse_header (business_usage, &business_node);

  *percent = 0;
  *regain_minutes = 0;

  if (app != NULL)
    read_usage (app, percent, regain_minutes);

  if (business != NULL)
    {
      JsonObjectIter iter;
      JsonNode *value;

      json_object_iter_init (&iter, business);
      while (json_object_iter_next (&iter, NULL, &value))
        {
          JsonArray *entries = JSON_NODE_HOLDS_ARRAY (value) ? json_node_get_array (value) : NULL;

          for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
            {
              JsonNode *entry = json_array_get_element (entries, i);

              if (JSON_NODE_HOLDS_OBJECT (entry))
                read_usage (json_node_get_object (entry), percent, regain_minutes);
            }
        }
    }

  return app != NULL || business != NULL;
}
