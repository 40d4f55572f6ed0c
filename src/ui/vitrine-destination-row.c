/* vitrine-destination-row.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One destination in the studio window: name, kind, a state pill, the
 * output's status sentence, while live its time on air and bitrate, dropped
 * frames and reconnects when there were any, a Start/Stop button and,
 * expanded, the stream key (kept in the keyring, never logged; for platforms
 * that issue a new key every live, held in memory for this stream only), the
 * "go live with the show" switch and the statistics. */

#define G_LOG_DOMAIN "vitrine-destination-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-destination-row.h"
#include "vitrine-secrets.h"
#include "vitrine-window.h"

struct _VitrineDestinationRow
{
  AdwExpanderRow  parent_instance;

  VitrineEngine  *engine;
  VitrineOutput  *output;
  GCancellable   *lookup_cancellable;
  gboolean        looked_up_key;

  /* Template children */
  GtkImage       *kind_image;
  GtkLabel       *uptime_label;
  GtkLabel       *bitrate_label;
  GtkLabel       *dropped_label;
  GtkLabel       *reconnects_label;
  GtkLabel       *state_label;
  GtkButton      *toggle_button;
  AdwActionRow   *location_row;
  AdwActionRow   *enabled_row;
  GtkSwitch      *enabled_switch;
  AdwEntryRow    *key_row;
  GtkImage       *key_set_image;
  GtkButton      *remove_key_button;
  AdwActionRow   *stats_row;
};

G_DEFINE_FINAL_TYPE (VitrineDestinationRow, vitrine_destination_row, ADW_TYPE_EXPANDER_ROW)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_OUTPUT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const char *state_classes[] = { "idle", "success", "warning", "error" };

static gboolean
output_is_active (VitrineOutput *output)
{
  switch (vitrine_output_get_state (output))
    {
    case VITRINE_OUTPUT_STATE_CONNECTING:
    case VITRINE_OUTPUT_STATE_LIVE:
    case VITRINE_OUTPUT_STATE_RECONNECTING:
      return TRUE;

    case VITRINE_OUTPUT_STATE_IDLE:
    case VITRINE_OUTPUT_STATE_REJECTED:
    case VITRINE_OUTPUT_STATE_FAILED:
    case VITRINE_OUTPUT_STATE_STOPPED:
    default:
      return FALSE;
    }
}

static const char *
state_class (VitrineOutputState state)
{
  switch (state)
    {
    case VITRINE_OUTPUT_STATE_LIVE:
      return "success";

    case VITRINE_OUTPUT_STATE_CONNECTING:
    case VITRINE_OUTPUT_STATE_RECONNECTING:
      return "warning";

    case VITRINE_OUTPUT_STATE_REJECTED:
    case VITRINE_OUTPUT_STATE_FAILED:
      return "error";

    case VITRINE_OUTPUT_STATE_IDLE:
    case VITRINE_OUTPUT_STATE_STOPPED:
    default:
      return "idle";
    }
}

static void
toast (VitrineDestinationRow *self,
       const char            *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), VITRINE_TYPE_WINDOW);

  if (window != NULL)
    vitrine_window_show_toast (VITRINE_WINDOW (window), message);
}

static void
update_status (VitrineDestinationRow *self)
{
  const char *status = vitrine_output_get_status (self->output);

  if (status == NULL || status[0] == '\0')
    status = vitrine_output_get_location (self->output);

  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), status ? status : "");
}

static void
update_buttons (VitrineDestinationRow *self)
{
  gboolean active = output_is_active (self->output);
  VitrineEngineState engine_state = vitrine_engine_get_state (self->engine);
  gboolean running = engine_state == VITRINE_ENGINE_STATE_PREVIEW ||
                     engine_state == VITRINE_ENGINE_STATE_LIVE;

  if (active)
    {
      gtk_button_set_icon_name (self->toggle_button, "media-playback-stop-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->toggle_button), _("Stop This Destination"));
    }
  else
    {
      gtk_button_set_icon_name (self->toggle_button, "media-playback-start-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->toggle_button), _("Start This Destination"));
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->toggle_button), running);
}

/* Time on air and bitrate, under the pill while the destination is live.
 * The engine's "stats" signal calls this once a second. */
static void
update_live (VitrineDestinationRow *self)
{
  gboolean live = vitrine_output_get_state (self->output) == VITRINE_OUTPUT_STATE_LIVE;
  gint64 uptime = live ? vitrine_output_get_uptime (self->output) : 0;
  gboolean show_uptime = live && uptime > 0;
  gboolean show_bitrate = live && vitrine_output_get_bitrate (self->output) > 0;

  if (show_uptime)
    {
      guint64 seconds = (guint64) uptime / G_USEC_PER_SEC;
      g_autofree char *text = NULL;

      /* Translators: time on air, hours:minutes:seconds */
      text = g_strdup_printf (_("%u:%02u:%02u"),
                              (guint) MIN (seconds / 3600, G_MAXUINT),
                              (guint) (seconds / 60 % 60),
                              (guint) (seconds % 60));
      gtk_label_set_text (self->uptime_label, text);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->uptime_label), show_uptime);
  gtk_widget_set_visible (GTK_WIDGET (self->bitrate_label), show_bitrate);
}

/* Dropped frames and reconnects are what a host must notice, so they stay
 * under the pill, in the warning colour, as long as there were any. */
static void
update_problems (VitrineDestinationRow *self)
{
  guint64 dropped = vitrine_output_get_dropped_frames (self->output);
  guint reconnects = vitrine_output_get_reconnects (self->output);

  if (dropped > 0)
    {
      gulong n = (gulong) MIN (dropped, G_MAXULONG);
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%lu dropped frame", "%lu dropped frames", n),
                              n);
      gtk_label_set_text (self->dropped_label, text);
    }

  if (reconnects > 0)
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u reconnect", "%u reconnects", reconnects),
                              reconnects);
      gtk_label_set_text (self->reconnects_label, text);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->dropped_label), dropped > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->reconnects_label), reconnects > 0);
}

static void
update_state (VitrineDestinationRow *self)
{
  VitrineOutputState state = vitrine_output_get_state (self->output);
  GtkWidget *pill = GTK_WIDGET (self->state_label);

  gtk_label_set_text (self->state_label, vitrine_output_state_to_display (state));

  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (pill, state_classes[i]);
  gtk_widget_add_css_class (pill, state_class (state));

  update_live (self);
  update_buttons (self);
}

static void
update_bitrate (VitrineDestinationRow *self)
{
  g_autofree char *text = NULL;

  /* Translators: the rate a destination is sending at, in kilobits per second */
  text = g_strdup_printf (_("%u kb/s"), vitrine_output_get_bitrate (self->output));
  gtk_label_set_text (self->bitrate_label, text);

  update_state (self);
}

static void
update_stats (VitrineDestinationRow *self)
{
  guint64 dropped = vitrine_output_get_dropped_frames (self->output);
  g_autofree char *size = g_format_size (vitrine_output_get_bytes (self->output));
  g_autofree char *frames = NULL;
  g_autofree char *text = NULL;

  frames = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%lu dropped frame", "%lu dropped frames",
                                         (gulong) MIN (dropped, G_MAXULONG)),
                            (gulong) MIN (dropped, G_MAXULONG));

  /* Translators: "12.5 MB · 0 dropped frames" */
  text = g_strdup_printf (_("%s · %s"), size, frames);
  adw_action_row_set_subtitle (self->stats_row, text);
}

static void
update_key (VitrineDestinationRow *self)
{
  gboolean has_key = vitrine_output_get_has_stream_key (self->output);

  gtk_widget_set_visible (GTK_WIDGET (self->key_set_image), has_key);

  /* The engine forgets a one-stream key when the stream ends; the field
   * must not look as if it still held one. */
  if (!has_key && vitrine_output_get_key_per_stream (self->output))
    gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
}

static void
toggle_clicked_cb (VitrineDestinationRow *self)
{
  if (output_is_active (self->output))
    vitrine_engine_stop_output (self->engine, self->output);
  else
    vitrine_engine_start_output (self->engine, self->output);
}

/* ---------------------------------------------------------------------- */
/* Stream key                                                             */

static void
store_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VitrineDestinationRow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The row may have gone with its show while the keyring worked. */
  if (!vitrine_secrets_store_finish (result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->output == NULL)
        return;

      message = g_strdup_printf (_("The stream key for “%s” is used until Vitrine quits, "
                                   "but the keyring did not keep it: %s"),
                                 vitrine_output_get_name (self->output), error->message);
      toast (self, message);
      return;
    }

  toast (self, _("Stream key saved in the keyring"));
}

/* What the host typed or removed wins over a keyring look-up still on its way. */
static void
cancel_lookup (VitrineDestinationRow *self)
{
  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
}

static void
key_apply_cb (VitrineDestinationRow *self)
{
  g_autofree char *label = NULL;
  g_autofree char *key = NULL;

  key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  if (key[0] == '\0')
    return;

  cancel_lookup (self);

  /* Usable at once, even if the keyring turns out to be unavailable. */
  vitrine_output_set_stream_key (self->output, key);

  /* Yesterday's key is no good to such a platform: keep it for this stream
   * only, never in the keyring. */
  if (vitrine_output_get_key_per_stream (self->output))
    {
      memset (key, 0, strlen (key));
      toast (self, _("Stream key set for this stream only; it is not saved"));
      return;
    }

  /* Translators: the name of the keyring item; %s is the destination.
   * Not cancelled when the show closes: a key the host saved must be kept. */
  label = g_strdup_printf (_("Vitrine stream key for %s"), vitrine_output_get_name (self->output));
  vitrine_secrets_store_async (vitrine_output_get_id (self->output), label, key,
                               NULL, store_key_cb, g_object_ref (self));
  memset (key, 0, strlen (key));
}

static void
clear_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VitrineDestinationRow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vitrine_secrets_clear_finish (result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      message = g_strdup_printf (_("Could not remove the stream key from the keyring: %s"),
                                 error->message);
      toast (self, message);
      return;
    }

  toast (self, _("Stream key removed"));
}

static void
remove_key_clicked_cb (VitrineDestinationRow *self)
{
  cancel_lookup (self);
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  vitrine_output_set_stream_key (self->output, NULL);

  /* A one-stream key was never in the keyring. */
  if (vitrine_output_get_key_per_stream (self->output))
    {
      toast (self, _("Stream key removed"));
      return;
    }

  vitrine_secrets_clear_async (vitrine_output_get_id (self->output), NULL,
                               clear_key_cb, g_object_ref (self));
}

static void
lookup_key_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VitrineDestinationRow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  key = vitrine_secrets_lookup_finish (result, &error);

  /* No keyring or no key: going live reports that plainly, stay quiet. */
  if (key == NULL)
    return;

  if (!vitrine_output_get_has_stream_key (self->output))
    vitrine_output_set_stream_key (self->output, key);
  memset (key, 0, strlen (key));
}

/* The keyring is only asked once the host looks at the key, so a studio
 * that never opens the row never wakes the Secret Service up. */
static void
expanded_changed_cb (VitrineDestinationRow *self)
{
  if (self->looked_up_key ||
      !adw_expander_row_get_expanded (ADW_EXPANDER_ROW (self)) ||
      !vitrine_output_uses_stream_key (self->output) ||
      vitrine_output_get_key_per_stream (self->output) ||
      vitrine_output_get_has_stream_key (self->output))
    return;

  self->looked_up_key = TRUE;
  cancel_lookup (self);
  self->lookup_cancellable = g_cancellable_new ();
  vitrine_secrets_lookup_async (vitrine_output_get_id (self->output), self->lookup_cancellable,
                                lookup_key_cb, g_object_ref (self));
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                */

static void
vitrine_destination_row_constructed (GObject *object)
{
  VitrineDestinationRow *self = VITRINE_DESTINATION_ROW (object);
  gboolean network;
  const char *location;

  G_OBJECT_CLASS (vitrine_destination_row_parent_class)->constructed (object);

  g_assert (VITRINE_IS_ENGINE (self->engine));
  g_assert (VITRINE_IS_OUTPUT (self->output));

  network = vitrine_output_get_kind (self->output) != VITRINE_DESTINATION_RECORDING;
  location = vitrine_output_get_location (self->output);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 vitrine_output_get_name (self->output));
  gtk_image_set_from_icon_name (self->kind_image,
                                network ? "network-transmit-symbolic" : "media-record-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->kind_image),
                               network ? _("Streaming server") : _("Recording"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->location_row),
                                 network ? _("Server") : _("File"));
  adw_action_row_set_subtitle (self->location_row, location ? location : "");
  gtk_widget_set_visible (GTK_WIDGET (self->location_row), location != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->key_row),
                          vitrine_output_uses_stream_key (self->output));
  if (vitrine_output_get_kind (self->output) == VITRINE_DESTINATION_SRT)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row), _("Passphrase"));
  else if (vitrine_output_get_key_per_stream (self->output))
    {
      /* An entry row has no subtitle: its title and tooltips say it. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row),
                                     _("Stream Key (This Stream Only)"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->key_row),
                                   _("This platform gives a new stream key for every live: "
                                     "Vitrine asks for it at each Go Live, never saves it and "
                                     "forgets it when the stream ends"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->key_set_image),
                                   _("A stream key is set for this stream"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->remove_key_button), _("Forget Key"));
    }

  g_object_bind_property (self->output, "enabled", self->enabled_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  g_signal_connect_object (self->output, "notify::state",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->output, "notify::status",
                           G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->output, "notify::bitrate",
                           G_CALLBACK (update_bitrate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->output, "notify::bytes",
                           G_CALLBACK (update_stats), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->output, "notify::dropped-frames",
                           G_CALLBACK (update_stats), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->output, "notify::dropped-frames",
                           G_CALLBACK (update_problems), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->output, "notify::reconnects",
                           G_CALLBACK (update_problems), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "stats",
                           G_CALLBACK (update_live), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->output, "notify::has-stream-key",
                           G_CALLBACK (update_key), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "notify::state",
                           G_CALLBACK (update_buttons), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::expanded", G_CALLBACK (expanded_changed_cb), NULL);

  update_status (self);
  update_bitrate (self);
  update_stats (self);
  update_problems (self);
  update_key (self);
}

static void
vitrine_destination_row_dispose (GObject *object)
{
  VitrineDestinationRow *self = VITRINE_DESTINATION_ROW (object);

  cancel_lookup (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_DESTINATION_ROW);

  g_clear_object (&self->output);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (vitrine_destination_row_parent_class)->dispose (object);
}

static void
vitrine_destination_row_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  VitrineDestinationRow *self = VITRINE_DESTINATION_ROW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_OUTPUT:
      g_value_set_object (value, self->output);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_destination_row_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  VitrineDestinationRow *self = VITRINE_DESTINATION_ROW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;

    case PROP_OUTPUT:
      self->output = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_destination_row_class_init (VitrineDestinationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vitrine_destination_row_constructed;
  object_class->dispose = vitrine_destination_row_dispose;
  object_class->get_property = vitrine_destination_row_get_property;
  object_class->set_property = vitrine_destination_row_set_property;

  properties [PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         VITRINE_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_OUTPUT] =
    g_param_spec_object ("output", NULL, NULL,
                         VITRINE_TYPE_OUTPUT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vitrine-destination-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineDestinationRow, kind_image);
  gtk_widget_class_bind_template_child (widget_class, VitrineDestinationRow, uptime_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineDestinationRow, bitrate_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineDestinationRow, dropped_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineDestinationRow, reconnects_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineDestinationRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineDestinationRow, toggle_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineDestinationRow, location_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineDestinationRow, enabled_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineDestinationRow, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, VitrineDestinationRow, key_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineDestinationRow, key_set_image);
  gtk_widget_class_bind_template_child (widget_class, VitrineDestinationRow, remove_key_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineDestinationRow, stats_row);
  gtk_widget_class_bind_template_callback (widget_class, toggle_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_key_clicked_cb);
}

static void
vitrine_destination_row_init (VitrineDestinationRow *self)
{

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * vitrine_destination_row_new:
 * @engine: the engine running @output
 * @output: the destination to show
 *
 * Returns: (transfer floating): a new row
 */
GtkWidget *
vitrine_destination_row_new (VitrineEngine *engine,
                             VitrineOutput *output)
{
  g_return_val_if_fail (VITRINE_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (VITRINE_IS_OUTPUT (output), NULL);

  return g_object_new (VITRINE_TYPE_DESTINATION_ROW,
                       "engine", engine,
                       "output", output,
                       NULL);
}

/**
 * vitrine_destination_row_get_output:
 * @self: a #VitrineDestinationRow
 *
 * Returns: (transfer none): the destination shown
 */
VitrineOutput *
vitrine_destination_row_get_output (VitrineDestinationRow *self)
{
  g_return_val_if_fail (VITRINE_IS_DESTINATION_ROW (self), NULL);

  return self->output;
}
