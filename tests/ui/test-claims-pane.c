/* test-claims-pane.c: the host works the claim queue
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A claims pane in a real window under Xvfb, on a feed, a catalog (A12
 * "Silk scarf", stock 2; B7 "Linen shirt", stock 5) and a claim queue in
 * the "Host Confirms" mode. Claim messages from YouTube, Twitch and
 * Facebook are appended to the feed out of platform-time order, with chat
 * that claims nothing among them. Then, as a host does it, with real
 * clicks and key presses through XTest (see test-product-shelf.c):
 *  - each product's claims show in platform-timestamp order (author,
 *    platform pill, "× 1 · M", time, state), the product claimed last on
 *    top, and a header "0 of 2 confirmed · 2 waitlisted · stock 2";
 *  - a click on Confirm, then Return on the next Confirm button: the
 *    header says "2 of 2 confirmed", the third claim stays "Waitlisted",
 *    confirmed rows have no Confirm button, and the keyboard focus stays
 *    on the row whose button went away;
 *  - a click on Reject of a confirmed claim: it says "Rejected" and the
 *    first waitlisted claim moves up to "Pending", with its own Confirm;
 *  - the mode buttons switch the queue between automatic and host
 *    confirmation; the product drop-down shows one product alone;
 *  - "Export CSV…" through its file chooser, then the export function
 *    directly: the pane says where it saved the claims, and the file's rows
 *    are the claims in platform-time order with their states.
 *
 * Saves tests/ui/claims-pane.png in the build directory.
 */

#include "config.h"

#include "vitrine-ui-test.h"

#ifdef HAVE_XTEST
#include "vitrine-ui-xtest.h"
#endif

#include "vitrine-claims-pane.h"

#ifdef HAVE_XTEST

/* ---------------------------------------------------------------------- */
/* The show                                                               */

#define BASE_UNIX 1773514800  /* 2026-03-14T19:00:00Z */

static VitrineFeedItem *
say (VitrineFeed *feed,
     const char  *platform,
     const char  *author_id,
     const char  *author,
     const char  *text,
     int          seconds)
{
  static guint n;
  g_autofree char *id = g_strdup_printf ("msg-%u", ++n);
  g_autoptr(GDateTime) base = g_date_time_new_from_unix_utc (BASE_UNIX);
  g_autoptr(GDateTime) time = g_date_time_add_seconds (base, seconds);
  g_autoptr(VitrineFeedItem) item = NULL;

  item = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, platform, id, author_id, author,
                                     text, time);
  vitrine_feed_append (feed, item);

  return item;
}

/* A product in sizes M and L, with @m and @l of them. */
static void
add_product (VitrineCatalog *catalog,
             const char     *id,
             const char     *code,
             const char     *title,
             gint64          m,
             gint64          l)
{
  g_autoptr(VitrineProduct) product = vitrine_product_new (id, code, NULL);
  const struct { const char *size; gint64 stock; } sizes[] = { { "M", m }, { "L", l } };
  g_autoptr(GError) error = NULL;

  vitrine_product_set_title (product, title);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *variant_id = g_strconcat (id, "-", sizes[i].size, NULL);
      g_autoptr(VitrineProductVariant) variant = vitrine_product_variant_new (variant_id, NULL);

      vitrine_product_variant_set_title (variant, sizes[i].size);
      vitrine_product_variant_set_stock (variant, sizes[i].stock);
      vitrine_product_add_variant (product, variant);
    }
  g_assert_true (vitrine_catalog_add (catalog, product, &error));
  g_assert_no_error (error);
}

/* ---------------------------------------------------------------------- */
/* What the host sees                                                     */

static gboolean
has_class (GtkWidget     *widget,
           gconstpointer  css_class)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class);
}

static const char *
label_with_class (GtkWidget  *root,
                  const char *css_class)
{
  GtkWidget *label = vitrine_test_find_descendant (root, has_class, css_class);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

/* The section of the product titled @title: its header and its claims. */
static GtkWidget *
find_section (GtkWidget  *pane,
              const char *title)
{
  GtkLabel *label = vitrine_test_find_label_exact (pane, title);
  GType type = g_type_from_name ("VitrineClaimsPaneSection");

  g_assert_nonnull (label);
  g_assert_true (type != 0);
  return gtk_widget_get_ancestor (GTK_WIDGET (label), type);
}

static GtkWidget *
section_list (GtkWidget *section)
{
  GtkWidget *list = vitrine_test_find_widget (section, GTK_TYPE_LIST_BOX, FALSE);

  g_assert_nonnull (list);
  return list;
}

/* "author|platform|quantity|state" for each row, in the order shown. */
static char *
dup_rows (GtkWidget *section)
{
  GString *rows = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (section_list (section));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      if (rows->len > 0)
        g_string_append_c (rows, '\n');
      g_string_append_printf (rows, "%s|%s|%s|%s", label_with_class (row, "feed-author"),
                              label_with_class (row, "platform-pill"),
                              label_with_class (row, "feed-detail-pill"),
                              label_with_class (row, "state-pill"));
    }

  return g_string_free (rows, FALSE);
}

static GtkWidget *
find_row (GtkWidget  *section,
          const char *author)
{
  GtkLabel *label = vitrine_test_find_label_exact (section_list (section), author);

  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_LIST_BOX_ROW);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* The row's button, or NULL when it is not shown. */
static GtkWidget *
row_button (GtkWidget  *row,
            const char *label)
{
  GtkWidget *button = vitrine_test_find_descendant (row, is_button_labelled, label);

  g_assert_nonnull (button);
  return gtk_widget_get_visible (button) ? button : NULL;
}

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
append_labels (GtkWidget *widget,
               GString   *labels)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child))
        g_string_append_printf (labels, "\n  “%s”", gtk_label_get_text (GTK_LABEL (child)));
      append_labels (child, labels);
    }
}

static void
assert_label_soon (GtkWidget  *root,
                   const char *text)
{
  LabelWait wait = { root, text };

  if (!vitrine_test_wait (label_shown, &wait, 3000))
    {
      g_autoptr(GString) labels = g_string_new (NULL);

      append_labels (root, labels);
      g_error ("No label “%s” on screen; it shows:%s", text, labels->str);
    }
}

typedef struct
{
  GtkWidget  *root;
  const char *needle;
} ContainsWait;

static gboolean
label_containing_shown (gpointer data)
{
  ContainsWait *wait = data;

  return vitrine_test_find_label (wait->root, wait->needle, FALSE, TRUE) != NULL;
}

static GtkLabel *
wait_for_label_containing (GtkWidget  *root,
                           const char *needle)
{
  ContainsWait wait = { root, needle };

  if (!vitrine_test_wait (label_containing_shown, &wait, 3000))
    g_error ("No label with “%s” on screen", needle);

  return vitrine_test_find_label (root, needle, FALSE, TRUE);
}

typedef struct
{
  GtkWidget  *section;
  const char *expected;
} RowsWait;

static gboolean
rows_are (gpointer data)
{
  RowsWait *wait = data;
  g_autofree char *rows = dup_rows (wait->section);

  return g_strcmp0 (rows, wait->expected) == 0;
}

static void
assert_rows (GtkWidget  *section,
             const char *expected)
{
  RowsWait wait = { section, expected };
  g_autofree char *rows = NULL;

  vitrine_test_wait (rows_are, &wait, 3000);
  rows = dup_rows (section);
  g_assert_cmpstr (rows, ==, expected);
}

static gboolean
is_file_chooser (gpointer data)
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

  return g_strsplit (csv, "\r\n", -1);
}

/* ---------------------------------------------------------------------- */
/* The test                                                               */

static void
test_claims_pane (void)
{
  g_autoptr(VitrineFeed) feed = vitrine_feed_new (500);
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineClaimQueue) queue = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *chosen_path = NULL;
  g_autofree char *path = NULL;
  g_autofree char *screenshot = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkWidget *pane;
  GtkWidget *scarf;
  GtkWidget *shirt;
  GtkWidget *row;
  GtkWidget *button;
  GtkWidget *chooser = NULL;
  GtkWidget *sections_box;
  GtkLabel *label;

  add_product (catalog, "p-a12", "A12", "Silk scarf", 1, 1);
  add_product (catalog, "p-b7", "B7", "Linen shirt", 3, 2);
  queue = vitrine_claim_queue_new (feed, catalog);
  vitrine_claim_queue_set_mode (queue, VITRINE_CLAIM_MODE_MANUAL);
  /* Back in automatic mode, pending claims are confirmed at once. */
  vitrine_claim_queue_set_grace (queue, 0);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 460, 900);
  pane = vitrine_claims_pane_new ();
  gtk_widget_set_margin_top (pane, 12);
  gtk_widget_set_margin_bottom (pane, 12);
  gtk_widget_set_margin_start (pane, 12);
  gtk_widget_set_margin_end (pane, 12);
  gtk_window_set_child (GTK_WINDOW (window), pane);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (vitrine_test_wait (vitrine_test_widget_is_drawn, pane, 5000));
  vitrine_xtest_focus_window (window);

  /* Without a queue: what will appear, and where. */
  g_assert_nonnull (vitrine_test_find_label (pane, "Claims appear here once a show", FALSE,
                                             TRUE));

  vitrine_claims_pane_set_queue (VITRINE_CLAIMS_PANE (pane), queue);
  assert_label_soon (pane, "No Claims Yet");

  /* Out of platform-time order, as slower platforms deliver them. */
  say (feed, "twitch", "tw-kevin", "kevin_b", "SOLD A12", 10);
  say (feed, "youtube", "yt-chat", "Pat", "is the blue one back in stock?", 3);
  say (feed, "youtube", "yt-ana", "Ana Souza", "sold a12 M", 5);
  say (feed, "youtube", "yt-tom", "Tom H.", "SOLD B7 2", 15);
  say (feed, "facebook", "fb-lea", "Léa Martin", "+1 A12", 20);
  /* A duplicate: not a second claim. */
  say (feed, "twitch", "tw-kevin", "kevin_b", "sold A12 pls", 12);
  say (feed, "twitch", "tw-zed", "zed", "claim B7 L", 30);

  assert_label_soon (pane, "Linen shirt");
  scarf = find_section (pane, "Silk scarf");
  shirt = find_section (pane, "Linen shirt");
  sections_box = gtk_widget_get_parent (scarf);

  /* The product claimed last on top. */
  g_assert_true (gtk_widget_get_first_child (sections_box) == shirt);
  say (feed, "twitch", "tw-mia", "mia.styles", "SOLD A12", 25);
  assert_label_soon (pane, "0 of 2 confirmed · 2 waitlisted · stock 2");
  g_assert_true (gtk_widget_get_first_child (sections_box) == scarf);

  /* Platform-time order, each claim with its platform, quantity and state. */
  assert_rows (scarf,
               "Ana Souza|YouTube|× 1 · M|Pending\n"
               "kevin_b|Twitch|× 1|Pending\n"
               "Léa Martin|Facebook|× 1|Waitlisted\n"
               "mia.styles|Twitch|× 1|Waitlisted");
  assert_rows (shirt,
               "Tom H.|YouTube|× 2|Pending\n"
               "zed|Twitch|× 1 · L|Pending");
  g_assert_nonnull (vitrine_test_find_label_exact (scarf, "A12"));
  g_assert_nonnull (vitrine_test_find_label_exact (shirt,
                                                   "0 of 2 confirmed · stock 5"));
  g_assert_nonnull (vitrine_test_find_label_exact (pane, "6 claims, 4 to confirm"));
  {
    g_autoptr(GDateTime) base = g_date_time_new_from_unix_utc (BASE_UNIX + 5);
    g_autoptr(GDateTime) local = g_date_time_to_local (base);
    g_autofree char *time = g_date_time_format (local, "%H:%M:%S");

    g_assert_nonnull (vitrine_test_find_label_exact (find_row (scarf, "Ana Souza"), time));
  }

  /* Waitlisted claims cannot be confirmed yet; any claim can be rejected. */
  g_assert_null (row_button (find_row (scarf, "Léa Martin"), "_Confirm"));
  g_assert_nonnull (row_button (find_row (scarf, "Léa Martin"), "_Reject"));

  /* A click on Confirm. */
  vitrine_xtest_click (row_button (find_row (scarf, "Ana Souza"), "_Confirm"));
  assert_rows (scarf,
               "Ana Souza|YouTube|× 1 · M|Confirmed\n"
               "kevin_b|Twitch|× 1|Pending\n"
               "Léa Martin|Facebook|× 1|Waitlisted\n"
               "mia.styles|Twitch|× 1|Waitlisted");
  g_assert_null (row_button (find_row (scarf, "Ana Souza"), "_Confirm"));
  assert_label_soon (scarf, "1 of 2 confirmed · 2 waitlisted · stock 2");

  /* From the keyboard: Return on the focused button. */
  row = find_row (scarf, "kevin_b");
  button = row_button (row, "_Confirm");
  gtk_widget_grab_focus (button);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == button);
  vitrine_xtest_press_key (window, GDK_KEY_Return);
  assert_label_soon (scarf, "2 of 2 confirmed · 2 waitlisted · stock 2");
  assert_rows (scarf,
               "Ana Souza|YouTube|× 1 · M|Confirmed\n"
               "kevin_b|Twitch|× 1|Confirmed\n"
               "Léa Martin|Facebook|× 1|Waitlisted\n"
               "mia.styles|Twitch|× 1|Waitlisted");
  /* The button went away; the focus stayed on its row. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == row);
  g_assert_nonnull (vitrine_test_find_label_exact (pane, "6 claims, 2 to confirm"));

  /* Rejecting a confirmed claim frees its unit: the first waitlisted
   * claim moves up. */
  vitrine_xtest_click (row_button (find_row (scarf, "kevin_b"), "_Reject"));
  assert_rows (scarf,
               "Ana Souza|YouTube|× 1 · M|Confirmed\n"
               "kevin_b|Twitch|× 1|Rejected\n"
               "Léa Martin|Facebook|× 1|Pending\n"
               "mia.styles|Twitch|× 1|Waitlisted");
  assert_label_soon (scarf, "1 of 2 confirmed · 1 waitlisted · 1 rejected · stock 2");
  g_assert_null (row_button (find_row (scarf, "kevin_b"), "_Reject"));
  g_assert_nonnull (row_button (find_row (scarf, "Léa Martin"), "_Confirm"));
  g_assert_cmpint (vitrine_claim_queue_count (queue, "A12", VITRINE_CLAIM_CONFIRMED), ==, 1);

  /* The product drop-down: one product alone, then all again. */
  vitrine_claims_pane_set_product (VITRINE_CLAIMS_PANE (pane), "b7");
  vitrine_test_run_for (200);
  g_assert_false (gtk_widget_get_mapped (scarf));
  g_assert_true (gtk_widget_get_mapped (shirt));
  g_assert_nonnull (vitrine_test_find_label_exact (pane, "B7 · Linen shirt"));
  vitrine_claims_pane_set_product (VITRINE_CLAIMS_PANE (pane), NULL);
  vitrine_test_run_for (200);
  g_assert_true (gtk_widget_get_mapped (scarf));

  /* Export CSV… through its file chooser, as the host does. */
  dir = g_dir_make_tmp ("vitrine-claims-XXXXXX", &error);
  g_assert_no_error (error);
  vitrine_xtest_click (vitrine_test_find_descendant (pane, is_button_labelled, "_Export CSV…"));
  if (vitrine_test_wait (is_file_chooser, &chooser, 5000))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (dir);

      chosen_path = g_build_filename (dir, "chosen.csv", NULL);
      g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder,
                                                          &error));
      g_assert_no_error (error);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "chosen.csv");
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
      assert_label_soon (pane, "Saved 6 claims to “chosen.csv”");
      g_assert_true (g_file_test (chosen_path, G_FILE_TEST_IS_REGULAR));
    }
  else
    {
      g_test_message ("No file chooser dialog appeared (a portal?); exporting directly");
    }

  /* And directly, to check its rows. */
  path = g_build_filename (dir, "claims.csv", NULL);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    vitrine_claims_pane_export_to_file (VITRINE_CLAIMS_PANE (pane), file);
  }
  assert_label_soon (pane, "Saved 6 claims to “claims.csv”");
  lines = read_csv_lines (path);
  g_assert_cmpuint (g_strv_length (lines), ==, 7);
  g_assert_cmpstr (lines[0], ==, "platform,author,author_id,text,code,quantity,variant,state,time");
  g_assert_cmpstr (lines[1], ==,
                   "youtube,Ana Souza,yt-ana,sold a12 M,A12,1,M,confirmed,2026-03-14T19:00:05Z");
  g_assert_cmpstr (lines[2], ==,
                   "twitch,kevin_b,tw-kevin,SOLD A12,A12,1,,rejected,2026-03-14T19:00:10Z");
  g_assert_cmpstr (lines[3], ==,
                   "youtube,Tom H.,yt-tom,SOLD B7 2,B7,2,,pending,2026-03-14T19:00:15Z");
  g_assert_cmpstr (lines[4], ==,
                   "facebook,Léa Martin,fb-lea,'+1 A12,A12,1,,pending,2026-03-14T19:00:20Z");
  g_assert_cmpstr (lines[5], ==,
                   "twitch,mia.styles,tw-mia,SOLD A12,A12,1,,waitlisted,2026-03-14T19:00:25Z");
  g_assert_cmpstr (lines[6], ==,
                   "twitch,zed,tw-zed,claim B7 L,B7,1,L,pending,2026-03-14T19:00:30Z");

  /* A file that cannot be written: a plain line says why. */
  {
    g_autofree char *bad = g_build_filename (dir, "missing", "claims.csv", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (bad);

    vitrine_claims_pane_export_to_file (VITRINE_CLAIMS_PANE (pane), file);
    label = wait_for_label_containing (pane, "Could not save the claims: ");
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "error"));
  }

  /* What the host sees: confirmed, rejected, pending and waitlisted. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    vitrine_claims_pane_export_to_file (VITRINE_CLAIMS_PANE (pane), file);
  }
  assert_label_soon (pane, "Saved 6 claims to “claims.csv”");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (label), "error"));
  vitrine_test_run_for (500);
  gtk_test_widget_wait_for_draw (window);
  screenshot = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests", "ui",
                                 "claims-pane.png", NULL);
  vitrine_test_save_screenshot (window, screenshot);
  g_test_message ("screenshot: %s", screenshot);

  /* The mode buttons switch the queue; automatic mode confirms the
   * pending claims within stock at once (no grace period here). */
  vitrine_xtest_click (vitrine_test_find_descendant (pane, is_button_labelled, "_Automatic"));
  g_assert_cmpint (vitrine_claim_queue_get_mode (queue), ==, VITRINE_CLAIM_MODE_AUTO);
  assert_rows (scarf,
               "Ana Souza|YouTube|× 1 · M|Confirmed\n"
               "kevin_b|Twitch|× 1|Rejected\n"
               "Léa Martin|Facebook|× 1|Confirmed\n"
               "mia.styles|Twitch|× 1|Waitlisted");
  assert_label_soon (scarf, "2 of 2 confirmed · 1 waitlisted · 1 rejected · stock 2");
  vitrine_xtest_click (vitrine_test_find_descendant (pane, is_button_labelled, "_Host Confirms"));
  g_assert_cmpint (vitrine_claim_queue_get_mode (queue), ==, VITRINE_CLAIM_MODE_MANUAL);

  /* Stock from the shop: the header follows, the waitlist moves up. */
  {
    VitrineProduct *product = vitrine_catalog_find_by_code (catalog, "A12");
    g_autoptr(VitrineProductVariant) large = NULL;

    large = g_list_model_get_item (vitrine_product_get_variants (product), 1);
    g_assert_cmpstr (vitrine_product_variant_get_title (large), ==, "L");
    vitrine_product_variant_set_stock (large, 2);
  }
  assert_label_soon (scarf, "2 of 3 confirmed · 1 rejected · stock 3");
  assert_rows (scarf,
               "Ana Souza|YouTube|× 1 · M|Confirmed\n"
               "kevin_b|Twitch|× 1|Rejected\n"
               "Léa Martin|Facebook|× 1|Confirmed\n"
               "mia.styles|Twitch|× 1|Pending");

  vitrine_claims_pane_set_queue (VITRINE_CLAIMS_PANE (pane), NULL);
  assert_label_soon (pane, "No Claims");

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

  g_setenv ("GDK_BACKEND", "x11", TRUE);
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

      g_test_add_func ("/claims-pane/host", test_claims_pane);
#endif
    }
  else
    {
      g_test_add_func ("/claims-pane/host", test_skip_without_xtest);
    }

  return g_test_run ();
}
