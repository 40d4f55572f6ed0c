/* vitrine-window.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The studio window. It observes the engine the application owns (state,
 * scene, fps, errors, the outputs model, the audio mixer) and never keeps
 * it alive beyond vitrine_window_set_engine (self, NULL) or its own
 * dispose. */

#define G_LOG_DOMAIN "vitrine-window"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>

#include "vitrine-audio-row.h"
#include "vitrine-commerce-ui.h"
#include "vitrine-destination-row.h"
#include "vitrine-account-row.h"
#include "vitrine-claims-pane.h"
#include "vitrine-feed-factory.h"
#include "vitrine-feed-pane.h"
#include "vitrine-sales-dashboard.h"
#include "vitrine-platform-preset.h"
#include "vitrine-product-shelf.h"
#include "vitrine-run-of-show.h"
#include "vitrine-window.h"

/* Scenes 1 to 9 get an Alt+digit shortcut. */
#define N_SCENE_ACCELS 9

/* Keys 1 to 9 pin the first nine products of the run of show. */
#define N_PIN_KEYS 9

struct _VitrineWindow
{
  AdwApplicationWindow     parent_instance;

  VitrineEngine           *engine;
  VitrinePreviewPaintable *preview;
  GSettings               *settings;
  GSimpleAction           *go_live_action;
  GSimpleAction           *end_live_action;
  GSimpleAction           *scene_action;
  VitrineCatalog          *catalog;
  VitrineFeed             *feed;
  VitrineFeedSession      *session;           /* the show's claims and journal */
  VitrineClaimQueue       *claims;
  guint                    n_unread;          /* feed items while on another page */
  GtkApplication          *observed_app;      /* weak */
  GAction                 *preview_action;
  AdwToast                *error_toast;       /* weak */
  GtkWidget               *key_dialog;        /* weak: this stream's keys, while asked */
  GPtrArray               *scene_accels;      /* detailed action names */
  gboolean                 disposed;

  /* Template children */
  AdwWindowTitle          *window_title;
  GtkButton               *live_button;
  AdwButtonContent        *live_button_content;
  AdwToastOverlay         *toast_overlay;
  GtkStack                *main_stack;
  AdwStatusPage           *status_page;
  GtkWidget               *preview_column;
  GtkAspectFrame          *preview_frame;
  GtkPicture              *preview_picture;
  GtkLabel                *live_badge;
  GtkLabel                *fps_label;
  GtkLabel                *preview_off_label;
  GtkBox                  *scene_box;
  GtkLabel                *scene_hint_label;
  GtkListBox              *destination_list;
  GtkWidget               *audio_group;
  GtkWidget               *accounts_group;
  GtkListBox              *account_list;
  GtkListBox              *audio_list;
  AdwViewSwitcher         *side_switcher;
  AdwViewStack            *side_stack;
  AdwViewStackPage        *products_page;
  AdwViewStackPage        *feed_page;
  AdwViewStackPage        *claims_page;
  VitrineProductShelf     *shelf;
  VitrineFeedPane         *feed_pane;
  VitrineClaimsPane       *claims_pane;
  VitrineSalesDashboard   *sales_dashboard;
  VitrineRunOfShow        *run_of_show;
};

G_DEFINE_FINAL_TYPE (VitrineWindow, vitrine_window, ADW_TYPE_APPLICATION_WINDOW)

/* ---------------------------------------------------------------------- */
/* Helpers                                                                */

static VitrineEngineState
current_state (VitrineWindow *self)
{
  return self->engine != NULL ? vitrine_engine_get_state (self->engine)
                              : VITRINE_ENGINE_STATE_STOPPED;
}

static gboolean
preview_enabled (VitrineWindow *self)
{
  g_autoptr(GVariant) state = g_action_get_state (self->preview_action);

  return state == NULL || g_variant_get_boolean (state);
}

static void
set_status_description (VitrineWindow *self,
                        const char    *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  /* AdwStatusPage parses its description as Pango markup. */
  adw_status_page_set_description (self->status_page, escaped);
}

static void
update_preview (VitrineWindow *self)
{
  GstElement *sink = NULL;
  gboolean enabled = preview_enabled (self);
  VitrineEngineState state = current_state (self);
  gboolean running = state == VITRINE_ENGINE_STATE_PREVIEW ||
                     state == VITRINE_ENGINE_STATE_LIVE;

  if (self->engine != NULL)
    sink = vitrine_engine_get_preview_sink (self->engine);

  if (enabled && sink != NULL && GST_IS_APP_SINK (sink))
    {
      if (!vitrine_preview_paintable_is_attached (self->preview))
        vitrine_preview_paintable_attach (self->preview, GST_APP_SINK (sink));
    }
  else
    {
      vitrine_preview_paintable_detach (self->preview);
      vitrine_preview_paintable_clear (self->preview);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->preview_off_label), !enabled && running);
}

static const char *commerce_action_names[] = { "pin-number", "unpin", "deal" };

static void
update_state (VitrineWindow *self)
{
  VitrineEngineState state = current_state (self);
  gboolean live = state == VITRINE_ENGINE_STATE_LIVE;
  gboolean stopping = state == VITRINE_ENGINE_STATE_STOPPING;
  gboolean running = state == VITRINE_ENGINE_STATE_PREVIEW || live;
  GtkWidget *button = GTK_WIDGET (self->live_button);

  /* The studio page leaves: a text entry there (the shelf's search) must
   * not keep the focus while hidden. */
  if ((self->engine == NULL || state == VITRINE_ENGINE_STATE_FAILED) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "studio") == 0)
    {
      GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

      if (focus != NULL &&
          gtk_widget_is_ancestor (focus, gtk_stack_get_visible_child (self->main_stack)))
        gtk_window_set_focus (GTK_WINDOW (self), NULL);
    }

  if (self->engine == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      adw_status_page_set_title (self->status_page, _("No show loaded"));
    }
  else if (state == VITRINE_ENGINE_STATE_FAILED)
    {
      const GError *error = vitrine_engine_get_error (self->engine);

      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      adw_status_page_set_title (self->status_page, _("The show stopped"));
      set_status_description (self, error != NULL ? error->message
                                                  : _("The program pipeline failed."));
    }
  else
    {
      gtk_stack_set_visible_child_name (self->main_stack, "studio");
    }

  g_simple_action_set_enabled (self->go_live_action, state == VITRINE_ENGINE_STATE_PREVIEW);
  g_simple_action_set_enabled (self->end_live_action, live);

  /* Products can be put on screen before going live, to check the card. */
  for (guint i = 0; i < G_N_ELEMENTS (commerce_action_names); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self),
                                                    commerce_action_names[i]);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->engine != NULL);
    }

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button),
                                  live || stopping ? "win.end-live" : "win.go-live");

  if (live)
    {
      adw_button_content_set_label (self->live_button_content, _("Stop"));
      adw_button_content_set_icon_name (self->live_button_content,
                                        "media-playback-stop-symbolic");
      gtk_widget_set_tooltip_text (button, _("End the broadcast on every destination"));
      gtk_widget_remove_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "destructive-action");
    }
  else
    {
      adw_button_content_set_label (self->live_button_content,
                                    stopping ? _("Stopping…") : _("Go Live"));
      adw_button_content_set_icon_name (self->live_button_content, "media-record-symbolic");
      gtk_widget_set_tooltip_text (button, _("Start streaming to every enabled destination"));
      gtk_widget_remove_css_class (button, "destructive-action");
      gtk_widget_add_css_class (button, "suggested-action");
    }

  /* Nothing to put on air without a show. */
  gtk_widget_set_visible (button, self->engine != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->live_badge), live);
  gtk_widget_set_visible (GTK_WIDGET (self->fps_label),
                          running && self->engine != NULL &&
                          vitrine_engine_get_fps (self->engine) > 0);

  update_preview (self);
}

/* ---------------------------------------------------------------------- */
/* Scenes                                                                 */

static void
clear_scene_accels (VitrineWindow *self)
{
  static const char *no_accels[] = { NULL };
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app != NULL)
    {
      for (guint i = 0; i < self->scene_accels->len; i++)
        gtk_application_set_accels_for_action (app, g_ptr_array_index (self->scene_accels, i),
                                               no_accels);
    }

  g_ptr_array_set_size (self->scene_accels, 0);
}

static void
rebuild_scenes (VitrineWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GtkWidget *child;
  GtkToggleButton *group = NULL;
  VitrineShow *show = NULL;
  guint n_scenes = 0;

  clear_scene_accels (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->scene_box))) != NULL)
    gtk_box_remove (self->scene_box, child);

  if (self->engine != NULL)
    show = vitrine_engine_get_show (self->engine);
  if (show != NULL)
    n_scenes = vitrine_show_get_n_scenes (show);

  for (guint i = 0; i < n_scenes; i++)
    {
      const VitrineSceneConfig *scene = vitrine_show_get_scene (show, i);
      const char *name = scene->name != NULL && scene->name[0] != '\0' ? scene->name : scene->id;
      GtkWidget *button = gtk_toggle_button_new_with_label (name);

      gtk_widget_add_css_class (button, "scene-button");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.scene");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (scene->id));
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);

      if (i < N_SCENE_ACCELS)
        {
          g_autofree char *tooltip = NULL;
          g_autofree char *accel = g_strdup_printf ("<Alt>%u", i + 1);
          const char *accels[] = { accel, NULL };
          char *detailed = g_action_print_detailed_name ("win.scene",
                                                         g_variant_new_string (scene->id));

          /* Translators: a scene button's tooltip; %s is the scene name,
           * %u its number on the keyboard */
          tooltip = g_strdup_printf (_("Switch to “%s” (Alt+%u)"), name, i + 1);
          gtk_widget_set_tooltip_text (button, tooltip);

          if (app != NULL)
            gtk_application_set_accels_for_action (app, detailed, accels);
          g_ptr_array_add (self->scene_accels, detailed);
        }

      gtk_box_append (self->scene_box, button);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->scene_hint_label), n_scenes > 1);
}

static void
engine_scene_changed_cb (VitrineWindow *self)
{
  const char *scene = vitrine_engine_get_scene (self->engine);

  g_simple_action_set_state (self->scene_action, g_variant_new_string (scene ? scene : ""));
}

static void
scene_change_state_cb (GSimpleAction *action,
                       GVariant      *value,
                       gpointer       user_data)
{
  VitrineWindow *self = user_data;
  const char *scene_id = g_variant_get_string (value, NULL);
  g_autoptr(GError) error = NULL;

  if (self->engine == NULL)
    return;

  if (g_strcmp0 (scene_id, vitrine_engine_get_scene (self->engine)) == 0)
    return;

  if (!vitrine_engine_set_scene (self->engine, scene_id, &error))
    {
      vitrine_window_show_error (self, error);
      return;
    }

  /* The engine notifies "scene" too; setting it here keeps the buttons
   * right even if that notification comes later. */
  g_simple_action_set_state (action, value);
}

/* ---------------------------------------------------------------------- */
/* Commerce: the shelf, the run of show and their keys                    */

static VitrineGraphics *
current_graphics (VitrineWindow *self)
{
  return self->engine != NULL ? vitrine_engine_get_graphics (self->engine) : NULL;
}

static VitrineShow *
current_show (VitrineWindow *self)
{
  return self->engine != NULL ? vitrine_engine_get_show (self->engine) : NULL;
}

/* What the shelf says while it has no products. */
static void
update_shelf_empty_text (VitrineWindow *self)
{
  VitrineShow *show = current_show (self);

  if (show == NULL || vitrine_show_get_catalog_path (show) == NULL)
    vitrine_product_shelf_set_empty_text (self->shelf, _("No Catalog"),
                                          _("Name a catalog in the show file to put "
                                            "products on screen."));
  else
    vitrine_product_shelf_set_empty_text (self->shelf, _("Catalog Not Loaded"),
                                          _("The show's catalog is being read, or it "
                                            "could not be used."));
}

static gboolean
show_sells (VitrineShow *show)
{
  return show != NULL && (vitrine_show_get_catalog_path (show) != NULL ||
                          vitrine_show_get_n_run_of_show (show) > 0);
}

/* The shelf and the run of show follow the engine's graphics and show and
 * the application's catalog. */
static void
update_commerce (VitrineWindow *self)
{
  VitrineShow *show = current_show (self);

  vitrine_product_shelf_set_graphics (self->shelf, current_graphics (self));
  vitrine_product_shelf_set_catalog (self->shelf, self->catalog);
  vitrine_run_of_show_set_show (self->run_of_show, show);
  vitrine_run_of_show_set_catalog (self->run_of_show, self->catalog);
  vitrine_run_of_show_set_graphics (self->run_of_show, current_graphics (self));
  update_shelf_empty_text (self);

  /* A show that sells nothing (no catalog, no run of show) gets the room
   * for its preview, its feed and destinations. */
  if (show_sells (show) != adw_view_stack_page_get_visible (self->products_page))
    {
      /* A show that sells opens on its products, one that does not on its
       * feed. */
      adw_view_stack_page_set_visible (self->products_page, show_sells (show));
      adw_view_stack_set_visible_child_name (self->side_stack,
                                             show_sells (show) ? "products" : "feed");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->side_switcher), show_sells (show));
  gtk_widget_set_visible (GTK_WIDGET (self->run_of_show), show_sells (show));
  /* With the run of show below it, the preview takes the height left;
   * alone, it and the scenes sit in the middle, at their natural size. */
  gtk_widget_set_vexpand (GTK_WIDGET (self->preview_frame), show_sells (show));
  gtk_widget_set_valign (self->preview_column, show_sells (show) ? GTK_ALIGN_FILL
                                                                 : GTK_ALIGN_CENTER);

  /* The preview's frame has the canvas's shape, so it never shows bars. */
  if (show != NULL && vitrine_show_get_width (show) > 0 && vitrine_show_get_height (show) > 0)
    gtk_aspect_frame_set_ratio (self->preview_frame,
                                (float) vitrine_show_get_width (show) /
                                vitrine_show_get_height (show));
}

static void
app_catalog_changed_cb (VitrineWindow      *self,
                        GParamSpec         *pspec,
                        VitrineApplication *app)
{
  g_set_object (&self->catalog, vitrine_application_get_catalog (app));
  update_commerce (self);
  vitrine_sales_dashboard_set_catalog (self->sales_dashboard, self->catalog);
}

/* ---------------------------------------------------------------------- */
/* The feed                                                               */

/* While the host is on the Products page, the Feed page counts what
 * arrives. */
static void
update_unread (VitrineWindow *self)
{
  adw_view_stack_page_set_badge_number (self->feed_page, self->n_unread);
  adw_view_stack_page_set_needs_attention (self->feed_page, self->n_unread > 0);
}

static gboolean
feed_page_is_shown (VitrineWindow *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->side_stack), "feed") == 0;
}

static void
side_page_changed_cb (VitrineWindow *self)
{
  if (!feed_page_is_shown (self) || self->n_unread == 0)
    return;

  self->n_unread = 0;
  update_unread (self);
}

static void
feed_appended_cb (VitrineWindow   *self,
                  VitrineFeedItem *item)
{
  /* Orders and paid messages change the sales figures. */
  if (vitrine_feed_item_get_kind (item) == VITRINE_FEED_ITEM_ORDER ||
      vitrine_feed_item_get_kind (item) == VITRINE_FEED_ITEM_PAID)
    vitrine_sales_dashboard_queue_refresh (self->sales_dashboard);

  if (feed_page_is_shown (self))
    return;

  self->n_unread++;
  update_unread (self);
}

static void
set_feed (VitrineWindow *self,
          VitrineFeed   *feed)
{
  if (self->feed == feed)
    return;

  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_func (self->feed, feed_appended_cb, self);
  g_set_object (&self->feed, feed);
  if (feed != NULL)
    g_signal_connect_object (feed, "appended", G_CALLBACK (feed_appended_cb), self,
                             G_CONNECT_SWAPPED);

  vitrine_feed_pane_set_feed (self->feed_pane, feed);
  self->n_unread = 0;
  update_unread (self);
}

/* The Claims page shows how many claims wait for the host. */
static void
update_claims_badge (VitrineWindow *self)
{
  guint pending = self->claims
                  ? vitrine_claim_queue_count (self->claims, NULL, VITRINE_CLAIM_PENDING) : 0;

  adw_view_stack_page_set_badge_number (self->claims_page, pending);
  adw_view_stack_page_set_needs_attention (self->claims_page, pending > 0);
}

static void
claim_state_cb (VitrineWindow *self)
{
  update_claims_badge (self);
  vitrine_sales_dashboard_queue_refresh (self->sales_dashboard);
}

static void
claims_changed_cb (VitrineWindow *self,
                   guint          position,
                   guint          removed,
                   guint          added,
                   GListModel    *claims)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(VitrineClaim) claim = g_list_model_get_item (claims, i);

      /* A claim moving within the queue comes back as removed and added. */
      if (g_object_get_data (G_OBJECT (claim), "vitrine-window-watched") != NULL)
        continue;
      g_object_set_data (G_OBJECT (claim), "vitrine-window-watched", GINT_TO_POINTER (TRUE));
      g_signal_connect_object (claim, "notify::state", G_CALLBACK (claim_state_cb), self,
                               G_CONNECT_SWAPPED);
    }
  claim_state_cb (self);
}

static void
session_claims_changed_cb (VitrineWindow      *self,
                           GParamSpec         *pspec,
                           VitrineFeedSession *session)
{
  VitrineClaimQueue *claims = session ? vitrine_feed_session_get_claims (session) : NULL;

  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_func (vitrine_claim_queue_get_claims (self->claims),
                                          claims_changed_cb, self);
  g_set_object (&self->claims, claims);
  if (claims != NULL)
    {
      GListModel *model = vitrine_claim_queue_get_claims (claims);

      g_signal_connect_object (model, "items-changed", G_CALLBACK (claims_changed_cb), self,
                               G_CONNECT_SWAPPED);
      claims_changed_cb (self, 0, 0, g_list_model_get_n_items (model), model);
    }
  vitrine_claims_pane_set_queue (self->claims_pane, claims);
  update_claims_badge (self);
}

static void
session_journal_changed_cb (VitrineWindow      *self,
                            GParamSpec         *pspec,
                            VitrineFeedSession *session)
{
  vitrine_sales_dashboard_set_journal (self->sales_dashboard,
                                       session ? vitrine_feed_session_get_journal (session) : NULL);
}

/* One row per platform account the show's chats sign in with: the host
 * signs in (or again, when the platform stopped accepting the sign-in)
 * right beside the destinations. */
static void
update_accounts (VitrineWindow *self)
{
  g_autoptr(GHashTable) shown = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  GtkWidget *child;
  GPtrArray *sources;
  guint n_rows = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->account_list))) != NULL)
    gtk_list_box_remove (self->account_list, child);

  sources = self->session ? vitrine_feed_get_sources (vitrine_feed_session_get_feed (self->session))
                          : NULL;
  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      g_autoptr(VitrineAccount) account =
        vitrine_feed_source_dup_account (g_ptr_array_index (sources, i));

      /* Feeds sharing an account share its row too (the session gives
       * them one account object). */
      if (account == NULL || g_hash_table_contains (shown, account))
        continue;
      g_hash_table_add (shown, g_object_ref (account));
      gtk_list_box_append (self->account_list, vitrine_account_row_new (account));
      n_rows++;
    }
  gtk_widget_set_visible (self->accounts_group, n_rows > 0);
}

static void
set_session (VitrineWindow      *self,
             VitrineFeedSession *session)
{
  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::claims",
                               G_CALLBACK (session_claims_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::journal",
                               G_CALLBACK (session_journal_changed_cb), self, G_CONNECT_SWAPPED);
    }
  session_claims_changed_cb (self, NULL, session);
  session_journal_changed_cb (self, NULL, session);
  update_accounts (self);
}

static void
app_feed_changed_cb (VitrineWindow      *self,
                     GParamSpec         *pspec,
                     VitrineApplication *app)
{
  set_feed (self, vitrine_application_get_feed (app));
  set_session (self, vitrine_application_get_session (app));
}

/* "Show on Screen" on a row: the comment goes on the program. */
static gboolean
feed_show_on_screen_cb (VitrineWindow   *self,
                        VitrineFeedItem *item)
{
  VitrineGraphics *graphics = current_graphics (self);

  if (graphics == NULL)
    {
      vitrine_window_show_toast (self, _("Open a show to put comments on screen"));
      return FALSE;
    }

  vitrine_graphics_show_comment (graphics, vitrine_feed_item_get_text (item),
                                 vitrine_feed_item_get_author (item),
                                 vitrine_feed_item_get_platform (item));
  return TRUE;
}

static void
feed_take_off_screen_cb (VitrineWindow *self)
{
  VitrineGraphics *graphics = current_graphics (self);

  if (graphics != NULL)
    vitrine_graphics_hide_comment (graphics);
}

/* The window follows the catalog and the feed of the application it
 * belongs to. */
static void
application_changed_cb (VitrineWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->observed_app == (gpointer) app)
    return;

  if (self->observed_app != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->observed_app, app_catalog_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->observed_app, app_feed_changed_cb, self);
    }
  g_set_weak_pointer (&self->observed_app, VITRINE_IS_APPLICATION (app) ? app : NULL);

  if (self->observed_app != NULL)
    {
      g_signal_connect_object (self->observed_app, "notify::catalog",
                               G_CALLBACK (app_catalog_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->observed_app, "notify::session",
                               G_CALLBACK (app_feed_changed_cb), self, G_CONNECT_SWAPPED);
      app_catalog_changed_cb (self, NULL, VITRINE_APPLICATION (self->observed_app));
      app_feed_changed_cb (self, NULL, VITRINE_APPLICATION (self->observed_app));
    }
  else
    {
      g_clear_object (&self->catalog);
      update_commerce (self);
      set_feed (self, NULL);
      set_session (self, NULL);
    }
}

static void
show_toast_printf (VitrineWindow *self,
                   const char    *format,
                   ...) G_GNUC_PRINTF (2, 3);

static void
show_toast_printf (VitrineWindow *self,
                   const char    *format,
                   ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  vitrine_window_show_toast (self, message);
}

/* The N-th product of the run of show (of the catalog when the show has
 * no run of show), as the headless {"pin": N} finds it. */
static VitrineProduct *
find_numbered_product (VitrineWindow *self,
                       guint          number)
{
  VitrineShow *show = current_show (self);
  guint n_steps = show != NULL ? vitrine_show_get_n_run_of_show (show) : 0;
  VitrineProduct *product;

  if (n_steps > 0)
    {
      const VitrineRunOfShowItem *item;

      if (number < 1 || number > n_steps)
        {
          show_toast_printf (self, _("The run of show has no product number %u"), number);
          return NULL;
        }

      item = vitrine_show_get_run_of_show_item (show, number - 1);
      product = vitrine_commerce_find_product (self->catalog, item->product);
      if (product == NULL)
        show_toast_printf (self,
                           self->catalog != NULL
                             ? _("The catalog has no product “%s”")
                             : _("The show has no catalog, so there is no product “%s”"),
                           item->product);
      return product;
    }

  if (self->catalog == NULL)
    {
      vitrine_window_show_toast (self, _("The show has no catalog to pin products from"));
      return NULL;
    }

  if (number < 1 || number > g_list_model_get_n_items (G_LIST_MODEL (self->catalog)))
    {
      show_toast_printf (self, _("The catalog has no product number %u"), number);
      return NULL;
    }

  product = g_list_model_get_item (G_LIST_MODEL (self->catalog), number - 1);
  g_object_unref (product);  /* the catalog keeps it */

  return product;
}

static void
pin_number_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  VitrineWindow *self = user_data;
  VitrineGraphics *graphics = current_graphics (self);
  VitrineProduct *product;

  if (graphics == NULL)
    return;

  product = find_numbered_product (self, g_variant_get_uint32 (parameter));
  if (product != NULL)
    vitrine_graphics_pin (graphics, product);
}

static void
unpin_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  VitrineWindow *self = user_data;
  VitrineGraphics *graphics = current_graphics (self);

  if (graphics != NULL)
    vitrine_graphics_unpin (graphics);
}

/* D: the pinned product's planned deal starts; pressed again, it ends. */
static void
deal_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  VitrineWindow *self = user_data;
  VitrineGraphics *graphics = current_graphics (self);
  g_autoptr(GError) error = NULL;
  const VitrineRunOfShowItem *item = NULL;
  VitrineProduct *pinned;
  VitrineMoney price;
  int index;

  if (graphics == NULL)
    return;

  if (vitrine_graphics_has_deal (graphics))
    {
      vitrine_graphics_stop_deal (graphics);
      return;
    }

  pinned = vitrine_graphics_get_pinned (graphics);
  if (pinned == NULL)
    {
      vitrine_window_show_toast (self, _("Put a product on screen first, then press D for "
                                         "its deal"));
      return;
    }

  index = vitrine_commerce_find_run_of_show (current_show (self), self->catalog, pinned);
  if (index >= 0)
    item = vitrine_show_get_run_of_show_item (current_show (self), index);

  if (item == NULL || !vitrine_commerce_parse_deal_price (item, pinned, &price, &error))
    {
      if (error != NULL)
        vitrine_window_show_error (self, error);
      else
        show_toast_printf (self, _("No deal is planned for “%s”"),
                           vitrine_product_get_title (pinned));
      return;
    }

  if (!vitrine_graphics_start_deal (graphics, pinned, price.amount, item->deal_seconds, &error))
    vitrine_window_show_error (self, error);
}

/* Plain keys, handled as they bubble up to the window: a text entry that
 * has the focus (the shelf's search, a stream key) gets its digits first. */
static void
add_commerce_shortcuts (VitrineWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (controller);

  gtk_event_controller_set_name (controller, "vitrine-commerce-keys");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_BUBBLE);
  gtk_shortcut_controller_set_scope (shortcuts, GTK_SHORTCUT_SCOPE_LOCAL);

  for (guint n = 1; n <= N_PIN_KEYS; n++)
    {
      GtkShortcutTrigger *trigger =
        gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_0 + n, 0),
                                     gtk_keyval_trigger_new (GDK_KEY_KP_0 + n, 0));
      GtkShortcutAction *action = gtk_named_action_new ("win.pin-number");

      gtk_shortcut_controller_add_shortcut (shortcuts,
                                            gtk_shortcut_new_with_arguments (trigger, action,
                                                                             "u", n));
    }

  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_alternative_trigger_new (
                                                            gtk_keyval_trigger_new (GDK_KEY_0, 0),
                                                            gtk_keyval_trigger_new (GDK_KEY_KP_0,
                                                                                    0)),
                                                          gtk_named_action_new ("win.unpin")));
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_d, 0),
                                                          gtk_named_action_new ("win.deal")));

  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* ---------------------------------------------------------------------- */
/* Engine observation                                                     */

static void
engine_fps_changed_cb (VitrineWindow *self)
{
  double fps = vitrine_engine_get_fps (self->engine);
  g_autofree char *text = NULL;
  g_autofree char *details = NULL;

  /* Translators: frames per second and the studio's CPU use, on the preview */
  text = g_strdup_printf (_("%.0f fps · CPU %.0f %%"), fps, vitrine_engine_get_cpu (self->engine));
  gtk_label_set_text (self->fps_label, text);
  /* Translators: how long the video encoder takes per frame, and the CPU use */
  details = g_strdup_printf (_("Encoding takes %.1f ms per frame; the studio uses %.0f %% of "
                               "one processor core"),
                             vitrine_engine_get_encode_time (self->engine),
                             vitrine_engine_get_cpu (self->engine));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->fps_label), details);

  update_state (self);
}

static void
engine_error_cb (VitrineEngine *engine,
                 GError        *error,
                 VitrineWindow *self)
{
  vitrine_window_show_error (self, error);
}

/* One mixer row per audio source of the show, in show order. The sources
 * are fixed for an engine's life, so this only runs when the engine changes. */
static void
rebuild_audio (VitrineWindow *self)
{
  GtkWidget *child;
  VitrineShow *show = NULL;
  guint n_rows = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->audio_list))) != NULL)
    gtk_list_box_remove (self->audio_list, child);

  if (self->engine != NULL)
    show = vitrine_engine_get_show (self->engine);

  for (guint i = 0; show != NULL && i < vitrine_show_get_n_sources (show); i++)
    {
      const VitrineSourceConfig *source = vitrine_show_get_source (show, i);

      /* A video file brings its sound, with a fader and a meter of its own. */
      if (!vitrine_source_kind_is_audio (source->kind) && source->kind != VITRINE_SOURCE_MEDIA)
        continue;

      gtk_list_box_append (self->audio_list, vitrine_audio_row_new (self->engine, source->id));
      n_rows++;
    }

  gtk_widget_set_visible (self->audio_group, n_rows > 0);
}

static GtkWidget *
create_destination_row (gpointer item,
                        gpointer user_data)
{
  VitrineWindow *self = user_data;

  return vitrine_destination_row_new (self->engine, VITRINE_OUTPUT (item));
}

/**
 * vitrine_window_set_engine:
 * @self: a #VitrineWindow
 * @engine: (nullable): the engine to show, or %NULL
 *
 * Shows @engine: its preview, scenes and destinations. The window only
 * observes it; pass %NULL to let go of it.
 */
void
vitrine_window_set_engine (VitrineWindow *self,
                           VitrineEngine *engine)
{
  g_return_if_fail (VITRINE_IS_WINDOW (self));
  g_return_if_fail (!engine || VITRINE_IS_ENGINE (engine));

  if (self->engine == engine)
    return;

  /* The keys it asks for belong to the destinations of the show leaving. */
  if (self->key_dialog != NULL)
    gtk_window_close (GTK_WINDOW (self->key_dialog));

  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->engine, self);
      vitrine_preview_paintable_detach (self->preview);
      vitrine_preview_paintable_clear (self->preview);
      g_clear_object (&self->engine);
    }

  gtk_list_box_bind_model (self->destination_list, NULL, NULL, NULL, NULL);

  if (engine != NULL)
    {
      VitrineShow *show = vitrine_engine_get_show (engine);

      self->engine = g_object_ref (engine);

      g_signal_connect_object (engine, "notify::state",
                               G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::scene",
                               G_CALLBACK (engine_scene_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::fps",
                               G_CALLBACK (engine_fps_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "stats",
                               G_CALLBACK (engine_fps_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "error",
                               G_CALLBACK (engine_error_cb), self, 0);
      g_signal_connect_object (engine, "notice",
                               G_CALLBACK (vitrine_window_show_toast), self, G_CONNECT_SWAPPED);

      gtk_list_box_bind_model (self->destination_list,
                               vitrine_engine_get_outputs (engine),
                               create_destination_row, self, NULL);

      adw_window_title_set_subtitle (self->window_title,
                                     show != NULL ? vitrine_show_get_name (show) : NULL);
      set_status_description (self, _("Open a show file to set up the studio."));
    }
  else
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
    }

  rebuild_scenes (self);
  rebuild_audio (self);
  update_commerce (self);

  if (self->engine != NULL)
    {
      engine_scene_changed_cb (self);
      engine_fps_changed_cb (self);
    }
  else
    {
      g_simple_action_set_state (self->scene_action, g_variant_new_string (""));
    }

  update_state (self);
}

/**
 * vitrine_window_get_engine:
 * @self: a #VitrineWindow
 *
 * Returns: (transfer none) (nullable): the engine shown
 */
VitrineEngine *
vitrine_window_get_engine (VitrineWindow *self)
{
  g_return_val_if_fail (VITRINE_IS_WINDOW (self), NULL);

  return self->engine;
}

/* ---------------------------------------------------------------------- */
/* Toasts and errors                                                      */

/**
 * vitrine_window_show_toast:
 * @self: a #VitrineWindow
 * @message: a plain-text sentence
 *
 * Shows @message in a toast.
 */
void
vitrine_window_show_toast (VitrineWindow *self,
                           const char    *message)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (VITRINE_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  if (self->disposed)
    return;

  escaped = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
error_toast_dismissed_cb (AdwToast      *toast,
                          VitrineWindow *self)
{
  if (self->error_toast == toast)
    g_clear_weak_pointer (&self->error_toast);
}

/**
 * vitrine_window_show_error:
 * @self: a #VitrineWindow
 * @error: what went wrong
 *
 * Tells the host: a toast with the message (and a Details button, since a
 * toast shortens long text), and when no show runs, the message on the
 * "No show loaded" page. A newer error replaces the text of an error toast
 * still on screen rather than queueing behind it.
 */
void
vitrine_window_show_error (VitrineWindow *self,
                           const GError  *error)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (VITRINE_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Toast titles are Pango markup in libadwaita 1.2. */
  escaped = g_markup_escape_text (error->message, -1);

  /* Updated in place, not dismissed and replaced: libadwaita 1.2 crashes
   * later when a toast still waiting in the queue is dismissed. */
  if (self->error_toast != NULL)
    {
      adw_toast_set_title (self->error_toast, escaped);
      adw_toast_set_action_target_value (self->error_toast,
                                         g_variant_new_string (error->message));
    }
  else
    {
      AdwToast *toast = adw_toast_new (escaped);

      adw_toast_set_timeout (toast, 10);
      adw_toast_set_button_label (toast, _("Details"));
      adw_toast_set_action_name (toast, "win.error-details");
      adw_toast_set_action_target_value (toast, g_variant_new_string (error->message));
      g_signal_connect_object (toast, "dismissed",
                               G_CALLBACK (error_toast_dismissed_cb), self, 0);
      g_set_weak_pointer (&self->error_toast, toast);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }

  if (self->engine == NULL)
    set_status_description (self, error->message);
}

static void
error_details_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  VitrineWindow *self = user_data;
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Something Went Wrong"),
                                   g_variant_get_string (parameter, NULL));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------------------------- */
/* Going live                                                             */

/* A platform such as TikTok issues a new key for every live, so the one for
 * this stream must be pasted now: the engine never looks it up in the
 * keyring and forgets it when the stream ends. */
static gboolean
output_needs_key_for_this_stream (VitrineOutput *output)
{
  return vitrine_output_get_enabled (output) &&
         vitrine_output_get_key_per_stream (output) &&
         vitrine_output_uses_stream_key (output) &&
         !vitrine_output_get_has_stream_key (output);
}

/* The display name of @output's platform ("TikTok"), or NULL. */
static const char *
output_platform_name (VitrineWindow *self,
                      VitrineOutput *output)
{
  VitrineShow *show = vitrine_engine_get_show (self->engine);
  const char *id = vitrine_output_get_id (output);

  for (guint i = 0; show != NULL && i < vitrine_show_get_n_destinations (show); i++)
    {
      const VitrineDestinationConfig *destination = vitrine_show_get_destination (show, i);
      const VitrinePlatformPreset *preset;

      if (g_strcmp0 (destination->id, id) != 0 || destination->platform == NULL)
        continue;

      preset = vitrine_platform_preset_lookup (destination->platform);
      return preset != NULL ? _(preset->name) : NULL;
    }

  return NULL;
}

typedef struct
{
  VitrineEngine *engine;
  GPtrArray     *outputs;  /* (element-type VitrineOutput) */
  GPtrArray     *rows;     /* (element-type AdwPasswordEntryRow): the dialog's, not owned */
} KeyPrompt;

static void
key_prompt_free (KeyPrompt *prompt)
{
  g_clear_object (&prompt->engine);
  g_clear_pointer (&prompt->outputs, g_ptr_array_unref);
  g_clear_pointer (&prompt->rows, g_ptr_array_unref);
  g_free (prompt);
}

static void
stream_keys_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         VitrineWindow    *self)
{
  KeyPrompt *prompt = g_object_get_data (G_OBJECT (dialog), "vitrine-key-prompt");
  gboolean go = g_strcmp0 (response, "go-live") == 0 &&
                self->engine != NULL && self->engine == prompt->engine &&
                vitrine_engine_get_state (self->engine) == VITRINE_ENGINE_STATE_PREVIEW;

  for (guint i = 0; i < prompt->rows->len; i++)
    {
      GtkEditable *row = g_ptr_array_index (prompt->rows, i);
      g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (row)));

      /* In memory only, never in the keyring; a destination left empty
       * fails with the engine's own message when the show goes live. */
      if (go && key[0] != '\0')
        vitrine_output_set_stream_key (g_ptr_array_index (prompt->outputs, i), key);

      memset (key, 0, strlen (key));
      gtk_editable_set_text (row, "");
    }

  if (go)
    vitrine_engine_go_live (self->engine);
}

/* One dialog for every destination that needs this stream's key. */
static void
ask_stream_keys (VitrineWindow *self,
                 GPtrArray     *outputs)
{
  KeyPrompt *prompt;
  GtkWidget *dialog;
  GtkWidget *group;
  const char *platform = NULL;
  gboolean one_platform = TRUE;
  gboolean one_key = outputs->len == 1;
  g_autofree char *body = NULL;

  for (guint i = 0; i < outputs->len; i++)
    {
      const char *name = output_platform_name (self, g_ptr_array_index (outputs, i));

      if (name == NULL || (platform != NULL && g_strcmp0 (name, platform) != 0))
        one_platform = FALSE;
      else
        platform = name;
    }

  if (one_platform && platform != NULL)
    /* Translators: %s is a platform such as “TikTok” */
    body = g_strdup_printf (one_key ? _("%s gives a new stream key for every live. Paste the key "
                                        "for this stream; it is not saved.")
                                    : _("%s gives a new stream key for every live. Paste the keys "
                                        "for this stream; they are not saved."),
                            platform);
  else
    body = g_strdup (one_key ? _("This destination gets a new stream key for every live. Paste "
                                 "the key for this stream; it is not saved.")
                             : _("These destinations get a new stream key for every live. Paste "
                                 "the keys for this stream; they are not saved."));

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   one_key ? _("Stream Key for This Live")
                                           : _("Stream Keys for This Live"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "go-live", _("_Go Live"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "go-live",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "go-live");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  prompt = g_new0 (KeyPrompt, 1);
  prompt->engine = g_object_ref (self->engine);
  prompt->outputs = g_ptr_array_ref (outputs);
  prompt->rows = g_ptr_array_new ();

  group = adw_preferences_group_new ();
  for (guint i = 0; i < outputs->len; i++)
    {
      GtkWidget *row = adw_password_entry_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     vitrine_output_get_name (g_ptr_array_index (outputs, i)));
      /* Enter goes live, as the suggested button does. */
      adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_ptr_array_add (prompt->rows, row);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), group);

  g_object_set_data_full (G_OBJECT (dialog), "vitrine-key-prompt", prompt,
                          (GDestroyNotify) key_prompt_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (stream_keys_response_cb), self, 0);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_focus (GTK_WINDOW (dialog), g_ptr_array_index (prompt->rows, 0));
  g_set_weak_pointer (&self->key_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
go_live_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  VitrineWindow *self = user_data;
  g_autoptr(GPtrArray) need_key = NULL;
  GListModel *outputs;
  guint n_enabled = 0;

  if (self->engine == NULL)
    return;

  if (self->key_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->key_dialog));
      return;
    }

  need_key = g_ptr_array_new_with_free_func (g_object_unref);
  outputs = vitrine_engine_get_outputs (self->engine);
  for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
    {
      g_autoptr(VitrineOutput) output = g_list_model_get_item (outputs, i);

      if (vitrine_output_get_enabled (output))
        n_enabled++;
      if (output_needs_key_for_this_stream (output))
        g_ptr_array_add (need_key, g_steal_pointer (&output));
    }

  if (n_enabled == 0)
    {
      vitrine_window_show_toast (self, _("Turn on at least one destination to go live."));
      return;
    }

  if (need_key->len > 0)
    {
      ask_stream_keys (self, need_key);
      return;
    }

  vitrine_engine_go_live (self->engine);
}

/**
 * vitrine_window_get_key_dialog:
 * @self: a #VitrineWindow
 *
 * Returns: (transfer none) (nullable): the dialog asking for this stream's
 *   keys (platforms such as TikTok issue a new one for every live), while
 *   it is open
 */
GtkWidget *
vitrine_window_get_key_dialog (VitrineWindow *self)
{
  g_return_val_if_fail (VITRINE_IS_WINDOW (self), NULL);

  return self->key_dialog;
}

static void
end_live_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VitrineWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vitrine_engine_end_live_finish (VITRINE_ENGINE (object), result, &error))
    vitrine_window_show_error (self, error);
}

static void
end_live_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      VitrineWindow    *self)
{
  if (g_strcmp0 (response, "end") != 0 || self->engine == NULL ||
      vitrine_engine_get_state (self->engine) != VITRINE_ENGINE_STATE_LIVE)
    return;

  /* Not cancellable on purpose: a half-ended broadcast would leave
   * unfinished recordings. */
  vitrine_engine_end_live_async (self->engine, NULL, end_live_cb, g_object_ref (self));
}

static void
end_live_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  VitrineWindow *self = user_data;
  GtkWidget *dialog;

  if (self->engine == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("End the Broadcast?"),
                                   _("Every destination stops and the recordings are "
                                     "finished. The preview keeps running."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "end", _("_End Broadcast"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "end",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (end_live_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
preview_change_state_cb (GSimpleAction *action,
                         GVariant      *value,
                         gpointer       user_data)
{
  g_simple_action_set_state (action, value);
  update_preview (VITRINE_WINDOW (user_data));
}

static const GActionEntry win_actions[] = {
  { "go-live", go_live_action },
  { "end-live", end_live_action },
  { "error-details", error_details_action, "s" },
  { "pin-number", pin_number_action, "u" },
  { "unpin", unpin_action },
  { "deal", deal_action },
};

/* ---------------------------------------------------------------------- */
/* Window state                                                           */

/**
 * vitrine_window_save_state:
 * @self: a #VitrineWindow
 *
 * Remembers the window's size in GSettings.
 */
void
vitrine_window_save_state (VitrineWindow *self)
{
  int width = 0;
  int height = 0;

  g_return_if_fail (VITRINE_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static void
restore_state (VitrineWindow *self)
{
  int width;
  int height;

  if (self->settings == NULL)
    return;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
vitrine_window_close_request (GtkWindow *window)
{
  VitrineWindow *self = VITRINE_WINDOW (window);
  GtkApplication *app = gtk_window_get_application (window);

  vitrine_window_save_state (self);

  /* Closing the studio is quitting: let app.quit stop the engine (and ask
   * first when on air). It destroys this window when the show has stopped. */
  if (app != NULL && self->engine != NULL)
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (vitrine_window_parent_class)->close_request (window);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                */

static void
vitrine_window_constructed (GObject *object)
{
  VitrineWindow *self = VITRINE_WINDOW (object);
  GtkApplication *app;

  G_OBJECT_CLASS (vitrine_window_parent_class)->constructed (object);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (VITRINE_IS_APPLICATION (app))
    g_set_object (&self->settings,
                  vitrine_application_get_settings (VITRINE_APPLICATION (app)));

  if (self->settings != NULL)
    {
      self->preview_action = g_settings_create_action (self->settings, "preview-enabled");
      g_signal_connect_object (self->settings, "changed::preview-enabled",
                               G_CALLBACK (update_preview), self, G_CONNECT_SWAPPED);
    }
  else
    {
      GSimpleAction *action = g_simple_action_new_stateful ("preview-enabled", NULL,
                                                            g_variant_new_boolean (TRUE));

      g_signal_connect (action, "change-state", G_CALLBACK (preview_change_state_cb), self);
      self->preview_action = G_ACTION (action);
    }
  g_action_map_add_action (G_ACTION_MAP (self), self->preview_action);

  /* GtkWindow:application is set after construction. */
  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);
  application_changed_cb (self);

  restore_state (self);
  update_state (self);
}

static void
vitrine_window_dispose (GObject *object)
{
  VitrineWindow *self = VITRINE_WINDOW (object);

  if (!self->disposed)
    {
      vitrine_window_set_engine (self, NULL);
      g_signal_handlers_disconnect_by_func (self, application_changed_cb, NULL);
      if (self->observed_app != NULL)
        {
          g_signal_handlers_disconnect_by_func (self->observed_app, app_catalog_changed_cb,
                                                self);
          g_signal_handlers_disconnect_by_func (self->observed_app, app_feed_changed_cb, self);
        }
      g_clear_weak_pointer (&self->observed_app);
      g_clear_object (&self->catalog);
      update_commerce (self);
      set_feed (self, NULL);
      set_session (self, NULL);
      clear_scene_accels (self);
      self->disposed = TRUE;
    }

  if (self->preview != NULL)
    vitrine_preview_paintable_detach (self->preview);

  g_clear_weak_pointer (&self->error_toast);
  if (self->key_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->key_dialog));
  g_clear_weak_pointer (&self->key_dialog);

  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_WINDOW);

  G_OBJECT_CLASS (vitrine_window_parent_class)->dispose (object);
}

static void
vitrine_window_finalize (GObject *object)
{
  VitrineWindow *self = VITRINE_WINDOW (object);

  g_clear_object (&self->preview);
  g_clear_object (&self->catalog);
  g_clear_object (&self->feed);
  g_clear_object (&self->session);
  g_clear_object (&self->claims);
  g_clear_object (&self->settings);
  g_clear_object (&self->go_live_action);
  g_clear_object (&self->end_live_action);
  g_clear_object (&self->scene_action);
  g_clear_object (&self->preview_action);
  g_clear_pointer (&self->scene_accels, g_ptr_array_unref);

  G_OBJECT_CLASS (vitrine_window_parent_class)->finalize (object);
}

static void
vitrine_window_class_init (VitrineWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = vitrine_window_constructed;
  object_class->dispose = vitrine_window_dispose;
  object_class->finalize = vitrine_window_finalize;

  window_class->close_request = vitrine_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vitrine-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, live_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, live_button_content);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, preview_column);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, preview_frame);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, preview_picture);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, live_badge);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, fps_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, preview_off_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, scene_box);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, scene_hint_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, destination_list);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, audio_group);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, account_list);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, audio_list);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, side_switcher);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, products_page);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, feed_page);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, shelf);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, feed_pane);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, claims_page);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, claims_pane);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, sales_dashboard);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, run_of_show);
  gtk_widget_class_bind_template_callback (widget_class, side_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, feed_show_on_screen_cb);
  gtk_widget_class_bind_template_callback (widget_class, feed_take_off_screen_cb);

  g_type_ensure (VITRINE_TYPE_DESTINATION_ROW);
  g_type_ensure (VITRINE_TYPE_AUDIO_ROW);
  g_type_ensure (VITRINE_TYPE_PRODUCT_SHELF);
  g_type_ensure (VITRINE_TYPE_FEED_PANE);
  g_type_ensure (VITRINE_TYPE_CLAIMS_PANE);
  g_type_ensure (VITRINE_TYPE_SALES_DASHBOARD);
  g_type_ensure (VITRINE_TYPE_RUN_OF_SHOW);
}

static void
vitrine_window_init (VitrineWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->scene_accels = g_ptr_array_new_with_free_func (g_free);

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);
  self->go_live_action =
    g_object_ref (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "go-live")));
  self->end_live_action =
    g_object_ref (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "end-live")));

  self->scene_action = g_simple_action_new_stateful ("scene", G_VARIANT_TYPE_STRING,
                                                     g_variant_new_string (""));
  g_signal_connect (self->scene_action, "change-state",
                    G_CALLBACK (scene_change_state_cb), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (self->scene_action));

  add_commerce_shortcuts (self);

  /* Set once: the paintable invalidates itself for every new frame. */
  self->preview = vitrine_preview_paintable_new ();
  gtk_picture_set_paintable (self->preview_picture, GDK_PAINTABLE (self->preview));
}

/**
 * vitrine_window_new:
 * @application: the #VitrineApplication
 *
 * Returns: (transfer none): a new studio window, owned by @application
 */
VitrineWindow *
vitrine_window_new (VitrineApplication *application)
{
  g_return_val_if_fail (VITRINE_IS_APPLICATION (application), NULL);

  return g_object_new (VITRINE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * vitrine_window_get_preview:
 * @self: a #VitrineWindow
 *
 * Returns: (transfer none): the paintable shown in the preview area
 */
VitrinePreviewPaintable *
vitrine_window_get_preview (VitrineWindow *self)
{
  g_return_val_if_fail (VITRINE_IS_WINDOW (self), NULL);

  return self->preview;
}
