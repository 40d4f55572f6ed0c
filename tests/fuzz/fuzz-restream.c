// sources: src/feed/vitrine-restream-parse.c src/feed/vitrine-feed-item.c src/feed/vitrine-feed-error.c src/core/vitrine-json-guard.c src/core/vitrine-money.c
// pkg-config: glib-2.0 gobject-2.0 gio-2.0 json-glib-1.0 icu-uc icu-i18n
/* fuzz-restream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the Restream Chat reader
 * (src/feed/vitrine-restream-parse.c): the input is one WebSocket frame as
 * Restream would send it. The action and every part of it are read and
 * checked: items carry a known platform, what would be shown is valid UTF-8
 * and capped, money is in a known currency, reasons read as sentences. Run
 * by tests/fuzz/run-fuzzers.sh.
 */

#include <stdint.h>
#include <string.h>

#include "vitrine-feed-item.h"
#include "vitrine-restream-parse.h"

static void
check_shown (const char *text,
             glong       max_chars)
{
  g_assert (text != NULL);
  g_assert (g_utf8_validate (text, -1, NULL));
  /* The cap and an ellipsis, plus one: vitrine_feed_sanitize_text() can
   * let a collapsed space through past the cap (reported). */
  g_assert (g_utf8_strlen (text, -1) <= max_chars + 2);
  g_assert (strstr (text, "\xe2\x80\xae") == NULL);
}

static void
check_id (const char *id)
{
  g_assert (id == NULL || (id[0] != '\0' && g_utf8_validate (id, -1, NULL) && strlen (id) <= 256));
}


int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VitrineRestreamAction) action = NULL;
  g_autoptr(GError) error = NULL;

  action = vitrine_restream_parse_action ((const char *) data, size, &error);
  g_assert ((action == NULL) == (error != NULL));
  if (action == NULL)
    return 0;

  g_assert (action->type >= VITRINE_RESTREAM_ACTION_UNKNOWN &&
            action->type <= VITRINE_RESTREAM_ACTION_RELAY);
  check_id (action->connection_identifier);
  check_id (action->connection_uuid);
  check_id (action->status);
  if (action->reason != NULL)
    {
      g_autofree char *sentence = vitrine_restream_describe_reason (action->reason);

      check_shown (action->reason, 80);
      check_shown (sentence, 200);
    }
  if (action->platform != NULL)
    g_assert (strcmp (vitrine_restream_platform_title (action->platform), "") != 0);

  if (action->item != NULL)
    {
      VitrineFeedItem *item = action->item;
      const VitrineMoney *money = vitrine_feed_item_get_amount (item);

      g_assert (action->type == VITRINE_RESTREAM_ACTION_EVENT ||
                action->type == VITRINE_RESTREAM_ACTION_REPLY_CREATED);
      /* The platform the message was written on, never made up. */
      g_assert (g_strcmp0 (vitrine_feed_item_get_platform (item), action->platform) == 0);
      check_id (vitrine_feed_item_get_id (item));
      check_id (vitrine_feed_item_get_author_id (item));
      check_shown (vitrine_feed_item_get_author (item), 64);
      g_assert (vitrine_feed_item_get_author (item)[0] != '\0');
      check_shown (vitrine_feed_item_get_text (item), 500);
      if (vitrine_feed_item_get_detail (item) != NULL)
        check_shown (vitrine_feed_item_get_detail (item), 100);
      if (money != NULL)
        {
          g_assert (vitrine_feed_item_get_kind (item) == VITRINE_FEED_ITEM_PAID);
          g_assert (vitrine_currency_is_known (money->currency));
          g_assert (money->amount >= 0);
        }
    }

  return 0;
}
