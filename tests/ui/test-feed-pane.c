/* test-feed-pane.c: the host's feed of chats, paid messages and orders
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the bundled demo show through the application, which gives it a
 * feed; three connectors (a fake VitrineFeedSource subclass: YouTube live,
 * Twitch rate-limited, Shopify refused) are added to it and ~60 items of
 * every kind arrive, some through a connector's "item" signal and the rest
 * appended directly, hostile ones among them: markup, a bidi override, a
 * 10 kB line, invalid UTF-8, right-to-left text, emoji, full-width letters.
 *
 * Then it checks what the host sees, pressing keys and clicking through
 * XTest as a host does (see test-product-shelf.c for why XTest):
 *  - while on the Products page, the Feed page counts what arrives (its
 *    badge); a click on "Feed" shows the pane and clears it;
 *  - a chip per connector, its state dot and its status as the tooltip;
 *  - the count of items, the rows' texts as plain text (markup shown
 *    literally), long texts capped;
 *  - the "Paid" filter (picked in the drop-down) lists only paid items;
 *    typing in the search narrows by text or author, case- and
 *    width-insensitively;
 *  - a retraction marks the row "Deleted", a ban marks the author's rows
 *    "Banned", "Hide" leaves a one-line "Hidden by you", "Copy Text" puts
 *    the text on the clipboard;
 *  - the list follows the newest item while at the bottom; the wheel up
 *    stops it and a "N new" button counts what arrives; a click on it
 *    jumps back and follows again;
 *  - "Show on Screen" in a row's menu puts the comment on the program (the
 *    graphics report it shown, and the preview's pixels change where it
 *    is); deleted on the platform, it leaves the program by itself.
 *
 * Saves, in the build directory, tests/ui/window-feed.png (the feed with a
 * comment on screen) and tests/ui/window-feed-badge.png (the Products page
 * with the Feed page's unread badge).
 */

#include "config.h"

#include "vitrine-ui-test.h"

#ifdef HAVE_XTEST
#include "vitrine-ui-xtest.h"
#endif

#include "vitrine-feed-pane.h"
#include "vitrine-feed-row.h"

/* ---------------------------------------------------------------------- */
/* A connector that says what the test tells it                           */

#define TEST_TYPE_SOURCE (test_source_get_type ())

G_DECLARE_FINAL_TYPE (TestSource, test_source, TEST, SOURCE, VitrineFeedSource)

struct _TestSource
{
  VitrineFeedSource parent_instance;
};

G_DEFINE_FINAL_TYPE (TestSource, test_source, VITRINE_TYPE_FEED_SOURCE)

static void
test_source_start (VitrineFeedSource *source)
{
  _vitrine_feed_source_set_state (source, VITRINE_FEED_SOURCE_CONNECTING, NULL);
}

static void
test_source_class_init (TestSourceClass *klass)
{
  VITRINE_FEED_SOURCE_CLASS (klass)->start = test_source_start;
}

static void
test_source_init (TestSource *self)
{
}

static VitrineFeedSource *
test_source_new (const char *id,
                 const char *platform)
{
  return g_object_new (TEST_TYPE_SOURCE, "id", id, "platform", platform, NULL);
}

#ifdef HAVE_XTEST

/* ---------------------------------------------------------------------- */
/* The items                                                              */

typedef struct
{
  VitrineFeedItemKind  kind;
  const char          *platform;
  const char          *id;
  const char          *author_id;
  const char          *author;
  const char          *text;
  const char          *detail;
  const char          *amount;     /* decimal, in @currency */
  const char          *currency;
  VitrineFeedItemFlags flags;
} TestItem;

/* Nine of these carry money or an order: 5 paid or membership, 4 orders. */
static const TestItem first_items[] = {
  { VITRINE_FEED_ITEM_NOTICE, NULL, NULL, NULL, NULL, "YouTube chat connected" },
  { VITRINE_FEED_ITEM_CHAT, "youtube", "yt-1", "yt-ana", "Ana Souza", "Hi from Lisbon! 👋" },
  { VITRINE_FEED_ITEM_CHAT, "twitch", "tw-1", "tw-kevin", "kevin_b", "first" },
  { VITRINE_FEED_ITEM_CHAT, "facebook", "fb-1", "fb-lea", "Léa Martin",
    "Is the silk scarf machine washable?" },
  { VITRINE_FEED_ITEM_PAID, "youtube", "yt-2", "yt-tom", "Tom H.", "Love the show, keep going!",
    "Super Chat", "5.00", "USD" },
  { VITRINE_FEED_ITEM_CHAT, "instagram", "ig-1", "ig-mia", "mia.styles",
    "😍😍 need this 🔥🛍️👗" },
  { VITRINE_FEED_ITEM_CHAT, "tiktok", "tt-1", "tt-joe", "joe.k", "how much is shipping to Italy?" },
  { VITRINE_FEED_ITEM_CHAT, "kick", "kk-1", "kk-zed", "zed", "W stream" },
  { VITRINE_FEED_ITEM_ORDER, "shopify", "sh-1041", NULL, "Marie L.",
    "Silk scarf “Riviera” × 1", "Order #1041", "39.90", "EUR" },
  { VITRINE_FEED_ITEM_CHAT, "twitch", "tw-2", "tw-kevin", "kevin_b",
    "buy my followers at spam.example" },
  { VITRINE_FEED_ITEM_CLAIM, "instagram", "ig-2", "ig-nora", "nora", "A2 M please!",
    "A2 × 1 (M)" },
  /* Hostile: markup is text; a bidi override and invalid UTF-8 are cleaned. */
  { VITRINE_FEED_ITEM_CHAT, "youtube", "yt-3", "yt-mal", "<i>mallory</i>",
    "<b>x</b> <span foreground='red'>big</span> &amp; more" },
  { VITRINE_FEED_ITEM_CHAT, "twitch", "tw-3", "tw-eve", "\xe2\x80\xae" "exe.gnp",
    "Nice \xe2\x80\xae" "eerf\xe2\x80\xac deal" },
  { VITRINE_FEED_ITEM_CHAT, "facebook", "fb-2", "fb-bad", "caf\xc3 ok", "bad \xff bytes \xc0" },
  { VITRINE_FEED_ITEM_CHAT, "youtube", "yt-4", "yt-sara", "سارة",
    "هل يتوفر هذا باللون الأزرق؟" },
  { VITRINE_FEED_ITEM_CHAT, "instagram", "ig-3", "ig-yuki", "yuki", "ＳＩＬＫ scarf in red?" },
  { VITRINE_FEED_ITEM_MEMBERSHIP, "youtube", "yt-5", "yt-ben", "Ben Carter",
    "just became a member!", "Membership", "4.99", "USD", VITRINE_FEED_ITEM_FLAG_MEMBER },
  { VITRINE_FEED_ITEM_PAID, "twitch", "tw-4", "tw-ola", "ola_draws", "take my bits",
    "500 bits" },
  { VITRINE_FEED_ITEM_CHAT, "youtube", "yt-6", "yt-chan", "Vitrine Shop",
    "Welcome everyone! Codes are on screen.", NULL, NULL, NULL,
    VITRINE_FEED_ITEM_FLAG_OWNER | VITRINE_FEED_ITEM_FLAG_VERIFIED },
  { VITRINE_FEED_ITEM_MODERATION, "twitch", NULL, NULL, NULL,
    "A moderator removed a message" },
};

/* What arrives last: what the host sees at the bottom of the list. */
static const TestItem last_items[] = {
  { VITRINE_FEED_ITEM_CHAT, "twitch", "tw-9", "tw-mod", "nightbot",
    "Reminder: be kind in chat 💜", NULL, NULL, NULL, VITRINE_FEED_ITEM_FLAG_MODERATOR },
  { VITRINE_FEED_ITEM_ORDER, "woocommerce", "wc-77", NULL, "Sofia R.",
    "Wireless earbuds × 1", "Order #77", "89.00", "EUR" },
  { VITRINE_FEED_ITEM_CHAT, "kick", "kk-9", "kk-leo", "leo", "haha the dog in the back 🐶" },
  { VITRINE_FEED_ITEM_ORDER, "shopify", "sh-1042", NULL, "Jonas Weber",
    "Linen shirt (M) × 1, Silk scarf “Riviera” × 1", "Order #1042", "89.00", "EUR" },
  { VITRINE_FEED_ITEM_CHAT, "youtube", "yt-7", "yt-pat", "Pat",
    "is the blue one back in stock?" },
  { VITRINE_FEED_ITEM_CLAIM, "facebook", "fb-9", "fb-ines", "Inês Costa", "A3 x2 size M",
    "A3 × 2 (M)" },
  { VITRINE_FEED_ITEM_PAID, "youtube", "yt-8", "yt-rita", "Rita M.",
    "Bought the scarf last week, it is gorgeous — can you show the green one?",
    "Super Chat", "20.00", "USD", VITRINE_FEED_ITEM_FLAG_MEMBER },
  { VITRINE_FEED_ITEM_CHAT, "facebook", "fb-10", "fb-lea", "Léa Martin",
    "Thanks! Ordered the silk scarf 🙌" },
};

static GDateTime *
item_time (guint n)
{
  return g_date_time_new_local (2026, 3, 14, 19, 2 + n / 4, (n * 13) % 60);
}

static VitrineFeedItem *
make_item (const TestItem *t,
           guint           n)
{
  g_autoptr(GDateTime) time = item_time (n);
  VitrineFeedItem *item = vitrine_feed_item_new_full (t->kind, t->platform, t->id, t->author_id,
                                                      t->author, t->text, time);

  if (t->detail != NULL)
    vitrine_feed_item_set_detail (item, t->detail);
  if (t->amount != NULL)
    {
      VitrineMoney money;
      g_autoptr(GError) error = NULL;

      g_assert_true (vitrine_money_parse (t->amount, t->currency, &money, &error));
      g_assert_no_error (error);
      vitrine_feed_item_set_amount (item, &money);
    }
  vitrine_feed_item_set_flags (item, t->flags);

  return item;
}

static const char *chatter_authors[] = { "sam", "Priya", "lucas.m", "Emma W", "noah_22" };
static const char *chatter_texts[] = {
  "love this colour", "price?", "can you show the back?", "does it come in XL?", "👏👏👏",
  "just joined, what did I miss", "the music is great", "size chart please",
};

/* An everyday chat message, the @n-th. */
static VitrineFeedItem *
make_chatter (guint n)
{
  static const char *platforms[] = { "youtube", "twitch", "facebook", "instagram", "tiktok" };
  g_autofree char *id = g_strdup_printf ("chat-%u", n);
  g_autofree char *author_id = g_strdup_printf ("user-%u",
                                                (guint) (n % G_N_ELEMENTS (chatter_authors)));
  g_autoptr(GDateTime) time = item_time (n);

  return vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT,
                                     platforms[n % G_N_ELEMENTS (platforms)], id, author_id,
                                     chatter_authors[n % G_N_ELEMENTS (chatter_authors)],
                                     chatter_texts[n % G_N_ELEMENTS (chatter_texts)], time);
}

/* ---------------------------------------------------------------------- */
/* Keys, clicks and the wheel through the X server                        */

static void
type_text (GtkWidget  *window,
           const char *text)
{
  for (const char *p = text; *p; p++)
    vitrine_xtest_press_key (window, (guint) *p);
}

/* ---------------------------------------------------------------------- */
/* What the host sees                                                     */

/* In view: its first line at least, inside the list's viewport. */
static gboolean
is_in_view (GtkWidget *widget)
{
  GtkWidget *list = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_VIEW);
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (widget) || list == NULL ||
      !gtk_widget_compute_bounds (widget, list, &bounds))
    return FALSE;

  return bounds.origin.y >= -1 &&
         bounds.origin.y + MIN (bounds.size.height, 36) <= gtk_widget_get_height (list) + 1;
}

static gboolean
is_row_of (GtkWidget     *widget,
           gconstpointer  item)
{
  return VITRINE_IS_FEED_ROW (widget) &&
         vitrine_feed_row_get_item (VITRINE_FEED_ROW (widget)) == item &&
         is_in_view (widget);
}

/* The row showing @item in the list's view, or NULL. */
static VitrineFeedRow *
find_row (GtkWidget       *pane,
          VitrineFeedItem *item)
{
  return (VitrineFeedRow *) vitrine_test_find_descendant (pane, is_row_of, item);
}

static gboolean
row_is_shown (gpointer data)
{
  gpointer *args = data;

  return find_row (args[0], args[1]) != NULL;
}

static VitrineFeedRow *
wait_for_row (GtkWidget       *pane,
              VitrineFeedItem *item)
{
  gpointer args[2] = { pane, item };

  if (!vitrine_test_wait (row_is_shown, args, 5000))
    g_error ("No row on screen shows “%s”", vitrine_feed_item_get_text (item));

  return find_row (pane, item);
}

static double
distance_from_bottom (VitrineFeedPane *pane)
{
  GtkAdjustment *adjustment =
    gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (vitrine_feed_pane_get_list_view (pane)));

  return gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) -
         gtk_adjustment_get_value (adjustment);
}

static double
scroll_value (VitrineFeedPane *pane)
{
  GtkAdjustment *adjustment =
    gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (vitrine_feed_pane_get_list_view (pane)));

  return gtk_adjustment_get_value (adjustment);
}

typedef struct
{
  VitrineFeedPane *pane;
  VitrineFeedItem *item;
} BottomWait;

/* At the bottom, following, and the row of the newest item in view. */
static gboolean
shows_newest (gpointer data)
{
  BottomWait *w = data;

  return vitrine_feed_pane_get_following (w->pane) &&
         distance_from_bottom (w->pane) < 5 &&
         find_row (GTK_WIDGET (w->pane), w->item) != NULL;
}

static void
assert_shows_newest (VitrineFeedPane *pane,
                     VitrineFeed     *feed,
                     const char      *when)
{
  g_autoptr(VitrineFeedItem) newest =
    g_list_model_get_item (G_LIST_MODEL (feed), g_list_model_get_n_items (G_LIST_MODEL (feed)) - 1);
  BottomWait wait = { pane, newest };

  if (!vitrine_test_wait (shows_newest, &wait, 5000))
    g_error ("%s, the list does not show the newest item “%s” (following %d, %.0f px above "
             "the bottom)", when, vitrine_feed_item_get_text (newest),
             vitrine_feed_pane_get_following (pane), distance_from_bottom (pane));
}

static gboolean
shown_count_is (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (vitrine_feed_pane_get_shown (args[0])) ==
         GPOINTER_TO_UINT (args[1]);
}

static void
wait_for_shown_count (VitrineFeedPane *pane,
                      guint            count,
                      const char      *after)
{
  gpointer args[2] = { pane, GUINT_TO_POINTER (count) };

  if (!vitrine_test_wait (shown_count_is, args, 5000))
    g_error ("After %s the pane lists %u items, not %u", after,
             g_list_model_get_n_items (vitrine_feed_pane_get_shown (pane)), count);
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
widget_is_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* The menu item @label of @row's menu, once the menu is open. */
static GtkWidget *
open_row_menu (VitrineFeedRow *row,
               const char     *label)
{
  GtkWidget *button = vitrine_feed_row_get_menu_button (row);
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  GtkLabel *found = NULL;

  /* The menu chosen from last time has closed (a click while it closes
   * would close it again). */
  if (popover != NULL)
    g_assert_true (vitrine_test_wait (widget_is_unmapped, popover, 2000));
  vitrine_test_run_for (100);

  /* Right after a menu closes, the X server may still hold its pointer
   * grab for a moment and swallow a click: click again. */
  for (guint attempt = 0; attempt < 4 && found == NULL; attempt++)
    {
      vitrine_xtest_click (button);
      popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
      if (!vitrine_test_wait (widget_is_mapped, popover, 1000))
        {
          g_test_message ("The menu (for “%s”) did not open on click %u; clicking again", label,
                          attempt + 1);
          vitrine_test_run_for (300);
          continue;
        }
      for (guint i = 0; i < 50 && found == NULL; i++)
        {
          found = vitrine_test_find_label_exact (popover, label);
          if (found == NULL)
            vitrine_test_run_for (40);
        }
    }
  if (found == NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests", "ui",
                                                "window-feed-failed.png", NULL);

      vitrine_test_save_screenshot (GTK_WIDGET (gtk_widget_get_root (button)), path);
      g_error ("The row's menu has no “%s” (see %s)", label, path);
    }

  /* Until its slide-in is over, a popover does not take clicks. */
  vitrine_test_run_for (300);
  return GTK_WIDGET (found);
}

static const char *shown_kind;

static void
graphics_shown_cb (VitrineGraphics *graphics,
                   const char      *kind,
                   int              canvas_width,
                   guint64          pts,
                   gint64           delay,
                   gpointer         user_data)
{
  if (g_strcmp0 (kind, "comment") == 0)
    shown_kind = "comment";
}

static gboolean
comment_was_shown (gpointer data)
{
  return shown_kind != NULL;
}

static gboolean
engine_scene_is_card (gpointer data)
{
  return g_strcmp0 (vitrine_engine_get_scene (data), "card") == 0;
}

static gboolean
has_focus (gpointer data)
{
  return gtk_widget_has_focus (data) || gtk_widget_get_focus_child (data) != NULL;
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static char *
read_clipboard (GtkWidget *widget)
{
  ClipboardRead read = { 0 };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb,
                                 &read);
  g_assert_true (vitrine_test_wait (clipboard_read_done, &read, 5000));
  return read.text;
}

static gboolean
is_chip_labelled (GtkWidget     *widget,
                  gconstpointer  name)
{
  GtkWidget *label = gtk_widget_get_last_child (widget);

  return gtk_widget_has_css_class (widget, "source-chip") && GTK_IS_LABEL (label) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), name) == 0 &&
         gtk_widget_get_mapped (widget);
}

static GtkWidget *
find_chip (GtkWidget  *pane,
           const char *name)
{
  return vitrine_test_find_descendant (pane, is_chip_labelled, name);
}

/* ---------------------------------------------------------------------- */

/* Scrolls the list to @item as a host would (the wheel up a notch, which
 * stops the following, then straight to it) and returns its row. */
static VitrineFeedRow *
reveal_row (VitrineFeedPane *pane,
            VitrineFeedItem *item)
{
  GListModel *shown = vitrine_feed_pane_get_shown (pane);
  GtkWidget *list = GTK_WIDGET (vitrine_feed_pane_get_list_view (pane));

  if (find_row (GTK_WIDGET (pane), item) != NULL)
    return find_row (GTK_WIDGET (pane), item);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(VitrineFeedItem) candidate = g_list_model_get_item (shown, i);

      if (candidate == item)
        {
          if (vitrine_feed_pane_get_following (pane))
            vitrine_xtest_wheel (list, TRUE, 1);
          gtk_widget_activate_action (list, "list.scroll-to-item", "u", i);
          wait_for_row (GTK_WIDGET (pane), item);
          /* Where the list settles. */
          vitrine_test_run_for (150);
          return wait_for_row (GTK_WIDGET (pane), item);
        }
    }

  g_error ("The pane does not list “%s”", vitrine_feed_item_get_text (item));
  return NULL;
}

static void
append_chatter (VitrineFeed *feed,
                GPtrArray   *items,
                guint        count)
{
  for (guint i = 0; i < count; i++)
    {
      g_ptr_array_add (items, make_chatter (items->len));
      vitrine_feed_append (feed, g_ptr_array_index (items, items->len - 1));
    }
}

static void
test_feed_pane (void)
{
  VitrineApplication *app;
  VitrineWindow *window;
  VitrineEngine *engine;
  VitrineGraphics *graphics;
  VitrineFeed *feed;
  VitrineFeedPane *pane;
  AdwViewStack *side_stack;
  AdwViewStackPage *feed_page;
  GtkWidget *root;
  GtkWidget *search;
  GtkWidget *new_button;
  GtkWidget *chip;
  GtkWidget *list;
  g_autoptr(GFile) show_file = NULL;
  g_autofree char *screenshot = NULL;
  g_autoptr(VitrineFeedSource) youtube = NULL;
  g_autoptr(VitrineFeedSource) twitch = NULL;
  g_autoptr(VitrineFeedSource) shopify = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) long_text = g_string_new (NULL);
  VitrineFeedItem *item;
  VitrineFeedItem *long_item = NULL;
  VitrineFeedItem *rita, *jonas, *ines, *nightbot, *pat, *leo, *lea;
  VitrineFeedRow *row;
  VitrinePixelCheck check = { 0 };
  guint n_paid = 0;
  double value;

  /* The demo show, with the test's own items instead of its scripted feed. */
  show_file = vitrine_test_demo_show_without_feeds ();

  app = vitrine_test_application_new (1280, 760, &window);
  root = GTK_WIDGET (window);
  g_assert_null (vitrine_application_get_feed (app));
  engine = vitrine_test_load_show (app, window, show_file);
  graphics = vitrine_engine_get_graphics (engine);

  /* One feed per show, shown by the window's pane. */
  feed = vitrine_application_get_feed (app);
  g_assert_nonnull (feed);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 0);
  pane = VITRINE_FEED_PANE (vitrine_test_find_widget (root, VITRINE_TYPE_FEED_PANE, FALSE));
  g_assert_nonnull (pane);
  g_assert_true (vitrine_feed_pane_get_feed (pane) == feed);
  list = GTK_WIDGET (vitrine_feed_pane_get_list_view (pane));
  side_stack = ADW_VIEW_STACK (vitrine_test_find_widget (root, ADW_TYPE_VIEW_STACK, TRUE));
  g_assert_nonnull (side_stack);
  feed_page = adw_view_stack_get_page (side_stack, GTK_WIDGET (pane));
  /* The products come first. */
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (side_stack), ==, "products");

  /* The connectors, as the show's factory would add them. */
  youtube = test_source_new ("yt-main", "youtube");
  twitch = test_source_new ("tw-main", "twitch");
  shopify = test_source_new ("shop", "shopify");
  vitrine_feed_add_source (feed, youtube);
  vitrine_feed_add_source (feed, twitch);
  vitrine_feed_add_source (feed, shopify);
  vitrine_feed_source_start (youtube);
  vitrine_feed_source_start (twitch);
  vitrine_feed_source_start (shopify);
  _vitrine_feed_source_set_state (youtube, VITRINE_FEED_SOURCE_LIVE, NULL);
  _vitrine_feed_source_set_state (twitch, VITRINE_FEED_SOURCE_RATE_LIMITED,
                                  "Twitch asked to slow down; trying again in 30 seconds");
  _vitrine_feed_source_set_state (shopify, VITRINE_FEED_SOURCE_UNAUTHORIZED,
                                  "Shopify refused the access token; sign in to the shop again");
  vitrine_feed_pane_update_sources (pane);

  /* The first items arrive while the host looks at the products: YouTube's
   * through its connector, as connectors deliver them. */
  for (guint i = 0; i < G_N_ELEMENTS (first_items); i++)
    {
      item = make_item (&first_items[i], items->len);
      g_ptr_array_add (items, item);
      if (g_strcmp0 (first_items[i].platform, "youtube") == 0)
        _vitrine_feed_source_emit_item (youtube, item);
      else
        vitrine_feed_append (feed, item);
      if (first_items[i].kind == VITRINE_FEED_ITEM_PAID ||
          first_items[i].kind == VITRINE_FEED_ITEM_MEMBERSHIP)
        n_paid++;
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 20);
  g_assert_cmpstr (vitrine_feed_item_get_source_id (g_ptr_array_index (items, 1)), ==, "yt-main");
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (feed_page), ==, 20);
  g_assert_true (adw_view_stack_page_get_needs_attention (feed_page));

  vitrine_test_run_for (400);
  gtk_test_widget_wait_for_draw (root);
  screenshot = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests", "ui",
                                 "window-feed-badge.png", NULL);
  vitrine_test_save_screenshot (root, screenshot);
  g_test_message ("screenshot: %s", screenshot);
  g_clear_pointer (&screenshot, g_free);

  /* A click on "Feed" shows the pane; what was unread is read. */
  vitrine_xtest_focus_window (root);
  {
    GtkWidget *switcher = vitrine_test_find_widget (root, ADW_TYPE_VIEW_SWITCHER, TRUE);
    GtkLabel *feed_label;

    g_assert_nonnull (switcher);
    feed_label = vitrine_test_find_label_exact (switcher, "Feed");
    g_assert_nonnull (feed_label);
    vitrine_xtest_click (GTK_WIDGET (feed_label));
  }
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (side_stack), ==, "feed");
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (feed_page), ==, 0);
  g_assert_false (adw_view_stack_page_get_needs_attention (feed_page));
  g_assert_true (vitrine_test_wait (widget_is_mapped, pane, 2000));

  /* A chip per connector: its state dot and its status. */
  chip = find_chip (GTK_WIDGET (pane), "YouTube");
  g_assert_nonnull (chip);
  g_assert_true (gtk_widget_has_css_class (chip, "live"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (chip), ==, "YouTube: Receiving");
  chip = find_chip (GTK_WIDGET (pane), "Twitch");
  g_assert_nonnull (chip);
  g_assert_true (gtk_widget_has_css_class (chip, "warning"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (chip), ==,
                   "Twitch: Twitch asked to slow down; trying again in 30 seconds");
  chip = find_chip (GTK_WIDGET (pane), "Shopify");
  g_assert_nonnull (chip);
  g_assert_true (gtk_widget_has_css_class (chip, "error"));
  /* The state changes live. */
  _vitrine_feed_source_set_state (twitch, VITRINE_FEED_SOURCE_LIVE, NULL);
  chip = find_chip (GTK_WIDGET (pane), "Twitch");
  g_assert_true (gtk_widget_has_css_class (chip, "live"));
  g_assert_false (gtk_widget_has_css_class (chip, "warning"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (chip), ==, "Twitch: Receiving");

  /* The list shows the newest, at the bottom, and keeps up with what
   * arrives (a 10 kB line among it). */
  assert_shows_newest (pane, feed, "Once the Feed page is shown");
  for (guint i = 0; i < 2048; i++)
    g_string_append (long_text, "spam ");
  for (guint i = 0; i < 30; i++)
    {
      if (i == 12)
        {
          long_item = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, "tiktok", "tt-long",
                                                  "tt-flood", "flooder", long_text->str, NULL);
          g_ptr_array_add (items, long_item);
          vitrine_feed_append (feed, long_item);
        }
      else
        {
          append_chatter (feed, items, 1);
        }
      if (i % 10 == 9)
        assert_shows_newest (pane, feed, "While chat arrives");
    }
  /* Capped by the item. */
  g_assert_cmpuint (g_utf8_strlen (vitrine_feed_item_get_text (long_item), -1), <=, 502);

  /* The host scrolls up to read: the list stops following... */
  vitrine_xtest_wheel (list, TRUE, 6);
  g_assert_false (vitrine_feed_pane_get_following (pane));
  g_assert_cmpfloat (distance_from_bottom (pane), >, 50);
  value = scroll_value (pane);
  new_button = vitrine_feed_pane_get_new_button (pane);
  g_assert_false (gtk_widget_get_mapped (new_button));
  /* ... and counts what arrives, without moving. */
  append_chatter (feed, items, 5);
  g_assert_true (vitrine_test_wait (widget_is_mapped, new_button, 2000));
  vitrine_test_run_for (300);
  g_assert_cmpuint (vitrine_feed_pane_get_n_new (pane), ==, 5);
  g_assert_nonnull (vitrine_test_find_label_exact (new_button, "5 new"));
  g_assert_false (vitrine_feed_pane_get_following (pane));
  g_assert_cmpfloat (ABS (scroll_value (pane) - value), <, 1);
  g_assert_null (find_row (GTK_WIDGET (pane), g_ptr_array_index (items, items->len - 1)));
  /* A click on the button: the newest, followed again. */
  vitrine_xtest_click (new_button);
  assert_shows_newest (pane, feed, "After a click on “5 new”");
  g_assert_true (vitrine_test_wait (widget_is_unmapped, new_button, 2000));
  g_assert_cmpuint (vitrine_feed_pane_get_n_new (pane), ==, 0);
  /* Scrolling back down by hand also follows again. */
  vitrine_xtest_wheel (list, TRUE, 3);
  g_assert_false (vitrine_feed_pane_get_following (pane));
  append_chatter (feed, items, 1);
  vitrine_test_run_for (200);
  g_assert_cmpuint (vitrine_feed_pane_get_n_new (pane), ==, 1);
  vitrine_xtest_wheel (list, FALSE, 30);
  assert_shows_newest (pane, feed, "After scrolling back down");
  g_assert_cmpuint (vitrine_feed_pane_get_n_new (pane), ==, 0);

  /* The showcase: what the host sees at the bottom. */
  for (guint i = 0; i < G_N_ELEMENTS (last_items); i++)
    {
      item = make_item (&last_items[i], items->len);
      g_ptr_array_add (items, item);
      vitrine_feed_append (feed, item);
      if (last_items[i].kind == VITRINE_FEED_ITEM_PAID ||
          last_items[i].kind == VITRINE_FEED_ITEM_MEMBERSHIP)
        n_paid++;
    }
  g_assert_cmpuint (items->len, ==, 64);
  nightbot = g_ptr_array_index (items, 56);
  leo = g_ptr_array_index (items, 58);
  jonas = g_ptr_array_index (items, 59);
  pat = g_ptr_array_index (items, 60);
  ines = g_ptr_array_index (items, 61);
  rita = g_ptr_array_index (items, 62);
  lea = g_ptr_array_index (items, 63);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_feed_pane_get_shown (pane)), ==, 64);
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (pane), "64 items"));
  assert_shows_newest (pane, feed, "After 64 items");
  /* While the host is on the Feed page, nothing is unread. */
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (feed_page), ==, 0);

  /* The rows, as the host reads them. */
  row = reveal_row (pane, rita);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "paid"));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "Rita M."));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "YouTube"));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "Member"));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "19:17"));
  g_assert_nonnull (vitrine_test_find_label_matching (GTK_WIDGET (row), "^Super Chat · .*20"));
  row = reveal_row (pane, jonas);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "order"));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "Shopify"));
  g_assert_nonnull (vitrine_test_find_label_matching (GTK_WIDGET (row),
                                                      "^Order #1042 · .*89[.,]00"));
  row = reveal_row (pane, ines);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "claim"));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "A3 × 2 (M)"));
  row = reveal_row (pane, nightbot);
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "Mod"));
  row = reveal_row (pane, g_ptr_array_index (items, 18));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "Owner"));
  row = reveal_row (pane, long_item);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (row)), <, 260);
  vitrine_feed_pane_scroll_to_newest (pane);
  assert_shows_newest (pane, feed, "After reading the rows");

  /* "Paid", picked in the drop-down, lists paid messages and memberships. */
  {
    GtkWidget *dropdown = GTK_WIDGET (vitrine_feed_pane_get_filter_dropdown (pane));
    GtkLabel *paid = NULL;

    vitrine_xtest_click (dropdown);
    for (guint i = 0; i < 50 && paid == NULL; i++)
      {
        paid = vitrine_test_find_label_exact (dropdown, "Paid");
        if (paid == NULL)
          vitrine_test_run_for (40);
      }
    g_assert_nonnull (paid);
    vitrine_test_run_for (300);
    vitrine_xtest_click (GTK_WIDGET (paid));
  }
  g_assert_cmpint (vitrine_feed_pane_get_filter (pane), ==, VITRINE_FEED_FILTER_PAID);
  g_assert_cmpuint (n_paid, ==, 4);
  wait_for_shown_count (pane, n_paid, "choosing “Paid”");
  for (guint i = 0; i < n_paid; i++)
    {
      g_autoptr(VitrineFeedItem) shown = g_list_model_get_item (vitrine_feed_pane_get_shown (pane),
                                                                i);
      VitrineFeedItemKind kind = vitrine_feed_item_get_kind (shown);

      g_assert_true (kind == VITRINE_FEED_ITEM_PAID || kind == VITRINE_FEED_ITEM_MEMBERSHIP);
      row = reveal_row (pane, shown);
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "paid") ||
                     gtk_widget_has_css_class (GTK_WIDGET (row), "membership"));
    }
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (pane), "4 of 64"));
  vitrine_feed_pane_set_filter (pane, VITRINE_FEED_FILTER_ORDERS);
  wait_for_shown_count (pane, 3, "choosing “Orders”");
  vitrine_feed_pane_set_filter (pane, VITRINE_FEED_FILTER_CLAIMS);
  wait_for_shown_count (pane, 2, "choosing “Claims”");
  vitrine_feed_pane_set_filter (pane, VITRINE_FEED_FILTER_CHAT);
  wait_for_shown_count (pane, 53, "choosing “Chat”");
  vitrine_feed_pane_set_filter (pane, VITRINE_FEED_FILTER_ALL);
  wait_for_shown_count (pane, 64, "choosing “All”");

  /* The search, typed: "silk" finds the texts and "ＳＩＬＫ" (full width). */
  search = GTK_WIDGET (vitrine_feed_pane_get_search_entry (pane));
  vitrine_xtest_click (search);
  g_assert_true (vitrine_test_wait (has_focus, search, 2000));
  type_text (root, "silk");
  /* Léa's question and thanks, two orders, Yuki's ＳＩＬＫ. */
  wait_for_shown_count (pane, 5, "typing “silk”");
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (pane), "5 of 64"));
  g_assert_nonnull (reveal_row (pane, g_ptr_array_index (items, 15)));
  /* An author's name, in another case. */
  gtk_editable_set_text (GTK_EDITABLE (search), "KEVIN_");
  wait_for_shown_count (pane, 2, "searching “KEVIN_”");
  gtk_editable_set_text (GTK_EDITABLE (search), "no such words");
  wait_for_shown_count (pane, 0, "searching for nothing");
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (pane), "No Matching Messages"));
  vitrine_xtest_press_key (root, GDK_KEY_Escape);
  wait_for_shown_count (pane, 64, "Escape in the search");
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  assert_shows_newest (pane, feed, "After the search");

  /* Hostile texts are shown as plain text: the markup literally. */
  row = reveal_row (pane, g_ptr_array_index (items, 11));
  {
    GtkLabel *text = vitrine_test_find_label_exact (GTK_WIDGET (row),
                                                    "<b>x</b> <span foreground='red'>big</span> "
                                                    "&amp; more");

    g_assert_nonnull (text);
    g_assert_false (gtk_label_get_use_markup (text));
    g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "<i>mallory</i>"));
  }
  /* The bidi override is gone from the name and the text. */
  row = reveal_row (pane, g_ptr_array_index (items, 12));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "exe.gnp"));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "Nice eerf deal"));
  /* Invalid UTF-8, replaced. */
  row = reveal_row (pane, g_ptr_array_index (items, 13));
  g_assert_true (g_utf8_validate (vitrine_feed_item_get_text (g_ptr_array_index (items, 13)),
                                  -1, NULL));
  g_assert_nonnull (vitrine_test_find_label_matching (GTK_WIDGET (row), "^bad .* bytes"));
  row = reveal_row (pane, g_ptr_array_index (items, 14));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row),
                                                   "هل يتوفر هذا باللون الأزرق؟"));

  /* Deleted on YouTube: the row says so, struck through. */
  g_assert_true (vitrine_feed_retract (feed, "youtube", "yt-7"));
  row = reveal_row (pane, pat);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "retracted"));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "Deleted"));

  /* kevin_b banned on Twitch: both of his messages are marked. */
  g_assert_cmpuint (vitrine_feed_ban (feed, "twitch", "tw-kevin"), ==, 2);
  for (guint i = 2; i <= 9; i += 7)
    {
      row = reveal_row (pane, g_ptr_array_index (items, i));
      g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "Banned"));
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "retracted"));
    }
  vitrine_feed_pane_scroll_to_newest (pane);
  assert_shows_newest (pane, feed, "After the moderation");

  /* "Show on Screen": the comment goes on the program. A still picture
   * makes the preview comparable from frame to frame. */
  if (!vitrine_test_wait_for_frames (vitrine_window_get_preview (window), 2, 15000))
    g_error ("The preview showed no frames in 15 s");
  g_action_group_activate_action (G_ACTION_GROUP (window), "scene",
                                  g_variant_new_string ("card"));
  g_assert_true (vitrine_test_wait (engine_scene_is_card, engine, 5000));
  vitrine_test_run_for (800);
  check.preview = vitrine_window_get_preview (window);
  check.baseline = g_object_ref (vitrine_preview_paintable_get_texture (check.preview));
  g_signal_connect (graphics, "shown", G_CALLBACK (graphics_shown_cb), NULL);

  row = reveal_row (pane, lea);
  vitrine_xtest_click (open_row_menu (row, "Show on Screen"));
  if (!vitrine_test_wait (comment_was_shown, NULL, 5000))
    g_error ("“Show on Screen” put no comment on the program");
  g_assert_true (vitrine_feed_pane_get_on_screen (pane) == lea);
  row = wait_for_row (GTK_WIDGET (pane), lea);
  g_assert_true (vitrine_feed_row_get_on_screen (row));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "On screen"));
  if (!vitrine_test_wait (vitrine_test_preview_changed, &check, 5000))
    g_error ("The preview did not change with the comment on screen (%.2f %% changed)",
             check.changed * 100);
  g_test_message ("comment on screen: %.1f %% of the preview changed", check.changed * 100);

  /* What the host sees: the feed with a comment on screen. */
  vitrine_feed_pane_scroll_to_newest (pane);
  assert_shows_newest (pane, feed, "With a comment on screen");
  vitrine_test_run_for (600);
  gtk_test_widget_wait_for_draw (root);
  screenshot = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests", "ui",
                                 "window-feed.png", NULL);
  vitrine_test_save_screenshot (root, screenshot);
  g_test_message ("screenshot: %s", screenshot);

  /* Deleted on the platform while on screen: it leaves the program. */
  g_assert_true (vitrine_feed_retract (feed, "facebook", "fb-10"));
  g_assert_null (vitrine_feed_pane_get_on_screen (pane));
  if (!vitrine_test_wait (vitrine_test_preview_unchanged, &check, 5000))
    g_error ("The deleted comment stayed on the program (%.2f %% changed)",
             check.changed * 100);
  row = reveal_row (pane, lea);
  g_assert_false (vitrine_feed_row_get_on_screen (row));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "Deleted"));
  /* What may not go on screen cannot be chosen. */
  g_assert_false (gtk_widget_is_sensitive (open_row_menu (row, "Show on Screen")));
  vitrine_xtest_press_key (root, GDK_KEY_Escape);
  g_assert_null (vitrine_feed_pane_get_on_screen (pane));

  /* Copy Text, then Hide: "Hidden by you" in one line. */
  row = reveal_row (pane, leo);
  vitrine_xtest_click (open_row_menu (row, "Copy Text"));
  {
    g_autofree char *copied = read_clipboard (root);

    g_assert_cmpstr (copied, ==, "haha the dog in the back 🐶");
  }
  row = reveal_row (pane, leo);
  vitrine_xtest_click (open_row_menu (row, "Hide"));
  g_assert_cmpint (vitrine_feed_item_get_visibility (leo), ==, VITRINE_FEED_ITEM_HIDDEN);
  row = wait_for_row (GTK_WIDGET (pane), leo);
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "Hidden by you"));
  g_assert_null (vitrine_test_find_label_exact (GTK_WIDGET (row), "leo"));
  g_assert_null (vitrine_test_find_label_exact (GTK_WIDGET (row),
                                                "haha the dog in the back 🐶"));
  vitrine_xtest_click (open_row_menu (row, "Show Again"));
  g_assert_cmpint (vitrine_feed_item_get_visibility (leo), ==, VITRINE_FEED_ITEM_VISIBLE);
  row = wait_for_row (GTK_WIDGET (pane), leo);
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (row), "leo"));

  /* Back on Products, new items count again on the Feed page. */
  adw_view_stack_set_visible_child_name (side_stack, "products");
  append_chatter (feed, items, 3);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (feed_page), ==, 3);

  /* Closing the show drops its feed and stops its connectors. */
  g_signal_handlers_disconnect_by_func (graphics, graphics_shown_cb, NULL);
  vitrine_test_close_show (app, window);
  g_assert_null (vitrine_application_get_feed (app));
  g_assert_null (vitrine_feed_pane_get_feed (pane));
  g_assert_cmpint (vitrine_feed_source_get_state (youtube), ==, VITRINE_FEED_SOURCE_STOPPED);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (feed_page), ==, 0);

  g_clear_object (&check.baseline);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
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
      g_test_add_func ("/feed-pane/host", test_feed_pane);
#endif
    }
  else
    {
      g_test_add_func ("/feed-pane/host", test_skip_without_xtest);
    }

  return g_test_run ();
}
