/* test-audio-mixer.c: the window's audio mixer drives the engine and its
 * meters show what goes out
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A show with two tone sources (a loud one, "Studio tone", and a quiet one)
 * and a recording destination is opened through the application. The
 * window must show one mixer row per audio source, named after it; the
 * loud tone's meter must rise above half scale (louder than −30 dBFS)
 * within 3 s. The show goes live to the recording, and the recording's
 * destination row must show its time on air as h:mm:ss. Clicking the loud
 * tone's mute button must mute it in the engine and bring its meter down
 * to (almost) nothing within 2 s while the quiet one keeps moving;
 * unmuting brings it back. Moving its fader to 0.5 must set the engine's
 * volume to 0.5, the gain readout must say −6.0 dB and the meter drop by
 * those 6 dB. A screenshot (tests/ui/window-audio.png in the build
 * directory) is saved while live. Closing the show empties the mixer.
 */

#include "config.h"

#include "vitrine-ui-test.h"

#define LOUD_ID     "tone"
#define LOUD_NAME   "Studio tone"
#define QUIET_ID    "quiet"
#define QUIET_NAME  "Quiet tone"

/* The meter maps −60…0 dBFS onto 0…1. A 0.3 sine peaks at −10.5 dBFS, a
 * 0.05 one at −26 dBFS; halving the volume takes 6.02 dB off. */
#define METER_DB(db)      (((db) + 60.0) / 60.0)
#define LOUD_METER        METER_DB (-10.46)
#define QUIET_METER       METER_DB (-26.02)
#define HALF_VOLUME_DROP  (6.02 / 60.0)

typedef struct
{
  GtkLevelBar *meter;
  double       min;
  double       max;
} MeterWait;

static gboolean
meter_in_range (gpointer data)
{
  MeterWait *w = data;
  double value = gtk_level_bar_get_value (w->meter);

  return value >= w->min && value <= w->max;
}

/* Waits until @meter reads between @min and @max; fails the test with
 * @what otherwise. */
static void
wait_for_meter (GtkLevelBar *meter,
                double       min,
                double       max,
                guint        timeout_ms,
                const char  *what)
{
  MeterWait wait = { meter, min, max };

  if (!vitrine_test_wait (meter_in_range, &wait, timeout_ms))
    g_error ("%s: the meter reads %.3f after %u ms, not within %.3f…%.3f",
             what, gtk_level_bar_get_value (meter), timeout_ms, min, max);
}

/* Like wait_for_meter, and the meter must still be there a little later:
 * not caught on its way through the range. */
static void
wait_for_meter_to_settle (GtkLevelBar *meter,
                          double       min,
                          double       max,
                          guint        timeout_ms,
                          const char  *what)
{
  MeterWait wait = { meter, min, max };

  wait_for_meter (meter, min, max, timeout_ms, what);
  vitrine_test_run_for (500);
  if (!meter_in_range (&wait))
    g_error ("%s: the meter moved on to %.3f, out of %.3f…%.3f",
             what, gtk_level_bar_get_value (meter), min, max);
  g_test_message ("%s: meter at %.3f", what, gtk_level_bar_get_value (meter));
}

typedef struct
{
  VitrineEngine *engine;
  gboolean       muted;
} MutedWait;

static gboolean
engine_reports_muted (gpointer data)
{
  MutedWait *w = data;
  gboolean muted = !w->muted;

  g_assert_true (vitrine_engine_get_audio (w->engine, LOUD_ID, NULL, &muted, NULL, NULL));
  return muted == w->muted;
}

static gboolean
output_has_bitrate (gpointer data)
{
  return vitrine_output_get_bitrate (data) > 0;
}

static GtkLabel *
find_uptime_label (GtkWidget *row)
{
  /* h:mm:ss, a few seconds into the broadcast. */
  return vitrine_test_find_label_matching (row, "^0:00:[0-5][0-9]$");
}

static gboolean
row_shows_uptime (gpointer data)
{
  return find_uptime_label (data) != NULL;
}

static char *
write_show (const char *dir)
{
  return vitrine_test_write_file (dir, "audio-test-show.json",
    "{\n"
    "  \"name\": \"Audio test show\",\n"
    "  \"canvas\": { \"width\": 640, \"height\": 360, \"fps\": 30 },\n"
    "  \"sources\": [\n"
    "    { \"id\": \"pattern\", \"type\": \"test-pattern\", \"pattern\": \"ball\" },\n"
    "    { \"id\": \"" LOUD_ID "\", \"name\": \"" LOUD_NAME "\", \"type\": \"tone\",\n"
    "      \"frequency\": 440, \"volume\": 0.3 },\n"
    "    { \"id\": \"" QUIET_ID "\", \"name\": \"" QUIET_NAME "\", \"type\": \"tone\",\n"
    "      \"frequency\": 660, \"volume\": 0.05 }\n"
    "  ],\n"
    "  \"scenes\": [\n"
    "    { \"id\": \"full\", \"name\": \"Full\", \"layout\": \"full\", \"main\": \"pattern\" }\n"
    "  ],\n"
    "  \"encoder\": { \"video_bitrate\": 800, \"preset\": \"ultrafast\",\n"
    "               \"keyframe_interval\": 1, \"audio_bitrate\": 96 },\n"
    "  \"destinations\": [\n"
    "    { \"id\": \"rec\", \"name\": \"Recording\", \"type\": \"recording\",\n"
    "      \"path\": \"rec.mkv\" }\n"
    "  ]\n"
    "}\n");
}

static void
test_audio_mixer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineApplication) app = NULL;
  g_autoptr(GFile) show_file = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *show_path = NULL;
  g_autofree char *screenshot = NULL;
  VitrineWindow *window;
  VitrineEngine *engine;
  VitrineOutput *rec;
  VitrineAudioRow *loud_row;
  VitrineAudioRow *quiet_row;
  VitrineDestinationRow *rec_row;
  GtkLevelBar *loud_meter;
  GtkLevelBar *quiet_meter;
  GtkToggleButton *mute;
  GtkRange *fader;
  GtkLabel *uptime;
  MutedWait muted_wait;
  double volume = 0;
  double unity;

  tmpdir = g_dir_make_tmp ("vitrine-ui-audio-XXXXXX", &error);
  g_assert_no_error (error);
  show_path = write_show (tmpdir);
  show_file = g_file_new_for_path (show_path);

  app = vitrine_test_application_new (1280, 760, &window);
  engine = vitrine_test_load_show (app, window, show_file);

  /* One row per audio source, named after it, on screen. */
  loud_row = vitrine_test_find_audio_row (GTK_WIDGET (window), LOUD_ID);
  quiet_row = vitrine_test_find_audio_row (GTK_WIDGET (window), QUIET_ID);
  g_assert_nonnull (loud_row);
  g_assert_nonnull (quiet_row);
  g_assert_null (vitrine_test_find_audio_row (GTK_WIDGET (window), "pattern"));
  if (!vitrine_test_wait (vitrine_test_widget_is_drawn, loud_row, 5000))
    g_error ("The audio row of “%s” is not on screen", LOUD_NAME);
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (loud_row), LOUD_NAME));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (quiet_row), QUIET_NAME));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (window), "Audio"));

  loud_meter = GTK_LEVEL_BAR (vitrine_test_find_widget (GTK_WIDGET (loud_row),
                                                         GTK_TYPE_LEVEL_BAR, TRUE));
  quiet_meter = GTK_LEVEL_BAR (vitrine_test_find_widget (GTK_WIDGET (quiet_row),
                                                          GTK_TYPE_LEVEL_BAR, TRUE));
  mute = GTK_TOGGLE_BUTTON (vitrine_test_find_widget (GTK_WIDGET (loud_row),
                                                      GTK_TYPE_TOGGLE_BUTTON, TRUE));
  fader = GTK_RANGE (vitrine_test_find_widget (GTK_WIDGET (loud_row), GTK_TYPE_SCALE, TRUE));
  g_assert_nonnull (loud_meter);
  g_assert_nonnull (quiet_meter);
  g_assert_nonnull (mute);
  g_assert_nonnull (fader);
  g_assert_false (gtk_toggle_button_get_active (mute));
  g_assert_cmpfloat_with_epsilon (gtk_range_get_value (fader), 1.0, 1e-9);
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (loud_row), "0.0 dB"));

  /* Well above half scale (−30 dBFS). */
  wait_for_meter (loud_meter, 0.5, 1.0, 3000, "the loud tone");
  g_test_message ("the loud tone: above half scale at %.3f", gtk_level_bar_get_value (loud_meter));
  wait_for_meter_to_settle (loud_meter, LOUD_METER - 0.03, LOUD_METER + 0.03, 3000,
                            "the loud tone settled");
  unity = gtk_level_bar_get_value (loud_meter);
  wait_for_meter_to_settle (quiet_meter, QUIET_METER - 0.03, QUIET_METER + 0.03, 3000,
                            "the quiet tone");

  /* Live to the recording: its row shows the time on air. */
  rec = vitrine_engine_find_output (engine, "rec");
  g_assert_nonnull (rec);
  vitrine_test_go_live (window, engine, rec);
  rec_row = vitrine_test_find_destination_row (GTK_WIDGET (window), rec);
  g_assert_nonnull (rec_row);
  if (!vitrine_test_wait (row_shows_uptime, rec_row, 3000))
    g_error ("The live recording's row shows no time on air (h:mm:ss) after 3 s");
  uptime = find_uptime_label (GTK_WIDGET (rec_row));
  g_test_message ("time on air: %s", gtk_label_get_text (uptime));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (uptime), "0:00:0"));

  /* The screenshot once the preview runs and the row has its bitrate. */
  if (!vitrine_test_wait_for_frames (vitrine_window_get_preview (window), 2, 10000))
    g_error ("The window's preview showed no frames");
  if (!vitrine_test_wait (output_has_bitrate, rec, 5000))
    g_error ("The recording reported no bitrate 5 s after going live");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  screenshot = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests", "ui",
                                 "window-audio.png", NULL);
  vitrine_test_save_screenshot (GTK_WIDGET (window), screenshot);
  g_test_message ("screenshot: %s", screenshot);

  /* Mute, as a click does (a button clicks a moment after activation). */
  gtk_widget_activate (GTK_WIDGET (mute));
  muted_wait = (MutedWait) { engine, TRUE };
  if (!vitrine_test_wait (engine_reports_muted, &muted_wait, 1000))
    g_error ("Clicking the mute button of “%s” did not mute it in the engine", LOUD_NAME);
  g_assert_true (gtk_toggle_button_get_active (mute));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (mute)), ==,
                   "audio-volume-muted-symbolic");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (mute)), ==, "Unmute This Source");
  wait_for_meter_to_settle (loud_meter, 0.0, 0.02, 2000, "the muted tone");
  /* Only that source. */
  wait_for_meter_to_settle (quiet_meter, QUIET_METER - 0.03, QUIET_METER + 0.03, 1000,
                            "the quiet tone, the other one muted");

  /* Unmute: it comes back. */
  gtk_widget_activate (GTK_WIDGET (mute));
  muted_wait = (MutedWait) { engine, FALSE };
  if (!vitrine_test_wait (engine_reports_muted, &muted_wait, 1000))
    g_error ("Clicking the mute button of “%s” again did not unmute it", LOUD_NAME);
  g_assert_false (gtk_toggle_button_get_active (mute));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (mute)), ==,
                   "audio-volume-high-symbolic");
  wait_for_meter_to_settle (loud_meter, unity - 0.03, unity + 0.03, 2000, "the unmuted tone");

  /* The fader at 0.5: the engine's volume, the readout, and 6 dB less on
   * the meter. */
  gtk_range_set_value (fader, 0.5);
  g_assert_true (vitrine_engine_get_audio (engine, LOUD_ID, &volume, NULL, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (volume, 0.5, 1e-9);
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (loud_row), "−6.0 dB"));
  wait_for_meter_to_settle (loud_meter, unity - HALF_VOLUME_DROP - 0.03,
                            unity - HALF_VOLUME_DROP + 0.03, 3000, "the tone at half volume");

  vitrine_test_end_live (window, engine);

  /* No show, no mixer. */
  vitrine_test_close_show (app, window);
  g_assert_null (vitrine_test_find_audio_row (GTK_WIDGET (window), LOUD_ID));

  gtk_window_destroy (GTK_WINDOW (window));
  vitrine_test_rm_rf (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  vitrine_test_init (&argc, &argv);

  g_test_add_func ("/audio-mixer/live", test_audio_mixer);

  return g_test_run ();
}
