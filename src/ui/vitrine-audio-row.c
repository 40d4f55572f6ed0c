/* vitrine-audio-row.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One audio source in the studio window's mixer: its name, a peak meter
 * showing what goes out (after the fader and mute), the fader (0 to 2, that
 * is −∞ to +6 dB, with a mark at 0 dB) and a mute toggle. The controls write
 * to the engine, which keeps them across restarts of the program; the meter
 * follows the engine's "audio-level" signal. */

#define G_LOG_DOMAIN "vitrine-audio-row"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vitrine-audio-row.h"
#include "vitrine-window.h"

/* The meter spans −60…0 dBFS, linearly in dB. Below −18 dBFS (the usual
 * broadcast alignment level) is green, up to −6 dBFS amber, above it red. */
#define METER_FLOOR_DB    (-60.0)
#define METER_AMBER_DB    (-18.0)
#define METER_RED_DB      (-6.0)

/* How fast the meter may fall, in full scales per second (45 dB/s): fast
 * enough to follow speech, slow enough not to flicker between the level
 * element's 100 ms reports. It rises at once. */
#define METER_RELEASE     0.75

#define FADER_UNITY       1.0

struct _VitrineAudioRow
{
  AdwPreferencesRow  parent_instance;

  VitrineEngine     *engine;
  char              *source_id;
  gint64             meter_time_us;
  gboolean           syncing;

  /* Template children */
  GtkImage          *kind_image;
  GtkLabel          *name_label;
  GtkLabel          *gain_label;
  GtkLevelBar       *meter;
  GtkScale          *fader;
  GtkToggleButton   *mute_button;
};

G_DEFINE_FINAL_TYPE (VitrineAudioRow, vitrine_audio_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SOURCE_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static double
meter_fraction (double db)
{
  return (db - METER_FLOOR_DB) / -METER_FLOOR_DB;
}

/* The meter position for a peak in dBFS; silence (−∞, or the engine's
 * -G_MAXDOUBLE before any sound) sits at 0. */
static double
meter_value_for_db (double db)
{
  if (!isfinite (db) || db <= METER_FLOOR_DB)
    return 0.0;

  return CLAMP (meter_fraction (db), 0.0, 1.0);
}

static void
toast (VitrineAudioRow *self,
       const char      *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), VITRINE_TYPE_WINDOW);

  if (window != NULL)
    vitrine_window_show_toast (VITRINE_WINDOW (window), message);
}

static void
set_meter (VitrineAudioRow *self,
           double           value)
{
  if (gtk_level_bar_get_value (self->meter) != value)
    gtk_level_bar_set_value (self->meter, value);
}

static void
update_mute_button (VitrineAudioRow *self)
{
  gboolean muted = gtk_toggle_button_get_active (self->mute_button);
  GtkWidget *button = GTK_WIDGET (self->mute_button);

  gtk_button_set_icon_name (GTK_BUTTON (button),
                            muted ? "audio-volume-muted-symbolic"
                                  : "audio-volume-high-symbolic");
  gtk_widget_set_tooltip_text (button, muted ? _("Unmute This Source") : _("Mute This Source"));

  /* A muted source's fader and meter read as out of the mix. */
  if (muted)
    gtk_widget_add_css_class (GTK_WIDGET (self), "muted");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "muted");
}

static void
update_gain_label (VitrineAudioRow *self)
{
  double volume = gtk_range_get_value (GTK_RANGE (self->fader));
  g_autofree char *text = NULL;

  if (volume <= 0.0)
    {
      /* Translators: the fader is all the way down */
      text = g_strdup (_("−∞ dB"));
    }
  else
    {
      double db = 20.0 * log10 (volume);

      /* No "−0.0" or "+0.0" at the 0 dB mark. */
      if (fabs (db) < 0.05)
        db = 0.0;

      /* Translators: the fader's gain in decibels, e.g. "+3.5 dB" or "−12.0 dB" */
      text = g_strdup_printf (db == 0.0 ? _("%.1f dB") : db > 0 ? _("+%.1f dB") : _("−%.1f dB"),
                              fabs (db));
    }

  gtk_label_set_text (self->gain_label, text);
}

/* ---------------------------------------------------------------------- */
/* Engine                                                                 */

static void
engine_audio_level_cb (VitrineEngine   *engine,
                       const char      *source_id,
                       VitrineAudioRow *self)
{
  double peak_db = -G_MAXDOUBLE;
  double target;
  double shown;
  gint64 now;

  if (g_strcmp0 (source_id, self->source_id) != 0 ||
      !vitrine_engine_get_audio (engine, source_id, NULL, NULL, &peak_db, NULL))
    return;

  now = g_get_monotonic_time ();
  target = meter_value_for_db (peak_db);
  shown = gtk_level_bar_get_value (self->meter);

  if (target < shown && self->meter_time_us > 0)
    {
      double elapsed = (double) (now - self->meter_time_us) / G_USEC_PER_SEC;

      target = MAX (target, shown - METER_RELEASE * elapsed);
    }

  self->meter_time_us = now;
  set_meter (self, target);
}

static void
engine_state_cb (VitrineAudioRow *self)
{
  VitrineEngineState state = vitrine_engine_get_state (self->engine);

  /* No level reports come while the program is not running: do not leave
   * the last one standing. */
  if (state != VITRINE_ENGINE_STATE_PREVIEW && state != VITRINE_ENGINE_STATE_LIVE)
    {
      self->meter_time_us = 0;
      set_meter (self, 0.0);
    }
}

static void
sync_from_engine (VitrineAudioRow *self)
{
  double volume = FADER_UNITY;
  gboolean muted = FALSE;

  vitrine_engine_get_audio (self->engine, self->source_id, &volume, &muted, NULL, NULL);

  self->syncing = TRUE;
  gtk_range_set_value (GTK_RANGE (self->fader), volume);
  gtk_toggle_button_set_active (self->mute_button, muted);
  self->syncing = FALSE;

  update_gain_label (self);
  update_mute_button (self);
}

/* ---------------------------------------------------------------------- */
/* Controls                                                               */

static void
fader_value_changed_cb (VitrineAudioRow *self)
{
  g_autoptr(GError) error = NULL;

  update_gain_label (self);

  if (self->syncing || self->engine == NULL)
    return;

  if (!vitrine_engine_set_audio_volume (self->engine, self->source_id,
                                        gtk_range_get_value (GTK_RANGE (self->fader)), &error))
    toast (self, error->message);
}

static void
mute_toggled_cb (VitrineAudioRow *self)
{
  g_autoptr(GError) error = NULL;

  update_mute_button (self);

  if (self->syncing || self->engine == NULL)
    return;

  if (!vitrine_engine_set_audio_muted (self->engine, self->source_id,
                                       gtk_toggle_button_get_active (self->mute_button), &error))
    toast (self, error->message);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                */

static void
vitrine_audio_row_constructed (GObject *object)
{
  VitrineAudioRow *self = VITRINE_AUDIO_ROW (object);
  const VitrineSourceConfig *source;
  g_autofree char *meter_label = NULL;
  g_autofree char *fader_label = NULL;
  g_autofree char *mute_label = NULL;
  const char *name;

  G_OBJECT_CLASS (vitrine_audio_row_parent_class)->constructed (object);

  g_assert (VITRINE_IS_ENGINE (self->engine));
  g_assert (self->source_id != NULL);

  source = vitrine_show_find_source (vitrine_engine_get_show (self->engine), self->source_id);
  name = source != NULL && source->name != NULL && source->name[0] != '\0' ? source->name
                                                                           : self->source_id;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  gtk_label_set_text (self->name_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), name);

  /* Screen readers name each control after its source: every row has a
   * "Volume" and a "Level". */
  meter_label = g_strdup_printf (_("Level of %s"), name);
  fader_label = g_strdup_printf (_("Volume of %s"), name);
  mute_label = g_strdup_printf (_("Mute %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->meter),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, meter_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fader),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, fader_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mute_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, mute_label, -1);

  if (source != NULL && source->kind == VITRINE_SOURCE_MICROPHONE)
    {
      gtk_image_set_from_icon_name (self->kind_image, "audio-input-microphone-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->kind_image), _("Microphone"));
    }
  else if (source != NULL && source->kind == VITRINE_SOURCE_MEDIA)
    {
      gtk_image_set_from_icon_name (self->kind_image, "video-x-generic-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->kind_image), _("Sound of a video file"));
    }
  else
    {
      gtk_image_set_from_icon_name (self->kind_image, "audio-x-generic-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->kind_image), _("Test tone"));
    }

  sync_from_engine (self);

  g_signal_connect_object (self->engine, "audio-level",
                           G_CALLBACK (engine_audio_level_cb), self, 0);
  g_signal_connect_object (self->engine, "notify::state",
                           G_CALLBACK (engine_state_cb), self, G_CONNECT_SWAPPED);
}

static void
vitrine_audio_row_dispose (GObject *object)
{
  VitrineAudioRow *self = VITRINE_AUDIO_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_AUDIO_ROW);

  g_clear_object (&self->engine);

  G_OBJECT_CLASS (vitrine_audio_row_parent_class)->dispose (object);
}

static void
vitrine_audio_row_finalize (GObject *object)
{
  VitrineAudioRow *self = VITRINE_AUDIO_ROW (object);

  g_clear_pointer (&self->source_id, g_free);

  G_OBJECT_CLASS (vitrine_audio_row_parent_class)->finalize (object);
}

static void
vitrine_audio_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VitrineAudioRow *self = VITRINE_AUDIO_ROW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_SOURCE_ID:
      g_value_set_string (value, self->source_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_audio_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VitrineAudioRow *self = VITRINE_AUDIO_ROW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;

    case PROP_SOURCE_ID:
      self->source_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_audio_row_class_init (VitrineAudioRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vitrine_audio_row_constructed;
  object_class->dispose = vitrine_audio_row_dispose;
  object_class->finalize = vitrine_audio_row_finalize;
  object_class->get_property = vitrine_audio_row_get_property;
  object_class->set_property = vitrine_audio_row_set_property;

  properties [PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         VITRINE_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_SOURCE_ID] =
    g_param_spec_string ("source-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vitrine-audio-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineAudioRow, kind_image);
  gtk_widget_class_bind_template_child (widget_class, VitrineAudioRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineAudioRow, gain_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineAudioRow, meter);
  gtk_widget_class_bind_template_child (widget_class, VitrineAudioRow, fader);
  gtk_widget_class_bind_template_child (widget_class, VitrineAudioRow, mute_button);
  gtk_widget_class_bind_template_callback (widget_class, fader_value_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mute_toggled_cb);
}

static void
vitrine_audio_row_init (VitrineAudioRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The meter's zones replace GtkLevelBar's low/high/full: the filled
   * block takes the class of the zone the peak is in (style.css). */
  gtk_level_bar_remove_offset_value (self->meter, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->meter, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->meter, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_add_offset_value (self->meter, "meter-green", meter_fraction (METER_AMBER_DB));
  gtk_level_bar_add_offset_value (self->meter, "meter-amber", meter_fraction (METER_RED_DB));
  gtk_level_bar_add_offset_value (self->meter, "meter-red", 1.0);

  gtk_scale_add_mark (self->fader, FADER_UNITY, GTK_POS_BOTTOM, NULL);
}

/**
 * vitrine_audio_row_new:
 * @engine: the engine mixing the source
 * @source_id: an audio source of @engine's show
 *
 * Returns: (transfer floating): a new row
 */
GtkWidget *
vitrine_audio_row_new (VitrineEngine *engine,
                       const char    *source_id)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (source_id != NULL, NULL);

  return g_object_new (VITRINE_TYPE_AUDIO_ROW,
                       "engine", engine,
                       "source-id", source_id,
                       NULL);
}

/**
 * vitrine_audio_row_get_source_id:
 * @self: a #VitrineAudioRow
 *
 * Returns: the id of the audio source shown
 */
const char *
vitrine_audio_row_get_source_id (VitrineAudioRow *self)
{
  g_return_val_if_fail (VITRINE_IS_AUDIO_ROW (self), NULL);

  return self->source_id;
}
