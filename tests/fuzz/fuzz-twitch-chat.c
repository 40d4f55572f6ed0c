// sources: src/feed/vitrine-twitch-chat.c src/feed/vitrine-twitch-irc.c
// sources: src/feed/vitrine-feed-item.c src/feed/vitrine-feed-source.c src/feed/vitrine-feed.c
// sources: src/feed/vitrine-feed-error.c src/core/vitrine-secrets.c src/feed/vitrine-account.c
// sources: src/core/vitrine-word-filter.c src/core/vitrine-claim-parser.c src/core/vitrine-catalog.c
// sources: src/core/vitrine-product.c src/core/vitrine-product-variant.c src/core/vitrine-money.c
// sources: src/core/vitrine-order.c
// pkg-config: glib-2.0 gobject-2.0 gio-2.0 libsoup-3.0 json-glib-1.0 libsecret-1 rest-1.0 icu-uc icu-i18n
/* fuzz-twitch-chat.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the Twitch chat connector's handling of what Twitch
 * sends (src/feed/vitrine-twitch-chat.c): the input is a WebSocket text
 * frame, handed to a connector joined to a VitrineFeed as if it had arrived.
 * Every item that comes out must be sanitised; deletions and bans go through
 * the feed. No network: the connector is never started. Run by
 * tests/fuzz/run-fuzzers.sh.
 */

#include <stdint.h>
#include <string.h>

#include "vitrine-feed.h"
#include "vitrine-twitch-chat.h"

static SoupSession *session;

static gboolean
is_shown_safely (const char *text,
                 gsize       max_chars)
{
  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL) || (gsize) g_utf8_strlen (text, -1) > max_chars + 1)
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* No bidi override or isolate, no control character. */
      if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || g_unichar_iscntrl (c))
        return FALSE;
    }
  return TRUE;
}

static void
item_cb (VitrineFeed     *feed,
         VitrineFeedItem *item,
         gpointer         user_data)
{
  g_assert (g_strcmp0 (vitrine_feed_item_get_platform (item), "twitch") == 0);
  g_assert (is_shown_safely (vitrine_feed_item_get_author (item), 64));
  g_assert (is_shown_safely (vitrine_feed_item_get_text (item), 500));
  g_assert (is_shown_safely (vitrine_feed_item_get_detail (item), 100));
  /* Bits, subs and raids carry no money. */
  g_assert (vitrine_feed_item_get_amount (item) == NULL);
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VitrineTwitchChat) chat = NULL;
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (64);

  if (session == NULL)
    session = soup_session_new ();

  chat = g_object_new (VITRINE_TYPE_TWITCH_CHAT,
                       "id", "twitch-fuzz",
                       "platform", "twitch",
                       "channel", "shopwithmona",
                       "session", session,
                       NULL);
  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (chat));
  g_signal_connect (feed, "appended", G_CALLBACK (item_cb), NULL);

  _vitrine_twitch_chat_receive_frame (chat, (const char *) data, size);

  g_assert (g_list_model_get_n_items (G_LIST_MODEL (feed)) <= 64);
  /* Whatever happened (RECONNECT, a refused sign-in), stopping is clean and
   * leaves no timer behind. */
  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (chat));
  return 0;
}
