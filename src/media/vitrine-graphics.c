/* vitrine-graphics.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-graphics"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/video/video.h>
#include <string.h>

#include "vitrine-blend-private.h"
#include "vitrine-graphics.h"
#include "vitrine-media-enums.h"
#include "vitrine-money.h"
#include "vitrine-output-private.h"
#include "vitrine-overlay-render.h"

/* What the host puts on screen — the pinned product's card (with its deal
 * and QR code), a lower third, a ticker, a viewer's comment, an order
 * alert — drawn into the program, so every platform's viewer sees it.
 *
 * The host's actions arrive on the main thread: the overlay is rendered
 * there with Cairo + Pango (a few ms), only when its content changes (a
 * deal's countdown once a second), converted to YUV planes once
 * (vitrine-blend.c) and handed to the streaming thread. Each canvas has an
 * element after its compositor whose buffers are blended in place with the
 * overlays; while one slides in or out (≤ 300 ms) the same pixels are
 * moved and faded, and only the ticker's visible strip is composed per
 * frame. The first frame that carries new content is reported ("shown")
 * with its timestamp. */

GST_DEBUG_CATEGORY_STATIC (vitrine_graphics_debug);
#define GST_CAT_DEFAULT vitrine_graphics_debug

#define ALERT_SECONDS     6
#define TICKER_PX_PER_SEC 120.0

typedef enum
{
  SLOT_CARD,
  SLOT_LOWER_THIRD,
  SLOT_TICKER,
  SLOT_COMMENT,
  SLOT_ALERT,
  N_SLOTS
} Slot;

static const VitrineOverlayKind slot_kinds[N_SLOTS] = {
  VITRINE_OVERLAY_CARD,
  VITRINE_OVERLAY_LOWER_THIRD,
  VITRINE_OVERLAY_TICKER,
  VITRINE_OVERLAY_COMMENT,
  VITRINE_OVERLAY_ALERT,
};

static const char *slot_names[N_SLOTS] = { "card", "lower_third", "ticker", "comment", "alert" };

/* One overlay on one canvas, read by the streaming thread (@lock). */
typedef struct
{
  VitrineYuvImage *image;        /* showing, or NULL */
  int              x, y;         /* where it rests on the canvas */
  guint64          generation;
  gboolean         appearing;    /* slides in from shown_at */
  GstClockTime     shown_at;     /* pts of the first frame with it, or NONE */
  GstClockTime     requested_rt; /* running time of the host's action, or NONE */
  VitrineYuvImage *leaving;      /* sliding out, or NULL */
  int              leaving_x, leaving_y;
  GstClockTime     leaving_since;
  cairo_surface_t *strip;        /* ticker: the text, scrolled per frame */
} SlotState;

typedef struct _CanvasState
{
  VitrineGraphics *graphics;           /* owned: lives as long as the element */
  GstElement      *element;            /* borrowed: its "draw" holds this state */
  int              width;
  int              height;
  char            *utm_source;         /* its own QR code's source, or NULL: shared */
  GstVideoInfo     info;               /* I420 at width × height */
  SlotState        slots[N_SLOTS];
} CanvasState;

typedef struct
{
  Slot         slot;
  GstClockTime requested_rt;
  GstClockTime pts;
  int          width;
} ShownNote;

struct _VitrineGraphics
{
  GObject              parent_instance;

  VitrineOverlayTheme *theme;
  char                *locale;
  char                *campaign;
  char                *utm_source;

  /* Main thread */
  VitrineProduct      *pinned;
  gulong               pinned_notify_id;
  VitrineProduct      *deal_product;
  gint64               deal_price;
  gint64               deal_end_us;   /* monotonic */
  guint                deal_timer_id;
  guint                alert_timer_id;
  VitrineOverlayCard  *card;
  GHashTable          *pictures;      /* image path → Picture, decoded once */
  VitrineOverlayLowerThird *lower_third;
  VitrineOverlayTicker *ticker;
  VitrineOverlayComment *comment;
  VitrineOverlayAlert *alert;
  guint64              generations[N_SLOTS];
  GPtrArray           *canvases;      /* CanvasState*, one per overlay element */
  guint                shown_idle_id;

  /* Streaming threads and main thread */
  GMutex               lock;
  GArray              *shown;         /* ShownNote, for the main thread */
};

G_DEFINE_FINAL_TYPE (VitrineGraphics, vitrine_graphics, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PINNED,
  PROP_DEAL_REMAINING,
  N_PROPS
};

enum {
  SHOWN,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void update_card (VitrineGraphics *self);

static void
slot_clear (SlotState *slot)
{
  g_clear_pointer (&slot->image, _vitrine_yuv_image_unref);
  g_clear_pointer (&slot->leaving, _vitrine_yuv_image_unref);
  g_clear_pointer (&slot->strip, cairo_surface_destroy);
}

static void
canvas_state_clear (CanvasState *state)
{
  for (guint i = 0; i < N_SLOTS; i++)
    slot_clear (&state->slots[i]);
  g_clear_pointer (&state->utm_source, g_free);
  g_clear_object (&state->graphics);
}

static void
canvas_state_unref (CanvasState *state)
{
  g_atomic_rc_box_release_full (state, (GDestroyNotify)canvas_state_clear);
}

/* The canvas's element is gone with its pipeline (the engine stopped). Any
 * thread. */
static void
element_gone_cb (gpointer  user_data,
                 GObject  *where_the_element_was)
{
  CanvasState *state = user_data;
  VitrineGraphics *self = state->graphics;
  guint index;
  gboolean found;

  g_mutex_lock (&self->lock);
  state->element = NULL;
  found = g_ptr_array_find (self->canvases, state, &index);
  if (found)
    g_ptr_array_steal_index (self->canvases, index);
  g_mutex_unlock (&self->lock);

  /* Outside the lock: this may be the graphics' last reference. */
  if (found)
    canvas_state_unref (state);
}

/* The canvases alive now, each with a reference. */
static GPtrArray *
live_canvases (VitrineGraphics *self)
{
  GPtrArray *canvases = g_ptr_array_new_with_free_func ((GDestroyNotify)canvas_state_unref);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->canvases->len; i++)
    g_ptr_array_add (canvases, g_atomic_rc_box_acquire (g_ptr_array_index (self->canvases, i)));
  g_mutex_unlock (&self->lock);
  return canvases;
}

static char *checkout_url (VitrineGraphics *self,
                           VitrineProduct  *product,
                           const char      *source);

/* @utm_source: a destination's own QR code, or NULL for the shared one. */
static cairo_surface_t *
render_slot (VitrineGraphics       *self,
             Slot                   slot,
             int                    width,
             int                    height,
             const char            *utm_source,
             cairo_rectangle_int_t *rect)
{
  switch (slot)
    {
    case SLOT_CARD:
      if (self->card != NULL && utm_source != NULL && self->card->qr_url != NULL &&
          self->pinned != NULL)
        {
          g_autofree char *url = checkout_url (self, self->pinned, utm_source);
          VitrineOverlayCard own = *self->card;

          own.qr_url = url;
          return vitrine_overlay_card_render (self->theme, &own, width, height, rect);
        }
      return self->card ? vitrine_overlay_card_render (self->theme, self->card, width, height,
                                                       rect) : NULL;
    case SLOT_LOWER_THIRD:
      return self->lower_third ? vitrine_overlay_lower_third_render (self->theme,
                                                                     self->lower_third,
                                                                     width, height, rect)
                               : NULL;
    case SLOT_COMMENT:
      return self->comment ? vitrine_overlay_comment_render (self->theme, self->comment,
                                                             width, height, rect) : NULL;
    case SLOT_ALERT:
      return self->alert ? vitrine_overlay_alert_render (self->theme, self->alert,
                                                         width, height, rect) : NULL;
    case SLOT_TICKER:
    case N_SLOTS:
    default:
      return NULL;
    }
}

/* The content of @slot changed: new pixels for every canvas. @appear: it
 * was hidden, so it slides in; otherwise it changes in place. */
static void
publish (VitrineGraphics *self,
         Slot             slot,
         gboolean         appear)
{
  guint64 generation = ++self->generations[slot];
  g_autoptr(GPtrArray) canvases = live_canvases (self);

  for (guint i = 0; i < canvases->len; i++)
    {
      CanvasState *state = g_ptr_array_index (canvases, i);
      VitrineYuvImage *image = NULL;
      cairo_rectangle_int_t rect = { 0, };
      cairo_surface_t *strip = NULL;
      GstClockTime requested_rt = GST_CLOCK_TIME_NONE;
      g_autoptr(GstElement) element = NULL;
      g_autoptr(GstClock) clock = NULL;
      SlotState *s;

      g_mutex_lock (&self->lock);
      element = state->element ? gst_object_ref (state->element) : NULL;
      g_mutex_unlock (&self->lock);
      if (element == NULL)
        continue;
      clock = gst_element_get_clock (element);

      /* Where the program is now: the first frame stamped after this
       * carries the change if it is drawn in time. */
      if (clock != NULL)
        requested_rt = gst_clock_get_time (clock) - gst_element_get_base_time (element);

      if (slot == SLOT_TICKER)
        {
          if (self->ticker != NULL)
            strip = vitrine_overlay_ticker_render_strip (self->theme, self->ticker,
                                                         state->width, state->height);
        }
      else
        {
          cairo_surface_t *surface = render_slot (self, slot, state->width, state->height,
                                                  state->utm_source, &rect);

          if (surface != NULL)
            {
              image = _vitrine_yuv_image_new (surface);
              cairo_surface_destroy (surface);
            }
        }

      g_mutex_lock (&self->lock);
      s = &state->slots[slot];
      if (image == NULL && strip == NULL && s->image != NULL && slot != SLOT_TICKER)
        {
          /* Hidden: the last picture slides out. */
          g_clear_pointer (&s->leaving, _vitrine_yuv_image_unref);
          s->leaving = g_steal_pointer (&s->image);
          s->leaving_x = s->x;
          s->leaving_y = s->y;
          s->leaving_since = GST_CLOCK_TIME_NONE;
        }
      g_clear_pointer (&s->image, _vitrine_yuv_image_unref);
      s->image = image;
      s->x = rect.x;
      s->y = rect.y;
      g_clear_pointer (&s->strip, cairo_surface_destroy);
      s->strip = strip;
      s->generation = generation;
      s->appearing = appear;
      s->shown_at = GST_CLOCK_TIME_NONE;
      s->requested_rt = requested_rt;
      g_mutex_unlock (&self->lock);
    }
}

static gboolean
emit_shown_cb (gpointer user_data)
{
  VitrineGraphics *self = user_data;
  g_autoptr(GArray) notes = NULL;

  g_mutex_lock (&self->lock);
  self->shown_idle_id = 0;
  notes = g_steal_pointer (&self->shown);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      ShownNote *note = &g_array_index (notes, ShownNote, i);

      gint64 delay = -1;

      if (GST_CLOCK_TIME_IS_VALID (note->requested_rt) && GST_CLOCK_TIME_IS_VALID (note->pts))
        delay = note->pts > note->requested_rt ? (gint64)(note->pts - note->requested_rt) : 0;
      g_signal_emit (self, signals [SHOWN], 0, slot_names[note->slot], note->width,
                     (guint64)note->pts, delay);
    }
  return G_SOURCE_REMOVE;
}

static double
progress (GstClockTime now,
          GstClockTime since,
          guint        duration_ms)
{
  if (duration_ms == 0 || now < since)
    return 1.0;
  return MIN (1.0, (double)(now - since) / (duration_ms * GST_MSECOND));
}

/* Blends @image resting at (@x, @y) into @frame, moved and faded by the
 * transition at @p. */
static void
blend_moving (VitrineGraphics          *self,
              CanvasState              *state,
              Slot                      slot,
              GstVideoFrame            *frame,
              const VitrineYuvImage    *image,
              int                       x,
              int                       y,
              VitrineOverlayTransition  transition,
              double                    p)
{
  VitrineOverlayTransform transform = { 0, 0, 1.0 };

  if (p < 1.0 || transition == VITRINE_OVERLAY_TRANSITION_OUT)
    vitrine_overlay_get_transform (self->theme, slot_kinds[slot], state->width, state->height,
                                   transition, p, &transform);
  _vitrine_yuv_image_blend (image, frame, x + transform.dx, y + transform.dy, transform.alpha);
}

/* Streaming thread of one canvas: the overlays into the frame, in place. */
static GstPadProbeReturn
draw_probe (GstPad          *pad,
            GstPadProbeInfo *info,
            gpointer         user_data)
{
  CanvasState *state = user_data;
  VitrineGraphics *self = state->graphics;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  /* The compositor always stamps its frames; 0 keeps an unstamped one from
   * looking like content never shown. */
  GstClockTime pts = GST_BUFFER_PTS_IS_VALID (buffer) ? GST_BUFFER_PTS (buffer) : 0;
  guint in_ms = vitrine_overlay_theme_get_duration (self->theme, VITRINE_OVERLAY_TRANSITION_IN);
  guint out_ms = vitrine_overlay_theme_get_duration (self->theme, VITRINE_OVERLAY_TRANSITION_OUT);
  gboolean any = FALSE;
  GstVideoFrame frame;

  g_mutex_lock (&self->lock);

  for (guint i = 0; i < N_SLOTS; i++)
    {
      SlotState *s = &state->slots[i];

      if ((s->image != NULL || s->strip != NULL) && s->shown_at == GST_CLOCK_TIME_NONE)
        {
          ShownNote note = { i, s->requested_rt, pts, state->width };

          s->shown_at = pts;
          if (self->shown == NULL)
            self->shown = g_array_new (FALSE, FALSE, sizeof (ShownNote));
          g_array_append_val (self->shown, note);
          if (self->shown_idle_id == 0)
            self->shown_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, emit_shown_cb,
                                                   g_object_ref (self), g_object_unref);
        }
      if (s->leaving != NULL && s->leaving_since == GST_CLOCK_TIME_NONE)
        s->leaving_since = pts;
      if (s->leaving != NULL && progress (pts, s->leaving_since, out_ms) >= 1.0)
        g_clear_pointer (&s->leaving, _vitrine_yuv_image_unref);
      any |= s->image != NULL || s->strip != NULL || s->leaving != NULL;
    }

  if (!any)
    {
      g_mutex_unlock (&self->lock);
      return GST_PAD_PROBE_OK;
    }

  /* The compositor's fresh frame is ours alone: no copy is made here. */
  buffer = gst_buffer_make_writable (buffer);
  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  if (!gst_video_frame_map (&frame, &state->info, buffer, GST_MAP_READWRITE))
    {
      g_mutex_unlock (&self->lock);
      return GST_PAD_PROBE_OK;
    }

  for (guint i = 0; i < N_SLOTS; i++)
    {
      SlotState *s = &state->slots[i];

      if (s->leaving != NULL)
        blend_moving (self, state, i, &frame, s->leaving, s->leaving_x, s->leaving_y,
                      VITRINE_OVERLAY_TRANSITION_OUT, progress (pts, s->leaving_since, out_ms));
      else if (s->strip != NULL)
        {
          cairo_rectangle_int_t rect;
          double offset = (double)(pts - s->shown_at) / GST_SECOND * TICKER_PX_PER_SEC *
                          state->height / 1080.0;
          cairo_surface_t *surface = vitrine_overlay_ticker_compose (self->theme, s->strip,
                                                                     state->width,
                                                                     state->height, offset,
                                                                     &rect);
          g_autoptr(VitrineYuvImage) image = _vitrine_yuv_image_new (surface);

          cairo_surface_destroy (surface);
          _vitrine_yuv_image_blend (image, &frame, rect.x, rect.y, 1.0);
        }
      else if (s->image != NULL)
        blend_moving (self, state, i, &frame, s->image, s->x, s->y,
                      VITRINE_OVERLAY_TRANSITION_IN,
                      s->appearing ? progress (pts, s->shown_at, in_ms) : 1.0);
    }

  g_mutex_unlock (&self->lock);
  gst_video_frame_unmap (&frame);
  return GST_PAD_PROBE_OK;
}

static void
vitrine_graphics_dispose (GObject *object)
{
  VitrineGraphics *self = (VitrineGraphics *)object;

  g_clear_handle_id (&self->deal_timer_id, g_source_remove);
  g_clear_handle_id (&self->alert_timer_id, g_source_remove);
  if (self->pinned != NULL)
    g_clear_signal_handler (&self->pinned_notify_id, self->pinned);
  g_clear_object (&self->pinned);
  g_clear_object (&self->deal_product);

  G_OBJECT_CLASS (vitrine_graphics_parent_class)->dispose (object);
}

static void
vitrine_graphics_finalize (GObject *object)
{
  VitrineGraphics *self = (VitrineGraphics *)object;

  g_clear_object (&self->theme);
  g_free (self->locale);
  g_free (self->campaign);
  g_free (self->utm_source);
  g_clear_pointer (&self->card, vitrine_overlay_card_free);
  g_clear_pointer (&self->pictures, g_hash_table_unref);
  g_clear_pointer (&self->lower_third, vitrine_overlay_lower_third_free);
  g_clear_pointer (&self->ticker, vitrine_overlay_ticker_free);
  g_clear_pointer (&self->comment, vitrine_overlay_comment_free);
  g_clear_pointer (&self->alert, vitrine_overlay_alert_free);
  g_clear_pointer (&self->canvases, g_ptr_array_unref);
  g_clear_pointer (&self->shown, g_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vitrine_graphics_parent_class)->finalize (object);
}

static void
vitrine_graphics_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VitrineGraphics *self = VITRINE_GRAPHICS (object);

  switch (prop_id)
    {
    case PROP_PINNED:
      g_value_set_object (value, self->pinned);
      break;

    case PROP_DEAL_REMAINING:
      g_value_set_int64 (value, vitrine_graphics_get_deal_remaining (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_graphics_class_init (VitrineGraphicsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_graphics_dispose;
  object_class->finalize = vitrine_graphics_finalize;
  object_class->get_property = vitrine_graphics_get_property;

  /**
   * VitrineGraphics:pinned:
   *
   * The product whose card is on screen, or %NULL.
   */
  properties [PROP_PINNED] =
    g_param_spec_object ("pinned", NULL, NULL, VITRINE_TYPE_PRODUCT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VitrineGraphics:deal-remaining:
   *
   * Seconds left in the flash deal, or -1 when there is none. Notified once
   * a second while a deal runs.
   */
  properties [PROP_DEAL_REMAINING] =
    g_param_spec_int64 ("deal-remaining", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VitrineGraphics::shown:
   * @kind: "card", "lower_third", "ticker", "comment" or "alert"
   * @canvas_width: the width of the canvas it was drawn on
   * @pts: the timestamp (running time) of the first frame that carries the
   *   new content
   * @delay: @pts minus the running time of the host's action, in ns (0 when
   *   a frame stamped just before the action still carried it), or -1 when
   *   the program was not running
   *
   * Emitted on the main thread once per canvas each time an overlay's
   * content first reaches the program.
   */
  signals [SHOWN] =
    g_signal_new ("shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_INT, G_TYPE_UINT64, G_TYPE_INT64);

  GST_DEBUG_CATEGORY_INIT (vitrine_graphics_debug, "vitrine-graphics", 0,
                           "Vitrine on-screen graphics");
}

static void
vitrine_graphics_init (VitrineGraphics *self)
{
  g_mutex_init (&self->lock);
  self->canvases = g_ptr_array_new_with_free_func ((GDestroyNotify)canvas_state_unref);
}

/**
 * vitrine_graphics_new:
 * @theme: the overlays' look
 * @locale: (nullable): the locale prices are written in (e.g. `de_DE`), or
 *   %NULL for the process's
 * @campaign: (nullable): `utm_campaign` in checkout links (the show)
 *
 * Returns: (transfer full): on-screen graphics, with nothing showing
 */
VitrineGraphics *
vitrine_graphics_new (VitrineOverlayTheme *theme,
                      const char          *locale,
                      const char          *campaign)
{
  VitrineGraphics *self;

  g_return_val_if_fail (VITRINE_IS_OVERLAY_THEME (theme), NULL);

  self = g_object_new (VITRINE_TYPE_GRAPHICS, NULL);
  self->theme = g_object_ref (theme);
  self->locale = g_strdup (locale);
  self->campaign = g_strdup (campaign);
  self->utm_source = g_strdup ("vitrine");
  return self;
}

/**
 * vitrine_graphics_set_utm_source:
 * @source: `utm_source` of checkout links: the platform the QR code is
 *   seen on
 */
void
vitrine_graphics_set_utm_source (VitrineGraphics *self,
                                 const char      *source)
{
  g_return_if_fail (VITRINE_IS_GRAPHICS (self));

  if (g_strcmp0 (self->utm_source, source) == 0)
    return;
  g_free (self->utm_source);
  self->utm_source = g_strdup (source ? source : "vitrine");
  update_card (self);
}

/**
 * vitrine_graphics_get_checkout_url:
 *
 * Returns: (transfer full) (nullable): @product's checkout link as the QR
 *   code carries it, with `utm_source`, `utm_medium=live` and `utm_campaign`
 */
char *
vitrine_graphics_get_checkout_url (VitrineGraphics *self,
                                   VitrineProduct  *product)
{
  g_return_val_if_fail (VITRINE_IS_GRAPHICS (self), NULL);
  g_return_val_if_fail (VITRINE_IS_PRODUCT (product), NULL);

  return checkout_url (self, product, self->utm_source);
}

static char *
checkout_url (VitrineGraphics *self,
              VitrineProduct  *product,
              const char      *utm_source)
{
  const char *url = vitrine_product_get_checkout_url (product);
  g_autofree char *source = NULL;
  g_autofree char *campaign = NULL;
  g_autofree char *base = NULL;
  const char *fragment;

  if (url == NULL || *url == '\0')
    return NULL;

  /* Parameters go before any #fragment. */
  fragment = strchr (url, '#');
  base = fragment ? g_strndup (url, fragment - url) : g_strdup (url);
  source = g_uri_escape_string (utm_source, NULL, FALSE);
  campaign = g_uri_escape_string (self->campaign ? self->campaign : "live", NULL, FALSE);
  return g_strdup_printf ("%s%sutm_source=%s&utm_medium=live&utm_campaign=%s%s",
                          base, strchr (base, '?') ? "&" : "?", source, campaign,
                          fragment ? fragment : "");
}

static char *
format_money (VitrineGraphics    *self,
              const VitrineMoney *money)
{
  char *text = vitrine_money_format (money, self->locale);

  return text ? text : vitrine_money_to_decimal (money);
}

/* The card's text from the pinned product, its stock and the deal. */
/* A product picture decoded from its PNG, kept while the file is unchanged:
 * a pin, a stock change or the countdown's redraw once a second then costs
 * no file read or PNG decode. */
typedef struct
{
  cairo_surface_t *surface;   /* NULL: the file is not a readable PNG */
  gint64           mtime;
  goffset          size;
} Picture;

#define MAX_PICTURES 64

static void
picture_free (gpointer data)
{
  Picture *picture = data;

  g_clear_pointer (&picture->surface, cairo_surface_destroy);
  g_free (picture);
}

/* The decoded picture at @path, or NULL when there is none or it cannot be
 * read (then the card shows its placeholder). */
static cairo_surface_t *
lookup_picture (VitrineGraphics *self,
                const char      *path)
{
  GStatBuf st;
  Picture *picture;

  if (path == NULL || g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return NULL;

  if (self->pictures == NULL)
    self->pictures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, picture_free);
  picture = g_hash_table_lookup (self->pictures, path);
  if (picture != NULL && picture->mtime == (gint64)st.st_mtime && picture->size == st.st_size)
    return picture->surface;

  /* Bounded: a long show pins a few dozen products at most. */
  if (picture == NULL && g_hash_table_size (self->pictures) >= MAX_PICTURES)
    g_hash_table_remove_all (self->pictures);

  picture = g_new0 (Picture, 1);
  picture->mtime = st.st_mtime;
  picture->size = st.st_size;
  picture->surface = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (picture->surface) != CAIRO_STATUS_SUCCESS ||
      cairo_image_surface_get_width (picture->surface) <= 0 ||
      cairo_image_surface_get_height (picture->surface) <= 0)
    {
      g_debug ("Cannot read the product picture %s: %s", path,
               cairo_status_to_string (cairo_surface_status (picture->surface)));
      g_clear_pointer (&picture->surface, cairo_surface_destroy);
    }
  g_hash_table_replace (self->pictures, g_strdup (path), picture);
  return picture->surface;
}

static void
update_card (VitrineGraphics *self)
{
  VitrineProduct *product = self->pinned;
  g_autofree char *price = NULL;
  g_autofree char *compare_at = NULL;
  g_autofree char *badge = NULL;
  g_autofree char *stock = NULL;
  g_autofree char *deal_price = NULL;
  g_autofree char *countdown = NULL;
  g_autofree char *qr = NULL;
  VitrineOverlayCard card = { 0, };
  const VitrineMoney *compare;
  gboolean had_card = self->card != NULL;
  gint64 left;

  if (product == NULL)
    {
      if (had_card)
        {
          g_clear_pointer (&self->card, vitrine_overlay_card_free);
          publish (self, SLOT_CARD, FALSE);
        }
      return;
    }

  price = format_money (self, vitrine_product_get_price (product));
  compare = vitrine_product_get_compare_at_price (product);
  if (compare != NULL && compare->amount > vitrine_product_get_price (product)->amount)
    compare_at = format_money (self, compare);
  if (vitrine_product_get_discount_percent (product) > 0)
    /* TRANSLATORS: a discount badge on the product card, e.g. "−25 %" */
    badge = g_strdup_printf (_("−%u %%"), vitrine_product_get_discount_percent (product));

  left = vitrine_product_get_stock (product);
  card.sold_out = vitrine_product_is_sold_out (product);
  if (!card.sold_out && left > 0 && left <= 10)
    stock = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Only %u left", "Only %u left",
                                          (gulong)left), (guint)left);

  if (self->deal_product == product && !card.sold_out)
    {
      VitrineMoney deal = *vitrine_product_get_price (product);
      gint64 remaining = vitrine_graphics_get_deal_remaining (self);

      deal.amount = self->deal_price;
      deal_price = format_money (self, &deal);
      countdown = g_strdup_printf ("%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT,
                                   remaining / 60, remaining % 60);
      card.deal_price = deal_price;
      card.deal_countdown = countdown;
    }

  qr = vitrine_graphics_get_checkout_url (self, product);
  card.image = lookup_picture (self, vitrine_product_get_image (product));
  /* A file that is there but not a picture: the renderer's placeholder. */
  if (card.image == NULL && vitrine_product_get_image (product) != NULL &&
      g_file_test (vitrine_product_get_image (product), G_FILE_TEST_IS_REGULAR))
    card.image_path = vitrine_product_get_image (product);
  card.title = vitrine_product_get_title (product);
  card.price = price;
  card.compare_at = compare_at;
  card.badge = badge;
  card.stock = stock;
  card.qr_url = qr;

  if (self->card != NULL && vitrine_overlay_card_equal (self->card, &card))
    return;

  g_clear_pointer (&self->card, vitrine_overlay_card_free);
  self->card = vitrine_overlay_card_copy (&card);
  publish (self, SLOT_CARD, !had_card);
}

static void
product_changed_cb (VitrineProduct  *product,
                    GParamSpec      *pspec,
                    VitrineGraphics *self)
{
  /* Stock is gone: the deal ends with it, the card turns SOLD OUT. */
  if (self->deal_product == product && vitrine_product_is_sold_out (product))
    vitrine_graphics_stop_deal (self);
  else
    update_card (self);
}

/**
 * vitrine_graphics_get_pinned:
 *
 * Returns: (transfer none) (nullable): the product on screen
 */
VitrineProduct *
vitrine_graphics_get_pinned (VitrineGraphics *self)
{
  g_return_val_if_fail (VITRINE_IS_GRAPHICS (self), NULL);
  return self->pinned;
}

/**
 * vitrine_graphics_pin:
 * @product: (nullable): the product to show, or %NULL to take the card off
 *
 * Puts @product's card on screen; it follows the product's changes (stock,
 * price) live. A running deal on another product ends.
 */
void
vitrine_graphics_pin (VitrineGraphics *self,
                      VitrineProduct  *product)
{
  g_return_if_fail (VITRINE_IS_GRAPHICS (self));
  g_return_if_fail (product == NULL || VITRINE_IS_PRODUCT (product));

  if (self->pinned == product)
    return;

  if (self->deal_product != NULL && self->deal_product != product)
    {
      g_clear_handle_id (&self->deal_timer_id, g_source_remove);
      g_clear_object (&self->deal_product);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEAL_REMAINING]);
    }
  if (self->pinned != NULL)
    g_clear_signal_handler (&self->pinned_notify_id, self->pinned);
  g_set_object (&self->pinned, product);
  if (product != NULL)
    self->pinned_notify_id = g_signal_connect (product, "notify",
                                               G_CALLBACK (product_changed_cb), self);

  /* Another product: the old card leaves, the new one comes in. */
  if (self->card != NULL && product != NULL)
    {
      g_clear_pointer (&self->card, vitrine_overlay_card_free);
      publish (self, SLOT_CARD, FALSE);
    }
  update_card (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PINNED]);
}

void
vitrine_graphics_unpin (VitrineGraphics *self)
{
  vitrine_graphics_pin (self, NULL);
}

/**
 * vitrine_graphics_get_deal_remaining:
 *
 * Returns: whole seconds left in the flash deal (rounded up), or -1
 */
gint64
vitrine_graphics_get_deal_remaining (VitrineGraphics *self)
{
  gint64 left;

  g_return_val_if_fail (VITRINE_IS_GRAPHICS (self), -1);

  if (self->deal_product == NULL)
    return -1;
  left = self->deal_end_us - g_get_monotonic_time ();
  return left <= 0 ? 0 : (left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
}

gboolean
vitrine_graphics_has_deal (VitrineGraphics *self)
{
  g_return_val_if_fail (VITRINE_IS_GRAPHICS (self), FALSE);
  return self->deal_product != NULL;
}

static gboolean deal_tick_cb (gpointer user_data);

/* The next whole second of the countdown. */
static void
schedule_deal_tick (VitrineGraphics *self)
{
  gint64 left = self->deal_end_us - g_get_monotonic_time ();
  gint64 until_next = left % G_USEC_PER_SEC;

  if (until_next <= 0)
    until_next = G_USEC_PER_SEC;
  self->deal_timer_id = g_timeout_add_full (G_PRIORITY_HIGH, (until_next + 999) / 1000,
                                            deal_tick_cb, self, NULL);
}

static gboolean
deal_tick_cb (gpointer user_data)
{
  VitrineGraphics *self = user_data;

  self->deal_timer_id = 0;
  if (vitrine_graphics_get_deal_remaining (self) <= 0)
    {
      vitrine_graphics_stop_deal (self);
      return G_SOURCE_REMOVE;
    }
  update_card (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEAL_REMAINING]);
  schedule_deal_tick (self);
  return G_SOURCE_REMOVE;
}

/**
 * vitrine_graphics_start_deal:
 * @product: the product on offer (it is pinned)
 * @price: the deal price, in minor units of the product's currency
 * @seconds: how long the deal lasts
 *
 * Starts a flash deal: the card shows @price and a countdown, and the deal
 * ends by itself when the countdown reaches zero or the stock is gone.
 *
 * Returns: %FALSE if the deal makes no sense (sold out, no time, a price
 *   that is not a price)
 */
gboolean
vitrine_graphics_start_deal (VitrineGraphics  *self,
                             VitrineProduct   *product,
                             gint64            price,
                             guint             seconds,
                             GError          **error)
{
  g_return_val_if_fail (VITRINE_IS_GRAPHICS (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_PRODUCT (product), FALSE);

  if (seconds == 0 || seconds > 24 * 3600)
    {
      g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_INVALID,
                   _("A deal lasts between one second and a day, not %u seconds"), seconds);
      return FALSE;
    }
  if (price <= 0)
    {
      g_set_error_literal (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_INVALID,
                           _("The deal price must be more than zero"));
      return FALSE;
    }
  if (vitrine_product_is_sold_out (product))
    {
      g_set_error (error, VITRINE_MEDIA_ERROR, VITRINE_MEDIA_ERROR_INVALID,
                   _("“%s” is sold out: there is nothing left to offer"),
                   vitrine_product_get_title (product));
      return FALSE;
    }

  vitrine_graphics_pin (self, product);
  g_clear_handle_id (&self->deal_timer_id, g_source_remove);
  g_set_object (&self->deal_product, product);
  self->deal_price = price;
  self->deal_end_us = g_get_monotonic_time () + (gint64)seconds * G_USEC_PER_SEC;
  update_card (self);
  schedule_deal_tick (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEAL_REMAINING]);
  return TRUE;
}

/**
 * vitrine_graphics_stop_deal:
 *
 * Ends the flash deal; the pinned card shows the product's own price again.
 */
void
vitrine_graphics_stop_deal (VitrineGraphics *self)
{
  g_return_if_fail (VITRINE_IS_GRAPHICS (self));

  if (self->deal_product == NULL)
    return;
  g_clear_handle_id (&self->deal_timer_id, g_source_remove);
  g_clear_object (&self->deal_product);
  update_card (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEAL_REMAINING]);
}

/**
 * vitrine_graphics_set_lower_third:
 * @name: (nullable): a name, or %NULL to hide the lower third
 * @title: (nullable): what they do
 */
void
vitrine_graphics_set_lower_third (VitrineGraphics *self,
                                  const char      *name,
                                  const char      *title)
{
  VitrineOverlayLowerThird lower_third = { name, title };
  gboolean had = self->lower_third != NULL;

  g_return_if_fail (VITRINE_IS_GRAPHICS (self));

  if (name == NULL || *name == '\0')
    {
      if (!had)
        return;
      g_clear_pointer (&self->lower_third, vitrine_overlay_lower_third_free);
    }
  else
    {
      if (had && vitrine_overlay_lower_third_equal (self->lower_third, &lower_third))
        return;
      g_clear_pointer (&self->lower_third, vitrine_overlay_lower_third_free);
      self->lower_third = vitrine_overlay_lower_third_copy (&lower_third);
    }
  publish (self, SLOT_LOWER_THIRD, !had);
}

/**
 * vitrine_graphics_set_ticker:
 * @text: (nullable): the line that scrolls along the bottom, or %NULL
 */
void
vitrine_graphics_set_ticker (VitrineGraphics *self,
                             const char      *text)
{
  VitrineOverlayTicker ticker = { text };

  g_return_if_fail (VITRINE_IS_GRAPHICS (self));

  if (text == NULL || *text == '\0')
    {
      if (self->ticker == NULL)
        return;
      g_clear_pointer (&self->ticker, vitrine_overlay_ticker_free);
    }
  else
    {
      if (self->ticker != NULL && vitrine_overlay_ticker_equal (self->ticker, &ticker))
        return;
      g_clear_pointer (&self->ticker, vitrine_overlay_ticker_free);
      self->ticker = vitrine_overlay_ticker_copy (&ticker);
    }
  publish (self, SLOT_TICKER, TRUE);
}

/**
 * vitrine_graphics_show_comment:
 * @text: what the viewer wrote (plain text; shown as is, never as markup)
 * @author: the viewer's name
 * @platform: (nullable): where they wrote it (`youtube`, `twitch`…)
 *
 * Highlights a viewer's comment on screen until hidden or replaced.
 */
void
vitrine_graphics_show_comment (VitrineGraphics *self,
                               const char      *text,
                               const char      *author,
                               const char      *platform)
{
  VitrineOverlayComment comment = { text, author, platform };
  gboolean had;

  g_return_if_fail (VITRINE_IS_GRAPHICS (self));
  g_return_if_fail (text != NULL);

  had = self->comment != NULL;
  if (had && vitrine_overlay_comment_equal (self->comment, &comment))
    return;
  g_clear_pointer (&self->comment, vitrine_overlay_comment_free);
  self->comment = vitrine_overlay_comment_copy (&comment);
  publish (self, SLOT_COMMENT, !had);
}

void
vitrine_graphics_hide_comment (VitrineGraphics *self)
{
  g_return_if_fail (VITRINE_IS_GRAPHICS (self));

  if (self->comment == NULL)
    return;
  g_clear_pointer (&self->comment, vitrine_overlay_comment_free);
  publish (self, SLOT_COMMENT, FALSE);
}

static gboolean
alert_timeout_cb (gpointer user_data)
{
  VitrineGraphics *self = user_data;

  self->alert_timer_id = 0;
  g_clear_pointer (&self->alert, vitrine_overlay_alert_free);
  publish (self, SLOT_ALERT, FALSE);
  return G_SOURCE_REMOVE;
}

/**
 * vitrine_graphics_show_alert:
 * @text: e.g. "Anna just bought Linen Shirt"
 *
 * Shows an order alert for a few seconds.
 */
void
vitrine_graphics_show_alert (VitrineGraphics *self,
                             const char      *text)
{
  VitrineOverlayAlert alert = { text };
  gboolean had;

  g_return_if_fail (VITRINE_IS_GRAPHICS (self));
  g_return_if_fail (text != NULL);

  had = self->alert != NULL;
  g_clear_pointer (&self->alert, vitrine_overlay_alert_free);
  self->alert = vitrine_overlay_alert_copy (&alert);
  publish (self, SLOT_ALERT, !had);
  g_clear_handle_id (&self->alert_timer_id, g_source_remove);
  self->alert_timer_id = g_timeout_add_seconds (ALERT_SECONDS, alert_timeout_cb, self);
}

/**
 * vitrine_graphics_create_element:
 * @canvas_width: the canvas the element draws on
 * @canvas_height: its height
 * @utm_source: (nullable): for a destination with a QR code of its own, the
 *   `utm_source` its checkout link carries; %NULL for the shared one
 *
 * Makes the element that draws the overlays into a canvas's raw video
 * (I420 of the canvas size): place it after the compositor. Call on the main thread; the element
 * keeps the graphics alive.
 *
 * Returns: (transfer floating): the element
 */
GstElement *
vitrine_graphics_create_element (VitrineGraphics  *self,
                                 guint             canvas_width,
                                 guint             canvas_height,
                                 const char       *utm_source,
                                 GError          **error)
{
  g_autoptr(GstPad) sink = NULL;
  GstElement *element;
  CanvasState *state;

  g_return_val_if_fail (VITRINE_IS_GRAPHICS (self), NULL);

  if (!(element = _vitrine_make_element ("identity", NULL, error)))
    return NULL;
  g_object_set (element, "silent", TRUE, NULL);

  state = g_atomic_rc_box_new0 (CanvasState);
  state->graphics = g_object_ref (self);
  state->element = element;
  state->width = canvas_width;
  state->height = canvas_height;
  state->utm_source = g_strdup (utm_source);
  gst_video_info_set_format (&state->info, GST_VIDEO_FORMAT_I420, canvas_width, canvas_height);
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->canvases, state);
  g_mutex_unlock (&self->lock);
  /* The probe holds a reference of its own. */
  sink = gst_element_get_static_pad (element, "sink");
  gst_pad_add_probe (sink, GST_PAD_PROBE_TYPE_BUFFER, draw_probe,
                     g_atomic_rc_box_acquire (state), (GDestroyNotify)canvas_state_unref);
  g_object_weak_ref (G_OBJECT (element), element_gone_cb, state);

  /* What is already on screen appears on the new canvas too. */
  for (guint i = 0; i < N_SLOTS; i++)
    {
      if (i == SLOT_CARD && self->card == NULL) continue;
      if (i == SLOT_LOWER_THIRD && self->lower_third == NULL) continue;
      if (i == SLOT_TICKER && self->ticker == NULL) continue;
      if (i == SLOT_COMMENT && self->comment == NULL) continue;
      if (i == SLOT_ALERT && self->alert == NULL) continue;
      publish (self, i, FALSE);
    }
  return element;
}

/**
 * vitrine_graphics_render_card:
 * @utm_source: (nullable): a destination's own QR code source, or %NULL for
 *   the shared card
 * @rect: (out): where the card goes on the canvas
 *
 * The pinned card exactly as it is drawn into the program, for reference
 * images and the host's preview.
 *
 * Returns: (transfer full) (nullable): the card, or %NULL when none is pinned
 */
cairo_surface_t *
vitrine_graphics_render_card (VitrineGraphics       *self,
                              guint                  canvas_width,
                              guint                  canvas_height,
                              const char            *utm_source,
                              cairo_rectangle_int_t *rect)
{
  g_return_val_if_fail (VITRINE_IS_GRAPHICS (self), NULL);

  return render_slot (self, SLOT_CARD, canvas_width, canvas_height, utm_source, rect);
}
