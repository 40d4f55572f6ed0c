/* vitrine-application.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The application owns the show and the engine; windows only observe them.
 * Replacing a show and quitting always go through
 * vitrine_engine_stop_async() so recordings are finalised. */

#define G_LOG_DOMAIN "vitrine-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <libportal-gtk4/portal-gtk4.h>
#include <signal.h>

#include "vitrine-application.h"
#include "vitrine-claim-queue.h"
#include "vitrine-feed-session.h"
#include "vitrine-shopify-products.h"
#include "vitrine-woocommerce-products.h"
#include "vitrine-catalog-import.h"
#include "vitrine-window.h"

/* The schema id does not follow the .Devel app id: one set of preferences. */
#define SETTINGS_SCHEMA_ID "io.github.vitrine.Vitrine"

/* The catalog dialog lists this many problems at most; the rest are counted. */
#define MAX_LISTED_PROBLEMS 50

/* Up to this many, the problems are listed without a scrollbar. */
#define FEW_PROBLEMS 4

/* The feed keeps this many recent items for the pane; the journal keeps
 * them all. */
#define FEED_WINDOW 500

/* How long shutdown waits for a clean engine stop when the main loop was
 * quit without going through app.quit (a session ending, a signal). */
#define SHUTDOWN_STOP_TIMEOUT_SECONDS 15

struct _VitrineApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  VitrineShow    *show;
  VitrineEngine  *engine;
  VitrineCatalog *catalog;
  VitrineFeedSession *session; /* the show's feeds, claims and journal */

  /* The show's catalog being read, or waiting for the host's decision. */
  GCancellable   *catalog_cancellable;

  /* The load or close in progress; a second request is refused. */
  GTask          *busy_task;

  guint           sigint_id;
  guint           sigterm_id;

  guint           tried_default_show : 1;
  guint           quitting : 1;
};

G_DEFINE_FINAL_TYPE (VitrineApplication, vitrine_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_SHOW,
  PROP_ENGINE,
  PROP_CATALOG,
  PROP_FEED,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

typedef void (*ConfirmedFunc) (VitrineApplication *self,
                               gpointer            data);

typedef struct
{
  VitrineApplication *self;
  ConfirmedFunc       func;
  gpointer            data;
  GDestroyNotify      data_free;
} Confirmation;

/* ---------------------------------------------------------------------- */
/* Windows                                                                */

static VitrineWindow *
find_window (VitrineApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (VITRINE_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

static void
report_error (VitrineApplication *self,
              const GError       *error)
{
  gboolean shown = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (VITRINE_IS_WINDOW (l->data))
        {
          vitrine_window_show_error (l->data, error);
          shown = TRUE;
        }
    }

  /* No window (e.g. while quitting): the terminal is all we have. */
  if (!shown)
    g_message ("%s", error->message);
}

static void load_catalog (VitrineApplication *self,
                          VitrineShow        *show);
static void load_feed    (VitrineApplication *self,
                          VitrineShow        *show);

/* The destinations' changes of state go into the show's journal. */
static void
output_state_cb (VitrineOutput      *output,
                 GParamSpec         *pspec,
                 VitrineApplication *self)
{
  if (self->session != NULL)
    vitrine_feed_session_record_destination (self->session, vitrine_output_get_id (output),
                                             vitrine_output_state_to_string (vitrine_output_get_state (output)),
                                             vitrine_output_get_status (output));
}

static void
set_engine (VitrineApplication *self,
            VitrineShow        *show,
            VitrineEngine      *engine)
{
  gboolean show_changed;
  gboolean engine_changed;

  show_changed = g_set_object (&self->show, show);
  engine_changed = g_set_object (&self->engine, engine);

  /* The old show's products and feed leave with it; the new show's are
   * read now. */
  if (show_changed)
    {
      load_catalog (self, show);
      load_feed (self, show);
    }
  if (engine_changed && engine != NULL)
    {
      GListModel *outputs = vitrine_engine_get_outputs (engine);

      for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
        {
          g_autoptr(VitrineOutput) output = g_list_model_get_item (outputs, i);

          g_signal_connect_object (output, "notify::state", G_CALLBACK (output_state_cb), self, 0);
        }
    }

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (VITRINE_IS_WINDOW (l->data))
        vitrine_window_set_engine (l->data, engine);
    }

  /* What the destinations' platforms say about the show (too high a bitrate
   * for Facebook, a landscape picture for TikTok…): told once, on opening. */
  if (show_changed && show != NULL && vitrine_show_get_warnings (show)->len > 0)
    {
      GPtrArray *warnings = vitrine_show_get_warnings (show);
      g_autoptr(GString) text = g_string_new (_("Check before going live:"));
      g_autoptr(GError) warning = NULL;

      /* One line: a toast shows no line breaks. */
      for (guint i = 0; i < warnings->len; i++)
        g_string_append_printf (text, " %s.", (const char *)g_ptr_array_index (warnings, i));
      warning = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, text->str);
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
        if (VITRINE_IS_WINDOW (l->data))
          vitrine_window_show_error (l->data, warning);
    }

  if (show_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SHOW]);
  if (engine_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ENGINE]);
}

/**
 * vitrine_application_ensure_window:
 * @self: a #VitrineApplication
 *
 * Returns the studio window, creating it (showing the current engine, if
 * any) when there is none yet. The application must be registered.
 *
 * Returns: (transfer none): the #VitrineWindow
 */
GtkWindow *
vitrine_application_ensure_window (VitrineApplication *self)
{
  VitrineWindow *window;

  g_return_val_if_fail (VITRINE_IS_APPLICATION (self), NULL);

  window = find_window (self);
  if (window == NULL)
    {
      window = vitrine_window_new (self);
      vitrine_window_set_engine (window, self->engine);
    }

  return GTK_WINDOW (window);
}

/* ---------------------------------------------------------------------- */
/* Confirmation before ending a live broadcast                            */

static void
confirmation_free (Confirmation *confirmation)
{
  if (confirmation->data_free != NULL)
    g_clear_pointer (&confirmation->data, confirmation->data_free);
  g_clear_object (&confirmation->self);
  g_free (confirmation);
}

static void
confirmation_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          Confirmation     *confirmation)
{
  if (g_strcmp0 (response, "confirm") == 0)
    confirmation->func (confirmation->self, confirmation->data);

  confirmation_free (confirmation);
}

/* Runs @func at once when nothing is on air, otherwise after the host has
 * agreed that the broadcast ends. */
static void
confirm_if_live (VitrineApplication *self,
                 const char         *heading,
                 const char         *body,
                 const char         *confirm_label,
                 ConfirmedFunc       func,
                 gpointer            data,
                 GDestroyNotify      data_free)
{
  Confirmation *confirmation;
  GtkWidget *dialog;

  if (self->engine == NULL ||
      vitrine_engine_get_state (self->engine) != VITRINE_ENGINE_STATE_LIVE)
    {
      func (self, data);
      if (data_free != NULL)
        data_free (data);
      return;
    }

  confirmation = g_new0 (Confirmation, 1);
  confirmation->self = g_object_ref (self);
  confirmation->func = func;
  confirmation->data = data;
  confirmation->data_free = data_free;

  dialog = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                   heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", confirm_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (confirmation_response_cb), confirmation);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------------------------- */
/* The show's catalog                                                     */

static void
set_catalog (VitrineApplication *self,
             VitrineCatalog     *catalog)
{
  if (g_set_object (&self->catalog, catalog))
    {
      /* Comments such as "SOLD A12 M" become claims against it, orders
       * take stock from it. */
      if (self->session != NULL)
        vitrine_feed_session_set_catalog (self->session, catalog);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CATALOG]);
    }
}

typedef struct
{
  VitrineApplication   *self;
  VitrineShow          *show;
  VitrineCatalogImport *import;
  GCancellable         *cancellable;
} CatalogLoad;

static void
catalog_load_free (CatalogLoad *load)
{
  g_clear_object (&load->self);
  g_clear_object (&load->show);
  g_clear_object (&load->import);
  g_clear_object (&load->cancellable);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CatalogLoad, catalog_load_free)

static void
catalog_load_closure_free (gpointer  data,
                           GClosure *closure)
{
  catalog_load_free (data);
}

/* The products of @load go into a new catalog, which the windows then show. */
typedef struct
{
  VitrineApplication *self;
  VitrineShow        *show;
  GCancellable       *cancellable;
  gboolean            shopify;
} ShopSync;

static void
shop_sync_free (ShopSync *sync)
{
  g_object_unref (sync->self);
  g_object_unref (sync->show);
  g_object_unref (sync->cancellable);
  g_free (sync);
}

static void
shop_synced_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ShopSync *sync = user_data;
  VitrineApplication *self = sync->self;
  g_autoptr(VitrineProductSync) products = NULL;
  g_autoptr(GError) error = NULL;

  products = sync->shopify ? vitrine_shopify_products_fetch_finish (result, &error)
                           : vitrine_woocommerce_products_fetch_finish (result, &error);
  if (g_cancellable_is_cancelled (sync->cancellable) || self->show != sync->show ||
      self->catalog == NULL)
    {
      shop_sync_free (sync);
      return;
    }

  /* The products go into the catalog on screen: cards already pinned
   * follow their new price and stock. */
  if (products == NULL ||
      !vitrine_product_sync_apply (products, self->catalog, &error))
    {
      g_autoptr(GError) wrapped = g_error_new (error->domain, error->code,
                                               _("The shop’s products cannot be read: %s"),
                                               error->message);

      report_error (self, wrapped);
    }
  else if (vitrine_product_sync_get_n_problems (products) > 0)
    {
      g_autofree char *first =
        vitrine_catalog_problem_to_string (vitrine_product_sync_get_problem (products, 0));
      g_autoptr(GError) notice = NULL;

      notice = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "The shop’s products were read with %u problem: %s",
                                         "The shop’s products were read with %u problems, "
                                         "the first: %s",
                                         vitrine_product_sync_get_n_problems (products)),
                            vitrine_product_sync_get_n_problems (products), first);
      report_error (self, notice);
    }
  shop_sync_free (sync);
}

/* Reads the products of the shop the show names into the catalog on
 * screen, in the background. */
static void
sync_shop (VitrineApplication *self,
           VitrineShow        *show)
{
  VitrineProductSyncOptions options = { 0, };
  const char *platform, *url, *secret;
  ShopSync *sync;

  if (!vitrine_show_get_shop (show, &platform, &url, &secret) || self->catalog == NULL ||
      self->catalog_cancellable == NULL)
    return;

  sync = g_new0 (ShopSync, 1);
  sync->self = g_object_ref (self);
  sync->show = g_object_ref (show);
  sync->cancellable = g_object_ref (self->catalog_cancellable);
  sync->shopify = g_str_equal (platform, "shopify");
  options.base_url = url;
  options.secret_id = secret;
  options.currency = vitrine_show_get_catalog_currency (show);
  options.catalog = self->catalog;
  if (sync->shopify)
    vitrine_shopify_products_fetch_async (&options, sync->cancellable, shop_synced_cb, sync);
  else
    vitrine_woocommerce_products_fetch_async (&options, sync->cancellable, shop_synced_cb, sync);
}

static void
apply_catalog (CatalogLoad *load)
{
  VitrineApplication *self = load->self;
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(GError) error = NULL;

  if (!vitrine_catalog_import_apply (load->import, catalog, &error))
    {
      g_autoptr(GError) wrapped = g_error_new (error->domain, error->code,
                                               _("The catalog cannot be used: %s"),
                                               error->message);

      report_error (self, wrapped);
      return;
    }

  set_catalog (self, catalog);
  sync_shop (self, load->show);
}

/* Still the show the catalog was read for, and not cancelled meanwhile. */
static gboolean
catalog_load_is_current (CatalogLoad *load)
{
  return !g_cancellable_is_cancelled (load->cancellable) && load->self->show == load->show;
}

static void
catalog_dialog_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            CatalogLoad      *load)
{
  if (g_strcmp0 (response, "import") == 0 && catalog_load_is_current (load))
    apply_catalog (load);
}

static GtkWidget *
create_problem_list (VitrineCatalogImport *import,
                     guint                 n_errors)
{
  GtkWidget *scrolled;
  GtkWidget *list;
  guint n_listed = 0;

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  /* Room for the list's shadow inside the scrolled window. */
  gtk_widget_set_margin_top (list, 6);
  gtk_widget_set_margin_bottom (list, 6);
  gtk_widget_set_margin_start (list, 6);
  gtk_widget_set_margin_end (list, 6);

  for (guint i = 0; i < vitrine_catalog_import_get_n_problems (import); i++)
    {
      const VitrineCatalogProblem *problem = vitrine_catalog_import_get_problem (import, i);
      g_autofree char *where = NULL;
      GtkWidget *row;

      if (problem->severity != VITRINE_CATALOG_PROBLEM_ERROR)
        continue;
      if (n_listed == MAX_LISTED_PROBLEMS)
        break;

      if (problem->line > 0 && problem->field != NULL)
        /* Translators: where a catalog problem is: a line of the file and a column */
        where = g_strdup_printf (_("Line %u · %s"), problem->line, problem->field);
      else if (problem->line > 0)
        where = g_strdup_printf (_("Line %u"), problem->line);
      else if (problem->field != NULL)
        where = g_strdup (problem->field);
      else
        where = g_strdup (_("The whole file"));

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), problem->message);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      n_listed++;
    }

  if (n_errors > n_listed)
    {
      g_autofree char *more = NULL;
      GtkWidget *row = adw_action_row_new ();

      /* Translators: the last line of the list of catalog problems */
      more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more problem",
                                           "And %u more problems", n_errors - n_listed),
                              n_errors - n_listed);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  /* A few problems are shown whole; more scroll. (A scrolled window's
   * natural height does not follow wrapped text, so it gets a fixed one.) */
  if (n_listed <= FEW_PROBLEMS)
    return list;

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);

  return scrolled;
}

/* Products with errors are left out; the host decides whether the rest is
 * good enough for the show. */
static void
ask_about_catalog (CatalogLoad *load,
                   guint        n_errors)
{
  VitrineApplication *self = load->self;
  guint n_products = g_list_model_get_n_items (vitrine_catalog_import_get_products (load->import));
  g_autofree char *name = g_path_get_basename (vitrine_show_get_catalog_path (load->show));
  g_autofree char *body = NULL;
  g_autofree char *import_label = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "“%s” has %u problem. The products it concerns are "
                                       "left out; the others can be used in the show.",
                                       "“%s” has %u problems. The products they concern are "
                                       "left out; the others can be used in the show.",
                                       n_errors),
                          name, n_errors);
  import_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %u Product",
                                               "_Import %u Products", n_products),
                                  n_products);

  dialog = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                   _("Some Products Cannot Be Imported"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "skip", _("_Skip Catalog"),
                                    "import", import_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import",
                                           n_products > 0);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           n_products > 0 ? "import" : "skip");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "skip");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog),
                                      create_problem_list (load->import, n_errors));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  /* Another show opened meanwhile: the question is moot. */
  g_signal_connect_object (load->cancellable, "cancelled", G_CALLBACK (gtk_window_destroy),
                           dialog, G_CONNECT_SWAPPED);
  g_signal_connect_data (dialog, "response", G_CALLBACK (catalog_dialog_response_cb),
                         load, catalog_load_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
catalog_imported_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CatalogLoad) load = user_data;
  VitrineApplication *self = load->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) warnings = NULL;
  guint n_errors = 0;
  guint n_warnings = 0;

  load->import = vitrine_catalog_import_file_finish (result, &error);
  if (!catalog_load_is_current (load))
    return;

  if (load->import == NULL)
    {
      g_autoptr(GError) wrapped = g_error_new (error->domain, error->code,
                                               _("The catalog cannot be used: %s"),
                                               error->message);

      report_error (self, wrapped);
      return;
    }

  for (guint i = 0; i < vitrine_catalog_import_get_n_problems (load->import); i++)
    {
      const VitrineCatalogProblem *problem = vitrine_catalog_import_get_problem (load->import, i);

      if (problem->severity == VITRINE_CATALOG_PROBLEM_ERROR)
        {
          n_errors++;
        }
      else
        {
          g_autofree char *text = vitrine_catalog_problem_to_string (problem);

          if (warnings == NULL)
            warnings = g_string_new (NULL);
          /* One line: a toast shows no line breaks; Details shows it all. */
          g_string_append_printf (warnings, " %s.", text);
          n_warnings++;
        }
    }

  if (n_errors > 0)
    {
      ask_about_catalog (g_steal_pointer (&load), n_errors);
      return;
    }

  apply_catalog (load);

  if (n_warnings > 0 && self->catalog != NULL)
    {
      g_autofree char *text = NULL;
      g_autoptr(GError) notice = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The catalog was imported with %u warning:%s",
                                           "The catalog was imported with %u warnings:%s",
                                           n_warnings),
                              n_warnings, warnings->str);
      notice = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, text);
      report_error (self, notice);
    }
}

/* Reads the catalog @show names, off the main thread; the products arrive
 * in vitrine_application_get_catalog() when it is done. */
static void
load_catalog (VitrineApplication *self,
              VitrineShow        *show)
{
  VitrineCatalogImportOptions options = { 0, };
  g_autoptr(GFile) file = NULL;
  CatalogLoad *load;

  g_cancellable_cancel (self->catalog_cancellable);
  g_clear_object (&self->catalog_cancellable);
  set_catalog (self, NULL);

  if (show == NULL)
    return;
  self->catalog_cancellable = g_cancellable_new ();

  /* Only a shop: its products fill an empty catalog. */
  if (vitrine_show_get_catalog_path (show) == NULL)
    {
      g_autoptr(VitrineCatalog) catalog = NULL;

      if (!vitrine_show_get_shop (show, NULL, NULL, NULL))
        return;
      catalog = vitrine_catalog_new ();
      set_catalog (self, catalog);
      sync_shop (self, show);
      return;
    }

  load = g_new0 (CatalogLoad, 1);
  load->self = g_object_ref (self);
  load->show = g_object_ref (show);
  load->cancellable = g_object_ref (self->catalog_cancellable);

  file = g_file_new_for_path (vitrine_show_get_catalog_path (show));
  options.currency = vitrine_show_get_catalog_currency (show);
  options.shop_domain = vitrine_show_get_catalog_shop (show);
  vitrine_catalog_import_file_async (file, &options, load->cancellable,
                                     catalog_imported_cb, load);
}

/* ---------------------------------------------------------------------- */
/* The show's feed                                                        */

/* The on-screen order alert, and the stock the card shows, follow the
 * shop. */
static void
session_order_cb (VitrineFeedSession *session,
                  VitrineOrder       *order,
                  gboolean            placed,
                  VitrineApplication *self)
{
  g_autofree char *text = NULL;

  if (!placed || self->engine == NULL)
    return;
  if ((text = vitrine_feed_session_dup_order_alert (session, order)) != NULL)
    vitrine_graphics_show_alert (vitrine_engine_get_graphics (self->engine), text);
}

static void
session_journal_failed_cb (VitrineFeedSession *session,
                           const GError       *error,
                           VitrineApplication *self)
{
  g_autoptr(GError) told =
    g_error_new (error->domain, error->code,
                 _("The show’s journal cannot be kept, so nothing of this show’s feed will be "
                   "saved: %s"), error->message);

  report_error (self, told);
}

static void
session_notice_cb (VitrineFeedSession *session,
                   const char         *message,
                   VitrineApplication *self)
{
  g_autoptr(GError) told = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, message);

  report_error (self, told);
}

static void
session_stopped_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The last reference: the journal closes with the session. */
  if (!vitrine_feed_session_stop_finish (VITRINE_FEED_SESSION (object), result, &error))
    g_message ("The show’s journal was not written completely: %s", error->message);
  g_object_unref (object);
}

/* The journal of a show: the file the show names, else one per show in the
 * user's data folder (the same as headless mode uses). */
static char *
journal_path (VitrineShow *show)
{
  return vitrine_feed_session_default_journal_path (show, vitrine_show_get_path (show));
}

/* One feed per show: created with it, its journal opened and its
 * connectors started at once (the host reads the chat before going live);
 * stopped, and its journal written out, when the show closes. */
static void
load_feed (VitrineApplication *self,
           VitrineShow        *show)
{
  g_autoptr(VitrineFeedSession) session = NULL;

  if (self->session != NULL)
    {
      VitrineFeedSession *old = g_steal_pointer (&self->session);

      g_signal_handlers_disconnect_by_data (old, self);
      vitrine_feed_session_stop_async (old, NULL, session_stopped_cb, NULL);
    }

  if (show != NULL)
    {
      g_autofree char *dir = vitrine_show_get_path (show)
                             ? g_path_get_dirname (vitrine_show_get_path (show)) : NULL;
      GPtrArray *problems;
      const char *platform, *url, *secret;

      session = vitrine_feed_session_new (show, dir, FEED_WINDOW);
      /* One feed that is wrong is reported; the others still run. */
      problems = vitrine_feed_session_get_problems (session);
      for (guint i = 0; i < problems->len; i++)
        report_error (self, g_ptr_array_index (problems, i));

      g_signal_connect_object (session, "order", G_CALLBACK (session_order_cb), self, 0);
      g_signal_connect_object (session, "journal-failed",
                               G_CALLBACK (session_journal_failed_cb), self, 0);
      g_signal_connect_object (session, "notice", G_CALLBACK (session_notice_cb), self, 0);
      /* The shop's sync sets every product's stock after the catalog
       * file's, orders of an earlier run included. */
      vitrine_feed_session_set_stock_from_shop (session,
                                                vitrine_show_get_shop (show, &platform, &url,
                                                                       &secret));
      if (vitrine_show_get_n_feeds (show) > 0)
        {
          g_autofree char *path = journal_path (show);

          vitrine_feed_session_start (session, path);
        }
    }

  self->session = g_steal_pointer (&session);
  if (self->session != NULL && self->catalog != NULL)
    vitrine_feed_session_set_catalog (self->session, self->catalog);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FEED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SESSION]);
}

/* ---------------------------------------------------------------------- */
/* Loading a show                                                         */

static void
stop_and_drop_engine_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vitrine_engine_stop_finish (VITRINE_ENGINE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Stopping a failed engine: %s", error->message);
}

/* Returns @task's result (@error, or success when %NULL) and frees the
 * application for the next load or close at once, not when the callback
 * has run. */
static void
return_busy_task (GTask  *task,
                  GError *error)
{
  VitrineApplication *self = g_task_get_source_object (task);

  if (self->busy_task == task)
    self->busy_task = NULL;

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
start_engine (GTask *task)
{
  VitrineApplication *self = g_task_get_source_object (task);
  VitrineShow *show = g_task_get_task_data (task);
  g_autoptr(VitrineEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      return_busy_task (task, g_steal_pointer (&error));
      return;
    }

  engine = vitrine_engine_new (show, VITRINE_ENGINE_FLAGS_PREVIEW);
  /* The desktop's "share your screen" / camera dialogs belong to our window. */
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      g_autoptr(XdpParent) parent = xdp_parent_new_gtk (window);

      vitrine_engine_set_portal_parent (engine, parent);
    }

  if (!vitrine_engine_start (engine, &error))
    {
      report_error (self, error);
      /* Whatever half-started must still be torn down off the UI path. */
      vitrine_engine_stop_async (engine, NULL, stop_and_drop_engine_cb, NULL);
      return_busy_task (task, g_steal_pointer (&error));
      return;
    }

  set_engine (self, show, engine);

  if (self->settings != NULL && vitrine_show_get_path (show) != NULL)
    g_settings_set_string (self->settings, "last-show", vitrine_show_get_path (show));

  return_busy_task (task, NULL);
}

static void
load_stop_previous_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!vitrine_engine_stop_finish (VITRINE_ENGINE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The old engine is gone either way; say so and carry on. */
      report_error (g_task_get_source_object (task), error);
    }

  start_engine (task);
}

static GTask *
begin_busy_task (VitrineApplication  *self,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 gpointer             source_tag)
{
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  if (self->busy_task != NULL)
    {
      GError *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PENDING,
                                           _("Vitrine is still opening or closing the "
                                             "previous show."));

      report_error (self, error);
      g_task_return_error (task, error);
      g_object_unref (task);
      return NULL;
    }

  self->busy_task = task;

  return task;
}

/**
 * vitrine_application_load_show_async:
 * @self: a #VitrineApplication
 * @file: the show file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the show runs or failed
 * @user_data: data for @callback
 *
 * Reads @file and, if it is a valid show, stops the current engine cleanly
 * and starts a new one for it. A file that cannot be read leaves the current
 * show running. Every failure is also shown to the host (toast, and the
 * "No show loaded" page when nothing runs), so callers may ignore the result.
 */
void
vitrine_application_load_show_async (VitrineApplication  *self,
                                     GFile               *file,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(VitrineShow) show = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineEngine) previous = NULL;
  GTask *task;

  g_return_if_fail (VITRINE_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = begin_busy_task (self, cancellable, callback, user_data,
                          vitrine_application_load_show_async);
  if (task == NULL)
    return;

  /* Show files are a few kilobytes: parsing them here is cheaper than a
   * thread hop, and the error is ready for the toast at once. */
  show = vitrine_show_new_from_file (file, &error);
  if (show == NULL)
    {
      report_error (self, error);
      return_busy_task (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  g_task_set_task_data (task, g_steal_pointer (&show), g_object_unref);

  if (self->engine == NULL)
    {
      start_engine (task);
      g_object_unref (task);
      return;
    }

  /* The old engine must let go of the camera and finish its recordings
   * before the new one opens the same devices. */
  previous = g_object_ref (self->engine);
  set_engine (self, NULL, NULL);
  /* Never cancelled: a half-stopped engine would leave a broken recording. */
  vitrine_engine_stop_async (previous, NULL, load_stop_previous_cb, task);
}

/**
 * vitrine_application_load_show_finish:
 * @self: a #VitrineApplication
 * @result: the result given to the callback
 * @error: return location for the error shown to the host
 *
 * Returns: %TRUE if the show was loaded and its engine is running
 */
gboolean
vitrine_application_load_show_finish (VitrineApplication  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  g_return_val_if_fail (VITRINE_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
close_stop_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  vitrine_engine_stop_finish (VITRINE_ENGINE (object), result, &error);
  return_busy_task (task, g_steal_pointer (&error));
}

/**
 * vitrine_application_close_show_async:
 * @self: a #VitrineApplication
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the engine has stopped
 * @user_data: data for @callback
 *
 * Ends every destination, finalises the recordings and tears the engine
 * down. The windows stop showing it at once.
 */
void
vitrine_application_close_show_async (VitrineApplication  *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(VitrineEngine) engine = NULL;
  GTask *task;

  g_return_if_fail (VITRINE_IS_APPLICATION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = begin_busy_task (self, cancellable, callback, user_data,
                          vitrine_application_close_show_async);
  if (task == NULL)
    return;

  if (self->engine == NULL)
    {
      return_busy_task (task, NULL);
      g_object_unref (task);
      return;
    }

  engine = g_object_ref (self->engine);
  set_engine (self, NULL, NULL);
  /* Never cancelled: a half-stopped engine would leave a broken recording. */
  vitrine_engine_stop_async (engine, NULL, close_stop_cb, task);
}

/**
 * vitrine_application_close_show_finish:
 * @self: a #VitrineApplication
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE if the engine stopped cleanly
 */
gboolean
vitrine_application_close_show_finish (VitrineApplication  *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  g_return_val_if_fail (VITRINE_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vitrine_application_get_default_show:
 * @self: a #VitrineApplication
 *
 * The show opened when none is given: the last one opened if it still
 * exists, else the bundled demo (installed, or from the source tree when
 * running uninstalled).
 *
 * Returns: (transfer full): a #GFile, which may not exist
 */
GFile *
vitrine_application_get_default_show (VitrineApplication *self)
{
  g_autofree char *installed = NULL;

  g_return_val_if_fail (VITRINE_IS_APPLICATION (self), NULL);

  if (self->settings != NULL)
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-show");

      if (last != NULL && last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
        return g_file_new_for_path (last);
    }

  installed = g_build_filename (PKGDATADIR, "demo", "demo-show.json", NULL);
  if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    return g_file_new_for_path (installed);

  return g_file_new_build_filename (SOURCE_DATADIR, "demo", "demo-show.json", NULL);
}

/* ---------------------------------------------------------------------- */
/* Actions                                                                */

static void
open_file (VitrineApplication *self,
           gpointer            data)
{
  vitrine_application_load_show_async (self, G_FILE (data), NULL, NULL, NULL);
}

static void
open_response_cb (GtkNativeDialog    *native,
                  int                 response,
                  VitrineApplication *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

  gtk_native_dialog_destroy (native);
  g_object_unref (native);

  if (file == NULL)
    return;

  confirm_if_live (self,
                   _("End the Broadcast?"),
                   _("Opening another show ends the broadcast on every destination "
                     "and finishes the recordings."),
                   _("_End and Open"),
                   open_file, g_steal_pointer (&file), g_object_unref);
}

static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  VitrineApplication *self = user_data;
  g_autoptr(GtkFileFilter) filter = NULL;
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open Show"),
                                        gtk_application_get_active_window (GTK_APPLICATION (self)),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Show files"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);

  if (self->show != NULL && vitrine_show_get_path (self->show) != NULL)
    {
      g_autoptr(GFile) current = g_file_new_for_path (vitrine_show_get_path (self->show));
      g_autoptr(GFile) folder = g_file_get_parent (current);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    }

  g_signal_connect (native, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  VitrineApplication *self = user_data;
  static const char *developers[] = { "The Vitrine developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Vitrine"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Vitrine developers"),
                        "developers", developers,
                        "comments", _("Sell live on every platform at once: one studio, "
                                      "one encoder, every destination."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_after_close_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  VitrineApplication *self = VITRINE_APPLICATION (object);
  g_autoptr(GError) error = NULL;
  GList *windows;

  if (!vitrine_application_close_show_finish (self, result, &error))
    g_message ("The show did not stop cleanly: %s", error->message);

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);

  g_application_release (G_APPLICATION (self));
  g_application_quit (G_APPLICATION (self));
}

static void
quit_close_show (VitrineApplication *self)
{
  vitrine_application_close_show_async (self, NULL, quit_after_close_cb, NULL);
}

static void
quit_when_idle_cb (GTask              *task,
                   GParamSpec         *pspec,
                   VitrineApplication *self)
{
  g_signal_handlers_disconnect_by_func (task, quit_when_idle_cb, self);
  /* Out of the task's own notification, so the close starts afresh. */
  g_idle_add_once ((GSourceOnceFunc) quit_close_show, self);
}

static void
quit_now (VitrineApplication *self,
          gpointer            data)
{
  if (self->quitting)
    return;

  self->quitting = TRUE;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (VITRINE_IS_WINDOW (l->data))
        vitrine_window_save_state (l->data);
      gtk_widget_set_visible (l->data, FALSE);
    }

  /* Keep running until the recordings are finalised; released in
   * quit_after_close_cb(). */
  g_application_hold (G_APPLICATION (self));

  if (self->busy_task == NULL)
    {
      quit_close_show (self);
      return;
    }

  /* A show is being opened: let it finish (a new engine is not started
   * once cancelled), then close whatever runs. */
  g_cancellable_cancel (g_task_get_cancellable (self->busy_task));
  g_signal_connect (self->busy_task, "notify::completed",
                    G_CALLBACK (quit_when_idle_cb), self);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  VitrineApplication *self = user_data;

  confirm_if_live (self,
                   _("End the Broadcast and Quit?"),
                   _("Quitting ends the broadcast on every destination and finishes "
                     "the recordings."),
                   _("_End and Quit"),
                   quit_now, NULL, NULL);
}

/* Ctrl+C in a terminal or a session manager's SIGTERM: no question asked,
 * but the recordings are still finalised. */
static gboolean
quit_signal_cb (gpointer user_data)
{
  VitrineApplication *self = user_data;

  g_message ("Stopping the show and quitting");
  quit_now (self, NULL);

  return G_SOURCE_CONTINUE;
}

static const GActionEntry app_actions[] = {
  { "open", open_action },
  { "about", about_action },
  { "quit", quit_action },
};

/* ---------------------------------------------------------------------- */
/* GApplication                                                           */

static void
load_default_show (VitrineApplication *self)
{
  g_autoptr(GFile) file = NULL;

  if (self->tried_default_show || self->engine != NULL || self->busy_task != NULL)
    return;

  self->tried_default_show = TRUE;
  file = vitrine_application_get_default_show (self);
  vitrine_application_load_show_async (self, file, NULL, NULL, NULL);
}

static void
vitrine_application_activate (GApplication *application)
{
  VitrineApplication *self = VITRINE_APPLICATION (application);
  GtkWindow *window;

  window = vitrine_application_ensure_window (self);
  gtk_window_present (window);

  load_default_show (self);
}

static void
vitrine_application_open (GApplication  *application,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  VitrineApplication *self = VITRINE_APPLICATION (application);
  GtkWindow *window;

  window = vitrine_application_ensure_window (self);
  gtk_window_present (window);

  if (n_files < 1)
    return;

  if (n_files > 1)
    g_message ("Vitrine runs one show at a time; opening %s", g_file_peek_path (files[0]));

  self->tried_default_show = TRUE;
  confirm_if_live (self,
                   _("End the Broadcast?"),
                   _("Opening another show ends the broadcast on every destination "
                     "and finishes the recordings."),
                   _("_End and Open"),
                   open_file, g_object_ref (files[0]), g_object_unref);
}

static void
vitrine_application_startup (GApplication *application)
{
  VitrineApplication *self = VITRINE_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };

  /* Also loads style.css from the resource base path. */
  G_APPLICATION_CLASS (vitrine_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.open", open_accels);

  /* Run from the build tree, the icon is only in the sources; installed,
   * this folder does not exist and the theme's own copy is used. */
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  SOURCE_DATADIR "/icons");
  gtk_window_set_default_icon_name (APP_ID);

  self->sigint_id = g_unix_signal_add (SIGINT, quit_signal_cb, self);
  self->sigterm_id = g_unix_signal_add (SIGTERM, quit_signal_cb, self);
}

static void
shutdown_stop_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!vitrine_engine_stop_finish (VITRINE_ENGINE (object), result, &error))
    g_message ("The show did not stop cleanly: %s", error->message);

  *done = TRUE;
}

static gboolean
shutdown_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

static void
vitrine_application_shutdown (GApplication *application)
{
  VitrineApplication *self = VITRINE_APPLICATION (application);

  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);

  /* The main loop was quit some other way than app.quit: recordings must
   * still be finalised, so wait here (bounded) for the engine to stop. */
  if (self->engine != NULL)
    {
      g_autoptr(VitrineEngine) engine = g_object_ref (self->engine);
      gboolean done = FALSE;
      gboolean timed_out = FALSE;
      guint timeout_id;

      set_engine (self, NULL, NULL);
      vitrine_engine_stop_async (engine, NULL, shutdown_stop_cb, &done);
      timeout_id = g_timeout_add_seconds (SHUTDOWN_STOP_TIMEOUT_SECONDS,
                                          shutdown_timeout_cb, &timed_out);

      while (!done && !timed_out)
        g_main_context_iteration (NULL, TRUE);

      if (!timed_out)
        g_source_remove (timeout_id);
      else
        g_message ("The show did not stop within %d seconds", SHUTDOWN_STOP_TIMEOUT_SECONDS);
    }

  G_APPLICATION_CLASS (vitrine_application_parent_class)->shutdown (application);
}

static void
vitrine_application_dispose (GObject *object)
{
  VitrineApplication *self = VITRINE_APPLICATION (object);

  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_cancellable_cancel (self->catalog_cancellable);
  g_clear_object (&self->catalog_cancellable);
  g_clear_object (&self->catalog);
  /* Quitting: the connectors stop and the journal is written out and
   * closed now, not on a main loop iteration that will not come. */
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->engine);
  g_clear_object (&self->show);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vitrine_application_parent_class)->dispose (object);
}

static void
vitrine_application_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VitrineApplication *self = VITRINE_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_SHOW:
      g_value_set_object (value, self->show);
      break;

    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    case PROP_FEED:
      g_value_set_object (value, vitrine_application_get_feed (self));
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_application_class_init (VitrineApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vitrine_application_dispose;
  object_class->get_property = vitrine_application_get_property;

  app_class->startup = vitrine_application_startup;
  app_class->shutdown = vitrine_application_shutdown;
  app_class->activate = vitrine_application_activate;
  app_class->open = vitrine_application_open;

  /**
   * VitrineApplication:show:
   *
   * The show that is running, or %NULL.
   */
  properties [PROP_SHOW] =
    g_param_spec_object ("show", NULL, NULL,
                         VITRINE_TYPE_SHOW,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineApplication:engine:
   *
   * The engine running the show, or %NULL.
   */
  properties [PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         VITRINE_TYPE_ENGINE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineApplication:catalog:
   *
   * The products of the running show's catalog, or %NULL when the show
   * names none, it could not be read, or it is still being read.
   */
  properties [PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL,
                         VITRINE_TYPE_CATALOG,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineApplication:feed:
   *
   * The running show's feed (chats, paid messages, orders), or %NULL when
   * no show runs.
   */
  properties [PROP_FEED] =
    g_param_spec_object ("feed", NULL, NULL,
                         VITRINE_TYPE_FEED,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VitrineApplication:session:
   *
   * The running show's feed session: its feed, claims and journal, or %NULL
   * when no show is open.
   */
  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         VITRINE_TYPE_FEED_SESSION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);

  /* Running from a build tree without compiled schemas must not abort. */
  if (schema == NULL)
    {
      g_debug ("GSettings schema %s is not installed; preferences will not be kept",
               SETTINGS_SCHEMA_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
vitrine_application_init (VitrineApplication *self)
{
  self->settings = create_settings ();
}

/**
 * vitrine_application_new:
 *
 * Returns: (transfer full): the Vitrine application
 */
VitrineApplication *
vitrine_application_new (void)
{
  return g_object_new (VITRINE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * vitrine_application_get_show:
 * @self: a #VitrineApplication
 *
 * Returns: (transfer none) (nullable): the running show
 */
VitrineShow *
vitrine_application_get_show (VitrineApplication *self)
{
  g_return_val_if_fail (VITRINE_IS_APPLICATION (self), NULL);

  return self->show;
}

/**
 * vitrine_application_get_engine:
 * @self: a #VitrineApplication
 *
 * Returns: (transfer none) (nullable): the engine running the show
 */
VitrineEngine *
vitrine_application_get_engine (VitrineApplication *self)
{
  g_return_val_if_fail (VITRINE_IS_APPLICATION (self), NULL);

  return self->engine;
}

/**
 * vitrine_application_get_settings:
 * @self: a #VitrineApplication
 *
 * Returns: (transfer none) (nullable): the preferences, or %NULL when the
 *   schema is not installed
 */
GSettings *
vitrine_application_get_settings (VitrineApplication *self)
{
  g_return_val_if_fail (VITRINE_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * vitrine_application_get_catalog:
 * @self: a #VitrineApplication
 *
 * The catalog the running show names, once it has been read (and, when
 * some products had problems, once the host chose to import the others).
 * Notified as #VitrineApplication:catalog.
 *
 * Returns: (transfer none) (nullable): the show's products
 */
VitrineCatalog *
vitrine_application_get_catalog (VitrineApplication *self)
{
  g_return_val_if_fail (VITRINE_IS_APPLICATION (self), NULL);

  return self->catalog;
}

/**
 * vitrine_application_get_feed:
 * @self: a #VitrineApplication
 *
 * The running show's feed: one per show, created when the show loads and
 * dropped (its connectors stopped) when it closes. Notified as
 * #VitrineApplication:feed.
 *
 * Returns: (transfer none) (nullable): the show's feed
 */
VitrineFeed *
vitrine_application_get_feed (VitrineApplication *self)
{
  g_return_val_if_fail (VITRINE_IS_APPLICATION (self), NULL);

  return self->session ? vitrine_feed_session_get_feed (self->session) : NULL;
}

/**
 * vitrine_application_get_session:
 *
 * The running show's feed session (#VitrineApplication:session).
 *
 * Returns: (transfer none) (nullable): the session
 */
VitrineFeedSession *
vitrine_application_get_session (VitrineApplication *self)
{
  g_return_val_if_fail (VITRINE_IS_APPLICATION (self), NULL);

  return self->session;
}
