/* journal-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A show that never ends, for the crash test in test-journal.c: a feed with a
 * journal attached, chat arriving at about 2000 items a second (a few paid
 * messages and deletions among it), until someone kills it with SIGKILL.
 *
 *   journal-writer PATH
 *
 * After item N is appended to the feed, a line "N SENT_AT\n" goes to stdout,
 * SENT_AT being g_get_monotonic_time() (CLOCK_MONOTONIC, the same clock in
 * every process), written with one write(2) so that it reaches the pipe
 * before the next item, with no stdio buffer to lose.
 */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "vitrine-journal.h"

/* Items per tick of the 1 ms timer. */
#define BURST 2

typedef struct
{
  VitrineFeed *feed;
  guint64      n;
} Writer;

static void
say (const char *line)
{
  gsize left = strlen (line);

  while (left > 0)
    {
      gssize written = write (STDOUT_FILENO, line, left);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        _exit (2);
      line += written;
      left -= written;
    }
}

static gboolean
tick_cb (gpointer data)
{
  Writer *writer = data;

  for (guint i = 0; i < BURST; i++)
    {
      g_autoptr(VitrineFeedItem) item = NULL;
      g_autofree char *id = NULL;
      g_autofree char *author_id = NULL;
      g_autofree char *text = NULL;
      char line[64];
      guint64 n = ++writer->n;

      id = g_strdup_printf ("m%" G_GUINT64_FORMAT, n);
      author_id = g_strdup_printf ("u%" G_GUINT64_FORMAT, n % 37);
      text = g_strdup_printf ("item %" G_GUINT64_FORMAT " — is A12 still there? 🧣", n);

      if (n % 50 == 0)
        {
          VitrineMoney money;

          item = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_PAID, "youtube", id, author_id,
                                             "Ana P.", text, NULL);
          vitrine_money_init (&money, 500, "USD");
          vitrine_feed_item_set_amount (item, &money);
          vitrine_feed_item_set_detail (item, "Super Chat");
        }
      else
        item = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, "twitch", id, author_id,
                                           "viewer", text, NULL);
      vitrine_feed_append (writer->feed, item);

      /* Now and then a moderator deletes a recent message. */
      if (n % 100 == 0)
        {
          g_autofree char *victim = g_strdup_printf ("m%" G_GUINT64_FORMAT, n - 5);

          vitrine_feed_retract (writer->feed, "twitch", victim);
        }

      g_snprintf (line, sizeof line, "%" G_GUINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                  n, g_get_monotonic_time ());
      say (line);
    }

  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(VitrineJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  Writer writer = { 0 };

  if (argc != 2)
    {
      g_printerr ("Usage: %s JOURNAL\n", argv[0]);
      return 1;
    }

  journal = vitrine_journal_open (argv[1], &error);
  if (journal == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  writer.feed = vitrine_feed_new (200);
  vitrine_journal_attach_feed (journal, writer.feed);

  loop = g_main_loop_new (NULL, FALSE);
  g_timeout_add (1, tick_cb, &writer);
  g_main_loop_run (loop);

  g_object_unref (writer.feed);
  return 0;
}
