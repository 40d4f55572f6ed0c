/* feed-ingest.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The program behind bench/feed-ingest (bench/README.md, "feed-ingest"):
 * how many chat messages a second Vitrine reads and appends to the show's
 * feed, and whether the main loop stays responsive with 100 000 items in
 * the feed pane.
 *
 *   feed-ingest-bench throughput [--messages N] [--runs N] [--scenarios LIST]
 *                                [--dump DIR]
 *   feed-ingest-bench responsiveness [--view N] [--rate N] [--seconds S]
 *                                    [--max-seconds S] [--window N]
 *
 * The input is generated, seeded (every run reads the same show), in the
 * platforms' wire formats (shared/reference/platform-apis.md): Twitch IRC
 * lines with tags in WebSocket frames of 1 to 5 lines (PRIVMSG with
 * emotes and bits, CLEARMSG, USERNOTICE, CLEARCHAT), YouTube
 * liveChatMessages pages of 200 items (text, Super Chats and Stickers,
 * memberships, deletions, bans), Facebook comments pages of 100 (some
 * without `from`). 5 % of the messages claim a product of the demo catalog
 * ("SOLD A3", "sold A2 M", "+1 A5", "我要 A8"…).
 *
 * Everything goes where it goes in the studio: a VitrineFeedSession (the
 * application's feed, window 500, its claim queue on the demo catalog
 * imported through the catalog import API and, with the journal, the
 * show's SQLite journal in a temporary directory). Twitch frames go to the
 * real VitrineTwitchChat (_vitrine_twitch_chat_receive_frame(), what its
 * WebSocket handler calls). YouTube and Facebook pages go through the
 * connectors' parsers (vitrine_youtube_parse_page(),
 * vitrine_facebook_parse_comments()) and then through what the connectors
 * do with a parsed page (emit_page() in vitrine-youtube-chat.c, the loop in
 * vitrine-facebook-comments.c: drop repeated ids, emit items, deletions and
 * bans), copied here because those connectors only take pages over HTTP.
 * Every delivery is its own main-loop dispatch, as a WebSocket frame or an
 * HTTP answer is.
 *
 * Results are JSON lines on stdout, which bench/feed-ingest turns into the
 * report; progress goes to stderr. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#ifdef HAVE_XTEST
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#endif

#include "vitrine-catalog-import.h"
#include "vitrine-catalog.h"
#include "vitrine-claim-queue.h"
#include "vitrine-facebook-parse.h"
#include "vitrine-feed-pane.h"
#include "vitrine-feed-session.h"
#include "vitrine-journal.h"
#include "vitrine-product.h"
#include "vitrine-product-variant.h"
#include "vitrine-show.h"
#include "vitrine-twitch-chat.h"
#include "vitrine-twitch-irc.h"
#include "vitrine-youtube-parse.h"

/* FEED_WINDOW in src/ui/vitrine-application.c */
#define APP_FEED_WINDOW 500

#define YOUTUBE_PAGE_ITEMS     200
#define FACEBOOK_PAGE_COMMENTS 100
#define TWITCH_MAX_LINES       5
#define CLAIM_SHARE            0.05
#define VIEWERS                20000
#define RECENT_IDS             256
/* 2026-11-21 19:00:00 UTC, and 2 000 messages a second of show time */
#define SHOW_START_US          (G_GINT64_CONSTANT (1763751600) * G_USEC_PER_SEC)
#define SHOW_STEP_US           500

/* What the connectors keep to drop repeated ids (MAX_SEEN, MAX_DELETED in
 * vitrine-youtube-chat.c). */
#define YOUTUBE_MAX_SEEN    4096
#define YOUTUBE_MAX_DELETED 1024

typedef enum
{
  TWITCH,
  YOUTUBE,
  FACEBOOK,
  N_PLATFORMS
} Platform;

static const char * const platform_ids[N_PLATFORMS] = { "twitch", "youtube", "facebook" };

/* A show streamed to the three at once, by messages. */
static const double platform_share[N_PLATFORMS] = { 0.40, 0.50, 0.10 };

static char *opt_catalog = NULL;
static char *opt_dump = NULL;
static int opt_messages = 200000;
static int opt_runs = 3;
static int opt_view = 100000;
static int opt_window = 0;
static int opt_rate = 2000;
static double opt_seconds = 10.0;
static double opt_max_seconds = 300.0;
static char *opt_scenarios = NULL;

static guint n_warnings;

/* ---------------------------------------------------------------------- */
/* Output                                                                 */

static void
print_result (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);

  g_print ("%s\n", text);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_boolean (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  /* The whole process: the journal's worker thread too. */
  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* ---------------------------------------------------------------------- */
/* The input                                                              */

typedef struct
{
  Platform  platform;
  char     *data;
  gsize     length;
  guint     n_messages;   /* IRC lines, page items, comments */
} Delivery;

static void
delivery_free (Delivery *delivery)
{
  g_free (delivery->data);
  g_free (delivery);
}

typedef struct
{
  GRand     *rand;
  GPtrArray *claims;                   /* texts that claim a product */
  gint64     clock_us;                 /* the show's clock */
  guint64    serial;
  char      *recent[N_PLATFORMS][RECENT_IDS];  /* ids, for deletions */
  guint      n_recent[N_PLATFORMS];
} Generator;

static const char * const names[] = {
  "Ana Souza", "kevin_b", "Léa Martin", "mia.styles", "Tom H.", "Dan", "ليلى ✨", "陈静",
  "Björn", "Zoë", "Priya R", "José Luis", "Ngozi", "Sakura 🌸", "Mateus", "Aylin Kaya",
  "Oksana", "Kwame", "Chloé", "Hiroshi", "Fatima Z.", "Lucas", "Sofía", "Emre", "Nguyễn Lan",
  "Olu", "Ingrid", "Rafael", "Yusuf", "Camille", "김민지", "Αλέξης",
};

/* Twitch logins are ASCII; display names mostly too. */
static const char * const twitch_names[] = {
  "CafeLover", "kevin_b", "GiftyMcGift", "ShopWithMe", "xX_Deals_Xx", "mona_fan", "NightOwl",
  "PixelPanda", "thrift_queen", "BargainHunter", "lurker42", "陈静", "김민지", "StyleByLea",
};

static const char * const chat_texts[] = {
  "Hi from Lisbon! 👋",
  "first",
  "Is the silk scarf machine washable?",
  "Love the show, keep going!",
  "how much is shipping to Canada?",
  "😍😍 need this 🔥🛍️👗",
  "Quiero la talla M 😍 #pedido",
  "does it come in blue?",
  "¿Cuánto cuesta el envío a México?",
  "the serum smells amazing, bought it last week",
  "can you show the back please",
  "is the linen shirt true to size? I'm usually between M and L",
  "ça taille grand ou petit ?",
  "Gibt es das auch in Schwarz?",
  "这个有别的颜色吗？",
  "هل يوجد شحن إلى دبي؟",
  "lol 😂",
  "hello from Manila 🇵🇭",
  "what's the battery life on the earbuds?",
  "can I pay with PayPal",
  "🔥🔥🔥",
  "gg",
  "My order from last week arrived today, love it ❤️",
  "restock when??",
  "Is there a discount code for first-time buyers? I've been watching for weeks and I'd "
  "love to finally get the scarf for my mum's birthday next month 🎁 she loves silk",
  "how long does delivery take to Germany",
  "wow",
  "can you try it on?",
  "what material is the bag made of",
  "Obrigada pela live! 💛",
};

static const char * const emotes[][2] = {
  { "25", "Kappa" }, { "425618", "LUL" }, { "305954356", "PogChamp" }, { "1902", "Keepo" },
};

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* IRCv3 tag values: `\s` for a space, `\:` for a semicolon. */
static void
append_tag_value (GString    *out,
                  const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case ' ': g_string_append (out, "\\s"); break;
        case ';': g_string_append (out, "\\:"); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\n': g_string_append (out, "\\n"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

/* An id of @n characters of base64url, the same for the same @key. */
static void
append_token (GString *out,
              guint64  key,
              guint    n)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  guint64 x = key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) + 0x632BE59BD9B4E019;

  for (guint i = 0; i < n; i++)
    {
      x ^= x >> 33;
      x *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
      x ^= x >> 29;
      g_string_append_c (out, alphabet[x & 63]);
    }
}

static void
append_uuid (Generator *gen,
             GString   *out)
{
  g_string_append_printf (out, "%08x-%04x-4%03x-%04x-%08x%04x",
                          g_rand_int (gen->rand), g_rand_int (gen->rand) & 0xffff,
                          g_rand_int (gen->rand) & 0xfff,
                          0x8000 | (g_rand_int (gen->rand) & 0x3fff),
                          g_rand_int (gen->rand), g_rand_int (gen->rand) & 0xffff);
}

static void
append_time (GString *out,
             gint64   us,
             gboolean fraction)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autofree char *text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  if (fraction)
    g_string_append_printf (out, "%s.%06d+00:00", text, (int) (us % G_USEC_PER_SEC));
  else
    g_string_append_printf (out, "%s+0000", text);
}

/* Regulars write most: low indices come up far more often. */
static guint
pick_viewer (Generator *gen)
{
  double r = g_rand_double (gen->rand);

  return MIN ((guint) (r * r * VIEWERS), VIEWERS - 1);
}

/* Spammers and trolls are one-offs, not regulars. */
static guint
pick_troll (Generator *gen)
{
  return (guint) g_rand_int_range (gen->rand, VIEWERS / 2, VIEWERS);
}

static char *
display_name (guint viewer)
{
  guint n = G_N_ELEMENTS (names);

  return viewer < n ? g_strdup (names[viewer])
                    : g_strdup_printf ("%s %u", names[viewer % n], viewer / n);
}

static char *
twitch_display_name (guint viewer)
{
  guint n = G_N_ELEMENTS (twitch_names);

  return viewer < n ? g_strdup (twitch_names[viewer])
                    : g_strdup_printf ("%s%u", twitch_names[viewer % n], viewer / n);
}

static void
remember (Generator  *gen,
          Platform    platform,
          const char *id)
{
  guint slot = gen->n_recent[platform]++ % RECENT_IDS;

  g_free (gen->recent[platform][slot]);
  gen->recent[platform][slot] = g_strdup (id);
}

static const char *
recent_id (Generator *gen,
           Platform   platform)
{
  guint n = MIN (gen->n_recent[platform], RECENT_IDS);

  return n > 0 ? gen->recent[platform][g_rand_int_range (gen->rand, 0, (gint32) n)] : NULL;
}

/* A viewer's message: a claim 5 % of the time. */
static char *
pick_text (Generator *gen)
{
  const char *text;

  if (g_rand_double (gen->rand) < CLAIM_SHARE)
    return g_strdup (g_ptr_array_index (gen->claims,
                                        g_rand_int_range (gen->rand, 0,
                                                          (gint32) gen->claims->len)));

  text = chat_texts[g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (chat_texts))];
  if (g_rand_double (gen->rand) < 0.1)
    return g_strconcat (text, " 💯", NULL);
  return g_strdup (text);
}

static void
twitch_line (Generator *gen,
             GString   *out)
{
  double r = g_rand_double (gen->rand);
  gint64 ms = gen->clock_us / 1000;
  guint viewer;
  g_autofree char *display = NULL;

  gen->clock_us += SHOW_STEP_US;

  if (r < 0.01 && recent_id (gen, TWITCH) != NULL)
    {
      /* A moderator deletes a recent message (room-id empty, as seen). */
      g_string_append_printf (out, "@login=viewer%u;room-id=;target-msg-id=%s;"
                              "tmi-sent-ts=%" G_GINT64_FORMAT
                              " :tmi.twitch.tv CLEARMSG #shopwithmona :buy followers at "
                              "cheap-followers dot example", pick_viewer (gen),
                              recent_id (gen, TWITCH), ms);
      return;
    }

  if (r < 0.0105)
    {
      viewer = pick_troll (gen);
      g_string_append_printf (out, "@ban-duration=600;room-id=123456789;target-user-id=%u;"
                              "tmi-sent-ts=%" G_GINT64_FORMAT
                              " :tmi.twitch.tv CLEARCHAT #shopwithmona :viewer%u",
                              100000000 + viewer, ms, viewer);
      return;
    }

  viewer = pick_viewer (gen);
  display = twitch_display_name (viewer);

  if (r < 0.016)
    {
      guint months = (guint) g_rand_int_range (gen->rand, 2, 40);
      g_autofree char *system = g_strdup_printf ("%s subscribed at Tier 1. They've subscribed "
                                                 "for %u months!", display, months);

      g_string_append_printf (out, "@badge-info=subscriber/%u;badges=subscriber/%u;color=;"
                              "display-name=", months, months);
      append_tag_value (out, display);
      g_string_append (out, ";emotes=;flags=;id=");
      append_uuid (gen, out);
      g_string_append_printf (out, ";login=viewer%u;mod=0;msg-id=resub;"
                              "msg-param-cumulative-months=%u;msg-param-sub-plan=1000;"
                              "room-id=123456789;subscriber=1;system-msg=", viewer, months);
      append_tag_value (out, system);
      g_string_append_printf (out, ";tmi-sent-ts=%" G_GINT64_FORMAT ";user-id=%u;user-type= "
                              ":tmi.twitch.tv USERNOTICE #shopwithmona :Great stream as always",
                              ms, 100000000 + viewer);
      return;
    }

  {
    g_autofree char *text = pick_text (gen);
    g_autoptr(GString) id = g_string_new (NULL);
    g_autofree char *emote_tag = NULL;
    gboolean subscriber = viewer % 3 == 0;
    guint bits = 0;

    if (g_rand_double (gen->rand) < 0.02)
      {
        char *cheer;

        bits = 100 * (guint) g_rand_int_range (gen->rand, 1, 10);
        cheer = g_strdup_printf ("Cheer%u %s", bits, text);
        g_free (text);
        text = cheer;
      }

    if (g_rand_double (gen->rand) < 0.2)
      {
        /* Twitch counts emote positions in code points. */
        guint e = (guint) g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (emotes));
        glong start = g_utf8_strlen (text, -1) + 1;
        char *with = g_strconcat (text, " ", emotes[e][1], NULL);

        emote_tag = g_strdup_printf ("%s:%ld-%ld", emotes[e][0], start,
                                     start + (glong) strlen (emotes[e][1]) - 1);
        g_free (text);
        text = with;
      }

    append_uuid (gen, id);
    remember (gen, TWITCH, id->str);

    g_string_append_printf (out, "@badge-info=%s;badges=%s;",
                            subscriber ? "subscriber/14" : "",
                            subscriber ? "subscriber/12,bits/1000" : "bits/100");
    if (bits > 0)
      g_string_append_printf (out, "bits=%u;", bits);
    g_string_append_printf (out, "client-nonce=%08x%08x%08x%08x;color=#%06X;display-name=",
                            g_rand_int (gen->rand), g_rand_int (gen->rand),
                            g_rand_int (gen->rand), g_rand_int (gen->rand),
                            (viewer * 2654435761u) & 0xffffff);
    append_tag_value (out, display);
    g_string_append_printf (out, ";emotes=%s;first-msg=0;flags=;id=%s;mod=0;"
                            "returning-chatter=0;room-id=123456789;subscriber=%d;"
                            "tmi-sent-ts=%" G_GINT64_FORMAT ";turbo=0;user-id=%u;user-type= "
                            ":viewer%u!viewer%u@viewer%u.tmi.twitch.tv PRIVMSG #shopwithmona :%s",
                            emote_tag ? emote_tag : "", id->str, subscriber, ms,
                            100000000 + viewer, viewer, viewer, viewer, text);
  }
}

static Delivery *
twitch_frame (Generator *gen)
{
  GString *out = g_string_new (NULL);
  guint n = (guint) g_rand_int_range (gen->rand, 1, TWITCH_MAX_LINES + 1);
  Delivery *delivery = g_new0 (Delivery, 1);

  /* Several IRC lines in one WebSocket frame, each ending in CRLF. */
  for (guint i = 0; i < n; i++)
    {
      twitch_line (gen, out);
      g_string_append (out, "\r\n");
    }

  delivery->platform = TWITCH;
  delivery->n_messages = n;
  delivery->length = out->len;
  delivery->data = g_string_free (out, FALSE);
  return delivery;
}

static void
youtube_author (GString *out,
                guint    viewer,
                gboolean sponsor)
{
  g_autofree char *name = display_name (viewer);

  g_string_append (out, "\"authorDetails\":{\"channelId\":\"UC");
  append_token (out, viewer, 22);
  g_string_append (out, "\",\"channelUrl\":\"http://www.youtube.com/channel/UC");
  append_token (out, viewer, 22);
  g_string_append (out, "\",\"displayName\":");
  append_json_string (out, name);
  g_string_append (out, ",\"profileImageUrl\":\"https://yt4.ggpht.com/ytc/AIdro_");
  append_token (out, viewer + 7, 40);
  g_string_append_printf (out, "=s88-c-k-c0x00ffffff-no-rj\",\"isVerified\":false,"
                          "\"isChatOwner\":false,\"isChatSponsor\":%s,"
                          "\"isChatModerator\":false}", sponsor ? "true" : "false");
}

static void
youtube_item (Generator *gen,
              GString   *out)
{
  double r = g_rand_double (gen->rand);
  guint viewer = pick_viewer (gen);
  gboolean sponsor = viewer % 4 == 0;
  g_autoptr(GString) id = g_string_new ("LCC.");
  g_autofree char *text = NULL;

  append_token (id, ++gen->serial, 40);
  gen->clock_us += SHOW_STEP_US;

  g_string_append (out, "{\"kind\":\"youtube#liveChatMessage\",\"etag\":\"");
  append_token (out, gen->serial + 3, 27);
  g_string_append_printf (out, "\",\"id\":\"%s\",\"snippet\":{", id->str);

  if (r < 0.01 && recent_id (gen, YOUTUBE) != NULL)
    {
      g_string_append (out, "\"type\":\"messageDeletedEvent\",\"liveChatId\":\"KicKGFVDOHZfN3d4X"
                       "2tOeWxGa1hMeTZQbXhOURILTTNCRHhSYkh6WGM\",\"authorChannelId\":"
                       "\"UCmod000000000000000000A\",\"publishedAt\":\"");
      append_time (out, gen->clock_us, TRUE);
      g_string_append_printf (out, "\",\"hasDisplayContent\":true,\"displayMessage\":"
                              "\"A message was removed by a moderator\","
                              "\"messageDeletedDetails\":{\"deletedMessageId\":\"%s\"}}}",
                              recent_id (gen, YOUTUBE));
      return;
    }

  if (r < 0.0105)
    {
      guint troll = pick_troll (gen);
      g_autofree char *name = display_name (troll);

      g_string_append (out, "\"type\":\"userBannedEvent\",\"liveChatId\":\"KicKGFVDOHZfN3d4X"
                       "2tOeWxGa1hMeTZQbXhOURILTTNCRHhSYkh6WGM\",\"authorChannelId\":"
                       "\"UCmod000000000000000000A\",\"publishedAt\":\"");
      append_time (out, gen->clock_us, TRUE);
      g_string_append (out, "\",\"hasDisplayContent\":true,\"displayMessage\":\"A viewer was "
                       "hidden by a moderator\",\"userBannedDetails\":{\"bannedUserDetails\":"
                       "{\"channelId\":\"UC");
      append_token (out, troll, 22);
      g_string_append (out, "\",\"displayName\":");
      append_json_string (out, name);
      g_string_append (out, "},\"banType\":\"temporary\",\"banDurationSeconds\":\"300\"}}}");
      return;
    }

  remember (gen, YOUTUBE, id->str);
  text = pick_text (gen);
  g_string_append (out, "\"liveChatId\":\"KicKGFVDOHZfN3d4X2tOeWxGa1hMeTZQbXhOURILTTNCRHhSYkh6"
                   "WGM\",\"authorChannelId\":\"UC");
  append_token (out, viewer, 22);
  g_string_append (out, "\",\"publishedAt\":\"");
  append_time (out, gen->clock_us, TRUE);
  g_string_append (out, "\",\"hasDisplayContent\":true,");

  if (r < 0.03)
    {
      guint units = (guint) g_rand_int_range (gen->rand, 1, 50);

      g_string_append_printf (out, "\"type\":\"superChatEvent\",\"displayMessage\":\"$%u.00 from "
                              "a viewer\",\"superChatDetails\":{\"amountMicros\":\"%u000000\","
                              "\"currency\":\"USD\",\"amountDisplayString\":\"$%u.00\","
                              "\"userComment\":", units, units, units);
      append_json_string (out, text);
      g_string_append_printf (out, ",\"tier\":%u}},", MIN (units / 5 + 1, 7));
    }
  else if (r < 0.035)
    {
      g_string_append (out, "\"type\":\"superStickerEvent\",\"displayMessage\":\"Sticker\","
                       "\"superStickerDetails\":{\"amountMicros\":\"2000000\",\"currency\":\"EUR\","
                       "\"amountDisplayString\":\"€2.00\",\"tier\":1,\"superStickerMetadata\":"
                       "{\"stickerId\":\"dancing_cat_v1\",\"altText\":\"Cat dancing\","
                       "\"altTextLanguage\":\"en\"}}},");
    }
  else if (r < 0.04)
    {
      g_string_append (out, "\"type\":\"newSponsorEvent\",\"displayMessage\":\"Welcome to the "
                       "club!\",\"newSponsorDetails\":{\"memberLevelName\":\"Insiders\","
                       "\"isUpgrade\":false}},");
    }
  else if (r < 0.043)
    {
      g_string_append (out, "\"type\":\"memberMilestoneChatEvent\",\"displayMessage\":");
      append_json_string (out, text);
      g_string_append_printf (out, ",\"memberMilestoneChatDetails\":{\"memberLevelName\":"
                              "\"Insiders\",\"memberMonth\":%d,\"userComment\":",
                              g_rand_int_range (gen->rand, 2, 30));
      append_json_string (out, text);
      g_string_append (out, "}},");
    }
  else
    {
      g_string_append (out, "\"type\":\"textMessageEvent\",\"displayMessage\":");
      append_json_string (out, text);
      g_string_append (out, ",\"textMessageDetails\":{\"messageText\":");
      append_json_string (out, text);
      g_string_append (out, "}},");
    }

  youtube_author (out, viewer, sponsor);
  g_string_append_c (out, '}');
}

static Delivery *
youtube_page (Generator *gen)
{
  GString *out = g_string_new ("{\"kind\":\"youtube#liveChatMessageListResponse\",\"etag\":\"");
  Delivery *delivery = g_new0 (Delivery, 1);

  append_token (out, gen->serial + 11, 27);
  g_string_append_printf (out, "\",\"pollingIntervalMillis\":%d,\"pageInfo\":{\"totalResults\":%d,"
                          "\"resultsPerPage\":%d},\"nextPageToken\":\"GO7V",
                          g_rand_int_range (gen->rand, 1000, 5000),
                          YOUTUBE_PAGE_ITEMS, YOUTUBE_PAGE_ITEMS);
  append_token (out, gen->serial + 13, 20);
  g_string_append (out, "\",\"items\":[");
  for (guint i = 0; i < YOUTUBE_PAGE_ITEMS; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      youtube_item (gen, out);
    }
  g_string_append (out, "]}");

  delivery->platform = YOUTUBE;
  delivery->n_messages = YOUTUBE_PAGE_ITEMS;
  delivery->length = out->len;
  delivery->data = g_string_free (out, FALSE);
  return delivery;
}

static Delivery *
facebook_page (Generator *gen)
{
  GString *out = g_string_new ("{\"data\":[");
  Delivery *delivery = g_new0 (Delivery, 1);

  for (guint i = 0; i < FACEBOOK_PAGE_COMMENTS; i++)
    {
      guint viewer = pick_viewer (gen);
      double r = g_rand_double (gen->rand);

      gen->clock_us += SHOW_STEP_US;
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"created_time\":\"");
      append_time (out, gen->clock_us, FALSE);
      g_string_append (out, "\",");
      /* Facebook leaves `from` out now and then. */
      if (r >= 0.05)
        {
          g_autofree char *name = display_name (viewer);

          g_string_append (out, "\"from\":{\"name\":");
          append_json_string (out, name);
          g_string_append_printf (out, ",\"id\":\"71204588%08u\"},", viewer);
        }
      if (r >= 0.05 && r < 0.06)
        {
          g_string_append (out, "\"attachment\":{\"type\":\"sticker\"},");
        }
      else
        {
          g_autofree char *text = pick_text (gen);

          g_string_append (out, "\"message\":");
          append_json_string (out, text);
          g_string_append_c (out, ',');
        }
      g_string_append_printf (out, "\"id\":\"1187745566201234_%" G_GUINT64_FORMAT "\"}",
                              G_GUINT64_CONSTANT (1187746000000000) + ++gen->serial);
    }

  g_string_append (out, "],\"paging\":{\"cursors\":{\"before\":\"QVFI");
  append_token (out, gen->serial, 40);
  g_string_append (out, "\",\"after\":\"QVFI");
  append_token (out, gen->serial + 1, 40);
  g_string_append (out, "\"},\"next\":\"https://graph.facebook.com/v21.0/1187745566201234/"
                   "comments?after=QVFI");
  append_token (out, gen->serial + 1, 40);
  g_string_append (out, "\"}}");

  delivery->platform = FACEBOOK;
  delivery->n_messages = FACEBOOK_PAGE_COMMENTS;
  delivery->length = out->len;
  delivery->data = g_string_free (out, FALSE);
  return delivery;
}

static Delivery *
generate (Generator *gen,
          Platform   platform)
{
  switch (platform)
    {
    case TWITCH:
      return twitch_frame (gen);
    case YOUTUBE:
      return youtube_page (gen);
    case FACEBOOK:
    default:
      return facebook_page (gen);
    }
}

static VitrineCatalog *
load_catalog (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (opt_catalog);
  g_autoptr(VitrineCatalogImport) import = NULL;
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(GError) error = NULL;
  VitrineCatalogImportOptions options = { 0, };

  options.format = VITRINE_CATALOG_FORMAT_AUTO;
  import = vitrine_catalog_import_file (file, &options, &error);
  if (import == NULL || !vitrine_catalog_import_apply (import, catalog, &error))
    {
      g_printerr ("feed-ingest: cannot import %s: %s\n", opt_catalog, error->message);
      exit (1);
    }
  return g_steal_pointer (&catalog);
}

/* How viewers claim a product, in the words of the default patterns:
 * {code} and {variant} are filled in (not printf formats, which the
 * compiler could not check). */
static char *
claim_text (const char *pattern,
            const char *code,
            const char *variant)
{
  g_autoptr(GString) text = g_string_new (pattern);

  g_string_replace (text, "{code}", code, 0);
  g_string_replace (text, "{variant}", variant != NULL ? variant : "", 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GPtrArray *
claim_texts (void)
{
  static const char * const plain[] = {
    "SOLD {code}", "sold {code}", "+1 {code}", "{code} +1", "mine {code}", "我要 {code}",
    "quiero {code} 2", "SOLD {code} 2", "claim {code}", "je prends {code}",
  };
  static const char * const with_variant[] = {
    "SOLD {code} {variant}", "sold {code} {variant}", "+1 {code} {variant}",
    "quiero {code} {variant}",
  };
  g_autoptr(VitrineCatalog) catalog = load_catalog ();
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(VitrineProduct) product = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      GListModel *variants = vitrine_product_get_variants (product);
      const char *code = vitrine_product_get_code (product);
      guint n_variants = variants != NULL ? g_list_model_get_n_items (variants) : 0;

      for (guint j = 0; j < G_N_ELEMENTS (plain) && n_variants == 0; j++)
        g_ptr_array_add (texts, claim_text (plain[j], code, NULL));
      for (guint v = 0; v < n_variants; v++)
        {
          g_autoptr(VitrineProductVariant) variant = g_list_model_get_item (variants, v);

          for (guint j = 0; j < G_N_ELEMENTS (with_variant); j++)
            g_ptr_array_add (texts, claim_text (with_variant[j], code,
                                                vitrine_product_variant_get_title (variant)));
        }
    }
  g_assert (texts->len > 0);
  return texts;
}

static Generator *
generator_new (guint32 seed)
{
  Generator *gen = g_new0 (Generator, 1);

  gen->rand = g_rand_new_with_seed (seed);
  gen->claims = claim_texts ();
  gen->clock_us = SHOW_START_US;
  return gen;
}

static void
generator_free (Generator *gen)
{
  for (guint p = 0; p < N_PLATFORMS; p++)
    for (guint i = 0; i < RECENT_IDS; i++)
      g_free (gen->recent[p][i]);
  g_ptr_array_unref (gen->claims);
  g_rand_free (gen->rand);
  g_free (gen);
}

/* Deliveries until @n_messages: one platform's, or (@platform
 * N_PLATFORMS) the three mixed by platform_share, in the order a studio
 * would receive them. */
static GPtrArray *
generate_deliveries (Generator *gen,
                     Platform   platform,
                     guint      n_messages)
{
  GPtrArray *deliveries = g_ptr_array_new_with_free_func ((GDestroyNotify) delivery_free);
  guint64 sent[N_PLATFORMS] = { 0, };
  guint64 total = 0;

  while (total < n_messages)
    {
      Platform next = platform;
      Delivery *delivery;

      if (platform == N_PLATFORMS)
        {
          /* The one furthest behind its share goes next. */
          double lag = G_MAXDOUBLE;

          for (guint p = 0; p < N_PLATFORMS; p++)
            if (sent[p] / platform_share[p] < lag)
              {
                lag = sent[p] / platform_share[p];
                next = p;
              }
        }

      delivery = generate (gen, next);
      sent[next] += delivery->n_messages;
      total += delivery->n_messages;
      g_ptr_array_add (deliveries, delivery);
    }

  return deliveries;
}

/* ---------------------------------------------------------------------- */
/* The studio's side                                                      */

#define BENCH_TYPE_SOURCE (bench_source_get_type ())

G_DECLARE_FINAL_TYPE (BenchSource, bench_source, BENCH, SOURCE, VitrineFeedSource)

/* A YouTube or Facebook connector that takes pages from the bench instead
 * of polling. */
struct _BenchSource
{
  VitrineFeedSource parent_instance;
};

G_DEFINE_FINAL_TYPE (BenchSource, bench_source, VITRINE_TYPE_FEED_SOURCE)

static void
bench_source_start (VitrineFeedSource *source)
{
}

static void
bench_source_class_init (BenchSourceClass *klass)
{
  VITRINE_FEED_SOURCE_CLASS (klass)->start = bench_source_start;
}

static void
bench_source_init (BenchSource *self)
{
}

/* RecentIds of vitrine-youtube-chat.c */
typedef struct
{
  GHashTable *set;
  GQueue      order;
  guint       max;
} RecentIds;

static void
recent_ids_init (RecentIds *ids,
                 guint      max)
{
  ids->set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&ids->order);
  ids->max = max;
}

static void
recent_ids_clear (RecentIds *ids)
{
  g_queue_clear (&ids->order);
  g_clear_pointer (&ids->set, g_hash_table_unref);
}

static gboolean
recent_ids_contains (RecentIds  *ids,
                     const char *id)
{
  return id != NULL && g_hash_table_contains (ids->set, id);
}

static void
recent_ids_add (RecentIds  *ids,
                const char *id)
{
  char *copy;

  if (id == NULL || g_hash_table_contains (ids->set, id))
    return;

  copy = g_strdup (id);
  g_hash_table_add (ids->set, copy);
  g_queue_push_tail (&ids->order, copy);
  while (ids->order.length > ids->max)
    g_hash_table_remove (ids->set, g_queue_pop_head (&ids->order));
}

typedef struct
{
  char               *dir;
  VitrineFeedSession *session;
  VitrineFeed        *feed;
  VitrineClaimQueue  *claims;
  VitrineFeedSource  *sources[N_PLATFORMS];
  RecentIds           youtube_seen;
  RecentIds           youtube_deleted;
  RecentIds           facebook_seen;
  guint               duplicates;
  guint64             skipped;       /* items the parsers could not read */
  gboolean            journal_failed;
} Pipeline;

static void
journal_failed_cb (VitrineFeedSession *session,
                   GError             *error,
                   Pipeline           *pipeline)
{
  g_printerr ("feed-ingest: the journal did not open: %s\n", error->message);
  pipeline->journal_failed = TRUE;
}

static void
duplicate_cb (VitrineClaimQueue *queue,
              VitrineClaim      *claim,
              VitrineFeedItem   *message,
              Pipeline          *pipeline)
{
  pipeline->duplicates++;
}

/* The application's session for a show with no connectors of its own (they
 * would go on the network): the bench adds its own to the feed. */
static Pipeline *
pipeline_new (guint    window,
              gboolean with_journal)
{
  static const char show_json[] =
    "{\"name\": \"Feed ingest bench\","
    " \"canvas\": {\"width\": 1280, \"height\": 720},"
    " \"sources\": [{\"id\": \"bars\", \"type\": \"test-pattern\"}],"
    " \"scenes\": [{\"id\": \"full\", \"main\": \"bars\"}]}";
  Pipeline *pipeline = g_new0 (Pipeline, 1);
  g_autoptr(VitrineShow) show = NULL;
  g_autoptr(VitrineCatalog) catalog = load_catalog ();
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *journal = NULL;

  pipeline->dir = g_dir_make_tmp ("vitrine-feed-ingest-XXXXXX", &error);
  g_assert_no_error (error);
  journal = g_build_filename (pipeline->dir, "show.journal", NULL);

  show = vitrine_show_new_from_data (show_json, -1, pipeline->dir, "bench.json", &error);
  if (show == NULL)
    {
      g_printerr ("feed-ingest: the bench's show is refused: %s\n", error->message);
      exit (1);
    }

  pipeline->session = vitrine_feed_session_new (show, pipeline->dir, window);
  vitrine_feed_session_set_catalog (pipeline->session, catalog);
  g_signal_connect (pipeline->session, "journal-failed", G_CALLBACK (journal_failed_cb),
                    pipeline);
  vitrine_feed_session_start (pipeline->session, with_journal ? journal : NULL);
  while (with_journal && !pipeline->journal_failed &&
         vitrine_feed_session_get_journal (pipeline->session) == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (pipeline->journal_failed)
    exit (1);

  pipeline->feed = vitrine_feed_session_get_feed (pipeline->session);
  pipeline->claims = vitrine_feed_session_get_claims (pipeline->session);
  g_assert (pipeline->claims != NULL);
  g_signal_connect (pipeline->claims, "duplicate", G_CALLBACK (duplicate_cb), pipeline);

  pipeline->sources[TWITCH] = g_object_new (VITRINE_TYPE_TWITCH_CHAT,
                                            "id", "twitch",
                                            "platform", "twitch",
                                            "channel", "shopwithmona",
                                            "session", soup,
                                            NULL);
  for (guint p = YOUTUBE; p < N_PLATFORMS; p++)
    pipeline->sources[p] = g_object_new (BENCH_TYPE_SOURCE,
                                         "id", platform_ids[p],
                                         "platform", platform_ids[p],
                                         NULL);
  for (guint p = 0; p < N_PLATFORMS; p++)
    {
      vitrine_feed_add_source (pipeline->feed, pipeline->sources[p]);
      /* Only for the chips' colour: nothing is started. */
      _vitrine_feed_source_set_state (pipeline->sources[p], VITRINE_FEED_SOURCE_LIVE, NULL);
    }

  recent_ids_init (&pipeline->youtube_seen, YOUTUBE_MAX_SEEN);
  recent_ids_init (&pipeline->youtube_deleted, YOUTUBE_MAX_DELETED);
  recent_ids_init (&pipeline->facebook_seen, G_MAXUINT);
  return pipeline;
}

static VitrineJournal *
pipeline_get_journal (Pipeline *pipeline)
{
  return vitrine_feed_session_get_journal (pipeline->session);
}

static void
pipeline_free (Pipeline *pipeline)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_signal_handlers_disconnect_by_data (pipeline->claims, pipeline);
  g_signal_handlers_disconnect_by_data (pipeline->session, pipeline);
  for (guint p = 0; p < N_PLATFORMS; p++)
    g_clear_object (&pipeline->sources[p]);
  /* Closes the journal. */
  g_clear_object (&pipeline->session);
  recent_ids_clear (&pipeline->youtube_seen);
  recent_ids_clear (&pipeline->youtube_deleted);
  recent_ids_clear (&pipeline->facebook_seen);

  dir = g_dir_open (pipeline->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (pipeline->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (pipeline->dir);
  g_free (pipeline->dir);
  g_free (pipeline);
}

/* emit_page() of vitrine-youtube-chat.c, without the history rule (every
 * page here is live). */
static void
youtube_emit_page (Pipeline                  *pipeline,
                   VitrineYoutubeParseResult *page)
{
  VitrineFeedSource *source = pipeline->sources[YOUTUBE];

  for (guint i = 0; i < page->items->len; i++)
    {
      VitrineFeedItem *item = g_ptr_array_index (page->items, i);
      const char *id = vitrine_feed_item_get_id (item);

      if (recent_ids_contains (&pipeline->youtube_seen, id))
        continue;
      recent_ids_add (&pipeline->youtube_seen, id);

      _vitrine_feed_source_emit_item (source, item);
      if (recent_ids_contains (&pipeline->youtube_deleted, id))
        _vitrine_feed_source_emit_retract (source, id);
    }

  for (guint i = 0; i < page->retracted->len; i++)
    {
      const char *id = g_ptr_array_index (page->retracted, i);

      recent_ids_add (&pipeline->youtube_deleted, id);
      _vitrine_feed_source_emit_retract (source, id);
    }

  for (guint i = 0; i < page->banned->len; i++)
    _vitrine_feed_source_emit_ban (source, g_ptr_array_index (page->banned, i));
}

static void
pipeline_deliver (Pipeline *pipeline,
                  Delivery *delivery)
{
  switch (delivery->platform)
    {
    case TWITCH:
      _vitrine_twitch_chat_receive_frame (VITRINE_TWITCH_CHAT (pipeline->sources[TWITCH]),
                                          delivery->data, delivery->length);
      break;

    case YOUTUBE:
      {
        g_autoptr(VitrineYoutubeParseResult) page = vitrine_youtube_parse_page (delivery->data,
                                                                                delivery->length);

        g_assert (page->reason == VITRINE_YOUTUBE_REASON_NONE);
        pipeline->skipped += page->n_skipped;
        youtube_emit_page (pipeline, page);
      }
      break;

    case FACEBOOK:
    default:
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(VitrineFacebookPage) page = vitrine_facebook_parse_comments (delivery->data,
                                                                               delivery->length,
                                                                               &error);

        g_assert_no_error (error);
        g_assert (page->error == NULL);
        pipeline->skipped += page->n_skipped;
        for (guint i = 0; i < page->comments->len; i++)
          {
            VitrineFeedItem *item = g_ptr_array_index (page->comments, i);
            const char *id = vitrine_feed_item_get_id (item);

            if (recent_ids_contains (&pipeline->facebook_seen, id))
              continue;
            recent_ids_add (&pipeline->facebook_seen, id);
            _vitrine_feed_source_emit_item (pipeline->sources[FACEBOOK], item);
          }
      }
      break;
    }
}

/* ---------------------------------------------------------------------- */
/* Part A: throughput                                                     */

typedef struct
{
  Pipeline  *pipeline;
  GPtrArray *deliveries;
  guint      next;
} Feeder;

static gboolean
feeder_cb (gpointer data)
{
  Feeder *feeder = data;

  pipeline_deliver (feeder->pipeline, g_ptr_array_index (feeder->deliveries, feeder->next++));
  return feeder->next < feeder->deliveries->len ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static guint64
count_messages (GPtrArray *deliveries,
                int        platform)
{
  guint64 n = 0;

  for (guint i = 0; i < deliveries->len; i++)
    {
      Delivery *delivery = g_ptr_array_index (deliveries, i);

      if (platform < 0 || delivery->platform == (Platform) platform)
        n += delivery->n_messages;
    }
  return n;
}

static void
run_throughput (const char *scenario,
                GPtrArray  *deliveries,
                gboolean    with_journal,
                guint       run)
{
  Pipeline *pipeline = pipeline_new (APP_FEED_WINDOW, with_journal);
  Feeder feeder = { pipeline, deliveries, 0 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 start, end;
  double cpu_start, cpu_end;
  guint commits = 0;

  cpu_start = cpu_seconds ();
  start = g_get_monotonic_time ();
  g_idle_add_full (G_PRIORITY_DEFAULT, feeder_cb, &feeder, NULL);
  while (feeder.next < deliveries->len)
    g_main_context_iteration (NULL, TRUE);
  /* With the journal, done means on disk. */
  if (with_journal)
    {
      g_autoptr(GError) error = NULL;

      if (!vitrine_journal_flush (pipeline_get_journal (pipeline), &error))
        g_printerr ("feed-ingest: the journal did not flush: %s\n", error->message);
      commits = vitrine_journal_get_commits (pipeline_get_journal (pipeline));
    }
  end = g_get_monotonic_time ();
  cpu_end = cpu_seconds ();

  json_builder_begin_object (builder);
  add_string (builder, "part", "throughput");
  add_string (builder, "scenario", scenario);
  add_boolean (builder, "journal", with_journal);
  add_int (builder, "run", run);
  add_int (builder, "messages", (gint64) count_messages (deliveries, -1));
  add_int (builder, "deliveries", deliveries->len);
  add_double (builder, "seconds", (end - start) / 1e6);
  add_double (builder, "cpu_seconds", cpu_end - cpu_start);
  add_int (builder, "appended", (gint64) vitrine_feed_get_total (pipeline->feed));
  add_int (builder, "claims",
           g_list_model_get_n_items (vitrine_claim_queue_get_claims (pipeline->claims)));
  add_int (builder, "duplicate_claims", pipeline->duplicates);
  add_int (builder, "skipped", (gint64) pipeline->skipped);
  add_int (builder, "window", vitrine_feed_get_window (pipeline->feed));
  add_int (builder, "journal_commits", commits);
  json_builder_end_object (builder);
  print_result (builder);

  pipeline_free (pipeline);
}

/* The parsers alone, and json-glib alone on the same pages: how much of
 * the work is reading the wire format. */
static void
run_parse_only (const char *scenario,
                GPtrArray  *deliveries,
                guint       run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonBuilder) json_builder = NULL;
  guint64 json_messages = count_messages (deliveries, YOUTUBE) +
                          count_messages (deliveries, FACEBOOK);
  gint64 start = g_get_monotonic_time ();
  gint64 end;

  for (guint i = 0; i < deliveries->len; i++)
    {
      Delivery *delivery = g_ptr_array_index (deliveries, i);

      switch (delivery->platform)
        {
        case TWITCH:
          {
            g_auto(GStrv) lines = vitrine_twitch_irc_split_frame (delivery->data,
                                                                  delivery->length);

            for (guint j = 0; lines[j] != NULL; j++)
              vitrine_twitch_irc_message_free (vitrine_twitch_irc_parse_line (lines[j], -1));
          }
          break;

        case YOUTUBE:
          vitrine_youtube_parse_result_free (vitrine_youtube_parse_page (delivery->data,
                                                                         delivery->length));
          break;

        case FACEBOOK:
        default:
          {
            VitrineFacebookPage *page = vitrine_facebook_parse_comments (delivery->data,
                                                                         delivery->length, NULL);

            g_clear_pointer (&page, vitrine_facebook_page_free);
          }
          break;
        }
    }
  end = g_get_monotonic_time ();

  json_builder_begin_object (builder);
  add_string (builder, "part", "parse-only");
  add_string (builder, "scenario", scenario);
  add_int (builder, "run", run);
  add_int (builder, "messages", (gint64) count_messages (deliveries, -1));
  add_double (builder, "seconds", (end - start) / 1e6);
  json_builder_end_object (builder);
  print_result (builder);

  if (json_messages == 0)
    return;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < deliveries->len; i++)
    {
      Delivery *delivery = g_ptr_array_index (deliveries, i);
      g_autoptr(JsonParser) parser = NULL;

      if (delivery->platform == TWITCH)
        continue;
      parser = json_parser_new ();
      if (!json_parser_load_from_data (parser, delivery->data, (gssize) delivery->length, NULL))
        g_assert_not_reached ();
    }
  end = g_get_monotonic_time ();

  json_builder = json_builder_new ();
  json_builder_begin_object (json_builder);
  add_string (json_builder, "part", "json-glib");
  add_string (json_builder, "scenario", scenario);
  add_int (json_builder, "run", run);
  add_int (json_builder, "messages", (gint64) json_messages);
  add_double (json_builder, "seconds", (end - start) / 1e6);
  json_builder_end_object (json_builder);
  print_result (json_builder);
}

static void
dump_pages (GPtrArray  *deliveries,
            const char *name)
{
  g_autofree char *path = g_build_filename (opt_dump, name, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  /* One page a line: no page holds a raw line break. */
  for (guint i = 0; i < deliveries->len; i++)
    {
      Delivery *delivery = g_ptr_array_index (deliveries, i);

      g_assert (memchr (delivery->data, '\n', delivery->length) == NULL);
      g_string_append_len (text, delivery->data, (gssize) delivery->length);
      g_string_append_c (text, '\n');
    }
  if (!g_file_set_contents (path, text->str, (gssize) text->len, &error))
    g_printerr ("feed-ingest: %s\n", error->message);
}

static gboolean
wanted (const char *scenario)
{
  g_auto(GStrv) list = NULL;

  if (opt_scenarios == NULL)
    return TRUE;
  list = g_strsplit (opt_scenarios, ",", -1);
  return g_strv_contains ((const char * const *) list, scenario);
}

static int
throughput (void)
{
  static const struct {
    const char *name;
    Platform    platform;
  } scenarios[] = {
    { "twitch", TWITCH },
    { "youtube", YOUTUBE },
    { "facebook", FACEBOOK },
    { "mixed", N_PLATFORMS },
  };

  for (guint s = 0; s < G_N_ELEMENTS (scenarios); s++)
    {
      Generator *gen;
      g_autoptr(GPtrArray) deliveries = NULL;

      if (!wanted (scenarios[s].name))
        continue;

      g_printerr ("feed-ingest: %s: generating %d messages\n", scenarios[s].name, opt_messages);
      gen = generator_new (20261121 + s);
      deliveries = generate_deliveries (gen, scenarios[s].platform, (guint) opt_messages);
      generator_free (gen);

      if (opt_dump != NULL && scenarios[s].platform == YOUTUBE)
        dump_pages (deliveries, "youtube.jsonl");
      if (opt_dump != NULL && scenarios[s].platform == FACEBOOK)
        dump_pages (deliveries, "facebook.jsonl");

      /* Alternating, so that a slow minute of the machine hits both. */
      for (int run = 1; run <= opt_runs; run++)
        {
          g_printerr ("feed-ingest: %s: run %d of %d\n", scenarios[s].name, run, opt_runs);
          run_throughput (scenarios[s].name, deliveries, run % 2 == 0, (guint) run);
          run_throughput (scenarios[s].name, deliveries, run % 2 != 0, (guint) run);
          run_parse_only (scenarios[s].name, deliveries, (guint) run);
        }
    }

  return 0;
}

/* ---------------------------------------------------------------------- */
/* Part B: responsiveness                                                 */

typedef struct
{
  gint64 end;
  gint64 gap;
} Tick;

typedef struct
{
  gint64 before;   /* before-paint */
  gint64 update;   /* after the tick callbacks */
  gint64 layout;   /* after the layout */
  gint64 paint;    /* after the paint */
  gint64 after;    /* after-paint */
} Frame;

typedef struct
{
  char   what[64];
  gint64 start;
  gint64 end;
} Event;

typedef struct
{
  Pipeline        *pipeline;
  GtkWidget       *window;
  VitrineFeedPane *pane;
  GtkAdjustment   *vadjustment;
  GdkFrameClock   *clock;
  GRand           *rand;

  GPtrArray       *streams[N_PLATFORMS];  /* Delivery */
  guint            next[N_PLATFORMS];
  guint64          delivered[N_PLATFORMS];
  guint64          base[N_PLATFORMS];     /* delivered when the measurement began */

  gint64           start;                 /* of the measurement */
  gint64           duration;
  gboolean         measuring;
  gboolean         done;
  guint            schedule_id;
  guint            tick_id;
  guint            script_id;
  guint            step;
  guint            last_jump;             /* the second of the last scrollbar jump */

  gint64           last_tick;
  GArray          *ticks;                 /* Tick */
  Frame            frame;
  GArray          *frames;                /* Frame */
  GArray          *events;                /* Event */
  GArray          *delivery_us[N_PLATFORMS];   /* gint64: how long each delivery took */

  gint64           search_start;
  JsonBuilder     *refilters;             /* array of what each refilter took */
  guint            n_refilters;
  gboolean         xtest;
  gboolean         following_after_wheel;
  guint            n_wheel;
  guint            n_jumps;
  guint            n_scroll_steps;
  guint64          n_binds;               /* rows the list bound to an item */
  guint64          n_unbinds;
  guint64          fill_binds;            /* rows bound while filling */
  guint64          backlog;               /* messages due but not delivered at the end */
  gint64           end;                   /* of the measurement */
  guint64          binds[N_PLATFORMS];    /* while delivering, measuring */
  guint64          unbinds[N_PLATFORMS];
} Bench;

static void
log_event (Bench      *bench,
           gint64      start,
           gint64      end,
           const char *format,
           ...) G_GNUC_PRINTF (4, 5);

static void
log_event (Bench      *bench,
           gint64      start,
           gint64      end,
           const char *format,
           ...)
{
  Event event = { { 0, }, start, end };
  va_list args;

  va_start (args, format);
  g_vsnprintf (event.what, sizeof event.what, format, args);
  va_end (args);
  g_array_append_val (bench->events, event);
}

static void
bench_deliver (Bench    *bench,
               Platform  platform)
{
  Delivery *delivery = g_ptr_array_index (bench->streams[platform], bench->next[platform]++);
  gint64 start = g_get_monotonic_time ();
  guint64 binds = bench->n_binds;
  guint64 unbinds = bench->n_unbinds;
  gint64 end;
  gint64 took;

  pipeline_deliver (bench->pipeline, delivery);
  end = g_get_monotonic_time ();
  bench->delivered[platform] += delivery->n_messages;

  if (!bench->measuring)
    return;
  took = end - start;
  g_array_append_val (bench->delivery_us[platform], took);
  bench->binds[platform] += bench->n_binds - binds;
  bench->unbinds[platform] += bench->n_unbinds - unbinds;
  log_event (bench, start, end, "%s %s of %u (%" G_GUINT64_FORMAT " rows bound)",
             platform_ids[platform], platform == TWITCH ? "frame" : "page",
             delivery->n_messages, bench->n_binds - binds);
}

static gboolean
has_more (Bench    *bench,
          Platform  platform)
{
  return bench->next[platform] < bench->streams[platform]->len;
}

/* Fill: as fast as the main loop goes, one delivery per dispatch, the
 * platform furthest behind its share first. */
static gboolean
fill_cb (gpointer data)
{
  Bench *bench = data;
  Platform next = TWITCH;
  double lag = G_MAXDOUBLE;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (bench->pipeline->feed));

  for (guint p = 0; p < N_PLATFORMS; p++)
    if (has_more (bench, p) && bench->delivered[p] / platform_share[p] < lag)
      {
        lag = bench->delivered[p] / platform_share[p];
        next = p;
      }
  /* The last few hundred items a Twitch frame at a time: a page must not
   * run past the window (its removals belong to the measurement). */
  if (n + 2 * YOUTUBE_PAGE_ITEMS + 50 >= (guint) opt_view)
    next = TWITCH;
  if (lag == G_MAXDOUBLE || !has_more (bench, next))
    {
      g_printerr ("feed-ingest: ran out of input while filling\n");
      exit (1);
    }
  bench_deliver (bench, next);

  if (g_list_model_get_n_items (G_LIST_MODEL (bench->pipeline->feed)) >= (guint) opt_view)
    {
      bench->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* When @platform's next delivery is due: its share of --rate messages a
 * second since the start, a whole frame or page at a time. */
static gint64
due_time (Bench    *bench,
          Platform  platform)
{
  Delivery *delivery;
  double rate = opt_rate * platform_share[platform];

  if (!has_more (bench, platform))
    return G_MAXINT64;
  delivery = g_ptr_array_index (bench->streams[platform], bench->next[platform]);
  return bench->start +
         (gint64) ((bench->delivered[platform] - bench->base[platform] + delivery->n_messages)
                   * G_USEC_PER_SEC / rate);
}

static gboolean schedule_cb (gpointer data);

static void
schedule_next (Bench *bench)
{
  gint64 due = G_MAXINT64;
  gint64 now = g_get_monotonic_time ();

  for (guint p = 0; p < N_PLATFORMS; p++)
    due = MIN (due, due_time (bench, p));
  if (due == G_MAXINT64)
    {
      g_printerr ("feed-ingest: ran out of input while measuring\n");
      return;
    }
  /* As a socket becomes readable when the data arrives. */
  bench->schedule_id = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                           (guint) MAX (0, (due - now + 999) / 1000),
                                           schedule_cb, bench, NULL);
}

static gboolean
schedule_cb (gpointer data)
{
  Bench *bench = data;
  gint64 now = g_get_monotonic_time ();

  bench->schedule_id = 0;
  if (!bench->measuring)
    return G_SOURCE_REMOVE;
  /* One frame or page per platform and dispatch, as each socket gives one
   * at a time: when the main loop is late, the backlog waits its turn with
   * the other sources instead of holding the loop. */
  for (guint p = 0; p < N_PLATFORMS; p++)
    if (due_time (bench, p) <= now)
      bench_deliver (bench, p);
  schedule_next (bench);
  return G_SOURCE_REMOVE;
}

/* Messages that were due by now and not delivered yet. */
static guint64
backlog (Bench *bench)
{
  gint64 now = g_get_monotonic_time ();
  guint64 late = 0;

  for (guint p = 0; p < N_PLATFORMS; p++)
    {
      double due = opt_rate * platform_share[p] * (now - bench->start) / G_USEC_PER_SEC;
      double done = (double) (bench->delivered[p] - bench->base[p]);

      if (due > done)
        late += (guint64) (due - done);
    }
  return late;
}

static gboolean
tick_cb (gpointer data)
{
  Bench *bench = data;
  gint64 now = g_get_monotonic_time ();

  if (bench->last_tick != 0)
    {
      Tick tick = { now, now - bench->last_tick };

      g_array_append_val (bench->ticks, tick);
    }
  bench->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *bench)
{
  memset (&bench->frame, 0, sizeof bench->frame);
  bench->frame.before = g_get_monotonic_time ();
}

static void
update_cb (GdkFrameClock *clock,
           Bench         *bench)
{
  bench->frame.update = g_get_monotonic_time ();
}

static void
layout_cb (GdkFrameClock *clock,
           Bench         *bench)
{
  bench->frame.layout = g_get_monotonic_time ();
}

static void
paint_cb (GdkFrameClock *clock,
          Bench         *bench)
{
  bench->frame.paint = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  bench->frame.after = g_get_monotonic_time ();
  if (bench->measuring && bench->frame.before != 0)
    g_array_append_val (bench->frames, bench->frame);
}

/* Connected after the pane's own handlers: counts what the list did. */
static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         Bench                    *bench)
{
  bench->n_binds++;
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           Bench                    *bench)
{
  bench->n_unbinds++;
}

static gboolean
search_hook_cb (GSignalInvocationHint *hint,
                guint                  n_params,
                const GValue          *params,
                gpointer               data)
{
  Bench *bench = data;

  /* Before the pane's own handler: it refilters synchronously. */
  if (g_value_get_object (&params[0]) == (gpointer) vitrine_feed_pane_get_search_entry (bench->pane))
    bench->search_start = g_get_monotonic_time ();
  return TRUE;
}

static void
add_refilter (Bench      *bench,
              const char *what,
              gint64      start,
              gint64      end)
{
  guint shown = g_list_model_get_n_items (vitrine_feed_pane_get_shown (bench->pane));

  json_builder_begin_object (bench->refilters);
  add_string (bench->refilters, "what", what);
  add_double (bench->refilters, "ms", (end - start) / 1e3);
  add_int (bench->refilters, "shown", shown);
  add_int (bench->refilters, "of",
           g_list_model_get_n_items (G_LIST_MODEL (bench->pipeline->feed)));
  json_builder_end_object (bench->refilters);
  bench->n_refilters++;
  log_event (bench, start, end, "%s", what);
  g_printerr ("feed-ingest: %s: %.1f ms, %u shown\n", what, (end - start) / 1e3, shown);
}

static void
search_changed_after_cb (GtkSearchEntry *entry,
                         Bench          *bench)
{
  g_autofree char *what = NULL;

  if (!bench->measuring || bench->search_start == 0)
    return;
  what = g_strdup_printf ("search \"%s\"", gtk_editable_get_text (GTK_EDITABLE (entry)));
  add_refilter (bench, what, bench->search_start, g_get_monotonic_time ());
  bench->search_start = 0;
}

static void
set_filter (Bench             *bench,
            VitrineFeedFilter  filter,
            const char        *name)
{
  gint64 start = g_get_monotonic_time ();
  g_autofree char *what = g_strdup_printf ("filter %s", name);

  /* As choosing it in the drop-down: synchronous. */
  vitrine_feed_pane_set_filter (bench->pane, filter);
  add_refilter (bench, what, start, g_get_monotonic_time ());
}

#ifdef HAVE_XTEST
static Display *
xdisplay_of (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);

  return GDK_IS_X11_DISPLAY (display) ? gdk_x11_display_get_xdisplay (display) : NULL;
}

/* The pointer over the middle of the list, as in tests/ui/test-feed-pane.c. */
static gboolean
point_at_list (Bench *bench)
{
  GtkWidget *list = GTK_WIDGET (vitrine_feed_pane_get_list_view (bench->pane));
  Display *xdisplay = xdisplay_of (bench->window);
  GtkNative *native = gtk_widget_get_native (list);
  GdkSurface *surface = gtk_native_get_surface (native);
  graphene_point_t center, point;
  double surface_x, surface_y;
  int root_x, root_y, event, error, major, minor;
  Window child;

  if (xdisplay == NULL || !XTestQueryExtension (xdisplay, &event, &error, &major, &minor))
    return FALSE;

  center = GRAPHENE_POINT_INIT (gtk_widget_get_width (list) / 2.0,
                                gtk_widget_get_height (list) / 2.0);
  if (!gtk_widget_compute_point (list, GTK_WIDGET (native), &center, &point))
    return FALSE;
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (surface),
                         DefaultRootWindow (xdisplay),
                         (int) (point.x + surface_x), (int) (point.y + surface_y),
                         &root_x, &root_y, &child);
  XTestFakeMotionEvent (xdisplay, -1, root_x, root_y, CurrentTime);
  XFlush (xdisplay);
  return TRUE;
}

static void
wheel_up (Bench *bench)
{
  Display *xdisplay = xdisplay_of (bench->window);

  /* Into the X server's queue; GTK reads it as a host's wheel. */
  XTestFakeButtonEvent (xdisplay, 4, True, CurrentTime);
  XTestFakeButtonEvent (xdisplay, 4, False, CurrentTime);
  XFlush (xdisplay);
  bench->n_wheel++;
}
#endif

static double
elapsed (Bench *bench)
{
  /* In the script's own 10 seconds, whatever --seconds is. */
  return (g_get_monotonic_time () - bench->start) * 10.0 / bench->duration;
}

/* What the host does meanwhile, on a 10-second timeline:
 *  0    following the newest (the list scrolls to each new item)
 *  1.5  the wheel turns up 5 clicks: the list stops following
 *  2-9  the host reads back: a 50 px scroll step every frame, and once a
 *       second a jump somewhere else (a drag of the scrollbar)
 *  3    types "sold" into the search (the list refilters 100 000 items)
 *  5.5  clears it (again)
 *  7    picks "Paid" in the filter drop-down
 *  8    and "All" again
 *  9.2  jumps back to the newest (the "N new" button) */
static gboolean
script_cb (gpointer data)
{
  Bench *bench = data;
  double t = elapsed (bench);
  GtkEditable *search = GTK_EDITABLE (vitrine_feed_pane_get_search_entry (bench->pane));
  gint64 now = g_get_monotonic_time ();

  /* Past 10 s, and every step taken (a stall can push them late), or
   * --max-seconds of wall time whatever was done. */
  if ((t >= 10.0 && bench->step >= 7) || now - bench->start >= opt_max_seconds * G_USEC_PER_SEC)
    {
      bench->backlog = backlog (bench);
      bench->measuring = FALSE;
      bench->done = TRUE;
      bench->script_id = 0;
      return G_SOURCE_REMOVE;
    }

  switch (bench->step)
    {
    case 0:
      if (t < 1.5)
        break;
#ifdef HAVE_XTEST
      if (bench->xtest)
        {
          for (guint i = 0; i < 5; i++)
            wheel_up (bench);
          log_event (bench, now, now, "wheel up 5 clicks");
        }
#endif
      bench->step++;
      break;

    case 1:
      if (t < 2.0)
        break;
#ifdef HAVE_XTEST
      /* A busy main loop may have read the first turn late, or the list
       * been put back at the bottom: a host turns the wheel again. */
      if (bench->xtest && vitrine_feed_pane_get_following (bench->pane))
        {
          for (guint i = 0; i < 5; i++)
            wheel_up (bench);
          log_event (bench, now, now, "wheel up 5 more clicks");
        }
#endif
      bench->step++;
      break;

    case 2:
      if (t < 3.0)
        break;
      bench->following_after_wheel = vitrine_feed_pane_get_following (bench->pane);
      gtk_editable_set_text (search, "sold");
      bench->step++;
      break;

    case 3:
      /* Only once the first search has run: the entry emits one
       * "search-changed" for the last text typed within its delay. */
      if (t < 5.5 || bench->n_refilters < 1)
        break;
      gtk_editable_set_text (search, "");
      bench->step++;
      break;

    case 4:
      if (t < 7.0 || bench->n_refilters < 2)
        break;
      set_filter (bench, VITRINE_FEED_FILTER_PAID, "Paid");
      bench->step++;
      break;

    case 5:
      if (t < 8.0)
        break;
      set_filter (bench, VITRINE_FEED_FILTER_ALL, "All");
      bench->step++;
      break;

    case 6:
      if (t < 9.2)
        break;
      vitrine_feed_pane_scroll_to_newest (bench->pane);
      log_event (bench, now, g_get_monotonic_time (), "scroll to newest");
      bench->step++;
      break;

    default:
      break;
    }

  if (t >= 2.0 && t < 9.0)
    {
      double lower = gtk_adjustment_get_lower (bench->vadjustment);
      double upper = gtk_adjustment_get_upper (bench->vadjustment) -
                     gtk_adjustment_get_page_size (bench->vadjustment);
      double value = gtk_adjustment_get_value (bench->vadjustment);
      gint64 start = g_get_monotonic_time ();

      /* Once a second a jump, else a step up. */
      if ((guint) t > bench->last_jump)
        {
          gtk_adjustment_set_value (bench->vadjustment,
                                    g_rand_double_range (bench->rand, lower, MAX (lower, upper)));
          bench->last_jump = (guint) t;
          bench->n_jumps++;
          log_event (bench, start, g_get_monotonic_time (), "scrollbar jump");
        }
      else
        {
          gtk_adjustment_set_value (bench->vadjustment, MAX (lower, value - 50.0));
          bench->n_scroll_steps++;
        }
    }

  return G_SOURCE_CONTINUE;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Percentile @p (0-100) of @values (sorted), nearest rank. */
static gint64
percentile (GArray *values,
            double  p)
{
  guint rank;

  if (values->len == 0)
    return 0;
  rank = (guint) ceil (p / 100.0 * values->len);
  return g_array_index (values, gint64, CLAMP (rank, 1, values->len) - 1);
}

static void
add_distribution (JsonBuilder *builder,
                  const char  *name,
                  GArray      *values,
                  const gint64 *over_us,
                  guint        n_over)
{
  g_autoptr(GArray) sorted = g_array_copy (values);

  g_array_sort (sorted, compare_gint64);
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  add_int (builder, "count", sorted->len);
  add_double (builder, "median_ms", percentile (sorted, 50) / 1e3);
  add_double (builder, "p99_ms", percentile (sorted, 99) / 1e3);
  add_double (builder, "p999_ms", percentile (sorted, 99.9) / 1e3);
  add_double (builder, "worst_ms", sorted->len ? g_array_index (sorted, gint64, sorted->len - 1)
                                               / 1e3 : 0);
  for (guint i = 0; i < n_over; i++)
    {
      g_autofree char *key = g_strdup_printf ("over_%d_ms", (int) (over_us[i] / 1000));
      guint n = 0;

      for (guint j = 0; j < sorted->len; j++)
        n += g_array_index (sorted, gint64, j) > over_us[i];
      add_int (builder, key, n);
    }
  json_builder_end_object (builder);
}

static int
compare_ticks_desc (gconstpointer a,
                    gconstpointer b)
{
  const Tick *x = a;
  const Tick *y = b;

  return x->gap > y->gap ? -1 : x->gap < y->gap;
}

/* The longest stalls and what ran inside each. */
static void
add_worst_stalls (Bench       *bench,
                  JsonBuilder *builder)
{
  g_autoptr(GArray) ticks = g_array_copy (bench->ticks);

  g_array_sort (ticks, compare_ticks_desc);
  json_builder_set_member_name (builder, "worst_stalls");
  json_builder_begin_array (builder);
  for (guint i = 0; i < MIN (ticks->len, 8); i++)
    {
      Tick *tick = &g_array_index (ticks, Tick, i);
      gint64 from = tick->end - tick->gap;

      json_builder_begin_object (builder);
      add_double (builder, "ms", tick->gap / 1e3);
      add_double (builder, "at_s", (from - bench->start) / 1e6);
      json_builder_set_member_name (builder, "inside");
      json_builder_begin_array (builder);
      for (guint j = 0; j < bench->events->len; j++)
        {
          Event *event = &g_array_index (bench->events, Event, j);

          if (event->end >= from && event->start <= tick->end && event->end - event->start >= 500)
            {
              g_autofree char *text = g_strdup_printf ("%s: %.1f ms", event->what,
                                                       (event->end - event->start) / 1e3);

              json_builder_add_string_value (builder, text);
            }
        }
      for (guint j = 0; j < bench->frames->len; j++)
        {
          Frame *frame = &g_array_index (bench->frames, Frame, j);

          if (frame->after >= from && frame->before <= tick->end &&
              frame->after - frame->before >= 500)
            {
              g_autofree char *text =
                g_strdup_printf ("frame: %.1f ms (update %.1f, layout %.1f, paint %.1f)",
                                 (frame->after - frame->before) / 1e3,
                                 frame->update ? (frame->update - frame->before) / 1e3 : 0,
                                 frame->layout && frame->update
                                   ? (frame->layout - frame->update) / 1e3 : 0,
                                 frame->paint && frame->layout
                                   ? (frame->paint - frame->layout) / 1e3 : 0);

              json_builder_add_string_value (builder, text);
            }
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
report_responsiveness (Bench  *bench,
                       double  fill_seconds,
                       guint64 fill_messages)
{
  static const gint64 stall_limits[] = { 16667, 50000, 100000 };
  static const gint64 frame_limits[] = { 25000, 50000, 100000 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(JsonNode) refilters = json_builder_get_root (bench->refilters);
  guint64 messages = 0;

  for (guint i = 0; i < bench->ticks->len; i++)
    g_array_append_val (gaps, g_array_index (bench->ticks, Tick, i).gap);
  for (guint i = 0; i < bench->frames->len; i++)
    {
      Frame *frame = &g_array_index (bench->frames, Frame, i);
      gint64 w = frame->after - frame->before;

      g_array_append_val (work, w);
      if (i > 0)
        {
          gint64 interval = frame->after - g_array_index (bench->frames, Frame, i - 1).after;

          g_array_append_val (intervals, interval);
        }
    }
  for (guint p = 0; p < N_PLATFORMS; p++)
    messages += bench->delivered[p] - bench->base[p];

  json_builder_begin_object (builder);
  add_string (builder, "part", "responsiveness");
  add_int (builder, "view", g_list_model_get_n_items (G_LIST_MODEL (bench->pipeline->feed)));
  add_int (builder, "window", vitrine_feed_get_window (bench->pipeline->feed));
  add_double (builder, "fill_seconds", fill_seconds);
  add_int (builder, "fill_messages", (gint64) fill_messages);
  add_int (builder, "fill_binds", (gint64) bench->fill_binds);
  add_double (builder, "seconds", bench->duration / 1e6);
  add_double (builder, "ran_seconds", (bench->end - bench->start) / 1e6);
  add_int (builder, "messages", (gint64) messages);
  add_int (builder, "backlog", (gint64) bench->backlog);
  add_int (builder, "rate", opt_rate);
  add_int (builder, "appended", (gint64) vitrine_feed_get_total (bench->pipeline->feed));
  add_int (builder, "claims", g_list_model_get_n_items (
             vitrine_claim_queue_get_claims (bench->pipeline->claims)));
  add_boolean (builder, "journal", pipeline_get_journal (bench->pipeline) != NULL);
  add_string (builder, "renderer", G_OBJECT_TYPE_NAME (
                gtk_native_get_renderer (GTK_NATIVE (bench->window))));
  add_string (builder, "display", G_OBJECT_TYPE_NAME (gtk_widget_get_display (bench->window)));
  add_boolean (builder, "xtest", bench->xtest);
  add_boolean (builder, "following_after_wheel", bench->following_after_wheel);
  add_int (builder, "steps_done", bench->step);
  add_int (builder, "steps", 7);
  add_int (builder, "gtk_warnings", n_warnings);
  add_boolean (builder, "following_at_end", vitrine_feed_pane_get_following (bench->pane));
  add_int (builder, "wheel_clicks", bench->n_wheel);
  add_int (builder, "scroll_steps", bench->n_scroll_steps);
  add_int (builder, "scrollbar_jumps", bench->n_jumps);
  add_distribution (builder, "stalls", gaps, stall_limits, G_N_ELEMENTS (stall_limits));
  add_distribution (builder, "frame_intervals", intervals, frame_limits,
                    G_N_ELEMENTS (frame_limits));
  add_distribution (builder, "frame_work", work, frame_limits, G_N_ELEMENTS (frame_limits));
  json_builder_set_member_name (builder, "deliveries");
  json_builder_begin_object (builder);
  for (guint p = 0; p < N_PLATFORMS; p++)
    add_distribution (builder, platform_ids[p], bench->delivery_us[p], NULL, 0);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "rows_bound_while_delivering");
  json_builder_begin_object (builder);
  for (guint p = 0; p < N_PLATFORMS; p++)
    {
      json_builder_set_member_name (builder, platform_ids[p]);
      json_builder_begin_object (builder);
      add_int (builder, "messages", (gint64) (bench->delivered[p] - bench->base[p]));
      add_int (builder, "binds", (gint64) bench->binds[p]);
      add_int (builder, "unbinds", (gint64) bench->unbinds[p]);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "refilters");
  json_builder_add_value (builder, json_node_copy (refilters));
  add_worst_stalls (bench, builder);
  json_builder_end_object (builder);
  print_result (builder);
}

/* GTK's warnings (a list that failed to scroll…) are counted for the
 * report, and still printed. */
static void
count_warning_cb (const char     *domain,
                  GLogLevelFlags  level,
                  const char     *message,
                  gpointer        data)
{
  n_warnings++;
  g_log_default_handler (domain, level, message, data);
}

static gboolean
is_done (Bench *bench)
{
  return bench->done;
}

static void
run_until (Bench *bench,
           gboolean (*condition) (Bench *bench))
{
  while (!condition (bench))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
settled_cb (gpointer data)
{
  ((Bench *) data)->done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (Bench *bench,
         guint  ms)
{
  bench->done = FALSE;
  g_timeout_add (ms, settled_cb, bench);
  run_until (bench, is_done);
}

static int
responsiveness (void)
{
  Bench bench = { 0, };
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  Generator *gen;
  GtkWidget *pane;
  gulong hook;
  guint signal_id;
  gint64 fill_start;
  double fill_seconds;
  guint64 fill_messages = 0;
  guint64 needed;

  adw_init ();
  g_log_set_handler ("Gtk", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL, count_warning_cb, NULL);
  /* What the application loads from its resource base path. */
  gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_PREFIX "/icons");

  /* Enough for the fill and the measurement (claims add items of their
   * own, so the fill takes fewer messages than items). */
  needed = (guint64) opt_view + (guint64) (opt_rate * opt_seconds * 1.5) + 20000;
  g_printerr ("feed-ingest: generating %" G_GUINT64_FORMAT " messages\n", needed);
  gen = generator_new (20261122);
  for (guint p = 0; p < N_PLATFORMS; p++)
    bench.streams[p] = generate_deliveries (gen, p, (guint) (needed * platform_share[p]) + 500);
  generator_free (gen);

  bench.rand = g_rand_new_with_seed (7);
  bench.ticks = g_array_new (FALSE, FALSE, sizeof (Tick));
  bench.frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  bench.events = g_array_new (FALSE, FALSE, sizeof (Event));
  for (guint p = 0; p < N_PLATFORMS; p++)
    bench.delivery_us[p] = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench.refilters = json_builder_new ();
  json_builder_begin_array (bench.refilters);
  bench.duration = (gint64) (opt_seconds * G_USEC_PER_SEC);

  /* The studio: the feed (window --view), its claims and its journal. A
   * --window above --view makes appends remove nothing from the model. */
  bench.pipeline = pipeline_new ((guint) (opt_window > 0 ? opt_window : opt_view), TRUE);

  bench.window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (bench.window), "Feed ingest bench");
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 480, 1000);
  pane = vitrine_feed_pane_new ();
  bench.pane = VITRINE_FEED_PANE (pane);
  gtk_window_set_child (GTK_WINDOW (bench.window), pane);
  vitrine_feed_pane_set_feed (bench.pane, bench.pipeline->feed);
  gtk_window_present (GTK_WINDOW (bench.window));
  run_for (&bench, 500);

  bench.clock = gtk_widget_get_frame_clock (bench.window);
  g_assert (bench.clock != NULL);
  bench.vadjustment = gtk_scrollable_get_vadjustment (
    GTK_SCROLLABLE (vitrine_feed_pane_get_list_view (bench.pane)));
  g_signal_connect (bench.clock, "before-paint", G_CALLBACK (before_paint_cb), &bench);
  g_signal_connect (bench.clock, "update", G_CALLBACK (update_cb), &bench);
  g_signal_connect (bench.clock, "layout", G_CALLBACK (layout_cb), &bench);
  g_signal_connect (bench.clock, "paint", G_CALLBACK (paint_cb), &bench);
  g_signal_connect (bench.clock, "after-paint", G_CALLBACK (after_paint_cb), &bench);
  g_signal_connect (gtk_list_view_get_factory (vitrine_feed_pane_get_list_view (bench.pane)),
                    "bind", G_CALLBACK (bind_cb), &bench);
  g_signal_connect (gtk_list_view_get_factory (vitrine_feed_pane_get_list_view (bench.pane)),
                    "unbind", G_CALLBACK (unbind_cb), &bench);
  signal_id = g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY);
  hook = g_signal_add_emission_hook (signal_id, 0, search_hook_cb, &bench, NULL);
  g_signal_connect_after (vitrine_feed_pane_get_search_entry (bench.pane), "search-changed",
                          G_CALLBACK (search_changed_after_cb), &bench);

  /* Fill the view. */
  g_printerr ("feed-ingest: filling the view to %d items\n", opt_view);
  fill_start = g_get_monotonic_time ();
  bench.done = FALSE;
  g_idle_add_full (G_PRIORITY_DEFAULT, fill_cb, &bench, NULL);
  run_until (&bench, is_done);
  fill_seconds = (g_get_monotonic_time () - fill_start) / 1e6;
  bench.fill_binds = bench.n_binds;
  for (guint p = 0; p < N_PLATFORMS; p++)
    fill_messages += bench.delivered[p];
  g_printerr ("feed-ingest: %u items after %.1f s\n",
              g_list_model_get_n_items (G_LIST_MODEL (bench.pipeline->feed)), fill_seconds);
  run_for (&bench, 1000);

#ifdef HAVE_XTEST
  bench.xtest = point_at_list (&bench);
  run_for (&bench, 200);
#endif
  if (!bench.xtest)
    g_printerr ("feed-ingest: no XTest: the wheel is not turned and the list keeps following\n");

  /* Measure. */
  g_printerr ("feed-ingest: appending %d messages a second for %.0f s\n", opt_rate, opt_seconds);
  for (guint p = 0; p < N_PLATFORMS; p++)
    bench.base[p] = bench.delivered[p];
  bench.done = FALSE;
  bench.measuring = TRUE;
  bench.start = g_get_monotonic_time ();
  gdk_frame_clock_begin_updating (bench.clock);
  bench.tick_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, tick_cb, &bench, NULL);
  bench.script_id = g_timeout_add_full (G_PRIORITY_DEFAULT, 16, script_cb, &bench, NULL);
  schedule_next (&bench);
  run_until (&bench, is_done);
  bench.end = g_get_monotonic_time ();
  gdk_frame_clock_end_updating (bench.clock);
  g_clear_handle_id (&bench.tick_id, g_source_remove);
  g_clear_handle_id (&bench.schedule_id, g_source_remove);
  g_signal_remove_emission_hook (signal_id, hook);
  json_builder_end_array (bench.refilters);

  report_responsiveness (&bench, fill_seconds, fill_messages);

  g_signal_handlers_disconnect_by_data (bench.clock, &bench);
  g_signal_handlers_disconnect_by_data (
    gtk_list_view_get_factory (vitrine_feed_pane_get_list_view (bench.pane)), &bench);
  g_signal_handlers_disconnect_by_data (vitrine_feed_pane_get_search_entry (bench.pane), &bench);
  gtk_window_destroy (GTK_WINDOW (bench.window));
  pipeline_free (bench.pipeline);
  for (guint p = 0; p < N_PLATFORMS; p++)
    {
      g_ptr_array_unref (bench.streams[p]);
      g_array_unref (bench.delivery_us[p]);
    }
  g_array_unref (bench.ticks);
  g_array_unref (bench.frames);
  g_array_unref (bench.events);
  g_object_unref (bench.refilters);
  g_rand_free (bench.rand);
  return 0;
}

/* ---------------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  static GOptionEntry entries[] = {
    { "messages", 0, 0, G_OPTION_ARG_INT, &opt_messages,
      "Messages per throughput scenario (default 200000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Runs of each (default 3)", "N" },
    { "scenarios", 0, 0, G_OPTION_ARG_STRING, &opt_scenarios,
      "Only these: twitch,youtube,facebook,mixed", "LIST" },
    { "dump", 0, 0, G_OPTION_ARG_FILENAME, &opt_dump,
      "Write the YouTube and Facebook pages here, one a line", "DIR" },
    { "view", 0, 0, G_OPTION_ARG_INT, &opt_view, "Items in the view (default 100000)", "N" },
    { "window", 0, 0, G_OPTION_ARG_INT, &opt_window,
      "The feed's window while measuring responsiveness (default: --view)", "N" },
    { "rate", 0, 0, G_OPTION_ARG_INT, &opt_rate,
      "Messages a second while measuring (default 2000)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &opt_seconds, "How long (default 10)", "S" },
    { "max-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &opt_max_seconds,
      "Stop measuring after this long even if the host's steps are not all done "
      "(default 300)", "S" },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &opt_catalog,
      "The catalog (default data/demo/catalog.json)", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("throughput|responsiveness");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "The bench behind bench/feed-ingest (bench/README.md).");
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 ||
      opt_runs < 1 || opt_messages < 1 || opt_view < 1 || opt_rate < 1 || opt_seconds <= 0)
    {
      g_printerr ("%s\n%s", error ? error->message : "",
                  g_option_context_get_help (context, TRUE, NULL));
      return 2;
    }
  if (opt_catalog == NULL)
    opt_catalog = g_build_filename (SOURCE_DATADIR, "demo", "catalog.json", NULL);

  if (g_str_equal (argv[1], "throughput"))
    return throughput ();
  if (g_str_equal (argv[1], "responsiveness"))
    return responsiveness ();

  g_printerr ("%s", g_option_context_get_help (context, TRUE, NULL));
  return 2;
}
