/* test-moderation.c: the host moderates the feed and queues comments for the screen
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the bundled demo show through the application, gives its feed a
 * word filter ("scam*", "诈骗") and a Twitch connector whose Helix address
 * is a local SoupServer (the connector is not started: its items are
 * emitted as it would emit them), then drives the window with real clicks
 * and keys through XTest (see test-product-shelf.c for why XTest):
 *
 *  - a message with a blocked word is not listed; "Show Hidden Messages"
 *    lists it dimmed, struck through, with a "Filtered" pill;
 *  - "Hide" and "Show Again" in a row's menu (opened with a click, and with
 *    Shift+F10 from the keyboard);
 *  - with the filter's action "hold", a message waits with "Held",
 *    "Contains “scam*”" and Allow / Hide; Allow lets it through;
 *  - "Queue for Screen" puts a comment in the strip above the feed;
 *    Approve puts it on the program (the graphics report it shown and the
 *    preview's pixels change), it leaves by itself after its seconds, and
 *    the next approved one follows;
 *  - "Delete for Everyone" on a Twitch message sends DELETE
 *    /helix/moderation/chat (ids in the query, the token in the header
 *    only) and the row ends struck through, "Deleted"; when Helix refuses
 *    (403), a toast says so in the connector's words and the row stays;
 *  - a Twitch row offers Time Out as well as Ban;
 *  - "Ban Author…" asks first; "Ban" sends POST /helix/moderation/bans
 *    and every message of that author is marked "Banned";
 *  - a message from a platform without a moderation connector offers no
 *    platform actions.
 *
 * Saves in the build directory tests/ui/moderation.png (the screen queue
 * with one comment on screen and one waiting, the comment on the preview,
 * a held message with Allow and Hide) and tests/ui/moderation-list.png
 * (hidden messages shown: filtered, deleted and banned ones struck through).
 */

#include "config.h"

#include "vitrine-ui-test.h"

#ifdef HAVE_XTEST
#include "vitrine-ui-xtest.h"
#endif

#include "vitrine-comment-queue.h"
#include "vitrine-feed-pane.h"
#include "vitrine-feed-row.h"
#include "vitrine-twitch-chat.h"

#define CHANNEL    "shopwithmona"
#define TOKEN      "t0k3nf0rh3l1x0123456789"
#define TOKEN_ENV  "VITRINE_KEY_TWITCH_SHOPWITHMONA"
#define CLIENT_ID  "cl13nt1d0123456789"
#define ROOM_ID    "123456789"
#define MOD_ID     "555000111"

#ifdef HAVE_XTEST

/* ---------------------------------------------------------------------- */
/* Helix, as a local server                                               */

typedef struct
{
  char *method;
  char *path;
  char *query;
  char *authorization;
  char *client_id;
  char *body;
} HelixRequest;

static void
helix_request_free (HelixRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_free (request->authorization);
  g_free (request->client_id);
  g_free (request->body);
  g_free (request);
}

typedef struct
{
  SoupServer *server;
  char       *url;
  GPtrArray  *requests;   /* HelixRequest */
  guint       status;
  const char *answer;
} Helix;

static void
helix_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Helix *helix = user_data;
  HelixRequest *request = g_new0 (HelixRequest, 1);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (path);
  request->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  request->client_id = g_strdup (soup_message_headers_get_one (headers, "Client-Id"));
  request->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_ptr_array_add (helix->requests, request);

  soup_server_message_set_status (msg, helix->status, NULL);
  if (helix->answer != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                      helix->answer, strlen (helix->answer));
}

static void
helix_start (Helix *helix)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  helix->server = soup_server_new (NULL, NULL);
  helix->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) helix_request_free);
  helix->status = SOUP_STATUS_NO_CONTENT;
  soup_server_add_handler (helix->server, "/helix", helix_cb, helix, NULL);
  soup_server_listen_local (helix->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (helix->server);
  helix->url = g_strdup_printf ("http://127.0.0.1:%d/helix", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
helix_stop (Helix *helix)
{
  soup_server_disconnect (helix->server);
  g_clear_object (&helix->server);
  g_clear_pointer (&helix->requests, g_ptr_array_unref);
  g_clear_pointer (&helix->url, g_free);
}

typedef struct
{
  Helix *helix;
  guint  count;
} RequestWait;

static gboolean
helix_has_requests (gpointer data)
{
  RequestWait *w = data;

  return w->helix->requests->len >= w->count;
}

static HelixRequest *
wait_for_request (Helix *helix,
                  guint  count)
{
  RequestWait wait = { helix, count };

  if (!vitrine_test_wait (helix_has_requests, &wait, 5000))
    g_error ("Helix received %u requests, not %u", helix->requests->len, count);
  return g_ptr_array_index (helix->requests, count - 1);
}

/* ---------------------------------------------------------------------- */
/* Keys, clicks through the X server                                      */

static GtkWidget *test_window;

/* Shift+F10, the keyboard's context-menu key. */
static void
press_shift_f10 (GtkWidget *window)
{
  Display *xdisplay = vitrine_xtest_display (window);
  KeyCode shift = XKeysymToKeycode (xdisplay, GDK_KEY_Shift_L);
  KeyCode f10 = XKeysymToKeycode (xdisplay, GDK_KEY_F10);

  g_assert_cmpint (shift, !=, 0);
  g_assert_cmpint (f10, !=, 0);
  XTestFakeKeyEvent (xdisplay, shift, True, CurrentTime);
  XTestFakeKeyEvent (xdisplay, f10, True, CurrentTime);
  XTestFakeKeyEvent (xdisplay, f10, False, CurrentTime);
  XTestFakeKeyEvent (xdisplay, shift, False, CurrentTime);
  XFlush (xdisplay);
  vitrine_test_run_for (200);
}

/* ---------------------------------------------------------------------- */
/* What the host sees                                                     */

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

static gboolean
is_listed (VitrineFeedPane *pane,
           VitrineFeedItem *item)
{
  GListModel *shown = vitrine_feed_pane_get_shown (pane);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(VitrineFeedItem) candidate = g_list_model_get_item (shown, i);

      if (candidate == item)
        return TRUE;
    }
  return FALSE;
}

/* Scrolls the list to @item as a host would (the wheel up a notch, which
 * stops the following, then straight to it) and returns its row. */
static VitrineFeedRow *
reveal_row (VitrineFeedPane *pane,
            VitrineFeedItem *item)
{
  GListModel *shown = vitrine_feed_pane_get_shown (pane);

  if (find_row (GTK_WIDGET (pane), item) != NULL)
    return find_row (GTK_WIDGET (pane), item);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(VitrineFeedItem) candidate = g_list_model_get_item (shown, i);

      if (candidate == item)
        {
          GtkWidget *list = GTK_WIDGET (vitrine_feed_pane_get_list_view (pane));

          if (vitrine_feed_pane_get_following (pane))
            vitrine_xtest_wheel (list, TRUE, 1);
          gtk_widget_activate_action (list, "list.scroll-to-item", "u", i);
          wait_for_row (GTK_WIDGET (pane), item);
          vitrine_test_run_for (150);
          return wait_for_row (GTK_WIDGET (pane), item);
        }
    }

  g_error ("The pane does not list “%s”", vitrine_feed_item_get_text (item));
  return NULL;
}

static GtkLabel *
find_menu_label (GtkWidget  *popover,
                 const char *label)
{
  GtkLabel *found = NULL;

  for (guint i = 0; i < 25 && found == NULL; i++)
    {
      found = vitrine_test_find_label_exact (popover, label);
      if (found == NULL)
        vitrine_test_run_for (40);
    }
  return found;
}

/* Opens @row's menu with a click on its button; returns the menu item
 * @label, or NULL when the menu has none. */
static GtkWidget *
open_row_menu (VitrineFeedRow *row,
               const char     *label)
{
  GtkWidget *button = vitrine_feed_row_get_menu_button (row);
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  GtkLabel *found = NULL;
  gboolean opened = FALSE;

  if (popover != NULL)
    g_assert_true (vitrine_test_wait (widget_is_unmapped, popover, 2000));
  vitrine_test_run_for (100);

  /* Right after a menu closes, the X server may still hold its pointer
   * grab for a moment and swallow a click: click again. */
  for (guint attempt = 0; attempt < 4 && !opened; attempt++)
    {
      vitrine_xtest_click (button);
      popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
      opened = vitrine_test_wait (widget_is_mapped, popover, 1000);
      if (!opened)
        vitrine_test_run_for (300);
    }
  if (!opened)
    {
      g_autofree char *path = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests", "ui",
                                                "moderation-failed.png", NULL);

      g_test_message ("the menu button is %s, in %s",
                      gtk_widget_get_mapped (button) ? "mapped" : "not mapped",
                      G_OBJECT_TYPE_NAME (gtk_widget_get_root (button)));
      vitrine_test_save_screenshot (GTK_WIDGET (test_window), path);
      g_error ("The menu of “%s” did not open (see %s)",
               vitrine_feed_row_get_item (row)
               ? vitrine_feed_item_get_text (vitrine_feed_row_get_item (row)) : "(no item)",
               path);
    }
  found = find_menu_label (popover, label);

  /* Until its slide-in is over, a popover does not take clicks. */
  vitrine_test_run_for (300);
  return found != NULL ? GTK_WIDGET (found) : NULL;
}

static GtkWidget *
row_popover (VitrineFeedRow *row)
{
  GtkWidget *button = vitrine_feed_row_get_menu_button (row);

  return GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
}

static void
close_menu (VitrineFeedRow *row)
{
  GtkWidget *popover = row_popover (row);

  gtk_popover_popdown (GTK_POPOVER (popover));
  g_assert_true (vitrine_test_wait (widget_is_unmapped, popover, 2000));
  vitrine_test_run_for (300);
}

static void
choose_in_menu (VitrineFeedRow *row,
                const char     *label)
{
  GtkWidget *item = open_row_menu (row, label);

  if (item == NULL)
    g_error ("The row's menu has no “%s”", label);
  vitrine_xtest_click (item);
}

static gboolean
row_has_label (VitrineFeedRow *row,
               const char     *text)
{
  return vitrine_test_find_label_exact (GTK_WIDGET (row), text) != NULL;
}

typedef struct
{
  GtkWidget       *pane;
  VitrineFeedItem *item;
  const char      *text;
} RowLabelWait;

static gboolean
row_shows_label (gpointer data)
{
  RowLabelWait *w = data;
  VitrineFeedRow *row = find_row (w->pane, w->item);

  return row != NULL && row_has_label (row, w->text);
}

static void
wait_for_row_label (GtkWidget       *pane,
                    VitrineFeedItem *item,
                    const char      *text)
{
  RowLabelWait wait = { pane, item, text };

  if (!vitrine_test_wait (row_shows_label, &wait, 5000))
    g_error ("The row of “%s” does not say “%s”", vitrine_feed_item_get_text (item), text);
}

/* ---------------------------------------------------------------------- */
/* The program                                                            */

static const char *shown_kind;
static guint n_comments_shown;

static void
graphics_shown_cb (VitrineGraphics *graphics,
                   const char      *kind,
                   int              canvas_width,
                   guint64          pts,
                   gint64           delay,
                   gpointer         user_data)
{
  if (g_strcmp0 (kind, "comment") == 0)
    {
      shown_kind = "comment";
      n_comments_shown++;
    }
}

static gboolean
comment_was_shown (gpointer data)
{
  return n_comments_shown >= GPOINTER_TO_UINT (data);
}

static gboolean
engine_scene_is_card (gpointer data)
{
  return g_strcmp0 (vitrine_engine_get_scene (data), "card") == 0;
}

/* ---------------------------------------------------------------------- */
/* The items                                                              */

static GPtrArray *all_items;

static VitrineFeedItem *
twitch_says (VitrineTwitchChat *twitch,
             const char        *id,
             const char        *author_id,
             const char        *author,
             const char        *text)
{
  g_autoptr(VitrineFeedItem) item = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, "twitch",
                                                                id, author_id, author, text,
                                                                NULL);

  _vitrine_feed_source_emit_item (VITRINE_FEED_SOURCE (twitch), item);
  g_ptr_array_add (all_items, g_object_ref (item));
  return item;
}

static gboolean
queue_button_matches (GtkWidget     *widget,
                      gconstpointer  icon_name)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon_name) == 0;
}

/* The button with @icon_name in the queue strip's row that shows @text. */
static GtkWidget *
find_queue_button (GtkWidget  *pane,
                   const char *text,
                   const char *icon_name)
{
  GtkWidget *list = vitrine_test_find_widget (pane, GTK_TYPE_LIST_BOX, TRUE);
  GtkLabel *label;

  g_assert_nonnull (list);
  label = vitrine_test_find_label (list, text, FALSE, TRUE);
  if (label == NULL)
    return NULL;
  return vitrine_test_find_descendant (gtk_widget_get_parent (GTK_WIDGET (label)),
                                       queue_button_matches, icon_name);
}

static gboolean
queue_is_empty (gpointer data)
{
  return g_list_model_get_n_items (data) == 0;
}

static void
test_moderation (void)
{
  const char *words[] = { "scam*", "诈骗", NULL };
  VitrineApplication *app;
  VitrineWindow *window;
  VitrineEngine *engine;
  VitrineGraphics *graphics;
  VitrineFeed *feed;
  VitrineFeedPane *pane;
  VitrineCommentQueue *queue;
  AdwViewStack *side_stack;
  GtkWidget *root;
  GtkWidget *show_hidden;
  g_autoptr(GFile) show_file = NULL;
  g_autofree char *screenshot = NULL;
  g_autoptr(VitrineTwitchChat) twitch = NULL;
  g_autoptr(VitrineWordFilter) filter = vitrine_word_filter_new ();
  g_autoptr(GError) error = NULL;
  VitrineFeedItem *ana, *bob, *cleo, *dan, *eve, *gus1, *gus2, *hana, *fay, *ivy, *lea;
  VitrineFeedRow *row;
  VitrinePixelCheck check = { 0 };
  Helix helix = { 0 };
  HelixRequest *request;
  GtkWidget *button;

  all_items = g_ptr_array_new_with_free_func (g_object_unref);
  helix_start (&helix);
  g_setenv (TOKEN_ENV, "oauth:" TOKEN, TRUE);

  /* The demo show, with the test's own items instead of its scripted feed. */
  show_file = vitrine_test_demo_show_without_feeds ();
  app = vitrine_test_application_new (1280, 1040, &window);
  root = GTK_WIDGET (window);
  test_window = root;
  engine = vitrine_test_load_show (app, window, show_file);
  graphics = vitrine_engine_get_graphics (engine);
  feed = vitrine_application_get_feed (app);
  g_assert_nonnull (feed);
  pane = VITRINE_FEED_PANE (vitrine_test_find_widget (root, VITRINE_TYPE_FEED_PANE, FALSE));
  g_assert_nonnull (pane);
  queue = vitrine_feed_pane_get_comment_queue (pane);
  g_assert_nonnull (queue);

  /* The show's word filter, as the application gives it to the feed. */
  g_assert_true (vitrine_word_filter_set_words (filter, words, &error));
  g_assert_no_error (error);
  vitrine_feed_set_word_filter (feed, filter);

  /* Twitch, moderated through the local Helix. */
  twitch = vitrine_twitch_chat_new ("tw-main", CHANNEL, NULL);
  g_object_set (twitch, "client-id", CLIENT_ID, "helix-base-url", helix.url,
                "broadcaster-id", ROOM_ID, "moderator-id", MOD_ID, NULL);
  vitrine_feed_add_source (feed, VITRINE_FEED_SOURCE (twitch));
  vitrine_feed_pane_update_sources (pane);

  vitrine_xtest_focus_window (root);
  side_stack = ADW_VIEW_STACK (vitrine_test_find_widget (root, ADW_TYPE_VIEW_STACK, TRUE));
  adw_view_stack_set_visible_child_name (side_stack, "feed");
  g_assert_true (vitrine_test_wait (widget_is_mapped, pane, 2000));

  ana = twitch_says (twitch, "tw-1", "tw-ana", "ana_lyon", "hello from Lyon!");
  bob = twitch_says (twitch, "tw-2", "tw-bob", "bob", "SCAMMERS everywhere, dm me for deals");
  cleo = twitch_says (twitch, "tw-3", "tw-cleo", "cleo", "love the scarf");
  dan = twitch_says (twitch, "tw-4", "tw-dan", "dan", "Can you show the green one?");
  eve = twitch_says (twitch, "tw-5", "tw-eve", "eve", "buy followers at spam.example");
  gus1 = twitch_says (twitch, "tw-6", "tw-gus", "gus", "this show is boring");
  hana = twitch_says (twitch, "tw-7", "tw-hana", "hana", "这是诈骗吗");
  gus2 = twitch_says (twitch, "tw-8", "tw-gus", "gus", "still boring");
  {
    g_autoptr(VitrineFeedItem) item =
      vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, "facebook", "fb-1", "fb-lea",
                                  "Léa", "Is the silk scarf washable?", NULL);

    vitrine_feed_append (feed, item);
    lea = item;
  }
  g_assert_cmpstr (vitrine_feed_item_get_source_id (ana), ==, "tw-main");

  /* Filtered: in the feed (and the journal), not in the list. */
  g_assert_cmpint (vitrine_feed_item_get_visibility (bob), ==, VITRINE_FEED_ITEM_HIDDEN);
  g_assert_cmpint (vitrine_feed_item_get_visibility (hana), ==, VITRINE_FEED_ITEM_HIDDEN);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, 9);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_feed_pane_get_shown (pane)), ==, 7);
  g_assert_false (is_listed (pane, bob));
  g_assert_false (is_listed (pane, hana));
  wait_for_row (GTK_WIDGET (pane), lea);
  g_assert_null (vitrine_test_find_label (GTK_WIDGET (pane), "SCAMMERS", FALSE, TRUE));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (pane), "7 of 9"));

  /* "Show Hidden Messages": listed, dimmed and struck through, "Filtered". */
  show_hidden = vitrine_test_find_button_with_icon (GTK_WIDGET (pane), "view-reveal-symbolic");
  g_assert_nonnull (show_hidden);
  vitrine_xtest_click (show_hidden);
  g_assert_true (vitrine_feed_pane_get_show_hidden (pane));
  g_assert_true (is_listed (pane, bob));
  row = reveal_row (pane, bob);
  g_assert_true (row_has_label (row, "Filtered"));
  g_assert_true (row_has_label (row, "SCAMMERS everywhere, dm me for deals"));
  g_assert_true (row_has_label (row, "bob"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "retracted"));
  row = reveal_row (pane, hana);
  g_assert_true (row_has_label (row, "Filtered"));
  vitrine_xtest_click (show_hidden);
  g_assert_false (vitrine_feed_pane_get_show_hidden (pane));
  g_assert_false (is_listed (pane, bob));

  /* Hide through the row's menu: one line, "Hidden by you"... */
  row = reveal_row (pane, cleo);
  choose_in_menu (row, "Hide");
  g_assert_cmpint (vitrine_feed_item_get_visibility (cleo), ==, VITRINE_FEED_ITEM_HIDDEN);
  wait_for_row_label (GTK_WIDGET (pane), cleo, "Hidden by you");
  row = find_row (GTK_WIDGET (pane), cleo);
  g_assert_false (row_has_label (row, "love the scarf"));
  g_assert_false (row_has_label (row, "cleo"));
  /* ...and back with "Show Again", its menu opened from the keyboard. */
  gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row)));
  press_shift_f10 (root);
  {
    GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (
                                       GTK_MENU_BUTTON (vitrine_feed_row_get_menu_button (row))));
    GtkLabel *again;

    if (!vitrine_test_wait (widget_is_mapped, popover, 2000))
      g_error ("Shift+F10 on a row did not open its menu");
    again = find_menu_label (popover, "Show Again");
    g_assert_nonnull (again);
    g_assert_null (vitrine_test_find_label_exact (popover, "Hide"));
    vitrine_test_run_for (300);
    vitrine_xtest_click (GTK_WIDGET (again));
  }
  g_assert_cmpint (vitrine_feed_item_get_visibility (cleo), ==, VITRINE_FEED_ITEM_VISIBLE);
  wait_for_row_label (GTK_WIDGET (pane), cleo, "love the scarf");

  /* No platform actions where the connector has none. */
  row = reveal_row (pane, lea);
  g_assert_nonnull (open_row_menu (row, "Queue for Screen"));
  g_assert_null (find_menu_label (row_popover (row), "Delete for Everyone"));
  g_assert_null (vitrine_test_find_label_exact (row_popover (row), "Ban Author…"));
  close_menu (row);

  /* Delete on Twitch: DELETE /moderation/chat; the row ends struck. */
  row = reveal_row (pane, eve);
  button = open_row_menu (row, "Delete for Everyone");
  g_assert_nonnull (button);
  g_assert_nonnull (vitrine_test_find_label_exact (row_popover (row), "Ban Author…"));
  /* A timeout too (Helix's "duration", checked in test-twitch-chat). */
  g_assert_nonnull (vitrine_test_find_label_exact (row_popover (row),
                                                   "Time Out Author for 10 Minutes…"));
  vitrine_xtest_click (button);
  request = wait_for_request (&helix, 1);
  g_assert_cmpstr (request->method, ==, "DELETE");
  g_assert_cmpstr (request->path, ==, "/helix/moderation/chat");
  g_assert_cmpstr (request->query, ==, "broadcaster_id=" ROOM_ID "&moderator_id=" MOD_ID
                                       "&message_id=tw-5");
  g_assert_cmpstr (request->authorization, ==, "Bearer " TOKEN);
  g_assert_cmpstr (request->client_id, ==, CLIENT_ID);
  g_assert_null (strstr (request->query, TOKEN));
  wait_for_row_label (GTK_WIDGET (pane), eve, "Deleted");
  row = find_row (GTK_WIDGET (pane), eve);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "retracted"));
  g_assert_cmpint (vitrine_feed_item_get_visibility (eve), ==, VITRINE_FEED_ITEM_DELETED);

  /* Twitch refuses (the account does not moderate): said in a toast, in
   * the connector's words; the message stays. */
  helix.status = SOUP_STATUS_FORBIDDEN;
  helix.answer = "{\"error\":\"Forbidden\",\"status\":403,\"message\":\"not a moderator\"}";
  row = reveal_row (pane, ana);
  choose_in_menu (row, "Delete for Everyone");
  wait_for_request (&helix, 2);
  if (!vitrine_test_wait_for_toast (root, "may not moderate #" CHANNEL, 5000))
    g_error ("No toast said that Twitch refused");
  g_assert_cmpint (vitrine_feed_item_get_visibility (ana), ==, VITRINE_FEED_ITEM_VISIBLE);

  /* Ban, after a confirmation: POST /moderation/bans; both of gus's
   * messages are marked. */
  helix.status = SOUP_STATUS_OK;
  helix.answer = "{\"data\":[{\"broadcaster_id\":\"" ROOM_ID "\",\"user_id\":\"tw-gus\"}]}";
  row = reveal_row (pane, gus2);
  choose_in_menu (row, "Ban Author…");
  if (!vitrine_test_wait (vitrine_test_message_dialog_shown, NULL, 5000))
    g_error ("“Ban Author…” did not ask first");
  {
    GtkWidget *dialog = vitrine_test_find_message_dialog ();
    GtkLabel *ban;

    g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                     "Ban gus?");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                              "Twitch"));
    /* Nothing is sent before the host says yes. */
    g_assert_cmpuint (helix.requests->len, ==, 2);
    vitrine_test_run_for (300);
    ban = vitrine_test_find_label_exact (dialog, "Ban");
    g_assert_nonnull (ban);
    vitrine_xtest_click (GTK_WIDGET (ban));
  }
  request = wait_for_request (&helix, 3);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/helix/moderation/bans");
  g_assert_nonnull (strstr (request->body, "\"user_id\":\"tw-gus\""));
  wait_for_row_label (GTK_WIDGET (pane), gus2, "Banned");
  g_assert_cmpint (vitrine_feed_item_get_visibility (gus1), ==, VITRINE_FEED_ITEM_BANNED);
  g_assert_cmpint (vitrine_feed_item_get_visibility (gus2), ==, VITRINE_FEED_ITEM_BANNED);
  g_assert_null (vitrine_test_find_message_dialog ());

  /* "hold": the message waits with Allow and Hide. */
  vitrine_word_filter_set_action (filter, VITRINE_WORD_FILTER_HOLD);
  fay = twitch_says (twitch, "tw-9", "tw-fay", "fay", "is this a scam? asking for a friend");
  g_assert_true (is_listed (pane, fay));
  row = reveal_row (pane, fay);
  g_assert_true (row_has_label (row, "Held"));
  g_assert_true (row_has_label (row, "Contains “scam*”"));
  g_assert_true (row_has_label (row, "is this a scam? asking for a friend"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "held"));
  {
    GtkLabel *allow = vitrine_test_find_label_exact (GTK_WIDGET (row), "Allow");

    g_assert_nonnull (allow);
    vitrine_xtest_click (GTK_WIDGET (allow));
  }
  g_assert_cmpint (vitrine_feed_item_get_visibility (fay), ==, VITRINE_FEED_ITEM_VISIBLE);
  g_assert_cmpint (vitrine_feed_item_get_filter_state (fay), ==, VITRINE_FEED_ITEM_FILTER_NONE);
  row = wait_for_row (GTK_WIDGET (pane), fay);
  g_assert_false (row_has_label (row, "Held"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "held"));

  /* The screen queue. A still picture makes the preview comparable. */
  if (!vitrine_test_wait_for_frames (vitrine_window_get_preview (window), 2, 15000))
    g_error ("The preview showed no frames in 15 s");
  g_action_group_activate_action (G_ACTION_GROUP (window), "scene",
                                  g_variant_new_string ("card"));
  g_assert_true (vitrine_test_wait (engine_scene_is_card, engine, 5000));
  vitrine_test_run_for (800);
  check.preview = vitrine_window_get_preview (window);
  check.baseline = g_object_ref (vitrine_preview_paintable_get_texture (check.preview));
  g_signal_connect (graphics, "shown", G_CALLBACK (graphics_shown_cb), NULL);

  row = reveal_row (pane, dan);
  choose_in_menu (row, "Queue for Screen");
  g_assert_true (vitrine_comment_queue_contains (queue, dan));
  row = reveal_row (pane, cleo);
  choose_in_menu (row, "Queue for Screen");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 2);
  g_assert_true (vitrine_test_wait (widget_is_mapped,
                                    vitrine_test_find_label_exact (GTK_WIDGET (pane),
                                                                   "2 Comments for the Screen"),
                                    2000));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (pane),
                                                   "dan: Can you show the green one?"));
  /* Queued, not approved: nothing on screen. */
  vitrine_test_run_for (300);
  g_assert_cmpuint (n_comments_shown, ==, 0);
  g_assert_null (vitrine_feed_pane_get_on_screen (pane));

  /* Approve Dan's: on the program. Each stays 3 s here. */
  _vitrine_comment_queue_set_interval_ms (queue, 3000);
  button = find_queue_button (GTK_WIDGET (pane), "dan: Can you show", "object-select-symbolic");
  g_assert_nonnull (button);
  vitrine_xtest_click (button);
  if (!vitrine_test_wait (comment_was_shown, GUINT_TO_POINTER (1), 5000))
    g_error ("Approving a queued comment put nothing on the program");
  g_assert_true (vitrine_feed_pane_get_on_screen (pane) == dan);
  g_assert_true (vitrine_comment_queue_get_current (queue) == dan);
  if (!vitrine_test_wait (vitrine_test_preview_changed, &check, 5000))
    g_error ("The preview did not change with the approved comment (%.2f %% changed)",
             check.changed * 100);
  g_test_message ("approved comment on screen: %.1f %% of the preview changed",
                  check.changed * 100);
  row = reveal_row (pane, dan);
  g_assert_true (vitrine_feed_row_get_on_screen (row));
  g_assert_nonnull (vitrine_test_find_label_exact (GTK_WIDGET (pane), "On screen"));
  /* Its time is over: off the program and out of the queue by itself. */
  if (!vitrine_test_wait (vitrine_test_preview_unchanged, &check, 8000))
    g_error ("The queued comment stayed on the program after its time (%.2f %% changed)",
             check.changed * 100);
  g_assert_null (vitrine_feed_pane_get_on_screen (pane));
  g_assert_false (vitrine_comment_queue_contains (queue, dan));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 1);

  /* Cleo's approved, then deleted on the platform: off the screen and out
   * of the queue by itself. */
  button = find_queue_button (GTK_WIDGET (pane), "cleo: love the scarf",
                              "object-select-symbolic");
  g_assert_nonnull (button);
  vitrine_xtest_click (button);
  g_assert_true (vitrine_test_wait (comment_was_shown, GUINT_TO_POINTER (2), 5000));
  g_assert_true (vitrine_feed_pane_get_on_screen (pane) == cleo);
  g_assert_true (vitrine_test_wait (vitrine_test_preview_changed, &check, 5000));
  g_assert_true (vitrine_feed_retract (feed, "twitch", "tw-3"));
  g_assert_null (vitrine_feed_pane_get_on_screen (pane));
  g_assert_true (queue_is_empty (queue));
  if (!vitrine_test_wait (vitrine_test_preview_unchanged, &check, 5000))
    g_error ("The deleted comment stayed on the program (%.2f %% changed)", check.changed * 100);

  /* What the host sees: hidden messages shown, one held, the queue with
   * one comment on screen (for a minute) and one waiting. */
  _vitrine_comment_queue_set_interval_ms (queue, 60000);
  ivy = twitch_says (twitch, "tw-10", "tw-ivy", "ivy", "is the scammer gone? 😅");
  g_assert_true (vitrine_comment_queue_add (queue, fay));
  g_assert_true (vitrine_comment_queue_add (queue, ana));
  vitrine_comment_queue_approve (queue, ana);
  g_assert_true (vitrine_test_wait (comment_was_shown, GUINT_TO_POINTER (3), 5000));
  g_assert_true (vitrine_test_wait (vitrine_test_preview_changed, &check, 5000));
  vitrine_xtest_click (show_hidden);
  vitrine_feed_pane_scroll_to_newest (pane);
  wait_for_row (GTK_WIDGET (pane), ivy);
  g_assert_true (row_has_label (find_row (GTK_WIDGET (pane), ivy), "Held"));
  /* The strip says how long each stays on. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (
                     GTK_SPIN_BUTTON (vitrine_test_find_widget (GTK_WIDGET (pane),
                                                                GTK_TYPE_SPIN_BUTTON, TRUE))),
                   ==, 60);
  vitrine_test_run_for (600);
  gtk_test_widget_wait_for_draw (root);
  screenshot = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests", "ui",
                                 "moderation.png", NULL);
  vitrine_test_save_screenshot (root, screenshot);
  g_test_message ("screenshot: %s", screenshot);

  /* The queue emptied: the program is clear; the list, scrolled up, shows
   * the filtered, deleted and banned messages. */
  vitrine_comment_queue_clear (queue);
  g_assert_null (vitrine_feed_pane_get_on_screen (pane));
  if (!vitrine_test_wait (vitrine_test_preview_unchanged, &check, 5000))
    g_error ("A comment stayed on the program once the queue was emptied");
  reveal_row (pane, gus1);
  vitrine_test_run_for (600);
  gtk_test_widget_wait_for_draw (root);
  g_clear_pointer (&screenshot, g_free);
  screenshot = g_build_filename (g_getenv ("VITRINE_BUILD_ROOT"), "tests", "ui",
                                 "moderation-list.png", NULL);
  vitrine_test_save_screenshot (root, screenshot);
  g_test_message ("screenshot: %s", screenshot);

  g_signal_handlers_disconnect_by_func (graphics, graphics_shown_cb, NULL);
  vitrine_test_close_show (app, window);
  g_assert_null (vitrine_feed_pane_get_feed (pane));
  g_assert_true (queue_is_empty (queue));
  g_assert_null (vitrine_feed_pane_get_on_screen (pane));

  g_clear_object (&check.baseline);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
  g_unsetenv (TOKEN_ENV);
  helix_stop (&helix);
  g_clear_pointer (&all_items, g_ptr_array_unref);
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
      g_test_add_func ("/moderation/host", test_moderation);
#endif
    }
  else
    {
      g_test_add_func ("/moderation/host", test_skip_without_xtest);
    }

  return g_test_run ();
}
