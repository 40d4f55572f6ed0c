/* vitrine-headless.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-headless"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <gio/gunixinputstream.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "vitrine-catalog-import.h"
#include "vitrine-catalog.h"
#include "vitrine-shopify-products.h"
#include "vitrine-woocommerce-products.h"
#include "vitrine-claim-queue.h"
#include "vitrine-engine.h"
#include "vitrine-feed-session.h"
#include "vitrine-feed.h"
#include "vitrine-headless.h"
#include "vitrine-media-enums.h"
#include "vitrine-secrets.h"

/* `vitrine --headless SHOW.json`: the same engine as the window, no widgets.
 * stdout carries one JSON object per line (state changes, per-second stats);
 * stdin takes JSON commands. Exit codes: 0 the show ran, 1 usage, 2 the show
 * file is wrong, 3 the studio could not start or failed while running. */

enum {
  EXIT_OK = 0,
  EXIT_USAGE = 1,
  EXIT_SHOW = 2,
  EXIT_ENGINE = 3,
};

typedef struct
{
  GMainLoop        *loop;
  VitrineEngine    *engine;
  VitrineCatalog   *catalog;
  VitrineFeedSession *session;  /* the show's feeds, claims and journal */
  const char       *journal_path; /* --journal, or NULL for the default */
  gboolean          no_journal;
  gboolean          stock_from_shop; /* the catalog's stock was read from the shop */
  GDataInputStream *input;
  GCancellable     *cancellable;
  gint64            started_us;
  guint             duration_id;
  int               exit_code;
  gboolean          started;
  gboolean          stopping;
} Headless;

static double
elapsed (Headless *self)
{
  return (g_get_monotonic_time () - self->started_us) / (double)G_USEC_PER_SEC;
}

/* One JSON object per line. Written by hand rather than with JsonGenerator so
 * that times and rates print as 1.234, not as 1.2339999999999999. */
typedef struct
{
  GString  *s;
  gboolean  first;
} Line;

static void
line_key (Line       *line,
          const char *key)
{
  if (!line->first)
    g_string_append_c (line->s, ',');
  line->first = FALSE;
  g_string_append_printf (line->s, "\"%s\":", key);
}

static void
line_string (Line       *line,
             const char *key,
             const char *value)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value ? value : "");
  g_autofree char *quoted = json_to_string (node, FALSE);

  line_key (line, key);
  g_string_append (line->s, quoted);
}

static void
line_int (Line       *line,
          const char *key,
          gint64      value)
{
  line_key (line, key);
  g_string_append_printf (line->s, "%" G_GINT64_FORMAT, value);
}

static void
line_bool (Line       *line,
           const char *key,
           gboolean    value)
{
  line_key (line, key);
  g_string_append (line->s, value ? "true" : "false");
}

static void
line_double (Line       *line,
             const char *key,
             double      value,
             const char *format)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  line_key (line, key);
  g_string_append (line->s, g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static Line
begin_event (Headless   *self,
             const char *event)
{
  Line line = { g_string_new ("{"), TRUE };

  line_string (&line, "event", event);
  line_double (&line, "time", elapsed (self), "%.3f");
  return line;
}

static void
emit (Line *line)
{
  g_string_append (line->s, "}\n");
  fputs (line->s->str, stdout);
  fflush (stdout);
  g_string_free (line->s, TRUE);
  line->s = NULL;
}

static void
emit_error (Headless   *self,
            const char *source,
            const char *id,
            const char *message)
{
  Line line = begin_event (self, "error");

  line_string (&line, "source", source);
  if (id != NULL)
    line_string (&line, "id", id);
  line_string (&line, "message", message);
  emit (&line);
}

static void session_stopped_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data);

static void
stop_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Headless *self = user_data;
  Line line;

  vitrine_engine_stop_finish (VITRINE_ENGINE (object), result, NULL);

  /* The feed's summary first: "done" stays the last line. */
  if (self->session != NULL)
    {
      vitrine_feed_session_stop_async (self->session, NULL, session_stopped_cb, self);
      return;
    }

  line = begin_event (self, "done");
  line_int (&line, "frames", vitrine_engine_get_frames (self->engine));
  emit (&line);
  g_main_loop_quit (self->loop);
}

static void
stop (Headless *self)
{
  if (self->stopping)
    return;

  self->stopping = TRUE;
  g_clear_handle_id (&self->duration_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  vitrine_engine_stop_async (self->engine, NULL, stop_done_cb, self);
}

static gboolean
duration_cb (gpointer user_data)
{
  Headless *self = user_data;

  self->duration_id = 0;
  stop (self);
  return G_SOURCE_REMOVE;
}

static gboolean
signal_cb (gpointer user_data)
{
  stop (user_data);
  return G_SOURCE_CONTINUE;
}

static void
engine_state_cb (VitrineEngine *engine,
                 GParamSpec    *pspec,
                 Headless      *self)
{
  VitrineEngineState state = vitrine_engine_get_state (engine);
  Line line = begin_event (self, "state");

  line_string (&line, "engine", vitrine_engine_state_to_string (state));
  emit (&line);

  /* A failed start is reported once, by run_show(). */
  if (state == VITRINE_ENGINE_STATE_FAILED && self->started && !self->stopping)
    {
      const GError *error = vitrine_engine_get_error (engine);

      emit_error (self, "engine", NULL, error ? error->message : _("The studio failed"));
      g_printerr ("vitrine: %s\n", error ? error->message : _("The studio failed"));
      self->exit_code = EXIT_ENGINE;
      stop (self);
    }
}

static void
engine_scene_cb (VitrineEngine *engine,
                 GParamSpec    *pspec,
                 Headless      *self)
{
  Line line = begin_event (self, "scene");

  line_string (&line, "scene", vitrine_engine_get_scene (engine));
  emit (&line);
}

static void
output_state_cb (VitrineOutput *output,
                 GParamSpec    *pspec,
                 Headless      *self)
{
  Line line = begin_event (self, "output");

  line_string (&line, "id", vitrine_output_get_id (output));
  line_string (&line, "state", vitrine_output_state_to_string (vitrine_output_get_state (output)));
  if (vitrine_output_get_status (output) != NULL)
    line_string (&line, "message", vitrine_output_get_status (output));
  /* The location never holds the key: it is the server address or a file. */
  if (vitrine_output_get_location (output) != NULL)
    line_string (&line, "location", vitrine_output_get_location (output));
  emit (&line);

  if (self->session != NULL)
    vitrine_feed_session_record_destination (self->session, vitrine_output_get_id (output),
                                             vitrine_output_state_to_string (vitrine_output_get_state (output)),
                                             vitrine_output_get_status (output));
}

static void
engine_stats_cb (VitrineEngine *engine,
                 Headless      *self)
{
  Line line = begin_event (self, "stats");
  GListModel *outputs = vitrine_engine_get_outputs (engine);

  line_double (&line, "fps", vitrine_engine_get_fps (engine), "%.1f");
  line_int (&line, "frames", vitrine_engine_get_frames (engine));
  line_double (&line, "encode_ms", vitrine_engine_get_encode_time (engine), "%.2f");
  line_double (&line, "cpu", vitrine_engine_get_cpu (engine), "%.1f");
  line_key (&line, "outputs");
  g_string_append_c (line.s, '[');
  for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
    {
      g_autoptr(VitrineOutput) output = g_list_model_get_item (outputs, i);

      if (i > 0)
        g_string_append_c (line.s, ',');
      g_string_append_c (line.s, '{');
      line.first = TRUE;
      line_string (&line, "id", vitrine_output_get_id (output));
      line_string (&line, "state",
                   vitrine_output_state_to_string (vitrine_output_get_state (output)));
      line_int (&line, "bytes", vitrine_output_get_bytes (output));
      line_int (&line, "bitrate", vitrine_output_get_bitrate (output));
      line_int (&line, "dropped", vitrine_output_get_dropped_frames (output));
      line_int (&line, "reconnects", vitrine_output_get_reconnects (output));
      line_double (&line, "uptime", vitrine_output_get_uptime (output) / (double)G_USEC_PER_SEC,
                   "%.1f");
      g_string_append_c (line.s, '}');
    }
  g_string_append_c (line.s, ']');

  /* Audio meters: peak and loudness of the last 100 ms in dBFS (-100 for
   * silence), with the host's fader and mute. */
  line_key (&line, "audio");
  g_string_append_c (line.s, '[');
  {
    VitrineShow *show = vitrine_engine_get_show (engine);
    gboolean first = TRUE;

    for (guint i = 0; i < vitrine_show_get_n_sources (show); i++)
      {
        const VitrineSourceConfig *source = vitrine_show_get_source (show, i);
        double volume, peak, rms;
        gboolean muted;

        if (!vitrine_engine_get_audio (engine, source->id, &volume, &muted, &peak, &rms))
          continue;
        if (!first)
          g_string_append_c (line.s, ',');
        first = FALSE;
        g_string_append_c (line.s, '{');
        line.first = TRUE;
        line_string (&line, "id", source->id);
        line_double (&line, "peak", MAX (peak, -100.0), "%.1f");
        line_double (&line, "rms", MAX (rms, -100.0), "%.1f");
        line_double (&line, "volume", volume, "%.2f");
        line_key (&line, "muted");
        g_string_append (line.s, muted ? "true" : "false");
        g_string_append_c (line.s, '}');
      }
  }
  g_string_append_c (line.s, ']');
  emit (&line);
}

static void
engine_notice_cb (VitrineEngine *engine,
                  const char    *message,
                  Headless      *self)
{
  Line line = begin_event (self, "notice");

  line_string (&line, "message", message);
  emit (&line);
}

static void
engine_source_failed_cb (VitrineEngine *engine,
                         const char    *source_id,
                         const GError  *error,
                         Headless      *self)
{
  Line line = begin_event (self, "source");

  line_string (&line, "id", source_id);
  line_string (&line, "state", "failed");
  line_string (&line, "message", error->message);
  emit (&line);
}

static void
engine_finished_cb (VitrineEngine *engine,
                    Headless      *self)
{
  stop (self);
}

/* --- Commerce: catalog, pins, deals and the other overlays ------------- */

static const char *
node_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static gboolean
node_is_integer (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

/* A product by short code, SKU or id; a number is a place in the run of
 * show (1 = first), like the keys 1–9 in the window. */
static VitrineProduct *
find_product (Headless  *self,
              JsonNode  *node,
              GError   **error)
{
  VitrineShow *show = vitrine_engine_get_show (self->engine);
  const char *key = node_string (node);
  g_autofree char *place = NULL;
  VitrineProduct *product = NULL;

  if (node_is_integer (node))
    {
      gint64 n = json_node_get_int (node);

      if (n < 1 || n > vitrine_show_get_n_run_of_show (show))
        {
          g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_INVALID,
                       _("The run of show has no product number %" G_GINT64_FORMAT), n);
          return NULL;
        }
      key = vitrine_show_get_run_of_show_item (show, n - 1)->product;
    }
  if (key == NULL || *key == '\0')
    {
      g_set_error_literal (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_INVALID,
                           _("Name the product by its code, e.g. {\"pin\": \"A12\"}"));
      return NULL;
    }
  if (self->catalog != NULL &&
      (product = vitrine_catalog_find_by_code (self->catalog, key)) == NULL &&
      (product = vitrine_catalog_find_by_sku (self->catalog, key, NULL)) == NULL)
    product = vitrine_catalog_find_by_id (self->catalog, key);
  if (product == NULL)
    g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_INVALID,
                 self->catalog ? _("The catalog has no product “%s”")
                               : _("The show has no catalog, so there is no product “%s”"),
                 key);
  return product;
}

static void
graphics_shown_cb (VitrineGraphics *graphics,
                   const char      *kind,
                   int              canvas_width,
                   guint64          pts,
                   gint64           delay,
                   Headless        *self)
{
  VitrineShow *show = vitrine_engine_get_show (self->engine);
  double frame = (double)GST_SECOND / vitrine_show_get_fps (show);
  Line line = begin_event (self, "graphics");

  line_string (&line, "kind", kind);
  line_string (&line, "canvas", (guint)canvas_width == vitrine_show_get_width (show)
                                ? "landscape" : "portrait");
  line_double (&line, "pts", (double)pts / GST_SECOND, "%.3f");
  if (delay >= 0)
    line_int (&line, "delay_frames", (gint64)ceil (delay / frame - 1e-6));
  emit (&line);
}

static void
graphics_pinned_cb (VitrineGraphics *graphics,
                    GParamSpec      *pspec,
                    Headless        *self)
{
  VitrineProduct *product = vitrine_graphics_get_pinned (graphics);
  Line line = begin_event (self, "pinned");

  if (product != NULL)
    {
      line_string (&line, "product", vitrine_product_get_code (product));
      line_string (&line, "title", vitrine_product_get_title (product));
    }
  else
    {
      line_key (&line, "product");
      g_string_append (line.s, "null");
    }
  emit (&line);
}

static void
graphics_deal_cb (VitrineGraphics *graphics,
                  GParamSpec      *pspec,
                  Headless        *self)
{
  Line line = begin_event (self, "deal");

  line_int (&line, "remaining", vitrine_graphics_get_deal_remaining (graphics));
  emit (&line);
}

/* The catalog named by the show: good products are used, every problem is
 * reported (the host fixes the file; the show goes on). */
static gboolean
load_catalog (Headless     *self,
              VitrineShow  *show,
              GError      **error)
{
  VitrineCatalogImportOptions options = { 0, };
  g_autoptr(VitrineCatalogImport) import = NULL;
  g_autoptr(GFile) file = NULL;

  if (vitrine_show_get_catalog_path (show) == NULL)
    return TRUE;

  file = g_file_new_for_path (vitrine_show_get_catalog_path (show));
  options.currency = vitrine_show_get_catalog_currency (show);
  options.shop_domain = vitrine_show_get_catalog_shop (show);
  if (!(import = vitrine_catalog_import_file (file, &options, error)))
    return FALSE;

  for (guint i = 0; i < vitrine_catalog_import_get_n_problems (import); i++)
    {
      const VitrineCatalogProblem *problem = vitrine_catalog_import_get_problem (import, i);
      g_autofree char *text = vitrine_catalog_problem_to_string (problem);
      Line line = begin_event (self, "warning");

      line_string (&line, "source", "catalog");
      line_string (&line, "message", text);
      emit (&line);
    }

  self->catalog = vitrine_catalog_new ();
  return vitrine_catalog_import_apply (import, self->catalog, error);
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} ShopFetch;

static void
shop_fetched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ShopFetch *fetch = user_data;

  fetch->result = g_object_ref (result);
  g_main_loop_quit (fetch->loop);
}

static void
warn (Headless   *self,
      const char *source,
      const char *message)
{
  Line line = begin_event (self, "warning");

  line_string (&line, "source", source);
  line_string (&line, "message", message);
  emit (&line);
}

/* Products read from the shop named by the show, before the show starts:
 * a shop that cannot be read is a warning, the show goes on with what the
 * catalog file gave. */
static void
sync_shop (Headless    *self,
           VitrineShow *show)
{
  VitrineProductSyncOptions options = { 0, };
  g_autoptr(VitrineProductSync) sync = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  ShopFetch fetch = { NULL, NULL };
  const char *platform, *url, *secret;
  gboolean shopify;

  if (!vitrine_show_get_shop (show, &platform, &url, &secret))
    return;
  shopify = g_str_equal (platform, "shopify");
  if (self->catalog == NULL)
    self->catalog = vitrine_catalog_new ();

  options.base_url = url;
  options.secret_id = secret;
  options.currency = vitrine_show_get_catalog_currency (show);
  options.catalog = self->catalog;

  g_main_context_push_thread_default (context);
  fetch.loop = g_main_loop_new (context, FALSE);
  if (shopify)
    vitrine_shopify_products_fetch_async (&options, NULL, shop_fetched_cb, &fetch);
  else
    vitrine_woocommerce_products_fetch_async (&options, NULL, shop_fetched_cb, &fetch);
  g_main_loop_run (fetch.loop);
  sync = shopify ? vitrine_shopify_products_fetch_finish (fetch.result, &error)
                 : vitrine_woocommerce_products_fetch_finish (fetch.result, &error);
  g_clear_object (&fetch.result);
  g_clear_pointer (&fetch.loop, g_main_loop_unref);
  g_main_context_pop_thread_default (context);

  if (sync == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The shop’s products cannot be read: %s"),
                                                  error->message);

      warn (self, "shop", message);
      return;
    }
  for (guint i = 0; i < vitrine_product_sync_get_n_problems (sync); i++)
    {
      g_autofree char *text =
        vitrine_catalog_problem_to_string (vitrine_product_sync_get_problem (sync, i));

      warn (self, "shop", text);
    }
  if (!vitrine_product_sync_apply (sync, self->catalog, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The shop’s products cannot be used: %s"),
                                                  error->message);

      warn (self, "shop", message);
      return;
    }
  self->stock_from_shop = TRUE;
}

static gboolean
export_card (Headless    *self,
             JsonObject  *object,
             GError     **error)
{
  VitrineShow *show = vitrine_engine_get_show (self->engine);
  const char *path = json_object_get_string_member_with_default (object, "export_card", "");
  gboolean portrait = g_strcmp0 (json_object_get_string_member_with_default (object, "canvas",
                                                                             "landscape"),
                                 "portrait") == 0;
  cairo_rectangle_int_t rect;
  cairo_surface_t *surface;
  cairo_status_t status;
  guint width, height;
  Line line;

  if (portrait && !vitrine_show_has_portrait (show))
    {
      g_set_error_literal (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_INVALID,
                           _("The show has no portrait canvas"));
      return FALSE;
    }
  vitrine_show_get_canvas_size (show, portrait ? VITRINE_CANVAS_PORTRAIT
                                               : VITRINE_CANVAS_LANDSCAPE, &width, &height);
  surface = vitrine_graphics_render_card (vitrine_engine_get_graphics (self->engine),
                                          width, height, NULL, &rect);
  if (surface == NULL)
    {
      g_set_error_literal (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_INVALID,
                           _("No product is pinned"));
      return FALSE;
    }
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }

  line = begin_event (self, "card");
  line_string (&line, "path", path);
  line_int (&line, "x", rect.x);
  line_int (&line, "y", rect.y);
  line_int (&line, "width", rect.width);
  line_int (&line, "height", rect.height);
  emit (&line);
  return TRUE;
}

/* --- The feed: chat, orders and claims from the show's connectors ------- */

static const char *
feed_kind_name (VitrineFeedItemKind kind)
{
  switch (kind)
    {
    case VITRINE_FEED_ITEM_CHAT: return "chat";
    case VITRINE_FEED_ITEM_PAID: return "paid";
    case VITRINE_FEED_ITEM_MEMBERSHIP: return "membership";
    case VITRINE_FEED_ITEM_ORDER: return "order";
    case VITRINE_FEED_ITEM_CLAIM: return "claim";
    case VITRINE_FEED_ITEM_MODERATION: return "moderation";
    case VITRINE_FEED_ITEM_NOTICE:
    default: return "notice";
    }
}

static const char *
feed_state_name (VitrineFeedSourceState state)
{
  static const char *names[] = { "idle", "connecting", "live", "reconnecting", "rate-limited",
                                 "unauthorized", "ended", "failed", "stopped" };

  return state < G_N_ELEMENTS (names) ? names[state] : "unknown";
}

static void
feed_appended_cb (VitrineFeed     *feed,
                  VitrineFeedItem *item,
                  Headless        *self)
{
  Line line = begin_event (self, "feed");
  const VitrineMoney *amount = vitrine_feed_item_get_amount (item);

  line_string (&line, "kind", feed_kind_name (vitrine_feed_item_get_kind (item)));
  line_string (&line, "platform", vitrine_feed_item_get_platform (item));
  if (vitrine_feed_item_get_id (item) != NULL)
    line_string (&line, "id", vitrine_feed_item_get_id (item));
  line_string (&line, "author", vitrine_feed_item_get_author (item));
  line_string (&line, "text", vitrine_feed_item_get_text (item));
  if (vitrine_feed_item_get_detail (item) != NULL)
    line_string (&line, "detail", vitrine_feed_item_get_detail (item));
  if (amount != NULL)
    {
      g_autofree char *decimal = vitrine_money_to_decimal (amount);

      line_string (&line, "amount", decimal);
      line_string (&line, "currency", amount->currency);
    }
  switch (vitrine_feed_item_get_visibility (item))
    {
    case VITRINE_FEED_ITEM_DELETED:
      line_string (&line, "visibility", "deleted");
      break;
    case VITRINE_FEED_ITEM_BANNED:
      line_string (&line, "visibility", "banned");
      break;
    case VITRINE_FEED_ITEM_HIDDEN:
      /* Held by the word filter: headless has no host to allow it, so it
       * stays hidden, but says why. */
      line_string (&line, "visibility",
                   vitrine_feed_item_get_filter_state (item) == VITRINE_FEED_ITEM_FILTER_HELD
                   ? "held" : "hidden");
      if (vitrine_feed_item_get_blocked_word (item) != NULL)
        line_string (&line, "blocked_word", vitrine_feed_item_get_blocked_word (item));
      break;
    case VITRINE_FEED_ITEM_VISIBLE:
    default:
      break;
    }
  emit (&line);
}

static void
feed_retracted_cb (VitrineFeed *feed,
                   const char  *platform,
                   const char  *id,
                   Headless    *self)
{
  Line line = begin_event (self, "feed_retract");

  line_string (&line, "platform", platform);
  line_string (&line, "id", id);
  emit (&line);
}

static void
feed_banned_cb (VitrineFeed *feed,
                const char  *platform,
                const char  *author_id,
                Headless    *self)
{
  Line line = begin_event (self, "feed_ban");

  line_string (&line, "platform", platform);
  line_string (&line, "author_id", author_id);
  emit (&line);
}

static void
feed_source_state_cb (VitrineFeedSource *source,
                      GParamSpec        *pspec,
                      Headless          *self)
{
  Line line = begin_event (self, "feed_source");

  line_string (&line, "id", vitrine_feed_source_get_id (source));
  line_string (&line, "state", feed_state_name (vitrine_feed_source_get_state (source)));
  if (vitrine_feed_source_get_status (source) != NULL)
    line_string (&line, "message", vitrine_feed_source_get_status (source));
  emit (&line);
}

/* Raw JSON @node as the value of @key. */
static void
line_json (Line       *line,
           const char *key,
           JsonNode   *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  line_key (line, key);
  g_string_append (line->s, text);
}

static const char *
claim_state_name (VitrineClaimState state)
{
  switch (state)
    {
    case VITRINE_CLAIM_CONFIRMED: return "confirmed";
    case VITRINE_CLAIM_WAITLISTED: return "waitlisted";
    case VITRINE_CLAIM_REJECTED: return "rejected";
    case VITRINE_CLAIM_PENDING:
    default: return "pending";
    }
}

static void
emit_claim (Headless     *self,
            VitrineClaim *claim)
{
  Line line = begin_event (self, "claim");

  line_string (&line, "id", vitrine_feed_session_get_claim_id (self->session, claim));
  line_string (&line, "product", vitrine_claim_get_code (claim));
  line_int (&line, "quantity", vitrine_claim_get_quantity (claim));
  if (vitrine_claim_get_variant (claim) != NULL)
    line_string (&line, "variant", vitrine_claim_get_variant (claim));
  line_string (&line, "state", claim_state_name (vitrine_claim_get_state (claim)));
  line_string (&line, "platform", vitrine_claim_get_platform (claim));
  line_string (&line, "author", vitrine_claim_get_author (claim));
  emit (&line);
}

static void
claim_state_cb (VitrineClaim *claim,
                GParamSpec   *pspec,
                Headless     *self)
{
  emit_claim (self, claim);
}

static void
claims_changed_cb (GListModel *claims,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Headless   *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(VitrineClaim) claim = g_list_model_get_item (claims, i);

      /* A claim moving within the queue comes back as removed and added. */
      if (g_object_get_data (G_OBJECT (claim), "vitrine-headless-watched") != NULL)
        continue;
      g_object_set_data (G_OBJECT (claim), "vitrine-headless-watched", GINT_TO_POINTER (TRUE));
      g_signal_connect (claim, "notify::state", G_CALLBACK (claim_state_cb), self);
      emit_claim (self, claim);
    }
}

static void
session_order_cb (VitrineFeedSession *session,
                  VitrineOrder       *order,
                  gboolean            placed,
                  Headless           *self)
{
  Line line = begin_event (self, "order");
  g_autofree char *total = vitrine_money_to_decimal (vitrine_order_get_total (order));
  g_autofree char *alert = placed ? vitrine_feed_session_dup_order_alert (session, order) : NULL;

  line_string (&line, "platform", vitrine_order_get_platform (order));
  line_string (&line, "id", vitrine_order_get_id (order));
  if (vitrine_order_get_name (order) != NULL)
    line_string (&line, "name", vitrine_order_get_name (order));
  line_string (&line, "total", total);
  line_string (&line, "currency", vitrine_order_get_total (order)->currency);
  line_int (&line, "units", vitrine_order_get_n_units (order));
  line_bool (&line, "placed", placed);
  if (alert != NULL)
    line_string (&line, "alert", alert);
  emit (&line);

  if (alert != NULL)
    vitrine_graphics_show_alert (vitrine_engine_get_graphics (self->engine), alert);
}

static void
session_journal_cb (VitrineFeedSession *session,
                    GParamSpec         *pspec,
                    Headless           *self)
{
  VitrineJournal *journal = vitrine_feed_session_get_journal (session);
  Line line;

  if (journal == NULL)
    return;
  line = begin_event (self, "journal");
  line_string (&line, "path", vitrine_journal_get_path (journal));
  emit (&line);
}

static void
session_journal_failed_cb (VitrineFeedSession *session,
                           const GError       *error,
                           Headless           *self)
{
  g_autofree char *message =
    g_strdup_printf (_("The show’s journal cannot be kept, so nothing of this show’s feed will "
                       "be saved: %s"), error->message);

  emit_error (self, "journal", NULL, message);
}

static void
session_notice_cb (VitrineFeedSession *session,
                   const char         *message,
                   Headless           *self)
{
  Line line = begin_event (self, "warning");

  line_string (&line, "source", "feed");
  line_string (&line, "message", message);
  emit (&line);
}

static void
session_claims_cb (VitrineFeedSession *session,
                   GParamSpec         *pspec,
                   Headless           *self)
{
  VitrineClaimQueue *claims = vitrine_feed_session_get_claims (session);

  if (claims != NULL)
    g_signal_connect (vitrine_claim_queue_get_claims (claims), "items-changed",
                      G_CALLBACK (claims_changed_cb), self);
}

static void
product_stock_cb (VitrineProduct *product,
                  GParamSpec     *pspec,
                  Headless       *self)
{
  Line line = begin_event (self, "stock");

  line_string (&line, "product", vitrine_product_get_code (product));
  line_int (&line, "stock", vitrine_product_get_stock (product));
  emit (&line);
}

/* The show's connectors into one feed, with its claims and its journal
 * (opened before the connectors start, so they resume where the last run
 * of this show stopped). */
static void
start_feeds (Headless     *self,
             VitrineShow  *show)
{
  g_autofree char *dir = vitrine_show_get_path (show)
                         ? g_path_get_dirname (vitrine_show_get_path (show)) : NULL;
  g_autofree char *journal = NULL;
  GPtrArray *sources;
  VitrineFeed *feed;

  if (vitrine_show_get_n_feeds (show) == 0)
    return;

  self->session = vitrine_feed_session_new (show, dir, 500);
  for (guint i = 0; i < vitrine_feed_session_get_problems (self->session)->len; i++)
    {
      const GError *problem = g_ptr_array_index (vitrine_feed_session_get_problems (self->session), i);

      emit_error (self, "feed", NULL, problem->message);
      g_printerr ("vitrine: %s\n", problem->message);
    }

  feed = vitrine_feed_session_get_feed (self->session);
  g_signal_connect (feed, "appended", G_CALLBACK (feed_appended_cb), self);
  g_signal_connect (feed, "retracted", G_CALLBACK (feed_retracted_cb), self);
  g_signal_connect (feed, "banned", G_CALLBACK (feed_banned_cb), self);
  sources = vitrine_feed_get_sources (feed);
  for (guint i = 0; i < sources->len; i++)
    g_signal_connect (g_ptr_array_index (sources, i), "notify::state",
                      G_CALLBACK (feed_source_state_cb), self);
  g_signal_connect (self->session, "notify::journal", G_CALLBACK (session_journal_cb), self);
  g_signal_connect (self->session, "journal-failed", G_CALLBACK (session_journal_failed_cb), self);
  g_signal_connect (self->session, "notify::claims", G_CALLBACK (session_claims_cb), self);
  g_signal_connect (self->session, "order", G_CALLBACK (session_order_cb), self);
  g_signal_connect (self->session, "notice", G_CALLBACK (session_notice_cb), self);
  /* Orders take stock: every change is a line, with what the card shows. */
  for (guint i = 0; self->catalog && i < g_list_model_get_n_items (G_LIST_MODEL (self->catalog)); i++)
    {
      g_autoptr(VitrineProduct) product = g_list_model_get_item (G_LIST_MODEL (self->catalog), i);

      g_signal_connect (product, "notify::stock", G_CALLBACK (product_stock_cb), self);
    }
  vitrine_feed_session_set_stock_from_shop (self->session, self->stock_from_shop);
  vitrine_feed_session_set_catalog (self->session, self->catalog);

  if (!self->no_journal)
    journal = self->journal_path
              ? g_strdup (self->journal_path)
              : vitrine_feed_session_default_journal_path (show, vitrine_show_get_path (show));
  vitrine_feed_session_start (self->session, journal);
}

static void
emit_summary (Headless *self,
              JsonNode *summary)
{
  Line line = begin_event (self, "summary");

  line_string (&line, "journal", vitrine_journal_get_path (vitrine_feed_session_get_journal (self->session)));
  line_json (&line, "summary", summary);
  emit (&line);
}

static void
session_stopped_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Headless *self = user_data;
  VitrineJournal *journal = vitrine_feed_session_get_journal (self->session);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) summary = NULL;
  Line line;

  if (!vitrine_feed_session_stop_finish (self->session, result, &error))
    emit_error (self, "journal", NULL, error->message);
  else if (journal != NULL)
    {
      /* The show is over: its summary from the journal, now on disk. */
      if ((summary = vitrine_journal_get_summary (journal, &error)) != NULL)
        emit_summary (self, summary);
      else
        emit_error (self, "journal", NULL, error->message);
    }

  line = begin_event (self, "done");
  line_int (&line, "frames", vitrine_engine_get_frames (self->engine));
  emit (&line);
  g_main_loop_quit (self->loop);
}

static void
stop_feeds (Headless *self)
{
  VitrineClaimQueue *claims;

  if (self->session == NULL)
    return;
  claims = vitrine_feed_session_get_claims (self->session);
  if (claims != NULL)
    {
      GListModel *model = vitrine_claim_queue_get_claims (claims);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(VitrineClaim) claim = g_list_model_get_item (model, i);
          g_signal_handlers_disconnect_by_data (claim, self);
        }
      g_signal_handlers_disconnect_by_data (model, self);
    }
  g_signal_handlers_disconnect_by_data (self->session, self);
  g_signal_handlers_disconnect_by_data (vitrine_feed_session_get_feed (self->session), self);
  for (guint i = 0; self->catalog && i < g_list_model_get_n_items (G_LIST_MODEL (self->catalog)); i++)
    {
      g_autoptr(VitrineProduct) product = g_list_model_get_item (G_LIST_MODEL (self->catalog), i);

      g_signal_handlers_disconnect_by_data (product, self);
    }
  for (guint i = 0; i < vitrine_feed_get_sources (vitrine_feed_session_get_feed (self->session))->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (vitrine_feed_get_sources (vitrine_feed_session_get_feed (self->session)), i), self);
  g_clear_object (&self->session);
}

/* Claims, exports and the summary: {"claim": {"id": …, "action": "confirm"},
 * {"claims_mode": "manual"}, {"export": {"table": "claims", "path": …}},
 * {"summary": true}. TRUE when @object was one of them. */
typedef struct
{
  Headless *self;
  char     *table;
  char     *path;
} ExportOp;

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportOp *op = user_data;
  g_autoptr(GError) error = NULL;

  if (!vitrine_journal_export_csv_finish (VITRINE_JOURNAL (object), result, &error))
    emit_error (op->self, "export", NULL, error->message);
  else
    {
      Line line = begin_event (op->self, "export");

      line_string (&line, "table", op->table);
      line_string (&line, "path", op->path);
      emit (&line);
    }
  g_free (op->table);
  g_free (op->path);
  g_free (op);
}

static void
summary_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Headless *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) summary = vitrine_journal_get_summary_finish (VITRINE_JOURNAL (object),
                                                                    result, &error);

  if (summary == NULL)
    emit_error (self, "summary", NULL, error->message);
  else
    emit_summary (self, summary);
}

static void
export_table (Headless   *self,
              const char *table,
              const char *path)
{
  VitrineJournal *journal = vitrine_feed_session_get_journal (self->session);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  ExportOp *op = g_new0 (ExportOp, 1);

  op->self = self;
  op->table = g_strdup (table);
  op->path = g_strdup (path);
  vitrine_journal_export_csv_async (journal, g_str_equal (table, "claims")
                                             ? VITRINE_JOURNAL_TABLE_CLAIMS
                                             : VITRINE_JOURNAL_TABLE_ITEMS,
                                    file, NULL, export_done_cb, op);
}

static gboolean
handle_feed_command (Headless   *self,
                     JsonObject *object)
{
  VitrineClaimQueue *claims = self->session ? vitrine_feed_session_get_claims (self->session) : NULL;
  VitrineJournal *journal = self->session ? vitrine_feed_session_get_journal (self->session) : NULL;
  JsonNode *node;

  if ((node = json_object_get_member (object, "claim")) != NULL)
    {
      JsonObject *claim_object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = claim_object
        ? json_object_get_string_member_with_default (claim_object, "id", NULL) : NULL;
      const char *action = claim_object
        ? json_object_get_string_member_with_default (claim_object, "action", NULL) : NULL;
      VitrineClaim *claim = (claims && id) ? vitrine_feed_session_find_claim (self->session, id)
                                          : NULL;

      if (claims == NULL)
        emit_error (self, "command", NULL, _("This show has no claims: it needs a catalog and a feed"));
      else if (claim == NULL || (g_strcmp0 (action, "confirm") != 0 && g_strcmp0 (action, "reject") != 0))
        emit_error (self, "command", NULL,
                    claim == NULL && id != NULL
                    ? _("There is no claim with that id")
                    : _("Expected {\"claim\": {\"id\": \"…\", \"action\": \"confirm\"}} or \"reject\""));
      else if (g_str_equal (action, "confirm") ? !vitrine_claim_queue_confirm (claims, claim)
                                               : !vitrine_claim_queue_reject (claims, claim))
        emit_error (self, "command", NULL, _("That claim cannot change any more"));
      return TRUE;
    }
  if ((node = json_object_get_member (object, "claims_mode")) != NULL)
    {
      const char *mode = JSON_NODE_HOLDS_VALUE (node) &&
                         json_node_get_value_type (node) == G_TYPE_STRING
                         ? json_node_get_string (node) : NULL;

      if (claims == NULL)
        emit_error (self, "command", NULL, _("This show has no claims: it needs a catalog and a feed"));
      else if (g_strcmp0 (mode, "auto") == 0 || g_strcmp0 (mode, "manual") == 0)
        vitrine_claim_queue_set_mode (claims, g_str_equal (mode, "auto")
                                              ? VITRINE_CLAIM_MODE_AUTO : VITRINE_CLAIM_MODE_MANUAL);
      else
        emit_error (self, "command", NULL, _("\"claims_mode\" is \"auto\" or \"manual\""));
      return TRUE;
    }
  if ((node = json_object_get_member (object, "export")) != NULL)
    {
      JsonObject *export = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *table = export
        ? json_object_get_string_member_with_default (export, "table", NULL) : NULL;
      const char *path = export
        ? json_object_get_string_member_with_default (export, "path", NULL) : NULL;

      if (journal == NULL)
        emit_error (self, "command", NULL, _("There is no journal to export from: the show has no feed, or its journal could not be opened"));
      else if (path == NULL || *path == '\0' ||
               (g_strcmp0 (table, "claims") != 0 && g_strcmp0 (table, "feed") != 0))
        emit_error (self, "command", NULL,
                    _("Expected {\"export\": {\"table\": \"feed\" or \"claims\", \"path\": \"file.csv\"}}"));
      else
        export_table (self, table, path);
      return TRUE;
    }
  if (json_object_has_member (object, "summary"))
    {
      if (journal == NULL)
        emit_error (self, "command", NULL, _("There is no journal to sum up: the show has no feed, or its journal could not be opened"));
      else
        vitrine_journal_get_summary_async (journal, NULL, summary_done_cb, self);
      return TRUE;
    }
  return FALSE;
}

/* TRUE when @object was a commerce command (handled, or answered with an
 * error line). */
static gboolean
handle_commerce_command (Headless   *self,
                         JsonObject *object)
{
  VitrineGraphics *graphics = vitrine_engine_get_graphics (self->engine);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if ((node = json_object_get_member (object, "pin")) != NULL)
    {
      VitrineProduct *product = find_product (self, node, &error);

      if (product != NULL)
        vitrine_graphics_pin (graphics, product);
    }
  else if (json_object_has_member (object, "unpin"))
    vitrine_graphics_unpin (graphics);
  else if ((node = json_object_get_member (object, "deal")) != NULL)
    {
      JsonObject *deal = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *price = deal ? json_object_get_member (deal, "price") : NULL;
      JsonNode *seconds = deal ? json_object_get_member (deal, "seconds") : NULL;
      VitrineProduct *product;
      VitrineMoney money;

      if (deal == NULL)
        vitrine_graphics_stop_deal (graphics);
      else if (!(product = find_product (self, json_object_get_member (deal, "product"),
                                         &error)))
        ;
      else if (!node_is_integer (seconds))
        g_set_error_literal (&error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_INVALID,
                             _("\"seconds\" must be a whole number"));
      else if (node_is_integer (price))
        vitrine_graphics_start_deal (graphics, product, json_node_get_int (price),
                                     json_node_get_int (seconds), &error);
      else if (node_string (price) != NULL &&
               vitrine_money_parse (node_string (price),
                                    vitrine_product_get_price (product)->currency, &money,
                                    &error))
        vitrine_graphics_start_deal (graphics, product, money.amount,
                                     json_node_get_int (seconds), &error);
      else if (error == NULL)
        g_set_error_literal (&error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_INVALID,
                             _("\"price\" is the deal price in cents (1499) or as text "
                               "(\"14.99\")"));
    }
  else if ((node = json_object_get_member (object, "lower_third")) != NULL)
    {
      JsonObject *lower = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      vitrine_graphics_set_lower_third (graphics,
                                        lower ? json_object_get_string_member_with_default (lower, "name", NULL) : NULL,
                                        lower ? json_object_get_string_member_with_default (lower, "title", NULL) : NULL);
    }
  else if ((node = json_object_get_member (object, "ticker")) != NULL)
    vitrine_graphics_set_ticker (graphics, node_string (node));
  else if ((node = json_object_get_member (object, "comment")) != NULL)
    {
      JsonObject *comment = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *text = comment
        ? json_object_get_string_member_with_default (comment, "text", NULL) : NULL;

      if (text == NULL)
        vitrine_graphics_hide_comment (graphics);
      else
        vitrine_graphics_show_comment (graphics, text,
                                       json_object_get_string_member_with_default (comment, "author", ""),
                                       json_object_get_string_member_with_default (comment, "platform", NULL));
    }
  else if ((node = json_object_get_member (object, "alert")) != NULL)
    {
      if (node_string (node) != NULL)
        vitrine_graphics_show_alert (graphics, node_string (node));
      else
        g_set_error_literal (&error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_INVALID,
                             _("\"alert\" is the text to show"));
    }
  else if ((node = json_object_get_member (object, "stock")) != NULL)
    {
      JsonObject *stock = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *count = stock ? json_object_get_member (stock, "stock") : NULL;
      VitrineProduct *product = stock
        ? find_product (self, json_object_get_member (stock, "product"), &error) : NULL;

      if (product != NULL && node_is_integer (count) && json_node_get_int (count) >= -1)
        vitrine_product_set_stock (product, json_node_get_int (count));
      else if (product != NULL || error == NULL)
        g_set_error_literal (&error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_INVALID,
                             _("Expected {\"stock\": {\"product\": \"A12\", \"stock\": 3}}"));
    }
  else if (json_object_has_member (object, "export_card"))
    export_card (self, object, &error);
  else
    return FALSE;

  if (error != NULL)
    emit_error (self, "command", NULL, error->message);
  return TRUE;
}

static void
handle_command (Headless   *self,
                const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonNode *node;

  if (*line == '\0')
    return;

  if (!json_parser_load_from_data (parser, line, -1, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Ignored a command that is not JSON: %s"),
                                                  error->message);
      emit_error (self, "command", NULL, message);
      return;
    }

  node = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      emit_error (self, "command", NULL, _("Ignored a command that is not a JSON object"));
      return;
    }
  object = json_node_get_object (node);

  if ((node = json_object_get_member (object, "scene")) != NULL)
    {
      const char *scene = JSON_NODE_HOLDS_VALUE (node) &&
                          json_node_get_value_type (node) == G_TYPE_STRING
                            ? json_node_get_string (node) : NULL;

      if (!vitrine_engine_set_scene (self->engine, scene, &error))
        emit_error (self, "command", NULL, error->message);
    }
  else if ((node = json_object_get_member (object, "output")) != NULL)
    {
      const char *id = JSON_NODE_HOLDS_VALUE (node) &&
                       json_node_get_value_type (node) == G_TYPE_STRING
                         ? json_node_get_string (node) : NULL;
      const char *action = json_object_get_string_member_with_default (object, "action", "");
      VitrineOutput *output = id ? vitrine_engine_find_output (self->engine, id) : NULL;

      /* "*": Start all / Stop all / Retry all. */
      if (g_strcmp0 (id, "*") == 0 &&
          (g_str_equal (action, "start") || g_str_equal (action, "stop") ||
           g_str_equal (action, "retry")))
        {
          GListModel *outputs = vitrine_engine_get_outputs (self->engine);

          for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
            {
              g_autoptr(VitrineOutput) each = g_list_model_get_item (outputs, i);

              if (g_str_equal (action, "start"))
                vitrine_engine_start_output (self->engine, each);
              else if (g_str_equal (action, "stop"))
                vitrine_engine_stop_output (self->engine, each);
              else
                vitrine_engine_retry_output (self->engine, each);
            }
        }
      else if (output == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The show has no destination “%s”"),
                                                      id ? id : "");
          emit_error (self, "command", id, message);
        }
      else if (g_str_equal (action, "start"))
        vitrine_engine_start_output (self->engine, output);
      else if (g_str_equal (action, "stop"))
        vitrine_engine_stop_output (self->engine, output);
      else if (g_str_equal (action, "retry"))
        vitrine_engine_retry_output (self->engine, output);
      else
        emit_error (self, "command", id,
                    _("Unknown destination action: expected start, stop or retry"));
    }
  else if ((node = json_object_get_member (object, "audio")) != NULL)
    {
      const char *id = JSON_NODE_HOLDS_VALUE (node) &&
                       json_node_get_value_type (node) == G_TYPE_STRING
                         ? json_node_get_string (node) : NULL;
      JsonNode *volume = json_object_get_member (object, "volume");
      JsonNode *mute = json_object_get_member (object, "mute");

      if (volume != NULL &&
          (!JSON_NODE_HOLDS_VALUE (volume) ||
           (json_node_get_value_type (volume) != G_TYPE_DOUBLE &&
            json_node_get_value_type (volume) != G_TYPE_INT64)))
        emit_error (self, "command", id, _("\"volume\" must be a number from 0 to 2"));
      else if (mute != NULL &&
               (!JSON_NODE_HOLDS_VALUE (mute) || json_node_get_value_type (mute) != G_TYPE_BOOLEAN))
        emit_error (self, "command", id, _("\"mute\" must be true or false"));
      else if ((volume != NULL &&
                !vitrine_engine_set_audio_volume (self->engine, id,
                                                  json_node_get_double (volume), &error)) ||
               (mute != NULL &&
                !vitrine_engine_set_audio_muted (self->engine, id,
                                                 json_node_get_boolean (mute), &error)))
        emit_error (self, "command", id, error->message);
    }
  else if (json_object_has_member (object, "stop"))
    stop (self);
  else if (!handle_commerce_command (self, object) && !handle_feed_command (self, object))
    emit_error (self, "command", NULL,
                _("Unknown command: expected {\"scene\": \"id\"}, "
                  "{\"output\": \"id\", \"action\": \"start\"}, {\"pin\": \"A12\"} "
                  "or {\"stop\": true} (see the README)"));
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Headless *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize length;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                    &length, &error);
  if (line == NULL)
    {
      /* EOF or a closed stdin: keep running; the duration or a signal ends it. */
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        emit_error (self, "command", NULL, error->message);
      return;
    }

  handle_command (self, g_strstrip (line));

  if (!self->stopping)
    g_data_input_stream_read_line_async (self->input, G_PRIORITY_DEFAULT, self->cancellable,
                                         read_line_cb, self);
}

static int
run_show (const char  *path,
          double       duration,
          gboolean     offline,
          gint64       frames,
          char       **commands,
          const char  *journal,
          gboolean     no_journal)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineShow) show = NULL;
  g_autoptr(GInputStream) stdin_stream = NULL;
  VitrineEngineFlags flags = VITRINE_ENGINE_FLAGS_KEYS_FROM_ENV;
  Headless self = { 0 };
  GListModel *outputs;

  self.started_us = g_get_monotonic_time ();
  self.journal_path = journal;
  self.no_journal = no_journal;

  if (!(show = vitrine_show_new_from_file (file, &error)))
    {
      emit_error (&self, "show", NULL, error->message);
      g_printerr ("vitrine: %s\n", error->message);
      return EXIT_SHOW;
    }

  /* What the platforms say about this show: the host decides, the show runs. */
  for (guint i = 0; i < vitrine_show_get_warnings (show)->len; i++)
    {
      Line line = begin_event (&self, "warning");

      line_string (&line, "source", "show");
      line_string (&line, "message", g_ptr_array_index (vitrine_show_get_warnings (show), i));
      emit (&line);
    }

  if (!load_catalog (&self, show, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The catalog cannot be used: %s"),
                                                  error->message);

      emit_error (&self, "show", NULL, message);
      g_printerr ("vitrine: %s\n", message);
      g_clear_object (&self.catalog);
      return EXIT_SHOW;
    }
  sync_shop (&self, show);

  if (offline)
    flags |= VITRINE_ENGINE_FLAGS_OFFLINE;

  self.loop = g_main_loop_new (NULL, FALSE);
  self.cancellable = g_cancellable_new ();
  self.engine = vitrine_engine_new (show, flags);
  if (frames > 0)
    vitrine_engine_set_frame_limit (self.engine, frames);

  g_signal_connect (self.engine, "notify::state", G_CALLBACK (engine_state_cb), &self);
  g_signal_connect (self.engine, "notify::scene", G_CALLBACK (engine_scene_cb), &self);
  g_signal_connect (self.engine, "stats", G_CALLBACK (engine_stats_cb), &self);
  g_signal_connect (self.engine, "finished", G_CALLBACK (engine_finished_cb), &self);
  g_signal_connect (self.engine, "notice", G_CALLBACK (engine_notice_cb), &self);
  g_signal_connect (self.engine, "source-failed", G_CALLBACK (engine_source_failed_cb), &self);
  g_signal_connect (vitrine_engine_get_graphics (self.engine), "shown",
                    G_CALLBACK (graphics_shown_cb), &self);
  g_signal_connect (vitrine_engine_get_graphics (self.engine), "notify::pinned",
                    G_CALLBACK (graphics_pinned_cb), &self);
  g_signal_connect (vitrine_engine_get_graphics (self.engine), "notify::deal-remaining",
                    G_CALLBACK (graphics_deal_cb), &self);

  outputs = vitrine_engine_get_outputs (self.engine);
  for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
    {
      g_autoptr(VitrineOutput) output = g_list_model_get_item (outputs, i);

      g_signal_connect (output, "notify::state", G_CALLBACK (output_state_cb), &self);
    }

  /* Asked for before the start so an offline render loses no frame; so are
   * the --command lines (a product pinned from the very first frame). */
  vitrine_engine_go_live (self.engine);
  for (guint i = 0; commands != NULL && commands[i] != NULL; i++)
    handle_command (&self, commands[i]);

  if (!vitrine_engine_start (self.engine, &error))
    {
      emit_error (&self, "engine", NULL, error->message);
      g_printerr ("vitrine: %s\n", error->message);
      g_signal_handlers_disconnect_by_data (self.engine, &self);
      g_signal_handlers_disconnect_by_data (vitrine_engine_get_graphics (self.engine), &self);
      for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
        {
          g_autoptr(VitrineOutput) output = g_list_model_get_item (outputs, i);
          g_signal_handlers_disconnect_by_data (output, &self);
        }
      g_clear_object (&self.catalog);
      g_clear_object (&self.engine);
      g_clear_object (&self.cancellable);
      g_clear_pointer (&self.loop, g_main_loop_unref);
      return EXIT_ENGINE;
    }

  self.started = TRUE;

  start_feeds (&self, show);

  if (duration > 0)
    self.duration_id = g_timeout_add ((guint)(duration * 1000), duration_cb, &self);

  g_unix_signal_add (SIGINT, signal_cb, &self);
  g_unix_signal_add (SIGTERM, signal_cb, &self);

  stdin_stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  self.input = g_data_input_stream_new (stdin_stream);
  g_data_input_stream_read_line_async (self.input, G_PRIORITY_DEFAULT, self.cancellable,
                                       read_line_cb, &self);

  g_main_loop_run (self.loop);

  g_signal_handlers_disconnect_by_data (self.engine, &self);
  g_signal_handlers_disconnect_by_data (vitrine_engine_get_graphics (self.engine), &self);
  for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
    {
      g_autoptr(VitrineOutput) output = g_list_model_get_item (outputs, i);
      g_signal_handlers_disconnect_by_data (output, &self);
    }

  stop_feeds (&self);
  g_clear_object (&self.catalog);
  g_clear_object (&self.input);
  g_clear_object (&self.engine);
  g_clear_object (&self.cancellable);
  g_clear_pointer (&self.loop, g_main_loop_unref);

  return self.exit_code;
}

typedef struct
{
  GMainLoop *loop;
  GError    *error;
} KeyOp;

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  KeyOp *op = user_data;

  vitrine_secrets_store_finish (result, &op->error);
  g_main_loop_quit (op->loop);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  KeyOp *op = user_data;

  vitrine_secrets_clear_finish (result, &op->error);
  g_main_loop_quit (op->loop);
}

static char *
read_key (void)
{
  gboolean tty = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  char buffer[4096];
  char *line;

  if (tty)
    {
      g_printerr ("%s", _("Stream key: "));
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }

  line = fgets (buffer, sizeof buffer, stdin);

  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      g_printerr ("\n");
    }

  if (line == NULL)
    return NULL;
  line = g_strstrip (g_strdup (buffer));
  memset (buffer, 0, sizeof buffer);
  return line;
}

static int
manage_key (const char *set_id,
            const char *clear_id)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  KeyOp op = { loop, NULL };
  int status = EXIT_OK;

  if (set_id != NULL)
    {
      g_autofree char *key = read_key ();
      g_autofree char *label = NULL;

      if (key == NULL || *key == '\0')
        {
          g_printerr ("vitrine: %s\n", _("No stream key given on standard input"));
          return EXIT_USAGE;
        }

      label = g_strdup_printf (_("Vitrine stream key for “%s”"), set_id);
      vitrine_secrets_store_async (set_id, label, key, NULL, store_cb, &op);
      memset (key, 0, strlen (key));
      g_main_loop_run (loop);

      if (op.error != NULL)
        {
          g_printerr ("vitrine: %s: %s\n", _("Cannot store the stream key in the keyring"),
                      op.error->message);
          status = EXIT_ENGINE;
        }
      else
        g_printerr (_("Stored the stream key for “%s” in the keyring.\n"), set_id);
    }
  else
    {
      vitrine_secrets_clear_async (clear_id, NULL, clear_cb, &op);
      g_main_loop_run (loop);

      if (op.error != NULL)
        {
          g_printerr ("vitrine: %s: %s\n", _("Cannot remove the stream key from the keyring"),
                      op.error->message);
          status = EXIT_ENGINE;
        }
      else
        g_printerr (_("Removed the stream key for “%s” from the keyring.\n"), clear_id);
    }

  g_clear_error (&op.error);
  return status;
}

int
vitrine_headless_main (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) rest = NULL;
  g_autofree char *set_key = NULL;
  g_autofree char *clear_key = NULL;
  gboolean headless = FALSE;
  gboolean offline = FALSE;
  double duration = 0;
  gint64 frames = 0;
  g_auto(GStrv) commands = NULL;
  g_autofree char *journal = NULL;
  gboolean no_journal = FALSE;
  GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &headless,
      N_("Run the show without a window, printing JSON lines"), NULL },
    { "duration", 0, 0, G_OPTION_ARG_DOUBLE, &duration,
      N_("Stop cleanly after this many seconds"), N_("SECONDS") },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline,
      N_("Render as fast as possible instead of in real time"), NULL },
    { "frames", 0, 0, G_OPTION_ARG_INT64, &frames,
      N_("With --offline: end the show after this many frames"), N_("N") },
    { "command", 0, 0, G_OPTION_ARG_STRING_ARRAY, &commands,
      N_("A JSON command carried out before the show starts (repeatable)"), N_("JSON") },
    { "journal", 0, 0, G_OPTION_ARG_FILENAME, &journal,
      N_("Keep the show’s journal in this file (default: one per show in the data folder)"),
      N_("FILE") },
    { "no-journal", 0, 0, G_OPTION_ARG_NONE, &no_journal,
      N_("Keep no journal of the show’s feed"), NULL },
    { "set-key", 0, 0, G_OPTION_ARG_STRING, &set_key,
      N_("Store the stream key (read from standard input) of a destination"), N_("ID") },
    { "clear-key", 0, 0, G_OPTION_ARG_STRING, &clear_key,
      N_("Remove the stored stream key of a destination"), N_("ID") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, N_("SHOW.json") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Vitrine — live shopping studio"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, gst_init_get_option_group ());

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("vitrine: %s\n", error->message);
      return EXIT_USAGE;
    }

  if (set_key != NULL || clear_key != NULL)
    return manage_key (set_key, clear_key);

  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    {
      g_printerr ("vitrine: %s\n", _("Usage: vitrine --headless SHOW.json [--duration SECONDS]"));
      return EXIT_USAGE;
    }
  if (duration < 0 || frames < 0)
    {
      g_printerr ("vitrine: %s\n", _("--duration and --frames must not be negative"));
      return EXIT_USAGE;
    }

  return run_show (rest[0], duration, offline, frames, commands, journal, no_journal);
}
