/* vitrine-journal.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-journal"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "vitrine-journal.h"

/* The show's journal: one SQLite database per show, so that nothing the
 * host saw (or sold) is lost when Vitrine crashes, and so that the show can
 * be exported and summed up afterwards.
 *
 * Writes never touch the disk on the caller's thread. Each call copies what
 * it records into an operation and pushes it on a GAsyncQueue (an
 * uncontended lock, about 2 µs per feed item in all); a worker thread, the
 * only user of the connection, sleeps until COMMIT_INTERVAL after the first
 * write of a batch was queued, then takes everything queued by then and
 * commits it in ONE transaction. Flush, close, export and the summary wake
 * it early and commit first. A backlog (a flood of chat, a slow disk) makes
 * fewer, larger commits, never one per item. A commit holds every write
 * queued before the last one it holds: writes reach the disk in the order
 * they were made, so an order connector that records orders and then its
 * cursor can never find the cursor saved without the orders.
 *
 * Recording is for the thread that opened the journal (the main thread):
 * items' numbers and the cursors' cache live there.
 *
 * Durability. The promise is "every item received more than a second ago is
 * in the journal, even after kill -9". The database is in WAL mode with
 * synchronous=NORMAL. A COMMIT in WAL mode is a write() of the new pages to
 * the -wal file; once write() returns, the data is in the kernel's page
 * cache and survives the death of the process, whatever `synchronous` says.
 * What synchronous=FULL adds is an fsync() per commit, which only matters if
 * the machine itself goes down (power cut, kernel panic). We deliberately do
 * not pay for it: while the show is recorded to the same disk, an fsync can
 * take seconds, the worker would wait, items would pile up in memory, and a
 * plain crash would then lose more than a second. With NORMAL the database
 * is never corrupted by a power cut either; it may only lose the commits made
 * since the last checkpoint (SQLite syncs the WAL at each checkpoint, every
 * ~1000 pages, and at close).
 *
 * Failures (disk full, read-only file, I/O errors, another program holding a
 * lock) never lose anything silently: the transaction is rolled back, its
 * operations stay in memory, the #VitrineJournal:error property tells the
 * host what happened and how many entries wait, and the worker tries again
 * every RETRY_INTERVAL until it succeeds (and the error clears again). */

/* A commit at most this long after the first write it holds: well inside
 * the one-second promise, and still only four transactions a second. */
#define COMMIT_INTERVAL (250 * G_TIME_SPAN_MILLISECOND)

/* The most operations one commit takes from a backlog. */
#define MAX_BATCH 50000

/* After a failed commit, how long before the next try. */
#define RETRY_INTERVAL (2 * G_TIME_SPAN_SECOND)

/* "VTRN": PRAGMA application_id, so a show journal is recognisable. */
#define APPLICATION_ID 0x5654524E

/* Orders with these statuses (in any case) do not count in the summary. */
#define COUNTED_ORDER(o) \
  "lower(coalesce(" o ".status, '')) NOT IN " \
  "('cancelled', 'canceled', 'refunded', 'voided', 'failed', 'trash')"

/* The schema, one step per version: migrations[i] brings a journal from
 * version i to version i + 1, in one transaction. Never edit a step that has
 * shipped; add one. Times are microseconds since 1970 (UTC); money is an
 * integer of minor units beside its ISO 4217 code; platform ids are TEXT. */
static const char * const migrations[] = {
  /* 1: the first schema */
  "CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT;"
  "INSERT INTO schema_version (version) VALUES (0);"
  "CREATE TABLE items ("
  "  seq INTEGER PRIMARY KEY,"       /* the journal's own order of arrival */
  "  kind TEXT NOT NULL,"            /* chat, paid, membership, order, claim… */
  "  platform TEXT NOT NULL,"
  "  platform_id TEXT,"
  "  author_id TEXT,"
  "  author TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  amount INTEGER,"                /* minor units of currency */
  "  currency TEXT,"
  "  detail TEXT,"
  "  flags INTEGER NOT NULL,"        /* VitrineFeedItemFlags */
  "  visibility TEXT NOT NULL,"      /* the latest: visible, deleted, banned, hidden */
  "  time_us INTEGER NOT NULL,"      /* when the platform says */
  "  received_us INTEGER NOT NULL,"  /* when it reached the studio */
  "  source_id TEXT"
  ") STRICT;"
  "CREATE INDEX items_by_platform_id ON items (platform, platform_id);"
  "CREATE TABLE visibility_changes ("
  "  seq INTEGER PRIMARY KEY,"
  "  item_seq INTEGER REFERENCES items (seq),"
  "  platform TEXT,"
  "  platform_id TEXT,"
  "  author_id TEXT,"
  "  visibility TEXT NOT NULL,"
  "  time_us INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE orders ("
  "  platform TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  name TEXT,"
  "  customer TEXT,"
  "  status TEXT,"
  "  total INTEGER,"
  "  currency TEXT,"
  "  created_us INTEGER,"
  "  updated_us INTEGER,"
  "  raw_json TEXT,"
  "  recorded_us INTEGER NOT NULL,"
  "  PRIMARY KEY (platform, id)"
  ") STRICT;"
  "CREATE TABLE order_lines ("
  "  platform TEXT NOT NULL,"
  "  order_id TEXT NOT NULL,"
  "  line_no INTEGER NOT NULL,"
  "  id TEXT,"
  "  product TEXT,"
  "  sku TEXT,"
  "  title TEXT,"
  "  variant TEXT,"
  "  quantity INTEGER NOT NULL,"
  "  total INTEGER,"
  "  currency TEXT,"
  "  PRIMARY KEY (platform, order_id, line_no)"
  ") STRICT;"
  "CREATE TABLE claims ("
  "  id TEXT PRIMARY KEY,"
  "  product TEXT NOT NULL,"
  "  variant TEXT,"
  "  quantity INTEGER NOT NULL,"
  "  state TEXT NOT NULL,"
  "  platform TEXT,"
  "  author_id TEXT,"
  "  author TEXT,"
  "  item_id TEXT,"
  "  text TEXT,"
  "  time_us INTEGER,"
  "  created_us INTEGER NOT NULL,"
  "  updated_us INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE claim_states ("
  "  seq INTEGER PRIMARY KEY,"
  "  claim_id TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  time_us INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE destination_events ("
  "  seq INTEGER PRIMARY KEY,"
  "  destination TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  message TEXT,"
  "  time_us INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE cursors ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL,"
  "  updated_us INTEGER NOT NULL"
  ") STRICT;",
};

#define SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

static const char * const kind_names[] = {
  [VITRINE_FEED_ITEM_NOTICE] = "notice",
  [VITRINE_FEED_ITEM_CHAT] = "chat",
  [VITRINE_FEED_ITEM_ORDER] = "order",
  [VITRINE_FEED_ITEM_PAID] = "paid",
  [VITRINE_FEED_ITEM_MEMBERSHIP] = "membership",
  [VITRINE_FEED_ITEM_CLAIM] = "claim",
  [VITRINE_FEED_ITEM_MODERATION] = "moderation",
};

static const char * const visibility_names[] = {
  [VITRINE_FEED_ITEM_VISIBLE] = "visible",
  [VITRINE_FEED_ITEM_DELETED] = "deleted",
  [VITRINE_FEED_ITEM_BANNED] = "banned",
  [VITRINE_FEED_ITEM_HIDDEN] = "hidden",
};

static const char * const flag_names[] = { "owner", "moderator", "member", "verified" };

/* What the main thread and the worker share, and what outlives the
 * journal for as long as an item watches it. Reference-counted; @journal is
 * touched on the journal's main context only, and is %NULL once closed. */
typedef struct
{
  VitrineJournal *journal;
  int             commits;   /* atomic */
} Shared;

/* ----------------------------------------------------------------------- */
/* Operations                                                               */

typedef enum
{
  OP_ITEM,
  OP_VISIBILITY,
  OP_ORDER,
  OP_CLAIM,
  OP_CLAIM_STATE,
  OP_DESTINATION,
  OP_CURSOR,
  /* Not writes: handled in the queue's order, each after a commit. */
  OP_CONTROL,
  OP_CLOSE,
} OpType;

typedef struct
{
  OpType   type;
  gint64   queued;   /* monotonic */
  gboolean broken;   /* refused by SQLite as data; already reported */
} Op;

typedef struct
{
  Op        op;
  gint64    seq;
  int       kind;
  int       visibility;
  guint     flags;
  gboolean  has_amount;
  gint64    amount;
  char      currency[4];
  gint64    time_us;
  gint64    received_us;
  char     *platform;
  char     *platform_id;
  char     *author_id;
  char     *author;
  char     *text;
  char     *detail;
  char     *source_id;
} ItemOp;

typedef struct
{
  Op      op;
  gint64  seq;
  int     visibility;
  gint64  time_us;
  char   *platform;
  char   *platform_id;
  char   *author_id;
} VisibilityOp;

typedef struct
{
  char     *id;
  char     *product;
  char     *sku;
  char     *title;
  char     *variant;
  gint64    quantity;
  gboolean  has_total;
  gint64    total;
  char      currency[4];
} LineCopy;

typedef struct
{
  Op        op;
  char     *platform;
  char     *id;
  char     *name;
  char     *customer;
  char     *status;
  gboolean  has_total;
  gint64    total;
  char      currency[4];
  gboolean  has_created;
  gint64    created_us;
  gboolean  has_updated;
  gint64    updated_us;
  char     *raw_json;
  gint64    recorded_us;
  LineCopy *lines;
  guint     n_lines;
} OrderOp;

typedef struct
{
  Op        op;
  char     *id;
  char     *product;
  char     *variant;
  gint64    quantity;
  char     *state;
  char     *platform;
  char     *author_id;
  char     *author;
  char     *item_id;
  char     *text;
  gboolean  has_time;
  gint64    time_us;
  gint64    updated_us;
} ClaimOp;

typedef struct
{
  Op      op;
  char   *id;
  char   *state;
  gint64  time_us;
} ClaimStateOp;

typedef struct
{
  Op      op;
  char   *destination;
  char   *state;
  char   *message;
  gint64  time_us;
} DestinationOp;

typedef struct
{
  Op      op;
  char   *key;
  char   *value;   /* NULL: forget the cursor */
  gint64  time_us;
} CursorOp;

typedef struct _Worker Worker;

/* Runs on the worker after a commit; returns a non-%NULL result or sets @error. */
typedef gpointer (*ControlFunc) (Worker  *worker,
                                 gpointer data,
                                 GError **error);

/* A caller waiting on its own thread for a control operation. */
typedef struct
{
  GMutex    mutex;
  GCond     cond;
  gboolean  done;
  gpointer  result;
  GError   *error;
} Waiter;

typedef struct
{
  Op              op;
  ControlFunc     func;        /* NULL: just the commit (flush) */
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
  GTask          *task;        /* either a task… */
  Waiter         *waiter;      /* …or a waiter */
} ControlOp;

static void
line_copy_clear (LineCopy *line)
{
  g_free (line->id);
  g_free (line->product);
  g_free (line->sku);
  g_free (line->title);
  g_free (line->variant);
}

static void
op_free (Op *op)
{
  switch (op->type)
    {
    case OP_ITEM:
      {
        ItemOp *item = (ItemOp *)op;

        g_free (item->platform);
        g_free (item->platform_id);
        g_free (item->author_id);
        g_free (item->author);
        g_free (item->text);
        g_free (item->detail);
        g_free (item->source_id);
      }
      break;

    case OP_VISIBILITY:
      {
        VisibilityOp *vis = (VisibilityOp *)op;

        g_free (vis->platform);
        g_free (vis->platform_id);
        g_free (vis->author_id);
      }
      break;

    case OP_ORDER:
      {
        OrderOp *order = (OrderOp *)op;

        g_free (order->platform);
        g_free (order->id);
        g_free (order->name);
        g_free (order->customer);
        g_free (order->status);
        g_free (order->raw_json);
        for (guint i = 0; i < order->n_lines; i++)
          line_copy_clear (&order->lines[i]);
        g_free (order->lines);
      }
      break;

    case OP_CLAIM:
      {
        ClaimOp *claim = (ClaimOp *)op;

        g_free (claim->id);
        g_free (claim->product);
        g_free (claim->variant);
        g_free (claim->state);
        g_free (claim->platform);
        g_free (claim->author_id);
        g_free (claim->author);
        g_free (claim->item_id);
        g_free (claim->text);
      }
      break;

    case OP_CLAIM_STATE:
      {
        ClaimStateOp *state = (ClaimStateOp *)op;

        g_free (state->id);
        g_free (state->state);
      }
      break;

    case OP_DESTINATION:
      {
        DestinationOp *dest = (DestinationOp *)op;

        g_free (dest->destination);
        g_free (dest->state);
        g_free (dest->message);
      }
      break;

    case OP_CURSOR:
      {
        CursorOp *cursor = (CursorOp *)op;

        g_free (cursor->key);
        g_free (cursor->value);
      }
      break;

    case OP_CONTROL:
    case OP_CLOSE:
      {
        ControlOp *control = (ControlOp *)op;

        if (control->data_free != NULL)
          control->data_free (control->data);
        g_clear_object (&control->task);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  g_free (op);
}

static gpointer
op_new (OpType type,
        gsize  size)
{
  Op *op = g_malloc0 (size);

  op->type = type;
  op->queued = g_get_monotonic_time ();
  return op;
}

/* ----------------------------------------------------------------------- */
/* Times, money and errors                                                  */

static gint64
time_to_us (GDateTime *time)
{
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static gint64
now_us (void)
{
  return g_get_real_time ();
}

/* "2026-11-21T19:05:31.250Z": what spreadsheets read as a date. */
static char *
format_us (gint64 us)
{
  gint64 seconds = us / G_USEC_PER_SEC;
  gint64 rest = us % G_USEC_PER_SEC;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *base = NULL;

  if (rest < 0)
    {
      seconds--;
      rest += G_USEC_PER_SEC;
    }
  time = g_date_time_new_from_unix_utc (seconds);
  if (time == NULL)
    return g_strdup ("");
  base = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", base, (int) (rest / 1000));
}

static void
money_copy (const VitrineMoney *money,
            gboolean           *has,
            gint64             *amount,
            char                currency[4])
{
  *has = money != NULL && money->currency[0] != '\0';
  *amount = *has ? money->amount : 0;
  if (*has)
    memcpy (currency, money->currency, 4);
  else
    memset (currency, 0, 4);
  currency[3] = '\0';
}

G_DEFINE_QUARK (vitrine-journal-error-quark, vitrine_journal_error)

/* Why SQLite failed, in words for the host (no capital, no full stop). */
static char *
describe_failure (int  rc,
                  int  sys_errno,
                  int *code)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      *code = VITRINE_JOURNAL_ERROR_NO_SPACE;
      return g_strdup (_("the disk is full"));

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      *code = VITRINE_JOURNAL_ERROR_READ_ONLY;
      return g_strdup (_("the folder or the file is read-only"));

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      *code = VITRINE_JOURNAL_ERROR_LOCKED;
      return g_strdup (_("another program is using the file"));

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      *code = VITRINE_JOURNAL_ERROR_DAMAGED;
      return g_strdup (_("the file is damaged, or is not a show journal"));

    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      if (sys_errno == ENOSPC || sys_errno == EDQUOT)
        {
          *code = VITRINE_JOURNAL_ERROR_NO_SPACE;
          return g_strdup (_("the disk is full"));
        }
      if (sys_errno == EACCES || sys_errno == EPERM || sys_errno == EROFS)
        {
          *code = VITRINE_JOURNAL_ERROR_READ_ONLY;
          return g_strdup (_("the folder or the file is read-only"));
        }
      *code = VITRINE_JOURNAL_ERROR_IO;
      if (sys_errno != 0)
        return g_strdup_printf (_("the disk reported an error (%s)"), g_strerror (sys_errno));
      return g_strdup (_("the disk reported an error"));

    default:
      *code = VITRINE_JOURNAL_ERROR_FAILED;
      return g_strdup_printf (_("an unexpected error (%s)"), sqlite3_errstr (rc));
    }
}

static GError *
open_error_new (sqlite3    *db,
                int         rc,
                const char *path)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *reason = NULL;
  int code;

  reason = describe_failure (rc, db ? sqlite3_system_errno (db) : 0, &code);
  return g_error_new (VITRINE_JOURNAL_ERROR, code,
                      _("Cannot open the show’s journal “%s”: %s."), display, reason);
}

/* Errors worth trying again (the disk, locks, memory), as opposed to an
 * entry SQLite refuses as such (which would be refused forever). */
static gboolean
is_storage_failure (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
      return FALSE;

    default:
      return TRUE;
    }
}

/* ----------------------------------------------------------------------- */
/* The worker                                                               */

enum {
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_ITEM,
  STMT_VISIBILITY_UPDATE,
  STMT_VISIBILITY_INSERT,
  STMT_ORDER,
  STMT_ORDER_LINES_DELETE,
  STMT_ORDER_LINE,
  STMT_CLAIM,
  STMT_CLAIM_STATE_UPDATE,
  STMT_CLAIM_STATE,
  STMT_DESTINATION,
  STMT_CURSOR_SET,
  STMT_CURSOR_DELETE,
  N_STMTS
};

static const char * const statements[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_ITEM] =
    "INSERT INTO items (seq, kind, platform, platform_id, author_id, author, text, amount, "
    "currency, detail, flags, visibility, time_us, received_us, source_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
  [STMT_VISIBILITY_UPDATE] = "UPDATE items SET visibility = ?2 WHERE seq = ?1",
  [STMT_VISIBILITY_INSERT] =
    "INSERT INTO visibility_changes (item_seq, platform, platform_id, author_id, visibility, "
    "time_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  /* A copy older than the one kept is ignored: polls overlap. */
  [STMT_ORDER] =
    "INSERT INTO orders (platform, id, name, customer, status, total, currency, created_us, "
    "updated_us, raw_json, recorded_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
    "ON CONFLICT (platform, id) DO UPDATE SET name = excluded.name, "
    "customer = excluded.customer, status = excluded.status, total = excluded.total, "
    "currency = excluded.currency, created_us = excluded.created_us, "
    "updated_us = excluded.updated_us, raw_json = excluded.raw_json, "
    "recorded_us = excluded.recorded_us "
    "WHERE coalesce(excluded.updated_us, 0) >= coalesce(orders.updated_us, 0)",
  [STMT_ORDER_LINES_DELETE] = "DELETE FROM order_lines WHERE platform = ?1 AND order_id = ?2",
  [STMT_ORDER_LINE] =
    "INSERT INTO order_lines (platform, order_id, line_no, id, product, sku, title, variant, "
    "quantity, total, currency) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
  [STMT_CLAIM] =
    "INSERT INTO claims (id, product, variant, quantity, state, platform, author_id, author, "
    "item_id, text, time_us, created_us, updated_us) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12) "
    "ON CONFLICT (id) DO UPDATE SET product = excluded.product, variant = excluded.variant, "
    "quantity = excluded.quantity, state = excluded.state, platform = excluded.platform, "
    "author_id = excluded.author_id, author = excluded.author, item_id = excluded.item_id, "
    "text = excluded.text, time_us = excluded.time_us, updated_us = excluded.updated_us",
  [STMT_CLAIM_STATE_UPDATE] = "UPDATE claims SET state = ?2, updated_us = ?3 WHERE id = ?1",
  [STMT_CLAIM_STATE] = "INSERT INTO claim_states (claim_id, state, time_us) VALUES (?1, ?2, ?3)",
  [STMT_DESTINATION] =
    "INSERT INTO destination_events (destination, state, message, time_us) "
    "VALUES (?1, ?2, ?3, ?4)",
  [STMT_CURSOR_SET] =
    "INSERT INTO cursors (key, value, updated_us) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_us = excluded.updated_us",
  [STMT_CURSOR_DELETE] = "DELETE FROM cursors WHERE key = ?1",
};

struct _Worker
{
  sqlite3      *db;
  char         *path;
  GAsyncQueue  *queue;       /* Op, pushed by any thread, popped by the worker */
  GPtrArray    *batch;       /* Op: the writes of the next commit, in order */
  gint64        deadline;    /* monotonic: when the batch is committed */
  gboolean      failing;     /* the last commit failed and was reported */
  int           failure;     /* VitrineJournalError of the last failure */
  char         *reason;      /* and why, for the host */
  gint64        retry_at;    /* monotonic */
  GMainContext *context;     /* the journal's */
  Shared       *shared;
  sqlite3_stmt *stmts[N_STMTS];
  GMutex        wake_mutex;  /* guards wake */
  GCond         wake_cond;
  gboolean      wake;        /* a control operation waits */
};

typedef struct
{
  Shared *shared;
  GError *error;   /* NULL: saved again */
} Report;

static void journal_set_error (VitrineJournal *self,
                               const GError   *error);

static gboolean
report_cb (gpointer data)
{
  Report *report = data;

  if (report->shared->journal != NULL)
    journal_set_error (report->shared->journal, report->error);
  return G_SOURCE_REMOVE;
}

static void
report_free (gpointer data)
{
  Report *report = data;

  g_clear_error (&report->error);
  g_atomic_rc_box_release (report->shared);
  g_free (report);
}

/* Tells the main thread; takes @error. */
static void
worker_report (Worker *w,
               GError *error)
{
  Report *report = g_new0 (Report, 1);

  report->shared = g_atomic_rc_box_acquire (w->shared);
  report->error = error;
  g_main_context_invoke_full (w->context, G_PRIORITY_DEFAULT, report_cb, report, report_free);
}

static int
commit_hook_cb (void *data)
{
  Shared *shared = data;

  g_atomic_int_inc (&shared->commits);
  return 0;
}

static sqlite3_stmt *
worker_stmt (Worker *w,
             int     which,
             int    *rc)
{
  if (w->stmts[which] == NULL)
    {
      *rc = sqlite3_prepare_v3 (w->db, statements[which], -1, SQLITE_PREPARE_PERSISTENT,
                                &w->stmts[which], NULL);
      if (*rc != SQLITE_OK)
        return NULL;
    }
  *rc = SQLITE_OK;
  return w->stmts[which];
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_money (sqlite3_stmt *stmt,
            int           amount_index,
            gboolean      has,
            gint64        amount,
            const char   *currency)
{
  if (has)
    {
      sqlite3_bind_int64 (stmt, amount_index, amount);
      sqlite3_bind_text (stmt, amount_index + 1, currency, -1, SQLITE_STATIC);
    }
  else
    {
      sqlite3_bind_null (stmt, amount_index);
      sqlite3_bind_null (stmt, amount_index + 1);
    }
}

static void
bind_optional_time (sqlite3_stmt *stmt,
                    int           index,
                    gboolean      has,
                    gint64        us)
{
  if (has)
    sqlite3_bind_int64 (stmt, index, us);
  else
    sqlite3_bind_null (stmt, index);
}

/* Steps a prepared statement once and resets it; SQLITE_OK on success. */
static int
run (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);
  int saved_errno = errno;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  /* The failed write's errno, for describe_failure(). */
  errno = saved_errno;
  return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* Why the system refused, when SQLite does not keep it (it often does not
 * for a failed write in a commit): errno, if it is one that explains. */
static int
system_errno (sqlite3 *db,
              int      saved_errno)
{
  int sys_errno = sqlite3_system_errno (db);

  if (sys_errno != 0)
    return sys_errno;
  switch (saved_errno)
    {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
    case EIO:
    case EROFS:
    case EACCES:
    case EPERM:
      return saved_errno;
    default:
      return 0;
    }
}

static int
worker_run (Worker *w,
            int     which)
{
  int rc;
  sqlite3_stmt *stmt = worker_stmt (w, which, &rc);

  return stmt != NULL ? run (stmt) : rc;
}

#define PREPARE(w, which, stmt, rc) \
  G_STMT_START { \
    (stmt) = worker_stmt ((w), (which), &(rc)); \
    if ((stmt) == NULL) \
      return (rc); \
  } G_STMT_END

static int
apply_item (Worker *w,
            ItemOp *item)
{
  sqlite3_stmt *stmt;
  int rc;

  PREPARE (w, STMT_ITEM, stmt, rc);
  sqlite3_bind_int64 (stmt, 1, item->seq);
  sqlite3_bind_text (stmt, 2, kind_names[item->kind], -1, SQLITE_STATIC);
  bind_text (stmt, 3, item->platform);
  bind_text (stmt, 4, item->platform_id);
  bind_text (stmt, 5, item->author_id);
  bind_text (stmt, 6, item->author);
  bind_text (stmt, 7, item->text);
  bind_money (stmt, 8, item->has_amount, item->amount, item->currency);
  bind_text (stmt, 10, item->detail);
  sqlite3_bind_int64 (stmt, 11, item->flags);
  sqlite3_bind_text (stmt, 12, visibility_names[item->visibility], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 13, item->time_us);
  sqlite3_bind_int64 (stmt, 14, item->received_us);
  bind_text (stmt, 15, item->source_id);
  return run (stmt);
}

static int
apply_visibility (Worker       *w,
                  VisibilityOp *vis)
{
  sqlite3_stmt *stmt;
  int rc;

  if (vis->seq > 0)
    {
      PREPARE (w, STMT_VISIBILITY_UPDATE, stmt, rc);
      sqlite3_bind_int64 (stmt, 1, vis->seq);
      sqlite3_bind_text (stmt, 2, visibility_names[vis->visibility], -1, SQLITE_STATIC);
      if ((rc = run (stmt)) != SQLITE_OK)
        return rc;
    }

  PREPARE (w, STMT_VISIBILITY_INSERT, stmt, rc);
  if (vis->seq > 0)
    sqlite3_bind_int64 (stmt, 1, vis->seq);
  bind_text (stmt, 2, vis->platform);
  bind_text (stmt, 3, vis->platform_id);
  bind_text (stmt, 4, vis->author_id);
  sqlite3_bind_text (stmt, 5, visibility_names[vis->visibility], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, vis->time_us);
  return run (stmt);
}

static int
apply_order (Worker  *w,
             OrderOp *order)
{
  sqlite3_stmt *stmt;
  int rc;

  PREPARE (w, STMT_ORDER, stmt, rc);
  bind_text (stmt, 1, order->platform);
  bind_text (stmt, 2, order->id);
  bind_text (stmt, 3, order->name);
  bind_text (stmt, 4, order->customer);
  bind_text (stmt, 5, order->status);
  bind_money (stmt, 6, order->has_total, order->total, order->currency);
  bind_optional_time (stmt, 8, order->has_created, order->created_us);
  bind_optional_time (stmt, 9, order->has_updated, order->updated_us);
  bind_text (stmt, 10, order->raw_json);
  sqlite3_bind_int64 (stmt, 11, order->recorded_us);
  if ((rc = run (stmt)) != SQLITE_OK)
    return rc;

  /* An older copy than the one kept: nothing changed, lines included. */
  if (sqlite3_changes (w->db) == 0)
    return SQLITE_OK;

  PREPARE (w, STMT_ORDER_LINES_DELETE, stmt, rc);
  bind_text (stmt, 1, order->platform);
  bind_text (stmt, 2, order->id);
  if ((rc = run (stmt)) != SQLITE_OK)
    return rc;

  for (guint i = 0; i < order->n_lines; i++)
    {
      LineCopy *line = &order->lines[i];

      PREPARE (w, STMT_ORDER_LINE, stmt, rc);
      bind_text (stmt, 1, order->platform);
      bind_text (stmt, 2, order->id);
      sqlite3_bind_int (stmt, 3, i);
      bind_text (stmt, 4, line->id);
      bind_text (stmt, 5, line->product);
      bind_text (stmt, 6, line->sku);
      bind_text (stmt, 7, line->title);
      bind_text (stmt, 8, line->variant);
      sqlite3_bind_int64 (stmt, 9, line->quantity);
      bind_money (stmt, 10, line->has_total, line->total, line->currency);
      if ((rc = run (stmt)) != SQLITE_OK)
        return rc;
    }
  return SQLITE_OK;
}

static int
apply_claim_state (Worker     *w,
                   const char *id,
                   const char *state,
                   gint64      time_us)
{
  sqlite3_stmt *stmt;
  int rc;

  PREPARE (w, STMT_CLAIM_STATE, stmt, rc);
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, state);
  sqlite3_bind_int64 (stmt, 3, time_us);
  return run (stmt);
}

static int
apply_claim (Worker  *w,
             ClaimOp *claim)
{
  sqlite3_stmt *stmt;
  int rc;

  PREPARE (w, STMT_CLAIM, stmt, rc);
  bind_text (stmt, 1, claim->id);
  bind_text (stmt, 2, claim->product);
  bind_text (stmt, 3, claim->variant);
  sqlite3_bind_int64 (stmt, 4, claim->quantity);
  bind_text (stmt, 5, claim->state);
  bind_text (stmt, 6, claim->platform);
  bind_text (stmt, 7, claim->author_id);
  bind_text (stmt, 8, claim->author);
  bind_text (stmt, 9, claim->item_id);
  bind_text (stmt, 10, claim->text);
  bind_optional_time (stmt, 11, claim->has_time, claim->time_us);
  sqlite3_bind_int64 (stmt, 12, claim->updated_us);
  if ((rc = run (stmt)) != SQLITE_OK)
    return rc;
  return apply_claim_state (w, claim->id, claim->state, claim->updated_us);
}

static int
apply_claim_update (Worker       *w,
                    ClaimStateOp *state)
{
  sqlite3_stmt *stmt;
  int rc;

  PREPARE (w, STMT_CLAIM_STATE_UPDATE, stmt, rc);
  bind_text (stmt, 1, state->id);
  bind_text (stmt, 2, state->state);
  sqlite3_bind_int64 (stmt, 3, state->time_us);
  if ((rc = run (stmt)) != SQLITE_OK)
    return rc;
  if (sqlite3_changes (w->db) == 0)
    {
      /* The claim queue's mistake, not the host's: nothing to show. */
      g_debug ("State “%s” for claim “%s”, which was never recorded", state->state, state->id);
      return SQLITE_OK;
    }
  return apply_claim_state (w, state->id, state->state, state->time_us);
}

static int
apply_destination (Worker        *w,
                   DestinationOp *dest)
{
  sqlite3_stmt *stmt;
  int rc;

  PREPARE (w, STMT_DESTINATION, stmt, rc);
  bind_text (stmt, 1, dest->destination);
  bind_text (stmt, 2, dest->state);
  bind_text (stmt, 3, dest->message);
  sqlite3_bind_int64 (stmt, 4, dest->time_us);
  return run (stmt);
}

static int
apply_cursor (Worker   *w,
              CursorOp *cursor)
{
  sqlite3_stmt *stmt;
  int rc;

  if (cursor->value == NULL)
    {
      PREPARE (w, STMT_CURSOR_DELETE, stmt, rc);
      bind_text (stmt, 1, cursor->key);
      return run (stmt);
    }

  PREPARE (w, STMT_CURSOR_SET, stmt, rc);
  bind_text (stmt, 1, cursor->key);
  bind_text (stmt, 2, cursor->value);
  sqlite3_bind_int64 (stmt, 3, cursor->time_us);
  return run (stmt);
}

static int
apply (Worker *w,
       Op     *op)
{
  switch (op->type)
    {
    case OP_ITEM:
      return apply_item (w, (ItemOp *)op);
    case OP_VISIBILITY:
      return apply_visibility (w, (VisibilityOp *)op);
    case OP_ORDER:
      return apply_order (w, (OrderOp *)op);
    case OP_CLAIM:
      return apply_claim (w, (ClaimOp *)op);
    case OP_CLAIM_STATE:
      return apply_claim_update (w, (ClaimStateOp *)op);
    case OP_DESTINATION:
      return apply_destination (w, (DestinationOp *)op);
    case OP_CURSOR:
      return apply_cursor (w, (CursorOp *)op);
    case OP_CONTROL:
    case OP_CLOSE:
    default:
      g_assert_not_reached ();
    }
  return SQLITE_MISUSE;
}

/* Writes the whole batch in one transaction. On a storage failure nothing
 * is written, the batch is kept for the next try, and @error says why and
 * how many entries wait. */
static gboolean
worker_commit (Worker  *w,
               GError **error)
{
  g_autofree char *reason = NULL;
  int sys_errno;
  int code;
  int rc;

  if (w->batch->len == 0)
    return TRUE;

  if ((rc = worker_run (w, STMT_BEGIN)) != SQLITE_OK)
    goto failed;

  for (guint i = 0; i < w->batch->len; i++)
    {
      Op *op = g_ptr_array_index (w->batch, i);

      if (op->broken)
        continue;
      if ((rc = apply (w, op)) == SQLITE_OK)
        continue;
      if (is_storage_failure (rc))
        goto failed;

      /* SQLite refuses this one entry as such: trying again would fail
       * again, and keep everything after it from being saved. Say so. */
      op->broken = TRUE;
      g_warning ("The journal refused an entry: %s", sqlite3_errmsg (w->db));
      worker_report (w, g_error_new (VITRINE_JOURNAL_ERROR, VITRINE_JOURNAL_ERROR_FAILED,
                                     _("One entry could not be saved in the show’s journal "
                                       "(%s)."), sqlite3_errstr (rc)));
    }

  if ((rc = worker_run (w, STMT_COMMIT)) != SQLITE_OK)
    goto failed;

  g_ptr_array_set_size (w->batch, 0);
  if (w->failing)
    {
      w->failing = FALSE;
      worker_report (w, NULL);
    }
  return TRUE;

failed:
  sys_errno = system_errno (w->db, errno);
  if (!sqlite3_get_autocommit (w->db))
    worker_run (w, STMT_ROLLBACK);

  reason = describe_failure (rc, sys_errno, &code);
  w->failing = TRUE;
  w->failure = code;
  g_free (w->reason);
  w->reason = g_strdup (reason);
  w->retry_at = g_get_monotonic_time () + RETRY_INTERVAL;
  worker_report (w, g_error_new (VITRINE_JOURNAL_ERROR, code,
                                 g_dngettext (GETTEXT_PACKAGE,
                                              "The show’s journal cannot be saved: %s. "
                                              "%u entry waits in memory; Vitrine tries "
                                              "again every few seconds.",
                                              "The show’s journal cannot be saved: %s. "
                                              "%u entries wait in memory; Vitrine tries "
                                              "again every few seconds.",
                                              w->batch->len),
                                 reason, w->batch->len));
  g_set_error (error, VITRINE_JOURNAL_ERROR, code,
               g_dngettext (GETTEXT_PACKAGE,
                            "The show’s journal cannot be saved: %s. %u entry is not saved yet.",
                            "The show’s journal cannot be saved: %s. %u entries are not saved "
                            "yet.",
                            w->batch->len),
               reason, w->batch->len);
  return FALSE;
}

static void
waiter_done (Waiter   *waiter,
             gpointer  result,
             GError   *error)
{
  g_mutex_lock (&waiter->mutex);
  waiter->result = result;
  waiter->error = error;
  waiter->done = TRUE;
  g_cond_signal (&waiter->cond);
  g_mutex_unlock (&waiter->mutex);
}

/* Answers a control operation, on the worker. */
static void
worker_answer (ControlOp *control,
               gpointer   result,
               GError    *error)
{
  if (control->waiter != NULL)
    waiter_done (control->waiter, result, error);
  else if (error != NULL)
    g_task_return_error (control->task, error);
  else
    g_task_return_pointer (control->task, result, control->result_free);
}

static void
worker_control (Worker    *w,
                ControlOp *control)
{
  GError *error = NULL;
  gpointer result = NULL;

  if (control->task != NULL && g_task_return_error_if_cancelled (control->task))
    return;

  if (worker_commit (w, &error))
    result = control->func != NULL ? control->func (w, control->data, &error)
                                   : GINT_TO_POINTER (TRUE);
  worker_answer (control, result, error);
}

static void
worker_close (Worker    *w,
              ControlOp *control)
{
  GError *error = NULL;
  guint lost = w->batch->len;

  if (!worker_commit (w, NULL))
    {
      /* Said loudly: this is the one case where entries are lost. */
      error = g_error_new (VITRINE_JOURNAL_ERROR, w->failure,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "The show’s journal cannot be saved: %s. "
                                        "%u entry was lost.",
                                        "The show’s journal cannot be saved: %s. "
                                        "%u entries were lost.",
                                        lost),
                           w->reason, lost);
    }

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&w->stmts[i], sqlite3_finalize);
  /* The last connection to close checkpoints the WAL into the database
   * (with fsync) and removes it. */
  sqlite3_close (w->db);
  w->db = NULL;

  worker_answer (control, error == NULL ? GINT_TO_POINTER (TRUE) : NULL, error);
}

/* Takes one operation off the queue, in order. Returns %FALSE once closed. */
static gboolean
worker_handle (Worker *w,
               Op     *op)
{
  if (op->type < OP_CONTROL)
    {
      if (w->batch->len == 0)
        w->deadline = op->queued + COMMIT_INTERVAL;
      g_ptr_array_add (w->batch, op);
      return TRUE;
    }

  if (op->type == OP_CONTROL)
    {
      worker_control (w, (ControlOp *)op);
      op_free (op);
      return TRUE;
    }

  worker_close (w, (ControlOp *)op);
  op_free (op);
  return FALSE;
}

/* Sleeps until @due, or until a control operation is queued. Writes never
 * wake the worker up while it holds a batch: pushing one costs the caller
 * an uncontended lock, no system call. */
static void
worker_sleep (Worker *w,
              gint64  due)
{
  g_mutex_lock (&w->wake_mutex);
  while (!w->wake && g_get_monotonic_time () < due)
    g_cond_wait_until (&w->wake_cond, &w->wake_mutex, due);
  w->wake = FALSE;
  g_mutex_unlock (&w->wake_mutex);
}

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  g_autoptr(GPtrArray) taken = g_ptr_array_new ();
  gboolean open = TRUE;

  while (open)
    {
      Op *op;

      /* Idle: wait for anything at all. */
      if (w->batch->len == 0)
        {
          open = worker_handle (w, g_async_queue_pop (w->queue));
          if (!open || w->batch->len == 0)
            continue;
        }

      worker_sleep (w, w->failing ? w->retry_at : w->deadline);

      /* Everything queued meanwhile joins the batch, in order (a control
       * operation among it commits what comes before it). Under a backlog
       * this makes few large commits, never one per item. */
      do
        {
          /* A few hundred at a time: the lock is the callers' too. */
          guint chunk = MIN (taken->len + 256, MAX_BATCH);

          op = NULL;
          g_async_queue_lock (w->queue);
          while (taken->len < chunk && (op = g_async_queue_try_pop_unlocked (w->queue)) != NULL)
            g_ptr_array_add (taken, op);
          g_async_queue_unlock (w->queue);
        }
      while (op != NULL && taken->len < MAX_BATCH);

      for (guint i = 0; i < taken->len; i++)
        {
          if (open)
            open = worker_handle (w, g_ptr_array_index (taken, i));
          else
            op_free (g_ptr_array_index (taken, i));   /* after close: nothing */
        }
      g_ptr_array_set_size (taken, 0);

      if (open && w->batch->len > 0 &&
          g_get_monotonic_time () >= (w->failing ? w->retry_at : w->deadline))
        worker_commit (w, NULL);
    }

  return NULL;
}

static void
worker_free (Worker *w)
{
  g_assert (w->db == NULL);
  g_mutex_clear (&w->wake_mutex);
  g_cond_clear (&w->wake_cond);
  g_clear_pointer (&w->batch, g_ptr_array_unref);
  g_clear_pointer (&w->queue, g_async_queue_unref);
  g_clear_pointer (&w->context, g_main_context_unref);
  g_clear_pointer (&w->shared, g_atomic_rc_box_release);
  g_free (w->reason);
  g_free (w->path);
  g_free (w);
}

/* ----------------------------------------------------------------------- */
/* Opening                                                                  */

static int
exec (sqlite3    *db,
      const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL);
}

/* The first column of the first row as an integer; @rc set. */
static gint64
query_int (sqlite3    *db,
           const char *sql,
           int        *rc)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  *rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (*rc != SQLITE_OK)
    return 0;
  *rc = sqlite3_step (stmt);
  if (*rc == SQLITE_ROW)
    {
      value = sqlite3_column_int64 (stmt, 0);
      *rc = SQLITE_OK;
    }
  else if (*rc == SQLITE_DONE)
    *rc = SQLITE_OK;
  sqlite3_finalize (stmt);
  return value;
}

/* Which schema version the file holds (0: a new, empty file), refusing
 * files that are not show journals before anything is written to them. */
static gboolean
identify (sqlite3     *db,
          const char  *path,
          gint64      *version,
          GError     **error)
{
  gint64 application_id;
  int rc;

  *version = 0;
  application_id = query_int (db, "PRAGMA application_id", &rc);
  if (rc != SQLITE_OK)
    goto failed;

  if (application_id == 0)
    {
      /* A new, empty file; anything else is someone else's database. */
      if (query_int (db, "SELECT count(*) FROM sqlite_schema", &rc) != 0 || rc != SQLITE_OK)
        {
          rc = rc != SQLITE_OK ? rc : SQLITE_NOTADB;
          goto failed;
        }
    }
  else if (application_id != APPLICATION_ID)
    {
      rc = SQLITE_NOTADB;
      goto failed;
    }
  else
    {
      *version = query_int (db, "SELECT max(version) FROM schema_version", &rc);
      if (rc != SQLITE_OK)
        goto failed;
    }

  if (*version > SCHEMA_VERSION)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, VITRINE_JOURNAL_ERROR, VITRINE_JOURNAL_ERROR_TOO_NEW,
                   _("The show’s journal “%s” was written by a newer version of Vitrine; "
                     "update Vitrine to open it."), display);
      return FALSE;
    }
  return TRUE;

failed:
  g_propagate_error (error, open_error_new (db, rc, path));
  return FALSE;
}

static gboolean
migrate (sqlite3     *db,
         const char  *path,
         gint64       version,
         GError     **error)
{
  int rc;

  for (int step = version; step < SCHEMA_VERSION; step++)
    {
      g_autofree char *bump = g_strdup_printf ("UPDATE schema_version SET version = %d;"
                                               "PRAGMA application_id = %d;",
                                               step + 1, APPLICATION_ID);

      if ((rc = exec (db, "BEGIN IMMEDIATE")) != SQLITE_OK)
        goto failed;
      if ((rc = exec (db, migrations[step])) != SQLITE_OK ||
          (rc = exec (db, bump)) != SQLITE_OK ||
          (rc = exec (db, "COMMIT")) != SQLITE_OK)
        {
          g_autoptr(GError) local = open_error_new (db, rc, path);

          exec (db, "ROLLBACK");
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }

  return TRUE;

failed:
  g_propagate_error (error, open_error_new (db, rc, path));
  return FALSE;
}

typedef struct
{
  char       *path;
  sqlite3    *db;
  gint64      last_seq;
  GHashTable *cursors;
} Opened;

static void
opened_free (Opened *opened)
{
  if (opened->db != NULL)
    sqlite3_close (opened->db);
  g_clear_pointer (&opened->cursors, g_hash_table_unref);
  g_free (opened->path);
  g_free (opened);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Opened, opened_free)

/* The blocking part of opening: any thread. */
static Opened *
open_database (const char  *path,
               GError     **error)
{
  g_autoptr(Opened) opened = g_new0 (Opened, 1);
  g_autofree char *dir = g_path_get_dirname (path);
  sqlite3_stmt *stmt = NULL;
  const char *mode;
  gint64 version;
  int rc;

  opened->path = g_strdup (path);
  opened->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Show journals hold customers' names: private to the user. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_set_error (error, VITRINE_JOURNAL_ERROR,
                   saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS
                     ? VITRINE_JOURNAL_ERROR_READ_ONLY : VITRINE_JOURNAL_ERROR_IO,
                   _("Cannot create the folder “%s” for the show’s journal: %s."),
                   display, g_strerror (saved_errno));
      return NULL;
    }

  /* SQLite would say "unable to open" (or open read-only, quietly): find
   * out first, to tell the host the real reason. WAL needs to create files
   * beside the database, so the folder must be writable too. */
  if (g_access (dir, W_OK) != 0 ||
      (g_file_test (path, G_FILE_TEST_EXISTS) && g_access (path, R_OK | W_OK) != 0))
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      if (saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS)
        g_set_error (error, VITRINE_JOURNAL_ERROR, VITRINE_JOURNAL_ERROR_READ_ONLY,
                     _("Cannot open the show’s journal “%s”: %s."), display,
                     _("the folder or the file is read-only"));
      else
        g_set_error (error, VITRINE_JOURNAL_ERROR, VITRINE_JOURNAL_ERROR_IO,
                     _("Cannot open the show’s journal “%s”: %s."), display,
                     g_strerror (saved_errno));
      return NULL;
    }

  /* The connection is only ever used by one thread at a time: no mutex. */
  rc = sqlite3_open_v2 (path, &opened->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                        SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      g_propagate_error (error, open_error_new (opened->db, rc, path));
      return NULL;
    }

  /* SQLite quietly opens a write-protected file read-only. */
  if (sqlite3_db_readonly (opened->db, "main") == 1)
    {
      g_propagate_error (error, open_error_new (opened->db, SQLITE_READONLY, path));
      return NULL;
    }

  sqlite3_busy_timeout (opened->db, 2000);
  sqlite3_extended_result_codes (opened->db, 1);

  /* A damaged file or someone else's database is left as it is. */
  if (!identify (opened->db, path, &version, error))
    return NULL;

  if ((rc = sqlite3_prepare_v2 (opened->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL))
      != SQLITE_OK || (rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      g_propagate_error (error, open_error_new (opened->db, rc, path));
      return NULL;
    }
  mode = (const char *) sqlite3_column_text (stmt, 0);
  if (g_ascii_strcasecmp (mode ? mode : "", "wal") != 0)
    g_message ("The journal “%s” cannot use WAL (it uses “%s”); saving is slower", path, mode);
  sqlite3_finalize (stmt);

  /* Why NORMAL and not FULL: see the comment at the top of this file. */
  if ((rc = exec (opened->db, "PRAGMA synchronous = NORMAL")) != SQLITE_OK)
    {
      g_propagate_error (error, open_error_new (opened->db, rc, path));
      return NULL;
    }

  if (!migrate (opened->db, path, version, error))
    return NULL;

  opened->last_seq = query_int (opened->db, "SELECT coalesce(max(seq), 0) FROM items", &rc);
  if (rc != SQLITE_OK)
    {
      g_propagate_error (error, open_error_new (opened->db, rc, path));
      return NULL;
    }

  rc = sqlite3_prepare_v2 (opened->db, "SELECT key, value FROM cursors", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_hash_table_insert (opened->cursors,
                           g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_propagate_error (error, open_error_new (opened->db, rc, path));
      return NULL;
    }

  return g_steal_pointer (&opened);
}

/* ----------------------------------------------------------------------- */
/* The object                                                               */

struct _VitrineJournal
{
  GObject      parent_instance;

  char        *path;
  Shared      *shared;
  Worker      *worker;      /* NULL once closed */
  GThread     *thread;
  GAsyncQueue *queue;
  GHashTable  *cursors;     /* key → value, as last set */
  GPtrArray   *feeds;       /* VitrineFeed */
  gint64       last_seq;
  GError      *error;
};

G_DEFINE_FINAL_TYPE (VitrineJournal, vitrine_journal, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
journal_set_error (VitrineJournal *self,
                   const GError   *error)
{
  if (self->error == NULL && error == NULL)
    return;
  if (self->error != NULL && error != NULL &&
      g_error_matches (self->error, error->domain, error->code) &&
      g_strcmp0 (self->error->message, error->message) == 0)
    return;

  g_clear_error (&self->error);
  self->error = error ? g_error_copy (error) : NULL;
  if (error != NULL)
    g_debug ("%s", error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ERROR]);
}

static void
journal_push (VitrineJournal *self,
              gpointer        op)
{
  g_async_queue_push (self->queue, op);

  /* Flush, close, export, summary: the caller waits, so does not the batch. */
  if (((Op *)op)->type >= OP_CONTROL)
    {
      Worker *w = self->worker;

      g_mutex_lock (&w->wake_mutex);
      w->wake = TRUE;
      g_cond_signal (&w->wake_cond);
      g_mutex_unlock (&w->wake_mutex);
    }
}

static gboolean
journal_is_open (VitrineJournal *self)
{
  return self->worker != NULL;
}

static void
detach_feeds (VitrineJournal *self)
{
  for (guint i = 0; self->feeds != NULL && i < self->feeds->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->feeds, i), self);
  if (self->feeds != NULL)
    g_ptr_array_set_size (self->feeds, 0);
}

static void
vitrine_journal_dispose (GObject *object)
{
  VitrineJournal *self = (VitrineJournal *)object;

  if (journal_is_open (self))
    {
      g_autoptr(GError) error = NULL;

      if (!vitrine_journal_close (self, &error))
        g_warning ("%s", error->message);
    }
  detach_feeds (self);

  G_OBJECT_CLASS (vitrine_journal_parent_class)->dispose (object);
}

static void
vitrine_journal_finalize (GObject *object)
{
  VitrineJournal *self = (VitrineJournal *)object;

  g_clear_pointer (&self->feeds, g_ptr_array_unref);
  g_clear_pointer (&self->cursors, g_hash_table_unref);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->shared, g_atomic_rc_box_release);
  g_clear_error (&self->error);
  g_free (self->path);

  G_OBJECT_CLASS (vitrine_journal_parent_class)->finalize (object);
}

static void
vitrine_journal_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VitrineJournal *self = VITRINE_JOURNAL (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_journal_class_init (VitrineJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_journal_dispose;
  object_class->finalize = vitrine_journal_finalize;
  object_class->get_property = vitrine_journal_get_property;

  /**
   * VitrineJournal:path:
   *
   * The database file.
   */
  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * VitrineJournal:error:
   *
   * Why the journal cannot save right now (a #GError of
   * %VITRINE_JOURNAL_ERROR, with a message for the host), or %NULL when
   * everything is saved as it should be. Nothing is dropped while it is set:
   * the entries wait in memory and are saved once the problem is gone, and
   * then it is %NULL again.
   */
  properties [PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_journal_init (VitrineJournal *self)
{
  self->feeds = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Takes what open_database() opened and starts the worker. */
static VitrineJournal *
journal_new (Opened *opened)
{
  VitrineJournal *self = g_object_new (VITRINE_TYPE_JOURNAL, NULL);
  Worker *w = g_new0 (Worker, 1);

  self->path = g_strdup (opened->path);
  self->last_seq = opened->last_seq;
  self->cursors = g_steal_pointer (&opened->cursors);
  self->shared = g_atomic_rc_box_new0 (Shared);
  self->shared->journal = self;
  self->queue = g_async_queue_new ();

  w->db = g_steal_pointer (&opened->db);
  w->path = g_strdup (opened->path);
  w->queue = g_async_queue_ref (self->queue);
  w->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) op_free);
  w->context = g_main_context_ref_thread_default ();
  w->shared = g_atomic_rc_box_acquire (self->shared);
  g_mutex_init (&w->wake_mutex);
  g_cond_init (&w->wake_cond);
  sqlite3_commit_hook (w->db, commit_hook_cb, w->shared);

  self->worker = w;
  self->thread = g_thread_new ("vitrine-journal", worker_main, w);
  return self;
}

/**
 * vitrine_journal_open:
 * @path: the show's database file; it and its folders are created if needed
 * @error: where to say why it cannot be opened
 *
 * Opens (or creates) a show's journal, brings an older one up to the current
 * schema, and starts its writer thread. This reads the disk: call it when the
 * show is set up, or use vitrine_journal_open_async().
 *
 * Returns: (transfer full) (nullable): the journal, or %NULL with @error set
 *   (%VITRINE_JOURNAL_ERROR_READ_ONLY, %VITRINE_JOURNAL_ERROR_DAMAGED,
 *   %VITRINE_JOURNAL_ERROR_TOO_NEW…)
 */
VitrineJournal *
vitrine_journal_open (const char  *path,
                      GError     **error)
{
  g_autoptr(Opened) opened = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  opened = open_database (path, error);
  return opened != NULL ? journal_new (opened) : NULL;
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  Opened *opened = open_database (task_data, &error);

  if (opened != NULL)
    g_task_return_pointer (task, opened, (GDestroyNotify) opened_free);
  else
    g_task_return_error (task, error);
}

/**
 * vitrine_journal_open_async:
 * @path: the show's database file
 *
 * Like vitrine_journal_open(), in a thread.
 */
void
vitrine_journal_open_async (const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_journal_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * vitrine_journal_open_finish:
 *
 * Returns: (transfer full) (nullable): the journal, or %NULL with @error set
 */
VitrineJournal *
vitrine_journal_open_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(Opened) opened = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  opened = g_task_propagate_pointer (G_TASK (result), error);
  return opened != NULL ? journal_new (opened) : NULL;
}

const char *
vitrine_journal_get_path (VitrineJournal *self)
{
  g_return_val_if_fail (VITRINE_IS_JOURNAL (self), NULL);
  return self->path;
}

/**
 * vitrine_journal_get_error:
 *
 * Returns: (nullable): see #VitrineJournal:error
 */
const GError *
vitrine_journal_get_error (VitrineJournal *self)
{
  g_return_val_if_fail (VITRINE_IS_JOURNAL (self), NULL);
  return self->error;
}

/**
 * vitrine_journal_get_commits:
 *
 * How many transactions the journal committed since it was opened: a
 * statistic, to check that writes are batched (a few per second, not one per
 * item).
 *
 * Returns: the number of commits
 */
guint
vitrine_journal_get_commits (VitrineJournal *self)
{
  g_return_val_if_fail (VITRINE_IS_JOURNAL (self), 0);
  return g_atomic_int_get (&self->shared->commits);
}

/* ----------------------------------------------------------------------- */
/* Recording                                                                */

/* One per item the journal watches; lives as long as the item. */
typedef struct
{
  Shared *shared;
  gint64  seq;
} Watch;

static void
watch_free (gpointer  data,
            GClosure *closure)
{
  Watch *watch = data;

  g_atomic_rc_box_release (watch->shared);
  g_free (watch);
}

static void
item_visibility_cb (VitrineFeedItem *item,
                    GParamSpec      *pspec,
                    Watch           *watch)
{
  VitrineJournal *self = watch->shared->journal;
  VisibilityOp *vis;

  if (self == NULL || !journal_is_open (self))
    return;

  vis = op_new (OP_VISIBILITY, sizeof (VisibilityOp));
  vis->seq = watch->seq;
  vis->visibility = vitrine_feed_item_get_visibility (item);
  vis->time_us = now_us ();
  vis->platform = g_strdup (vitrine_feed_item_get_platform (item));
  vis->platform_id = g_strdup (vitrine_feed_item_get_id (item));
  vis->author_id = g_strdup (vitrine_feed_item_get_author_id (item));
  journal_push (self, vis);
}

/**
 * vitrine_journal_record_item:
 * @item: a feed item
 *
 * Records @item with all its fields, and from now on every change of its
 * visibility (deleted or banned on the platform, hidden by the host). Items
 * of an attached feed are recorded without this call.
 *
 * Returns: the item's number in the journal, counting from 1 across restarts
 */
gint64
vitrine_journal_record_item (VitrineJournal  *self,
                             VitrineFeedItem *item)
{
  ItemOp *op;
  Watch *watch;
  int kind;
  int visibility;

  g_return_val_if_fail (VITRINE_IS_JOURNAL (self), 0);
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (item), 0);
  g_return_val_if_fail (journal_is_open (self), 0);

  kind = vitrine_feed_item_get_kind (item);
  visibility = vitrine_feed_item_get_visibility (item);
  g_return_val_if_fail (kind >= 0 && kind < (int) G_N_ELEMENTS (kind_names), 0);
  g_return_val_if_fail (visibility >= 0 && visibility < (int) G_N_ELEMENTS (visibility_names),
                        0);

  op = op_new (OP_ITEM, sizeof (ItemOp));
  op->seq = ++self->last_seq;
  op->kind = kind;
  op->visibility = visibility;
  op->flags = vitrine_feed_item_get_flags (item);
  money_copy (vitrine_feed_item_get_amount (item), &op->has_amount, &op->amount, op->currency);
  op->time_us = time_to_us (vitrine_feed_item_get_time (item));
  op->received_us = time_to_us (vitrine_feed_item_get_received (item));
  op->platform = g_strdup (vitrine_feed_item_get_platform (item));
  op->platform_id = g_strdup (vitrine_feed_item_get_id (item));
  op->author_id = g_strdup (vitrine_feed_item_get_author_id (item));
  op->author = g_strdup (vitrine_feed_item_get_author (item));
  op->text = g_strdup (vitrine_feed_item_get_text (item));
  op->detail = g_strdup (vitrine_feed_item_get_detail (item));
  op->source_id = g_strdup (vitrine_feed_item_get_source_id (item));
  journal_push (self, op);

  watch = g_new0 (Watch, 1);
  watch->shared = g_atomic_rc_box_acquire (self->shared);
  watch->seq = op->seq;
  g_signal_connect_data (item, "notify::visibility", G_CALLBACK (item_visibility_cb),
                         watch, watch_free, 0);

  return watch->seq;
}

static void
feed_appended_cb (VitrineFeed     *feed,
                  VitrineFeedItem *item,
                  VitrineJournal  *self)
{
  vitrine_journal_record_item (self, item);
}

/**
 * vitrine_journal_attach_feed:
 * @feed: the show's feed
 *
 * Records every item appended to @feed from now on, with its later changes
 * of visibility, until the journal is closed.
 */
void
vitrine_journal_attach_feed (VitrineJournal *self,
                             VitrineFeed    *feed)
{
  g_return_if_fail (VITRINE_IS_JOURNAL (self));
  g_return_if_fail (VITRINE_IS_FEED (feed));
  g_return_if_fail (journal_is_open (self));

  g_ptr_array_add (self->feeds, g_object_ref (feed));
  g_signal_connect (feed, "appended", G_CALLBACK (feed_appended_cb), self);
}

/**
 * vitrine_journal_record_order:
 * @order: an order, new or changed; copied
 *
 * Records @order and its lines, replacing an earlier copy of it (unless
 * that one is newer).
 */
void
vitrine_journal_record_order (VitrineJournal            *self,
                              const VitrineJournalOrder *order)
{
  OrderOp *op;

  g_return_if_fail (VITRINE_IS_JOURNAL (self));
  g_return_if_fail (journal_is_open (self));
  g_return_if_fail (order != NULL);
  g_return_if_fail (order->platform != NULL && order->id != NULL);
  g_return_if_fail (order->n_lines == 0 || order->lines != NULL);

  op = op_new (OP_ORDER, sizeof (OrderOp));
  op->platform = g_strdup (order->platform);
  op->id = g_strdup (order->id);
  op->name = g_strdup (order->name);
  op->customer = g_strdup (order->customer);
  op->status = g_strdup (order->status);
  money_copy (&order->total, &op->has_total, &op->total, op->currency);
  op->has_created = order->created != NULL;
  op->created_us = order->created ? time_to_us (order->created) : 0;
  op->has_updated = order->updated != NULL;
  op->updated_us = order->updated ? time_to_us (order->updated) : 0;
  op->raw_json = g_strdup (order->raw_json);
  op->recorded_us = now_us ();
  op->n_lines = order->n_lines;
  op->lines = g_new0 (LineCopy, order->n_lines);
  for (guint i = 0; i < order->n_lines; i++)
    {
      const VitrineJournalLine *line = &order->lines[i];
      LineCopy *copy = &op->lines[i];

      copy->id = g_strdup (line->id);
      copy->product = g_strdup (line->product);
      copy->sku = g_strdup (line->sku);
      copy->title = g_strdup (line->title);
      copy->variant = g_strdup (line->variant);
      copy->quantity = line->quantity;
      money_copy (&line->total, &copy->has_total, &copy->total, copy->currency);
    }
  journal_push (self, op);
}

/**
 * vitrine_journal_record_claim:
 * @claim: a claim, new or changed; copied
 *
 * Records @claim (replacing an earlier copy with the same id) and its state
 * in the claim's history.
 */
void
vitrine_journal_record_claim (VitrineJournal            *self,
                              const VitrineJournalClaim *claim)
{
  ClaimOp *op;

  g_return_if_fail (VITRINE_IS_JOURNAL (self));
  g_return_if_fail (journal_is_open (self));
  g_return_if_fail (claim != NULL);
  g_return_if_fail (claim->id != NULL && claim->product != NULL && claim->state != NULL);

  op = op_new (OP_CLAIM, sizeof (ClaimOp));
  op->id = g_strdup (claim->id);
  op->product = g_strdup (claim->product);
  op->variant = g_strdup (claim->variant);
  op->quantity = claim->quantity;
  op->state = g_strdup (claim->state);
  op->platform = g_strdup (claim->platform);
  op->author_id = g_strdup (claim->author_id);
  op->author = g_strdup (claim->author);
  op->item_id = g_strdup (claim->item_id);
  op->text = g_strdup (claim->text);
  op->has_time = claim->time != NULL;
  op->time_us = claim->time ? time_to_us (claim->time) : 0;
  op->updated_us = claim->updated ? time_to_us (claim->updated) : now_us ();
  journal_push (self, op);
}

/**
 * vitrine_journal_update_claim:
 * @id: the claim's id, as recorded with vitrine_journal_record_claim()
 * @state: its new state (`confirmed`, `rejected`…)
 * @time: (nullable): when it changed; now if %NULL
 */
void
vitrine_journal_update_claim (VitrineJournal *self,
                              const char     *id,
                              const char     *state,
                              GDateTime      *time)
{
  ClaimStateOp *op;

  g_return_if_fail (VITRINE_IS_JOURNAL (self));
  g_return_if_fail (journal_is_open (self));
  g_return_if_fail (id != NULL && state != NULL);

  op = op_new (OP_CLAIM_STATE, sizeof (ClaimStateOp));
  op->id = g_strdup (id);
  op->state = g_strdup (state);
  op->time_us = time ? time_to_us (time) : now_us ();
  journal_push (self, op);
}

/**
 * vitrine_journal_record_destination_event:
 * @destination: the destination's id
 * @state: the output's state, by its nick (`connecting`, `live`,
 *   `reconnecting`, `rejected`, `failed`, `stopped`…)
 * @message: (nullable): what the host was told
 * @time: (nullable): when; now if %NULL
 */
void
vitrine_journal_record_destination_event (VitrineJournal *self,
                                          const char     *destination,
                                          const char     *state,
                                          const char     *message,
                                          GDateTime      *time)
{
  DestinationOp *op;

  g_return_if_fail (VITRINE_IS_JOURNAL (self));
  g_return_if_fail (journal_is_open (self));
  g_return_if_fail (destination != NULL && state != NULL);

  op = op_new (OP_DESTINATION, sizeof (DestinationOp));
  op->destination = g_strdup (destination);
  op->state = g_strdup (state);
  op->message = g_strdup (message);
  op->time_us = time ? time_to_us (time) : now_us ();
  journal_push (self, op);
}

/**
 * vitrine_journal_set_cursor:
 * @key: whose cursor, such as `shopify:orders`
 * @value: (nullable): where to resume, or %NULL to forget it
 *
 * Keeps a connector's position so that it resumes there after a restart.
 * The cursor is saved in the same commit as, or a later one than, every
 * write made before this call: record the orders first, then their cursor.
 */
void
vitrine_journal_set_cursor (VitrineJournal *self,
                            const char     *key,
                            const char     *value)
{
  CursorOp *op;

  g_return_if_fail (VITRINE_IS_JOURNAL (self));
  g_return_if_fail (journal_is_open (self));
  g_return_if_fail (key != NULL);

  if (value != NULL)
    g_hash_table_replace (self->cursors, g_strdup (key), g_strdup (value));
  else
    g_hash_table_remove (self->cursors, key);

  op = op_new (OP_CURSOR, sizeof (CursorOp));
  op->key = g_strdup (key);
  op->value = g_strdup (value);
  op->time_us = now_us ();
  journal_push (self, op);
}

/**
 * vitrine_journal_get_cursor:
 * @key: whose cursor
 *
 * Answers from memory: no disk access.
 *
 * Returns: (transfer full) (nullable): the cursor last set, in this run or
 *   an earlier one
 */
char *
vitrine_journal_get_cursor (VitrineJournal *self,
                            const char     *key)
{
  g_return_val_if_fail (VITRINE_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_strdup (g_hash_table_lookup (self->cursors, key));
}

/* ----------------------------------------------------------------------- */
/* Control operations: flush, close, export, summary                        */

static ControlOp *
control_new (OpType          type,
             ControlFunc     func,
             gpointer        data,
             GDestroyNotify  data_free,
             GDestroyNotify  result_free)
{
  ControlOp *op = op_new (type, sizeof (ControlOp));

  op->func = func;
  op->data = data;
  op->data_free = data_free;
  op->result_free = result_free;
  return op;
}

/* Queues @op and waits for the worker's answer on this thread. */
static gpointer
journal_wait (VitrineJournal  *self,
              ControlOp       *op,
              GError         **error)
{
  Waiter waiter = { 0 };
  gpointer result;

  g_mutex_init (&waiter.mutex);
  g_cond_init (&waiter.cond);
  op->waiter = &waiter;
  journal_push (self, op);

  g_mutex_lock (&waiter.mutex);
  while (!waiter.done)
    g_cond_wait (&waiter.cond, &waiter.mutex);
  g_mutex_unlock (&waiter.mutex);

  g_mutex_clear (&waiter.mutex);
  g_cond_clear (&waiter.cond);

  result = waiter.result;
  if (waiter.error != NULL)
    g_propagate_error (error, waiter.error);
  return result;
}

static gboolean
closed_error (GError **error)
{
  g_set_error_literal (error, VITRINE_JOURNAL_ERROR, VITRINE_JOURNAL_ERROR_CLOSED,
                       _("The show’s journal is already closed."));
  return FALSE;
}

static void
journal_start (VitrineJournal      *self,
               ControlOp           *op,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (!journal_is_open (self))
    {
      g_task_return_new_error (task, VITRINE_JOURNAL_ERROR, VITRINE_JOURNAL_ERROR_CLOSED,
                               _("The show’s journal is already closed."));
      op_free (&op->op);
      g_object_unref (task);
      return;
    }
  op->task = task;
  journal_push (self, op);
}

/**
 * vitrine_journal_flush:
 * @error: why the journal could not be saved
 *
 * Commits everything recorded so far and waits until it is written. This
 * waits for the disk: the main loop should use vitrine_journal_flush_async().
 *
 * Returns: whether everything recorded is saved
 */
gboolean
vitrine_journal_flush (VitrineJournal  *self,
                       GError         **error)
{
  g_return_val_if_fail (VITRINE_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!journal_is_open (self))
    return closed_error (error);
  return journal_wait (self, control_new (OP_CONTROL, NULL, NULL, NULL, NULL), error) != NULL;
}

void
vitrine_journal_flush_async (VitrineJournal      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (VITRINE_IS_JOURNAL (self));

  journal_start (self, control_new (OP_CONTROL, NULL, NULL, NULL, NULL),
                 cancellable, callback, user_data, vitrine_journal_flush_async);
}

gboolean
vitrine_journal_flush_finish (VitrineJournal  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

/**
 * vitrine_journal_close:
 * @error: why the last entries could not be saved
 *
 * Stops recording, commits what is left, and closes the database (which
 * folds the WAL back into it). Later calls do nothing. Like
 * vitrine_journal_flush(), this waits for the disk.
 *
 * Returns: whether everything recorded was saved
 */
gboolean
vitrine_journal_close (VitrineJournal  *self,
                       GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (VITRINE_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!journal_is_open (self))
    return TRUE;

  detach_feeds (self);
  ok = journal_wait (self, control_new (OP_CLOSE, NULL, NULL, NULL, NULL), error) != NULL;
  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_pointer (&self->worker, worker_free);
  self->shared->journal = NULL;
  return ok;
}

/* CSV ------------------------------------------------------------------- */

static gboolean
starts_a_formula (const char *text)
{
  gunichar c = g_utf8_get_char (text);

  /* What spreadsheets read as the start of a formula, full-width forms
   * included (OWASP's CSV injection list). */
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ||
         c == 0xFF1D || c == 0xFF0B || c == 0xFF0D || c == 0xFF20;
}

/**
 * vitrine_journal_csv_field:
 * @text: (nullable): a text from outside (a name, a comment…)
 *
 * Makes @text one field of an RFC 4180 CSV file that a spreadsheet shows
 * and never runs: a text that would start a formula (`=`, `+`, `-`, `@`,
 * tab, carriage return) gets a leading `'`, and a field with a comma, a
 * quote or a line break is put in quotes, its quotes doubled.
 *
 * Returns: (transfer full): the field
 */
char *
vitrine_journal_csv_field (const char *text)
{
  g_autoptr(GString) field = NULL;

  if (text == NULL || *text == '\0')
    return g_strdup ("");

  field = g_string_new (NULL);
  if (starts_a_formula (text))
    g_string_append_c (field, '\'');
  g_string_append (field, text);

  if (strpbrk (field->str, ",\"\r\n") != NULL)
    {
      for (gsize i = 0; i < field->len; i++)
        if (field->str[i] == '"')
          g_string_insert_c (field, i++, '"');
      g_string_prepend_c (field, '"');
      g_string_append_c (field, '"');
    }
  return g_string_free (g_steal_pointer (&field), FALSE);
}

/* One line of a CSV file being built. */
typedef struct
{
  GString  *out;
  gboolean  first;
} Row;

static void
separate (Row *row)
{
  if (!row->first)
    g_string_append_c (row->out, ',');
  row->first = FALSE;
}

static void
append_field (Row        *row,
              const char *text)
{
  g_autofree char *field = vitrine_journal_csv_field (text);

  separate (row);
  g_string_append (row->out, field);
}

/* Our own numbers and words: never a formula, never quoted. */
static void
append_plain (Row        *row,
              const char *text)
{
  separate (row);
  g_string_append (row->out, text ? text : "");
}

static void
append_int (Row    *row,
            gint64  value)
{
  separate (row);
  g_string_append_printf (row->out, "%" G_GINT64_FORMAT, value);
}

static void
append_time (Row          *row,
             sqlite3_stmt *stmt,
             int           column)
{
  g_autofree char *text = NULL;

  if (sqlite3_column_type (stmt, column) != SQLITE_NULL)
    text = format_us (sqlite3_column_int64 (stmt, column));
  append_plain (row, text);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* Amount as decimal text ("5.00"), currency beside it. */
static void
append_money (Row          *row,
              sqlite3_stmt *stmt,
              int           column)
{
  const char *currency = column_text (stmt, column + 1);
  g_autofree char *decimal = NULL;

  if (sqlite3_column_type (stmt, column) != SQLITE_NULL && currency != NULL)
    {
      VitrineMoney money;

      if (vitrine_money_init (&money, sqlite3_column_int64 (stmt, column), currency))
        decimal = vitrine_money_to_decimal (&money);
      else
        decimal = g_strdup_printf ("%" G_GINT64_FORMAT,
                                   (gint64) sqlite3_column_int64 (stmt, column));
    }
  append_plain (row, decimal);
  append_field (row, currency);
}

static void
append_flags (Row    *row,
              gint64  flags)
{
  separate (row);
  for (guint i = 0, n = 0; i < G_N_ELEMENTS (flag_names); i++)
    if (flags & (1 << i))
      {
        if (n++ > 0)
          g_string_append_c (row->out, ' ');
        g_string_append (row->out, flag_names[i]);
      }
}

static void
items_row (Row          *row,
           sqlite3_stmt *stmt)
{
  append_int (row, sqlite3_column_int64 (stmt, 0));
  append_field (row, column_text (stmt, 1));
  append_field (row, column_text (stmt, 2));
  append_field (row, column_text (stmt, 3));
  append_field (row, column_text (stmt, 4));
  append_field (row, column_text (stmt, 5));
  append_field (row, column_text (stmt, 6));
  append_money (row, stmt, 7);
  append_field (row, column_text (stmt, 9));
  append_flags (row, sqlite3_column_int64 (stmt, 10));
  append_field (row, column_text (stmt, 11));
  append_time (row, stmt, 12);
  append_time (row, stmt, 13);
  append_field (row, column_text (stmt, 14));
}

static void
claims_row (Row          *row,
            sqlite3_stmt *stmt)
{
  append_field (row, column_text (stmt, 0));
  append_field (row, column_text (stmt, 1));
  append_field (row, column_text (stmt, 2));
  append_int (row, sqlite3_column_int64 (stmt, 3));
  append_field (row, column_text (stmt, 4));
  append_field (row, column_text (stmt, 5));
  append_field (row, column_text (stmt, 6));
  append_field (row, column_text (stmt, 7));
  append_field (row, column_text (stmt, 8));
  append_field (row, column_text (stmt, 9));
  append_time (row, stmt, 10);
  append_time (row, stmt, 11);
  append_time (row, stmt, 12);
}

static const struct
{
  const char *header;
  const char *query;
  void      (*row) (Row *row, sqlite3_stmt *stmt);
} exports[] = {
  [VITRINE_JOURNAL_TABLE_ITEMS] = {
    "seq,kind,platform,id,author_id,author,text,amount,currency,detail,flags,visibility,"
    "time,received,source",
    "SELECT seq, kind, platform, platform_id, author_id, author, text, amount, currency, "
    "detail, flags, visibility, time_us, received_us, source_id FROM items ORDER BY seq",
    items_row,
  },
  [VITRINE_JOURNAL_TABLE_CLAIMS] = {
    "id,product,variant,quantity,state,platform,author_id,author,comment_id,text,time,"
    "created,updated",
    "SELECT id, product, variant, quantity, state, platform, author_id, author, item_id, "
    "text, time_us, created_us, updated_us FROM claims "
    "ORDER BY coalesce(time_us, created_us), created_us, id",
    claims_row,
  },
};

typedef struct
{
  VitrineJournalTable  table;
  GFile               *file;
} Export;

static void
export_free (gpointer data)
{
  Export *export = data;

  g_clear_object (&export->file);
  g_free (export);
}

static gpointer
export_run (Worker   *w,
            gpointer  data,
            GError  **error)
{
  Export *export = data;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GString) chunk = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (w->db, exports[export->table].query, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_propagate_error (error, open_error_new (w->db, rc, w->path));
      return NULL;
    }

  stream = g_file_replace (export->file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    {
      sqlite3_finalize (stmt);
      return NULL;
    }

  /* A byte-order mark: without it, Excel reads UTF-8 as the local code
   * page and mangles names ("JÃ¶rg"); everything else skips it. */
  g_string_append (chunk, "\xEF\xBB\xBF");
  g_string_append (chunk, exports[export->table].header);
  g_string_append (chunk, "\r\n");

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Row row = { chunk, TRUE };

      exports[export->table].row (&row, stmt);
      g_string_append (chunk, "\r\n");
      if (chunk->len >= 64 * 1024)
        {
          if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), chunk->str, chunk->len,
                                          NULL, NULL, error))
            break;
          g_string_truncate (chunk, 0);
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      if (rc != SQLITE_ROW)
        g_propagate_error (error, open_error_new (w->db, rc, w->path));
      /* Closing with a cancelled cancellable leaves the old file in place. */
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
      return NULL;
    }

  if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), chunk->str, chunk->len,
                                  NULL, NULL, error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

static ControlOp *
export_new (VitrineJournalTable  table,
            GFile               *file)
{
  Export *export = g_new0 (Export, 1);

  export->table = table;
  export->file = g_object_ref (file);
  return control_new (OP_CONTROL, export_run, export, export_free, NULL);
}

/**
 * vitrine_journal_export_csv:
 * @table: what to export
 * @file: where to write it (replaced)
 * @error: why it could not be written
 *
 * Writes @table as CSV (RFC 4180: comma-separated, CRLF, a header line,
 * UTF-8 with a byte-order mark), with everything recorded so far. Amounts
 * are decimal text beside their currency, times ISO 8601 in UTC, and texts
 * from viewers can never run as a spreadsheet formula. This waits for the
 * disk; during a show use vitrine_journal_export_csv_async().
 *
 * Returns: whether the file was written
 */
gboolean
vitrine_journal_export_csv (VitrineJournal       *self,
                            VitrineJournalTable   table,
                            GFile                *file,
                            GError              **error)
{
  g_return_val_if_fail (VITRINE_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (table < G_N_ELEMENTS (exports), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!journal_is_open (self))
    return closed_error (error);
  return journal_wait (self, export_new (table, file), error) != NULL;
}

void
vitrine_journal_export_csv_async (VitrineJournal      *self,
                                  VitrineJournalTable  table,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (VITRINE_IS_JOURNAL (self));
  g_return_if_fail (table < G_N_ELEMENTS (exports));
  g_return_if_fail (G_IS_FILE (file));

  journal_start (self, export_new (table, file), cancellable, callback, user_data,
                 vitrine_journal_export_csv_async);
}

gboolean
vitrine_journal_export_csv_finish (VitrineJournal  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

/* Summary --------------------------------------------------------------- */

/* Runs a query whose rows are (key, currency, units, minor units, count)
 * ordered by key then currency, and adds one object per key:
 * { key_name: key, "units": …, "revenue": [ { "currency", "amount" } … ] },
 * plus "orders" when @count_name is set. A NULL currency adds units only. */
static int
add_grouped (JsonBuilder *builder,
             sqlite3     *db,
             const char  *key_name,
             const char  *count_name,
             const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *key = NULL;
  gboolean open = FALSE;
  gint64 units = 0;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL)) != SQLITE_OK)
    return rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *row_key = column_text (stmt, 0);
      const char *currency = column_text (stmt, 1);

      if (!open || g_strcmp0 (row_key, key) != 0)
        {
          if (open)
            {
              json_builder_end_array (builder);
              json_builder_set_member_name (builder, "units");
              json_builder_add_int_value (builder, units);
              json_builder_end_object (builder);
            }
          g_free (key);
          key = g_strdup (row_key);
          units = 0;
          open = TRUE;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, key_name);
          json_builder_add_string_value (builder, key ? key : "");
          if (count_name != NULL)
            {
              json_builder_set_member_name (builder, count_name);
              json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 4));
            }
          json_builder_set_member_name (builder, "revenue");
          json_builder_begin_array (builder);
        }

      units += sqlite3_column_int64 (stmt, 2);
      if (currency != NULL && sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "currency");
          json_builder_add_string_value (builder, currency);
          json_builder_set_member_name (builder, "amount");
          json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 3));
          json_builder_end_object (builder);
        }
    }
  sqlite3_finalize (stmt);

  if (open)
    {
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "units");
      json_builder_add_int_value (builder, units);
      json_builder_end_object (builder);
    }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Rows of (name, count, amount-or-extra…) into an array of objects whose
 * member names are @names, in column order; integer columns after the
 * first. */
static int
add_rows (JsonBuilder        *builder,
          sqlite3            *db,
          const char * const *names,
          const char         *sql)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL)) != SQLITE_OK)
    return rc;

  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      for (int i = 0; names[i] != NULL; i++)
        {
          json_builder_set_member_name (builder, names[i]);
          if (i == 0)
            json_builder_add_string_value (builder, column_text (stmt, 0)
                                                    ? column_text (stmt, 0) : "");
          else
            json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, i));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

#define LINES_OF_COUNTED_ORDERS \
  "FROM order_lines l JOIN orders o ON o.platform = l.platform AND o.id = l.order_id " \
  "WHERE " COUNTED_ORDER ("o") " "

static gpointer
summary_run (Worker   *w,
             gpointer  data,
             GError  **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  static const char * const claim_names[] = { "state", "count", NULL };
  static const char * const comment_names[] = { "platform", "count", "removed", NULL };
  static const char * const paid_names[] = { "currency", "amount", "count", NULL };
  static const char * const total_names[] = { "currency", "amount", "orders", NULL };
  sqlite3 *db = w->db;
  int rc;

  /* Everything in one read transaction: one consistent moment. */
  if ((rc = exec (db, "BEGIN")) != SQLITE_OK)
    goto failed;

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "orders");
  json_builder_add_int_value (builder,
                              query_int (db, "SELECT count(*) FROM orders o WHERE "
                                         COUNTED_ORDER ("o"), &rc));
  if (rc != SQLITE_OK)
    goto failed;

  /* What customers paid, tax and shipping included, per currency. */
  json_builder_set_member_name (builder, "order_totals");
  if ((rc = add_rows (builder, db, total_names,
                      "SELECT o.currency, sum(o.total), count(*) FROM orders o WHERE "
                      COUNTED_ORDER ("o") " AND o.currency IS NOT NULL "
                      "GROUP BY o.currency ORDER BY o.currency")) != SQLITE_OK)
    goto failed;

  /* Revenue and units from the lines: per product, then per platform. */
  json_builder_set_member_name (builder, "products");
  json_builder_begin_array (builder);
  if ((rc = add_grouped (builder, db, "product", NULL,
                         "SELECT coalesce(nullif(l.product, ''), nullif(l.sku, ''), l.title, '') "
                         "AS k, l.currency, sum(l.quantity), sum(l.total), 0 "
                         LINES_OF_COUNTED_ORDERS
                         "GROUP BY k, l.currency ORDER BY k, l.currency")) != SQLITE_OK)
    goto failed;
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "platforms");
  json_builder_begin_array (builder);
  if ((rc = add_grouped (builder, db, "platform", "orders",
                         "SELECT o.platform AS k, l.currency, sum(l.quantity), sum(l.total), "
                         "(SELECT count(*) FROM orders p WHERE p.platform = o.platform AND "
                         COUNTED_ORDER ("p") ") "
                         LINES_OF_COUNTED_ORDERS
                         "GROUP BY k, l.currency ORDER BY k, l.currency")) != SQLITE_OK)
    goto failed;
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "claims");
  if ((rc = add_rows (builder, db, claim_names,
                      "SELECT state, count(*) FROM claims GROUP BY state ORDER BY state"))
      != SQLITE_OK)
    goto failed;

  /* Chat messages per platform; "removed": deleted, banned or hidden since. */
  json_builder_set_member_name (builder, "comments");
  if ((rc = add_rows (builder, db, comment_names,
                      "SELECT platform, count(*), sum(visibility != 'visible') FROM items "
                      "WHERE kind = 'chat' GROUP BY platform ORDER BY platform")) != SQLITE_OK)
    goto failed;

  json_builder_set_member_name (builder, "paid");
  if ((rc = add_rows (builder, db, paid_names,
                      "SELECT currency, sum(amount), count(*) FROM items "
                      "WHERE kind = 'paid' AND currency IS NOT NULL "
                      "GROUP BY currency ORDER BY currency")) != SQLITE_OK)
    goto failed;

  json_builder_end_object (builder);
  exec (db, "COMMIT");

  return json_builder_get_root (builder);

failed:
  g_propagate_error (error, open_error_new (db, rc, w->path));
  if (!sqlite3_get_autocommit (db))
    exec (db, "ROLLBACK");
  return NULL;
}

/**
 * vitrine_journal_get_summary:
 * @error: why the journal could not be read
 *
 * Sums up the show so far. Money is in minor units, per currency, never
 * converted and never added across currencies; cancelled, refunded, voided
 * and failed orders do not count:
 *
 * |[
 * { "orders": 3,
 *   "order_totals": [ { "currency": "EUR", "amount": 6290, "orders": 1 }, … ],
 *   "products": [ { "product": "A12", "revenue": [ { "currency": "EUR", "amount": 4874 },
 *                                                  { "currency": "USD", "amount": 5800 } ],
 *                   "units": 4 }, … ],
 *   "platforms": [ { "platform": "shopify", "orders": 2, "revenue": [ … ], "units": 5 }, … ],
 *   "claims": [ { "state": "confirmed", "count": 10 }, … ],
 *   "comments": [ { "platform": "twitch", "count": 512, "removed": 3 }, … ],
 *   "paid": [ { "currency": "USD", "amount": 1500, "count": 3 }, … ] }
 * ]|
 *
 * Products are the lines' catalog codes (or SKU, or title when a line was
 * not matched); lists are sorted by their first member. This waits for the
 * disk; during a show use vitrine_journal_get_summary_async().
 *
 * Returns: (transfer full) (nullable): the summary, or %NULL with @error set
 */
JsonNode *
vitrine_journal_get_summary (VitrineJournal  *self,
                             GError         **error)
{
  g_return_val_if_fail (VITRINE_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!journal_is_open (self))
    {
      closed_error (error);
      return NULL;
    }
  return journal_wait (self, control_new (OP_CONTROL, summary_run, NULL, NULL,
                                          (GDestroyNotify) json_node_unref), error);
}

void
vitrine_journal_get_summary_async (VitrineJournal      *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (VITRINE_IS_JOURNAL (self));

  journal_start (self, control_new (OP_CONTROL, summary_run, NULL, NULL,
                                    (GDestroyNotify) json_node_unref),
                 cancellable, callback, user_data, vitrine_journal_get_summary_async);
}

/**
 * vitrine_journal_get_summary_finish:
 *
 * Returns: (transfer full) (nullable): the summary, or %NULL with @error set
 */
JsonNode *
vitrine_journal_get_summary_finish (VitrineJournal  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
