/* test-word-filter.c: the show's blocked words
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "vitrine-show.h"
#include "vitrine-word-filter.h"

static VitrineWordFilter *
filter_new (const char * const *words)
{
  g_autoptr(GError) error = NULL;
  VitrineWordFilter *filter = vitrine_word_filter_new ();

  g_assert_true (vitrine_word_filter_set_words (filter, words, &error));
  g_assert_no_error (error);
  return filter;
}

typedef struct
{
  const char *text;
  const char *blocked;    /* the word that must match, or NULL for none */
} Case;

static void
check_cases (VitrineWordFilter *filter,
             const Case        *cases,
             gsize              n)
{
  for (gsize i = 0; i < n; i++)
    {
      const char *matched = vitrine_word_filter_match (filter, cases[i].text);

      if (g_strcmp0 (matched, cases[i].blocked) != 0)
        g_error ("“%s” matched %s%s%s, expected %s%s%s", cases[i].text,
                 matched ? "“" : "", matched ? matched : "nothing", matched ? "”" : "",
                 cases[i].blocked ? "“" : "", cases[i].blocked ? cases[i].blocked : "nothing",
                 cases[i].blocked ? "”" : "");
    }
}

/* Whole words in scripts written with spaces; `*` for the start of one. */
static void
test_whole_words (void)
{
  const char *words[] = { "scam", "fraud*", "buy followers", "спам", "strasse", "idiot", NULL };
  g_autoptr(VitrineWordFilter) filter = filter_new (words);
  const Case cases[] = {
    { "This is a SCAM!", "scam" },
    { "scam", "scam" },
    { "(scam)", "scam" },
    { "scampi with garlic please", NULL },
    { "scams", NULL },
    { "Fraudsters everywhere", "fraud*" },
    { "fraud", "fraud*" },
    { "a defrauded buyer", NULL },
    { "BUY followers now", "buy followers" },
    { "buy-followers.example", "buy followers" },
    { "buy     followers", "buy followers" },
    { "buy more followers", NULL },
    { "I want to buy", NULL },
    { "это СПАМ", "спам" },
    { "спамер", NULL },
    /* Case folding: "ß" is "ss". */
    { "Die Straße ist lang", "strasse" },
    /* NFKC: full-width letters are the plain ones. */
    { "ＳＣＡＭ alert", "scam" },
    { "ｉｄｉｏｔ", "idiot" },
    /* Accents are part of the word. */
    { "idiót", NULL },
    { "", NULL },
    { NULL, NULL },
  };

  check_cases (filter, cases, G_N_ELEMENTS (cases));
  g_assert_cmpint (vitrine_word_filter_get_action (filter), ==, VITRINE_WORD_FILTER_HIDE);
  g_assert_false (vitrine_word_filter_is_empty (filter));
  g_assert_cmpstrv (vitrine_word_filter_get_words (filter), words);
}

/* What is put in to slip past a filter: invisible characters, letters
 * spelt out, separators. */
static void
test_tricks (void)
{
  const char *words[] = { "spam", "scam*", "free money", NULL };
  g_autoptr(VitrineWordFilter) filter = filter_new (words);
  const Case cases[] = {
    /* Zero-width space, word joiner, soft hyphen, a Twitch tag character,
     * a variation selector, a bidi override. */
    { "sp\xe2\x80\x8b" "am", "spam" },
    { "s\xe2\x81\xa0pam", "spam" },
    { "sp\xc2\xad" "am", "spam" },
    { "spam\xf3\xa0\x80\x80", "spam" },
    { "sp\xef\xb8\x8f" "am", "spam" },
    { "\xe2\x80\xae" "spam\xe2\x80\xac", "spam" },
    { "sc\xe2\x80\x8d" "ammer", "scam*" },
    /* Spelt out. */
    { "s.p.a.m", "spam" },
    { "s p a m here", "spam" },
    { "S-P-A-M", "spam" },
    { "s_p_a_m", "spam" },
    { "s c a m m e r s", "scam*" },
    { "free.money", "free money" },
    { "FREE\xe2\x80\x8b money!!!", "free money" },
    /* Ordinary single letters stay words. */
    { "a b c d", NULL },
    { "I am a spammer", NULL },
    /* Broken text does not break the filter. */
    { "sp\xff" "am", NULL },
    { "spam\xc3", "spam" },
  };

  check_cases (filter, cases, G_N_ELEMENTS (cases));
}

/* Scripts written without spaces: anywhere in the message. */
static void
test_unspaced_scripts (void)
{
  const char *words[] = { "诈骗", "詐欺", "โกง", "사기", "win", NULL };
  g_autoptr(VitrineWordFilter) filter = filter_new (words);
  const Case cases[] = {
    { "这是诈骗吗？", "诈骗" },
    { "诈 骗", "诈骗" },
    { "诈.骗!!", "诈骗" },
    { "诈\xe2\x80\x8b骗", "诈骗" },
    { "これは詐欺です", "詐欺" },
    { "ร้านนี้โกงมาก", "โกง" },
    { "이건사기야", "사기" },
    { "이건 사기 야", "사기" },
    { "诈欺", NULL },
    /* A spaced word among them is still whole: "win" is not in "winner". */
    { "我是winner", NULL },
    { "我win了", "win" },
  };

  check_cases (filter, cases, G_N_ELEMENTS (cases));
}

static void
test_bad_words (void)
{
  const struct {
    const char *word;
    int         code;
  } bad[] = {
    { "", VITRINE_WORD_FILTER_ERROR_EMPTY },
    { "   ", VITRINE_WORD_FILTER_ERROR_EMPTY },
    { "!!!", VITRINE_WORD_FILTER_ERROR_EMPTY },
    { "*", VITRINE_WORD_FILTER_ERROR_EMPTY },
    { "sc*am", VITRINE_WORD_FILTER_ERROR_WILDCARD },
    { "*scam", VITRINE_WORD_FILTER_ERROR_WILDCARD },
    { "scam**", VITRINE_WORD_FILTER_ERROR_WILDCARD },
    { "scam *", VITRINE_WORD_FILTER_ERROR_WILDCARD },
    { "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", VITRINE_WORD_FILTER_ERROR_TOO_LONG },
  };
  g_autoptr(VitrineWordFilter) filter = vitrine_word_filter_new ();
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (vitrine_word_filter_is_empty (filter));
  g_assert_null (vitrine_word_filter_match (filter, "anything"));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *words[] = { "fine", bad[i].word, NULL };
      g_autoptr(GError) error = NULL;

      g_assert_false (vitrine_word_filter_set_words (filter, words, &error));
      g_assert_error (error, VITRINE_WORD_FILTER_ERROR, bad[i].code);
      g_test_message ("%s", error->message);
      /* Nothing half set. */
      g_assert_true (vitrine_word_filter_is_empty (filter));
      g_assert_null (vitrine_word_filter_match (filter, "fine"));
    }

  for (guint i = 0; i <= VITRINE_WORD_FILTER_MAX_WORDS; i++)
    g_ptr_array_add (many, g_strdup_printf ("word%u", i));
  g_ptr_array_add (many, NULL);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (vitrine_word_filter_set_words (filter,
                                                   (const char * const *) many->pdata, &error));
    g_assert_error (error, VITRINE_WORD_FILTER_ERROR, VITRINE_WORD_FILTER_ERROR_TOO_LONG);
  }
}

/* A thousand words and a long message: still quick (the feed runs every
 * chat message through it). */
static void
test_many_words (void)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VitrineWordFilter) filter = NULL;
  g_autoptr(GString) message = g_string_new (NULL);
  gint64 start;
  double per_message_us;

  for (guint i = 0; i < VITRINE_WORD_FILTER_MAX_WORDS / 2; i++)
    {
      g_ptr_array_add (words, g_strdup_printf ("blocked%u", i));
      g_ptr_array_add (words, g_strdup_printf ("pre%ufix*", i));
    }
  g_ptr_array_add (words, NULL);
  filter = filter_new ((const char * const *) words->pdata);

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (message, "word%u prefix%u ", i, i);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 1000; i++)
    g_assert_null (vitrine_word_filter_match (filter, message->str));
  per_message_us = (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("%.1f µs per 200-word message against 1000 blocked words", per_message_us);
  g_assert_cmpfloat (per_message_us, <, 2000);

  g_string_append (message, "pre499fixes");
  g_assert_cmpstr (vitrine_word_filter_match (filter, message->str), ==, "pre499fix*");
}

/* The show file's "moderation" section. */

#define SHOW_START \
  "{\"canvas\": {\"width\": 1280, \"height\": 720}," \
  " \"sources\": [{\"id\": \"a\", \"type\": \"test-pattern\"}]," \
  " \"scenes\": [{\"id\": \"s\", \"main\": \"a\"}]"

static void
test_show_section (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineShow) show = NULL;
  VitrineWordFilter *filter;

  show = vitrine_show_new_from_data (SHOW_START "}", -1, "/tmp", "show.json", &error);
  g_assert_no_error (error);
  g_assert_null (vitrine_show_get_word_filter (show));
  g_clear_object (&show);

  show = vitrine_show_new_from_data (SHOW_START ", \"moderation\": {\"blocked_words\": [],"
                                     " \"action\": \"hold\"}}",
                                     -1, "/tmp", "show.json", &error);
  g_assert_no_error (error);
  g_assert_null (vitrine_show_get_word_filter (show));
  g_clear_object (&show);

  show = vitrine_show_new_from_data (SHOW_START ", \"moderation\": {\"blocked_words\":"
                                     " [\"scam*\", \"buy followers\", \"诈骗\"]}}",
                                     -1, "/tmp", "show.json", &error);
  g_assert_no_error (error);
  filter = vitrine_show_get_word_filter (show);
  g_assert_nonnull (filter);
  g_assert_cmpint (vitrine_word_filter_get_action (filter), ==, VITRINE_WORD_FILTER_HIDE);
  g_assert_cmpstr (vitrine_word_filter_match (filter, "SCAMMERS here"), ==, "scam*");
  g_assert_cmpstr (vitrine_word_filter_match (filter, "这是诈骗"), ==, "诈骗");
  g_assert_null (vitrine_word_filter_match (filter, "lovely scarf"));
  g_clear_object (&show);

  show = vitrine_show_new_from_data (SHOW_START ", \"moderation\": {\"blocked_words\":"
                                     " [\"scam\"], \"action\": \"hold\"}}",
                                     -1, "/tmp", "show.json", &error);
  g_assert_no_error (error);
  g_assert_cmpint (vitrine_word_filter_get_action (vitrine_show_get_word_filter (show)), ==,
                   VITRINE_WORD_FILTER_HOLD);
}

static void
test_show_errors (void)
{
  const struct {
    const char *section;
    const char *expect[3];
  } bad[] = {
    { "\"moderation\": [\"scam\"]", { "show.json: moderation: ", "an object", NULL } },
    { "\"moderation\": {\"blocked_words\": \"scam\"}",
      { "show.json: moderation.blocked_words: ", "list", NULL } },
    { "\"moderation\": {\"blocked_words\": [\"ok\", 12]}",
      { "show.json: moderation.blocked_words[1]: ", "a number", NULL } },
    { "\"moderation\": {\"blocked_words\": [\"ok\", \"fine\", \"sc*am\"]}",
      { "show.json: moderation.blocked_words[2]: ", "“sc*am”", "*" } },
    { "\"moderation\": {\"blocked_words\": [\"?!\"]}",
      { "show.json: moderation.blocked_words[0]: ", "“?!”", NULL } },
    { "\"moderation\": {\"blocked_words\": [\"scam\"], \"action\": \"delete\"}",
      { "show.json: moderation.action: ", "“delete”", "“hold”" } },
    { "\"moderation\": {\"blocked_words\": [\"scam\"], \"action\": true}",
      { "show.json: moderation.action: ", "true/false", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *json = g_strdup_printf (SHOW_START ", %s}", bad[i].section);
      g_autoptr(GError) error = NULL;
      g_autoptr(VitrineShow) show = NULL;

      show = vitrine_show_new_from_data (json, -1, "/tmp", "show.json", &error);
      g_assert_null (show);
      g_assert_error (error, VITRINE_SHOW_ERROR, VITRINE_SHOW_ERROR_INVALID);
      g_test_message ("%s", error->message);
      for (guint k = 0; k < G_N_ELEMENTS (bad[i].expect) && bad[i].expect[k]; k++)
        if (strstr (error->message, bad[i].expect[k]) == NULL)
          g_error ("case %u: “%s” does not mention “%s”", i, error->message,
                   bad[i].expect[k]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/word-filter/whole-words", test_whole_words);
  g_test_add_func ("/word-filter/tricks", test_tricks);
  g_test_add_func ("/word-filter/unspaced-scripts", test_unspaced_scripts);
  g_test_add_func ("/word-filter/bad-words", test_bad_words);
  g_test_add_func ("/word-filter/many-words", test_many_words);
  g_test_add_func ("/word-filter/show-section", test_show_section);
  g_test_add_func ("/word-filter/show-errors", test_show_errors);
  return g_test_run ();
}
