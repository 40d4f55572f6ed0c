// sources: src/feed/vitrine-youtube-parse.c src/feed/vitrine-feed-item.c src/core/vitrine-money.c src/core/vitrine-json-guard.c
// pkg-config: glib-2.0 gobject-2.0 gio-2.0 json-glib-1.0 icu-uc icu-i18n
/* fuzz-youtube.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the YouTube live chat parser
 * (src/feed/vitrine-youtube-parse.c): the input is one answer of
 * liveChatMessages.list, or an error body, as YouTube would send it. The
 * result is read completely and checked for what the connector relies on:
 * texts valid and bounded, ids valid, money in range, the reason consistent.
 * The same bytes also drive the amount, duration and quota-time helpers.
 * Run by tests/fuzz/run-fuzzers.sh; the seed corpus is
 * tests/fuzz/corpus/youtube/ (replayed by tests/feed/test-youtube-chat too).
 */

#include <stdint.h>
#include <string.h>

#include "vitrine-youtube-parse.h"

static void
check_text (const char *text,
            gsize       max_chars)
{
  g_assert (text != NULL);
  g_assert (g_utf8_validate (text, -1, NULL));
  g_assert (g_utf8_strlen (text, -1) <= (glong) max_chars + 1);
}

static void
check_id (const char *id)
{
  if (id == NULL)
    return;
  g_assert (g_utf8_validate (id, -1, NULL));
  g_assert (strlen (id) <= 256);
}

static void
check_result (VitrineYoutubeParseResult *result)
{
  g_assert (result != NULL);
  g_assert (result->items != NULL && result->retracted != NULL && result->banned != NULL);

  if (result->reason == VITRINE_YOUTUBE_REASON_MALFORMED)
    {
      g_assert (result->items->len == 0);
      g_assert (result->next_page_token == NULL);
    }
  if (result->reason != VITRINE_YOUTUBE_REASON_NONE)
    g_assert (result->items->len == 0 && result->retracted->len == 0 &&
              result->banned->len == 0 && !result->chat_ended);

  g_assert (result->n_skipped <= result->n_items);
  g_assert (result->items->len <= result->n_items);
  g_assert (result->polling_interval_ms >= -1);
  if (result->next_page_token != NULL)
    {
      g_assert (g_utf8_validate (result->next_page_token, -1, NULL));
      g_assert (strlen (result->next_page_token) <= 4096);
    }
  if (result->error_message != NULL)
    check_text (result->error_message, 300);
  if (result->reason_name != NULL)
    check_text (result->reason_name, 64);
  if (result->offline_at != NULL)
    g_date_time_get_year (result->offline_at);

  for (guint i = 0; i < result->items->len; i++)
    {
      VitrineFeedItem *item = g_ptr_array_index (result->items, i);
      const VitrineMoney *amount = vitrine_feed_item_get_amount (item);

      g_assert (VITRINE_IS_FEED_ITEM (item));
      g_assert (vitrine_feed_item_get_kind (item) <= VITRINE_FEED_ITEM_MODERATION);
      g_assert (g_strcmp0 (vitrine_feed_item_get_platform (item), "youtube") == 0);
      check_text (vitrine_feed_item_get_text (item), 500);
      check_text (vitrine_feed_item_get_author (item), 64);
      if (vitrine_feed_item_get_detail (item) != NULL)
        check_text (vitrine_feed_item_get_detail (item), 100);
      check_id (vitrine_feed_item_get_id (item));
      check_id (vitrine_feed_item_get_author_id (item));
      g_assert (vitrine_feed_item_get_time (item) != NULL);
      if (amount != NULL)
        {
          g_autofree char *decimal = vitrine_money_to_decimal (amount);

          g_assert (amount->amount >= 0);
          g_assert (vitrine_currency_is_known (amount->currency));
          g_assert (decimal != NULL);
        }
    }
  for (guint i = 0; i < result->retracted->len; i++)
    {
      g_assert (g_ptr_array_index (result->retracted, i) != NULL);
      check_id (g_ptr_array_index (result->retracted, i));
    }
  for (guint i = 0; i < result->banned->len; i++)
    {
      g_assert (g_ptr_array_index (result->banned, i) != NULL);
      check_id (g_ptr_array_index (result->banned, i));
    }
}

/* The same bytes as numbers and short strings, for the helpers. */
static void
check_helpers (const uint8_t *data,
               size_t         size)
{
  guint64 number = 0;
  gint64 minor;
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;
  VitrineMoney money;

  memcpy (&number, data, MIN (size, sizeof number));

  duration = vitrine_youtube_format_duration (number);
  g_assert (g_utf8_validate (duration, -1, NULL));

  if (vitrine_youtube_micros_to_minor (number, (int) (number % 12) - 1, &minor))
    g_assert (minor >= 0);

  /* "micros currency" from the text. */
  text = g_strndup ((const char *) data, MIN (size, 64));
  {
    char *space = strchr (text, ' ');

    if (space != NULL)
      {
        *space = '\0';
        if (vitrine_youtube_parse_amount (text, space + 1, &money))
          g_assert (money.amount >= 0);
      }
  }

  /* Any time between year 1 and 9999. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc ((gint64) (number % 253402300799u)
                                                              - 62135596800);

    if (now != NULL)
      {
        g_autoptr(GDateTime) reset = vitrine_youtube_quota_reset_time (now);

        if (reset != NULL)
          {
            g_assert (g_date_time_compare (reset, now) > 0);
            g_assert (g_date_time_difference (reset, now) <= 25 * G_TIME_SPAN_HOUR);
          }
      }
  }
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VitrineYoutubeParseResult) result = NULL;

  result = vitrine_youtube_parse_page ((const char *) data, size);
  check_result (result);
  check_helpers (data, size);
  return 0;
}
