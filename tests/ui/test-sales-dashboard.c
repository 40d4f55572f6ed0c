/* test-sales-dashboard.c: the show's figures, from its journal
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sales dashboard in a real window under Xvfb. Without a journal it says
 * sales appear once the show's journal is open. Then a real journal in a
 * temporary folder gets orders from Shopify (USD) and WooCommerce (EUR), a
 * cancelled one among them that must not count, claims, chat from Twitch
 * and YouTube (one deleted) and paid messages; and the dashboard shows:
 *  - revenue per currency, never summed: exactly "€48.74" and "$87.00"
 *    (money is formatted by ICU for LC_MONETARY=en_US.UTF-8, set here, so
 *    the figures do not depend on the locales the machine has), 3 orders,
 *    5 units;
 *  - the top product first, named from the catalog, with its units and
 *    its revenue in both currencies ("€33.74 · $58.00");
 *  - each platform's orders, units and revenue; claims by state; comments
 *    per platform with the removed ones; paid messages;
 *  - another order and vitrine_sales_dashboard_queue_refresh(): the
 *    figures and the top product follow within 2 s; one more order without
 *    asking: the 5 s refresh while on screen picks it up;
 *  - "Export Feed CSV…" and "Export Claims CSV…" (their file chooser
 *    opened with a real click, then the export driven directly) write the
 *    journal's CSV and say where;
 *  - a journal that cannot be read: one plain line says why, the last
 *    figures stay.
 *
 * Saves tests/ui/sales-dashboard.png in the build directory.
 */

#include "config.h"

#include <locale.h>

#include "vitrine-ui-test.h"

#ifdef HAVE_XTEST
#include "vitrine-ui-xtest.h"
#endif

#include "vitrine-sales-dashboard.h"

#ifdef HAVE_XTEST

/* ---------------------------------------------------------------------- */
/* The show                                                               */

#define BASE_UNIX 1773514800  /* 2026-03-14T19:00:00Z */

static VitrineMoney
money (gint64      amount,
       const char *currency)
{
  VitrineMoney m;

  g_assert_true (vitrine_money_init (&m, amount, currency));
  return m;
}

static void
add_product (VitrineCatalog *catalog,
             const char     *code,
             const char     *sku,
             const char     *title)
{
  g_autofree char *id = g_strconcat ("p-", code, NULL);
  g_autoptr(VitrineProduct) product = vitrine_product_new (id, code, sku);
  g_autoptr(GError) error = NULL;

  vitrine_product_set_title (product, title);
  vitrine_product_set_stock (product, 10);
  g_assert_true (vitrine_catalog_add (catalog, product, &error));
  g_assert_no_error (error);
}

static void
record_order (VitrineJournal           *journal,
              const char               *platform,
              const char               *id,
              const char               *status,
              VitrineMoney              total,
              const VitrineJournalLine *lines,
              guint                     n_lines)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (BASE_UNIX + 60);
  VitrineJournalOrder order = {
    .platform = platform, .id = id, .name = id, .customer = "Customer", .status = status,
    .total = total, .created = time, .updated = time, .lines = lines, .n_lines = n_lines,
  };

  vitrine_journal_record_order (journal, &order);
}

static void
append_item (VitrineFeed               *feed,
             VitrineFeedItemKind        kind,
             const char                *platform,
             const char                *id,
             const char                *amount,
             const char                *currency,
             VitrineFeedItemVisibility  visibility)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (BASE_UNIX + 30);
  g_autoptr(VitrineFeedItem) item = NULL;

  item = vitrine_feed_item_new_full (kind, platform, id, "viewer", "A viewer", "hello", time);
  if (amount != NULL)
    {
      VitrineMoney m;
      g_autoptr(GError) error = NULL;

      g_assert_true (vitrine_money_parse (amount, currency, &m, &error));
      g_assert_no_error (error);
      vitrine_feed_item_set_amount (item, &m);
      vitrine_feed_item_set_detail (item, "Super Chat");
    }
  vitrine_feed_append (feed, item);
  if (visibility != VITRINE_FEED_ITEM_VISIBLE)
    vitrine_feed_item_set_visibility (item, visibility);
}

static void
record_show (VitrineJournal *journal,
             VitrineFeed    *feed)
{
  const VitrineJournalLine shopify_1001[] = {
    { "l1", "A12", "SCARF", "Silk scarf", "M", 2, money (5800, "USD") },
  };
  const VitrineJournalLine shopify_1002[] = {
    { "l2", "C3", "HAT", "Wool hat", NULL, 1, money (2900, "USD") },
  };
  const VitrineJournalLine woo_2001[] = {
    { "l3", "B7", "SHIRT", "Linen shirt", NULL, 1, money (1500, "EUR") },
    { "l4", "A12", "SCARF", "Silk scarf", NULL, 1, money (3374, "EUR") },
  };
  /* Cancelled: were it counted, B7 would top the list and EUR be €148.73. */
  const VitrineJournalLine woo_2002[] = {
    { "l5", "B7", "SHIRT", "Linen shirt", NULL, 5, money (9999, "EUR") },
  };
  const struct { const char *id; const char *state; } claims[] = {
    { "c1", "confirmed" }, { "c2", "confirmed" }, { "c3", "waitlisted" },
  };

  record_order (journal, "shopify", "1001", "PAID", money (5800, "USD"), shopify_1001, 1);
  record_order (journal, "shopify", "1002", "paid", money (2900, "USD"), shopify_1002, 1);
  record_order (journal, "woocommerce", "2001", "processing", money (4874, "EUR"), woo_2001, 2);
  record_order (journal, "woocommerce", "2002", "cancelled", money (9999, "EUR"), woo_2002, 1);

  append_item (feed, VITRINE_FEED_ITEM_CHAT, "twitch", "t1", NULL, NULL,
               VITRINE_FEED_ITEM_VISIBLE);
  append_item (feed, VITRINE_FEED_ITEM_CHAT, "twitch", "t2", NULL, NULL,
               VITRINE_FEED_ITEM_DELETED);
  append_item (feed, VITRINE_FEED_ITEM_CHAT, "twitch", "t3", NULL, NULL,
               VITRINE_FEED_ITEM_VISIBLE);
  append_item (feed, VITRINE_FEED_ITEM_CHAT, "youtube", "y1", NULL, NULL,
               VITRINE_FEED_ITEM_VISIBLE);
  append_item (feed, VITRINE_FEED_ITEM_CHAT, "youtube", "y2", NULL, NULL,
               VITRINE_FEED_ITEM_VISIBLE);
  append_item (feed, VITRINE_FEED_ITEM_PAID, "youtube", "y3", "5.00", "USD",
               VITRINE_FEED_ITEM_VISIBLE);
  append_item (feed, VITRINE_FEED_ITEM_PAID, "youtube", "y4", "10.00", "USD",
               VITRINE_FEED_ITEM_VISIBLE);

  for (guint i = 0; i < G_N_ELEMENTS (claims); i++)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (BASE_UNIX + 40 + i);
      VitrineJournalClaim claim = {
        .id = claims[i].id, .product = "A12", .quantity = 1, .state = claims[i].state,
        .platform = "twitch", .author = "A viewer", .time = time,
      };

      vitrine_journal_record_claim (journal, &claim);
    }
}

/* ---------------------------------------------------------------------- */
/* What the host sees                                                     */

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return vitrine_test_find_label_exact (wait->root, wait->text) != NULL;
}

static void
assert_label_within (GtkWidget  *root,
                     const char *text,
                     guint       timeout_ms)
{
  LabelWait wait = { root, text };

  if (!vitrine_test_wait (label_shown, &wait, timeout_ms))
    g_error ("No label “%s” on screen within %u ms", text, timeout_ms);
}

static void
assert_label (GtkWidget  *root,
              const char *text)
{
  if (vitrine_test_find_label_exact (root, text) == NULL)
    g_error ("No label “%s” on screen", text);
}

/* The figure of the tile captioned @caption ("Orders"). */
static const char *
tile_figure (GtkWidget  *dashboard,
             const char *caption)
{
  GtkLabel *label = vitrine_test_find_label_exact (dashboard, caption);
  GtkWidget *figure;

  g_assert_nonnull (label);
  figure = gtk_widget_get_next_sibling (GTK_WIDGET (label));
  g_assert_true (GTK_IS_LABEL (figure));
  return gtk_label_get_text (GTK_LABEL (figure));
}

/* The labels of a list's row, joined with "|", in the order shown. */
static char *
dup_row_text (GtkWidget *row)
{
  GString *text = g_string_new (NULL);
  GtkWidget *stack[32];
  guint depth = 0;

  stack[depth++] = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  /* Depth first, in child order. */
  while (depth > 0)
    {
      GtkWidget *widget = stack[--depth];
      GtkWidget *children[16];
      guint n = 0;

      if (GTK_IS_LABEL (widget))
        {
          if (text->len > 0)
            g_string_append_c (text, '|');
          g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
          continue;
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL && n < G_N_ELEMENTS (children);
           child = gtk_widget_get_next_sibling (child))
        children[n++] = child;
      while (n > 0 && depth < G_N_ELEMENTS (stack))
        stack[depth++] = children[--n];
    }

  return g_string_free (text, FALSE);
}

/* Row @index of the list that follows the heading @heading. */
static char *
dup_list_row (GtkWidget  *dashboard,
              const char *heading,
              guint       index)
{
  GtkLabel *label = vitrine_test_find_label_exact (dashboard, heading);
  GtkWidget *list;
  GtkListBoxRow *row;

  g_assert_nonnull (label);
  list = gtk_widget_get_next_sibling (GTK_WIDGET (label));
  g_assert_true (GTK_IS_LIST_BOX (list));
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), index);

  return row != NULL ? dup_row_text (GTK_WIDGET (row)) : NULL;
}

static void
assert_list_row (GtkWidget  *dashboard,
                 const char *heading,
                 guint       index,
                 const char *expected)
{
  g_autofree char *text = dup_list_row (dashboard, heading, index);

  g_assert_cmpstr (text, ==, expected);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  GtkWidget *button = vitrine_test_find_descendant (root, is_button_labelled, label);

  g_assert_nonnull (button);
  return button;
}

static gboolean
find_file_chooser (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (window))
        {
          *(GtkWidget **) data = window;
          return TRUE;
        }
    }

  return FALSE;
}

static char **
read_csv_lines (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;

  g_file_get_contents (path, &csv, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (csv, "\r\n"));
  csv[strlen (csv) - 2] = '\0';

  /* The journal starts its CSV with a byte order mark, for spreadsheets. */
  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbf"));
  return g_strsplit (csv + 3, "\r\n", -1);
}

/* ---------------------------------------------------------------------- */
/* The test                                                               */

static void
test_sales_dashboard (void)
{
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (100);
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *journal_path = NULL;
  g_autofree char *feed_path = NULL;
  g_autofree char *claims_path = NULL;
  g_autofree char *screenshot = NULL;
  g_auto(GStrv) lines = NULL;
  GtkWidget *chooser = NULL;
  GtkWidget *window;
  GtkWidget *dashboard;
  GtkLabel *error_line;
  gint64 start;

  add_product (catalog, "A12", "SCARF", "Silk scarf");
  add_product (catalog, "B7", "SHIRT", "Linen shirt");
  add_product (catalog, "C3", "HAT", "Wool hat");

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 460, 980);
  dashboard = vitrine_sales_dashboard_new ();
  gtk_widget_set_margin_top (dashboard, 12);
  gtk_widget_set_margin_bottom (dashboard, 12);
  gtk_widget_set_margin_start (dashboard, 12);
  gtk_widget_set_margin_end (dashboard, 12);
  gtk_window_set_child (GTK_WINDOW (window), dashboard);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (vitrine_test_wait (vitrine_test_widget_is_drawn, dashboard, 5000));
  vitrine_xtest_focus_window (window);

  /* No journal yet. */
  assert_label (dashboard, "Sales appear here once the show’s journal is open.");
  g_assert_false (gtk_widget_is_sensitive (find_button (dashboard, "Export _Feed CSV…")));

  dir = g_dir_make_tmp ("vitrine-sales-XXXXXX", &error);
  g_assert_no_error (error);
  journal_path = g_build_filename (dir, "show.journal", NULL);
  journal = vitrine_journal_open (journal_path, &error);
  g_assert_no_error (error);
  vitrine_journal_attach_feed (journal, feed);
  record_show (journal, feed);

  vitrine_sales_dashboard_set_catalog (VITRINE_SALES_DASHBOARD (dashboard), catalog);
  vitrine_sales_dashboard_set_journal (VITRINE_SALES_DASHBOARD (dashboard), journal);
  g_assert_true (vitrine_sales_dashboard_get_journal (VITRINE_SALES_DASHBOARD (dashboard)) ==
                 journal);

  /* Revenue per currency, each on its own. */
  assert_label_within (dashboard, "€48.74", 3000);
  assert_label (dashboard, "$87.00");
  g_assert_null (vitrine_test_find_label (dashboard, "148.73", FALSE, FALSE));
  g_assert_cmpstr (tile_figure (dashboard, "Orders"), ==, "3");
  g_assert_cmpstr (tile_figure (dashboard, "Units"), ==, "5");

  /* The top product first, named as the catalog names it. */
  assert_list_row (dashboard, "Top Products", 0, "A12|Silk scarf|3 units|€33.74 · $58.00");
  assert_list_row (dashboard, "Top Products", 1, "B7|Linen shirt|1 unit|€15.00");
  assert_list_row (dashboard, "Top Products", 2, "C3|Wool hat|1 unit|$29.00");
  g_assert_null (dup_list_row (dashboard, "Top Products", 3));

  assert_list_row (dashboard, "Platforms", 0, "Shopify|2 orders · 3 units|$87.00");
  assert_list_row (dashboard, "Platforms", 1, "WooCommerce|1 order · 2 units|€48.74");
  assert_label (dashboard, "2 confirmed · 1 waitlisted");
  assert_list_row (dashboard, "Comments", 0, "Twitch|3 comments|1 removed");
  assert_list_row (dashboard, "Comments", 1, "YouTube|2 comments");
  assert_label (dashboard, "$15.00 from 2 messages");
  g_assert_nonnull (vitrine_test_find_label_matching (dashboard, "^Updated .+$"));

  /* Another order; the window asks for a refresh, a burst of times. */
  {
    const VitrineJournalLine woo_2003[] = {
      { "l6", "B7", "SHIRT", "Linen shirt", NULL, 3, money (2000, "EUR") },
    };

    record_order (journal, "woocommerce", "2003", "processing", money (2000, "EUR"),
                  woo_2003, 1);
  }
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 20; i++)
    vitrine_sales_dashboard_queue_refresh (VITRINE_SALES_DASHBOARD (dashboard));
  assert_label_within (dashboard, "€68.74", 2000);
  g_test_message ("refreshed %.0f ms after queue_refresh",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpstr (tile_figure (dashboard, "Orders"), ==, "4");
  g_assert_cmpstr (tile_figure (dashboard, "Units"), ==, "8");
  assert_list_row (dashboard, "Top Products", 0, "B7|Linen shirt|4 units|€35.00");
  assert_list_row (dashboard, "Top Products", 1, "A12|Silk scarf|3 units|€33.74 · $58.00");
  assert_list_row (dashboard, "Platforms", 1, "WooCommerce|2 orders · 5 units|€68.74");
  g_assert_null (vitrine_test_find_label_exact (dashboard, "€48.74"));

  /* One more, unasked: the refresh every 5 s while on screen. */
  {
    const VitrineJournalLine shopify_1003[] = {
      { "l7", "C3", "HAT", "Wool hat", NULL, 1, money (1000, "USD") },
    };

    record_order (journal, "shopify", "1003", "paid", money (1000, "USD"), shopify_1003, 1);
  }
  assert_label_within (dashboard, "$97.00", 7000);
  assert_list_row (dashboard, "Top Products", 2, "C3|Wool hat|2 units|$39.00");

  /* Export Feed CSV… opens a file chooser… */
  vitrine_xtest_click (find_button (dashboard, "Export _Feed CSV…"));
  if (vitrine_test_wait (find_file_chooser, &chooser, 5000))
    {
      g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, "Export Feed");
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
      vitrine_test_run_for (200);
    }
  else
    {
      g_test_message ("No file chooser dialog appeared (a portal?)");
    }

  /* … and the export writes the journal's CSV. */
  feed_path = g_build_filename (dir, "feed.csv", NULL);
  {
    g_autoptr(GFile) file = g_file_new_for_path (feed_path);

    vitrine_sales_dashboard_export_to_file (VITRINE_SALES_DASHBOARD (dashboard),
                                            VITRINE_JOURNAL_TABLE_ITEMS, file);
  }
  assert_label_within (dashboard, "Saved the feed to “feed.csv”", 3000);
  lines = read_csv_lines (feed_path);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 7);
  g_assert_true (g_str_has_prefix (lines[0], "seq,kind,platform,id,"));
  g_assert_true (g_str_has_prefix (lines[1], "1,chat,twitch,t1,"));
  g_clear_pointer (&lines, g_strfreev);

  claims_path = g_build_filename (dir, "claims.csv", NULL);
  {
    g_autoptr(GFile) file = g_file_new_for_path (claims_path);

    vitrine_sales_dashboard_export_to_file (VITRINE_SALES_DASHBOARD (dashboard),
                                            VITRINE_JOURNAL_TABLE_CLAIMS, file);
  }
  assert_label_within (dashboard, "Saved the claims to “claims.csv”", 3000);
  lines = read_csv_lines (claims_path);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 3);
  g_assert_true (g_str_has_prefix (lines[0], "id,product,variant,quantity,state,"));
  g_assert_true (g_str_has_prefix (lines[1], "c1,A12,,1,confirmed,twitch,"));
  g_assert_true (g_str_has_prefix (lines[3], "c3,A12,,1,waitlisted,twitch,"));

  /* What the host sees. */
  vitrine_test_run_for (500);
  gtk_test_widget_wait_for_draw (window);
  screenshot = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests", "ui",
                                 "sales-dashboard.png", NULL);
  vitrine_test_save_screenshot (window, screenshot);
  g_test_message ("screenshot: %s", screenshot);

  /* The journal cannot be read any more: one plain line, figures kept. */
  g_assert_true (vitrine_journal_close (journal, &error));
  g_assert_no_error (error);
  vitrine_sales_dashboard_queue_refresh (VITRINE_SALES_DASHBOARD (dashboard));
  error_line = NULL;
  start = g_get_monotonic_time ();
  while (error_line == NULL && g_get_monotonic_time () - start < 3 * G_USEC_PER_SEC)
    {
      error_line = vitrine_test_find_label (dashboard, "Could not read the sales figures: ",
                                            FALSE, TRUE);
      if (error_line == NULL)
        vitrine_test_run_for (50);
    }
  g_assert_nonnull (error_line);
  g_assert_cmpstr (gtk_label_get_text (error_line), ==,
                   "Could not read the sales figures: The show’s journal is already closed.");
  g_assert_null (vitrine_test_find_message_dialog ());
  assert_label (dashboard, "€68.74");

  vitrine_sales_dashboard_set_journal (VITRINE_SALES_DASHBOARD (dashboard), NULL);
  assert_label (dashboard, "Sales appear here once the show’s journal is open.");
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (error_line)));

  gtk_window_destroy (GTK_WINDOW (window));
  vitrine_test_rm_rf (dir);
}

#endif /* HAVE_XTEST */

static void
test_skip_without_xtest (void)
{
  g_test_skip ("Clicks are sent with XTest on an X11 display (Xvfb): "
               "libxtst-dev was missing at build time, or GDK is not using X11");
}

int
main (int   argc,
      char *argv[])
{
  gboolean x11 = FALSE;

  /* Money as en_US writes it, whatever the machine's locales: the
   * dashboard formats with ICU for LC_MONETARY (vitrine_money_format()),
   * and GTK must not set the process's locale from it, since glibc may
   * not have en_US. Before any thread starts: setenv() is not
   * thread-safe. */
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  g_unsetenv ("LC_ALL");
  g_setenv ("LC_MONETARY", "en_US.UTF-8", TRUE);
  gtk_disable_setlocale ();
  vitrine_test_init (&argc, &argv);

#ifdef HAVE_XTEST
  {
    int event_base, error_base, major, minor;
    GdkDisplay *display = gdk_display_get_default ();

    x11 = display != NULL && GDK_IS_X11_DISPLAY (display) &&
          XTestQueryExtension (gdk_x11_display_get_xdisplay (display), &event_base,
                               &error_base, &major, &minor);
  }
#endif

  if (x11)
    {
#ifdef HAVE_XTEST
      /* What the application loads for its windows. */
      g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
      GdkDisplay *display = gdk_display_get_default ();

      gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                        RESOURCE_PREFIX "/icons");

      g_test_add_func ("/sales-dashboard/host", test_sales_dashboard);
#endif
    }
  else
    {
      g_test_add_func ("/sales-dashboard/host", test_skip_without_xtest);
    }

  return g_test_run ();
}
