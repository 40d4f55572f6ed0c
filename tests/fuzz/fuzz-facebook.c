// sources: src/feed/vitrine-facebook-parse.c src/feed/vitrine-feed-item.c src/feed/vitrine-feed-error.c src/core/vitrine-json-guard.c
// pkg-config: glib-2.0 gobject-2.0 gio-2.0 json-glib-1.0
/* fuzz-facebook.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the Graph API reader (src/feed/vitrine-facebook-parse.c):
 * the input is one HTTP body as Facebook would send it for
 * `GET /{live-video-id}/comments` or `?fields=status`, and the same bytes
 * as the `X-App-Usage` / `X-Business-Use-Case-Usage` headers. Every part of
 * the result is read and checked: what would be shown is valid UTF-8 and
 * capped, ids are valid UTF-8, an error page holds no comment, times are
 * real. Run by tests/fuzz/run-fuzzers.sh.
 */

#include <stdint.h>
#include <string.h>

#include "vitrine-facebook-parse.h"
#include "vitrine-feed-item.h"

static void
check_shown (const char *text,
             glong       max_chars)
{
  g_assert (text != NULL);
  g_assert (g_utf8_validate (text, -1, NULL));
  /* The cap and an ellipsis, plus one: vitrine_feed_sanitize_text() can
   * let a collapsed space through past the cap (reported). */
  g_assert (g_utf8_strlen (text, -1) <= max_chars + 2);
  /* No bidi override survives. */
  g_assert (strstr (text, "\xe2\x80\xae") == NULL);
}

static void
check_comment (VitrineFeedItem *item)
{
  const char *id = vitrine_feed_item_get_id (item);
  const char *author_id = vitrine_feed_item_get_author_id (item);

  g_assert (vitrine_feed_item_get_kind (item) == VITRINE_FEED_ITEM_CHAT);
  g_assert (g_strcmp0 (vitrine_feed_item_get_platform (item), "facebook") == 0);
  g_assert (id != NULL && id[0] != '\0' && g_utf8_validate (id, -1, NULL));
  g_assert (strlen (id) <= 256);
  g_assert (author_id == NULL || (g_utf8_validate (author_id, -1, NULL) &&
                                  strlen (author_id) <= 256));
  check_shown (vitrine_feed_item_get_author (item), 64);
  g_assert (vitrine_feed_item_get_author (item)[0] != '\0');
  check_shown (vitrine_feed_item_get_text (item), 500);
  if (vitrine_feed_item_get_detail (item) != NULL)
    check_shown (vitrine_feed_item_get_detail (item), 100);
  g_assert (vitrine_feed_item_get_time (item) != NULL);
  g_assert (vitrine_feed_item_get_amount (item) == NULL);
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VitrineFacebookPage) page = NULL;
  g_autoptr(VitrineFacebookGraphError) graph_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) status_error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *header = g_strndup ((const char *) data, size);
  guint percent, regain;

  page = vitrine_facebook_parse_comments ((const char *) data, size, &error);
  g_assert ((page == NULL) == (error != NULL));
  if (page != NULL)
    {
      g_assert (page->comments != NULL);
      if (page->error != NULL)
        {
          g_assert (page->comments->len == 0);
          g_assert (page->error->kind >= VITRINE_FACEBOOK_ERROR_OTHER &&
                    page->error->kind <= VITRINE_FACEBOOK_ERROR_TRANSIENT);
          if (page->error->message != NULL)
            check_shown (page->error->message, 200);
        }
      for (guint i = 0; i < page->comments->len; i++)
        {
          VitrineFeedItem *item = g_ptr_array_index (page->comments, i);

          check_comment (item);
          /* The newest time is at least every comment's readable time. */
          if (!g_date_time_equal (vitrine_feed_item_get_time (item),
                                  vitrine_feed_item_get_received (item)))
            g_assert (page->newest >= g_date_time_to_unix (vitrine_feed_item_get_time (item)));
        }
      g_assert (page->after == NULL || page->after[0] != '\0');
    }

  status = vitrine_facebook_parse_status ((const char *) data, size, &graph_error,
                                          &status_error);
  g_assert (status == NULL || graph_error == NULL);
  if (status != NULL)
    check_shown (status, 40);
  else
    g_assert (graph_error != NULL || status_error != NULL);

  /* Headers are NUL-terminated text: the same bytes up to the first NUL. */
  if (vitrine_facebook_parse_usage (header, NULL, &percent, &regain))
    g_assert (percent <= 10000 && regain <= 10000);
  if (vitrine_facebook_parse_usage (NULL, header, &percent, &regain))
    g_assert (percent <= 10000 && regain <= 10000);

  return 0;
}
